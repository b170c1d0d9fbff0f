package report

import (
	"bufio"
	"cmp"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
)

// The SARIF log's fixed values.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	toolInfoURI  = "https://github.com/vpcgate/vpcgate"
	fingerprintK = "vpcgate/v1" // the key of partialFingerprints
)

// The objects of a SARIF 2.1.0 log that vpcgate writes, named as in the
// specification; each holds only the properties written.
type (
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		FullDescription      sarifMessage `json:"fullDescription"`
		Help                 sarifMessage `json:"help"`
		DefaultConfiguration struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *sarifRegion `json:"region,omitempty"`
	}
	sarifLogical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	}
	sarifSuppression struct {
		Kind          string            `json:"kind"`
		Status        string            `json:"status"`
		Justification string            `json:"justification"`
		Properties    map[string]string `json:"properties,omitempty"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifMessage       `json:"message"`
		Locations           []sarifLocation    `json:"locations,omitempty"`
		PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          map[string]string  `json:"properties,omitempty"`
	}
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
)

// SARIF writes the report as a SARIF 2.1.0 log of one run: the tool with
// every rule of rules, then one result per finding, written as it goes
// (see the root's Report.WriteSARIF). A problem without a severity is an
// error, a warning without one a warning; o.Quiet leaves out waived
// findings.
func SARIF(w io.Writer, r *Report, rules []Rule, o Options) error {
	index := make(map[string]int, len(rules))
	for i, rl := range rules {
		index[rl.Code] = i
	}
	b := bufio.NewWriter(w)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	writeSARIFHead(b, enc, rules, o)
	b.WriteString(`,"results":[`)
	n := 0
	result := func(f Finding, section string, waived *Waived) {
		if n > 0 {
			b.WriteString(",")
		}
		n++
		res := sarifResult{RuleID: f.Code, RuleIndex: -1, Level: f.Severity, Message: sarifMessage{f.What},
			Properties: map[string]string{"section": section}}
		if i, ok := index[f.Code]; ok {
			res.RuleIndex = i
		}
		if res.Level == "" {
			res.Level = SeverityWarning
		}
		if f.Line == 0 && f.Where != "" {
			res.Message.Text = f.Where + ": " + f.What
		}
		if loc, ok := sarifLocationOf(f.File, f.Line, f.Column, f.Where); ok {
			res.Locations = []sarifLocation{loc}
		}
		if f.Fingerprint != "" {
			res.PartialFingerprints = map[string]string{fingerprintK: f.Fingerprint}
		}
		if waived != nil {
			s := sarifSuppression{Kind: "external", Status: "accepted", Justification: waived.Reason}
			if waived.Owner != "" || waived.Expires != "" {
				s.Properties = map[string]string{}
				if waived.Owner != "" {
					s.Properties["owner"] = waived.Owner
				}
				if waived.Expires != "" {
					s.Properties["expires"] = waived.Expires
				}
			}
			res.Suppressions = []sarifSuppression{s}
		}
		_ = enc.Encode(res) // errors are the writer's, returned by Flush
	}
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Severity == "" {
				f.Severity = SeverityError
			}
			result(f, s.Subject, nil)
		}
		for _, f := range s.Warnings {
			result(f, s.Subject, nil)
		}
		if !o.Quiet {
			for i := range s.Waived {
				result(s.Waived[i].Finding, s.Subject, &s.Waived[i])
			}
		}
	}
	b.WriteString("]}]}\n")
	return b.Flush()
}

// writeSARIFHead writes the log up to the run's results: the schema, the
// version, and the run's tool with every rule.
func writeSARIFHead(b *bufio.Writer, enc *json.Encoder, rules []Rule, o Options) {
	b.WriteString(`{"$schema":"` + sarifSchema + `","version":"2.1.0","runs":[{"tool":{"driver":{"name":"` + toolName + `",`)
	if o.Version != "" {
		v, _ := json.Marshal(o.Version) // a string always encodes
		b.WriteString(`"version":`)
		b.Write(v)
		b.WriteString(",")
	}
	b.WriteString(`"informationUri":"` + toolInfoURI + `","rules":[`)
	for i, rl := range rules {
		if i > 0 {
			b.WriteString(",")
		}
		sr := sarifRule{ID: rl.Code, Name: ruleName(rl.Code), ShortDescription: sarifMessage{rl.Title}, FullDescription: sarifMessage{rl.Why}, Help: sarifMessage{rl.Fix}}
		sr.DefaultConfiguration.Level = rl.Severity
		_ = enc.Encode(sr)
	}
	b.WriteString(`]}},"columnKind":"unicodeCodePoints"`)
	if o.Chinese {
		b.WriteString(`,"language":"zh-CN"`)
	}
}

// ruleName is a rule's name in SARIF's sense, the code in UpperCamelCase:
// "vpc-mismatch" is "VpcMismatch".
func ruleName(code string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(code, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]))
			b.WriteString(part[1:])
		}
	}
	return b.String()
}

// sarifLocationOf is the location of a finding in file at line and column
// with where as its logical location; false when it has neither.
func sarifLocationOf(file string, line, col int, where string) (sarifLocation, bool) {
	var loc sarifLocation
	if file != "" {
		loc.PhysicalLocation = &sarifPhysical{}
		loc.PhysicalLocation.ArtifactLocation.URI = fileURI(file)
		if line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: line, StartColumn: max(col, 0)}
		}
	}
	if where != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: where}}
	}
	return loc, file != "" || where != ""
}

// fileURI writes a file name as a relative URI reference, with slashes and
// with what a URI cannot hold percent-encoded; an absolute name becomes a
// file: URI.
func fileURI(name string) string {
	p := filepath.ToSlash(name)
	u := url.URL{Path: p}
	if strings.HasPrefix(p, "/") {
		u.Scheme = "file"
		return u.String()
	}
	if vol := filepath.VolumeName(name); vol != "" {
		u.Scheme, u.Path = "file", "/"+p
		return u.String()
	}
	s := u.String()
	if i := strings.IndexByte(s, ':'); i >= 0 && !strings.ContainsAny(s[:i], "/?#") {
		s = "./" + s // "a:b.json" is a path, not a scheme
	}
	return s
}

// SARIFInput writes the report on input that could not be read as a SARIF
// 2.1.0 log of one run: the tool with every rule, no results, and an
// invocation that did not succeed, whose notifications are the input
// problems (with the file, line and column when known).
func SARIFInput(w io.Writer, r *Input, rules []Rule, o Options) error {
	b := bufio.NewWriter(w)
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	writeSARIFHead(b, enc, rules, o)
	inv := sarifInvocation{}
	for _, p := range r.Problems {
		n := sarifNotification{Level: SeverityError, Message: sarifMessage{p.Text}}
		file := ""
		if p.Line > 0 {
			file = cmp.Or(p.File, r.Plan)
		}
		if loc, ok := sarifLocationOf(file, p.Line, 0, p.Where); ok {
			if loc.PhysicalLocation != nil && loc.PhysicalLocation.Region != nil {
				loc.PhysicalLocation.Region.StartColumn = p.Column // characters, as the run's columnKind says
			}
			n.Locations = []sarifLocation{loc}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	b.WriteString(`,"invocations":[`)
	_ = enc.Encode(inv)
	b.WriteString(`],"results":[]}]}` + "\n")
	return b.Flush()
}

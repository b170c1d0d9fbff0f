package vpcgate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vpcgate/vpcgate"
)

// The SARIF 2.1.0 schema (sarif-schema-2.1.0.json of the OASIS standard,
// errata 01), written out for the objects vpcgate emits: for each, every
// property the schema allows (each of the schema's objects is
// "additionalProperties": false, so any other is invalid), the required
// ones, and for each property its JSON type, the definition it refers to,
// its enumeration and its minimum. sarifCheck applies it, so a property
// vpcgate starts to write without adding it here fails the test.
type sarifProp struct {
	typ     string   // "string", "integer", "boolean", "object", "array"; "" for a $ref
	ref     string   // the definition of the value, or of the items of an array, or of a map's values ("string" for string values)
	enum    []string // the allowed values
	min     *int     // the least integer
	unique  bool     // an array's items are unique
	format  string   // "uri", "uri-reference"
	minSize int      // an array's least number of items
}

type sarifDef struct {
	props    map[string]sarifProp
	required []string
	anyOf    [][]string // one of these sets of properties must all be present
	open     bool       // additionalProperties: true (a property bag)
}

func ip(n int) *int { return &n }

var levels = []string{"none", "note", "warning", "error"}

var sarifDefs = map[string]sarifDef{
	"sarifLog": {props: map[string]sarifProp{
		"$schema": {typ: "string", format: "uri"}, "version": {typ: "string", enum: []string{"2.1.0"}},
		"runs": {typ: "array", ref: "run"}, "inlineExternalProperties": {typ: "array", unique: true}, "properties": {ref: "propertyBag"},
	}, required: []string{"version", "runs"}},
	"run": {props: map[string]sarifProp{
		"tool": {ref: "tool"}, "invocations": {typ: "array", ref: "invocation"}, "language": {typ: "string"},
		"results": {typ: "array", ref: "result"}, "columnKind": {typ: "string", enum: []string{"utf16CodeUnits", "unicodeCodePoints"}},
		"logicalLocations": {typ: "array", ref: "logicalLocation", unique: true}, "properties": {ref: "propertyBag"},
	}, required: []string{"tool"}},
	"tool": {props: map[string]sarifProp{"driver": {ref: "toolComponent"}, "extensions": {typ: "array", unique: true}, "properties": {ref: "propertyBag"}}, required: []string{"driver"}},
	"toolComponent": {props: map[string]sarifProp{
		"name": {typ: "string"}, "version": {typ: "string"}, "semanticVersion": {typ: "string"}, "informationUri": {typ: "string", format: "uri"},
		"rules": {typ: "array", ref: "reportingDescriptor", unique: true}, "fullName": {typ: "string"}, "organization": {typ: "string"},
		"shortDescription": {ref: "multiformatMessageString"}, "fullDescription": {ref: "multiformatMessageString"}, "properties": {ref: "propertyBag"},
	}, required: []string{"name"}},
	"reportingDescriptor": {props: map[string]sarifProp{
		"id": {typ: "string"}, "name": {typ: "string"}, "shortDescription": {ref: "multiformatMessageString"}, "fullDescription": {ref: "multiformatMessageString"},
		"help": {ref: "multiformatMessageString"}, "helpUri": {typ: "string", format: "uri"}, "defaultConfiguration": {ref: "reportingConfiguration"}, "properties": {ref: "propertyBag"},
	}, required: []string{"id"}},
	"multiformatMessageString": {props: map[string]sarifProp{"text": {typ: "string"}, "markdown": {typ: "string"}, "properties": {ref: "propertyBag"}}, required: []string{"text"}},
	"reportingConfiguration": {props: map[string]sarifProp{
		"enabled": {typ: "boolean"}, "level": {typ: "string", enum: levels}, "rank": {typ: "number"}, "parameters": {ref: "propertyBag"}, "properties": {ref: "propertyBag"},
	}},
	"result": {props: map[string]sarifProp{
		"ruleId": {typ: "string"}, "ruleIndex": {typ: "integer", min: ip(-1)}, "level": {typ: "string", enum: levels},
		"kind":    {typ: "string", enum: []string{"notApplicable", "pass", "fail", "review", "open", "informational"}},
		"message": {ref: "message"}, "locations": {typ: "array", ref: "location"},
		"partialFingerprints": {typ: "object", ref: "string"}, "fingerprints": {typ: "object", ref: "string"},
		"suppressions": {typ: "array", ref: "suppression", unique: true}, "properties": {ref: "propertyBag"},
	}, required: []string{"message"}},
	"message": {props: map[string]sarifProp{"text": {typ: "string"}, "markdown": {typ: "string"}, "id": {typ: "string"}, "arguments": {typ: "array"}, "properties": {ref: "propertyBag"}},
		anyOf: [][]string{{"text"}, {"id"}}},
	"location": {props: map[string]sarifProp{
		"id": {typ: "integer", min: ip(-1)}, "physicalLocation": {ref: "physicalLocation"}, "logicalLocations": {typ: "array", ref: "logicalLocation", unique: true},
		"message": {ref: "message"}, "properties": {ref: "propertyBag"},
	}},
	"physicalLocation": {props: map[string]sarifProp{
		"address": {typ: "object"}, "artifactLocation": {ref: "artifactLocation"}, "region": {ref: "region"}, "contextRegion": {ref: "region"}, "properties": {ref: "propertyBag"},
	}, anyOf: [][]string{{"address"}, {"artifactLocation"}}},
	"artifactLocation": {props: map[string]sarifProp{
		"uri": {typ: "string", format: "uri-reference"}, "uriBaseId": {typ: "string"}, "index": {typ: "integer", min: ip(-1)}, "description": {ref: "message"}, "properties": {ref: "propertyBag"},
	}},
	"region": {props: map[string]sarifProp{
		"startLine": {typ: "integer", min: ip(1)}, "startColumn": {typ: "integer", min: ip(1)}, "endLine": {typ: "integer", min: ip(1)}, "endColumn": {typ: "integer", min: ip(1)},
		"charOffset": {typ: "integer", min: ip(-1)}, "byteOffset": {typ: "integer", min: ip(-1)}, "message": {ref: "message"}, "properties": {ref: "propertyBag"},
	}, anyOf: [][]string{{"startLine"}, {"charOffset"}, {"byteOffset"}}},
	"logicalLocation": {props: map[string]sarifProp{
		"name": {typ: "string"}, "index": {typ: "integer", min: ip(-1)}, "fullyQualifiedName": {typ: "string"}, "decoratedName": {typ: "string"},
		"parentIndex": {typ: "integer", min: ip(-1)}, "kind": {typ: "string"}, "properties": {ref: "propertyBag"},
	}},
	"suppression": {props: map[string]sarifProp{
		"guid": {typ: "string"}, "kind": {typ: "string", enum: []string{"inSource", "external"}}, "status": {typ: "string", enum: []string{"accepted", "underReview", "rejected"}},
		"justification": {typ: "string"}, "location": {ref: "location"}, "properties": {ref: "propertyBag"},
	}, required: []string{"kind"}},
	"invocation": {props: map[string]sarifProp{
		"executionSuccessful": {typ: "boolean"}, "exitCode": {typ: "integer"}, "commandLine": {typ: "string"},
		"toolExecutionNotifications": {typ: "array", ref: "notification"}, "toolConfigurationNotifications": {typ: "array", ref: "notification"}, "properties": {ref: "propertyBag"},
	}, required: []string{"executionSuccessful"}},
	"notification": {props: map[string]sarifProp{
		"locations": {typ: "array", ref: "location", unique: true}, "message": {ref: "message"}, "level": {typ: "string", enum: levels}, "properties": {ref: "propertyBag"},
	}, required: []string{"message"}},
	"propertyBag": {props: map[string]sarifProp{"tags": {typ: "array", unique: true}}, open: true},
}

// sarifCheck returns every way v, read as def, breaks the schema above.
func sarifCheck(v any, def, at string) []string {
	d, ok := sarifDefs[def]
	if !ok {
		return []string{at + ": no definition " + def}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: want an object (%s), got %T", at, def, v)}
	}
	var errs []string
	for _, k := range d.required {
		if _, ok := obj[k]; !ok {
			errs = append(errs, at+": missing required "+k)
		}
	}
	if len(d.anyOf) > 0 {
		found := false
		for _, set := range d.anyOf {
			all := true
			for _, k := range set {
				_, has := obj[k]
				all = all && has
			}
			found = found || all
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: none of %v", at, d.anyOf))
		}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		val := obj[k]
		p, ok := d.props[k]
		if !ok {
			if !d.open {
				errs = append(errs, at+": property "+k+" is not allowed in "+def)
			}
			continue
		}
		errs = append(errs, sarifValue(val, p, at+"."+k)...)
	}
	return errs
}

func sarifValue(val any, p sarifProp, at string) []string {
	if p.typ == "" {
		return sarifCheck(val, p.ref, at)
	}
	var errs []string
	switch p.typ {
	case "string":
		s, ok := val.(string)
		if !ok {
			return []string{fmt.Sprintf("%s: want a string, got %T", at, val)}
		}
		if p.enum != nil && !slices.Contains(p.enum, s) {
			errs = append(errs, fmt.Sprintf("%s: %q is not one of %v", at, s, p.enum))
		}
		switch p.format {
		case "uri":
			if u, err := url.Parse(s); err != nil || !u.IsAbs() {
				errs = append(errs, fmt.Sprintf("%s: %q is not an absolute URI", at, s))
			}
		case "uri-reference":
			if _, err := url.Parse(s); err != nil || strings.ContainsAny(s, " \\") {
				errs = append(errs, fmt.Sprintf("%s: %q is not a URI reference", at, s))
			}
		}
	case "integer", "number":
		n, ok := val.(float64)
		if !ok || p.typ == "integer" && n != float64(int64(n)) {
			return []string{fmt.Sprintf("%s: want an %s, got %v", at, p.typ, val)}
		}
		if p.min != nil && n < float64(*p.min) {
			errs = append(errs, fmt.Sprintf("%s: %v is below %d", at, n, *p.min))
		}
	case "boolean":
		if _, ok := val.(bool); !ok {
			errs = append(errs, fmt.Sprintf("%s: want a boolean, got %T", at, val))
		}
	case "object":
		m, ok := val.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %T", at, val)}
		}
		for k, v := range m {
			if _, ok := v.(string); p.ref == "string" && !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: want a string, got %T", at, k, v))
			}
		}
	case "array":
		a, ok := val.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an array, got %T", at, val)}
		}
		if len(a) < p.minSize {
			errs = append(errs, fmt.Sprintf("%s: fewer than %d items", at, p.minSize))
		}
		seen := map[string]bool{}
		for i, item := range a {
			if p.unique {
				b, _ := json.Marshal(item)
				if seen[string(b)] {
					errs = append(errs, fmt.Sprintf("%s[%d]: a repeated item of a unique array", at, i))
				}
				seen[string(b)] = true
			}
			if p.ref != "" {
				errs = append(errs, sarifCheck(item, p.ref, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

// validSARIF decodes a log and checks it against the schema and against
// what vpcgate promises of it: one run, every rule, each result's rule.
func validSARIF(t *testing.T, name string, data []byte) map[string]any {
	t.Helper()
	var log map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&log); err != nil || dec.More() {
		t.Fatalf("%s: not one JSON document: %v\n%s", name, err, data)
	}
	for _, e := range sarifCheck(log, "sarifLog", "$") {
		t.Errorf("%s: %s", name, e)
	}
	runs := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("%s: %d runs, want 1", name, len(runs))
	}
	run := runs[0].(map[string]any)
	rules := run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)
	if len(rules) != len(vpcgate.Rules()) {
		t.Errorf("%s: %d rules, want %d", name, len(rules), len(vpcgate.Rules()))
	}
	for _, res := range run["results"].([]any) {
		r := res.(map[string]any)
		i := int(r["ruleIndex"].(float64))
		if i < 0 || i >= len(rules) || rules[i].(map[string]any)["id"] != r["ruleId"] {
			t.Errorf("%s: result of %v points at rule %d", name, r["ruleId"], i)
		}
	}
	return log
}

// sarifFixture is one input of testdata (or the example program's sample) read as
// preflight reads it, and checked.
type sarifFixture struct {
	name string
	r    vpcgate.Report
	in   *vpcgate.InputReport
}

// fixtures reads the example program's plans, Terraform plans and response
// directories, locates each report's findings in its file, and applies a
// waiver file to the sample plan.
func fixtures(t *testing.T) []sarifFixture {
	t.Helper()
	var out []sarifFixture
	add := func(name string, p vpcgate.Plan, err error, locate func(*vpcgate.Report)) {
		if err != nil {
			in := vpcgate.NewInputReport(name, err)
			out = append(out, sarifFixture{name: name, in: &in})
			return
		}
		r := vpcgate.Check(p, vpcgate.Options{})
		locate(&r)
		out = append(out, sarifFixture{name: name, r: r})
	}
	plans, _ := filepath.Glob("testdata/plans/*.json")
	for _, f := range append(plans, "examples/preflight/sample.json") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := vpcgate.ParsePlan(data)
		add(f, p, err, func(r *vpcgate.Report) { r.Locate(f, data) })
	}
	tf, _ := filepath.Glob("testdata/terraform/*.json")
	for _, f := range tf {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := vpcgate.ReadTerraformPlan(data)
		add(f, p, err, func(r *vpcgate.Report) { r.LocateTerraform(f, data) })
	}
	dirs := scenarioDirs(t)
	for _, dir := range dirs {
		docs, moves := loadScenario(t, filepath.Base(dir))
		snap, err := vpcgate.ReadResponses(docs...)
		var p vpcgate.Plan
		if err == nil {
			p, err = snap.Plan(moves...)
		}
		add(dir, p, err, func(*vpcgate.Report) {})
	}
	// Waivers: one that applies, one expired, one unused.
	data, _ := os.ReadFile("examples/preflight/sample.json")
	p, _ := vpcgate.ParsePlan(data)
	ws, err := vpcgate.ParseWaivers("waivers.json", []byte(`{"waivers": [
  {"code": "egress-change", "where": "groups[0]*", "reason": "allow-lists updated in CHG-1234", "owner": "platform", "expires": "2099-12-31"},
  {"code": "unverified", "where": "authorizations[3].*", "reason": "search backend is an ECS instance; address checked by hand"},
  {"code": "unreachable", "reason": "old", "expires": "2020-01-01"},
  {"code": "dataworks", "reason": "never matches"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := vpcgate.Check(p, vpcgate.Options{Waivers: ws, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	r.Locate("examples/preflight/sample.json", data)
	out = append(out, sarifFixture{name: "sample with waivers", r: r})
	if r.Waived != 2 || r.Problems != 1 || r.Warnings != 1 {
		t.Errorf("sample with waivers: %d waived, %d problems, %d warnings; want 2, 1, 1", r.Waived, r.Problems, r.Warnings)
	}
	return out
}

// TestSARIFSchema: the SARIF of every fixture, in both languages, is
// valid; its results point at the file, line and column of the finding;
// waived findings carry their reason.
func TestSARIFSchema(t *testing.T) {
	for _, fx := range fixtures(t) {
		for _, lang := range []vpcgate.Lang{vpcgate.English, vpcgate.Chinese} {
			var b bytes.Buffer
			o := vpcgate.WriteOptions{Lang: lang, Version: "v1.2.3"}
			if fx.in != nil {
				if err := fx.in.WriteSARIF(&b, o); err != nil {
					t.Fatal(err)
				}
				validSARIF(t, fx.name, b.Bytes())
				continue
			}
			if err := fx.r.WriteSARIF(&b, o); err != nil {
				t.Fatal(err)
			}
			log := validSARIF(t, fx.name, b.Bytes())
			results := log["runs"].([]any)[0].(map[string]any)["results"].([]any)
			var want []vpcgate.Finding
			var reasons []string
			for _, s := range fx.r.Sections {
				want = append(want, s.Problems...)
				want = append(want, s.Warnings...)
				for _, w := range s.Waived {
					want = append(want, w.Finding)
					reasons = append(reasons, w.Reason)
				}
			}
			if len(results) != len(want) {
				t.Fatalf("%s: %d results, want %d", fx.name, len(results), len(want))
			}
			var justified []string
			for i, res := range results {
				r, f := res.(map[string]any), want[i]
				got := fmt.Sprint(r["ruleId"], " ", r["level"], " ", r["partialFingerprints"].(map[string]any)["vpcgate/v1"])
				if w := fmt.Sprint(f.Code, " ", f.Severity, " ", f.Fingerprint); got != w {
					t.Errorf("%s: result %d is %s, want %s", fx.name, i, got, w)
				}
				loc := r["locations"].([]any)[0].(map[string]any)
				if f.File != "" {
					phys := loc["physicalLocation"].(map[string]any)
					if uri := phys["artifactLocation"].(map[string]any)["uri"]; uri != filepath.ToSlash(f.File) {
						t.Errorf("%s: result %d in %v, want %s", fx.name, i, uri, f.File)
					}
					if f.Line > 0 {
						reg := phys["region"].(map[string]any)
						if reg["startLine"] != float64(f.Line) || reg["startColumn"] != float64(f.Column) {
							t.Errorf("%s: result %d at %v:%v, want %d:%d", fx.name, i, reg["startLine"], reg["startColumn"], f.Line, f.Column)
						}
					}
				}
				if ll := loc["logicalLocations"].([]any)[0].(map[string]any)["fullyQualifiedName"]; ll != f.Where {
					t.Errorf("%s: result %d's logical location %v, want %s", fx.name, i, ll, f.Where)
				}
				if s, ok := r["suppressions"].([]any); ok {
					justified = append(justified, s[0].(map[string]any)["justification"].(string))
				}
			}
			if !slices.Equal(justified, reasons) {
				t.Errorf("%s: suppressions %q, want %q", fx.name, justified, reasons)
			}
		}
	}
}

// TestSARIFSchemaCatches: the check above refuses what the schema refuses,
// so that its passing means something.
func TestSARIFSchemaCatches(t *testing.T) {
	good := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a","defaultConfiguration":{"level":"error"}}]}},
"results":[{"ruleId":"a","ruleIndex":0,"level":"error","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"p.json"},"region":{"startLine":1,"startColumn":1}}}],
"partialFingerprints":{"k":"v"},"suppressions":[{"kind":"external","justification":"j"}]}]}]}`
	var v any
	if err := json.Unmarshal([]byte(good), &v); err != nil {
		t.Fatal(err)
	}
	if errs := sarifCheck(v, "sarifLog", "$"); len(errs) != 0 {
		t.Fatalf("a valid log: %v", errs)
	}
	for _, bad := range [][2]string{
		{`"version":"2.1.0"`, `"version":"2.0.0"`},
		{`"level":"error","message"`, `"level":"fatal","message"`},
		{`"kind":"external"`, `"kind":"outside"`},
		{`"startLine":1,`, `"startLine":0,`},
		{`"message":{"text":"m"}`, `"message":{}`},
		{`{"kind":"external","justification":"j"}`, `{"justification":"j"}`},
		{`"ruleId":"a"`, `"ruleId":"a","severity":"high"`},
		{`"artifactLocation":{"uri":"p.json"},`, ``},
		{`"partialFingerprints":{"k":"v"}`, `"partialFingerprints":{"k":1}`},
		{`{"tool":{"driver":{"name":"x",`, `{"tool":{"driver":{`},
		{`"uri":"p.json"`, `"uri":"a b.json"`},
	} {
		doc := strings.Replace(good, bad[0], bad[1], 1)
		if doc == good {
			t.Fatalf("%q not in the log", bad[0])
		}
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("%s: %v", bad[1], err)
		}
		if errs := sarifCheck(v, "sarifLog", "$"); len(errs) == 0 {
			t.Errorf("%s passes the check", bad[1])
		}
	}
}

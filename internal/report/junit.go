package report

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// The elements of a JUnit XML report that vpcgate writes.
type (
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
	junitCase struct {
		XMLName   xml.Name       `xml:"testcase"`
		Name      string         `xml:"name,attr"`
		Classname string         `xml:"classname,attr"`
		Skipped   *junitSkipped  `xml:"skipped"`
		Failures  []junitFailure `xml:"failure"`
		SystemOut string         `xml:"system-out,omitempty"`
	}
)

// unverifiedIn returns how many of fs are unverified.
func unverifiedIn(fs []Finding) (n int) {
	for _, f := range fs {
		if f.Unverified {
			n++
		}
	}
	return n
}

// JUnit writes the report as JUnit XML: a <testsuites> holding one
// <testsuite> named after the plan, with one <testcase> per section, a
// <failure> per problem, and the section's warnings, waived findings and
// passed lines in its <system-out> (see the root's Report.WriteJUnit). A
// section without problems whose warnings hold unverified findings is
// <skipped>, never passed: what it says was not checked. o.Quiet leaves
// out passed lines and waived findings.
func JUnit(w io.Writer, r *Report, o Options) error {
	failing, skipped := 0, 0
	for _, s := range r.Sections {
		switch {
		case len(s.Problems) > 0:
			failing++
		case unverifiedIn(s.Warnings) > 0:
			skipped++
		}
	}
	wd := wordsOf(o.Chinese)
	cases := func(enc *xml.Encoder) {
		for _, s := range r.Sections {
			c := junitCase{Name: s.Subject, Classname: toolName}
			if n := unverifiedIn(s.Warnings); n > 0 && len(s.Problems) == 0 {
				c.Skipped = &junitSkipped{Message: strconv.Itoa(n) + " unverified: not checked"}
			}
			for _, f := range s.Problems {
				c.Failures = append(c.Failures, junitFailure{
					Message: "[" + f.Code + "] " + f.Where + ": " + f.What, Type: f.Code,
					Text: junitDetail(wd, f)})
			}
			var out strings.Builder
			for _, f := range s.Warnings {
				out.WriteString(strings.TrimLeft(wd.warn, " ") + "[" + f.Code + "] " + f.Where + ": " + f.What + "\n")
				out.WriteString(junitDetail(wd, f))
			}
			if !o.Quiet {
				for _, f := range s.Waived {
					out.WriteString(strings.TrimLeft(wd.waived, " ") + "[" + f.Code + "] " + f.Where + ": " + f.What + "\n")
					out.WriteString(strings.TrimLeft(wd.reason, " ") + f.Reason + "\n")
				}
				for _, p := range s.Passed {
					out.WriteString(strings.TrimLeft(wd.ok, " ") + p + "\n")
				}
			}
			c.SystemOut = out.String()
			_ = enc.Encode(c) // errors are the writer's, returned at the end
		}
	}
	return writeJUnit(w, r.Plan, len(r.Sections), failing, skipped, cases)
}

// junitDetail is a failure's or warning's text: where in which file, why
// and fix, a line each.
func junitDetail(wd *words, f Finding) string {
	var b strings.Builder
	if f.Line > 0 {
		b.WriteString(f.File + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + "\n")
	}
	if f.Why != "" {
		b.WriteString(strings.TrimLeft(wd.why, " ") + f.Why + "\n")
	}
	if f.Fix != "" {
		b.WriteString(strings.TrimLeft(wd.fix, " ") + f.Fix + "\n")
	}
	return b.String()
}

// writeJUnit writes the document around the test cases that cases encodes.
func writeJUnit(w io.Writer, suite string, tests, failures, skipped int, cases func(*xml.Encoder)) error {
	b := bufio.NewWriter(w)
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(b)
	enc.Indent("", "  ")
	attrs := []xml.Attr{{Name: xml.Name{Local: "name"}, Value: toolName}, {Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(tests)},
		{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(failures)}, {Name: xml.Name{Local: "errors"}, Value: "0"},
		{Name: xml.Name{Local: "skipped"}, Value: strconv.Itoa(skipped)}}
	outer := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: attrs}
	inner := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: append([]xml.Attr{{Name: xml.Name{Local: "name"}, Value: suite}}, attrs[1:]...)}
	err := enc.EncodeToken(outer)
	if err == nil {
		err = enc.EncodeToken(inner)
	}
	if err != nil {
		return err
	}
	cases(enc)
	if err := enc.EncodeToken(inner.End()); err != nil {
		return err
	}
	if err := enc.EncodeToken(outer.End()); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	b.WriteString("\n")
	return b.Flush()
}

// JUnitInput writes the report on input that could not be read as JUnit
// XML: one test case, "input", with a failure per problem (or one saying
// the summary when there is none).
func JUnitInput(w io.Writer, r *Input) error {
	return writeJUnit(w, r.Plan, 1, 1, 0, func(enc *xml.Encoder) {
		c := junitCase{Name: "input", Classname: toolName}
		for _, p := range r.Problems {
			c.Failures = append(c.Failures, junitFailure{Message: p.Text, Type: "input"})
		}
		if len(c.Failures) == 0 {
			c.Failures = []junitFailure{{Message: r.Summary, Type: "input"}}
		}
		_ = enc.Encode(c)
	})
}

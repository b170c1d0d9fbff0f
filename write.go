package vpcgate

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/vpcgate/vpcgate/internal/locale"
	"github.com/vpcgate/vpcgate/internal/report"
)

// Format is a form in which a [Report] is written.
type Format string

// The formats of [Report.Write].
const (
	// FormatText is the report for a person ([Report.WriteText]).
	FormatText Format = "text"
	// FormatJSON is the report's JSON form, indented.
	FormatJSON Format = "json"
	// FormatSARIF is a SARIF 2.1.0 log ([Report.WriteSARIF]).
	FormatSARIF Format = "sarif"
	// FormatGitHub is GitHub Actions workflow commands ([Report.WriteGitHub]).
	FormatGitHub Format = "github"
	// FormatJUnit is JUnit XML ([Report.WriteJUnit]).
	FormatJUnit Format = "junit"
)

// ParseFormat returns the format s names: text, json, sarif, github or
// junit.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatText, FormatJSON, FormatSARIF, FormatGitHub, FormatJUnit:
		return f, nil
	}
	return "", usageError("format", s, "text, json, sarif, github, junit")
}

// WriteOptions say how [Report.Write] and the writers of each format write
// a report. The zero value writes everything in English.
type WriteOptions struct {
	// Lang is the language of the fixed words and of the rules' titles,
	// reasons and fixes; messages (what) stay as the checks and the cloud
	// word them. The zero value is English.
	Lang Lang
	// Quiet leaves out what passed: passed lines, sections with nothing
	// wrong, and waived findings (they are still counted).
	Quiet bool
	// Version is the tool's version, for SARIF's tool.driver.version;
	// left out when empty.
	Version string
}

// Write writes the report in format f, as preflight prints it: the text
// form led by a line naming the plan, or one of [Report.WriteJSON],
// [Report.WriteSARIF], [Report.WriteGitHub] and [Report.WriteJUnit]. An
// unknown format is an error and writes nothing.
func (r Report) Write(w io.Writer, f Format, o WriteOptions) error {
	switch f {
	case FormatText, "":
		return r.writeText(w, o, true)
	case FormatJSON:
		return r.WriteJSON(w, o)
	case FormatSARIF:
		return r.WriteSARIF(w, o)
	case FormatGitHub:
		return r.WriteGitHub(w, o)
	case FormatJUnit:
		return r.WriteJUnit(w, o)
	}
	_, err := ParseFormat(string(f))
	return err
}

// WriteJSON writes the report's JSON form, indented by two spaces, with
// the reasons and fixes in o.Lang and, with o.Quiet, no passed lines.
func (r Report) WriteJSON(w io.Writer, o WriteOptions) error {
	out := r.In(o.Lang)
	if o.Quiet {
		out.Sections = make([]Section, len(r.Sections))
		copy(out.Sections, r.In(o.Lang).Sections)
		for i := range out.Sections {
			out.Sections[i].Passed = nil
			out.Sections[i].Waived = nil
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// In returns the report with each finding's reason (why) and fix in lang,
// where the finding gives its rule's: a fix worked out for the finding
// (naming a block or an address) is kept, after the rule's fix in lang.
// What stays as written. English gives r itself.
func (r Report) In(lang Lang) Report {
	if lang != Chinese {
		return r
	}
	out := r
	out.Sections = make([]Section, len(r.Sections))
	for i, s := range r.Sections {
		s.Problems = localizeAll(s.Problems, lang)
		s.Warnings = localizeAll(s.Warnings, lang)
		if s.Waived != nil {
			ws := make([]Waived, len(s.Waived))
			for j, f := range s.Waived {
				f.Why, f.Fix = localize(f.Finding, lang)
				ws[j] = f
			}
			s.Waived = ws
		}
		out.Sections[i] = s
	}
	return out
}

func localizeAll(fs []Finding, lang Lang) []Finding {
	if fs == nil {
		return nil
	}
	out := make([]Finding, len(fs))
	for i, f := range fs {
		f.Why, f.Fix = localize(f, lang)
		out[i] = f
	}
	return out
}

// localize returns f's why and fix in lang: the rule's texts in lang where
// f gives the rule's English ones; a why or fix of f's own stays, and a fix
// of its own follows the rule's fix in lang.
func localize(f Finding, lang Lang) (why, fix string) {
	if lang != Chinese {
		return f.Why, f.Fix
	}
	r := ruleTable.ruleOf(f.Code)
	if r == nil || r.zh.Title == "" {
		return f.Why, f.Fix
	}
	return locale.Localize(f.Why, f.Fix, locale.Texts{Why: r.Why, Fix: r.Fix}, r.zh)
}

// WriteRules writes the rule list in lang: as a table (FormatText), a
// line per rule with its code, severity and title, then its reason and
// fix indented; or as JSON (FormatJSON), an array of
// {"code", "severity", "title", "why", "fix"}. Other formats are an error.
func WriteRules(w io.Writer, f Format, lang Lang) error {
	rs := RulesIn(lang)
	switch f {
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rs)
	case FormatText, "":
	default:
		return fmt.Errorf("the rule list is written as text or json, not %q", f)
	}
	return report.RuleTable(w, rulesView(rs), lang == Chinese)
}

// WriteSARIF writes the report as a SARIF 2.1.0 log of one run: the tool
// (name "vpcgate", o.Version, and every rule of [RulesIn] with its title,
// reason, fix and default level), then one result per finding, written as
// it goes: its code and rule, its level (its severity), its message (what,
// and where when the finding has no line), the input file with the line and
// column when [Report.Locate] found them, where as a logical location, its
// fingerprint under partialFingerprints["vpcgate/v1"], and for a waived
// finding a suppression (kind "external", status "accepted") whose
// justification is the waiver's reason. Columns count Unicode characters
// (the run's columnKind is "unicodeCodePoints"). Rule texts are in o.Lang;
// messages stay as written. o.Quiet leaves out waived findings.
func (r Report) WriteSARIF(w io.Writer, o WriteOptions) error {
	return report.SARIF(w, r.view(o.Lang), rulesView(RulesIn(o.Lang)), o.view())
}

// WriteSARIF writes the report on input that could not be read as a SARIF
// 2.1.0 log of one run: the tool with every rule, no results, and an
// invocation that did not succeed, whose notifications are the input
// problems (with the file, line and column when known).
func (r InputReport) WriteSARIF(w io.Writer, o WriteOptions) error {
	return report.SARIFInput(w, r.view(), rulesView(RulesIn(o.Lang)), o.view())
}

// WriteJUnit writes the report as JUnit XML: a <testsuites> holding one
// <testsuite> named after the plan, with one <testcase> per section (named
// by its subject), a <failure> per problem (message "[code] where: what",
// type the code, the reason and the fix as its text), and the section's
// warnings, waived findings and passed lines in its <system-out>. A
// section without problems whose warnings hold unverified findings is
// <skipped> (message "n unverified: not checked"): what was not checked is
// never a passed test. Counts are in the attributes: tests (sections),
// failures (sections with a problem) and skipped. Rule texts and fixed words are in o.Lang; o.Quiet leaves out
// passed lines and waived findings. Characters XML cannot hold are
// written as U+FFFD.
func (r Report) WriteJUnit(w io.Writer, o WriteOptions) error {
	return report.JUnit(w, r.view(o.Lang), o.view())
}

// WriteJUnit writes the report on input that could not be read as JUnit
// XML: one test case, "input", with a failure per problem.
func (r InputReport) WriteJUnit(w io.Writer, o WriteOptions) error {
	return report.JUnitInput(w, r.view())
}

// WriteGitHub writes the report as GitHub Actions workflow commands: one
// line per problem and warning, such as
//
//	::error file=plan.json,line=7,col=18,title=Backend unreachable [unreachable]::authorizations[1].instanceId: ...
//
// (::warning for a warning, ::notice for a note), with the file, line and
// column when known (see [Report.Locate]) and the rule's title in o.Lang;
// the message is where and what, then the reason and the fix on lines of
// their own. Waived findings are not annotated. The summary follows as a
// plain line. Values are escaped as the runner requires: '%', '\r' and
// '\n' in the message; those and ':' and ',' in properties. Control and
// invisible formatting characters are escaped first as [Escape] does, so
// that no value can start a command of its own.
func (r Report) WriteGitHub(w io.Writer, o WriteOptions) error {
	return report.GitHub(w, r.view(o.Lang), rulesView(RulesIn(o.Lang)), o.view())
}

// WriteGitHub writes the report on input that could not be read as GitHub
// Actions workflow commands: an ::error per problem, with the file, line
// and column when the problem has a position, then the summary.
func (r InputReport) WriteGitHub(w io.Writer, o WriteOptions) error {
	return report.GitHubInput(w, r.view(), o.view())
}

// view returns o as internal/report reads it.
func (o WriteOptions) view() report.Options {
	return report.Options{Chinese: o.Lang == Chinese, Quiet: o.Quiet, Version: o.Version}
}

// view returns the report as internal/report reads it, with each
// finding's reason and fix in lang.
func (r Report) view(lang Lang) *report.Report {
	v := &report.Report{Plan: r.Plan, Summary: r.summary(lang), Sections: make([]report.Section, len(r.Sections))}
	findings := func(fs []Finding) []report.Finding {
		out := make([]report.Finding, len(fs))
		for i, f := range fs {
			out[i] = findingView(f, lang)
		}
		return out
	}
	for i, s := range r.Sections {
		vs := report.Section{Subject: s.Subject, Passed: s.Passed, Problems: findings(s.Problems), Warnings: findings(s.Warnings),
			Waived: make([]report.Waived, len(s.Waived))}
		for j, f := range s.Waived {
			vs.Waived[j] = report.Waived{Finding: findingView(f.Finding, lang), Reason: f.Reason, Owner: f.Owner, Expires: f.Expires}
		}
		v.Sections[i] = vs
	}
	return v
}

// findingView returns f as internal/report reads it, its reason and fix in
// lang.
func findingView(f Finding, lang Lang) report.Finding {
	why, fix := localize(f, lang)
	return report.Finding{Code: string(f.Code), Severity: string(f.Severity), Unverified: f.Code == CodeUnverified, Where: f.Where, What: f.What, Why: why, Fix: fix,
		Fingerprint: f.Fingerprint, File: f.File, Line: f.Line, Column: f.Column}
}

// rulesView returns rs as internal/report reads them.
func rulesView(rs []Rule) []report.Rule {
	out := make([]report.Rule, len(rs))
	for i, r := range rs {
		out[i] = report.Rule{Code: string(r.Code), Severity: string(r.Severity), Title: r.Title, Why: r.Why, Fix: r.Fix}
	}
	return out
}

// view returns the report as internal/report reads it.
func (r InputReport) view() *report.Input {
	v := &report.Input{Plan: r.Plan, Summary: r.Summary(), Problems: make([]report.Problem, len(r.InputErrors))}
	for i, p := range r.InputErrors {
		v.Problems[i] = report.Problem{Text: p.String(), Where: p.Where, File: p.File, Line: p.Line, Column: p.Column}
	}
	return v
}

// Write writes the report on input that could not be read in format f: as
// [InputReport.WriteText], its compact JSON form, or one of
// [InputReport.WriteSARIF], [InputReport.WriteGitHub] and
// [InputReport.WriteJUnit]. An unknown format is an error and writes
// nothing.
func (r InputReport) Write(w io.Writer, f Format, o WriteOptions) error {
	switch f {
	case FormatText, "":
		return r.WriteText(w)
	case FormatJSON:
		return json.NewEncoder(w).Encode(r)
	case FormatSARIF:
		return r.WriteSARIF(w, o)
	case FormatGitHub:
		return r.WriteGitHub(w, o)
	case FormatJUnit:
		return r.WriteJUnit(w, o)
	}
	_, err := ParseFormat(string(f))
	return err
}

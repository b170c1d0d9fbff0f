package vpcgate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
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
	why, fix = f.Why, f.Fix
	if lang != Chinese {
		return why, fix
	}
	r := ruleTable.ruleOf(f.Code)
	if r == nil || r.zh.title == "" {
		return why, fix
	}
	if why == r.Why {
		why = r.zh.why
	}
	switch fix {
	case r.Fix:
		fix = r.zh.fix
	case "":
	default:
		fix = r.zh.fix + "：" + fix
	}
	return why, fix
}

// words are the report's fixed words in one language.
type words struct {
	plan                   string
	ok, fail, warn, waived string // the tags that lead a line, indented
	what, why, fix, reason string // the labels of a finding's lines, indented
	owner, expires, comma  string
	code, severity, title  string // the rule list's column heads
}

// wordsOf returns the words of lang; English for an unknown language.
func wordsOf(lang Lang) *words {
	if lang == Chinese {
		return &words{
			plan: "计划：",
			ok:   "   通过  ", fail: "   失败  ", warn: "   警告  ", waived: "   已豁免  ",
			what: "         内容：", why: "         原因：", fix: "         修复：", reason: "         豁免理由：",
			owner: "负责人 ", expires: "到期 ", comma: "，",
			code: "代码", severity: "级别", title: "标题",
		}
	}
	return &words{
		plan: "plan: ",
		ok:   "   ok    ", fail: "   FAIL  ", warn: "   WARN  ", waived: "   WAIVED  ",
		what: "         what: ", why: "         why:  ", fix: "         fix:  ", reason: "         waived: ",
		owner: "owner ", expires: "expires ", comma: ", ",
		code: "CODE", severity: "SEVERITY", title: "TITLE",
	}
}

// severityWord names a severity in lang.
func severityWord(s Severity, lang Lang) string {
	if lang != Chinese {
		return string(s)
	}
	switch s {
	case SeverityError:
		return "错误"
	case SeverityWarning:
		return "警告"
	case SeverityNote:
		return "提示"
	}
	return string(s)
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
	wd := wordsOf(lang)
	width := len(wd.code)
	for _, r := range rs {
		width = max(width, len(r.Code))
	}
	b := bufio.NewWriter(w)
	row := func(code, sev, title string) {
		b.WriteString(code)
		b.WriteString(strings.Repeat(" ", width-len(code)+2))
		b.WriteString(sev)
		b.WriteString(strings.Repeat(" ", max(9-displayWidth(sev), 1)))
		b.WriteString(title)
		b.WriteString("\n")
	}
	row(wd.code, wd.severity, wd.title)
	for _, r := range rs {
		row(string(r.Code), severityWord(r.Severity, lang), r.Title)
		b.WriteString(strings.Repeat(" ", width+2))
		b.WriteString(r.Why)
		b.WriteString("\n")
		b.WriteString(strings.Repeat(" ", width+2))
		b.WriteString("→ ")
		b.WriteString(r.Fix)
		b.WriteString("\n")
	}
	return b.Flush()
}

// displayWidth counts a CJK character as two columns, others as one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff60) {
			n += 2
		} else {
			n++
		}
	}
	return n
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

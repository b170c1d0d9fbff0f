package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/internal/escape"
)

// Text writes the report for a person: first a line naming the plan when
// header is set, then a block per section, each finding with where, what,
// why and what to do, and the summary line. Text taken from the plan is
// written escaped (internal/escape). It writes as it goes and returns the
// first write error.
func Text(w io.Writer, r *Report, o Options, header bool) error {
	b := bufio.NewWriter(w)
	wd := wordsOf(o.Chinese)
	if header {
		b.WriteString(wd.plan)
		escape.Write(b, r.Plan)
		b.WriteString("\n")
	}
	for _, s := range r.Sections {
		if o.Quiet && len(s.Problems) == 0 && len(s.Warnings) == 0 {
			continue
		}
		b.WriteString("\n== ")
		escape.Write(b, s.Subject)
		b.WriteString("\n")
		if !o.Quiet {
			for _, p := range s.Passed {
				b.WriteString(wd.ok)
				escape.Write(b, p)
				b.WriteString("\n")
			}
		}
		for _, f := range s.Problems {
			writeFinding(b, wd, wd.fail, f)
		}
		for _, f := range s.Warnings {
			writeFinding(b, wd, wd.warn, f)
		}
		if !o.Quiet {
			for _, f := range s.Waived {
				writeFinding(b, wd, wd.waived, f.Finding)
				b.WriteString(wd.reason)
				escape.Write(b, f.Reason)
				if f.Owner != "" || f.Expires != "" {
					b.WriteString(" (")
					if f.Owner != "" {
						b.WriteString(wd.owner)
						escape.Write(b, f.Owner)
					}
					if f.Owner != "" && f.Expires != "" {
						b.WriteString(wd.comma)
					}
					if f.Expires != "" {
						b.WriteString(wd.expires)
						escape.Write(b, f.Expires)
					}
					b.WriteString(")")
				}
				b.WriteString("\n")
			}
		}
	}
	b.WriteString("\n")
	b.WriteString(r.Summary)
	b.WriteString("\n")
	return b.Flush()
}

// writeFinding writes a finding led by tag: where, code and place, then
// what, why and fix a line each.
func writeFinding(b *bufio.Writer, wd *words, tag string, f Finding) {
	b.WriteString(tag)
	escape.Write(b, f.Where)
	b.WriteString("  [")
	escape.Write(b, f.Code)
	b.WriteString("]")
	if f.Line > 0 {
		b.WriteString("  (")
		escape.Write(b, f.File)
		b.WriteString(":")
		b.WriteString(strconv.Itoa(f.Line))
		if f.Column > 0 {
			b.WriteString(":")
			b.WriteString(strconv.Itoa(f.Column))
		}
		b.WriteString(")")
	}
	b.WriteString("\n")
	b.WriteString(wd.what)
	escape.Write(b, f.What)
	b.WriteString("\n")
	if f.Why != "" {
		b.WriteString(wd.why)
		escape.Write(b, f.Why)
		b.WriteString("\n")
	}
	if f.Fix != "" {
		b.WriteString(wd.fix)
		escape.Write(b, f.Fix)
		b.WriteString("\n")
	}
}

// words are the report's fixed words in one language.
type words struct {
	plan                   string
	ok, fail, warn, waived string // the tags that lead a line, indented
	what, why, fix, reason string // the labels of a finding's lines, indented
	owner, expires, comma  string
	code, severity, title  string // the rule list's column heads
}

// wordsOf returns the words in Chinese, or in English.
func wordsOf(chinese bool) *words {
	if chinese {
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

// severityWord names a severity in Chinese, or as it is.
func severityWord(s string, chinese bool) string {
	if !chinese {
		return s
	}
	switch s {
	case SeverityError:
		return "错误"
	case SeverityWarning:
		return "警告"
	case SeverityNote:
		return "提示"
	}
	return s
}

// RuleTable writes the rule list as a table: a line per rule with its
// code, severity and title, then its reason and fix indented, the column
// heads and severities in Chinese when chinese is set.
func RuleTable(w io.Writer, rs []Rule, chinese bool) error {
	wd := wordsOf(chinese)
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
		row(r.Code, severityWord(r.Severity, chinese), r.Title)
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

// Summary returns a report's last line, such as "summary: 0 problem(s),
// 2 warning(s): all clear, the plan passes every check.", from its counts:
// the waived findings are named when there are any, and all clear is said
// only when ok and nothing is unverified. It is in Chinese when chinese is
// set.
func Summary(problems, warnings, waived, unverified int, ok, chinese bool) string {
	if chinese {
		s := "汇总：" + strconv.Itoa(problems) + " 个问题，" + strconv.Itoa(warnings) + " 个警告"
		if waived > 0 {
			s += "，" + strconv.Itoa(waived) + " 个已豁免"
		}
		switch {
		case !ok:
			return s + "：计划将被拒绝。"
		case unverified > 0:
			return s + "：没有问题，" + strconv.Itoa(unverified) + " 项未验证：并非全部通过，未验证的内容没有检查。"
		}
		return s + "：全部通过，计划通过了所有检查。"
	}
	verdict := "all clear, the plan passes every check"
	switch {
	case !ok:
		verdict = "the plan would be rejected"
	case unverified > 0:
		verdict = "no problems, " + strconv.Itoa(unverified) + " unverified: not all clear, what is unverified was not checked"
	}
	waivedText := ""
	if waived > 0 {
		waivedText = ", " + strconv.Itoa(waived) + " waived"
	}
	return "summary: " + strconv.Itoa(problems) + " problem(s), " + strconv.Itoa(warnings) + " warning(s)" + waivedText + ": " + verdict + "."
}

// InputText writes the report on input that could not be read for a
// person: a line per problem, then the summary, each line led by the
// plan's name and ": " (nothing when Plan is empty), escaped
// (internal/escape). It returns the first write error.
func InputText(w io.Writer, r *Input) error {
	b := bufio.NewWriter(w)
	line := func(s string) {
		if r.Plan != "" {
			escape.Write(b, r.Plan)
			b.WriteString(": ")
		}
		escape.Write(b, s)
		b.WriteString("\n")
	}
	for _, p := range r.Problems {
		line(p.Text)
	}
	line(r.Summary)
	return b.Flush()
}

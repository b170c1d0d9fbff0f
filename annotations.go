package vpcgate

import (
	"bufio"
	"cmp"
	"io"
	"strconv"
	"strings"
)

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
	b := bufio.NewWriter(w)
	titles := make(map[Code]string)
	for _, rl := range RulesIn(o.Lang) {
		titles[rl.Code] = rl.Title
	}
	wd := wordsOf(o.Lang)
	for _, s := range r.Sections {
		for k, list := range [2][]Finding{s.Problems, s.Warnings} {
			for _, f := range list {
				cmd := "warning"
				switch {
				case f.Severity == SeverityError, f.Severity == "" && k == 0:
					cmd = "error"
				case f.Severity == SeverityNote:
					cmd = "notice"
				}
				why, fix := localize(f, o.Lang)
				msg := Escape(f.Where) + ": " + Escape(f.What)
				if why != "" {
					msg += "\n" + strings.TrimSpace(wd.why) + " " + Escape(why)
				}
				if fix != "" {
					msg += "\n" + strings.TrimSpace(wd.fix) + " " + Escape(fix)
				}
				title := titles[f.Code]
				if title == "" {
					title = string(f.Code)
				}
				writeCommand(b, cmd, f.File, f.Line, f.Column, title+" ["+string(f.Code)+"]", msg)
			}
		}
	}
	b.WriteString(githubData(r.summary(o.Lang)))
	b.WriteString("\n")
	return b.Flush()
}

// writeCommand writes one workflow command line.
func writeCommand(b *bufio.Writer, cmd, file string, line, col int, title, msg string) {
	b.WriteString("::")
	b.WriteString(cmd)
	sep := " "
	prop := func(k, v string) {
		b.WriteString(sep)
		sep = ","
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(githubProperty(v))
	}
	if file != "" {
		prop("file", Escape(file))
		if line > 0 {
			prop("line", strconv.Itoa(line))
			if col > 0 {
				prop("col", strconv.Itoa(col))
			}
		}
	}
	prop("title", Escape(title))
	b.WriteString("::")
	b.WriteString(githubData(msg))
	b.WriteString("\n")
}

// githubData escapes a command's message as the runner unescapes it:
// '%' as %25, '\r' as %0D, '\n' as %0A.
func githubData(s string) string {
	if !strings.ContainsAny(s, "%\r\n") {
		return s
	}
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a command's property value: as githubData, and
// ':' as %3A and ',' as %2C.
func githubProperty(s string) string {
	if !strings.ContainsAny(s, "%\r\n:,") {
		return s
	}
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteGitHub writes the report on input that could not be read as GitHub
// Actions workflow commands: an ::error per problem, with the file, line
// and column when the problem has a position, then the summary.
func (r InputReport) WriteGitHub(w io.Writer, o WriteOptions) error {
	b := bufio.NewWriter(w)
	title := "Invalid input"
	if o.Lang == Chinese {
		title = "输入无效"
	}
	for _, p := range r.InputErrors {
		file := ""
		if p.Line > 0 {
			file = cmp.Or(p.File, r.Plan)
		}
		writeCommand(b, "error", file, p.Line, p.Column, title, Escape(p.String()))
	}
	b.WriteString(githubData(Escape(r.Plan + ": " + r.Summary())))
	b.WriteString("\n")
	return b.Flush()
}

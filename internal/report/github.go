package report

import (
	"bufio"
	"cmp"
	"io"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/internal/escape"
)

// GitHub writes the report as GitHub Actions workflow commands: one line
// per problem and warning (::error, ::warning, or ::notice for a note),
// with the file, line and column when known and the rule's title from
// rules, then the summary as a plain line (see the root's
// Report.WriteGitHub). Waived findings are not annotated.
func GitHub(w io.Writer, r *Report, rules []Rule, o Options) error {
	b := bufio.NewWriter(w)
	titles := make(map[string]string)
	for _, rl := range rules {
		titles[rl.Code] = rl.Title
	}
	wd := wordsOf(o.Chinese)
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
				msg := escape.String(f.Where) + ": " + escape.String(f.What)
				if f.Why != "" {
					msg += "\n" + strings.TrimSpace(wd.why) + " " + escape.String(f.Why)
				}
				if f.Fix != "" {
					msg += "\n" + strings.TrimSpace(wd.fix) + " " + escape.String(f.Fix)
				}
				title := titles[f.Code]
				if title == "" {
					title = f.Code
				}
				writeCommand(b, cmd, f.File, f.Line, f.Column, title+" ["+f.Code+"]", msg)
			}
		}
	}
	b.WriteString(githubData(r.Summary))
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
		prop("file", escape.String(file))
		if line > 0 {
			prop("line", strconv.Itoa(line))
			if col > 0 {
				prop("col", strconv.Itoa(col))
			}
		}
	}
	prop("title", escape.String(title))
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

// GitHubInput writes the report on input that could not be read as GitHub
// Actions workflow commands: an ::error per problem, with the file, line
// and column when the problem has a position, then the plan and the
// summary.
func GitHubInput(w io.Writer, r *Input, o Options) error {
	b := bufio.NewWriter(w)
	title := "Invalid input"
	if o.Chinese {
		title = "输入无效"
	}
	for _, p := range r.Problems {
		file := ""
		if p.Line > 0 {
			file = cmp.Or(p.File, r.Plan)
		}
		writeCommand(b, "error", file, p.Line, p.Column, title, escape.String(p.Text))
	}
	b.WriteString(githubData(escape.String(r.Plan + ": " + r.Summary)))
	b.WriteString("\n")
	return b.Flush()
}

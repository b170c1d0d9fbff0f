package vpcgate

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReportVersion is the version of the report's JSON form.
const ReportVersion = 1

// Report is the outcome of [Check]: sections, each about one subject (an
// instance, the authorizations, a group's move), with what passed, the
// problems and the warnings. Its JSON form is stable:
//
//	{"version": 1, "plan": "...", "ok": true, "problems": 0, "warnings": 2,
//	 "sections": [{"subject": "...", "passed": ["..."],
//	               "problems": [finding], "warnings": [finding]}]}
//
// Empty lists are encoded as [] rather than null.
type Report struct {
	// Version is ReportVersion.
	Version int `json:"version"`
	// Plan says what was checked; Check describes the plan's size, and a
	// caller may replace it with a file name.
	Plan string `json:"plan"`
	// OK is true exactly when Problems is 0.
	OK bool `json:"ok"`
	// Problems counts the problems of every section.
	Problems int `json:"problems"`
	// Warnings counts the warnings of every section.
	Warnings int `json:"warnings"`
	// Sections holds the sections in a stable order: each instance, the
	// authorizations, then each group.
	Sections []Section `json:"sections"`
}

// Section gathers what concerns one subject.
type Section struct {
	// Subject names what the section is about; a group's section names
	// the group's ID.
	Subject string `json:"subject"`
	// Passed holds a line for each check that passed.
	Passed []string `json:"passed"`
	// Problems holds what would make the cloud refuse the plan.
	Problems []Finding `json:"problems"`
	// Warnings holds what to act on that does not stop the plan, and what
	// could not be verified.
	Warnings []Finding `json:"warnings"`
}

// Finding is one problem or warning.
type Finding struct {
	// Code is the rule's code, one of [Rules].
	Code string `json:"code"`
	// Where is the place of the finding: a JSON path into the plan
	// ("instance.zones[1].vSwitchCidr"), or, for a plan read from
	// Terraform or from OpenAPI responses, the place in that source.
	Where string `json:"where"`
	// What says what is wrong; it includes the message of Err.
	What string `json:"what"`
	// Why is the rule behind Code.
	Why string `json:"why"`
	// Fix says what to do.
	Fix string `json:"fix"`
	// Suggested is a block that would work, when one is known.
	Suggested netip.Prefix `json:"suggested,omitzero"`
	// Err is the error behind the finding, for errors.Is and errors.As;
	// nil for findings that no error describes (placement advice, notes).
	Err error `json:"-"`
}

// Err returns nil when the report has no problem, otherwise every problem's
// error joined, so that errors.Is(r.Err(), authz.ErrUnreachable) works.
func (r Report) Err() error {
	var errs []error
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Err != nil {
				errs = append(errs, f.Err)
			} else {
				errs = append(errs, errors.New(f.Where+": "+f.What))
			}
		}
	}
	return errors.Join(errs...)
}

// MarshalJSON encodes the report in its versioned JSON form.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	out := plain(r)
	out.Sections = make([]Section, len(r.Sections))
	for i, s := range r.Sections {
		if s.Passed == nil {
			s.Passed = []string{}
		}
		if s.Problems == nil {
			s.Problems = []Finding{}
		}
		if s.Warnings == nil {
			s.Warnings = []Finding{}
		}
		out.Sections[i] = s
	}
	if out.Sections == nil {
		out.Sections = []Section{}
	}
	return json.Marshal(out)
}

// WriteText writes the report for a person: a block per section, each
// finding with where, what, why and what to do, and a summary line. Text
// taken from the plan is printed with control and invisible formatting
// characters escaped, so that no value can forge a line or hide another.
// It writes as it goes and returns the first write error.
func (r Report) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	for _, s := range r.Sections {
		b.WriteString("\n== ")
		writeEscaped(b, s.Subject)
		b.WriteString("\n")
		for _, p := range s.Passed {
			b.WriteString("   ok    ")
			writeEscaped(b, p)
			b.WriteString("\n")
		}
		for _, f := range s.Problems {
			writeFinding(b, "FAIL", f)
		}
		for _, f := range s.Warnings {
			writeFinding(b, "WARN", f)
		}
	}
	b.WriteString("\n")
	b.WriteString(r.Summary())
	b.WriteString("\n")
	return b.Flush()
}

func writeFinding(b *bufio.Writer, tag string, f Finding) {
	b.WriteString("   ")
	b.WriteString(tag)
	b.WriteString("  ")
	writeEscaped(b, f.Where)
	b.WriteString("  [")
	writeEscaped(b, f.Code)
	b.WriteString("]\n         what: ")
	writeEscaped(b, f.What)
	b.WriteString("\n")
	if f.Why != "" {
		b.WriteString("         why:  ")
		writeEscaped(b, f.Why)
		b.WriteString("\n")
	}
	if f.Fix != "" {
		b.WriteString("         fix:  ")
		writeEscaped(b, f.Fix)
		b.WriteString("\n")
	}
}

// writeEscaped writes Escape(s) without building it when s is clean.
func writeEscaped(b *bufio.Writer, s string) {
	if clean(s) {
		b.WriteString(s)
		return
	}
	b.WriteString(Escape(s))
}

// Summary returns the report's last line, such as "summary: 0 problem(s),
// 2 warning(s): all clear, the plan passes every check.". All clear is
// said only when nothing is unverified; a report without problems whose
// warnings include unverified findings says "no problems, 1 unverified"
// instead.
func (r Report) Summary() string {
	verdict := "all clear, the plan passes every check"
	unverified := 0
	for _, s := range r.Sections {
		for _, f := range s.Warnings {
			if f.Code == codeUnverified {
				unverified++
			}
		}
	}
	switch {
	case !r.OK:
		verdict = "the plan would be rejected"
	case unverified > 0:
		verdict = "no problems, " + strconv.Itoa(unverified) + " unverified: not all clear, what is unverified was not checked"
	}
	return "summary: " + strconv.Itoa(r.Problems) + " problem(s), " + strconv.Itoa(r.Warnings) + " warning(s): " + verdict + "."
}

// Escape returns s with every control character, invisible formatting
// character (such as U+202E or U+200B) and invalid UTF-8 byte written as a
// Go escape (\n, \x1b, \u202e), so that s prints on one line as what it is.
// Other text is unchanged.
func Escape(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case unsafeRune(r):
			q := strconv.QuoteToASCII(string(r))
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// clean reports whether Escape leaves s unchanged. Printable ASCII is
// passed over eight bytes at a time, other text rune by rune.
func clean(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A high bit is set when a byte is below 0x20 (the subtraction
		// borrows), is 0x7f (adding 1 carries into it) or is not ASCII.
		if ((x-0x20*ones)&^x|(x+ones)|x)&highs != 0 {
			break // decided byte by byte below
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
			return false
		}
		i += n
	}
	return true
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

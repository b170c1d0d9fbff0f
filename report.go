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
//	{"version": 1, "plan": "...", "ok": true, "problems": 0, "warnings": 2, "waived": 0,
//	 "sections": [{"subject": "...", "passed": ["..."],
//	               "problems": [finding], "warnings": [finding], "waived": [waived]}]}
//
// Empty lists are encoded as [] rather than null. A Report is a value: its
// methods do not change it, except [Report.Locate], which replaces the
// lists it changes, so that a copy made before shares nothing it changed.
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
	// Waived counts the findings that waivers silenced; they are neither
	// problems nor warnings.
	Waived int `json:"waived"`
	// Sections holds the sections in a stable order: each instance, the
	// authorizations, then each group.
	Sections []Section `json:"sections"`

	// plan is the plan Check checked, for FixedPlan; nil in a report that
	// Check did not make.
	plan *Plan
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
	// Waived holds the problems and warnings that a waiver silenced, each
	// with the waiver's reason.
	Waived []Waived `json:"waived"`
}

// Waived is a finding that a waiver silenced: it counts neither as a
// problem nor as a warning, and fails no gate. Its JSON form is the
// finding's with the waiver's "reason", "owner" and "expires".
type Waived struct {
	Finding
	// Reason is the waiver's reason.
	Reason string `json:"reason"`
	// Owner is the waiver's owner, when it names one.
	Owner string `json:"owner,omitempty"`
	// Expires is the waiver's expiry date (YYYY-MM-DD), when it has one.
	Expires string `json:"expires,omitempty"`
}

// Finding is one problem or warning.
type Finding struct {
	// Code is the rule's code, one of [Rules].
	Code Code `json:"code"`
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
	// Severity is the finding's: SeverityError for a problem, the rule's
	// severity (SeverityWarning or SeverityNote) for a warning.
	Severity Severity `json:"severity"`
	// Fingerprint identifies the finding across runs and machines: 32 hex
	// digits of the SHA-256 of "vpcgate/v1", the code and the stable place,
	// each followed by a zero byte. The stable place is the plan path of
	// the finding's value (for a plan read from responses or Terraform, the
	// least path whose Source is the finding's where; else the where) with
	// each array index replaced by the element's "id", "name" or "zoneId",
	// or its text or JSON, quoted ("authorizations[\"orders\"].addr"), and
	// "#k" after the k-th element of the same identity. So the same code at
	// the same place gives the same value whatever else the plan holds and
	// in whatever order; a different place or code, a different one. When
	// two findings of a report would share one (one mistake against two
	// instances), the later hashes its What too.
	Fingerprint string `json:"fingerprint"`
	// Suggested is a block that would work, when one is known.
	Suggested netip.Prefix `json:"suggested,omitzero"`
	// Remedy is the least change that clears the finding, as data, when
	// one is known (see [Remedy]); nil for most findings, which is normal:
	// only some rules have a change that can be computed and proven.
	Remedy *Remedy `json:"remedy,omitempty"`
	// File names the input document the finding's place is in, when the
	// caller said it (see [Report.Locate]).
	File string `json:"file,omitempty"`
	// Line is the line of the finding's value in File, counting from 1; 0
	// when not known.
	Line int `json:"line,omitempty"`
	// Column is the column of the finding's value in its line, counting
	// Unicode characters from 1 (SARIF's unicodeCodePoints); 0 when not
	// known.
	Column int `json:"column,omitempty"`
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
		if s.Waived == nil {
			s.Waived = []Waived{}
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
// It writes as it goes and returns the first write error. It is
// [Report.Write] in text, in English, without the plan line.
func (r Report) WriteText(w io.Writer) error {
	return r.writeText(w, WriteOptions{}, false)
}

// writeText writes the text form in o's language, and first the plan line
// when header is set.
func (r Report) writeText(w io.Writer, o WriteOptions, header bool) error {
	b := bufio.NewWriter(w)
	wd := wordsOf(o.Lang)
	if header {
		b.WriteString(wd.plan)
		writeEscaped(b, r.Plan)
		b.WriteString("\n")
	}
	for _, s := range r.Sections {
		if o.Quiet && len(s.Problems) == 0 && len(s.Warnings) == 0 {
			continue
		}
		b.WriteString("\n== ")
		writeEscaped(b, s.Subject)
		b.WriteString("\n")
		if !o.Quiet {
			for _, p := range s.Passed {
				b.WriteString(wd.ok)
				writeEscaped(b, p)
				b.WriteString("\n")
			}
		}
		for _, f := range s.Problems {
			writeFinding(b, wd, wd.fail, f, o.Lang)
		}
		for _, f := range s.Warnings {
			writeFinding(b, wd, wd.warn, f, o.Lang)
		}
		if !o.Quiet {
			for _, f := range s.Waived {
				writeFinding(b, wd, wd.waived, f.Finding, o.Lang)
				b.WriteString(wd.reason)
				writeEscaped(b, f.Reason)
				if f.Owner != "" || f.Expires != "" {
					b.WriteString(" (")
					if f.Owner != "" {
						b.WriteString(wd.owner)
						writeEscaped(b, f.Owner)
					}
					if f.Owner != "" && f.Expires != "" {
						b.WriteString(wd.comma)
					}
					if f.Expires != "" {
						b.WriteString(wd.expires)
						writeEscaped(b, f.Expires)
					}
					b.WriteString(")")
				}
				b.WriteString("\n")
			}
		}
	}
	b.WriteString("\n")
	b.WriteString(r.summary(o.Lang))
	b.WriteString("\n")
	return b.Flush()
}

func writeFinding(b *bufio.Writer, wd *words, tag string, f Finding, lang Lang) {
	b.WriteString(tag)
	writeEscaped(b, f.Where)
	b.WriteString("  [")
	writeEscaped(b, string(f.Code))
	b.WriteString("]")
	if f.Line > 0 {
		b.WriteString("  (")
		writeEscaped(b, f.File)
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
	writeEscaped(b, f.What)
	b.WriteString("\n")
	why, fix := localize(f, lang)
	if why != "" {
		b.WriteString(wd.why)
		writeEscaped(b, why)
		b.WriteString("\n")
	}
	if fix != "" {
		b.WriteString(wd.fix)
		writeEscaped(b, fix)
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
// 2 warning(s): all clear, the plan passes every check.", with the number
// of waived findings after the warnings when there are any. All clear is
// said only when nothing is unverified; a report without problems whose
// warnings include unverified findings says "no problems, 1 unverified"
// instead.
func (r Report) Summary() string {
	return r.summary(English)
}

// summary returns the summary line in lang.
func (r Report) summary(lang Lang) string {
	unverified := 0
	for _, s := range r.Sections {
		for _, f := range s.Warnings {
			if f.Code == CodeUnverified {
				unverified++
			}
		}
	}
	if lang == Chinese {
		s := "汇总：" + strconv.Itoa(r.Problems) + " 个问题，" + strconv.Itoa(r.Warnings) + " 个警告"
		if r.Waived > 0 {
			s += "，" + strconv.Itoa(r.Waived) + " 个已豁免"
		}
		switch {
		case !r.OK:
			return s + "：计划将被拒绝。"
		case unverified > 0:
			return s + "：没有问题，" + strconv.Itoa(unverified) + " 项未验证：并非全部通过，未验证的内容没有检查。"
		}
		return s + "：全部通过，计划通过了所有检查。"
	}
	verdict := "all clear, the plan passes every check"
	switch {
	case !r.OK:
		verdict = "the plan would be rejected"
	case unverified > 0:
		verdict = "no problems, " + strconv.Itoa(unverified) + " unverified: not all clear, what is unverified was not checked"
	}
	waived := ""
	if r.Waived > 0 {
		waived = ", " + strconv.Itoa(r.Waived) + " waived"
	}
	return "summary: " + strconv.Itoa(r.Problems) + " problem(s), " + strconv.Itoa(r.Warnings) + " warning(s)" + waived + ": " + verdict + "."
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

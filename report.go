package vpcgate

import (
	"encoding/json"
	"errors"
	"io"
	"net/netip"

	"github.com/vpcgate/vpcgate/internal/escape"
	"github.com/vpcgate/vpcgate/internal/report"
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
	// findings of a report share a code and a place (one mistake against
	// two instances), each hashes its What too, so that none has the one
	// another would have alone (when the others go, the one left has the
	// plain fingerprint: a new one, never one of theirs).
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
	return report.Text(w, r.view(o.Lang), o.view(), header)
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
	return report.Summary(r.Problems, r.Warnings, r.Waived, unverified, r.OK, lang == Chinese)
}

// Escape returns s with every control character, invisible formatting
// character (such as U+202E or U+200B) and invalid UTF-8 byte written as a
// Go escape (\n, \x1b, \u202e), so that s prints on one line as what it is.
// Other text is unchanged.
func Escape(s string) string { return escape.String(s) }

package vpcgate

import (
	"errors"
	"strconv"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/problem"
	"github.com/vpcgate/vpcgate/internal/waiverfile"
)

// ErrInvalidWaivers matches every problem of a waiver file ([ParseWaivers])
// and of a waiver given to [Check] that cannot be applied as it is.
var ErrInvalidWaivers = errors.New("invalid waiver")

// WaiverError is one problem of a waiver file: where it is, by JSON path
// and by line and column, and what is wrong. It unwraps to
// [ErrInvalidWaivers] and to the error behind it.
type WaiverError struct {
	// Path is the JSON path of the value ("waivers[2].expires"); empty for
	// the document itself.
	Path field.Path
	// Line and Column locate the problem in the document, counting from 1;
	// Column counts characters (Unicode code points). Both are 0 when not
	// known.
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Error returns, for example, `waivers[2].expires (line 9, column 18):
// want a date YYYY-MM-DD, got "2027-3-31"`.
func (e *WaiverError) Error() string { return problem.Error(string(e.Path), e.Line, e.Column, e.Err) }

// Unwrap returns ErrInvalidWaivers and Err.
func (e *WaiverError) Unwrap() []error { return []error{ErrInvalidWaivers, e.Err} }

// Waiver silences the findings of one code at the places its pattern
// matches, for a reason, until a date. Its JSON form is an element of a
// waiver file's "waivers" list:
//
//	{"code": "egress-change", "where": "groups[0]*", "reason": "allow-lists updated in CHG-1234",
//	 "expires": "2027-03-31", "owner": "platform-team"}
//
// A finding is waived by the first waiver, in the list's order, whose
// code is the finding's and whose pattern matches its where (see
// [Check]).
type Waiver struct {
	// Code is the code of the findings it waives, one of [Rules]; required.
	Code Code `json:"code"`
	// Where is a pattern matched against the whole of a finding's where, in
	// which '*' stands for any run of characters (none included) and every
	// other character for itself; empty means any place.
	Where string `json:"where,omitempty"`
	// Reason says why the findings are accepted; required.
	Reason string `json:"reason"`
	// Expires is the last day the waiver applies, YYYY-MM-DD; empty means
	// it does not expire.
	Expires string `json:"expires,omitempty"`
	// Owner names who answers for the waiver; optional.
	Owner string `json:"owner,omitempty"`
	// Pos is where the waiver is written: ParseWaivers sets it to its
	// object in the file. Findings about the waiver point there.
	Pos Position `json:"-"`
}

// ParseWaivers reads a waiver file, the JSON document
//
//	{"waivers": [{"code": "...", "where": "...", "reason": "...", "expires": "YYYY-MM-DD", "owner": "..."}]}
//
// strictly, as [ParsePlan] reads a plan: malformed JSON, unknown fields,
// keys given twice and values of the wrong type are problems, and so are a
// missing "waivers" list, a waiver without a code or a reason, a code that
// names no rule (or names one of the waivers' own: expired-waiver,
// unused-waiver, invalid-waivers), an empty "where" or "expires" (leave
// them out instead), and an expiry that is not a date YYYY-MM-DD. Every
// problem is a [*WaiverError] with its JSON path, line and column, all
// joined and matching [ErrInvalidWaivers]. file names the document; each
// waiver's Pos gets it with the line and column of the waiver's object.
// ParseWaivers keeps no part of data; its cost is linear in its size.
func ParseWaivers(file string, data []byte) ([]Waiver, error) {
	ws, probs := waiverfile.Parse(data, waiverCodeProblem)
	if ws == nil && len(probs) == 0 {
		return nil, &WaiverError{Path: "waivers", Line: 1, Column: 1, Err: errors.New(`missing: want "waivers", a list of waivers`)}
	}
	if len(probs) > 0 {
		errs := make(field.List, len(probs))
		for i, p := range probs {
			errs[i] = &WaiverError{Path: p.Path, Line: p.Line, Column: p.Column, Err: p.Err}
		}
		return nil, errs.Err()
	}
	out := make([]Waiver, len(ws))
	for i, w := range ws {
		out[i] = Waiver{Code: Code(w.Code), Where: w.Where, Reason: w.Reason, Expires: w.Expires, Owner: w.Owner,
			Pos: Position{File: file, Line: w.Line, Column: w.Column}}
	}
	return out, nil
}

// waiverProblems returns the problems of w's values, indexed as
// ParseWaivers locates them: 1 code, 3 reason, 4 expires (nil where none).
func waiverProblems(w Waiver) [5]error {
	return waiverfile.Problems(waiverfile.Waiver{Code: string(w.Code), Reason: w.Reason, Expires: w.Expires}, waiverCodeProblem)
}

// waiverCodeProblem says what is wrong with a waiver's code: none given, a
// code about waivers themselves, or one that names no rule.
func waiverCodeProblem(code string) error {
	switch c := Code(code); {
	case c == "":
		return errors.New("missing: a waiver names the code it waives")
	case c == CodeExpiredWaiver || c == CodeUnusedWaiver || c == CodeInvalidWaivers:
		return errors.New("code " + strconv.Quote(code) + " is about waivers and cannot be waived")
	case ruleTable.ruleOf(c) == nil:
		return errors.New("unknown code " + strconv.Quote(code) + " (preflight -rules lists the codes)")
	}
	return nil
}

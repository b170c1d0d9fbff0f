package vpcgate

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsondecode"
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
	// Column counts bytes. Both are 0 when not known.
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Error returns, for example, `waivers[2].expires (line 9, column 18):
// want a date YYYY-MM-DD, got "2027-3-31"`.
func (e *WaiverError) Error() string { return placed(string(e.Path), e.Line, e.Column, e.Err) }

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

// waiverFile is the document ParseWaivers reads.
type waiverFile struct {
	Waivers []Waiver `json:"waivers"`
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
	var doc waiverFile
	var probs field.List
	bad := map[field.Path]bool{} // the places of the decoder's problems: one mistake, one problem
	for _, p := range jsondecode.Decode(data, reflect.ValueOf(&doc).Elem()) {
		bad[p.Path] = true
		probs = append(probs, &WaiverError{Path: p.Path, Line: p.Line, Column: p.Column, Err: p.Err})
	}
	if doc.Waivers == nil && len(probs) == 0 {
		return nil, &WaiverError{Path: "waivers", Line: 1, Column: 1, Err: errors.New(`missing: want "waivers", a list of waivers`)}
	}
	// Where each waiver and each of its values is, found in one pass.
	var paths []field.Path
	for i := range doc.Waivers {
		w := field.Path("waivers").Index(i)
		paths = append(paths, w, w.Child("code"), w.Child("where"), w.Child("reason"), w.Child("expires"))
	}
	pos := locateJSON(data, paths)
	at := func(i, k int) (Position, bool) {
		p := pos[5*i+k]
		return Position{File: file, Line: p.line, Column: p.byteCol}, p.exact
	}
	for i := range doc.Waivers {
		w := &doc.Waivers[i]
		w.Pos, _ = at(i, 0)
		w.Pos.Column = pos[5*i].col
		for k, err := range waiverProblems(*w) {
			if err == nil || bad[paths[5*i+k]] {
				continue
			}
			p, _ := at(i, k) // a missing value: the waiver's object
			probs = append(probs, &WaiverError{Path: paths[5*i+k], Line: p.Line, Column: p.Column, Err: err})
		}
		if w.Where == "" && pos[5*i+2].exact {
			p, _ := at(i, 2)
			probs = append(probs, &WaiverError{Path: paths[5*i+2], Line: p.Line, Column: p.Column, Err: errors.New("empty pattern: leave where out to waive the code at every place")})
		}
		if w.Expires == "" && pos[5*i+4].exact {
			p, _ := at(i, 4)
			probs = append(probs, &WaiverError{Path: paths[5*i+4], Line: p.Line, Column: p.Column, Err: errors.New("empty date: leave expires out for a waiver that does not expire")})
		}
	}
	if len(probs) > 0 {
		return nil, probs.Err()
	}
	return doc.Waivers, nil
}

// waiverProblems returns the problems of w's values, indexed as
// ParseWaivers locates them: 1 code, 3 reason, 4 expires (nil where none).
func waiverProblems(w Waiver) [5]error {
	var out [5]error
	switch {
	case w.Code == "":
		out[1] = errors.New("missing: a waiver names the code it waives")
	case w.Code == CodeExpiredWaiver || w.Code == CodeUnusedWaiver || w.Code == CodeInvalidWaivers:
		out[1] = errors.New("code " + strconv.Quote(string(w.Code)) + " is about waivers and cannot be waived")
	case ruleTable.ruleOf(w.Code) == nil:
		out[1] = errors.New("unknown code " + strconv.Quote(string(w.Code)) + " (preflight -rules lists the codes)")
	}
	if strings.TrimSpace(w.Reason) == "" {
		out[3] = errors.New("missing: a waiver says why the findings are accepted")
	}
	if w.Expires != "" {
		if _, err := parseDate(w.Expires); err != nil {
			out[4] = err
		}
	}
	return out
}

// parseDate reads a date YYYY-MM-DD.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return time.Time{}, errors.New("want a date YYYY-MM-DD, got " + strconv.Quote(s))
	}
	return t, nil
}

// expired reports whether a waiver whose last day is expires no longer
// applies on today (both dates compared in today's location); known is
// false when today is the zero time, when it cannot be said.
func expired(expires, today time.Time) (gone, known bool) {
	if today.IsZero() {
		return false, false
	}
	y, m, d := today.Date()
	now := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return now.After(expires), true
}

// globMatch reports whether s matches pattern, in which '*' matches any
// run of characters and every other byte itself. It takes time linear in
// len(s) plus len(pattern), whatever the pattern: the literal pieces
// between stars are found left to right, each at its first place, which is
// the right place for a pattern of stars alone (no backtracking).
func globMatch(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == s
	}
	if !strings.HasPrefix(s, pattern[:star]) {
		return false
	}
	s, pattern = s[star:], pattern[star+1:]
	for {
		star = strings.IndexByte(pattern, '*')
		if star < 0 {
			return strings.HasSuffix(s, pattern)
		}
		piece := pattern[:star]
		pattern = pattern[star+1:]
		i := strings.Index(s, piece)
		if i < 0 {
			return false
		}
		s = s[i+len(piece):]
	}
}

// Package waiverfile reads waiver files, the JSON documents
//
//	{"waivers": [{"code": "...", "where": "...", "reason": "...", "expires": "YYYY-MM-DD", "owner": "..."}]}
//
// strictly (internal/jsondecode), with each waiver's position and each
// problem's path, line and column, and holds what a waiver's values mean
// once read: a date, whether it has passed, the patterns of where, and
// which waiver applies to a finding (Index). It
// is the format half of the root's ParseWaivers and of Check's waivers:
// which codes a waiver may name is the root's rule table, given here as a
// function.
//
// Nothing here does I/O or keeps state.
package waiverfile

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsondecode"
	"github.com/vpcgate/vpcgate/internal/locate"
)

// Waiver is one waiver of a file, its values as written, and where its
// object starts (Column in Unicode characters).
type Waiver struct {
	// Code is the code of the findings it waives.
	Code string `json:"code"`
	// Where is the pattern of the places it waives.
	Where string `json:"where,omitempty"`
	// Reason says why the findings are accepted.
	Reason string `json:"reason"`
	// Expires is its last day, YYYY-MM-DD.
	Expires string `json:"expires,omitempty"`
	// Owner names who answers for it.
	Owner string `json:"owner,omitempty"`

	// Line and Column are where its object starts, counting from 1
	// (Column in Unicode characters).
	Line, Column int `json:"-"`
}

// file is the document Parse reads.
type file struct {
	Waivers []Waiver `json:"waivers"`
}

// Problem is one problem of a waiver file: the JSON path of the value,
// its line and column (counting from 1; the column in characters), and what is
// wrong.
type Problem struct {
	// Path is the value's JSON path.
	Path field.Path
	// Line and Column locate the problem, counting from 1.
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Parse reads a waiver file and returns its waivers (nil when it has no
// "waivers" list) and every problem, in order: the document's (malformed
// JSON, unknown fields, keys given twice, values of the wrong type), then,
// waiver by waiver, its values' ([Problems], with codeErr saying what is
// wrong with its code), an empty "where" and an empty "expires". A problem
// of a value the decoder already refused is not said again. Its cost is
// linear in len(data).
func Parse(data []byte, codeErr func(code string) error) ([]Waiver, []Problem) {
	var doc file
	var probs []Problem
	bad := map[field.Path]bool{} // the places of the decoder's problems: one mistake, one problem
	for _, p := range jsondecode.Decode(data, reflect.ValueOf(&doc).Elem()) {
		bad[p.Path] = true
		probs = append(probs, Problem(p))
	}
	// Where each waiver and each of its values is, found in one pass.
	var paths []field.Path
	for i := range doc.Waivers {
		w := field.Path("waivers").Index(i)
		paths = append(paths, w, w.Child("code"), w.Child("where"), w.Child("reason"), w.Child("expires"))
	}
	pos := locate.JSON(data, paths)
	problem := func(i, k int, err error) {
		p := pos[5*i+k] // a missing value: the waiver's object
		probs = append(probs, Problem{Path: paths[5*i+k], Line: p.Line, Column: p.Col, Err: err})
	}
	for i := range doc.Waivers {
		w := &doc.Waivers[i]
		w.Line, w.Column = pos[5*i].Line, pos[5*i].Col
		for k, err := range Problems(*w, codeErr) {
			if err == nil || bad[paths[5*i+k]] {
				continue
			}
			problem(i, k, err)
		}
		if w.Where == "" && pos[5*i+2].Exact {
			problem(i, 2, errors.New("empty pattern: leave where out to waive the code at every place"))
		}
		if w.Expires == "" && pos[5*i+4].Exact {
			problem(i, 4, errors.New("empty date: leave expires out for a waiver that does not expire"))
		}
	}
	return doc.Waivers, probs
}

// Problems returns the problems of w's values, indexed as Parse locates
// them: 1 code (codeErr's), 3 reason, 4 expires (nil where none).
func Problems(w Waiver, codeErr func(code string) error) [5]error {
	var out [5]error
	out[1] = codeErr(w.Code)
	if strings.TrimSpace(w.Reason) == "" {
		out[3] = errors.New("missing: a waiver says why the findings are accepted")
	}
	if w.Expires != "" {
		if _, err := ParseDate(w.Expires); err != nil {
			out[4] = err
		}
	}
	return out
}

// ParseDate reads a date YYYY-MM-DD.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return time.Time{}, errors.New("want a date YYYY-MM-DD, got " + strconv.Quote(s))
	}
	return t, nil
}

// Expired reports whether a waiver whose last day is expires no longer
// applies on today (both dates compared in today's location); known is
// false when today is the zero time, when it cannot be said.
func Expired(expires, today time.Time) (gone, known bool) {
	if today.IsZero() {
		return false, false
	}
	y, m, d := today.Date()
	now := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return now.After(expires), true
}

// Match reports whether s matches pattern, in which '*' matches any
// run of characters and every other byte itself. It takes time linear in
// len(s) plus len(pattern), whatever the pattern: the literal pieces
// between stars are found left to right, each at its first place, which is
// the right place for a pattern of stars alone (no backtracking).
func Match(pattern, s string) bool {
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

// Index finds the waiver that applies to a finding: the first, in the
// order added, whose code is the finding's and whose where matches the
// finding's where (exactly, as a pattern with '*' as [Match] reads it, or
// anywhere when empty). The zero value holds no waiver.
type Index struct {
	exact    map[[2]string]int    // (code, where) of a where without '*': the first waiver
	patterns map[string][]pattern // code: the waivers with a '*' or no where, in order
}

// pattern is a waiver whose where is a pattern, or empty.
type pattern struct {
	i     int
	where string
}

// Add adds waiver i, of code and where; i must be larger than every index
// added before.
func (x *Index) Add(i int, code, where string) {
	if x.exact == nil {
		x.exact, x.patterns = map[[2]string]int{}, map[string][]pattern{}
	}
	if where != "" && !strings.Contains(where, "*") {
		key := [2]string{code, where}
		if _, ok := x.exact[key]; !ok {
			x.exact[key] = i
		}
		return
	}
	x.patterns[code] = append(x.patterns[code], pattern{i, where})
}

// Find returns the first waiver that applies to a finding of code at
// where, or -1. Its cost is one lookup, plus a match per waiver of the
// code whose where is a pattern, up to the first that applies.
func (x *Index) Find(code, where string) int {
	best := -1
	if i, ok := x.exact[[2]string{code, where}]; ok {
		best = i
	}
	for _, p := range x.patterns[code] {
		if best >= 0 && p.i > best {
			break
		}
		if p.where == "" || Match(p.where, where) {
			best = p.i
			break
		}
	}
	return best
}

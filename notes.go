// This file implements the notes phase of Check: the notes of the plan's
// source, the verdicts they qualify, and Check's own warnings they replace.

package vpcgate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/locate"
	"github.com/vpcgate/vpcgate/internal/placeset"
)

// noteState is the state of the plan's notes: what the group phase asks
// of them (noteCount, counted once when a verdict first needs it), and the
// warnings the instance phase marks to keep when dropNoted runs last.
type noteState struct {
	noteCount map[int]int     // the unverified notes per group they concern (-1: none in particular), once counted
	kept      map[[2]int]bool // warnings (section, index) that a note of the source does not replace
	work      int             // bytes of places hashed and compared, APIs weighed for remedies: a cost, for tests
	// unknownAt maps each plan path that an unverified note names (Note.Path)
	// to the first such note, once built; see noted.
	unknownAt map[field.Path]int
	// covered holds the notes (by code and place) that a warning of
	// Check's own says in their place: see cover.
	covered map[noteKey]bool
}

// cover marks note k, and the notes of its code and place, as said by a
// warning of Check's own, which the phase that calls it adds in their
// place: the notes section leaves them out and verdicts do not count them.
// It returns their place, for the warning.
func (c *checker) cover(k int) string {
	n := c.p.Notes[k]
	where := c.noteWhere(n)
	if c.covered == nil {
		c.covered = map[noteKey]bool{}
	}
	c.covered[noteKey{n.Code, where}] = true
	return where
}

// noted returns the index of the unverified note of the plan whose Path is
// path or a path above it, and whether there is one: a value the plan's
// source could not know (a value known only after apply, a response not
// given). Cost: one lookup per element of path.
func (c *checker) noted(path field.Path) (int, bool) {
	if len(c.notedPaths()) == 0 {
		return 0, false
	}
	for q := path; q != ""; q = field.Path(placeset.Parent(string(q))) {
		if k, ok := c.unknownAt[q]; ok {
			return k, true
		}
	}
	return 0, false
}

// notedAt returns the index of the unverified note of the plan whose Path
// is path itself, and whether there is one.
func (c *checker) notedAt(path field.Path) (int, bool) {
	k, ok := c.notedPaths()[path]
	return k, ok
}

// notedPaths returns unknownAt, built at the first call.
func (c *checker) notedPaths() map[field.Path]int {
	if c.unknownAt == nil {
		c.unknownAt = map[field.Path]int{}
		for k, n := range c.p.Notes {
			if n.Path == "" || n.Code != CodeUnverified {
				continue
			}
			if _, dup := c.unknownAt[n.Path]; !dup {
				c.unknownAt[n.Path] = k
			}
		}
	}
	return c.unknownAt
}

// notesSubject is the subject of the section of the plan's notes.
const notesSubject = "what the plan's source leaves open"

func (c *checker) notes() {
	if len(c.p.Notes) == 0 {
		return
	}
	si := len(c.r.Sections)
	c.section(notesSubject)
	said := make(map[noteKey]bool, len(c.p.Notes))
	for k, n := range c.p.Notes {
		code, what, where := n.Code, n.What, c.noteWhere(n)
		if _, known := c.ex.byCode[code]; !known || code == CodeError {
			// A note of no known rule is something not verified.
			code, what = CodeUnverified, strconv.Quote(string(n.Code))+": "+n.What
		}
		if where == "" {
			// A finding always says where: the note's own place in the plan.
			where = string(field.Path("notes").Index(k))
		}
		key := noteKey{code: n.Code, where: where}
		if said[key] || c.covered[key] {
			continue // one value the source could not give, said once
		}
		said[key] = true
		r := c.ex.rule(code)
		f := Finding{Code: code, Where: where, What: what, Why: r.Why, Fix: r.Fix}
		c.sectionAt(si).Warnings = append(c.sectionAt(si).Warnings, f)
	}
}

// noteWhere returns the place of note n: its Where, or its Path's place
// when it gives no Where, or "" when it gives neither.
func (c *checker) noteWhere(n Note) string {
	if n.Where == "" && n.Path != "" {
		return c.where(n.Path)
	}
	return n.Where
}

// countNotes counts the plan's unverified notes per group they concern
// (-1 for none in particular). A note's Path names its group; a note
// without one is found through the plan's Source: the group of the nearest
// place at or above the note's that Source names. Source is indexed only
// when a note needs it.
func (c *checker) countNotes() {
	c.noteCount = map[int]int{}
	var ps *placeset.Set
	var groups []int // by member of ps
	// The notes of one place are one value: counted once, for no group in
	// particular when one of them is no group's, else once per group.
	type placeGroup struct {
		where string
		g     int
	}
	seen := map[placeGroup]bool{}
	var pairs []placeGroup // distinct, in order
	count := func(g int, n Note) {
		where := c.noteWhere(n)
		if where == "" {
			c.noteCount[g]++
			return
		}
		if k := (placeGroup{where, g}); !seen[k] {
			seen[k] = true
			pairs = append(pairs, k)
		}
	}
	for _, n := range c.p.Notes {
		if n.Code != CodeUnverified || c.covered[noteKey{n.Code, c.noteWhere(n)}] {
			continue
		}
		if n.Path != "" {
			count(groupIndex(n.Path), n)
			continue
		}
		if ps == nil {
			ps, groups = c.sourcePlaces()
		}
		g := -1
		for k := ps.Prefixes(n.Where) - 1; k >= 0; k-- { // the nearest first
			found := false
			ps.Each(n.Where, k, nil, func(i int32) bool {
				g, found = groups[i], true
				return false
			})
			if found {
				break
			}
		}
		count(g, n)
	}
	for _, k := range pairs {
		if k.g == -1 || !seen[placeGroup{k.where, -1}] {
			c.noteCount[k.g]++
		}
	}
	if ps != nil {
		c.work += ps.Work()
	}
}

// noteKey identifies the notes of one code and place.
type noteKey struct {
	code  Code
	where string
}

// sourcePlaces returns the places of the plan's Source, and the group of
// each (by member), or -1 when it is no group's or several's.
func (c *checker) sourcePlaces() (*placeset.Set, []int) {
	groupOf := make(map[string]int, len(c.p.Source)) // a source place: its group, or -1
	for path, place := range c.p.Source {
		g := groupIndex(path)
		if prev, seen := groupOf[place]; seen && prev != g {
			g = -1 // the place of several groups' values, or of other values too
		}
		groupOf[place] = g
	}
	ps := placeset.New(len(groupOf))
	groups := make([]int, 0, len(groupOf))
	for place, g := range groupOf {
		ps.Add(place)
		groups = append(groups, g)
	}
	return ps, groups
}

// groupIndex returns g for a path under "groups[g]", else -1.
func groupIndex(p field.Path) int {
	if g, _, ok := locate.Index(p, "groups"); ok {
		return g
	}
	return -1
}

// caveat qualifies a verdict that group g would work on target t (-1: the
// plan's notes only) when what it rests on is unverified: values the plan's
// source left unverified that may bear on it (those of the group itself,
// and those of no group: an instance, a VPC, an authorization, a security
// group, or a note whose path is not given and whose place the plan's
// Source does not name; not other groups'), and what [checker.openParts]
// finds. A note's group is its Path's, or found through Source
// (countNotes).
func (c *checker) caveat(g, t int) string {
	if c.noteCount == nil {
		c.countNotes()
	}
	var parts []string
	if n := c.noteCount[-1] + c.noteCount[g]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d value(s) of its source that may bear on it are unverified: see %q", n, notesSubject))
	}
	if t >= 0 {
		parts = append(parts, c.openParts(g, t)...)
	}
	if len(parts) == 0 {
		return ""
	}
	return ", as far as the plan says (" + strings.Join(parts, "; ") + ")"
}

// keep marks warning k of section si as one that a note of the plan's
// source does not replace (see dropNoted).
func (c *checker) keep(si, k int) {
	if c.kept == nil {
		c.kept = map[[2]int]bool{}
	}
	c.kept[[2]int{si, k}] = true
}

// dropNoted removes Check's own unverified warnings (those without an
// error) at a place where, or above where, the plan's source left a note,
// or at the place of a value a note concerns (its Path's): the source says
// better what it could not give.
//
// The warnings that leave an instance's reach unverified are kept: what
// depends on them is said there. The cost is linear in the length of the
// notes' places and the warnings'.
func (c *checker) dropNoted() {
	if len(c.p.Notes) == 0 {
		return
	}
	sections := c.r.Sections[:len(c.r.Sections)-1] // the last is the notes'
	// Check's own warnings that a note could take the place of.
	var ps *placeset.Set
	member := map[string]int32{}
	for i := range sections {
		for k, f := range sections[i].Warnings {
			if f.Code != CodeUnverified || f.Err != nil || c.kept[[2]int{i, k}] {
				continue
			}
			if _, dup := member[f.Where]; !dup {
				if ps == nil {
					ps = placeset.New(0)
				}
				member[f.Where] = ps.Add(f.Where)
			}
		}
	}
	if ps == nil {
		return
	}
	noted := make([]bool, ps.Len()) // by member: a note is there or below, or its value is there
	skip := func(i int32) bool { return noted[i] }
	for _, n := range c.p.Notes {
		if n.Code != CodeUnverified {
			continue
		}
		where := c.noteWhere(n)
		for k := range ps.Prefixes(where) {
			ps.Each(where, k, skip, func(i int32) bool {
				noted[i] = true
				return true
			})
		}
		if n.Path != "" {
			// The place of the value that rests on what the note says is
			// not known (only there, not above it: an instance's value is
			// not the instance).
			if m, ok := member[c.where(n.Path)]; ok {
				noted[m] = true
			}
		}
	}
	c.work += ps.Work()
	for i := range sections {
		s := &sections[i]
		keep := s.Warnings[:0]
		for k, f := range s.Warnings {
			if m, ok := member[f.Where]; !ok || !noted[m] || f.Code != CodeUnverified || f.Err != nil || c.kept[[2]int{i, k}] {
				keep = append(keep, f)
			}
		}
		s.Warnings = keep
	}
}

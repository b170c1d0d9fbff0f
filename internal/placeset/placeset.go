// Package placeset holds a set of places (JSON paths, or the places a
// reader names, where notes and findings are) that finds, for a place,
// the members that are that place or one of its ancestors in time linear
// in the place's length, however many parts it has. The root's Check uses
// it to find the group a note's place lies under and the warnings a note
// replaces.
//
// Nothing here does I/O or keeps global state; a Set is not safe for
// concurrent use.
package placeset

import (
	"hash/maphash"
	"strings"
)

// Set is a set of places that finds, for a place q, the members that are
// q or one of its ancestors ([Parent]). Its cost is linear in q's length: q's
// ancestors are its prefixes, hashed in one pass over q, where looking each
// one up anew would hash q's bytes once per ancestor (the square of its
// length when it has many parts). A hash that matches is confirmed by
// comparing the text, so the answer never depends on the hash.
type Set struct {
	seed   maphash.Seed
	places []string
	head   map[uint64]int32 // the last member added of each hash
	next   []int32          // the member added before it with the same hash, or -1

	// Buffers for the query being answered: the lengths of q's ancestors,
	// shortest first (q's own length last), and the hash of each prefix.
	cuts []int
	sums []uint64

	work int // bytes hashed and compared, and prefixes looked up
}

// Parent returns place without its last element: an index or quoted key
// in brackets, or a name after a dot; "" for a place of one element. The
// ancestors of a place, which [Set.Prefixes] finds in one pass, are its
// Parent, its Parent's Parent, and so on.
func Parent(place string) string {
	if strings.HasSuffix(place, "]") {
		if i := strings.LastIndexByte(place, '['); i >= 0 {
			return place[:i]
		}
	}
	if i := strings.LastIndexByte(place, '.'); i >= 0 {
		return place[:i]
	}
	return ""
}

// New returns an empty set with room for n places.
func New(n int) *Set {
	return &Set{seed: maphash.MakeSeed(), head: make(map[uint64]int32, n), next: make([]int32, 0, n), places: make([]string, 0, n)}
}

// Add adds place and returns its index. Adding a place twice gives it two
// indexes.
func (s *Set) Add(place string) int32 {
	i := int32(len(s.places))
	h := maphash.String(s.seed, place)
	s.work += len(place)
	prev, ok := s.head[h]
	if !ok {
		prev = -1
	}
	s.places = append(s.places, place)
	s.next = append(s.next, prev)
	s.head[h] = i
	return i
}

// Len returns the number of places added.
func (s *Set) Len() int { return len(s.places) }

// Work returns the bytes hashed and compared, and the prefixes looked up,
// so far: the set's cost, which tests bound.
func (s *Set) Work() int { return s.work }

// Prefixes prepares the set to answer for q ([Set.Each]) and returns the
// number of q's ancestors, q included. It costs O(len(q)): the ancestors
// are found by scanning q once from its end, and their hashes by writing q
// once.
func (s *Set) Prefixes(q string) int {
	s.cuts = s.cuts[:0]
	noOpen := false // no '[' lies before the current end
	for e := len(q); e > 0; {
		s.cuts = append(s.cuts, e)
		// q[:e] without its last element, scanning only the bytes between e and its cut.
		cut := -1
		if q[e-1] == ']' && !noOpen {
			for i := e - 1; i >= 0; i-- {
				if q[i] == '[' {
					cut = i
					break
				}
			}
			noOpen = cut < 0
			s.work += e - max(cut, 0)
		}
		if cut < 0 {
			for i := e - 1; i >= 0; i-- {
				if q[i] == '.' {
					cut = i
					break
				}
			}
			s.work += e - max(cut, 0)
		}
		e = max(cut, 0)
	}
	// Shortest first, each hash written on from the last.
	for i, j := 0, len(s.cuts)-1; i < j; i, j = i+1, j-1 {
		s.cuts[i], s.cuts[j] = s.cuts[j], s.cuts[i]
	}
	s.sums = s.sums[:0]
	var h maphash.Hash
	h.SetSeed(s.seed)
	from := 0
	for _, e := range s.cuts {
		h.WriteString(q[from:e])
		s.work += e - from + 1
		from = e
		s.sums = append(s.sums, h.Sum64())
	}
	return len(s.cuts)
}

// Each calls f with the index of every member equal to q's ancestor k
// (0 is the shortest, and Prefixes(q)-1 is q itself), after a call of
// Prefixes(q); f returns false to stop, and Each then returns false. A
// member for which skip returns true is passed over without its text being
// compared.
func (s *Set) Each(q string, k int, skip func(int32) bool, f func(int32) bool) bool {
	i, ok := s.head[s.sums[k]]
	for ok && i >= 0 {
		if skip == nil || !skip(i) {
			p := q[:s.cuts[k]]
			s.work += len(p)
			if s.places[i] == p && !f(i) {
				return false
			}
		}
		i = s.next[i]
	}
	return true
}

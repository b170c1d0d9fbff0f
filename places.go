package vpcgate

import "hash/maphash"

// placeSet is a set of places (where a note or a finding is) that finds,
// for a place q, the members that are q or one of its ancestors, the places
// that [parent] finds from q. Its cost is linear in q's length: q's
// ancestors are its prefixes, hashed in one pass over q, where looking each
// one up anew would hash q's bytes once per ancestor (the square of its
// length when it has many parts). A hash that matches is confirmed by
// comparing the text, so the answer never depends on the hash.
type placeSet struct {
	seed   maphash.Seed
	places []string
	head   map[uint64]int32 // the last member added of each hash
	next   []int32          // the member added before it with the same hash, or -1

	// Buffers for the query being answered: the lengths of q's ancestors,
	// shortest first (q's own length last), and the hash of each prefix.
	cuts []int
	sums []uint64

	work int // bytes hashed and compared, and prefixes looked up: the cost, for tests
}

func newPlaceSet(n int) *placeSet {
	return &placeSet{seed: maphash.MakeSeed(), head: make(map[uint64]int32, n), next: make([]int32, 0, n), places: make([]string, 0, n)}
}

// add adds place and returns its index. Adding a place twice gives it two
// indexes.
func (s *placeSet) add(place string) int32 {
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

// prefixes sets s.cuts and s.sums for q: the lengths of q and of each of
// its ancestors, shortest first, and the hash of each such prefix. It costs
// O(len(q)): the ancestors are found by scanning q once from its end, and
// the hashes by writing q once.
func (s *placeSet) prefixes(q string) {
	s.cuts = s.cuts[:0]
	noOpen := false // no '[' lies before the current end
	for e := len(q); e > 0; {
		s.cuts = append(s.cuts, e)
		// parent(q[:e]), scanning only the bytes between e and its cut.
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
}

// each calls f with every member equal to q[:s.cuts[k]], after a call of
// prefixes(q); f returns false to stop. A member for which skip returns
// true is passed over without its text being compared.
func (s *placeSet) each(q string, k int, skip func(int32) bool, f func(int32) bool) bool {
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

// Package smallset holds, for each of n items, a set of small integers
// below a known bound: one 64-bit word per item when the bound is at most
// 64 (no allocation per item), a list per item otherwise. The root's Check
// keeps with it the instances each authorization is checked against.
//
// Nothing here does I/O or keeps global state; a Sets is not safe for
// concurrent use.
package smallset

import (
	"math/bits"
	"slices"
)

// Sets is a set of integers in [0, bound) per item in [0, n).
type Sets struct {
	bits  []uint64
	lists [][]int
}

// New returns n empty sets of integers below bound.
func New(n, bound int) *Sets {
	if bound <= 64 {
		return &Sets{bits: make([]uint64, n)}
	}
	return &Sets{lists: make([][]int, n)}
}

// Add adds v to item i's set.
func (s *Sets) Add(i, v int) {
	if s.bits != nil {
		s.bits[i] |= 1 << v
	} else if !slices.Contains(s.lists[i], v) {
		s.lists[i] = append(s.lists[i], v)
	}
}

// Empty reports whether item i's set is empty.
func (s *Sets) Empty(i int) bool {
	if s.bits != nil {
		return s.bits[i] == 0
	}
	return len(s.lists[i]) == 0
}

// Of returns item i's set: in increasing order, appended to buf, when the
// bound is at most 64; otherwise in the order added, as a list that the
// caller must not change.
func (s *Sets) Of(i int, buf []int) []int {
	if s.bits == nil {
		return s.lists[i]
	}
	out := buf
	for b := s.bits[i]; b != 0; b &= b - 1 {
		out = append(out, bits.TrailingZeros64(b))
	}
	return out
}

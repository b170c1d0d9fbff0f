package cidr

import (
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/field"
)

// Overlap is a pair of overlapping prefixes, A from the first list given to
// [Overlapping] (or to [Index.Overlapping]) and B from the second (or from
// the list the [Index] was built from). The prefixes are returned as given.
type Overlap struct {
	// A is the prefix from the first list, as given.
	A netip.Prefix
	// B is the prefix from the second list, as given.
	B netip.Prefix
}

// Overlapping returns every pair (a[i], b[j]) of prefixes that share an
// address, ordered by i, then by j. Two prefixes overlap exactly when one
// contains the other.
//
// Host bits are ignored. IPv4 and IPv6 prefixes never overlap; an
// IPv4-mapped prefix inside ::ffff:0:0/96 is the IPv4 prefix it maps, and a
// wider IPv6 prefix meets IPv6 prefixes only, as in [Set]. Invalid prefixes
// overlap nothing. Duplicates are reported once per index. Neither slice is
// modified.
//
// It builds an [Index] of b and asks it for a, in
// O((n+m) log(n+m) + k log k) for k pairs. To list the pairs of many lists
// against the same b, build the Index once with [NewIndex].
func Overlapping(a, b []netip.Prefix) []Overlap {
	x := newIndex(b)
	return x.Overlapping(a)
}

// Index is an immutable index of a list of prefixes that keeps each
// prefix's position, to list the pairs that overlap another list with
// [Index.Overlapping] as often as needed.
//
// The zero Index is the index of the empty list. An Index is safe for
// concurrent use; it keeps its own copy of the list.
type Index struct {
	ps []netip.Prefix // the list, as given
	f4 forest         // IPv4
	f6 forest         // IPv6
}

// NewIndex returns the index of ps, the list that [Index.Overlapping]
// pairs against. An invalid prefix (the zero netip.Prefix, or one with an
// out-of-range length) is a [*field.Error] at its index (ps[2]) that
// matches [ErrInvalidPrefix]; the Index is then empty. Host bits are ignored and
// mapped prefixes unmapped, as in [Overlapping]. NewIndex keeps no
// reference to ps. It costs O(n log n).
func NewIndex(ps []netip.Prefix) (Index, error) {
	for i, p := range ps {
		if !p.IsValid() {
			return Index{}, field.New(field.Path("ps").Index(i), errZeroPrefix)
		}
	}
	return newIndex(ps), nil
}

// newIndex indexes the valid prefixes of ps and skips the others.
func newIndex(ps []netip.Prefix) Index {
	x := Index{ps: slices.Clone(ps)}
	var n4, n6 int
	for _, p := range ps {
		switch {
		case !p.IsValid():
		case UnmapPrefix(p).Addr().Is4():
			n4++
		default:
			n6++
		}
	}
	if n4 > 0 {
		x.f4 = newForest(x.ps, n4, true)
	}
	if n6 > 0 {
		x.f6 = newForest(x.ps, n6, false)
	}
	return x
}

// Len returns the number of prefixes in the indexed list.
func (x Index) Len() int { return len(x.ps) }

// Overlapping returns every pair (a[i], x's prefix j) that shares an
// address, ordered by i, then by j, exactly as [Overlapping](a, ps) for the
// list ps that x was built from: host bits are ignored, mapped prefixes
// unmapped, families disjoint, and invalid prefixes of a overlap nothing.
// a is not modified.
//
// Each prefix of a costs O(log n) plus its pairs (sorted by j), and the
// result is the only allocation unless one prefix of a overlaps more than
// 64 of the list.
func (x Index) Overlapping(a []netip.Prefix) []Overlap {
	var out []Overlap
	var buf [64]int32
	hits := buf[:0]
	for _, pa := range a {
		if !pa.IsValid() {
			continue
		}
		p := UnmapPrefix(pa)
		hits = hits[:0]
		if p.Addr().Is4() {
			lo, hi := range4(p)
			hits = x.f4.hits(hits, rng{u128{0, uint64(lo)}, u128{0, uint64(hi)}})
		} else {
			hits = x.f6.hits(hits, range6(p))
		}
		if len(hits) > 1 {
			slices.Sort(hits)
		}
		for _, j := range hits {
			out = append(out, Overlap{pa, x.ps[j]})
		}
	}
	return out
}

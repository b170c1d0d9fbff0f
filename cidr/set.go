package cidr

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"go4.org/netipx"
)

// Set is an immutable set of IP addresses, IPv4 and IPv6 together.
//
// The zero value is the empty set. A Set is a small value (two pointers):
// copy it freely. No method modifies its receiver or an argument, and no
// method returns memory that the Set keeps, so a Set is safe for concurrent
// use by any number of goroutines.
//
// IPv4-mapped IPv6 addresses and prefixes (::ffff:a.b.c.d) are the IPv4
// addresses they map, both when a Set is built and when it is queried: a Set
// built from 10.0.0.0/8 contains ::ffff:10.0.0.1, and a Set built from
// ::ffff:10.0.0.0/104 contains 10.0.0.1. An IPv6 prefix that covers all of
// ::ffff:0:0/96 (such as ::/0 or ::/80) therefore covers all of IPv4 too.
// Other IPv6 forms that embed IPv4 (::a.b.c.d, 64:ff9b::/96, 2002::/16) are
// plain IPv6. An address with an IPv6 zone is in no Set.
//
// Internally a Set keeps sorted, disjoint ranges per family with a small
// index on their high bits: Contains, ContainsPrefix and OverlapsPrefix cost
// O(log n) or better and Overlaps O(n+m) or better, all without allocating.
type Set struct {
	v4 *table4
	v6 *table6
}

// NewSet returns the set of the addresses in the given prefixes.
//
// As with [netipx.IPSetBuilder], host bits below a prefix's length are
// ignored (10.0.0.1/8 adds 10.0.0.0/8); use [ParsePrefix] to reject them in
// text. Overlapping and duplicate prefixes are fine. An invalid prefix (the
// zero netip.Prefix, or one with an out-of-range length) is an error that
// matches [ErrInvalidPrefix] and names its index; the Set is then empty.
// NewSet keeps no reference to prefixes. It costs O(n log n).
func NewSet(prefixes ...netip.Prefix) (Set, error) {
	var r4 []uint64
	var r6 []rng
	for i, p := range prefixes {
		switch {
		case !p.IsValid():
			return Set{}, fmt.Errorf("prefixes[%d]: %w: zero or out-of-range netip.Prefix", i, ErrInvalidPrefix)
		case p.Addr().Is4():
			if r4 == nil {
				r4 = make([]uint64, 0, len(prefixes)-i)
			}
			lo, hi := range4(p)
			r4 = append(r4, uint64(lo)<<32|uint64(hi))
		default:
			if r6 == nil {
				r6 = make([]rng, 0, len(prefixes)-i)
			}
			r6 = append(r6, prefixRange(p))
		}
	}
	return build(r4, r6), nil
}

// range4 returns the first and last address of a valid IPv4 prefix.
func range4(p netip.Prefix) (lo, hi uint32) {
	b := p.Addr().As4()
	m := ^uint32(0)
	if n := p.Bits(); n < 32 {
		m = ^(^uint32(0) >> n)
	}
	lo = binary.BigEndian.Uint32(b[:]) & m
	return lo, lo | ^m
}

// build turns unsorted ranges (packed IPv4 ranges, and ranges of the unified
// space) into a Set. It may reorder and overwrite both slices.
func build(r4 []uint64, r6 []rng) Set {
	if len(r6) > 0 {
		sortRanges(r6)
		merged := coalesce(r6)
		rest := make([]rng, 0, len(merged)+1)
		for _, r := range merged {
			below, in, above := splitMapped(r)
			if in.ok {
				r4 = append(r4, uint64(in.lo)<<32|uint64(in.hi))
			}
			if below.ok {
				rest = append(rest, below.r)
			}
			if above.ok {
				rest = append(rest, above.r)
			}
		}
		r6 = rest
	}
	if !slices.IsSorted(r4) {
		radixSort(r4, identity)
	}
	// Merge overlapping and adjacent IPv4 ranges in place.
	out := r4[:0]
	for _, v := range r4 {
		if n := len(out); n > 0 && uint64(v>>32) <= uint64(uint32(out[n-1]))+1 {
			if uint32(v) > uint32(out[n-1]) {
				out[n-1] = out[n-1]&^0xffff_ffff | v&0xffff_ffff
			}
			continue
		}
		out = append(out, v)
	}
	return Set{v4: newTable4(trim(out)), v6: newTable6(trim(r6))}
}

// trim returns s in a slice of its own length when it wastes much capacity.
func trim[E any](s []E) []E {
	if len(s) < cap(s)*3/4 {
		return slices.Clone(s)
	}
	return s
}

// coalesce merges sorted ranges that overlap or touch, in place.
func coalesce(r []rng) []rng {
	out := r[:0]
	for _, x := range r {
		if n := len(out); n > 0 && (out[n-1].hi == maxU128 || !out[n-1].hi.inc().less(x.lo)) {
			if out[n-1].hi.less(x.hi) {
				out[n-1].hi = x.hi
			}
			continue
		}
		out = append(out, x)
	}
	return out
}

type part struct {
	r  rng
	ok bool
}

type part4 struct {
	lo, hi uint32
	ok     bool
}

// splitMapped splits a range of the unified space into its parts below,
// inside and above ::ffff:0:0/96.
func splitMapped(r rng) (below part, in part4, above part) {
	if r.lo.less(mapped4Lo) {
		below = part{rng{r.lo, minU(r.hi, mapped4Lo.dec())}, true}
	}
	if mapped4Hi.less(r.hi) {
		above = part{rng{maxU(r.lo, mapped4Hi.inc()), r.hi}, true}
	}
	if lo, hi := maxU(r.lo, mapped4Lo), minU(r.hi, mapped4Hi); !hi.less(lo) {
		in = part4{uint32(lo.lo), uint32(hi.lo), true}
	}
	return below, in, above
}

func minU(a, b u128) u128 {
	if b.less(a) {
		return b
	}
	return a
}

func maxU(a, b u128) u128 {
	if a.less(b) {
		return b
	}
	return a
}

// IsEmpty reports whether s holds no address.
func (s Set) IsEmpty() bool { return s.v4 == nil && s.v6 == nil }

// Equal reports whether s and o hold the same addresses. It does not allocate.
func (s Set) Equal(o Set) bool { return s.v4.equal(o.v4) && s.v6.equal(o.v6) }

// Contains reports whether s holds the address a.
//
// An IPv4-mapped IPv6 address is looked up as the IPv4 address it maps.
// The zero Addr and any address with an IPv6 zone are in no Set.
// It costs O(log n) and does not allocate.
func (s Set) Contains(a netip.Addr) bool {
	if a.Is4() {
		b := a.As4()
		x := binary.BigEndian.Uint32(b[:])
		return s.v4.covers(x, x)
	}
	if !a.IsValid() || a.Zone() != "" {
		return false
	}
	x := addrTo128(a)
	if x.in4() {
		return s.v4.covers(uint32(x.lo), uint32(x.lo))
	}
	return s.v6.covers(rng{x, x})
}

// ContainsPrefix reports whether s holds every address of p.
//
// Host bits of p are ignored; an IPv4-mapped prefix is looked up as the IPv4
// prefix it maps. The zero Prefix is contained in no Set.
// It costs O(log n) and does not allocate.
func (s Set) ContainsPrefix(p netip.Prefix) bool {
	if p.Addr().Is4() && p.IsValid() {
		return s.v4.covers(range4(p))
	}
	if !p.IsValid() {
		return false
	}
	return s.coversRange(prefixRange(p))
}

// OverlapsPrefix reports whether s holds any address of p.
//
// Host bits of p are ignored; an IPv4-mapped prefix is looked up as the IPv4
// prefix it maps. The zero Prefix overlaps no Set.
// It costs O(log n) and does not allocate.
func (s Set) OverlapsPrefix(p netip.Prefix) bool {
	if p.Addr().Is4() && p.IsValid() {
		return s.v4.meets(range4(p))
	}
	if !p.IsValid() {
		return false
	}
	return s.meetsRange(prefixRange(p))
}

// Overlaps reports whether s and o share any address.
//
// It compares the sets' bounds first, then either probes the larger set
// with each range of the smaller (O(m log n)) or merges both (O(n+m)),
// whichever is cheaper. It does not allocate.
func (s Set) Overlaps(o Set) bool { return s.v4.overlaps(o.v4) || s.v6.overlaps(o.v6) }

func (s Set) coversRange(r rng) bool {
	if r.hi.less(mapped4Lo) || mapped4Hi.less(r.lo) {
		return s.v6.covers(r)
	}
	below, in, above := splitMapped(r)
	return (!below.ok || s.v6.covers(below.r)) &&
		(!in.ok || s.v4.covers(in.lo, in.hi)) &&
		(!above.ok || s.v6.covers(above.r))
}

func (s Set) meetsRange(r rng) bool {
	if r.hi.less(mapped4Lo) || mapped4Hi.less(r.lo) {
		return s.v6.meets(r)
	}
	below, in, above := splitMapped(r)
	return (below.ok && s.v6.meets(below.r)) ||
		(in.ok && s.v4.meets(in.lo, in.hi)) ||
		(above.ok && s.v6.meets(above.r))
}

// ranges returns the set as sorted, disjoint, non-adjacent ranges of the
// unified space, in a new slice.
func (s Set) ranges() []rng {
	var r4 []uint64
	var r6 []rng
	if s.v4 != nil {
		r4 = s.v4.r
	}
	if s.v6 != nil {
		r6 = s.v6.r
	}
	out := make([]rng, 0, len(r4)+len(r6))
	i := 0
	for ; i < len(r6) && r6[i].lo.less(mapped4Lo); i++ {
		out = append(out, r6[i])
	}
	for _, v := range r4 {
		out = append(out, rng{u128From4(uint32(v >> 32)), u128From4(uint32(v))})
	}
	out = append(out, r6[i:]...)
	return coalesce(out)
}

// fromRanges builds a Set from sorted, disjoint ranges of the unified space.
func fromRanges(r []rng) Set {
	var r4 []uint64
	var r6 []rng
	for _, x := range r {
		below, in, above := splitMapped(x)
		if below.ok {
			r6 = append(r6, below.r)
		}
		if in.ok {
			r4 = append(r4, uint64(in.lo)<<32|uint64(in.hi))
		}
		if above.ok {
			r6 = append(r6, above.r)
		}
	}
	return Set{v4: newTable4(r4), v6: newTable6(r6)}
}

// Prefixes returns the minimal list of prefixes that covers s exactly:
// IPv4 prefixes first, then IPv6, each in address order. A block made only
// of IPv4-mapped addresses is returned in IPv4 form. The result is a new
// slice, nil for the empty set. It costs O(n) allocations of the result.
func (s Set) Prefixes() []netip.Prefix {
	if s.IsEmpty() {
		return nil
	}
	var v4, v6 []netip.Prefix
	for _, r := range s.ranges() {
		if r.lo.in4() && r.hi.in4() {
			v4 = appendPrefixes(v4, r)
		} else {
			v6 = appendPrefixes(v6, r)
		}
	}
	return append(v4, v6...)
}

// Ranges returns s as sorted, disjoint, non-adjacent address ranges, IPv4
// first, in a new slice; nil for the empty set. A range that reaches into
// ::ffff:0:0/96 from outside is returned in IPv6 form.
func (s Set) Ranges() []netipx.IPRange {
	if s.IsEmpty() {
		return nil
	}
	var v4, v6 []netipx.IPRange
	for _, r := range s.ranges() {
		if r.lo.in4() && r.hi.in4() {
			v4 = append(v4, netipx.IPRangeFrom(r.lo.addr(), r.hi.addr()))
		} else {
			v6 = append(v6, netipx.IPRangeFrom(r.lo.addr16(), r.hi.addr16()))
		}
	}
	return append(v4, v6...)
}

// String returns the prefixes of s, as in "[10.0.0.0/8 2001:db8::/32]";
// "[]" for the empty set.
func (s Set) String() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, p := range s.Prefixes() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.String())
	}
	b.WriteByte(']')
	return b.String()
}

// Union returns the set of addresses in s or o. It costs O(n+m).
func (s Set) Union(o Set) Set {
	switch {
	case o.IsEmpty():
		return s
	case s.IsEmpty():
		return o
	}
	a, b := s.ranges(), o.ranges()
	out := make([]rng, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || (i < len(a) && a[i].lo.less(b[j].lo)) {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return fromRanges(coalesce(out))
}

// Intersect returns the set of addresses in both s and o. It costs O(n+m).
func (s Set) Intersect(o Set) Set {
	a, b := s.ranges(), o.ranges()
	var out []rng
	for i, j := 0, 0; i < len(a) && j < len(b); {
		lo, hi := maxU(a[i].lo, b[j].lo), minU(a[i].hi, b[j].hi)
		if !hi.less(lo) {
			out = append(out, rng{lo, hi})
		}
		if a[i].hi.less(b[j].hi) {
			i++
		} else {
			j++
		}
	}
	return fromRanges(out)
}

// Subtract returns the set of addresses in s and not in o. It costs O(n+m).
func (s Set) Subtract(o Set) Set {
	if s.IsEmpty() || o.IsEmpty() {
		return s
	}
	a, b := s.ranges(), o.ranges()
	var out []rng
	j := 0
	for _, r := range a {
		lo := r.lo
		for j < len(b) && b[j].hi.less(lo) {
			j++
		}
		done := false
		for k := j; k < len(b) && !r.hi.less(b[k].lo); k++ {
			if lo.less(b[k].lo) {
				out = append(out, rng{lo, b[k].lo.dec()})
			}
			if !b[k].hi.less(r.hi) {
				done = true
				break
			}
			lo = b[k].hi.inc()
		}
		if !done {
			out = append(out, rng{lo, r.hi})
		}
	}
	return fromRanges(out)
}

// FreePrefix returns the lowest block of length bits inside within that
// shares no address with s, and whether there is one.
//
// bits counts in within's family (a /24 inside an IPv4 within) and must lie
// between within.Bits() and the family's bit length; otherwise, and for an
// invalid within, FreePrefix returns false. Host bits of within are ignored,
// and an IPv4-mapped within is searched as the IPv4 prefix it maps, with an
// IPv4 result. It costs O(k·w·log n) for k ranges of s inside within and an
// address width w, and allocates nothing.
func (s Set) FreePrefix(within netip.Prefix, bits int) (netip.Prefix, bool) {
	if !within.IsValid() || bits < within.Bits() || bits > within.Addr().BitLen() {
		return netip.Prefix{}, false
	}
	n := within.Bits()
	if within.Addr().Is4() {
		n, bits = n+96, bits+96
	}
	return s.free(prefixRange(within).lo, n, bits)
}

// free searches the block of n bits at lo, depth first, lowest half first.
func (s Set) free(lo u128, n, target int) (netip.Prefix, bool) {
	r := rng{lo, lo.or(hostMask(n))}
	if !s.meetsRange(r) {
		return prefixAt(lo, target), true
	}
	if n == target || s.coversRange(r) {
		return netip.Prefix{}, false
	}
	if p, ok := s.free(lo, n+1, target); ok {
		return p, true
	}
	return s.free(lo.or(hostMask(n).andNot(hostMask(n+1))), n+1, target)
}

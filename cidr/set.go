package cidr

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"go4.org/netipx"
)

// Set is an immutable set of IP addresses, IPv4 and IPv6 together.
//
// The zero value is the empty set. A Set is a small value (two pointers):
// copy it freely. No method modifies its receiver or an argument, and no
// method returns memory that the Set keeps, so a Set is safe for concurrent
// use by any number of goroutines. Sets cannot be compared with ==, which
// would compare their pointers: use [Set.Equal].
//
// IPv4 and IPv6 are disjoint families, as in [net/netip]: no IPv6 prefix,
// not even ::/0, holds, covers or overlaps an IPv4 address, and no IPv4
// prefix an IPv6 one.
//
// IPv4-mapped IPv6 addresses and prefixes lying inside ::ffff:0:0/96 are the
// IPv4 addresses they map, both when a Set is built and when it is queried:
// a Set built from 10.0.0.0/8 contains ::ffff:10.0.0.1, and a Set built from
// ::ffff:10.0.0.0/104 is the set 10.0.0.0/8. So the addresses of
// ::ffff:0:0/96 are IPv4 addresses and never IPv6 ones: an IPv6 prefix that
// is wider than that block (::/0, ::/80, ::fffe:0:0/95) stands for its IPv6
// addresses outside it, and {::/0} does not contain ::ffff:10.0.0.5, which
// is 10.0.0.5. Other IPv6 forms that embed IPv4 (::a.b.c.d, 64:ff9b::/96,
// 2002::/16) are plain IPv6. An address with an IPv6 zone is in no Set.
//
// Internally a Set keeps sorted, disjoint ranges per family with a small
// index on their high bits; the IPv6 ranges never meet ::ffff:0:0/96.
// Contains, ContainsPrefix and OverlapsPrefix cost O(log n) or better and
// Overlaps O(n+m) or better, all without allocating.
type Set struct {
	_  [0]func() // not comparable: use Equal
	v4 *table4
	v6 *table6
}

// NewSet returns the set of the addresses in the given prefixes.
//
// As with [netipx.IPSetBuilder], host bits below a prefix's length are
// ignored (10.0.0.1/8 adds 10.0.0.0/8); use [ParsePrefix] to reject them in
// text. An IPv4-mapped prefix inside ::ffff:0:0/96 adds the IPv4 prefix it
// maps; a wider IPv6 prefix adds IPv6 addresses only (see [Set]).
// Overlapping and duplicate prefixes are fine. An invalid prefix (the zero
// netip.Prefix, or one with an out-of-range length) is a [*field.Error] at
// its index (prefixes[2]) that matches [ErrInvalidPrefix]; the Set is then
// empty.
// NewSet keeps no reference to prefixes. It costs O(n log n).
func NewSet(prefixes ...netip.Prefix) (Set, error) {
	var r4 []uint64
	var r6 []rng
	for i, p := range prefixes {
		if !p.IsValid() {
			return Set{}, field.New(field.Path("prefixes").Index(i), errZeroPrefix)
		}
		if p = UnmapPrefix(p); p.Addr().Is4() {
			if r4 == nil {
				r4 = make([]uint64, 0, len(prefixes)-i)
			}
			lo, hi := range4(p)
			r4 = append(r4, uint64(lo)<<32|uint64(hi))
		} else {
			if r6 == nil {
				r6 = make([]rng, 0, len(prefixes)-i)
			}
			r6 = append(r6, range6(p))
		}
	}
	return build(r4, r6), nil
}

// build turns unsorted packed IPv4 ranges and unsorted IPv6 ranges into a
// Set. It may reorder and overwrite both slices.
func build(r4 []uint64, r6 []rng) Set {
	if len(r6) > 0 {
		sortRanges(r6)
		r6 = cutMapped(coalesce(r6))
	}
	if !slices.IsSorted(r4) {
		sortUint64(r4)
	}
	// Merge overlapping and adjacent IPv4 ranges in place.
	out := r4[:0]
	for _, v := range r4 {
		if n := len(out); n > 0 && v>>32 <= out[n-1]&0xffff_ffff+1 {
			if uint32(v) > uint32(out[n-1]) {
				out[n-1] = out[n-1]&^0xffff_ffff | v&0xffff_ffff
			}
			continue
		}
		out = append(out, v)
	}
	return Set{v4: newTable4(trim(out)), v6: newTable6(trim(r6))}
}

// cutMapped removes ::ffff:0:0/96 from sorted, disjoint IPv6 ranges. Only
// a range that holds the whole block can meet it, since a prefix that meets
// the block and does not lie inside it (mapped prefixes are IPv4) holds it.
func cutMapped(r []rng) []rng {
	for i, x := range r {
		if !x.meetsMapped() {
			continue
		}
		var parts []rng
		if x.lo.less(mappedLo) {
			parts = append(parts, rng{x.lo, mappedLo.dec()})
		}
		if mappedHi.less(x.hi) {
			parts = append(parts, rng{mappedHi.inc(), x.hi})
		}
		return slices.Concat(r[:i], parts, r[i+1:])
	}
	return r
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

// IsEmpty reports whether s holds no address.
func (s Set) IsEmpty() bool { return s.v4 == nil && s.v6 == nil }

// Equal reports whether s and o hold the same addresses. It does not allocate.
func (s Set) Equal(o Set) bool { return s.v4.equal(o.v4) && s.v6.equal(o.v6) }

// Contains reports whether s holds the address a.
//
// An IPv4-mapped IPv6 address is looked up as the IPv4 address it maps, so
// only IPv4 prefixes hold it. The zero Addr and any address with an IPv6
// zone are in no Set. It costs O(log n) and does not allocate.
func (s Set) Contains(a netip.Addr) bool {
	if a.Is4() {
		x := a.As4()
		v := uint32(x[0])<<24 | uint32(x[1])<<16 | uint32(x[2])<<8 | uint32(x[3])
		return s.v4.covers(v, v)
	}
	if !a.Is6() || a.Zone() != "" {
		return false
	}
	x := addr6(a)
	if x.hi == 0 && x.lo>>32 == 0xffff {
		return s.v4.covers(uint32(x.lo), uint32(x.lo))
	}
	return s.v6.has(x)
}

// ContainsPrefix reports whether s holds every address of p.
//
// Host bits of p are ignored. An IPv4-mapped prefix inside ::ffff:0:0/96 is
// looked up as the IPv4 prefix it maps; a wider IPv6 prefix asks for its
// IPv6 addresses only, so {::/0} contains ::/80. The zero Prefix is
// contained in no Set. It costs O(log n) and does not allocate.
func (s Set) ContainsPrefix(p netip.Prefix) bool {
	if !p.IsValid() {
		return false
	}
	if p = UnmapPrefix(p); p.Addr().Is4() {
		return s.v4.covers(range4(p))
	}
	return s.v6.covers(range6(p))
}

// OverlapsPrefix reports whether s holds any address of p.
//
// Host bits of p are ignored. An IPv4-mapped prefix inside ::ffff:0:0/96 is
// looked up as the IPv4 prefix it maps, and a wider IPv6 prefix meets IPv6
// addresses only. The zero Prefix overlaps no Set. It costs O(log n) and
// does not allocate.
func (s Set) OverlapsPrefix(p netip.Prefix) bool {
	if !p.IsValid() {
		return false
	}
	if p = UnmapPrefix(p); p.Addr().Is4() {
		return s.v4.meets(range4(p))
	}
	return s.v6.meets(range6(p))
}

// Overlaps reports whether s and o share any address.
//
// It compares the sets' bounds first, then either probes the larger set
// with each range of the smaller (O(m log n)) or merges both (O(n+m)),
// whichever is cheaper. It does not allocate.
func (s Set) Overlaps(o Set) bool { return s.v4.overlaps(o.v4) || s.v6.overlaps(o.v6) }

// Prefixes returns the minimal list of prefixes that covers s exactly:
// IPv4 prefixes first, in IPv4 form, then IPv6, each in address order. The
// IPv6 prefixes never lie inside ::ffff:0:0/96; one that holds that block
// stands, as everywhere in this package, for its IPv6 addresses only, so
// the set built from ::/0 returns [::/0], and NewSet(s.Prefixes()...) is
// always s. The result is a new slice, nil for the empty set. It costs
// O(n) and allocates the result.
func (s Set) Prefixes() []netip.Prefix {
	if s.IsEmpty() {
		return nil
	}
	var out []netip.Prefix
	if s.v4 != nil {
		for _, v := range s.v4.r {
			out = appendPrefixes4(out, uint32(v>>32), uint32(v))
		}
	}
	if s.v6 != nil {
		out = appendPrefixes6All(out, s.v6.r)
	}
	return out
}

// appendPrefixes6All appends the minimal prefixes of sorted, disjoint IPv6
// ranges that do not meet ::ffff:0:0/96. Since that block holds no IPv6
// address, a range that touches it may be covered with or without it,
// whichever takes fewer prefixes (::/0 rather than the 95 blocks around
// the hole).
func appendPrefixes6All(dst []netip.Prefix, r []rng) []netip.Prefix {
	below := mappedLo.dec()
	above := mappedHi.inc()
	for i := 0; i < len(r); i++ {
		touches := r[i].hi == below || r[i].lo == above
		if !touches {
			dst = appendPrefixes6(dst, r[i])
			continue
		}
		// r[i] (and r[i+1] when it starts right above the block) can be
		// covered as one range that fills the block.
		k := i
		if r[i].hi == below && i+1 < len(r) && r[i+1].lo == above {
			k = i + 1
		}
		plain := appendPrefixes6(nil, r[i])
		if k > i {
			plain = appendPrefixes6(plain, r[k])
		}
		filled := appendPrefixes6(nil, rng{minU(r[i].lo, mappedLo), maxU(r[k].hi, mappedHi)})
		if len(filled) < len(plain) {
			plain = filled
		}
		dst = append(dst, plain...)
		i = k
	}
	return dst
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

// Ranges returns s as sorted, disjoint, non-adjacent address ranges: IPv4
// first, in IPv4 form, then IPv6. No IPv6 range meets ::ffff:0:0/96, whose
// addresses are the IPv4 ones, so the set built from ::/0 has two ranges,
// :: to ::fffe:ffff:ffff and ::1:0:0:0 to the last address. The result is
// a new slice, nil for the empty set.
func (s Set) Ranges() []netipx.IPRange {
	if s.IsEmpty() {
		return nil
	}
	var out []netipx.IPRange
	if s.v4 != nil {
		for _, v := range s.v4.r {
			out = append(out, netipx.IPRangeFrom(addr4(uint32(v>>32)), addr4(uint32(v))))
		}
	}
	if s.v6 != nil {
		for _, r := range s.v6.r {
			out = append(out, netipx.IPRangeFrom(r.lo.addr(), r.hi.addr()))
		}
	}
	return out
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
	return s.combine(o, func(a, b []rng) []rng {
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
		return coalesce(out)
	})
}

// Intersect returns the set of addresses in both s and o. It costs O(n+m).
func (s Set) Intersect(o Set) Set {
	return s.combine(o, func(a, b []rng) []rng {
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
		return out
	})
}

// Subtract returns the set of addresses in s and not in o. It costs O(n+m).
func (s Set) Subtract(o Set) Set {
	return s.combine(o, func(a, b []rng) []rng {
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
		return out
	})
}

// combine applies op, a merge of sorted, disjoint ranges into sorted,
// disjoint, non-adjacent ones, to each family of s and o.
func (s Set) combine(o Set, op func(a, b []rng) []rng) Set {
	r4 := op(s.v4.ranges(), o.v4.ranges())
	packed := make([]uint64, len(r4))
	for i, r := range r4 {
		packed[i] = r.lo.lo<<32 | r.hi.lo
	}
	return Set{v4: newTable4(packed), v6: newTable6(op(s.v6.ranges(), o.v6.ranges()))}
}

// FreePrefix returns the lowest block of length bits inside within that
// shares no address with s, and whether there is one.
//
// bits counts in within's family (a /24 inside an IPv4 within) and must lie
// between within.Bits() and the family's bit length; otherwise, and for an
// invalid within, FreePrefix returns false. Host bits of within are ignored.
// An IPv4-mapped within inside ::ffff:0:0/96 is searched as the IPv4 prefix
// it maps, with an IPv4 result; an IPv6 within yields an IPv6 block, never
// one inside ::ffff:0:0/96 (such a block is IPv4). It costs O(k·w·log n)
// for k ranges of s inside within and an address width w, and allocates
// nothing.
func (s Set) FreePrefix(within netip.Prefix, bits int) (netip.Prefix, bool) {
	if !within.IsValid() || bits < within.Bits() || bits > within.Addr().BitLen() {
		return netip.Prefix{}, false
	}
	if m := UnmapPrefix(within); m != within {
		within, bits = m, bits-96
	}
	if within.Addr().Is4() {
		lo, _ := range4(within)
		return s.free4(lo, within.Bits(), bits)
	}
	return s.free6(range6(within).lo, within.Bits(), bits)
}

// free4 searches the IPv4 block of n bits at lo, depth first, lowest half
// first, for a free block of target bits.
func (s Set) free4(lo uint32, n, target int) (netip.Prefix, bool) {
	hi := lo | ^uint32(0)>>n
	if !s.v4.meets(lo, hi) {
		return netip.PrefixFrom(addr4(lo), target), true
	}
	if n == target || s.v4.covers(lo, hi) {
		return netip.Prefix{}, false
	}
	if p, ok := s.free4(lo, n+1, target); ok {
		return p, true
	}
	return s.free4(lo|(^uint32(0)>>n)&^(^uint32(0)>>(n+1)), n+1, target)
}

// free6 is free4 for IPv6; blocks inside ::ffff:0:0/96 are not IPv6 and
// never free.
func (s Set) free6(lo u128, n, target int) (netip.Prefix, bool) {
	r := rng{lo, lo.or(hostMask(n))}
	if r.insideMapped() {
		return netip.Prefix{}, false
	}
	if !s.v6.meets(r) {
		return netip.PrefixFrom(lo.addr(), target), true
	}
	if n == target || s.v6.covers(r) {
		return netip.Prefix{}, false
	}
	if p, ok := s.free6(lo, n+1, target); ok {
		return p, true
	}
	return s.free6(lo.or(hostMask(n).andNot(hostMask(n+1))), n+1, target)
}

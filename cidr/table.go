package cidr

import (
	"math/bits"
	"slices"
)

// buckets is an index on the high bits of n sorted keys between min and
// max: bucket k holds the keys whose (key-min)>>shift is k, and
// start[k]..start[k+1] are their positions. About one key falls in a bucket,
// so a search costs one lookup and a binary search over a few keys.
type buckets struct {
	start []uint32
	min   uint64
	shift uint8
}

// newBuckets indexes n keys in ascending order, key(i) being the i-th.
func newBuckets(n int, min, max uint64, key func(i int) uint64) buckets {
	span := max - min
	shift := 0
	if l, want := bits.Len64(span), bits.Len(uint(n)); l > want {
		shift = l - want
	}
	b := buckets{min: min, shift: uint8(shift)}
	b.start = make([]uint32, int(span>>shift)+2)
	i := 0
	for k := range b.start {
		for i < n && int((key(i)-min)>>shift) < k {
			i++
		}
		b.start[k] = uint32(i)
	}
	return b
}

// around returns the positions of the keys in x's bucket; x must lie
// between min and max.
func (b *buckets) around(x uint64) (lo, hi int) {
	k := (x - b.min) >> b.shift
	return int(b.start[k]), int(b.start[k+1])
}

// occupancy is a summary of a table: bit k is set when some range holds an
// address whose grid key (the first octet of an IPv4 address, bits 3 to 10
// of an IPv6 one) is k modulo 256. Two tables whose summaries share no bit
// share no address, which answers most overlap tests of small sets at once.
type occupancy [4]uint64

// mark sets the bits of the keys from klo to khi.
func (o *occupancy) mark(klo, khi uint64) {
	if khi-klo >= 255 {
		*o = occupancy{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
		return
	}
	for k := klo; k <= khi; k++ {
		o[k>>6&3] |= 1 << (k & 63)
	}
}

// and returns the keys both summaries hold, and how many there are.
func (o *occupancy) and(p *occupancy) (c occupancy, n int) {
	for w := range c {
		c[w] = o[w] & p[w]
		n += bits.OnesCount64(c[w])
	}
	return c, n
}

// table4 holds the IPv4 part of a Set: sorted, disjoint, non-adjacent ranges
// packed as lo<<32|hi, so that one load yields both ends and the packed
// values sort like their starts, with an index on their high bits and a
// summary of their first octets.
//
// A table is never empty and never changes after newTable4 returns.
type table4 struct {
	r        []uint64
	idx      buckets
	occ      occupancy
	first    *[256]uint8 // small tables: the first range that ends in or after each first octet
	min, max uint32      // first start, last end
}

// smallTable is the most ranges a table with a first-octet map may have.
const smallTable = 64

func newTable4(r []uint64) *table4 {
	if len(r) == 0 {
		return nil
	}
	t := &table4{r: r, min: uint32(r[0] >> 32), max: uint32(r[len(r)-1])}
	t.idx = newBuckets(len(r), uint64(t.min), uint64(t.max), func(i int) uint64 { return r[i] >> 32 })
	for _, v := range r {
		t.occ.mark(v>>56, v>>24&0xff)
	}
	if len(r) <= smallTable {
		t.first = new([256]uint8)
		o := 0
		for i, v := range r {
			for end := int(v >> 24 & 0xff); o <= end; o++ {
				t.first[o] = uint8(i)
			}
		}
		for ; o < len(t.first); o++ {
			t.first[o] = uint8(len(r))
		}
	}
	return t
}

// floor returns the index of the last range that starts at or before x,
// or -1 if there is none.
func (t *table4) floor(x uint32) int {
	if x < t.min {
		return -1
	}
	if x > t.max {
		return len(t.r) - 1
	}
	lo, hi := t.idx.around(uint64(x))
	key := uint64(x)<<32 | 0xffff_ffff
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.r[m] <= key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// covers reports whether one range holds all of [lo, hi].
func (t *table4) covers(lo, hi uint32) bool {
	if t == nil {
		return false
	}
	i := t.floor(lo)
	return i >= 0 && uint32(t.r[i]) >= hi
}

// meets reports whether some range intersects [lo, hi].
func (t *table4) meets(lo, hi uint32) bool {
	if t == nil {
		return false
	}
	i := t.floor(hi)
	return i >= 0 && uint32(t.r[i]) >= lo
}

// overlaps reports whether t and u share an address.
func (t *table4) overlaps(u *table4) bool {
	if t == nil || u == nil || t.max < u.min || u.max < t.min {
		return false
	}
	common, n := t.occ.and(&u.occ)
	if n == 0 {
		return false
	}
	if len(t.r) > len(u.r) {
		t, u = u, t
	}
	// A few shared first octets: look only there, at about the cost of
	// sixteen steps of a merge each (two searches when the tables have no
	// first-octet map, and a short merge). With many, a plain merge, whose
	// steps are cheaper, does the same work.
	if n <= 16 && n*16 < len(t.r)+len(u.r) {
		for w, c := range common {
			for ; c != 0; c &= c - 1 {
				if t.overlapsWithin(u, w<<6|bits.TrailingZeros64(c)) {
					return true
				}
			}
		}
		return false
	}
	// Probing the larger table costs about log n per range of the smaller;
	// a merge costs n + m. Take the cheaper.
	if len(t.r)*bits.Len(uint(len(u.r))) < len(u.r) {
		for _, v := range t.r {
			if u.meets(uint32(v>>32), uint32(v)) {
				return true
			}
		}
		return false
	}
	// Skip both tables to where the other begins, then merge.
	a, b := t.r, u.r
	i, j := 0, 0
	if len(b) > 32 {
		i, j = max(t.floor(u.min), 0), max(u.floor(t.min), 0)
	}
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		switch {
		case uint32(x) < uint32(y>>32):
			i++
		case uint32(y) < uint32(x>>32):
			j++
		default:
			return true
		}
	}
	return false
}

// overlapsWithin reports whether t and u share an address in the first
// octet o (or, found on the way, just before it).
func (t *table4) overlapsWithin(u *table4, o int) bool {
	a, b := t.r, u.r
	var i, j int
	if t.first != nil && u.first != nil {
		i, j = int(t.first[o&0xff]), int(u.first[o&0xff])
	} else {
		lo := uint32(o) << 24
		i, j = max(t.floor(lo), 0), max(u.floor(lo), 0)
	}
	hi := uint32(o)<<24 | 0xff_ffff
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		switch {
		case uint32(x>>32) > hi || uint32(y>>32) > hi:
			return false
		case uint32(x) < uint32(y>>32):
			i++
		case uint32(y) < uint32(x>>32):
			j++
		default:
			return true
		}
	}
	return false
}

func (t *table4) equal(u *table4) bool {
	if t == nil || u == nil {
		return t == u
	}
	return slices.Equal(t.r, u.r)
}

// ranges returns the ranges of t unpacked, in a new slice.
func (t *table4) ranges() []rng {
	if t == nil {
		return nil
	}
	out := make([]rng, len(t.r))
	for i, v := range t.r {
		out[i] = rng{u128{0, v >> 32}, u128{0, v & 0xffff_ffff}}
	}
	return out
}

// table6 holds the IPv6 part of a Set as sorted, disjoint, non-adjacent
// ranges, none of which meets ::ffff:0:0/96, indexed on the high 64 bits
// of their starts and summarised like table4.
type table6 struct {
	r        []rng
	idx      buckets
	occ      occupancy
	min, max u128
}

func newTable6(r []rng) *table6 {
	if len(r) == 0 {
		return nil
	}
	t := &table6{r: r, min: r[0].lo, max: r[len(r)-1].hi}
	t.idx = newBuckets(len(r), t.min.hi, t.max.hi, func(i int) uint64 { return r[i].lo.hi })
	for _, x := range r {
		t.occ.mark(x.lo.hi>>53, x.hi.hi>>53)
	}
	return t
}

// has reports whether some range holds the address x, like
// coversRange(rng{x, x}) but with fewer steps: a bucket holds about one
// range, so a short one is scanned rather than searched.
func (t *table6) has(x u128) bool {
	if t == nil || x.hi < t.min.hi || x.hi > t.max.hi {
		return false
	}
	lo, hi := t.idx.around(x.hi)
	for hi-lo > 4 {
		m := int(uint(lo+hi) >> 1)
		if s := t.r[m].lo; s.hi < x.hi || (s.hi == x.hi && s.lo <= x.lo) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	// The last range that starts at or before x is lo-1 or in [lo, hi).
	i := lo - 1
	for ; lo < hi && !x.less(t.r[lo].lo); lo++ {
		i = lo
	}
	return i >= 0 && !t.r[i].hi.less(x)
}

func (t *table6) floor(x u128) int {
	if x.less(t.min) {
		return -1
	}
	if t.max.less(x) {
		return len(t.r) - 1
	}
	lo, hi := t.idx.around(x.hi)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s := t.r[m].lo; s.hi < x.hi || (s.hi == x.hi && s.lo <= x.lo) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// covers reports whether t holds every IPv6 address of r. The part of r in
// ::ffff:0:0/96, which holds no IPv6 address, is not asked for.
func (t *table6) covers(r rng) bool {
	if t == nil {
		return false
	}
	if r.holdsMapped() {
		return (!r.lo.less(mappedLo) || t.coversRange(rng{r.lo, mappedLo.dec()})) &&
			(!mappedHi.less(r.hi) || t.coversRange(rng{mappedHi.inc(), r.hi}))
	}
	return t.coversRange(r)
}

func (t *table6) coversRange(r rng) bool {
	i := t.floor(r.lo)
	return i >= 0 && !t.r[i].hi.less(r.hi)
}

// meets reports whether some range intersects r.
func (t *table6) meets(r rng) bool {
	if t == nil {
		return false
	}
	i := t.floor(r.hi)
	return i >= 0 && !t.r[i].hi.less(r.lo)
}

func (t *table6) overlaps(u *table6) bool {
	if t == nil || u == nil || t.max.less(u.min) || u.max.less(t.min) {
		return false
	}
	if _, n := t.occ.and(&u.occ); n == 0 {
		return false
	}
	if len(t.r) > len(u.r) {
		t, u = u, t
	}
	if len(t.r)*bits.Len(uint(len(u.r))) < len(u.r) {
		for _, r := range t.r {
			if u.meets(r) {
				return true
			}
		}
		return false
	}
	a, b := t.r, u.r
	i, j := 0, 0
	if len(b) > 32 {
		i, j = max(t.floor(u.min), 0), max(u.floor(t.min), 0)
	}
	for i < len(a) && j < len(b) {
		switch {
		case a[i].hi.less(b[j].lo):
			i++
		case b[j].hi.less(a[i].lo):
			j++
		default:
			return true
		}
	}
	return false
}

func (t *table6) equal(u *table6) bool {
	if t == nil || u == nil {
		return t == u
	}
	return slices.Equal(t.r, u.r)
}

// ranges returns the ranges of t in a new slice.
func (t *table6) ranges() []rng {
	if t == nil {
		return nil
	}
	return slices.Clone(t.r)
}

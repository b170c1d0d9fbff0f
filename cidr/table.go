package cidr

import (
	"math/bits"
	"slices"
)

// table4 holds the IPv4 part of a Set: sorted, disjoint, non-adjacent ranges
// packed as lo<<32|hi, so that one load yields both ends and the packed
// values sort like their starts. A small index on the high bits of
// (x - min) narrows every search to a bucket of about one range.
//
// A table is never empty and never changes after newTable4 returns.
type table4 struct {
	r        []uint64
	index    []uint32 // index[k]: first range whose bucket is >= k
	min, max uint32   // first start, last end
	shift    uint8
}

func newTable4(r []uint64) *table4 {
	if len(r) == 0 {
		return nil
	}
	t := &table4{r: r, min: uint32(r[0] >> 32), max: uint32(r[len(r)-1])}
	span := t.max - t.min
	shift := 0
	if l, want := bits.Len32(span), bits.Len(uint(len(r))); l > want {
		shift = l - want
	}
	t.shift = uint8(shift)
	buckets := int(span>>shift) + 1
	t.index = make([]uint32, buckets+1)
	i := 0
	for k := range t.index {
		for i < len(r) && int((uint32(r[i]>>32)-t.min)>>shift) < k {
			i++
		}
		t.index[k] = uint32(i)
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
	k := (x - t.min) >> t.shift
	lo, hi := int(t.index[k]), int(t.index[k+1])
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
	if len(t.r) > len(u.r) {
		t, u = u, t
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

func (t *table4) equal(u *table4) bool {
	if t == nil || u == nil {
		return t == u
	}
	return slices.Equal(t.r, u.r)
}

// table6 holds the IPv6 part of a Set, outside ::ffff:0:0/96, as sorted,
// disjoint, non-adjacent ranges of the unified space, indexed on the high
// 64 bits like table4.
type table6 struct {
	r        []rng
	index    []uint32
	min, max u128
	shift    uint8
}

func newTable6(r []rng) *table6 {
	if len(r) == 0 {
		return nil
	}
	t := &table6{r: r, min: r[0].lo, max: r[len(r)-1].hi}
	span := t.max.hi - t.min.hi
	shift := 0
	if l, want := bits.Len64(span), bits.Len(uint(len(r))); l > want {
		shift = l - want
	}
	t.shift = uint8(shift)
	buckets := int(span>>shift) + 1
	t.index = make([]uint32, buckets+1)
	i := 0
	for k := range t.index {
		for i < len(r) && int((r[i].lo.hi-t.min.hi)>>shift) < k {
			i++
		}
		t.index[k] = uint32(i)
	}
	return t
}

func (t *table6) floor(x u128) int {
	if x.less(t.min) {
		return -1
	}
	if t.max.less(x) {
		return len(t.r) - 1
	}
	k := (x.hi - t.min.hi) >> t.shift
	lo, hi := int(t.index[k]), int(t.index[k+1])
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

func (t *table6) covers(r rng) bool {
	if t == nil {
		return false
	}
	i := t.floor(r.lo)
	return i >= 0 && !t.r[i].hi.less(r.hi)
}

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

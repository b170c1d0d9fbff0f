package cidr

import (
	"net/netip"
)

// A forest holds the prefixes of one family of an [Index] as a forest of
// containment: items sorted by start, larger first at equal starts, then
// by position in the list, each pointing at its nearest strict container.
// IPv4 ranges are held in the low 32 bits.
//
// A query prefix q finds, with one search, the first item d that is not
// before it in that order: the items from d that start inside q lie inside
// q, and every item that contains q is an ancestor of the item just
// before d (it starts no later and ends no earlier, so it holds that item).
// The ancestors that do not contain q end before q starts; there are at most
// one per prefix length.
type forest struct {
	it       []item
	idx      buckets // on bucketKey of the starts
	min, max uint64  // bucketKey of the first and last start
	v4       bool
}

type item struct {
	r      rng
	parent int32 // the last item of the nearest strict container, or -1
	j      int32 // position in the list
}

// bucketKey returns the bits of a start that the bucket index uses: the
// whole IPv4 address, or the high 64 bits of an IPv6 one.
func (f *forest) bucketKey(x u128) uint64 {
	if f.v4 {
		return x.lo
	}
	return x.hi
}

// newForest indexes the n prefixes of ps, valid and in the family v4 once
// unmapped.
func newForest(ps []netip.Prefix, n int, v4 bool) forest {
	f := forest{it: make([]item, 0, n), v4: v4}
	if v4 && len(ps) < 1<<26 {
		f.it = sortedItems4(ps, f.it)
	} else {
		for j, p := range ps {
			if !p.IsValid() {
				continue
			}
			if p = UnmapPrefix(p); p.Addr().Is4() != v4 {
				continue
			}
			var r rng
			if v4 {
				lo, hi := range4(p)
				r = rng{u128{0, uint64(lo)}, u128{0, uint64(hi)}}
			} else {
				r = range6(p)
			}
			f.it = append(f.it, item{r: r, j: int32(j)})
		}
		sortByHigh(f.it, func(it item) uint64 { return it.r.lo.hi }, cmpItems)
	}
	var stack []int32
	for x := range f.it {
		r := f.it[x].r
		for len(stack) > 0 && f.it[stack[len(stack)-1]].r.hi.less(r.lo) {
			stack = stack[:len(stack)-1]
		}
		f.it[x].parent = -1
		switch top := len(stack) - 1; {
		case top < 0:
			stack = append(stack, int32(x))
		case f.it[stack[top]].r == r: // a duplicate takes its twin's place
			f.it[x].parent = f.it[stack[top]].parent
			stack[top] = int32(x)
		default:
			f.it[x].parent = stack[top]
			stack = append(stack, int32(x))
		}
	}
	f.min, f.max = f.bucketKey(f.it[0].r.lo), f.bucketKey(f.it[len(f.it)-1].r.lo)
	f.idx = newBuckets(len(f.it), f.min, f.max, func(i int) uint64 { return f.bucketKey(f.it[i].r.lo) })
	return f
}

// sortedItems4 appends the IPv4 items of ps to it in forest order. Start,
// length and position (fewer than 2^26) fit one key of 64 bits, which
// sortUint64 sorts in linear time.
func sortedItems4(ps []netip.Prefix, it []item) []item {
	keys := make([]uint64, 0, cap(it))
	for j, p := range ps {
		if p = UnmapPrefix(p); p.IsValid() && p.Addr().Is4() {
			lo, _ := range4(p)
			keys = append(keys, uint64(lo)<<32|uint64(p.Bits())<<26|uint64(j))
		}
	}
	sortUint64(keys)
	for _, k := range keys {
		lo := uint32(k >> 32)
		hi := lo | ^uint32(0)>>(k>>26&63)
		it = append(it, item{r: rng{u128{0, uint64(lo)}, u128{0, uint64(hi)}}, j: int32(k & (1<<26 - 1))})
	}
	return it
}

// cmpItems orders items by start, then larger first, then by position.
func cmpItems(x, y item) int {
	if c := x.r.lo.cmp(y.r.lo); c != 0 {
		return c
	}
	if c := y.r.hi.cmp(x.r.hi); c != 0 {
		return c
	}
	return int(x.j - y.j)
}

// search returns the first item that does not come before q: one that
// starts after q, or at q and no larger.
func (f *forest) search(q rng) int {
	k := f.bucketKey(q.lo)
	if k < f.min {
		return 0
	}
	if k > f.max {
		return len(f.it)
	}
	lo, hi := f.idx.around(k)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r := f.it[m].r; r.lo.less(q.lo) || (r.lo == q.lo && q.hi.less(r.hi)) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// hits appends the positions of the items that overlap q, in no order.
func (f *forest) hits(dst []int32, q rng) []int32 {
	if len(f.it) == 0 {
		return dst
	}
	d := f.search(q)
	for e := d; e < len(f.it) && !q.hi.less(f.it[e].r.lo); e++ {
		dst = append(dst, f.it[e].j)
	}
	for x := d - 1; x >= 0; {
		it := &f.it[x]
		if !it.r.hi.less(q.hi) {
			// x contains q, and so do its twins just before it.
			for y := x; y >= 0 && f.it[y].r == it.r; y-- {
				dst = append(dst, f.it[y].j)
			}
		}
		x = int(it.parent)
	}
	return dst
}

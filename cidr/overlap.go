package cidr

import (
	"math/bits"
	"net/netip"
	"slices"
	"sort"
)

// Overlap is a pair of overlapping prefixes, A from the first list given to
// [Overlapping] and B from the second. The prefixes are returned as given.
type Overlap struct{ A, B netip.Prefix }

// Overlapping returns every pair (a[i], b[j]) of prefixes that share an
// address, ordered by i, then by j. Two prefixes overlap exactly when one
// contains the other.
//
// Host bits are ignored, and IPv4-mapped prefixes overlap the IPv4 prefixes
// they map, as in [Set]; an IPv6 prefix that covers ::ffff:0:0/96 overlaps
// every IPv4 prefix. Invalid prefixes overlap nothing. Duplicates are
// reported once per index. Neither slice is modified.
//
// It costs O((n+m) log(n+m) + k log k) for k pairs: b is sorted once into a
// forest of containment, and each prefix of a visits only its containers
// (at most one per prefix length) and the prefixes it contains.
func Overlapping(a, b []netip.Prefix) []Overlap {
	type item struct {
		r      rng
		j      int32 // index in b
		parent int32 // index in items of the nearest container, or -1
	}
	items := make([]item, 0, len(b))
	all4 := true
	for j, p := range b {
		if p.IsValid() {
			items = append(items, item{r: prefixRange(p), j: int32(j)})
			all4 = all4 && p.Addr().Is4()
		}
	}
	if len(items) == 0 {
		return nil
	}
	// Containers sort before what they contain: by start, then larger
	// first, then by index. IPv4 starts and lengths fit one uint64 key,
	// which a stable radix sort orders in linear time; IPv6 is radix-sorted
	// on its high 64 bits first.
	if all4 {
		radixSort(items, func(it item) uint64 {
			host := it.r.hi.andNot(it.r.lo)
			return uint64(uint32(it.r.lo.lo))<<8 | uint64(128-bits.OnesCount64(host.hi)-bits.OnesCount64(host.lo))
		})
	} else {
		sortByHigh(items, func(it item) uint64 { return it.r.lo.hi }, func(x, y item) int {
			if c := x.r.lo.cmp(y.r.lo); c != 0 {
				return c
			}
			if c := y.r.hi.cmp(x.r.hi); c != 0 {
				return c
			}
			return int(x.j - y.j)
		})
	}
	var stack []int32
	for x := range items {
		for len(stack) > 0 && items[stack[len(stack)-1]].r.hi.less(items[x].r.lo) {
			stack = stack[:len(stack)-1]
		}
		items[x].parent = -1
		if len(stack) > 0 {
			items[x].parent = stack[len(stack)-1]
		}
		stack = append(stack, int32(x))
	}

	var out []Overlap
	var hits []int
	for _, pa := range a {
		if !pa.IsValid() {
			continue
		}
		r := prefixRange(pa)
		hits = hits[:0]
		// Items that start inside r and are no larger lie inside r.
		d := sort.Search(len(items), func(x int) bool { return !items[x].r.lo.less(r.lo) })
		for d < len(items) && items[d].r.lo == r.lo && r.hi.less(items[d].r.hi) {
			d++
		}
		for e := d; e < len(items) && !r.hi.less(items[e].r.lo); e++ {
			hits = append(hits, int(items[e].j))
		}
		// Every container of r is an ancestor of the item just before d.
		for x := int32(d - 1); x >= 0; x = items[x].parent {
			if !r.lo.less(items[x].r.lo) && !items[x].r.hi.less(r.hi) {
				hits = append(hits, int(items[x].j))
			}
		}
		slices.Sort(hits)
		for _, j := range hits {
			out = append(out, Overlap{pa, b[j]})
		}
	}
	return out
}

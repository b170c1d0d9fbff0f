package instance

import (
	"cmp"
	"math/bits"
	"net/netip"
	"slices"
)

// firstOverlaps returns, for each block, the index of the first earlier
// block that it overlaps, or -1. Zero prefixes are skipped; the others are
// canonical IPv4 prefixes. It costs O(n log n) time and memory however many
// blocks overlap, where comparing every pair would cost O(n²).
//
// Two prefixes overlap when one contains the other. The blocks overlapping
// b are those that start inside b, contiguous when sorted by start, and
// those that contain b's first address, at most one per shorter length.
// The first earlier one is the smallest index among them when it is smaller
// than b's own: a range-minimum over the sorted run (a sparse table) and a
// map lookup per shorter length.
func firstOverlaps(blocks []netip.Prefix) []int {
	out := make([]int, len(blocks))
	var order []int // indexes of the valid blocks, sorted by start, then length
	first := make(map[netip.Prefix]int)
	for i, b := range blocks {
		out[i] = -1
		if !b.IsValid() {
			continue
		}
		order = append(order, i)
		if _, seen := first[b]; !seen {
			first[b] = i
		}
	}
	start := func(i int) uint32 {
		a := blocks[i].Addr().As4()
		return uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	}
	slices.SortFunc(order, func(x, y int) int {
		return cmp.Or(cmp.Compare(start(x), start(y)), cmp.Compare(blocks[x].Bits(), blocks[y].Bits()), cmp.Compare(x, y))
	})
	n := len(order)
	if n < 2 {
		return out
	}
	starts := make([]uint32, n)
	for k, i := range order {
		starts[k] = start(i)
	}
	// table[l][k] is the smallest index among order[k : k+2^l].
	table := [][]int{order}
	for l := 1; 1<<l <= n; l++ {
		prev, half := table[l-1], 1<<(l-1)
		row := make([]int, n-1<<l+1)
		for k := range row {
			row[k] = min(prev[k], prev[k+half])
		}
		table = append(table, row)
	}
	for _, i := range order {
		b := blocks[i]
		lo := start(i)
		hi := lo | uint32(1<<(32-b.Bits())-1)
		from, _ := slices.BinarySearch(starts, lo)
		to := n // one past the last start <= hi
		if hi != ^uint32(0) {
			to, _ = slices.BinarySearch(starts, hi+1)
		}
		l := bits.Len(uint(to-from)) - 1
		m := min(table[l][from], table[l][to-1<<l])
		for length := range b.Bits() {
			if j, ok := first[netip.PrefixFrom(b.Addr(), length).Masked()]; ok && j < m {
				m = j
			}
		}
		if m < i {
			out[i] = m
		}
	}
	return out
}

package cidr

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	type kv struct {
		key uint64
		val int
	}
	for _, n := range []int{0, 1, 100, 511, 512, 5000} {
		for _, mask := range []uint64{^uint64(0), 0xff, 0xffff_0000_0000, 0} {
			s := make([]kv, n)
			for i := range s {
				s[i] = kv{r.Uint64() & mask, i}
			}
			want := slices.Clone(s)
			slices.SortStableFunc(want, func(a, b kv) int {
				switch {
				case a.key < b.key:
					return -1
				case a.key > b.key:
					return 1
				}
				return 0
			})
			radixSort(s, func(e kv) uint64 { return e.key })
			if !slices.Equal(s, want) {
				t.Fatalf("n=%d mask=%#x: radixSort is not a stable sort", n, mask)
			}
		}
	}
}

func TestSortRanges(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{0, 1, 100, 600, 5000} {
		for _, hiMask := range []uint64{^uint64(0), 0xff, 0} { // 0: one long run
			in := make([]rng, n)
			for i := range in {
				in[i].lo = u128{r.Uint64() & hiMask, r.Uint64()}
				in[i].hi = in[i].lo
			}
			want := slices.Clone(in)
			slices.SortFunc(want, func(a, b rng) int { return a.lo.cmp(b.lo) })
			sortRanges(in)
			if !slices.Equal(in, want) {
				t.Fatalf("n=%d hiMask=%#x: sortRanges does not sort by start", n, hiMask)
			}
		}
	}
}

package main

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/cidr/internal/workload"
)

// BenchmarkPeers runs every case of the table as an ordinary benchmark.
func BenchmarkPeers(b *testing.B) {
	for _, c := range cases([]int{16, 1_000, 100_000}) {
		for _, im := range c.impls {
			b.Run(c.name+"/impl="+im.name, im.fn)
		}
	}
}

// TestJoinAgrees checks that the bart-composed join finds the same number
// of pairs as cidr.Overlapping (on distinct prefixes, since a bart table
// keeps one value per prefix), so that both are timed doing the same work.
func TestJoinAgrees(t *testing.T) {
	for _, v6 := range []bool{false, true} {
		r := rand.New(rand.NewPCG(7, 7))
		b := slices.CompactFunc(slices.SortedFunc(slices.Values(workload.Prefixes(r, 2000, v6)), func(x, y netip.Prefix) int {
			return x.Addr().Compare(y.Addr())*2 + cmpInt(x.Bits(), y.Bits())
		}), func(x, y netip.Prefix) bool { return x == y })
		a := workload.QueryPrefixes(r, b, 500, v6)
		if got, want := len(bartJoin(a, newTable(b))), len(cidr.Overlapping(a, b)); got != want || want == 0 {
			t.Errorf("v6=%v: bart join found %d pairs, cidr.Overlapping %d", v6, got, want)
		}
	}
}

func cmpInt(x, y int) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

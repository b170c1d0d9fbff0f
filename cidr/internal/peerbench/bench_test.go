package main

import (
	"flag"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/cidr/internal/workload"
)

var sizes = flag.String("sizes", "16,1000,100000", "comma-separated list sizes for BenchmarkPeers")

// BenchmarkPeers runs every case of the table as an ordinary benchmark.
func BenchmarkPeers(b *testing.B) {
	var ns []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(f)
		if err != nil {
			b.Fatalf("-sizes: %v", err)
		}
		ns = append(ns, n)
	}
	for _, c := range cases(ns) {
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
		want := cidr.Overlapping(a, b)
		if got := bartJoin(a, newTable(b), b); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("v6=%v: bart join found %d pairs, cidr.Overlapping %d", v6, len(got), len(want))
		}
		idx, err := cidr.NewIndex(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := idx.Overlapping(a); !slices.Equal(got, want) {
			t.Errorf("v6=%v: cidr.Index found %d pairs, cidr.Overlapping %d", v6, len(got), len(want))
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

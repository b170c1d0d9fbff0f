// Command peerbench measures cidr.Set beside github.com/gaissmai/bart (Lite
// and Table) on the workloads of cidr's own benchmarks, in one run, and
// prints a table of medians with the ratio cidr/bart.
//
// It is a module of its own so that the main module depends on neither
// bart nor anything it needs. Run it from this directory:
//
//	go run .             # the whole table (a few minutes)
//	go run . -runs 3     # fewer repetitions
//	go test -bench .     # the same cases as ordinary benchmarks
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/gaissmai/bart"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/cidr/internal/workload"
)

// A benchCase is one workload, measured once per implementation.
type benchCase struct {
	name  string
	impls []impl
}

type impl struct {
	name string
	fn   func(b *testing.B)
}

var sink bool

func cases(sizes []int) []benchCase {
	var out []benchCase
	for _, v6 := range []bool{false, true} {
		fam := "v4"
		if v6 {
			fam = "v6"
		}
		for _, n := range sizes {
			r := rand.New(rand.NewPCG(uint64(n), 42))
			ps := workload.Prefixes(r, n, v6)
			addrs := workload.Queries(r, ps, 1024, v6)
			pfxs := workload.QueryPrefixes(r, ps, 1024, v6)
			da, db := workload.Disjoint(r, n, v6)
			xa, xb := workload.Separated(r, n, v6)

			set, sa, sb := mustSet(ps), mustSet(da), mustSet(db)
			lite, la, lb := newLite(ps), newLite(da), newLite(db)
			table := newTable(ps)
			ta, tb := newTable(da), newTable(db)
			sxa, sxb, lxa, lxb := mustSet(xa), mustSet(xb), newLite(xa), newLite(xb)

			at := func(what string) string { return fmt.Sprintf("%s/%s/n=%d", what, fam, n) }
			query := func(f func(i int)) func(b *testing.B) {
				return func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						f(i & 1023)
						i++
					}
				}
			}
			loop := func(f func()) func(b *testing.B) {
				return func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						f()
					}
				}
			}
			out = append(out,
				benchCase{at("Contains"), []impl{
					{"cidr", query(func(i int) { sink = set.Contains(addrs[i]) })},
					{"bart.Lite", query(func(i int) { sink = lite.Contains(addrs[i]) })},
					{"bart.Table", query(func(i int) { sink = table.Contains(addrs[i]) })},
				}},
				// bart has no ContainsPrefix; LookupPrefix (is pfx inside one
				// stored prefix) is its nearest query.
				benchCase{at("ContainsPrefix"), []impl{
					{"cidr", query(func(i int) { sink = set.ContainsPrefix(pfxs[i]) })},
					{"bart.Lite", query(func(i int) { sink = lite.LookupPrefix(pfxs[i]) })},
					{"bart.Table", query(func(i int) { _, sink = table.LookupPrefix(pfxs[i]) })},
				}},
				benchCase{at("OverlapsPrefix"), []impl{
					{"cidr", query(func(i int) { sink = set.OverlapsPrefix(pfxs[i]) })},
					{"bart.Lite", query(func(i int) { sink = lite.OverlapsPrefix(pfxs[i]) })},
					{"bart.Table", query(func(i int) { sink = table.OverlapsPrefix(pfxs[i]) })},
				}},
				// Disjoint sets that interleave: the worst case.
				benchCase{at("Overlaps"), []impl{
					{"cidr", loop(func() { sink = sa.Overlaps(sb) })},
					{"bart.Lite", loop(func() { sink = la.Overlaps(lb) })},
					{"bart.Table", loop(func() { sink = ta.Overlaps(tb) })},
				}},
				benchCase{at("OverlapsSeparated"), []impl{
					{"cidr", loop(func() { sink = sxa.Overlaps(sxb) })},
					{"bart.Lite", loop(func() { sink = lxa.Overlaps(lxb) })},
				}},
				benchCase{at("Overlapping"), []impl{
					{"cidr", loop(func() { sink = len(cidr.Overlapping(pfxs, ps)) > 0 })},
					{"bart.Table", loop(func() { sink = len(bartJoin(pfxs, newTable(ps))) > 0 })},
				}},
				benchCase{at("Build"), []impl{
					{"cidr", loop(func() { sink = mustSet(ps).IsEmpty() })},
					{"bart.Lite", loop(func() { sink = newLite(ps).Size() == 0 })},
					{"bart.Table", loop(func() { sink = newTable(ps).Size() == 0 })},
				}},
			)
		}
	}
	return out
}

func mustSet(ps []netip.Prefix) cidr.Set {
	s, err := cidr.NewSet(ps...)
	if err != nil {
		panic(err)
	}
	return s
}

func newLite(ps []netip.Prefix) *bart.Lite {
	l := new(bart.Lite)
	for _, p := range ps {
		l.Insert(p)
	}
	return l
}

func newTable(ps []netip.Prefix) *bart.Table[int] {
	t := new(bart.Table[int])
	for i, p := range ps {
		t.Insert(p, i)
	}
	return t
}

// bartJoin is cidr.Overlapping composed from bart (the benchmark builds b
// inside the loop, as Overlapping must): for each prefix of a,
// its supernets and subnets in b, ordered by index in b.
func bartJoin(a []netip.Prefix, b *bart.Table[int]) []cidr.Overlap {
	var out []cidr.Overlap
	var hits []int
	for _, p := range a {
		hits = hits[:0]
		for _, j := range b.Supernets(p) {
			hits = append(hits, j)
		}
		for q, j := range b.Subnets(p) {
			if q != p {
				hits = append(hits, j)
			}
		}
		slices.Sort(hits)
		for range hits {
			out = append(out, cidr.Overlap{A: p})
		}
	}
	return out
}

func main() {
	runs := flag.Int("runs", 5, "repetitions per measurement; the median is reported")
	flag.Parse()
	fmt.Printf("%-32s %-11s %14s %10s %9s\n", "case", "impl", "median", "allocs/op", "cidr/impl")
	for _, c := range cases([]int{16, 1_000, 100_000}) {
		var base float64
		for k, im := range c.impls {
			var ns []float64
			var allocs int64
			for range *runs {
				res := testing.Benchmark(im.fn)
				ns = append(ns, float64(res.T.Nanoseconds())/float64(res.N))
				allocs = res.AllocsPerOp()
			}
			sort.Float64s(ns)
			med := ns[len(ns)/2]
			ratio := "-"
			if k == 0 {
				base = med
			} else {
				ratio = fmt.Sprintf("%.2fx", base/med)
			}
			fmt.Printf("%-32s %-11s %14s %10d %9s\n", c.name, im.name, fmtDur(ns[len(ns)/2]), allocs, ratio)
		}
	}
	os.Exit(0)
}

func fmtDur(ns float64) string {
	if ns < 1000 {
		return fmt.Sprintf("%.1f ns", ns)
	}
	return time.Duration(ns).Round(time.Microsecond / 10).String()
}

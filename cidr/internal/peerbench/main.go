// Command peerbench measures cidr.Set and cidr.Index beside
// github.com/gaissmai/bart (Lite and Table) on the workloads of cidr's own
// benchmarks, in one run, and prints a table of medians with the ratio of
// each case's first implementation (cidr's) to each other one.
//
// It is a module of its own so that the main module depends on neither
// bart nor anything it needs. Run it from this directory:
//
//	go run .             # the whole table (a few minutes)
//	go run . -runs 3     # fewer repetitions
//	go run . -cases 'Overlaps.*n=16$'  # only the cases that match
//	go test -bench .     # the same cases as ordinary benchmarks
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"regexp"
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
			ra, rb := workload.RandomDisjoint(r, n, v6)
			ja, jb := workload.Join(r, n, v6, 1)

			set, sa, sb := mustSet(ps), mustSet(da), mustSet(db)
			lite, la, lb := newLite(ps), newLite(da), newLite(db)
			ta, tb := newTable(da), newTable(db)
			sxa, sxb, lxa, lxb := mustSet(xa), mustSet(xb), newLite(xa), newLite(xb)
			sra, srb, lra, lrb, tra, trb := mustSet(ra), mustSet(rb), newLite(ra), newLite(rb), newTable(ra), newTable(rb)
			idx, err := cidr.NewIndex(ps)
			if err != nil {
				panic(err)
			}
			jidx, err := cidr.NewIndex(jb)
			if err != nil {
				panic(err)
			}
			table, jtable := newTable(ps), newTable(jb)

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
				// Disjoint sets drawn at random from one pool.
				benchCase{at("OverlapsRandom"), []impl{
					{"cidr", loop(func() { sink = sra.Overlaps(srb) })},
					{"bart.Lite", loop(func() { sink = lra.Overlaps(lrb) })},
					{"bart.Table", loop(func() { sink = tra.Overlaps(trb) })},
				}},
				benchCase{at("OverlapsSeparated"), []impl{
					{"cidr", loop(func() { sink = sxa.Overlaps(sxb) })},
					{"bart.Lite", loop(func() { sink = lxa.Overlaps(lxb) })},
				}},
				// 1024 query prefixes against n, each side building its index.
				benchCase{at("Overlapping"), []impl{
					{"cidr", loop(func() { sink = len(cidr.Overlapping(pfxs, ps)) > 0 })},
					{"bart.Table", loop(func() { sink = len(bartJoin(pfxs, newTable(ps), ps)) > 0 })},
				}},
				// The same with the index of the n prefixes built once.
				benchCase{at("OverlappingIndexed"), []impl{
					{"cidr.Index", loop(func() { sink = len(idx.Overlapping(pfxs)) > 0 })},
					{"bart.Table", loop(func() { sink = len(bartJoin(pfxs, table, ps)) > 0 })},
				}},
				// All pairs of n against n prefixes, 1 % of them overlapping,
				// with the second list indexed once (cidr.Overlapping indexes it
				// on every call).
				benchCase{at("Join"), []impl{
					{"cidr.Index", loop(func() { sink = len(jidx.Overlapping(ja)) > 0 })},
					{"cidr", loop(func() { sink = len(cidr.Overlapping(ja, jb)) > 0 })},
					{"bart.Table", loop(func() { sink = len(bartJoin(ja, jtable, jb)) > 0 })},
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

// bartJoin is cidr.Overlapping composed from bart: for each prefix of a,
// its supernets and subnets in t, the table of b, ordered by index in b.
func bartJoin(a []netip.Prefix, t *bart.Table[int], b []netip.Prefix) []cidr.Overlap {
	var out []cidr.Overlap
	var hits []int
	for _, p := range a {
		hits = hits[:0]
		for _, j := range t.Supernets(p) {
			hits = append(hits, j)
		}
		for q, j := range t.Subnets(p) {
			if q != p {
				hits = append(hits, j)
			}
		}
		slices.Sort(hits)
		for _, j := range hits {
			out = append(out, cidr.Overlap{A: p, B: b[j]})
		}
	}
	return out
}

func main() {
	runs := flag.Int("runs", 5, "repetitions per measurement; the median is reported")
	only := flag.String("cases", "", "measure only the cases whose name matches this regular expression")
	flag.Parse()
	match, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peerbench: -cases:", err)
		os.Exit(2)
	}
	fmt.Printf("%-32s %-11s %14s %10s %9s\n", "case", "impl", "median", "allocs/op", "cidr/impl")
	for _, c := range cases([]int{16, 1_000, 100_000}) {
		if !match.MatchString(c.name) {
			continue
		}
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

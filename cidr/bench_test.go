package cidr_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"go4.org/netipx"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/cidr/internal/workload"
)

// The benchmarks run cidr.Set beside netipx.IPSet on the same workloads, so
// that one `go test -bench` run compares them. The peers that are faster than
// netipx are measured in cidr/internal/peerbench.

var benchSizes = []int{16, 1_000, 100_000}

type family struct {
	name string
	v6   bool
}

var families = []family{{"v4", false}, {"v6", true}}

type fixture struct {
	ps     []netip.Prefix
	set    cidr.Set
	ipx    *netipx.IPSet
	addrs  []netip.Addr
	pfxs   []netip.Prefix
	a, b   []netip.Prefix // disjoint, interleaved
	ja, jb []netip.Prefix // 1 % of ja overlaps jb
	ra, rb cidr.Set       // disjoint, drawn at random from one pool
	sa, sb cidr.Set
	xa, xb *netipx.IPSet
}

var fixtures = map[string]*fixture{}

func getFixture(tb testing.TB, n int, v6 bool) *fixture {
	key := fmt.Sprint(n, v6)
	if f, ok := fixtures[key]; ok {
		return f
	}
	r := rand.New(rand.NewPCG(uint64(n), 42))
	f := &fixture{ps: workload.Prefixes(r, n, v6)}
	f.set = mustSet(tb, f.ps)
	f.ipx = ipset(f.ps)
	f.addrs = workload.Queries(r, f.ps, 1024, v6)
	f.pfxs = workload.QueryPrefixes(r, f.ps, 1024, v6)
	f.a, f.b = workload.Disjoint(r, n, v6)
	f.sa, f.sb = mustSet(tb, f.a), mustSet(tb, f.b)
	f.xa, f.xb = ipset(f.a), ipset(f.b)
	f.ja, f.jb = workload.Join(r, n, v6, 1)
	ra, rb := workload.RandomDisjoint(r, n, v6)
	f.ra, f.rb = mustSet(tb, ra), mustSet(tb, rb)
	fixtures[key] = f
	return f
}

func forEach(b *testing.B, run func(b *testing.B, f *fixture)) {
	for _, fam := range families {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/n=%d", fam.name, n), func(b *testing.B) {
				run(b, getFixture(b, n, fam.v6))
			})
		}
	}
}

var sink bool

// query runs one benchmark per implementation of a query, cycling through
// the fixture's 1024 query values.
func query(b *testing.B, impls map[string]func(i int) bool) {
	for _, name := range []string{"cidr", "netipx"} {
		fn := impls[name]
		b.Run("impl="+name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sink = fn(i & 1023)
				i++
			}
		})
	}
}

func BenchmarkContains(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		query(b, map[string]func(int) bool{
			"cidr":   func(i int) bool { return f.set.Contains(f.addrs[i]) },
			"netipx": func(i int) bool { return f.ipx.Contains(f.addrs[i]) },
		})
	})
}

func BenchmarkContainsPrefix(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		query(b, map[string]func(int) bool{
			"cidr":   func(i int) bool { return f.set.ContainsPrefix(f.pfxs[i]) },
			"netipx": func(i int) bool { return f.ipx.ContainsPrefix(f.pfxs[i]) },
		})
	})
}

func BenchmarkOverlapsPrefix(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		query(b, map[string]func(int) bool{
			"cidr":   func(i int) bool { return f.set.OverlapsPrefix(f.pfxs[i]) },
			"netipx": func(i int) bool { return f.ipx.OverlapsPrefix(f.pfxs[i]) },
		})
	})
}

// BenchmarkOverlaps compares two disjoint, interleaved sets of n prefixes:
// the worst case, where no bound check can answer early; and two disjoint
// sets drawn at random (impl=cidr-random). netipx's Overlaps is O(n·m), so
// it is skipped at 100k, where one call takes minutes.
func BenchmarkOverlaps(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		b.Run("impl=cidr", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = f.sa.Overlaps(f.sb)
			}
		})
		b.Run("impl=cidr-random", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = f.ra.Overlaps(f.rb)
			}
		})
		if len(f.a) < 100_000 {
			b.Run("impl=netipx", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					sink = f.xa.Overlaps(f.xb)
				}
			})
		}
	})
}

// BenchmarkOverlapping joins 1024 query prefixes against n prefixes.
// netipx has no join; the baseline is the nested loop over
// netip.Prefix.Overlaps, skipped at 100k where it is O(n·m).
func BenchmarkOverlapping(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		b.Run("impl=cidr", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = len(cidr.Overlapping(f.pfxs, f.ps)) > 0
			}
		})
		if len(f.ps) < 100_000 {
			b.Run("impl=nested-loop", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var out []cidr.Overlap
					for _, p := range f.pfxs {
						for _, q := range f.ps {
							if p.Overlaps(q) {
								out = append(out, cidr.Overlap{A: p, B: q})
							}
						}
					}
					sink = len(out) > 0
				}
			})
		}
	})
}

// BenchmarkJoin lists all overlapping pairs of two lists of n prefixes,
// 1 % of them overlapping: with the index of the second list built once,
// and with Overlapping, which builds it on every call.
func BenchmarkJoin(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		x, err := cidr.NewIndex(f.jb)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("impl=index", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = len(x.Overlapping(f.ja)) > 0
			}
		})
		b.Run("impl=overlapping", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = len(cidr.Overlapping(f.ja, f.jb)) > 0
			}
		})
	})
}

func BenchmarkNewIndex(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		b.ReportAllocs()
		for b.Loop() {
			x, _ := cidr.NewIndex(f.ps)
			sink = x.Len() > 0
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	forEach(b, func(b *testing.B, f *fixture) {
		b.Run("impl=cidr", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, _ := cidr.NewSet(f.ps...)
				sink = s.IsEmpty()
			}
		})
		b.Run("impl=netipx", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var bld netipx.IPSetBuilder
				for _, p := range f.ps {
					bld.AddPrefix(p)
				}
				s, _ := bld.IPSet()
				sink = s == nil
			}
		})
	})
}

// TestQueriesDoNotAllocate pins the zero-allocation contract of the four
// queries, for both families and for mapped and zoned input.
func TestQueriesDoNotAllocate(t *testing.T) {
	for _, fam := range families {
		f := getFixture(t, 1_000, fam.v6)
		mapped := netip.AddrFrom16(netip.MustParseAddr("10.1.2.3").As16())
		zoned := netip.MustParseAddr("fe80::1%eth0")
		wide := cidr.MustParseSet("::/0", "10.0.0.0/8")
		odd := []netip.Prefix{netip.MustParsePrefix("::/80"), netip.MustParsePrefix("::ffff:10.0.0.0/104"), netip.MustParsePrefix("::fffe:0:0/95"), {}}
		for name, fn := range map[string]func(){
			"Contains": func() {
				for _, a := range f.addrs[:64] {
					sink = f.set.Contains(a)
				}
				sink = f.set.Contains(mapped) || f.set.Contains(zoned) || wide.Contains(mapped) || wide.Contains(zoned)
			},
			"ContainsPrefix": func() {
				for _, p := range f.pfxs[:64] {
					sink = f.set.ContainsPrefix(p)
				}
				for _, p := range odd {
					sink = wide.ContainsPrefix(p) || f.set.ContainsPrefix(p)
				}
			},
			"OverlapsPrefix": func() {
				for _, p := range f.pfxs[:64] {
					sink = f.set.OverlapsPrefix(p)
				}
				for _, p := range odd {
					sink = wide.OverlapsPrefix(p) || f.set.OverlapsPrefix(p)
				}
			},
			"Overlaps": func() { sink = f.sa.Overlaps(f.sb) || f.set.Overlaps(f.sa) },
			"Equal":    func() { sink = f.sa.Equal(f.sb) },
		} {
			if got := testing.AllocsPerRun(20, fn); got != 0 {
				t.Errorf("%s/%s allocates %.1f times per run, want 0", fam.name, name, got)
			}
		}
	}
}

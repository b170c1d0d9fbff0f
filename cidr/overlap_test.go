package cidr_test

import (
	"errors"
	"math/bits"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
)

// slowOverlaps is the obviously correct pairwise rule: mapped prefixes
// are unmapped, and netip keeps the families apart.
func slowOverlaps(p, q netip.Prefix) bool {
	if !p.IsValid() || !q.IsValid() {
		return false
	}
	return unmapPrefix(p).Masked().Overlaps(unmapPrefix(q).Masked())
}

func slowOverlapping(a, b []netip.Prefix) []cidr.Overlap {
	var out []cidr.Overlap
	for _, p := range a {
		for _, q := range b {
			if slowOverlaps(p, q) {
				out = append(out, cidr.Overlap{A: p, B: q})
			}
		}
	}
	return out
}

func TestOverlappingTable(t *testing.T) {
	P := netip.MustParsePrefix
	for _, tc := range []struct {
		name string
		a, b []netip.Prefix
		want []cidr.Overlap
	}{
		{"none", []netip.Prefix{P("10.0.0.0/24")}, []netip.Prefix{P("10.0.1.0/24")}, nil},
		{"empty", nil, []netip.Prefix{P("10.0.0.0/8")}, nil},
		{"order by a then b",
			[]netip.Prefix{P("10.0.0.0/24"), P("10.0.0.0/8")},
			[]netip.Prefix{P("10.0.0.128/25"), P("0.0.0.0/0"), P("10.0.0.0/24"), P("11.0.0.0/8")},
			[]cidr.Overlap{
				{P("10.0.0.0/24"), P("10.0.0.128/25")}, {P("10.0.0.0/24"), P("0.0.0.0/0")}, {P("10.0.0.0/24"), P("10.0.0.0/24")},
				{P("10.0.0.0/8"), P("10.0.0.128/25")}, {P("10.0.0.0/8"), P("0.0.0.0/0")}, {P("10.0.0.0/8"), P("10.0.0.0/24")},
			}},
		{"duplicates once per index",
			[]netip.Prefix{P("10.0.0.0/8")},
			[]netip.Prefix{P("10.0.0.0/8"), P("10.0.0.0/8")},
			[]cidr.Overlap{{P("10.0.0.0/8"), P("10.0.0.0/8")}, {P("10.0.0.0/8"), P("10.0.0.0/8")}}},
		{"mapped meets IPv4", []netip.Prefix{P("::ffff:10.0.0.0/104")}, []netip.Prefix{P("10.1.0.0/16")},
			[]cidr.Overlap{{P("::ffff:10.0.0.0/104"), P("10.1.0.0/16")}}},
		{"::/0 meets no IPv4", []netip.Prefix{P("::/0"), P("::ffff:10.0.0.0/104")}, []netip.Prefix{P("10.1.0.0/16"), P("2001:db8::/32"), P("::fffe:0:0/95"), P("::ffff:10.1.0.0/112")},
			[]cidr.Overlap{{P("::/0"), P("2001:db8::/32")}, {P("::/0"), P("::fffe:0:0/95")},
				{P("::ffff:10.0.0.0/104"), P("10.1.0.0/16")}, {P("::ffff:10.0.0.0/104"), P("::ffff:10.1.0.0/112")}}},
		{"families apart", []netip.Prefix{P("0.0.0.0/0")}, []netip.Prefix{P("::a00:0/104"), P("64:ff9b::/96"), P("2002:a00::/24")}, nil},
		{"host bits ignored, input returned as given", []netip.Prefix{P("10.0.0.1/8")}, []netip.Prefix{P("10.9.9.9/16")},
			[]cidr.Overlap{{P("10.0.0.1/8"), P("10.9.9.9/16")}}},
		{"invalid overlaps nothing", []netip.Prefix{{}, P("10.0.0.0/8")}, []netip.Prefix{{}, P("10.0.0.0/9")},
			[]cidr.Overlap{{P("10.0.0.0/8"), P("10.0.0.0/9")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cidr.Overlapping(tc.a, tc.b)
			if diff := cmp.Diff(tc.want, got, prefixEq); diff != "" {
				t.Errorf("Overlapping mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(slowOverlapping(tc.a, tc.b), got, prefixEq); diff != "" {
				t.Errorf("Overlapping disagrees with the pairwise reference (-slow +got):\n%s", diff)
			}
		})
	}
}

func TestOverlappingRandom(t *testing.T) {
	t.Parallel() // a long differential run: beside the others
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	r := rand.New(rand.NewPCG(5, 6))
	for round := range rounds {
		a := make([]netip.Prefix, r.IntN(40))
		b := make([]netip.Prefix, r.IntN(40))
		for _, ps := range [][]netip.Prefix{a, b} {
			for i := range ps {
				switch r.IntN(10) {
				case 0:
					ps[i] = netip.PrefixFrom(netip.IPv6Unspecified(), r.IntN(97)).Masked() // may cover IPv4
				case 1:
					// leave the zero Prefix
				default:
					ps[i] = randPrefix(r, 18)
				}
			}
		}
		aCopy, bCopy := append([]netip.Prefix(nil), a...), append([]netip.Prefix(nil), b...)
		got, want := cidr.Overlapping(a, b), slowOverlapping(a, b)
		if !slices.Equal(want, got) {
			t.Fatalf("round %d: Overlapping(%v, %v) mismatch (-slow +got):\n%s", round, a, b, cmp.Diff(want, got, prefixEq))
		}
		if !cmp.Equal(a, aCopy, prefixEq) || !cmp.Equal(b, bCopy, prefixEq) {
			t.Fatalf("round %d: Overlapping modified its input", round)
		}
	}
}

// TestIndexAgainstNestedLoop builds one Index per list and asks it for
// several other lists, against the pairwise reference: the index is reused,
// and answers as Overlapping does.
func TestIndexAgainstNestedLoop(t *testing.T) {
	rounds := 200
	if testing.Short() || raceEnabled {
		rounds = 40
	}
	r := rand.New(rand.NewPCG(15, 16))
	draw := func(n int) []netip.Prefix {
		ps := make([]netip.Prefix, n)
		for i := range ps {
			switch r.IntN(8) {
			case 0:
				ps[i] = edgePrefix(r)
			case 1:
				if i > 0 { // a duplicate, maybe in another form
					ps[i] = ps[r.IntN(i)]
				}
			default:
				ps[i] = randPrefix(r, 16)
			}
		}
		return ps
	}
	for round := range rounds {
		b := draw(r.IntN(60))
		for i := range b {
			if !b[i].IsValid() {
				b[i] = randPrefix(r, 16)
			}
		}
		bCopy := slices.Clone(b)
		x, err := cidr.NewIndex(b)
		if err != nil {
			t.Fatalf("round %d: NewIndex: %v", round, err)
		}
		if x.Len() != len(b) {
			t.Fatalf("round %d: Len() = %d, want %d", round, x.Len(), len(b))
		}
		clear(b) // the index keeps its own copy
		for range 3 {
			a := draw(r.IntN(60))
			if want, got := slowOverlapping(a, bCopy), x.Overlapping(a); !slices.Equal(want, got) {
				t.Fatalf("round %d: Index.Overlapping mismatch (-slow +got):\n%s", round, cmp.Diff(want, got, prefixEq))
			}
		}
	}
}

func TestNewIndexInvalid(t *testing.T) {
	ps := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), {}, netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), 33)}
	x, err := cidr.NewIndex(ps)
	if !errors.Is(err, cidr.ErrInvalidPrefix) || !strings.Contains(err.Error(), "ps[1]") {
		t.Errorf("NewIndex(%v) error = %v, want ErrInvalidPrefix naming ps[1]", ps, err)
	}
	if x.Len() != 0 || x.Overlapping(ps) != nil {
		t.Errorf("NewIndex with an error returned a non-empty index")
	}
	var zero cidr.Index
	if got := zero.Overlapping(ps); got != nil {
		t.Errorf("the zero Index found %v", got)
	}
}

// TestIndexAllocs pins that Index.Overlapping allocates only its result:
// none when nothing overlaps, and no more than the growth of the result
// otherwise.
func TestIndexAllocs(t *testing.T) {
	f := getFixture(t, 1_000, false)
	x, err := cidr.NewIndex(f.b)
	if err != nil {
		t.Fatal(err)
	}
	if got := testing.AllocsPerRun(10, func() { sinkOverlaps = x.Overlapping(f.a) }); got != 0 {
		t.Errorf("Index.Overlapping of disjoint lists allocates %.0f times, want 0", got)
	}
	pairs := len(x.Overlapping(f.pfxs))
	if got, limit := testing.AllocsPerRun(10, func() { sinkOverlaps = x.Overlapping(f.pfxs) }), float64(bits.Len(uint(pairs))+1); got > limit {
		t.Errorf("Index.Overlapping with %d pairs allocates %.0f times, want at most %.0f", pairs, got, limit)
	}
}

var sinkOverlaps []cidr.Overlap

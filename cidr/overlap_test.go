package cidr_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
)

// canon4 is ::ffff:0:0/96, where IPv4 lives inside IPv6.
var canon4 = netip.MustParsePrefix("::ffff:0:0/96")

// slowOverlaps is the obviously correct pairwise rule.
func slowOverlaps(p, q netip.Prefix) bool {
	if !p.IsValid() || !q.IsValid() {
		return false
	}
	p, q = unmapPrefix(p.Masked()), unmapPrefix(q.Masked())
	if p.Addr().Is4() == q.Addr().Is4() {
		return p.Overlaps(q)
	}
	v6 := p
	if p.Addr().Is4() {
		v6 = q
	}
	return v6.Bits() <= 96 && v6.Contains(canon4.Addr())
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
		{"::/0 meets IPv4", []netip.Prefix{P("::/0")}, []netip.Prefix{P("10.1.0.0/16"), P("2001:db8::/32")},
			[]cidr.Overlap{{P("::/0"), P("10.1.0.0/16")}, {P("::/0"), P("2001:db8::/32")}}},
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
		got := cidr.Overlapping(a, b)
		if diff := cmp.Diff(slowOverlapping(a, b), got, prefixEq); diff != "" {
			t.Fatalf("round %d: Overlapping(%v, %v) mismatch (-slow +got):\n%s", round, a, b, diff)
		}
		if !cmp.Equal(a, aCopy, prefixEq) || !cmp.Equal(b, bCopy, prefixEq) {
			t.Fatalf("round %d: Overlapping modified its input", round)
		}
	}
}

package cidr_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
)

// addr16 writes an address in IPv6 form (IPv4 as ::ffff:a.b.c.d).
func addr16(a netip.Addr) netip.Addr { return netip.AddrFrom16(a.As16()) }

// edgeAnchors are IPv6 addresses at and around ::ffff:0:0/96.
var edgeAnchors = []string{"::ffff:0:0", "::fffe:ffff:ffff", "::ffff:ffff:ffff", "::1:0:0:0", "::", "::ffff:a00:0", "::ffff:ffff:0", "::fffe:0:0", "::1:ffff:0:0"}

// edgePrefix draws prefixes that straddle, touch, or sit inside
// ::ffff:0:0/96 in every form: IPv4, IPv4-mapped, and IPv6 around it,
// some wide enough to hold the whole block.
func edgePrefix(r *rand.Rand) netip.Prefix {
	switch r.IntN(5) {
	case 0: // IPv4
		v := r.Uint32()
		if r.IntN(2) == 0 {
			v = 0xffffffff - uint32(r.IntN(300))
		}
		a := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
		return netip.PrefixFrom(a, r.IntN(33)).Masked()
	case 1: // mapped
		v := r.Uint32() & 0xff0000ff
		a := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
		return netip.PrefixFrom(addr16(a), 96+r.IntN(33)).Masked()
	case 2: // wide IPv6 prefixes that hold the block, or just miss it
		a := netip.MustParseAddr(edgeAnchors[r.IntN(len(edgeAnchors))])
		return netip.PrefixFrom(a, r.IntN(97)).Masked()
	default: // IPv6 near the mapped block
		a := netip.MustParseAddr(edgeAnchors[r.IntN(len(edgeAnchors))])
		for range r.IntN(3) {
			a = a.Next()
		}
		if !a.IsValid() {
			a = netip.IPv6Unspecified()
		}
		return netip.PrefixFrom(a, 64+r.IntN(65)).Masked()
	}
}

// TestMappedEdgeAgainstNetipx checks sets built from prefixes around
// ::ffff:0:0/96 against the per-family netipx reference: every query in
// every form of its argument, and the prefix list.
func TestMappedEdgeAgainstNetipx(t *testing.T) {
	rounds := 500
	if testing.Short() || raceEnabled {
		rounds = 100
	}
	r := rand.New(rand.NewPCG(21, 22))
	for round := range rounds {
		ps := make([]netip.Prefix, 1+r.IntN(8))
		for i := range ps {
			ps[i] = edgePrefix(r)
		}
		s, ref := mustSet(t, ps), newFamRef(ps)
		qs := append(append([]netip.Prefix(nil), ps...), edgePrefix(r), edgePrefix(r), edgePrefix(r))
		for _, p := range qs {
			first, last := p.Masked().Addr(), lastAddr(p)
			for _, x := range []netip.Addr{first, last, first.Prev(), last.Next()} {
				if !x.IsValid() {
					continue
				}
				for _, form := range []netip.Addr{x, addr16(x), x.Unmap()} {
					if got, want := s.Contains(form), ref.contains(form); got != want {
						t.Fatalf("round %d: %v.Contains(%v) = %v, want %v (prefixes %v)", round, s, form, got, want, ps)
					}
				}
			}
		}
		for _, q := range qs {
			checkPrefixQueries(t, s, ref, q)
			qs, qref := mustSet(t, []netip.Prefix{q}), newFamRef([]netip.Prefix{q})
			if got, want := s.Overlaps(qs), ref.overlaps(qref); got != want {
				t.Fatalf("round %d: %v.Overlaps(%v) = %v, want %v", round, s, qs, got, want)
			}
		}
		checkPrefixes(t, s, ref)
	}
}

// checkPrefixQueries compares ContainsPrefix and OverlapsPrefix of q with
// the reference.
func checkPrefixQueries(t *testing.T, s cidr.Set, ref famRef, q netip.Prefix) {
	t.Helper()
	if got, want := s.ContainsPrefix(q), ref.containsPrefix(q); got != want {
		t.Fatalf("%v.ContainsPrefix(%v) = %v, want %v", s, q, got, want)
	}
	if got, want := s.OverlapsPrefix(q), ref.overlapsPrefix(q); got != want {
		t.Fatalf("%v.OverlapsPrefix(%v) = %v, want %v", s, q, got, want)
	}
}

// checkPrefixes compares Prefixes with the reference and checks that they
// round-trip through NewSet.
func checkPrefixes(t *testing.T, s cidr.Set, ref famRef) {
	t.Helper()
	got := s.Prefixes()
	if diff := cmp.Diff(ref.prefixes(), got, prefixEq); diff != "" {
		t.Fatalf("%v.Prefixes() mismatch (-want +got):\n%s", s, diff)
	}
	if again := mustSet(t, got); !again.Equal(s) {
		t.Fatalf("NewSet(%v.Prefixes()) = %v", s, again)
	}
}

// TestFamiliesDisjoint pins the inputs of issue 9: IPv6 prefixes that hold
// ::ffff:0:0/96 hold no IPv4 address, in any query and in any form.
func TestFamiliesDisjoint(t *testing.T) {
	// Each wide prefix, and how Prefixes writes its set: the fewest prefixes,
	// and on a tie those that do not hold the block (::fffe:0:0/95 adds
	// exactly the IPv6 addresses of ::fffe:0:0/96).
	wide := map[string]string{"::/0": "::/0", "::/56": "::/56", "::/64": "::/64", "::/80": "::/80", "::fffe:0:0/95": "::fffe:0:0/96"}
	v4 := []string{"8.8.8.8", "::ffff:8.8.8.8", "10.0.0.5", "::ffff:10.0.0.5", "0.0.0.0", "255.255.255.255", "::ffff:0:0", "::ffff:ffff:ffff"}
	v4p := []string{"8.8.8.0/24", "::ffff:8.8.8.0/120", "0.0.0.0/0", "::ffff:0:0/96", "10.0.0.0/8"}
	for w, canon := range wide {
		t.Run(w, func(t *testing.T) {
			s := cidr.MustParseSet(w)
			for _, a := range v4 {
				if s.Contains(netip.MustParseAddr(a)) {
					t.Errorf("{%s}.Contains(%s) = true, want false", w, a)
				}
			}
			for _, p := range v4p {
				q := netip.MustParsePrefix(p)
				if s.ContainsPrefix(q) || s.OverlapsPrefix(q) {
					t.Errorf("{%s} contains or overlaps %s, want neither", w, p)
				}
				if s.Overlaps(mustSet(t, []netip.Prefix{q})) {
					t.Errorf("{%s}.Overlaps({%s}) = true, want false", w, p)
				}
				if got := cidr.Overlapping([]netip.Prefix{netip.MustParsePrefix(w)}, []netip.Prefix{q}); len(got) != 0 {
					t.Errorf("Overlapping(%s, %s) = %v, want none", w, p, got)
				}
			}
			// Its own IPv6 addresses just outside the block are in it.
			for _, a := range []netip.Addr{netip.MustParseAddr("::fffe:ffff:ffff"), netip.MustParsePrefix(w).Addr()} {
				if !s.Contains(a) {
					t.Errorf("{%s}.Contains(%s) = false, want true", w, a)
				}
			}
			if !s.ContainsPrefix(netip.MustParsePrefix(w)) {
				t.Errorf("{%s}.ContainsPrefix(%s) = false, want true", w, w)
			}
			if got := s.String(); got != "["+canon+"]" {
				t.Errorf("{%s}.String() = %s, want [%s]", w, got, canon)
			}
			// With every IPv4 address added, both families stay apart.
			all := s.Union(cidr.MustParseSet("0.0.0.0/0"))
			if got, want := all.String(), "[0.0.0.0/0 "+canon+"]"; got != want {
				t.Errorf("{%s} ∪ {0.0.0.0/0} = %s, want %s", w, got, want)
			}
			if !all.Subtract(s).Equal(cidr.MustParseSet("0.0.0.0/0")) || !all.Subtract(cidr.MustParseSet("0.0.0.0/0")).Equal(s) {
				t.Errorf("({%s} ∪ {0.0.0.0/0}) minus either part is not the other", w)
			}
			// Its IPv6 addresses are all taken; the IPv4 ones inside it are not
			// IPv6 space to offer.
			if free, ok := s.FreePrefix(netip.MustParsePrefix(w), 128); ok {
				t.Errorf("{%s}.FreePrefix(%s, 128) = %v, want none", w, w, free)
			}
		})
	}
	// IPv4 sets hold no IPv6 address either.
	all4 := cidr.MustParseSet("0.0.0.0/0")
	for _, q := range []string{"::/0", "::/80", "::fffe:0:0/95", "::/96", "64:ff9b::/96"} {
		if all4.OverlapsPrefix(netip.MustParsePrefix(q)) || all4.ContainsPrefix(netip.MustParsePrefix(q)) {
			t.Errorf("{0.0.0.0/0} contains or overlaps %s", q)
		}
	}
}

// TestFreePrefixNeverIPv4 asks for every free block of an IPv6 within that
// holds ::ffff:0:0/96: none may lie inside the block, where it would be
// IPv4.
func TestFreePrefixNeverIPv4(t *testing.T) {
	for _, tc := range []struct {
		set    []string
		within string
		bits   int
		want   string
	}{
		{nil, "::/80", 96, "::/96"},
		{[]string{"::/81", "::8000:0:0/82", "::c000:0:0/83", "::e000:0:0/84", "::f000:0:0/85", "::f800:0:0/86", "::fc00:0:0/87", "::fe00:0:0/88", "::ff00:0:0/89", "::ff80:0:0/90", "::ffc0:0:0/91", "::ffe0:0:0/92", "::fff0:0:0/93", "::fff8:0:0/94", "::fffc:0:0/95", "::fffe:0:0/96"}, "::/80", 96, ""},
		{[]string{"::fffe:0:0/96"}, "::fffe:0:0/95", 96, ""},
		{[]string{"::fffe:0:0/96"}, "::fffe:0:0/95", 95, ""},
		{[]string{"::fffe:0:0/96"}, "::/64", 96, "::/96"},
		{nil, "::fffe:0:0/95", 128, "::fffe:0:0/128"},
	} {
		s := cidr.MustParseSet(tc.set...)
		got, ok := s.FreePrefix(netip.MustParsePrefix(tc.within), tc.bits)
		want := ""
		if ok {
			want = got.String()
		}
		if want != tc.want {
			t.Errorf("%v.FreePrefix(%s, %d) = %q, want %q", s, tc.within, tc.bits, want, tc.want)
		}
	}
}

func lastAddr(p netip.Prefix) netip.Addr {
	p = p.Masked()
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

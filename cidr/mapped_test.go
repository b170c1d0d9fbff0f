package cidr_test

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// to16 writes a prefix in the unified 128-bit space: IPv4 as ::ffff:a.b.c.d.
func to16(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4() {
		return netip.PrefixFrom(netip.AddrFrom16(p.Addr().As16()), p.Bits()+96).Masked()
	}
	return p.Masked()
}

// addr16 writes an address in the unified space.
func addr16(a netip.Addr) netip.Addr { return netip.AddrFrom16(a.As16()) }

// edgePrefix draws prefixes that straddle, touch, or sit inside
// ::ffff:0:0/96 in every form: IPv4, IPv4-mapped, and IPv6 around it.
func edgePrefix(r *rand.Rand) netip.Prefix {
	anchors := []string{"::ffff:0:0", "::fffe:ffff:ffff", "::ffff:ffff:ffff", "::1:0:0:0", "::", "::ffff:a00:0", "::ffff:ffff:0"}
	switch r.IntN(4) {
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
		return netip.PrefixFrom(netip.AddrFrom16(a.As16()), 96+r.IntN(33)).Masked()
	default: // IPv6 near the mapped block, some covering it
		a := netip.MustParseAddr(anchors[r.IntN(len(anchors))])
		for range r.IntN(3) {
			a = a.Next()
		}
		if !a.IsValid() {
			a = netip.IPv6Unspecified()
		}
		return netip.PrefixFrom(a, 64+r.IntN(65)).Masked()
	}
}

// TestMappedEdgeAgainstNetip checks sets built from prefixes around
// ::ffff:0:0/96 against netip itself in the unified space, where an IPv4
// address is its mapped form: a set contains x exactly when one of its
// prefixes does, and overlaps q exactly when one of its prefixes does.
func TestMappedEdgeAgainstNetip(t *testing.T) {
	rounds := 500
	if testing.Short() {
		rounds = 80
	}
	r := rand.New(rand.NewPCG(21, 22))
	for round := range rounds {
		ps := make([]netip.Prefix, 1+r.IntN(8))
		for i := range ps {
			ps[i] = edgePrefix(r)
		}
		s := mustSet(t, ps)
		var probes []netip.Addr
		for _, p := range append(append([]netip.Prefix(nil), ps...), edgePrefix(r), edgePrefix(r)) {
			first, last := p.Masked().Addr(), lastAddr(p)
			probes = append(probes, first, last, first.Prev(), last.Next())
		}
		for _, x := range probes {
			if !x.IsValid() {
				continue
			}
			want := false
			for _, p := range ps {
				want = want || to16(p).Contains(addr16(x))
			}
			for _, form := range []netip.Addr{x, addr16(x), x.Unmap()} {
				if got := s.Contains(form); got != want {
					t.Fatalf("round %d: %v.Contains(%v) = %v, want %v (prefixes %v)", round, s, form, got, want, ps)
				}
			}
		}
		for range 20 {
			q := edgePrefix(r)
			want := false
			for _, p := range ps {
				want = want || to16(p).Overlaps(to16(q))
			}
			if got := s.OverlapsPrefix(q); got != want {
				t.Fatalf("round %d: %v.OverlapsPrefix(%v) = %v, want %v (prefixes %v)", round, s, q, got, want, ps)
			}
			qs := mustSet(t, []netip.Prefix{q})
			if got, want := s.ContainsPrefix(q), qs.Subtract(s).IsEmpty(); got != want {
				t.Fatalf("round %d: %v.ContainsPrefix(%v) = %v, but %v − set = %v", round, s, q, got, q, qs.Subtract(s))
			}
			if got := s.Overlaps(qs); got != want {
				t.Fatalf("round %d: %v.Overlaps(%v) = %v, want %v", round, s, qs, got, want)
			}
		}
		// Prefixes() covers exactly the set, in any form.
		if again := mustSet(t, s.Prefixes()); !again.Equal(s) {
			t.Fatalf("round %d: NewSet(%v.Prefixes()) = %v", round, s, again)
		}
		for _, p := range s.Prefixes() {
			for _, x := range []netip.Addr{p.Addr(), lastAddr(p)} {
				in := false
				for _, q := range ps {
					in = in || to16(q).Contains(addr16(x))
				}
				if !in {
					t.Fatalf("round %d: Prefixes() holds %v, which no input prefix covers (%v)", round, x, ps)
				}
			}
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

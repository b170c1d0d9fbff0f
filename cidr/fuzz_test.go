package cidr_test

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcgate/vpcgate/cidr"
)

func FuzzParsePrefix(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "10.0.0.1/8", "::ffff:10.0.0.0/104", "fe80::%eth0/64", "::/0", "0.0.0.0/0", "10.0.0.0/08", "2001:db8::/32", "1.2.3.4", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := cidr.ParsePrefix(s)
		if err != nil {
			if !errors.Is(err, cidr.ErrInvalidPrefix) || p.IsValid() {
				t.Fatalf("ParsePrefix(%q) = %v, %v: want the zero Prefix and ErrInvalidPrefix", s, p, err)
			}
			// A rejection for host bits names a canonical form that parses.
			var pe *cidr.ParseError
			if errors.Is(err, cidr.ErrNotCanonical) {
				if !errors.As(err, &pe) {
					t.Fatalf("ParsePrefix(%q): ErrNotCanonical without a *ParseError", s)
				}
				if q, err := cidr.ParsePrefix(pe.Canonical.String()); err != nil || q != pe.Canonical {
					t.Fatalf("ParsePrefix(%q) names canonical %v, which does not parse back: %v", s, pe.Canonical, err)
				}
			}
			return
		}
		if p != p.Masked() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
			t.Fatalf("ParsePrefix(%q) = %v, which is not canonical", s, p)
		}
		if std, err := netip.ParsePrefix(s); err != nil || std != p {
			t.Fatalf("ParsePrefix(%q) = %v, but netip says %v, %v", s, p, std, err)
		}
		if q, err := cidr.ParsePrefix(p.String()); err != nil || q != p {
			t.Fatalf("ParsePrefix(%q) = %v does not round-trip: %v, %v", s, p, q, err)
		}
	})
}

func FuzzParseAddr(f *testing.F) {
	for _, s := range []string{"10.0.0.5", "::ffff:10.0.0.5", "::ffff:10.0.0.5%x", "fe80::1%eth0", "010.0.0.1", "10.1", "::", "10.0.0.5/32"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := cidr.ParseAddr(s)
		if err != nil {
			if !errors.Is(err, cidr.ErrInvalidAddr) || a.IsValid() {
				t.Fatalf("ParseAddr(%q) = %v, %v: want the zero Addr and ErrInvalidAddr", s, a, err)
			}
			return
		}
		std, err := netip.ParseAddr(s)
		if err != nil || std.Zone() != "" || std.Unmap() != a || a.Is4In6() {
			t.Fatalf("ParseAddr(%q) = %v; netip says %v, %v", s, a, std, err)
		}
		if b, err := cidr.ParseAddr(a.String()); err != nil || b != a {
			t.Fatalf("ParseAddr(%q) = %v does not round-trip: %v, %v", s, a, b, err)
		}
	})
}

// prefixesFrom decodes fuzz bytes into prefixes: 6 bytes each, an IPv4
// address (or its mapped form), a length, and a family switch; one in three
// is IPv6 near ::ffff:0:0/96 (some holding it) so that the mapped edge is
// exercised.
func prefixesFrom(data []byte) []netip.Prefix {
	var out []netip.Prefix
	for len(data) >= 6 {
		v := binary.BigEndian.Uint32(data)
		bits, mode := int(data[4]), data[5]%6
		data = data[6:]
		a4 := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
		switch mode {
		case 0, 1, 2:
			out = append(out, netip.PrefixFrom(a4, bits%33))
		case 3:
			out = append(out, netip.PrefixFrom(netip.AddrFrom16(a4.As16()), 96+bits%33))
		case 4:
			b := a4.As16()
			b[10], b[11] = byte(bits), byte(v) // around ::ffff:0:0/96, sometimes inside
			out = append(out, netip.PrefixFrom(netip.AddrFrom16(b), 64+bits%65))
		case 5:
			b := a4.As16()
			b[10], b[11] = byte(bits), byte(v)
			out = append(out, netip.PrefixFrom(netip.AddrFrom16(b), bits%97))
		}
	}
	return out
}

func FuzzSetAlgebra(f *testing.F) {
	f.Add([]byte{10, 0, 0, 0, 8, 0, 10, 1, 0, 0, 16, 3}, []byte{10, 1, 2, 0, 24, 0}, uint32(0x0a010203), uint8(24))
	f.Add([]byte{0, 0, 0, 0, 0, 4}, []byte{192, 168, 0, 0, 16, 1}, uint32(0xc0a80001), uint8(0))
	f.Add([]byte{255, 255, 255, 255, 32, 0}, []byte{255, 255, 255, 254, 31, 3}, uint32(0xffffffff), uint8(32))
	// ::/0 and ::fffe:0:0/95 against 8.8.8.8 and ::ffff:8.8.8.8 (issue 9).
	f.Add([]byte{0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 95, 5}, []byte{8, 8, 8, 0, 24, 0, 8, 8, 8, 0, 120, 3}, uint32(0x08080808), uint8(32))
	f.Fuzz(func(t *testing.T, da, db []byte, probe uint32, probeBits uint8) {
		pa, pb := prefixesFrom(da), prefixesFrom(db)
		a, err1 := cidr.NewSet(pa...)
		b, err2 := cidr.NewSet(pb...)
		if err1 != nil || err2 != nil {
			t.Fatalf("NewSet rejected valid prefixes: %v, %v", err1, err2)
		}
		if a.Overlaps(b) != b.Overlaps(a) {
			t.Fatalf("Overlaps is not symmetric for %v and %v", a, b)
		}
		inter := a.Intersect(b)
		if a.Overlaps(b) == inter.IsEmpty() {
			t.Fatalf("%v.Overlaps(%v) = %v but the intersection is %v", a, b, a.Overlaps(b), inter)
		}
		u := a.Union(b)
		if !u.Equal(b.Union(a)) || !inter.Equal(b.Intersect(a)) {
			t.Fatal("Union or Intersect is not commutative")
		}
		if d := a.Subtract(b); d.Overlaps(b) || !d.Union(inter).Equal(a) {
			t.Fatalf("(a−b) overlaps b or (a−b)∪(a∩b) ≠ a for %v, %v", a, b)
		}
		// Agreement with the per-family netipx reference, for an IPv4 probe
		// in both forms and an IPv6 probe near ::ffff:0:0/96, as addresses
		// and as prefixes of every length.
		ref := newFamRef(pa)
		v4 := netip.AddrFrom4([4]byte{byte(probe >> 24), byte(probe >> 16), byte(probe >> 8), byte(probe)})
		b16 := v4.As16()
		b16[10], b16[11] = probeBits, byte(probe)
		v6 := netip.AddrFrom16(b16)
		for _, x := range []netip.Addr{v4, addr16(v4), v6} {
			if got, want := a.Contains(x), ref.contains(x); got != want {
				t.Fatalf("%v.Contains(%v) = %v; the reference says %v", a, x, got, want)
			}
			q := netip.PrefixFrom(x, int(probeBits)%(x.BitLen()+1))
			if got, want := a.ContainsPrefix(q), ref.containsPrefix(q); got != want {
				t.Fatalf("%v.ContainsPrefix(%v) = %v; the reference says %v", a, q, got, want)
			}
			if got, want := a.OverlapsPrefix(q), ref.overlapsPrefix(q); got != want {
				t.Fatalf("%v.OverlapsPrefix(%v) = %v; the reference says %v", a, q, got, want)
			}
			if free, ok := a.FreePrefix(q, min(x.BitLen(), q.Bits()+4)); ok && (a.OverlapsPrefix(free) || !unmapPrefix(q).Masked().Contains(free.Addr()) || free.Addr().Is4In6()) {
				t.Fatalf("%v.FreePrefix(%v) = %v, which is taken, outside, or of another family", a, q, free)
			}
		}
		if got, want := a.Overlaps(b), ref.overlaps(newFamRef(pb)); got != want {
			t.Fatalf("%v.Overlaps(%v) = %v; the reference says %v", a, b, got, want)
		}
		if got, want := a.Prefixes(), ref.prefixes(); !slices.Equal(got, want) {
			t.Fatalf("%v.Prefixes() = %v; the reference says %v", a, got, want)
		}
		for _, p := range a.Prefixes() {
			if !a.ContainsPrefix(p) || !a.OverlapsPrefix(p) {
				t.Fatalf("%v does not contain its own prefix %v", a, p)
			}
		}
		if again := mustSet(t, a.Prefixes()); !again.Equal(a) {
			t.Fatalf("NewSet(%v.Prefixes()) = %v", a, again)
		}
		// Overlapping and an Index agree with the pairwise rule.
		want := slowOverlapping(pa, pb)
		if got := cidr.Overlapping(pa, pb); !slices.Equal(got, want) {
			t.Fatalf("Overlapping(%v, %v) = %v, want %v", pa, pb, got, want)
		}
		idx, err := cidr.NewIndex(pb)
		if err != nil {
			t.Fatalf("NewIndex(%v): %v", pb, err)
		}
		if got := idx.Overlapping(pa); !slices.Equal(got, want) {
			t.Fatalf("NewIndex(%v).Overlapping(%v) = %v, want %v", pb, pa, got, want)
		}
	})
}

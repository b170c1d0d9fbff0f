package cidr_test

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"

	"go4.org/netipx"

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
// address (or its mapped form), a length, and a family switch; every fifth
// is IPv6 near ::ffff:0:0/96 so that the mapped edge is exercised.
func prefixesFrom(data []byte) []netip.Prefix {
	var out []netip.Prefix
	for len(data) >= 6 {
		v := binary.BigEndian.Uint32(data)
		bits, mode := int(data[4]), data[5]%5
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
		}
	}
	return out
}

func FuzzSetAlgebra(f *testing.F) {
	f.Add([]byte{10, 0, 0, 0, 8, 0, 10, 1, 0, 0, 16, 3}, []byte{10, 1, 2, 0, 24, 0}, uint32(0x0a010203), uint8(24))
	f.Add([]byte{0, 0, 0, 0, 0, 4}, []byte{192, 168, 0, 0, 16, 1}, uint32(0xc0a80001), uint8(0))
	f.Add([]byte{255, 255, 255, 255, 32, 0}, []byte{255, 255, 255, 254, 31, 3}, uint32(0xffffffff), uint8(32))
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
		// Agreement with netipx on pure IPv4 inputs and with netip.Prefix.
		probeAddr := netip.AddrFrom4([4]byte{byte(probe >> 24), byte(probe >> 16), byte(probe >> 8), byte(probe)})
		q := netip.PrefixFrom(probeAddr, int(probeBits%33)).Masked()
		for _, p := range a.Prefixes() {
			if !a.ContainsPrefix(p) || !a.OverlapsPrefix(p) {
				t.Fatalf("%v does not contain its own prefix %v", a, p)
			}
			if p.Addr().Is4() && p.Overlaps(q) && !a.OverlapsPrefix(q) {
				t.Fatalf("%v.OverlapsPrefix(%v) = false, but its prefix %v overlaps it", a, q, p)
			}
		}
		if a.ContainsPrefix(q) && !a.OverlapsPrefix(q) {
			t.Fatalf("%v contains %v but does not overlap it", a, q)
		}
		if a.Contains(probeAddr) != a.OverlapsPrefix(netip.PrefixFrom(probeAddr, 32)) ||
			a.Contains(probeAddr) != a.Contains(netip.AddrFrom16(probeAddr.As16())) {
			t.Fatalf("%v: Contains(%v) disagrees with OverlapsPrefix or with its mapped form", a, probeAddr)
		}
		var nb netipx.IPSetBuilder
		for _, p := range pa {
			if p.Addr().Is4() {
				nb.AddPrefix(p.Masked())
			}
		}
		ns, _ := nb.IPSet()
		a4 := a.Intersect(cidr.MustParseSet("0.0.0.0/0"))
		if got, want := a4.Contains(probeAddr), ns.Contains(probeAddr); got != want && !anyMappedOrWide(pa) {
			t.Fatalf("Contains(%v) = %v; netipx says %v", probeAddr, got, want)
		}
		if got, want := a4.ContainsPrefix(q), ns.ContainsPrefix(q); got != want && !anyMappedOrWide(pa) {
			t.Fatalf("ContainsPrefix(%v) = %v; netipx says %v", q, got, want)
		}
		if free, ok := a.FreePrefix(q, min(32, q.Bits()+4)); ok && (a.OverlapsPrefix(free) || !q.Contains(free.Addr())) {
			t.Fatalf("FreePrefix(%v) = %v, which is taken or outside", q, free)
		}
	})
}

// anyMappedOrWide reports whether some prefix is IPv6: netipx keeps those
// apart from IPv4, where Set does not.
func anyMappedOrWide(ps []netip.Prefix) bool {
	for _, p := range ps {
		if !p.Addr().Is4() {
			return true
		}
	}
	return false
}

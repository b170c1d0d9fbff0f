package cidr_test

import (
	"net/netip"

	"go4.org/netipx"
)

// famRef is the slow, obviously correct reference for a Set, built only
// from net/netip and netipx, which keep IPv4 and IPv6 apart: mapped input
// (inside ::ffff:0:0/96) is unmapped first, and each family is a netipx set.
// The IPv6 addresses of ::ffff:0:0/96 are IPv4 ones, so no IPv6 set holds
// them (v6); a query for a wide IPv6 prefix asks for its addresses outside
// the block, which is v6 with the block added (v6m).
type famRef struct {
	v4, v6, v6m *netipx.IPSet
}

var mappedBlock = netip.MustParsePrefix("::ffff:0:0/96")

func newFamRef(ps []netip.Prefix) famRef {
	var b4, b6 netipx.IPSetBuilder
	for _, p := range ps {
		if !p.IsValid() {
			continue
		}
		if p = unmapPrefix(p).Masked(); p.Addr().Is4() {
			b4.AddPrefix(p)
		} else {
			b6.AddPrefix(p)
		}
	}
	b6.RemovePrefix(mappedBlock)
	var r famRef
	r.v4, _ = b4.IPSet()
	r.v6, _ = b6.IPSet()
	b6.AddPrefix(mappedBlock)
	r.v6m, _ = b6.IPSet()
	return r
}

// unmapPrefix writes a prefix inside ::ffff:0:0/96 as the IPv4 prefix it
// maps and returns any other unchanged.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p
}

func (r famRef) contains(a netip.Addr) bool {
	if !a.IsValid() || a.Zone() != "" {
		return false
	}
	if a = a.Unmap(); a.Is4() {
		return r.v4.Contains(a)
	}
	return r.v6.Contains(a)
}

func (r famRef) containsPrefix(p netip.Prefix) bool {
	if !p.IsValid() {
		return false
	}
	if p = unmapPrefix(p).Masked(); p.Addr().Is4() {
		return r.v4.ContainsPrefix(p)
	}
	return r.v6m.ContainsPrefix(p)
}

func (r famRef) overlapsPrefix(p netip.Prefix) bool {
	if !p.IsValid() {
		return false
	}
	if p = unmapPrefix(p).Masked(); p.Addr().Is4() {
		return r.v4.OverlapsPrefix(p)
	}
	return r.v6.OverlapsPrefix(p)
}

// prefixes is the minimal prefix list: IPv4, then the shorter of the IPv6
// set's prefixes and those of the set with the block added, less the block
// (ties go to the former).
func (r famRef) prefixes() []netip.Prefix {
	out := r.v4.Prefixes()
	plain := r.v6.Prefixes()
	var filled []netip.Prefix
	for _, p := range r.v6m.Prefixes() {
		if !mappedBlock.Contains(p.Addr()) || p.Bits() < 96 {
			filled = append(filled, p)
		}
	}
	if len(filled) < len(plain) {
		plain = filled
	}
	return append(out, plain...)
}

// overlaps reports whether the reference sets share an address.
func (r famRef) overlaps(o famRef) bool {
	return r.v4.Overlaps(o.v4) || r.v6.Overlaps(o.v6)
}

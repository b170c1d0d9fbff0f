package cidr

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// u128 is a 128-bit unsigned integer: an IPv6 address as a number.
type u128 struct{ hi, lo uint64 }

// The IPv4-mapped block ::ffff:0:0/96. Its addresses are IPv4 addresses
// (they are unmapped before they reach a table), so no IPv6 range of a Set
// ever holds any of them.
var (
	mappedLo = u128{0, 0xffff_0000_0000}
	mappedHi = u128{0, 0xffff_ffff_ffff}
	maxU128  = u128{^uint64(0), ^uint64(0)}
)

func (a u128) less(b u128) bool { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo) }

func (a u128) cmp(b u128) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}

func (a u128) inc() u128 {
	lo, c := bits.Add64(a.lo, 1, 0)
	return u128{a.hi + c, lo}
}

func (a u128) dec() u128 {
	lo, b := bits.Sub64(a.lo, 1, 0)
	return u128{a.hi - b, lo}
}

// hostMask returns the mask of the 128-n low bits.
func hostMask(n int) u128 {
	if n >= 64 {
		return u128{0, ^uint64(0) >> (n - 64)}
	}
	return u128{^uint64(0) >> n, ^uint64(0)}
}

func (a u128) or(b u128) u128     { return u128{a.hi | b.hi, a.lo | b.lo} }
func (a u128) andNot(b u128) u128 { return u128{a.hi &^ b.hi, a.lo &^ b.lo} }

// trailingZeros returns the number of trailing zero bits; 128 for zero.
func (a u128) trailingZeros() int {
	if a.lo != 0 {
		return bits.TrailingZeros64(a.lo)
	}
	return 64 + bits.TrailingZeros64(a.hi)
}

// addr6 returns the number of an IPv6 address; a zone is ignored.
func addr6(a netip.Addr) u128 {
	b := a.As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// addr returns the IPv6 address numbered a, in IPv6 form even inside
// ::ffff:0:0/96.
func (a u128) addr() netip.Addr {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], a.hi)
	binary.BigEndian.PutUint64(b[8:], a.lo)
	return netip.AddrFrom16(b)
}

// rng is an inclusive range of IPv6 addresses, or of IPv4 addresses held in
// the low 32 bits.
type rng struct{ lo, hi u128 }

// range6 returns the range a valid IPv6 prefix covers; host bits are ignored.
func range6(p netip.Prefix) rng {
	m := hostMask(p.Bits())
	lo := addr6(p.Addr()).andNot(m)
	return rng{lo, lo.or(m)}
}

// range4 returns the first and last address of a valid IPv4 prefix; host
// bits are ignored.
func range4(p netip.Prefix) (lo, hi uint32) {
	b := p.Addr().As4()
	m := ^uint32(0)
	if n := p.Bits(); n < 32 {
		m = ^(^uint32(0) >> n)
	}
	lo = binary.BigEndian.Uint32(b[:]) & m
	return lo, lo | ^m
}

// addr4 returns the IPv4 address numbered v.
func addr4(v uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

// holdsMapped reports whether r, an IPv6 range, holds all of ::ffff:0:0/96;
// insideMapped whether it lies wholly within it; meetsMapped whether it
// shares an address with it.
func (r rng) holdsMapped() bool  { return !mappedLo.less(r.lo) && !r.hi.less(mappedHi) }
func (r rng) insideMapped() bool { return !r.lo.less(mappedLo) && !mappedHi.less(r.hi) }
func (r rng) meetsMapped() bool  { return !mappedHi.less(r.lo) && !r.hi.less(mappedLo) }

// appendPrefixes4 appends the minimal list of IPv4 prefixes that covers
// [lo, hi] exactly, in address order.
func appendPrefixes4(dst []netip.Prefix, lo, hi uint32) []netip.Prefix {
	for {
		// The largest aligned block at lo that ends at or before hi.
		n := 32 - bits.TrailingZeros32(lo)
		for n < 32 && lo|^uint32(0)>>n > hi {
			n++
		}
		dst = append(dst, netip.PrefixFrom(addr4(lo), n))
		end := lo | ^uint32(0)>>n
		if end == hi {
			return dst
		}
		lo = end + 1
	}
}

// appendPrefixes6 appends the minimal list of IPv6 prefixes that covers r
// exactly, in address order, leaving out blocks inside ::ffff:0:0/96.
func appendPrefixes6(dst []netip.Prefix, r rng) []netip.Prefix {
	lo := r.lo
	for {
		n := 128 - lo.trailingZeros()
		for n < 128 && lo.or(hostMask(n)).cmp(r.hi) > 0 {
			n++
		}
		end := lo.or(hostMask(n))
		if !(rng{lo, end}).insideMapped() {
			dst = append(dst, netip.PrefixFrom(lo.addr(), n))
		}
		if end == r.hi {
			return dst
		}
		lo = end.inc()
	}
}

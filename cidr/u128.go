package cidr

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// u128 is a 128-bit unsigned integer, the position of an address in the
// unified address space: IPv6 addresses stand for themselves and an IPv4
// address a stands for its IPv4-mapped form ::ffff:a. In that space an
// IPv4-mapped IPv6 address and the IPv4 address it maps are the same point,
// which is what makes mapped input impossible to smuggle past a check.
type u128 struct{ hi, lo uint64 }

// mapped4 is the first point of ::ffff:0:0/96, where IPv4 lives.
var (
	mapped4Lo = u128{0, 0xffff_0000_0000}
	mapped4Hi = u128{0, 0xffff_ffff_ffff}
	maxU128   = u128{^uint64(0), ^uint64(0)}
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

// in4 reports whether a lies in ::ffff:0:0/96.
func (a u128) in4() bool { return a.hi == 0 && a.lo>>32 == 0xffff }

// u128From4 maps an IPv4 address, as a uint32, into the unified space.
func u128From4(v uint32) u128 { return u128{0, 0xffff_0000_0000 | uint64(v)} }

// addrTo128 returns the point of a valid address; zones are ignored.
func addrTo128(a netip.Addr) u128 {
	if a.Is4() {
		b := a.As4()
		return u128From4(binary.BigEndian.Uint32(b[:]))
	}
	b := a.As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// addr returns the address at a, in IPv4 form inside ::ffff:0:0/96.
func (a u128) addr() netip.Addr {
	if a.in4() {
		return netip.AddrFrom4(u32Bytes(uint32(a.lo)))
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], a.hi)
	binary.BigEndian.PutUint64(b[8:], a.lo)
	return netip.AddrFrom16(b)
}

func u32Bytes(v uint32) [4]byte {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return b
}

// rng is an inclusive range of the unified space.
type rng struct{ lo, hi u128 }

// prefixRange returns the range a valid prefix covers in the unified space.
// Host bits are ignored.
func prefixRange(p netip.Prefix) rng {
	n := p.Bits()
	if p.Addr().Is4() {
		n += 96
	}
	m := hostMask(n)
	lo := addrTo128(p.Addr()).andNot(m)
	return rng{lo, lo.or(m)}
}

// prefixAt returns the prefix of n bits (in the unified space) at lo, in
// IPv4 form when it lies inside ::ffff:0:0/96.
func prefixAt(lo u128, n int) netip.Prefix {
	if n >= 96 && lo.in4() {
		return netip.PrefixFrom(lo.addr(), n-96)
	}
	a := lo.addr()
	if a.Is4() {
		a = netip.AddrFrom16(a.As16())
	}
	return netip.PrefixFrom(a, n)
}

// appendPrefixes appends the minimal list of prefixes that covers r exactly.
func appendPrefixes(dst []netip.Prefix, r rng) []netip.Prefix {
	lo := r.lo
	for {
		// The largest aligned block at lo that ends at or before r.hi.
		n := 128 - lo.trailingZeros()
		for n < 128 && lo.or(hostMask(n)).cmp(r.hi) > 0 {
			n++
		}
		dst = append(dst, prefixAt(lo, n))
		end := lo.or(hostMask(n))
		if end == r.hi {
			return dst
		}
		lo = end.inc()
	}
}

// addr16 returns the address at a in IPv6 form, even inside ::ffff:0:0/96.
func (a u128) addr16() netip.Addr {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], a.hi)
	binary.BigEndian.PutUint64(b[8:], a.lo)
	return netip.AddrFrom16(b)
}

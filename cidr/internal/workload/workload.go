// Package workload makes the deterministic prefix lists that cidr's tests
// and benchmarks share with the peer benchmarks in cidr/internal/peerbench.
package workload

import (
	"math/rand/v2"
	"net/netip"
	"slices"
)

// Lengths of realistic IPv4 and IPv6 prefixes, weighted like a global
// routing table (percent): mostly /24 and /48, some shorter, a few longer.
var (
	lengths4 = weighted(map[int]int{16: 2, 17: 1, 18: 2, 19: 3, 20: 5, 21: 5, 22: 10, 23: 10, 24: 60, 28: 1, 32: 1})
	lengths6 = weighted(map[int]int{28: 2, 29: 5, 32: 10, 36: 3, 40: 5, 44: 10, 48: 50, 56: 5, 64: 8, 128: 2})
)

func weighted(w map[int]int) []int {
	var out []int
	for bits := 0; bits <= 128; bits++ {
		for range w[bits] {
			out = append(out, bits)
		}
	}
	return out
}

// Prefixes returns n masked prefixes of realistic lengths drawn with r.
// IPv6 prefixes come from 2000::/3.
func Prefixes(r *rand.Rand, n int, v6 bool) []netip.Prefix {
	ps := make([]netip.Prefix, n)
	for i := range ps {
		ps[i] = Prefix(r, v6)
	}
	return ps
}

// Prefix returns one masked prefix of a realistic length drawn with r.
func Prefix(r *rand.Rand, v6 bool) netip.Prefix {
	if !v6 {
		return netip.PrefixFrom(Addr(r, false), lengths4[r.IntN(len(lengths4))]).Masked()
	}
	return netip.PrefixFrom(Addr(r, true), lengths6[r.IntN(len(lengths6))]).Masked()
}

// Addr returns a random IPv4 address, or a random IPv6 one in 2000::/3.
func Addr(r *rand.Rand, v6 bool) netip.Addr {
	if !v6 {
		v := r.Uint32()
		return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	}
	var b [16]byte
	hi, lo := r.Uint64(), r.Uint64()
	for k := range 8 {
		b[k], b[8+k] = byte(hi>>(56-8*k)), byte(lo>>(56-8*k))
	}
	b[0] = 0x20 | b[0]&0x1f
	return netip.AddrFrom16(b)
}

// Disjoint returns two lists of n prefixes each that share no address but
// interleave across the whole space, so that no bound check can separate
// them: the worst case for an overlap test.
func Disjoint(r *rand.Rand, n int, v6 bool) (a, b []netip.Prefix) {
	for i, p := range disjointPool(r, n, v6) {
		if i%2 == 0 && len(a) < n {
			a = append(a, p)
		} else if i%2 == 1 && len(b) < n {
			b = append(b, p)
		}
	}
	return a, b
}

// RandomDisjoint returns two lists of n prefixes each that share no
// address, drawn at random from one pool of disjoint prefixes: unlike
// Disjoint's, they need not alternate.
func RandomDisjoint(r *rand.Rand, n int, v6 bool) (a, b []netip.Prefix) {
	pool := disjointPool(r, n, v6)
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	half := len(pool) / 2
	return pool[:min(n, half)], pool[half:min(len(pool), half+n)]
}

// Join returns two lists of n prefixes each, b random and a disjoint from
// b except for about percent of its entries, each of which is a prefix of
// b narrowed or widened by up to 4 bits: the workload of listing all
// overlapping pairs.
func Join(r *rand.Rand, n int, v6 bool, percent float64) (a, b []netip.Prefix) {
	a, b = Disjoint(r, n, v6)
	for i := range a {
		if len(b) > 0 && r.Float64()*100 < percent {
			p := b[r.IntN(len(b))]
			bits := min(max(p.Bits()+r.IntN(9)-4, 0), p.Addr().BitLen())
			a[i] = netip.PrefixFrom(p.Addr(), bits).Masked()
		}
	}
	return a, b
}

// Separated returns two lists of n prefixes each, all of a below all of b:
// the case a bound check answers at once.
func Separated(r *rand.Rand, n int, v6 bool) (a, b []netip.Prefix) {
	pool := disjointPool(r, n, v6)
	half := len(pool) / 2
	return pool[:min(n, half)], pool[half:min(len(pool), half+n)]
}

// disjointPool returns at least about 2n pairwise disjoint prefixes in
// address order: a sorted random draw with containment removed.
func disjointPool(r *rand.Rand, n int, v6 bool) []netip.Prefix {
	pool := Prefixes(r, 3*n, v6)
	slices.SortFunc(pool, func(x, y netip.Prefix) int {
		if c := x.Addr().Compare(y.Addr()); c != 0 {
			return c
		}
		return x.Bits() - y.Bits()
	})
	// In address order, a prefix that overlaps any kept one overlaps the
	// last kept one.
	kept := pool[:0]
	for _, p := range pool {
		if len(kept) > 0 && kept[len(kept)-1].Overlaps(p) {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// Queries returns k addresses, half inside the given prefixes and half
// drawn at random, in a random order.
func Queries(r *rand.Rand, ps []netip.Prefix, k int, v6 bool) []netip.Addr {
	qs := make([]netip.Addr, k)
	for i := range qs {
		if i%2 == 0 && len(ps) > 0 {
			qs[i] = ps[r.IntN(len(ps))].Addr()
		} else {
			qs[i] = Addr(r, v6)
		}
	}
	r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	return qs
}

// QueryPrefixes returns k prefixes, half taken from ps (some narrowed,
// some widened by a few bits) and half drawn at random.
func QueryPrefixes(r *rand.Rand, ps []netip.Prefix, k int, v6 bool) []netip.Prefix {
	qs := make([]netip.Prefix, k)
	for i := range qs {
		if i%2 == 0 && len(ps) > 0 {
			p := ps[r.IntN(len(ps))]
			bits := min(max(p.Bits()+r.IntN(9)-4, 0), p.Addr().BitLen())
			qs[i] = netip.PrefixFrom(p.Addr(), bits).Masked()
		} else {
			qs[i] = Prefix(r, v6)
		}
	}
	return qs
}

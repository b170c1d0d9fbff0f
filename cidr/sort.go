package cidr

import (
	"cmp"
	"slices"
)

// radixSort sorts s by key, stably, in O(n) passes over the key's bytes
// (an LSD radix sort), skipping bytes that all keys share, and returns the
// sorted keys. Each key is computed once; short slices use a comparison
// sort.
func radixSort[E any](s []E, key func(E) uint64) []uint64 {
	keys := make([]uint64, len(s))
	if len(s) < 512 {
		slices.SortStableFunc(s, func(a, b E) int { return cmp.Compare(key(a), key(b)) })
		for i, e := range s {
			keys[i] = key(e)
		}
		return keys
	}
	var counts [8][256]int
	for i, e := range s {
		k := key(e)
		keys[i] = k
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	src, dst := s, make([]E, len(s))
	ksrc, kdst := keys, make([]uint64, len(s))
	for b := range 8 {
		c := &counts[b]
		if c[byte(keys[0]>>(8*b))] == len(s) {
			continue // every key has this byte
		}
		sum := 0
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		shift := 8 * b
		for i, k := range ksrc {
			d := byte(k >> shift)
			dst[c[d]], kdst[c[d]] = src[i], k
			c[d]++
		}
		src, dst = dst, src
		ksrc, kdst = kdst, ksrc
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
	return ksrc
}

// sortUint64 sorts s in O(n) passes like radixSort, specialised to plain
// keys so that no call per element and pass is made: building a Set or an
// Index sorts 100k keys with it in a few milliseconds.
func sortUint64(s []uint64) {
	if len(s) < 512 {
		slices.Sort(s)
		return
	}
	var counts [8][256]int
	for _, k := range s {
		for b := range 8 {
			counts[b][byte(k>>(8*b))]++
		}
	}
	src, dst := s, make([]uint64, len(s))
	for b := range 8 {
		c := &counts[b]
		if c[byte(s[0]>>(8*b))] == len(s) {
			continue // every key has this byte
		}
		sum := 0
		for i, n := range c {
			c[i] = sum
			sum += n
		}
		shift := 8 * b
		for _, k := range src {
			d := byte(k >> shift)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// sortRanges sorts ranges by start.
func sortRanges(r []rng) {
	sortByHigh(r, func(x rng) uint64 { return x.lo.hi }, func(a, b rng) int { return a.lo.cmp(b.lo) })
}

// sortByHigh sorts s by cmp, given that cmp orders first by high(e). Long
// inputs get a stable radix sort on high, then a comparison sort of each
// run that shares it: runs are short for prefixes of realistic lengths,
// and the cost stays O(n log n) when they are not.
func sortByHigh[E any](s []E, high func(E) uint64, cmp func(a, b E) int) {
	if len(s) < 512 {
		slices.SortFunc(s, cmp)
		return
	}
	keys := radixSort(s, high)
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && keys[j] == keys[i] {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(s[i:j], cmp)
		}
		i = j
	}
}

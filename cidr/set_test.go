package cidr_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"sort"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go4.org/netipx"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/cidr/internal/workload"
)

// The brute-force model: a bitmap over a small universe of 1024 IPv4
// addresses (10.0.0.0/22) and 1024 IPv6 addresses (2001:db8::/118).
const universe = 1024

var (
	base4 = netip.MustParseAddr("10.0.0.0")
	base6 = netip.MustParseAddr("2001:db8::")
)

type model [2 * universe]bool

// point returns the address of bitmap slot i.
func point(i int) netip.Addr {
	if i < universe {
		b := base4.As4()
		b[2] += byte(i >> 8)
		b[3] = byte(i)
		return netip.AddrFrom4(b)
	}
	b := base6.As16()
	i -= universe
	b[14] = byte(i >> 8)
	b[15] = byte(i)
	return netip.AddrFrom16(b)
}

// slots returns the bitmap slots a prefix covers and whether it lies wholly
// inside the universe.
func slots(p netip.Prefix) (first, last int, inside bool) {
	p = unmapPrefix(p).Masked()
	off, size := 0, 0
	if p.Addr().Is4() {
		b := p.Addr().As4()
		if b[0] != 10 || b[1] != 0 || b[2] >= 4 {
			return 0, -1, false
		}
		off = int(b[2])<<8 | int(b[3])
		size = 1 << (32 - p.Bits())
	} else {
		b := p.Addr().As16()
		for k := 0; k < 14; k++ {
			if b[k] != base6.As16()[k] {
				return 0, -1, false
			}
		}
		if b[14] >= 4 {
			return 0, -1, false
		}
		off = universe + int(b[14])<<8 | int(b[15])
		size = 1 << (128 - p.Bits())
	}
	if size > universe {
		return off, off + universe - 1, false
	}
	return off, off + size - 1, true
}

func (m *model) add(p netip.Prefix) {
	first, last, _ := slots(p)
	for i := first; i <= last; i++ {
		m[i] = true
	}
}

func (m *model) containsPrefix(p netip.Prefix) bool {
	first, last, inside := slots(p)
	if !inside {
		return false
	}
	for i := first; i <= last; i++ {
		if !m[i] {
			return false
		}
	}
	return true
}

func (m *model) overlapsPrefix(p netip.Prefix) bool {
	first, last, _ := slots(p)
	for i := first; i <= last; i++ {
		if m[i] {
			return true
		}
	}
	return false
}

// randPrefix returns a prefix of at least shortest bits (in IPv4 terms)
// inside, or for lengths under 22 around, the universe, sometimes in IPv4-mapped form and sometimes with host bits set.
func randPrefix(r *rand.Rand, shortest int) netip.Prefix {
	i := r.IntN(2 * universe)
	a := point(i)
	var p netip.Prefix
	if a.Is4() {
		p = netip.PrefixFrom(a, shortest+r.IntN(33-shortest))
		if r.IntN(4) == 0 {
			p = netip.PrefixFrom(netip.AddrFrom16(a.As16()), p.Bits()+96)
		}
	} else {
		p = netip.PrefixFrom(a, 96+shortest+r.IntN(33-shortest))
	}
	if r.IntN(3) > 0 {
		p = p.Masked()
	}
	return p
}

func buildBoth(t testing.TB, r *rand.Rand, n int) (cidr.Set, *model, []netip.Prefix) {
	t.Helper()
	var m model
	ps := make([]netip.Prefix, n)
	for i := range ps {
		ps[i] = randPrefix(r, 22)
		m.add(ps[i])
	}
	s, err := cidr.NewSet(ps...)
	if err != nil {
		t.Fatalf("NewSet(%v): %v", ps, err)
	}
	return s, &m, ps
}

func checkAgainst(t *testing.T, what string, s cidr.Set, m *model) {
	t.Helper()
	for i := range m {
		a := point(i)
		if got := s.Contains(a); got != m[i] {
			t.Fatalf("%s: Contains(%v) = %v, want %v; set %v", what, a, got, m[i], s)
		}
		if a.Is4() {
			mapped := netip.AddrFrom16(a.As16())
			if got := s.Contains(mapped); got != m[i] {
				t.Fatalf("%s: Contains(%v) = %v, want %v (as %v)", what, mapped, got, m[i], a)
			}
		} else if s.Contains(a.WithZone("eth0")) {
			t.Fatalf("%s: Contains(%v) = true for a zoned address", what, a.WithZone("eth0"))
		}
	}
	empty := true
	for _, v := range m {
		empty = empty && !v
	}
	if s.IsEmpty() != empty {
		t.Fatalf("%s: IsEmpty() = %v, want %v", what, s.IsEmpty(), empty)
	}
	// The set rebuilt from its own prefixes and ranges is the same set.
	again, err := cidr.NewSet(s.Prefixes()...)
	if err != nil || !again.Equal(s) || !s.Equal(again) {
		t.Fatalf("%s: NewSet(s.Prefixes()) = %v, %v; want %v", what, again, err, s)
	}
	var b netipx.IPSetBuilder
	for _, rg := range s.Ranges() {
		b.AddRange(rg)
	}
	ref, _ := b.IPSet()
	if want, got := ref.Prefixes(), s.Prefixes(); !slices.Equal(want, got) {
		t.Fatalf("%s: Prefixes() disagrees with its Ranges() (-ranges +prefixes):\n%s", what, cmp.Diff(want, got, prefixEq))
	}
}

func TestSetAgainstBitmap(t *testing.T) {
	t.Parallel() // a long differential run: beside the others
	rounds := 400
	if testing.Short() {
		rounds = 60
	}
	r := rand.New(rand.NewPCG(1, 2))
	for round := range rounds {
		a, ma, psA := buildBoth(t, r, r.IntN(12))
		b, mb, _ := buildBoth(t, r, r.IntN(12))
		checkAgainst(t, "a", a, ma)

		// Prefixes is minimal: it equals what netipx makes of the same input
		// once mapped prefixes are written as IPv4 (netipx keeps them IPv6).
		var nb netipx.IPSetBuilder
		for _, p := range psA {
			nb.AddPrefix(unmapPrefix(p).Masked())
		}
		ns, _ := nb.IPSet()
		samePrefixes(t, fmt.Sprintf("round %d: Prefixes() with netipx", round), ns, a)

		var union, inter, diff model
		overlaps, equal := false, true
		for i := range ma {
			union[i] = ma[i] || mb[i]
			inter[i] = ma[i] && mb[i]
			diff[i] = ma[i] && !mb[i]
			overlaps = overlaps || inter[i]
			equal = equal && ma[i] == mb[i]
		}
		checkAgainst(t, "Union", a.Union(b), &union)
		checkAgainst(t, "Intersect", a.Intersect(b), &inter)
		checkAgainst(t, "Subtract", a.Subtract(b), &diff)
		if got := a.Overlaps(b); got != overlaps {
			t.Fatalf("round %d: %v.Overlaps(%v) = %v, want %v", round, a, b, got, overlaps)
		}
		if got := a.Equal(b); got != equal {
			t.Fatalf("round %d: %v.Equal(%v) = %v, want %v", round, a, b, got, equal)
		}

		for range 40 {
			p := randPrefix(r, 20)
			if got, want := a.ContainsPrefix(p), ma.containsPrefix(p); got != want {
				t.Fatalf("round %d: %v.ContainsPrefix(%v) = %v, want %v", round, a, p, got, want)
			}
			if got, want := a.OverlapsPrefix(p), ma.overlapsPrefix(p); got != want {
				t.Fatalf("round %d: %v.OverlapsPrefix(%v) = %v, want %v", round, a, p, got, want)
			}
		}

		for _, within := range []netip.Prefix{netip.PrefixFrom(base4, 22), netip.PrefixFrom(base6, 118), netip.PrefixFrom(base4, 24)} {
			bits := within.Bits() + r.IntN(within.Addr().BitLen()-within.Bits()+1)
			got, ok := a.FreePrefix(within, bits)
			want, wantOK := slowFree(ma, within, bits)
			if ok != wantOK || got != want {
				t.Fatalf("round %d: %v.FreePrefix(%v, %d) = %v, %v; want %v, %v", round, a, within, bits, got, ok, want, wantOK)
			}
		}
	}
}

// slowFree tries every aligned block inside within, lowest first.
func slowFree(m *model, within netip.Prefix, bits int) (netip.Prefix, bool) {
	first, last, _ := slots(within)
	size := 1 << (within.Addr().BitLen() - bits)
	for start := first; start+size-1 <= last; start += size {
		free := true
		for i := start; i < start+size; i++ {
			free = free && !m[i]
		}
		if free {
			return netip.PrefixFrom(point(start), bits), true
		}
	}
	return netip.Prefix{}, false
}

// TestSetAgainstNetipx checks large random sets over the whole address
// space, where the index and the merge paths matter, against netipx. The
// queries go to netipx's sorted ranges through a binary search (netipx's
// own queries are O(n) each, too slow for thousands of them).
func TestSetAgainstNetipx(t *testing.T) {
	t.Parallel() // a long differential run: beside the others
	rounds := 40
	if testing.Short() || raceEnabled {
		rounds = 8
	}
	r := rand.New(rand.NewPCG(3, 4))
	for round := range rounds {
		n := 1 + r.IntN(3000)
		v6 := round%2 == 1
		psA, psB := workload.Prefixes(r, n, v6), workload.Prefixes(r, 1+r.IntN(3000), v6)
		a, b := mustSet(t, psA), mustSet(t, psB)
		na, nb := ipset(psA), ipset(psB)
		samePrefixes(t, fmt.Sprintf("round %d: Prefixes()", round), na, a)
		inter := ipsetOp(na, nb, (*netipx.IPSetBuilder).Intersect)
		if got, want := a.Overlaps(b), len(inter.Ranges()) > 0; got != want {
			t.Fatalf("round %d: Overlaps = %v, want %v", round, got, want)
		}
		ref := sortedRanges(na.Ranges())
		// Random queries, a's own prefixes, and the addresses at their edges.
		for _, q := range append(workload.Prefixes(r, 2000, v6), psA[:min(len(psA), 200)]...) {
			if got, want := a.ContainsPrefix(q), ref.containsPrefix(q); got != want {
				t.Fatalf("round %d: ContainsPrefix(%v) = %v, want %v", round, q, got, want)
			}
			if got, want := a.OverlapsPrefix(q), ref.overlapsPrefix(q); got != want {
				t.Fatalf("round %d: OverlapsPrefix(%v) = %v, want %v", round, q, got, want)
			}
			for _, x := range []netip.Addr{q.Masked().Addr(), netipx.PrefixLastIP(q), netipx.PrefixLastIP(q).Next(), q.Masked().Addr().Prev()} {
				if got, want := a.Contains(x), ref.contains(x); x.IsValid() && got != want {
					t.Fatalf("round %d: Contains(%v) = %v, want %v", round, x, got, want)
				}
			}
		}
		samePrefixes(t, fmt.Sprintf("round %d: Union", round), ipsetOp(na, nb, (*netipx.IPSetBuilder).AddSet), a.Union(b))
		samePrefixes(t, fmt.Sprintf("round %d: Intersect", round), inter, a.Intersect(b))
		samePrefixes(t, fmt.Sprintf("round %d: Subtract", round), ipsetOp(na, nb, (*netipx.IPSetBuilder).RemoveSet), a.Subtract(b))
	}
}

// samePrefixes fails unless got has want's prefixes (compared cheaply
// first, since the lists are long).
func samePrefixes(t *testing.T, what string, want *netipx.IPSet, got cidr.Set) {
	t.Helper()
	if w, g := want.Prefixes(), got.Prefixes(); !slices.Equal(w, g) {
		t.Fatalf("%s mismatch (-netipx +cidr):\n%s", what, cmp.Diff(w, g, prefixEq))
	}
}

// sortedRanges is a reference for queries on one family: sorted, disjoint
// ranges searched by binary search.
type sortedRanges []netipx.IPRange

// at returns the first range that ends at or after x.
func (s sortedRanges) at(x netip.Addr) (netipx.IPRange, bool) {
	i := sort.Search(len(s), func(i int) bool { return x.Compare(s[i].To()) <= 0 })
	if i == len(s) {
		return netipx.IPRange{}, false
	}
	return s[i], true
}

func (s sortedRanges) contains(x netip.Addr) bool {
	r, ok := s.at(x)
	return ok && r.Contains(x)
}

func (s sortedRanges) containsPrefix(q netip.Prefix) bool {
	q = q.Masked()
	r, ok := s.at(q.Addr())
	return ok && r.Contains(q.Addr()) && r.Contains(netipx.PrefixLastIP(q))
}

func (s sortedRanges) overlapsPrefix(q netip.Prefix) bool {
	q = q.Masked()
	r, ok := s.at(q.Addr())
	return ok && r.From().Compare(netipx.PrefixLastIP(q)) <= 0
}

func ipsetOp(a, b *netipx.IPSet, op func(*netipx.IPSetBuilder, *netipx.IPSet)) *netipx.IPSet {
	var bld netipx.IPSetBuilder
	bld.AddSet(a)
	op(&bld, b)
	s, _ := bld.IPSet()
	return s
}

func ipset(ps []netip.Prefix) *netipx.IPSet {
	var b netipx.IPSetBuilder
	for _, p := range ps {
		b.AddPrefix(p.Masked())
	}
	s, _ := b.IPSet()
	return s
}

func mustSet(t testing.TB, ps []netip.Prefix) cidr.Set {
	t.Helper()
	s, err := cidr.NewSet(ps...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var prefixEq = cmp.Options{cmp.Comparer(func(x, y netip.Prefix) bool { return x == y }), cmpopts.EquateEmpty()}

func TestSetMappedAndZones(t *testing.T) {
	ipv4 := cidr.MustParseSet("10.0.0.0/8")
	mapped, err := cidr.NewSet(netip.MustParsePrefix("::ffff:10.0.0.0/104"))
	if err != nil {
		t.Fatal(err)
	}
	if !ipv4.Equal(mapped) {
		t.Errorf("NewSet(::ffff:10.0.0.0/104) = %v, want %v", mapped, ipv4)
	}
	all6 := cidr.MustParseSet("::/0")
	for _, tc := range []struct {
		set  cidr.Set
		addr string
		want bool
	}{
		{ipv4, "10.1.2.3", true},
		{ipv4, "::ffff:10.1.2.3", true},
		{ipv4, "::10.1.2.3", false},       // IPv4-compatible is IPv6
		{ipv4, "64:ff9b::a01:203", false}, // NAT64 is IPv6
		{ipv4, "11.0.0.0", false},
		{ipv4, "9.255.255.255", false},
		{ipv4, "10.255.255.255", true},
		{all6, "10.1.2.3", false},        // families are disjoint
		{all6, "::ffff:10.1.2.3", false}, // which is 10.1.2.3
		{all6, "::10.1.2.3", true},       // IPv4-compatible is IPv6
		{all6, "::1", true},
		{all6, "fe80::1%eth0", false},
		{cidr.MustParseSet("fe80::/10"), "fe80::1%eth0", false},
		{cidr.MustParseSet("fe80::/10"), "fe80::1", true},
		{cidr.MustParseSet("0.0.0.0/0"), "::ffff:1.2.3.4", true},
		{cidr.MustParseSet("0.0.0.0/0"), "::1.2.3.4", false},
		{cidr.MustParseSet("0.0.0.0/0"), "::ffff:1.2.3.4%x", false},
		{cidr.Set{}, "10.1.2.3", false},
	} {
		a := netip.MustParseAddr(tc.addr)
		if got := tc.set.Contains(a); got != tc.want {
			t.Errorf("%v.Contains(%s) = %v, want %v", tc.set, tc.addr, got, tc.want)
		}
	}
	if ipv4.Contains(netip.Addr{}) || ipv4.ContainsPrefix(netip.Prefix{}) || ipv4.OverlapsPrefix(netip.Prefix{}) {
		t.Error("the zero Addr or Prefix is in a set")
	}
	if !cidr.MustParseSet("0.0.0.0/0").ContainsPrefix(netip.MustParsePrefix("::ffff:0.0.0.0/96")) {
		t.Error("0.0.0.0/0 does not contain ::ffff:0:0/96")
	}
	if ipv4.OverlapsPrefix(netip.MustParsePrefix("::/80")) || ipv4.ContainsPrefix(netip.MustParsePrefix("::/80")) {
		t.Error("10.0.0.0/8 overlaps ::/80, an IPv6 prefix")
	}
	if all6.Overlaps(ipv4) || all6.ContainsPrefix(netip.MustParsePrefix("10.0.0.0/8")) || all6.ContainsPrefix(netip.MustParsePrefix("::ffff:10.0.0.0/104")) {
		t.Error("::/0 covers 10.0.0.0/8")
	}
	if got := all6.Prefixes(); len(got) != 1 || got[0].String() != "::/0" {
		t.Errorf("::/0 Prefixes() = %v, want [::/0]", got)
	}
	if got := cidr.MustParseSet("0.0.0.0/0").Union(cidr.MustParseSet("::/1")).String(); got != "[0.0.0.0/0 ::/1]" {
		t.Errorf("0.0.0.0/0 ∪ ::/1 = %s, want [0.0.0.0/0 ::/1]", got)
	}
	if got := all6.Subtract(cidr.MustParseSet("0.0.0.0/0")); got.Contains(netip.MustParseAddr("1.1.1.1")) || !got.Contains(netip.MustParseAddr("::1")) || got.Contains(netip.MustParseAddr("::ffff:1.1.1.1")) {
		t.Errorf("::/0 − 0.0.0.0/0 = %v", got)
	}
	if _, err := cidr.NewSet(netip.MustParsePrefix("10.0.0.0/8"), netip.Prefix{}); !errors.Is(err, cidr.ErrInvalidPrefix) {
		t.Errorf("NewSet with a zero Prefix: err = %v, want ErrInvalidPrefix", err)
	}
	// Host bits are masked, as netipx does.
	if s := mustSet(t, []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8")}); !s.Equal(ipv4) {
		t.Errorf("NewSet(10.1.2.3/8) = %v, want %v", s, ipv4)
	}
}

func TestSetEdges(t *testing.T) {
	full := cidr.MustParseSet("0.0.0.0/0", "::/0")
	for _, a := range []string{"0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:ffff:ffff", "::fffe:ffff:ffff", "::1:0:0:0"} {
		if !full.Contains(netip.MustParseAddr(a)) {
			t.Errorf("the full set does not contain %s", a)
		}
	}
	if got := full.String(); got != "[0.0.0.0/0 ::/0]" {
		t.Errorf("full set = %s, want [0.0.0.0/0 ::/0]", got)
	}
	if !full.Subtract(full).IsEmpty() || !full.Intersect(cidr.Set{}).IsEmpty() || !full.Union(cidr.Set{}).Equal(full) {
		t.Error("algebra with the full and the empty set is wrong")
	}
	top := cidr.MustParseSet("255.255.255.255/32", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")
	if !top.Contains(netip.MustParseAddr("255.255.255.255")) || top.Contains(netip.MustParseAddr("255.255.255.254")) {
		t.Errorf("%v: wrong at the top edge", top)
	}
	if got := cidr.MustParseSet("10.0.0.0/25", "10.0.0.128/25").String(); got != "[10.0.0.0/24]" {
		t.Errorf("adjacent halves = %s, want [10.0.0.0/24]", got)
	}
	if got := (cidr.Set{}).String(); got != "[]" {
		t.Errorf("empty set String() = %q, want []", got)
	}
	if (cidr.Set{}).Prefixes() != nil || (cidr.Set{}).Ranges() != nil {
		t.Error("the empty set has prefixes or ranges")
	}
	if _, ok := (cidr.Set{}).FreePrefix(netip.Prefix{}, 24); ok {
		t.Error("FreePrefix in the zero Prefix succeeded")
	}
	if _, ok := (cidr.Set{}).FreePrefix(netip.MustParsePrefix("10.0.0.0/16"), 8); ok {
		t.Error("FreePrefix with bits shorter than within succeeded")
	}
	if _, ok := (cidr.Set{}).FreePrefix(netip.MustParsePrefix("10.0.0.0/16"), 33); ok {
		t.Error("FreePrefix with bits longer than the family succeeded")
	}
	if p, ok := cidr.MustParseSet("10.0.0.0/24").FreePrefix(netip.MustParsePrefix("::ffff:10.0.0.0/112"), 120); !ok || p.String() != "10.0.1.0/24" {
		t.Errorf("FreePrefix in a mapped prefix = %v, %v; want 10.0.1.0/24", p, ok)
	}
}

func TestSetDoesNotAliasInput(t *testing.T) {
	in := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	s := mustSet(t, in)
	in[0] = netip.MustParsePrefix("192.168.0.0/16")
	if !s.Contains(netip.MustParseAddr("10.1.1.1")) || s.Contains(netip.MustParseAddr("192.168.1.1")) {
		t.Fatal("changing NewSet's argument changed the set")
	}
	out := s.Prefixes()
	out[0] = netip.MustParsePrefix("192.168.0.0/16")
	if got := s.Prefixes()[0].String(); got != "10.0.0.0/8" {
		t.Fatalf("changing Prefixes()'s result changed the set: %s", got)
	}
}

func TestSetJSON(t *testing.T) {
	s := cidr.MustParseSet("2001:db8::/32", "10.0.0.0/8", "10.1.0.0/16")
	data, err := json.Marshal(s)
	if err != nil || string(data) != `["10.0.0.0/8","2001:db8::/32"]` {
		t.Fatalf("Marshal = %s, %v", data, err)
	}
	var back cidr.Set
	if err := json.Unmarshal(data, &back); err != nil || !back.Equal(s) {
		t.Fatalf("Unmarshal(%s) = %v, %v; want %v", data, back, err, s)
	}
	if data, _ := json.Marshal(cidr.Set{}); string(data) != "[]" {
		t.Errorf("Marshal(empty) = %s, want []", data)
	}
	for _, bad := range []string{`["10.0.0.1/8"]`, `["10.0.0.0/8","::ffff:10.0.0.0/104"]`, `["fe80::/64%x"]`, `"10.0.0.0/8"`, `[8]`, `{}`} {
		keep := s
		err := json.Unmarshal([]byte(bad), &keep)
		if err == nil {
			t.Errorf("Unmarshal(%s) accepted it as %v", bad, keep)
		}
		if !keep.Equal(s) {
			t.Errorf("Unmarshal(%s) changed the set on error", bad)
		}
	}
	err = json.Unmarshal([]byte(`["10.0.0.0/8","10.0.0.1/8"]`), &back)
	if !errors.Is(err, cidr.ErrNotCanonical) || !errors.Is(err, cidr.ErrInvalidPrefix) {
		t.Errorf("Unmarshal with host bits: err = %v, want ErrNotCanonical", err)
	}
	var null cidr.Set
	if err := json.Unmarshal([]byte(`null`), &null); err != nil || !null.IsEmpty() {
		t.Errorf("Unmarshal(null) = %v, %v", null, err)
	}
}

// TestSetNotComparable pins that == cannot compare sets (it would compare
// pointers, so equal sets would differ): Equal is the comparison.
func TestSetNotComparable(t *testing.T) {
	if reflect.TypeFor[cidr.Set]().Comparable() {
		t.Error("cidr.Set is comparable with ==; it must not be")
	}
	a, b := cidr.MustParseSet("10.0.0.0/8"), cidr.MustParseSet("10.0.0.0/9", "10.128.0.0/9")
	if !a.Equal(b) {
		t.Errorf("%v.Equal(%v) = false, want true", a, b)
	}
	if unsafe.Sizeof(a) != 2*unsafe.Sizeof(uintptr(0)) {
		t.Errorf("a Set takes %d bytes, want two pointers", unsafe.Sizeof(a))
	}
}

// TestOverlapsAgainstNetipx compares Overlaps of random sets of every size
// class (small ones with a first-octet map, larger ones without, and the
// mixed pairs) with the intersection netipx computes, for disjoint sets
// that interleave and for sets that share an address.
func TestOverlapsAgainstNetipx(t *testing.T) {
	t.Parallel() // a long differential run: beside the others
	rounds := 24
	if testing.Short() || raceEnabled {
		rounds = 6
	}
	r := rand.New(rand.NewPCG(17, 18))
	sizes := []int{1, 2, 5, 16, 64, 65, 300}
	for round := range rounds {
		v6 := round%2 == 1
		for _, n := range sizes {
			for _, m := range sizes {
				var pa, pb []netip.Prefix
				switch round % 3 {
				case 0:
					pa, pb = workload.Disjoint(r, max(n, m), v6)
					pa, pb = pa[:min(n, len(pa))], pb[:min(m, len(pb))]
				case 1:
					pa, pb = workload.RandomDisjoint(r, max(n, m), v6)
					pa, pb = pa[:min(n, len(pa))], pb[:min(m, len(pb))]
				default:
					pa, pb = workload.Prefixes(r, n, v6), workload.Prefixes(r, m, v6)
					pb[0] = workload.QueryPrefixes(r, pa, 1, v6)[0] // often overlapping
				}
				a, b := mustSet(t, pa), mustSet(t, pb)
				want := len(ipsetOp(ipset(pa), ipset(pb), (*netipx.IPSetBuilder).Intersect).Ranges()) > 0
				if got := a.Overlaps(b); got != want {
					t.Fatalf("round %d, %d×%d: %v.Overlaps(%v) = %v, want %v", round, n, m, a, b, got, want)
				}
				if got := b.Overlaps(a); got != want {
					t.Fatalf("round %d, %d×%d: Overlaps is not symmetric", round, n, m)
				}
			}
		}
	}
}

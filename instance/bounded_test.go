package instance_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/zones"
)

// identical returns a spec of n placements that all use the same block.
func identical(n int) instance.Spec {
	s := goodSpec()
	s.Zones = make([]instance.ZonePlacement, n)
	for i := range s.Zones {
		s.Zones[i] = instance.ZonePlacement{ZoneID: "cn-hangzhou-j", VSwitchID: fmt.Sprint("vsw-", i), VSwitchCIDR: P("10.0.1.0/24"), SecurityGroupID: "sg-1"}
	}
	return s
}

// TestValidateOverlapsBounded pins the cost bound of issue 9: 2,000
// identical placements give one overlap per placement (naming the first),
// not one per pair (2,000,999 problems before).
func TestValidateOverlapsBounded(t *testing.T) {
	const n = 2000
	start := time.Now()
	err := identical(n).Validate(nil)
	elapsed := time.Since(start)
	problems := field.Split(err)
	overlaps := 0
	for _, e := range problems {
		if errors.Is(e, instance.ErrCIDRConflict) {
			overlaps++
			if !strings.HasSuffix(e.Error(), "overlaps 10.0.1.0/24 of zones[0]") {
				t.Fatalf("overlap %q does not name the first block", e)
			}
		}
	}
	// Each later placement: its zone is a duplicate, and its block overlaps
	// zones[0]'s: two problems each.
	if overlaps != n-1 || len(problems) != 2*(n-1) {
		t.Errorf("%d identical placements: %d problems, %d overlaps; want %d and %d", n, len(problems), overlaps, 2*(n-1), n-1)
	}
	if elapsed > 10*time.Second { // the quadratic form took about 27 s
		t.Errorf("Validate of %d placements took %v", n, elapsed)
	}
}

// TestValidateOverlapsMatchNaive compares the overlap findings, on seeded
// random placements with many nested and equal blocks, with an obviously
// correct quadratic reference: the first earlier overlapping block.
func TestValidateOverlapsMatchNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	rounds := 300
	if testing.Short() {
		rounds = 50
	}
	for round := range rounds {
		n := 1 + r.IntN(60)
		s := goodSpec()
		s.Zones = nil
		for i := range n {
			bits := 16 + r.IntN(14)
			a := netip.AddrFrom4([4]byte{10, byte(r.IntN(3)), byte(r.IntN(4)), byte(r.IntN(256))})
			p := netip.PrefixFrom(a, bits).Masked()
			if r.IntN(10) == 0 {
				p = netip.PrefixFrom(netip.AddrFrom16(p.Addr().As16()), p.Bits()+96) // mapped form
			}
			if r.IntN(20) == 0 {
				p = netip.PrefixFrom(a, 30+r.IntN(3)) // a refused size: no overlap finding
			}
			s.Zones = append(s.Zones, instance.ZonePlacement{ZoneID: "cn-hangzhou-j", VSwitchID: fmt.Sprint("v", i), VSwitchCIDR: p, SecurityGroupID: "sg"})
		}
		var want []string
		var valid []netip.Prefix
		var at []int
		for i, z := range s.Zones {
			p := cidr.UnmapPrefix(z.VSwitchCIDR)
			if p.Bits() < 16 || p.Bits() > 29 {
				continue
			}
			for k, q := range valid {
				if p.Overlaps(q) {
					want = append(want, fmt.Sprintf("zones[%d].vSwitchCidr: CIDR blocks conflict: vSwitch %s overlaps %s of zones[%d]", i, p, q, at[k]))
					break
				}
			}
			valid, at = append(valid, p), append(at, i)
		}
		var got []string
		for _, e := range field.Split(s.Validate(nil)) {
			if errors.Is(e, instance.ErrCIDRConflict) && strings.Contains(e.Error(), " of zones[") {
				got = append(got, e.Error())
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("round %d: overlap findings (-naive +Validate):\n%s", round, diff)
		}
	}
}

// TestRegionsFromCatalog pins issue 9 item 4: with a custom catalog a
// zone's region is the catalog's, both ways.
func TestRegionsFromCatalog(t *testing.T) {
	c, err := zones.NewCatalog([]zones.Region{
		{ID: "eu", Zones: []zones.Zone{{ID: "eu-zone1", Reserved: []netip.Prefix{P("172.20.0.0/16")}}, {ID: "eu-xb", Reserved: []netip.Prefix{P("172.20.0.0/16")}}}},
		{ID: "eu-x", Zones: []zones.Zone{{ID: "eu-xa", Reserved: []netip.Prefix{P("172.20.0.0/16")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	spec := func(region, zone string) instance.Spec {
		return instance.Spec{Name: "gw", RegionID: region, VPCID: "vpc-1", CIDR: P("192.168.0.0/16"),
			Zones: []instance.ZonePlacement{{ZoneID: zone, VSwitchID: "vsw-1", VSwitchCIDR: P("10.0.1.0/24"), SecurityGroupID: "sg-1"}}}
	}
	for _, tc := range []struct {
		region, zone string
		want         []problem
	}{
		{"eu", "eu-zone1", nil}, // its ID does not end in "-<letter>"
		{"eu", "eu-xb", nil},    // it reads like a zone of eu-x
		{"eu-x", "eu-xa", nil},
		{"eu-x", "eu-xb", []problem{{"zones[0].zoneId", instance.ErrZoneRegion}}},
		{"eu-x", "eu-zone1", []problem{{"zones[0].zoneId", instance.ErrZoneRegion}}},
		{"eu", "eu-xa", []problem{{"zones[0].zoneId", instance.ErrZoneRegion}}},
	} {
		err := spec(tc.region, tc.zone).Validate(c)
		if !sameProblems(problemsOf(t, err), tc.want) {
			t.Errorf("zone %s in region %s: %v, want %v", tc.zone, tc.region, err, tc.want)
		}
	}
}

// TestSuggestVSwitchSizes pins issue 9 item 6: SuggestVSwitch never
// proposes a size the cloud refuses, and what it proposes Validate accepts.
func TestSuggestVSwitchSizes(t *testing.T) {
	for _, bits := range []int{0, 8, 12, 15, 30, 31, 32, 33, -1} {
		if got, ok := instance.SuggestVSwitch(nil, "cn-hangzhou-j", P("10.0.0.0/8"), bits, P("192.168.0.0/16"), cidr.Set{}); ok {
			t.Errorf("SuggestVSwitch(/%d) = %v, want none", bits, got)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	all := zones.Default().Zones()
	for range 200 {
		z := all[r.IntN(len(all))]
		within := netip.PrefixFrom(netip.AddrFrom4([4]byte{[]byte{10, 172, 192}[r.IntN(3)], byte(r.IntN(256))}), 8+r.IntN(9)).Masked()
		bits := instance.MinVSwitchBits + r.IntN(instance.MaxVSwitchBits-instance.MinVSwitchBits+1)
		got, ok := instance.SuggestVSwitch(nil, z.ID, within, bits, P("192.168.0.0/16"), cidr.Set{})
		if !ok {
			continue
		}
		s := instance.Spec{Name: "gw", RegionID: z.RegionID, VPCID: "vpc-1", CIDR: P("192.168.0.0/16"),
			Zones: []instance.ZonePlacement{{ZoneID: z.ID, VSwitchID: "vsw", VSwitchCIDR: got, SecurityGroupID: "sg"}}}
		if err := s.Validate(nil); err != nil || got.Bits() != bits || !within.Contains(got.Addr()) {
			t.Fatalf("SuggestVSwitch(%s, %s, /%d) = %s, which Validate refuses: %v", z.ID, within, bits, got, err)
		}
	}
}

// TestValidateUpdateAccessible pins issue 9 item 7: an accessible block
// with host bits (1.2.3.4/0 was allow-all) or an invalid one is an error.
func TestValidateUpdateAccessible(t *testing.T) {
	old := newInstance(t)
	for _, tc := range []struct {
		name string
		p    netip.Prefix
		want []error // nil: allowed
	}{
		{"1.2.3.4/0", netip.PrefixFrom(netip.MustParseAddr("1.2.3.4"), 0), []error{cidr.ErrInvalidPrefix, cidr.ErrNotCanonical}},
		{"10.0.3.1/24", netip.PrefixFrom(netip.MustParseAddr("10.0.3.1"), 24), []error{cidr.ErrNotCanonical}},
		{"mapped with host bits", netip.PrefixFrom(netip.MustParseAddr("::ffff:10.0.3.1"), 120), []error{cidr.ErrNotCanonical}},
		{"zero", netip.Prefix{}, []error{cidr.ErrInvalidPrefix}},
		{"length past 32", netip.PrefixFrom(netip.MustParseAddr("10.0.3.0"), 33), []error{cidr.ErrInvalidPrefix}},
		{"IPv6 with host bits", netip.PrefixFrom(netip.MustParseAddr("2001:db8::1"), 64), []error{cidr.ErrNotCanonical}},
		{"zoned address (netip drops the zone)", netip.PrefixFrom(netip.MustParseAddr("fe80::%eth0"), 64), nil},
		{"canonical", P("10.0.3.0/24"), nil},
		{"mapped canonical", P("::ffff:10.0.3.0/120"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := cloneInstance(old)
			changed.Accessible = append(changed.Accessible, tc.p)
			got := problemsOf(t, instance.ValidateUpdate(old, changed))
			if tc.want == nil {
				if got != nil {
					t.Fatalf("ValidateUpdate = %v, want nil", got)
				}
				return
			}
			if len(got) != 1 || got[0].field != "accessible[2]" {
				t.Fatalf("ValidateUpdate = %v, want one problem at accessible[2]", got)
			}
			for _, w := range tc.want {
				if !errors.Is(got[0].is, w) {
					t.Errorf("problem %v does not match %v", got[0].is, w)
				}
			}
		})
	}
}

// TestAllowCIDRs pins the batch form: all or nothing, every bad block at
// its index, the same result as AllowCIDR one by one.
func TestAllowCIDRs(t *testing.T) {
	inst := newInstance(t)
	before := cloneInstance(inst)
	ps := []netip.Prefix{P("10.0.3.0/24"), P("10.0.1.0/24"), P("::ffff:10.8.1.0/120"), P("10.0.3.0/24"), P("10.0.4.0/24")}
	got, err := inst.AllowCIDRs(ps, vpc)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{P("10.0.1.0/24"), P("10.0.2.0/24"), P("10.0.3.0/24"), P("10.8.1.0/24"), P("10.0.4.0/24")}
	if diff := cmp.Diff(want, got.Accessible, prefixEq); diff != "" {
		t.Errorf("AllowCIDRs (-want +got):\n%s", diff)
	}
	bad := []netip.Prefix{P("10.0.3.0/24"), P("10.9.0.0/24"), netip.Prefix{}, P("10.0.5.0/24"), netip.PrefixFrom(netip.MustParseAddr("10.0.6.1"), 24), P("8.8.8.0/24")}
	kept, err := inst.AllowCIDRs(bad, vpc)
	var paths []string
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		paths = append(paths, string(p))
	}
	if diff := cmp.Diff([]string{"[1]", "[2]", "[4]", "[5]"}, paths); diff != "" {
		t.Errorf("AllowCIDRs(bad) problem paths (-want +got):\n%s\n%v", diff, err)
	}
	if !errors.Is(err, instance.ErrOutsideVPC) || !errors.Is(err, cidr.ErrInvalidPrefix) || !errors.Is(err, cidr.ErrNotCanonical) {
		t.Errorf("AllowCIDRs(bad) = %v, want ErrOutsideVPC, ErrInvalidPrefix and ErrNotCanonical among the problems", err)
	}
	if !cmp.Equal(kept, inst, prefixEq) {
		t.Errorf("AllowCIDRs added blocks although some were bad: %v", kept.Accessible)
	}
	for _, tc := range []struct {
		inst instance.Instance
		v    instance.VPC
		want error
	}{
		{instance.Instance{}, vpc, instance.ErrNotVPCIntegration},
		{inst, instance.VPC{ID: "vpc-other", CIDRs: vpc.CIDRs}, instance.ErrWrongVPC},
	} {
		if _, err := tc.inst.AllowCIDRs(ps, tc.v); !errors.Is(err, tc.want) || len(field.Split(err)) != 1 {
			t.Errorf("AllowCIDRs on %q in %q = %v, want one %v", tc.inst.ID, tc.v.ID, err, tc.want)
		}
	}
	if diff := cmp.Diff(before, inst, prefixEq); diff != "" {
		t.Errorf("AllowCIDRs modified its receiver:\n%s", diff)
	}

	// Against AllowCIDR one by one, on seeded random batches.
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 200 {
		batch := make([]netip.Prefix, r.IntN(12))
		for k := range batch {
			a := netip.AddrFrom4([4]byte{10, []byte{0, 8, 9}[r.IntN(3)], byte(r.IntN(8)), 0})
			batch[k] = netip.PrefixFrom(a, 16+r.IntN(9)).Masked()
		}
		oneByOne, wantErr := inst, error(nil)
		for _, p := range batch {
			if oneByOne, wantErr = oneByOne.AllowCIDR(p, vpc); wantErr != nil {
				break
			}
		}
		got, err := inst.AllowCIDRs(batch, vpc)
		if (err != nil) != (wantErr != nil) || err == nil && !cmp.Equal(got.Accessible, oneByOne.Accessible, prefixEq) {
			t.Fatalf("round %d: AllowCIDRs(%v) = %v, %v; one by one %v, %v", round, batch, got.Accessible, err, oneByOne.Accessible, wantErr)
		}
	}
}

// TestAllowCIDRFamilies pins issue 9 item 1 for instances: an IPv6 VPC
// block, even ::/0, never lets an IPv4 block through, and the reverse.
func TestAllowCIDRFamilies(t *testing.T) {
	inst := newInstance(t)
	for _, v6 := range []string{"::/0", "::/56", "::/64", "::/80", "::fffe:0:0/95"} {
		v := instance.VPC{ID: "vpc-bp1", CIDRs: []netip.Prefix{P("10.0.0.0/16"), P(v6)}}
		for _, p := range []string{"8.8.8.0/24", "::ffff:8.8.8.0/120", "0.0.0.0/0"} {
			if _, err := inst.AllowCIDR(P(p), v); !errors.Is(err, instance.ErrOutsideVPC) {
				t.Errorf("AllowCIDR(%s) in a VPC with %s = %v, want ErrOutsideVPC", p, v6, err)
			}
			if _, err := inst.AllowCIDRs([]netip.Prefix{P(p)}, v); !errors.Is(err, instance.ErrOutsideVPC) {
				t.Errorf("AllowCIDRs(%s) in a VPC with %s = %v, want ErrOutsideVPC", p, v6, err)
			}
		}
	}
	v := instance.VPC{ID: "vpc-bp1", CIDRs: []netip.Prefix{P("0.0.0.0/0")}, Connected: []netip.Prefix{P("::ffff:0:0/96")}}
	for _, p := range []string{"::/0", "::/80", "::fffe:0:0/95"} {
		if _, err := inst.AllowCIDR(P(p), v); !errors.Is(err, instance.ErrOutsideVPC) {
			t.Errorf("AllowCIDR(%s) in an IPv4-only VPC = %v, want ErrOutsideVPC", p, err)
		}
	}
	if got, err := inst.AllowCIDR(P("2001:db8::/64"), instance.VPC{ID: "vpc-bp1", CIDRs: []netip.Prefix{P("2001:db8::/56")}}); err != nil || !slices.Contains(got.Accessible, P("2001:db8::/64")) {
		t.Errorf("AllowCIDR(IPv6 inside an IPv6 VPC block) = %v, %v", got.Accessible, err)
	}
}

// TestCheckVPC pins the two rules that need the VPC: its ID, and vSwitch
// blocks inside its own CIDR blocks.
func TestCheckVPC(t *testing.T) {
	v := instance.VPC{ID: "vpc-bp1", CIDRs: []netip.Prefix{P("10.0.0.0/16")}, Connected: []netip.Prefix{P("10.8.0.0/16")}}
	for _, tc := range []struct {
		name   string
		mutate func(*instance.Spec, *instance.VPC)
		want   []problem
	}{
		{"fits", func(*instance.Spec, *instance.VPC) {}, nil},
		{"another VPC", func(_ *instance.Spec, v *instance.VPC) { v.ID = "vpc-other" }, []problem{{"vpcId", instance.ErrWrongVPC}}},
		{"VPC ID differs by a space", func(s *instance.Spec, _ *instance.VPC) { s.VPCID = "vpc-bp1 " }, []problem{{"vpcId", instance.ErrWrongVPC}}},
		{"no VPC ID: Validate's to report", func(s *instance.Spec, _ *instance.VPC) { s.VPCID = "" }, nil},
		{"vSwitch outside", func(s *instance.Spec, _ *instance.VPC) { s.Zones[1].VSwitchCIDR = P("10.9.0.0/24") },
			[]problem{{"zones[1].vSwitchCidr", instance.ErrOutsideVPC}}},
		{"vSwitch in a connected network", func(s *instance.Spec, _ *instance.VPC) { s.Zones[0].VSwitchCIDR = P("10.8.1.0/24") },
			[]problem{{"zones[0].vSwitchCidr", instance.ErrOutsideVPC}}},
		{"vSwitch straddling the edge", func(s *instance.Spec, v *instance.VPC) {
			v.CIDRs = []netip.Prefix{P("10.0.0.0/17")}
			s.Zones[0].VSwitchCIDR = P("10.0.0.0/16")
		}, []problem{{"zones[0].vSwitchCidr", instance.ErrOutsideVPC}}},
		{"mapped VPC block counts as IPv4", func(_ *instance.Spec, v *instance.VPC) { v.CIDRs = []netip.Prefix{P("::ffff:10.0.0.0/112")} }, nil},
		{"IPv6 VPC block holds no vSwitch", func(_ *instance.Spec, v *instance.VPC) { v.CIDRs = []netip.Prefix{P("::/0")} },
			[]problem{{"zones[0].vSwitchCidr", instance.ErrOutsideVPC}, {"zones[1].vSwitchCidr", instance.ErrOutsideVPC}}},
		{"no VPC blocks: unverified, not reported", func(_ *instance.Spec, v *instance.VPC) { v.CIDRs = nil }, nil},
		{"invalid vSwitch: Validate's to report", func(s *instance.Spec, _ *instance.VPC) { s.Zones[0].VSwitchCIDR = P("10.9.0.0/30") }, nil},
		{"both rules", func(s *instance.Spec, v *instance.VPC) { v.ID = "x"; s.Zones[0].VSwitchCIDR = P("192.168.0.0/24") },
			[]problem{{"vpcId", instance.ErrWrongVPC}, {"zones[0].vSwitchCidr", instance.ErrOutsideVPC}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, vv := goodSpec(), v
			vv.CIDRs = slices.Clone(v.CIDRs)
			tc.mutate(&s, &vv)
			err := s.CheckVPC(vv)
			if !sameProblems(problemsOf(t, err), tc.want) {
				t.Errorf("CheckVPC = %v, want %v", err, tc.want)
			}
		})
	}
}

// BenchmarkSpecValidateIdentical measures Validate on n identical
// placements: before, 2,000 took seconds and gave 2,000,999 problems.
func BenchmarkSpecValidateIdentical(b *testing.B) {
	for _, n := range []int{16, 2000, 100_000} {
		s := identical(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = s.Validate(nil)
			}
		})
	}
}

// BenchmarkAllowCIDRs measures adding n blocks at once, beside n calls of
// AllowCIDR (quadratic: 40k blocks took 19 s).
func BenchmarkAllowCIDRs(b *testing.B) {
	inst := instance.Instance{ID: "gw", Kind: instance.VPCIntegration, VPCID: "vpc-1"}
	v := instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{P("10.0.0.0/8")}}
	blocks := func(n int) []netip.Prefix {
		ps := make([]netip.Prefix, n)
		for i := range ps {
			ps[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
		}
		return ps
	}
	for _, n := range []int{1000, 40_000} {
		ps := blocks(n)
		b.Run(fmt.Sprintf("batch/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = inst.AllowCIDRs(ps, v)
			}
		})
	}
	ps := blocks(1000)
	b.Run("one-by-one/n=1000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cur := inst
			for _, p := range ps {
				cur, _ = cur.AllowCIDR(p, v)
			}
		}
	})
}

// sameProblems reports whether got names want's fields in order, each
// matching want's sentinel.
func sameProblems(got, want []problem) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].field != want[i].field || !errors.Is(got[i].is, want[i].is) {
			return false
		}
	}
	return true
}

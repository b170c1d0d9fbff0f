package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// TestNotePlacesCostIsLinear (#18, cost): the work of finding the places a
// note's place lies under (for dropping Check's own warnings there, and
// for the group a note concerns) grows linearly with the place's length,
// not with its square: a place four times as long costs at most about four
// times as much. Work is counted in bytes hashed and compared, never time.
func TestNotePlacesCostIsLinear(t *testing.T) {
	work := func(n int) int {
		p := Plan{
			Instance: &Instance{ID: "apigw-1", Spec: instance.Spec{Name: "gw", RegionID: "cn-hangzhou", VPCID: "vpc-1", CIDR: netip.MustParsePrefix("192.168.0.0/16"),
				Zones: []instance.ZonePlacement{{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-1", VSwitchCIDR: netip.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"}}}},
			VPC:            &instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}},
			Authorizations: []authz.Authorization{{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.1.5", Port: 80}},
			Groups: []Group{{ID: "g-1", Name: "shop", RegionID: "cn-hangzhou", Instance: instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"},
				APIs: []migrate.API{{ID: "api-1", VPCAccess: "orders"}}}},
			// Check's own unverified warning (sg-1 not described) is
			// at a place a note could take; the group's verdict counts
			// the notes by group, through Source.
			Source: map[field.Path]string{"groups[0]": "G", "instance.zones[0].securityGroupId": "SG"},
			Notes: []Note{
				{Code: "unverified", Where: strings.Repeat("a[1].", n) + "b", What: "x"},
				{Code: "unverified", Where: "G" + strings.Repeat(".c]", n), What: "y"},
			},
		}
		c := &checker{p: p, ex: ruleTable, cat: zones.Default()}
		c.run()
		if c.noteCount == nil {
			t.Fatal("the group's verdict did not count the notes")
		}
		return c.work
	}
	small, large := work(5_000), work(20_000)
	if large > 5*small || small == 0 {
		t.Errorf("work for places of %d parts: %d; of %d parts: %d, more than 5 times as much", 5_000, small, 20_000, large)
	}
}

// TestClassifyEgress (#19 item 3): one classification of a security
// group's decision on a flow, used by the authorization phase (which reports
// it) and by passes (which weighs a move or a placement), so that the two
// cannot read the same error in two ways. Before, passes read an error that
// no sentinel explains, and a bare authz.ErrUnknownAddr, as a pass, while
// the authorization phase read the first as a denial and the second as
// unverified; where they disagree, the reading that refuses wins.
func TestClassifyEgress(t *testing.T) {
	addr := netip.MustParseAddr("10.0.1.5")
	verdict := func(o authz.Outcome, a netip.Addr) error {
		return &authz.EgressError{Authorization: "orders", SecurityGroup: "sg-1", Addr: a, Port: 80, Verdict: authz.Verdict{Outcome: o}}
	}
	tests := []struct {
		name  string
		err   error
		class egressClass
		state egressState
	}{
		{"allowed", nil, egressAllowed, egressYes},
		{"ErrEgressDenied", authz.ErrEgressDenied, egressDenied, egressNo},
		{"denied verdict", verdict(authz.Denied, addr), egressDenied, egressNo},
		{"ErrEgressUnverified", authz.ErrEgressUnverified, egressOpen, egressUnverified},
		{"unverified verdict", verdict(authz.Unverified, addr), egressOpen, egressUnverified},
		{"ErrImplicitEgress", authz.ErrImplicitEgress, egressImplicit, egressYes},
		{"implicit verdict", verdict(authz.Allowed, addr), egressImplicit, egressYes},
		{"ErrInvalidFlow", fmt.Errorf("%w: protocol", authz.ErrInvalidFlow), egressDenied, egressNo},
		// A group not valid beyond its rules' policies (its rules are
		// evaluated without the invalid ones: see evaluable) cannot be
		// evaluated: unverified, with a finding, never a silent refusal
		// (a waiver of the group's problem left a pass).
		{"ErrInvalidSecurityGroup", authz.ErrInvalidSecurityGroup, egressBadGroup, egressUnverified},
		{"ErrUnknownAddr", authz.ErrUnknownAddr, egressNoAddr, egressUnverified},
		{"unverified verdict without an address", verdict(authz.Unverified, netip.Addr{}), egressNoAddr, egressUnverified},
		{"an error no sentinel explains", errors.New("something else"), egressDenied, egressNo},
		{"denied and unknown address: denied", errors.Join(authz.ErrUnknownAddr, authz.ErrEgressDenied), egressDenied, egressNo},
		{"invalid group and unknown address: invalid", errors.Join(authz.ErrUnknownAddr, authz.ErrInvalidSecurityGroup), egressBadGroup, egressUnverified},
		{"implicit and unverified: unverified", errors.Join(authz.ErrImplicitEgress, authz.ErrEgressUnverified), egressOpen, egressUnverified},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := classifyEgress(tt.err)
			if k != tt.class || k.state() != tt.state {
				t.Errorf("classifyEgress(%v) = %d, state %d; want %d, state %d", tt.err, k, k.state(), tt.class, tt.state)
			}
		})
	}
}

// TestNotesWithPathsSkipSource (#19 item 5): when every note names its
// path, the group a note concerns is read from the path, and the plan's
// Source is not indexed (no place is hashed); a note without a path still
// is placed through Source.
func TestNotesWithPathsSkipSource(t *testing.T) {
	source := map[field.Path]string{}
	for g := range 1000 {
		source[field.Path("groups").Index(g)] = fmt.Sprintf("alicloud_api_gateway_group.g%d", g)
	}
	for _, tt := range []struct {
		name     string
		path     field.Path
		wantWork bool
	}{
		{"with a path", "groups[0].dataWorks", false},
		{"without a path", "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := Plan{Groups: []Group{{ID: "g-0"}}, Source: source,
				Notes: []Note{{Code: CodeUnverified, Where: "alicloud_api_gateway_group.g0.x", Path: tt.path}}}
			c := &checker{p: p, ex: ruleTable, cat: zones.Default()}
			c.countNotes()
			if c.noteCount[0] != 1 || (c.work > 0) != tt.wantWork {
				t.Errorf("group 0's notes: %d, work %d; want 1, work > 0: %v", c.noteCount[0], c.work, tt.wantWork)
			}
		})
	}
}

// TestZonePaths: the paths cut from one string are the zone's and its
// fields', as field.Path builds them.
func TestZonePaths(t *testing.T) {
	for _, j := range []int{0, 7, 99, 100, 12345} {
		at := field.Path("instances").Index(3)
		zp := at.Child("zones").Index(j)
		want := [...]field.Path{zp, zp.Child("zoneId"), zp.Child("vSwitchId"), zp.Child("vSwitchCidr"), zp.Child("securityGroupId")}
		if got := zonePaths(at, j); got != want {
			t.Errorf("zonePaths(%q, %d) = %q, want %q", at, j, got, want)
		}
	}
}

// TestAuthorizationRemediesCostIsLinear: the remedies of missing
// authorizations weigh each API of a group once, not once per missing name:
// a group of n APIs, each naming its own missing authorization, cost n^2
// before (about 8.5 s for Check at n = 32,000). Work is counted in APIs
// weighed, never time.
func TestAuthorizationRemediesCostIsLinear(t *testing.T) {
	work := func(n int) int {
		p := Plan{
			Instance: &Instance{ID: "apigw-1", Spec: instance.Spec{Name: "gw", RegionID: "cn-hangzhou", VPCID: "vpc-1", CIDR: netip.MustParsePrefix("192.168.0.0/16"),
				Zones: []instance.ZonePlacement{{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-1", VSwitchCIDR: netip.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"}}}},
			VPC:            &instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}},
			SecurityGroups: []authz.SecurityGroup{{ID: "sg-1", Egress: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}},
			Groups:         []Group{{ID: "g-1", Name: "shop", RegionID: "cn-hangzhou", Instance: instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"}}},
		}
		apis := make([]migrate.API, n)
		for i := range apis {
			apis[i] = migrate.API{ID: fmt.Sprint("api-", i), VPCAccess: fmt.Sprint("missing-", i),
				ServiceAddress: authz.Endpoint{Scheme: "http", Addr: netip.AddrFrom4([4]byte{10, 0, 1, byte(i%250 + 1)}), Port: 80}}
		}
		p.Groups[0].APIs = apis
		c := &checker{p: p, ex: ruleTable, cat: zones.Default()}
		c.run()
		remedied := 0
		for _, s := range c.r.Sections {
			for _, f := range s.Problems {
				if f.Code == CodeMissingAuthorization && f.Remedy != nil && f.Remedy.Authorization != nil {
					remedied++
				}
			}
		}
		if remedied != n {
			t.Fatalf("%d of %d missing authorizations have a remedy", remedied, n)
		}
		return c.work
	}
	small, large := work(500), work(2_000)
	if large > 5*small || small == 0 {
		t.Errorf("work for %d APIs: %d; for %d: %d, more than 5 times as much", 500, small, 2_000, large)
	}
}

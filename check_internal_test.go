package vpcgate

import (
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

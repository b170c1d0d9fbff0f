package instance_test

import (
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/instance"
)

func ExampleSpec_Validate() {
	s := instance.Spec{
		Name:     "gw-prod",
		RegionID: "cn-hangzhou",
		CIDR:     netip.MustParsePrefix("10.0.0.0/8"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-b", VSwitchID: "vsw-1", VSwitchCIDR: netip.MustParsePrefix("172.20.1.0/24"), SecurityGroupID: "sg-1"},
			{ZoneID: "cn-beijing-a", VSwitchID: "vsw-2", VSwitchCIDR: netip.MustParsePrefix("10.1.0.0/24")},
		},
	}
	fmt.Println(s.Validate(nil))
	// Output:
	// vpcId: required
	// cidr: instance CIDR block not allowed: 10.0.0.0/8 is neither 192.168.0.0/16 nor 172.16.0.0/12
	// zones[0].vSwitchCidr: vSwitch 172.20.1.0/24 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b
	// zones[1].zoneId: zone "cn-beijing-a": zone is not in the instance's region "cn-hangzhou" (it is in "cn-beijing")
	// zones[1].securityGroupId: required
}

func ExampleInstance_AllowCIDR() {
	spec := instance.Spec{
		Name: "gw-prod", RegionID: "cn-hangzhou", VPCID: "vpc-1",
		CIDR: netip.MustParsePrefix("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-b", VSwitchID: "vsw-1", VSwitchCIDR: netip.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"},
		},
	}
	inst, err := instance.New("apigw-1", spec, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	vpc := instance.VPC{
		ID:        "vpc-1",
		CIDRs:     []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")},
		Connected: []netip.Prefix{netip.MustParsePrefix("10.100.0.0/16")}, // an on-premises network
	}
	wider, err := inst.AllowCIDR(netip.MustParsePrefix("10.100.8.0/24"), vpc)
	fmt.Println(wider.Accessible, err)

	_, err = inst.AllowCIDR(netip.MustParsePrefix("10.200.0.0/24"), vpc)
	fmt.Println(err)
	fmt.Println(inst.Accessible) // the receiver is unchanged
	// Output:
	// [10.0.1.0/24 10.100.8.0/24] <nil>
	// CIDR block 10.200.0.0/24: outside the VPC and its connected networks (VPC "vpc-1" has [10.0.0.0/16], connected networks [10.100.0.0/16])
	// [10.0.1.0/24]
}

package instance_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/zones"
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

func ExampleNew() {
	spec := instance.Spec{
		Name: "gw-prod", RegionID: "cn-hangzhou", VPCID: "vpc-1",
		CIDR: netip.MustParsePrefix("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-j", VSwitchCIDR: netip.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"},
			{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-k", VSwitchCIDR: netip.MustParsePrefix("10.0.2.0/24"), SecurityGroupID: "sg-1"},
		},
	}
	inst, err := instance.New("apigw-1", spec, nil) // nil: the document's zone table
	fmt.Println(inst.Kind, inst.Accessible, err)

	// A vSwitch the cloud would refuse is refused here, named by its path.
	spec.Zones[1].VSwitchCIDR = netip.MustParsePrefix("10.0.2.0/30")
	_, err = instance.New("apigw-1", spec, nil)
	var fe *instance.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, errors.Is(err, zones.ErrInvalidVSwitch))
	}
	// Output:
	// vpc-integration [10.0.1.0/24 10.0.2.0/24] <nil>
	// zones[1].vSwitchCidr true
}

func ExampleValidateUpdate() {
	old := instance.Instance{
		ID: "apigw-1", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-1",
		CIDR:       netip.MustParsePrefix("192.168.0.0/16"),
		Accessible: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")},
	}
	updated := old
	updated.VPCID = "vpc-2" // fixed at creation
	updated.Accessible = []netip.Prefix{
		netip.MustParsePrefix("10.0.1.0/24"),
		netip.MustParsePrefix("10.0.8.0/22"),                // may be added
		netip.PrefixFrom(netip.MustParseAddr("1.2.3.4"), 0), // host bits: not allow-all
	}
	fmt.Println(instance.ValidateUpdate(old, updated))
	// Output:
	// vpcId: cannot change after the instance is created: was "vpc-1", now "vpc-2"
	// accessible[2]: CIDR block 1.2.3.4/0: invalid CIDR prefix: host bits set; the canonical form is 0.0.0.0/0
}

func ExampleSuggestVSwitch() {
	// In cn-hangzhou-b, 172.20.0.0/16 and 172.19.0.0/20 are reserved; the
	// instance uses 192.168.0.0/16 and another vSwitch has 172.19.16.0/24.
	used := cidr.MustParseSet("172.19.16.0/24")
	p, ok := instance.SuggestVSwitch(nil, "cn-hangzhou-b", netip.MustParsePrefix("172.19.0.0/16"), 24, netip.MustParsePrefix("192.168.0.0/16"), used)
	fmt.Println(p, ok)

	// Only sizes the cloud accepts (/16 to /29) are proposed.
	_, ok = instance.SuggestVSwitch(nil, "cn-hangzhou-b", netip.MustParsePrefix("172.19.0.0/16"), 30, netip.MustParsePrefix("192.168.0.0/16"), used)
	fmt.Println(ok)
	// Output:
	// 172.19.17.0/24 true
	// false
}

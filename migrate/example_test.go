package migrate_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

func exampleInstances() (from, to instance.Instance) {
	from = instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"}
	to = instance.Instance{
		ID: "apigw-vpc", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-1",
		CIDR:       netip.MustParsePrefix("192.168.0.0/16"),
		Zones:      []instance.ZonePlacement{{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-1", VSwitchCIDR: netip.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"}},
		Accessible: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")},
	}
	return from, to
}

// A move that fails is rolled back: Apply returns the group as it was, and
// the report says why, for every reference at once.
func ExampleApply() {
	from, to := exampleInstances()
	g := migrate.Group{
		ID: "g-1", Name: "shop", RegionID: "cn-hangzhou", InstanceID: "apigw-shared",
		APIs: []migrate.API{
			{ID: "api-1", Name: "GetOrder", VPCAccess: "orders"},
			{ID: "api-2", Name: "GetUser", VPCAccess: "users"},
		},
		Plugins: []migrate.Plugin{{ID: "plg-1", Name: "auth", Type: "jwtAuth", VPCAccess: []string{"users"}}},
	}
	auths := []authz.Authorization{
		{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.1.20", Port: 8080},
		{Name: "users", VPCID: "vpc-1", InstanceID: "10.0.9.7", Port: 8080},
	}
	after, report := migrate.Apply(g, from, to, auths)
	fmt.Println("instance:", after.InstanceID, "ok:", report.OK(), "checked:", report.Checked)
	for _, f := range report.Failures {
		fmt.Println(f)
	}
	fmt.Println(errors.Is(report.Err(), authz.ErrUnreachable))
	// Output:
	// instance: apigw-shared ok: false checked: 3
	// api "GetUser" (api-2), authorization "users": authorization "users": instance cannot connect to the backend 10.0.9.7: add a CIDR block that contains it to the accessible CIDR blocks of instance "apigw-vpc"
	// plugin "auth" (plg-1), authorization "users": authorization "users": instance cannot connect to the backend 10.0.9.7: add a CIDR block that contains it to the accessible CIDR blocks of instance "apigw-vpc"
	// true
}

func ExampleCheck() {
	from, to := exampleInstances()
	g := migrate.Group{
		ID: "g-1", Name: "reports", RegionID: "cn-hangzhou", InstanceID: "apigw-shared", DataWorks: true,
		APIs: []migrate.API{{ID: "api-1", Name: "Export", VPCAccess: "warehouse"}},
	}
	auths := []authz.Authorization{
		{Name: "warehouse", VPCID: "vpc-1", InstanceID: "i-bp1warehouse", Port: 80, Backend: authz.ECS, SecurityGroupID: "sg-7"},
	}
	r := migrate.Check(g, from, to, auths)
	fmt.Println("ok:", r.OK(), errors.Is(r.Err(), migrate.ErrDataWorks))
	for _, f := range r.Failures {
		fmt.Println(f)
	}
	for _, w := range r.Warnings {
		fmt.Printf("%s: %s\n", w.Code, w.Message)
	}
	// Output:
	// ok: false true
	// group "reports" (g-1): DataWorks integration needs a conventional dedicated instance: group "g-1" serves DataWorks and instance "apigw-vpc" is a vpc-integration instance; its DataWorks APIs would stop working
	// egress-change: after the move, backends see requests from private addresses of instance "apigw-vpc" in its vSwitch blocks 10.0.1.0/24 instead of instance "apigw-shared"'s egress addresses in 100.0.0.0/8; add the new source to every backend allow-list before you move the group
	// unverified: authorization "warehouse" names "i-bp1warehouse" and no IP address, so whether instance "apigw-vpc" can reach it was not checked; set its address to check it
	// security-group: the backend of authorization "warehouse" is in security group "sg-7", which is none of instance "apigw-vpc"'s (sg-1); the document asks for the same security group
}

// Command tour is the README's tour of vpcgate, as a program that runs:
// validate a purchase form, build the instance, check an authorization,
// and move an API group onto the instance.
package main

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

func main() {
	if err := run(); err != nil {
		fmt.Println("tour:", err)
	}
}

func run() error {
	// tour:begin
	spec := instance.Spec{
		Name: "gw-prod", RegionID: "cn-hangzhou", VPCID: "vpc-1",
		CIDR: netip.MustParsePrefix("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{{ZoneID: "cn-hangzhou-b", VSwitchID: "vsw-1",
			VSwitchCIDR: netip.MustParsePrefix("172.20.1.0/24"), SecurityGroupID: "sg-1"}},
	}
	err := spec.Validate(nil) // every problem at once, each naming its field
	var conflict *zones.ConflictError
	fmt.Println(err, errors.As(err, &conflict), conflict.Reserved)

	spec.Zones[0].VSwitchCIDR = netip.MustParsePrefix("10.0.1.0/24")
	inst, err := instance.New("apigw-1", spec, nil) // reaches its vSwitch block
	if err != nil {
		return err
	}
	orders := authz.Authorization{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.2.7", Port: 80}
	fmt.Println(authz.NewChecker(inst).Check(orders))

	from := instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"}
	group := migrate.Group{ID: "g-1", RegionID: "cn-hangzhou", InstanceID: "apigw-shared",
		APIs: []migrate.API{{ID: "api-1", Name: "GetOrder", VPCAccess: "orders"}}}
	moved, report := migrate.Apply(group, from, inst, []authz.Authorization{orders})
	fmt.Println(moved.InstanceID, report.OK(), errors.Is(report.Err(), authz.ErrUnreachable))
	// tour:end
	return nil
}

package authz_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
)

func ExampleCheck() {
	inst := instance.Instance{
		ID: "apigw-1", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-1",
		Accessible: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")},
	}
	orders := authz.Authorization{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.1.20", Port: 8080}
	fmt.Println(authz.Check(inst, orders))

	users := authz.Authorization{Name: "users", VPCID: "vpc-1", InstanceID: "10.0.2.7", Port: 8080}
	err := authz.Check(inst, users)
	var ue *authz.UnreachableError
	if errors.As(err, &ue) {
		fmt.Println("unreachable:", ue.Addr)
	}
	fmt.Println(err)
	// Output:
	// <nil>
	// unreachable: 10.0.2.7
	// authorization "users": instance cannot connect to the backend 10.0.2.7: add a CIDR block that contains it to the accessible CIDR blocks of instance "apigw-1"
}

func ExampleCheckEgress() {
	sg := authz.SecurityGroup{ID: "sg-1", IntraGroup: true}
	ecs := authz.Authorization{Name: "a", VPCID: "vpc-1", InstanceID: "i-bp1", Port: 80, Backend: authz.ECS, SecurityGroupID: "sg-1"}
	clb := authz.Authorization{Name: "b", VPCID: "vpc-1", InstanceID: "10.0.1.9", Port: 80, Backend: authz.CLB, SecurityGroupID: "sg-1"}
	fmt.Println(authz.CheckEgress(sg, ecs))
	fmt.Println(authz.CheckEgress(sg, clb))
	// Output:
	// <nil>
	// authorization "b": security group "sg-1" has no outbound rule that allows 10.0.1.9 (CLB backend)
}

package authz_test

import (
	"encoding/json"
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

func ExampleNewChecker() {
	inst := instance.Instance{
		ID: "apigw-1", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-1",
		Accessible: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24"), netip.MustParsePrefix("10.0.8.0/22")},
	}
	c := authz.NewChecker(inst) // the accessible set is built once
	for _, a := range []authz.Authorization{
		{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.9.4", Port: 80},
		{Name: "users", VPCID: "vpc-1", InstanceID: "i-bp1abc", Port: 80},
		{Name: "typo", VPCID: "vpc-1", InstanceID: " 10.0.1.4", Port: 80},
	} {
		err := c.Check(a)
		fmt.Printf("%s: unknown address %v, invalid %v\n", a.Name, errors.Is(err, authz.ErrUnknownAddr), errors.Is(err, authz.ErrInvalidAuthorization))
	}
	fmt.Println(errors.Is(authz.NewChecker(instance.Instance{}).Check(authz.Authorization{Name: "x", VPCID: "vpc-1", InstanceID: "10.0.1.4", Port: 80}), instance.ErrInvalidKind))
	// Output:
	// orders: unknown address false, invalid false
	// users: unknown address true, invalid false
	// typo: unknown address false, invalid true
	// true
}

func ExampleCheckEgress() {
	sg := authz.SecurityGroup{ID: "sg-1", IntraGroup: true}
	ecs := authz.Authorization{Name: "a", VPCID: "vpc-1", InstanceID: "i-bp1", Port: 80, Backend: authz.ECS, SecurityGroupID: "sg-1"}
	clb := authz.Authorization{Name: "b", VPCID: "vpc-1", InstanceID: "10.0.1.9", Port: 80, Backend: authz.CLB, SecurityGroupID: "sg-1"}
	fmt.Println(authz.CheckEgress(sg, ecs))
	err := authz.CheckEgress(sg, clb)
	var ee *authz.EgressError
	fmt.Println(errors.Is(err, authz.ErrEgressDenied), errors.As(err, &ee) && ee.Verdict.Source == authz.SourceDefault)
	fmt.Println(err)
	// Output:
	// <nil>
	// true true
	// authorization "b": security group "sg-1" has no outbound rule that allows 10.0.1.9 (CLB backend)
}

func ExampleDecide() {
	var sg authz.SecurityGroup
	err := json.Unmarshal([]byte(`{"id": "sg-1", "type": "enterprise", "innerAccessPolicy": "Drop", "rules": [
		{"policy": "Accept", "priority": 10, "ipProtocol": "TCP", "portRange": "1/1024", "destCidrIp": "10.0.0.0/8"},
		{"policy": "Drop", "priority": 1, "ipProtocol": "ALL", "portRange": "-1/-1", "destCidrIp": "10.9.0.0/16"},
		{"policy": "Accept", "priority": 5, "ipProtocol": "TCP", "portRange": "8080/8080", "destPrefixListId": "pl-1"}]}`), &sg)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := authz.NewEgressChecker(sg) // prepared once for many decisions
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range []authz.Flow{
		{Addr: netip.MustParseAddr("10.1.0.5"), Port: 443, Protocol: authz.ProtocolTCP},
		{Addr: netip.MustParseAddr("10.9.0.5"), Port: 443, Protocol: authz.ProtocolTCP},
		{Addr: netip.MustParseAddr("10.1.0.5"), Port: 1025, Protocol: authz.ProtocolTCP},
		{Addr: netip.MustParseAddr("10.1.0.5"), Port: 8080, Protocol: authz.ProtocolTCP},
		{Addr: netip.MustParseAddr("10.1.0.5"), Port: 443, Protocol: authz.ProtocolTCP, Backend: authz.ECS, GroupID: "sg-1"},
	} {
		v, _ := c.Decide(f)
		fmt.Println(v)
	}
	// Output:
	// allowed by rule 0 (accept, priority 10, TCP 1/1024, 10.0.0.0/8)
	// denied by rule 1 (drop, priority 1, 10.9.0.0/16)
	// denied by default (enterprise group)
	// unverified: rule 2 (accept, priority 5, TCP 8080/8080, prefix list pl-1) may match, and its entries are not given
	// allowed by rule 0 (accept, priority 10, TCP 1/1024, 10.0.0.0/8)
}

package vpcgate_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

const examplePlan = `{
  "instance": {"id": "apigw-1", "name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
    "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]},
  "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/16"]},
  "securityGroups": [{"id": "sg-1", "intraGroup": true, "egress": ["10.0.0.0/16"]}],
  "authorizations": [{"name": "orders", "vpcId": "vpc-1", "instanceId": "10.0.7.5", "port": 8080}],
  "groups": [{"id": "g-shop", "name": "shop", "regionId": "cn-hangzhou",
    "instance": {"id": "apigw-shared", "kind": "serverless", "regionId": "cn-hangzhou"},
    "apis": [{"id": "api-1", "name": "GetOrder", "vpcAccess": "orders"}]}]
}`

// Check a whole plan and act on its findings: the backend 10.0.7.5 lies
// outside the instance's accessible blocks.
func ExampleCheck() {
	p, err := vpcgate.ParsePlan([]byte(examplePlan))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	fmt.Println("ok:", r.OK)
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			fmt.Printf("%s at %s\n", f.Code, f.Where)
		}
	}
	fmt.Println(errors.Is(r.Err(), authz.ErrUnreachable))
	// Output:
	// ok: false
	// unreachable at authorizations[0].instanceId
	// true
}

// A plan with a problem in its document is not checked: ParsePlan names
// every problem by its JSON path, line and column.
func ExampleParsePlan() {
	_, err := vpcgate.ParsePlan([]byte(`{
  "authorizations": [{"name": "orders", "addr": "10.0.7.5", "port": 70000}],
  "accessible": ["10.0.8.1/22"]
}`))
	for _, e := range field.Split(err) {
		var ie *vpcgate.InputError
		if errors.As(e, &ie) {
			fmt.Printf("%s, line %d: %v\n", ie.Path, ie.Line, ie.Err)
		}
	}
	fmt.Println(errors.Is(err, vpcgate.ErrInvalidPlan))
	// Output:
	// authorizations[0].port, line 2: want an integer from 0 to 65535, got 70000
	// accessible[0], line 3: invalid CIDR prefix "10.0.8.1/22": host bits set; the canonical form is 10.0.8.0/22
	// true
}

// A plan with two instances, one per VPC: the group moving to the wrong
// one gets placement advice naming the instance that would take it.
func ExampleCheck_severalInstances() {
	p, err := vpcgate.ParsePlan([]byte(`{
  "instances": [
    {"id": "apigw-a", "name": "a", "regionId": "cn-hangzhou", "vpcId": "vpc-a", "cidr": "192.168.0.0/16",
     "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-a", "vSwitchCidr": "10.1.1.0/24", "securityGroupId": "sg-a"}]},
    {"id": "apigw-b", "name": "b", "regionId": "cn-hangzhou", "vpcId": "vpc-b", "cidr": "192.168.0.0/16",
     "zones": [{"zoneId": "cn-hangzhou-k", "vSwitchId": "vsw-b", "vSwitchCidr": "10.2.1.0/24", "securityGroupId": "sg-b"}]}],
  "vpcs": [{"id": "vpc-a", "cidrs": ["10.1.0.0/16"]}, {"id": "vpc-b", "cidrs": ["10.2.0.0/16"]}],
  "serviceLinkedRole": "exists",
  "securityGroups": [{"id": "sg-a", "egress": ["10.1.0.0/16"]}, {"id": "sg-b", "egress": ["10.2.0.0/16"]}],
  "authorizations": [{"name": "stock", "vpcId": "vpc-b", "instanceId": "10.2.1.9", "port": 80}],
  "groups": [{"id": "g-stock", "name": "stock", "regionId": "cn-hangzhou", "to": "apigw-a",
    "instance": {"id": "apigw-shared", "kind": "serverless", "regionId": "cn-hangzhou"},
    "apis": [{"id": "api-1", "name": "Stock", "vpcAccess": "stock"}]}]
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	for _, s := range r.Sections {
		for _, f := range append(s.Problems, s.Warnings...) {
			if f.Code != vpcgate.CodeEgressChange {
				fmt.Printf("%s at %s: %s\n", f.Code, f.Where, f.What)
			}
		}
	}
	// Output:
	// single-zone at instances[0].zones: instance "apigw-a" has one zone (cn-hangzhou-j), so one network interface: no zone redundancy
	// single-zone at instances[1].zones: instance "apigw-b" has one zone (cn-hangzhou-k), so one network interface: no zone redundancy
	// vpc-mismatch at authorizations[0].vpcId: authorization "stock" is in VPC "vpc-b", but instance "apigw-a" is connected to VPC "vpc-a" (used by groups[0].apis[0].vpcAccess)
	// placement at groups[0].to: instance(s) that would take the group: "apigw-b"
}

// The report as a person reads it.
func ExampleReport_WriteText() {
	p, _ := vpcgate.ParsePlan([]byte(examplePlan))
	r := vpcgate.Check(p, vpcgate.Options{})
	fmt.Println(r.Summary())
	_ = r.WriteText(os.Stdout) // what preflight prints
}

// On a VPC integration instance an API calls a backend in the VPC by its
// address, with no VPC access authorization. Check checks the address as
// it checks an authorization's backend: the accessible blocks, then the
// outbound rules. Here GetStock's backend lies in the vSwitch block and
// passes; Report's backend lies outside every accessible block; Search
// names a host, resolved only when the call is made: unverified.
func ExampleCheck_directBackend() {
	const plan = `{
  "instance": {"id": "apigw-1", "name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
    "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]},
  "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/16"]},
  "securityGroups": [{"id": "sg-1", "intraGroup": true, "egress": ["10.0.0.0/16"]}],
  "groups": [{"id": "g-shop", "name": "shop", "regionId": "cn-hangzhou",
    "instance": {"id": "apigw-shared", "kind": "serverless", "regionId": "cn-hangzhou"},
    "apis": [{"id": "api-1", "name": "GetStock", "serviceAddress": "http://10.0.1.7:8080/stock"},
             {"id": "api-2", "name": "Report", "serviceAddress": "http://10.0.5.9"},
             {"id": "api-3", "name": "Search", "serviceAddress": "http://search.internal:9200"}]}]
}`
	p, err := vpcgate.ParsePlan([]byte(plan))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	for _, s := range r.Sections {
		if !strings.HasPrefix(s.Subject, "backends called directly") {
			continue
		}
		for _, l := range s.Passed {
			fmt.Println("ok  ", l)
		}
		for _, f := range s.Problems {
			fmt.Println("FAIL", f.Code, f.Where, "suggested", f.Suggested)
		}
		for _, f := range s.Warnings {
			fmt.Println("WARN", f.Code, f.Where)
		}
	}
	fmt.Println("ok:", r.OK)
	// Output:
	// ok   http://10.0.1.7:8080: reachable from instance "apigw-1", and its outbound rules allow TCP port 8080
	// FAIL unreachable groups[0].apis[1].serviceAddress suggested 10.0.5.9/32
	// WARN unverified groups[0].apis[2].serviceAddress
	// ok: false
}

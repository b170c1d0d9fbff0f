package vpcgate_test

import (
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate"
)

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

package vpcgate_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/cidr"
)

// A plan of `terraform show -json`, cut down: a VPC integration instance
// created with its VPC, whose second vSwitch overlaps the block API Gateway
// reserves in zone cn-hangzhou-k. The VPC's ID is known only after apply;
// the configuration's reference connects the instance to it.
const exampleTerraformPlan = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "alicloud_vpc.vpc", "mode": "managed", "type": "alicloud_vpc", "name": "vpc",
     "values": {"cidr_block": "172.16.0.0/12"}},
    {"address": "alicloud_api_gateway_instance.gw", "mode": "managed", "type": "alicloud_api_gateway_instance", "name": "gw",
     "values": {"instance_name": "gw", "instance_type": "vpc_connect", "instance_cidr": "192.168.0.0/16",
       "zone_vswitch_security_group": [
         {"zone_id": "cn-hangzhou-j", "vswitch_id": "vsw-j", "cidr_block": "172.18.1.0/24", "security_group": "sg-1"},
         {"zone_id": "cn-hangzhou-k", "vswitch_id": "vsw-k", "cidr_block": "172.20.1.0/24", "security_group": "sg-1"}]}}
  ]}},
  "resource_changes": [
    {"address": "alicloud_vpc.vpc", "mode": "managed", "type": "alicloud_vpc", "name": "vpc",
     "change": {"actions": ["create"], "after_unknown": {"id": true}}},
    {"address": "alicloud_api_gateway_instance.gw", "mode": "managed", "type": "alicloud_api_gateway_instance", "name": "gw",
     "change": {"actions": ["create"], "after_unknown": {"id": true, "user_vpc_id": true}}}
  ],
  "configuration": {
    "provider_config": {"alicloud": {"name": "alicloud", "expressions": {"region": {"constant_value": "cn-hangzhou"}}}},
    "root_module": {"resources": [
      {"address": "alicloud_api_gateway_instance.gw", "mode": "managed", "type": "alicloud_api_gateway_instance", "name": "gw",
       "expressions": {"user_vpc_id": {"references": ["alicloud_vpc.vpc.id", "alicloud_vpc.vpc"]}}}
    ]}
  }
}`

func ExampleReadTerraformPlan() {
	p, err := vpcgate.ReadTerraformPlan([]byte(exampleTerraformPlan))
	if err != nil {
		fmt.Println(err)
		return
	}
	gw := p.Instances[0]
	fmt.Printf("instance %s in %s, VPC %s\n", gw.ID, gw.RegionID, gw.VPCID)

	r := vpcgate.Check(p, vpcgate.Options{})
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			fmt.Printf("%s at %s\n", f.Code, f.Where)
		}
	}
	fmt.Println("ok:", r.OK)
	// Output:
	// instance alicloud_api_gateway_instance.gw in cn-hangzhou, VPC alicloud_vpc.vpc
	// reserved-conflict at alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block
	// ok: false
}

// A CIDR block with host bits set is an error of the reader, naming its
// place in the document and matching the library's sentinels.
func ExampleReadTerraformPlan_errors() {
	doc := `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
	  {"address": "alicloud_vpc.vpc", "mode": "managed", "type": "alicloud_vpc", "name": "vpc",
	   "values": {"id": "vpc-1", "cidr_block": "10.0.0.1/16"}}]}}}`
	_, err := vpcgate.ReadTerraformPlan([]byte(doc))
	fmt.Println(err)
	fmt.Println(errors.Is(err, vpcgate.ErrInvalidPlan), errors.Is(err, cidr.ErrNotCanonical))
	// Output:
	// planned_values.root_module.resources[0].values.cidr_block (line 3, column 45): alicloud_vpc.vpc.cidr_block: invalid CIDR prefix "10.0.0.1/16": host bits set; the canonical form is 10.0.0.0/16
	// true true
}

// An API that calls a backend service of type VPC: the plan does not name
// the authorization the service reaches, so the API is unverified, never
// "not in a VPC": a warning, which Strict makes a problem.
func ExampleReadTerraformPlan_backendService() {
	doc := `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
	  {"address": "alicloud_api_gateway_instance.gw", "mode": "managed", "type": "alicloud_api_gateway_instance", "name": "gw",
	   "values": {"id": "apigateway-cn-1", "instance_name": "gw", "instance_type": "vpc_connect", "instance_cidr": "192.168.0.0/16", "user_vpc_id": "vpc-1",
	     "zone_vswitch_security_group": [{"zone_id": "cn-hangzhou-j", "vswitch_id": "vsw-j", "cidr_block": "10.0.1.0/24", "security_group": "sg-1"}]}},
	  {"address": "alicloud_api_gateway_group.g", "mode": "managed", "type": "alicloud_api_gateway_group", "name": "g",
	   "values": {"id": "grp-1", "name": "g", "instance_id": "apigateway-cn-1"}},
	  {"address": "alicloud_api_gateway_backend.orders", "mode": "managed", "type": "alicloud_api_gateway_backend", "name": "orders",
	   "values": {"id": "bk-1", "backend_name": "orders", "backend_type": "VPC"}},
	  {"address": "alicloud_api_gateway_api.list", "mode": "managed", "type": "alicloud_api_gateway_api", "name": "list",
	   "values": {"id": "grp-1:api-1", "name": "list", "group_id": "grp-1", "service_type": "HTTP",
	     "backend_enabled": true, "backend_id": "bk-1"}}]}}}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, strict := range []bool{false, true} {
		r := vpcgate.Check(p, vpcgate.Options{Strict: strict})
		for _, s := range r.Sections {
			for _, f := range s.Problems {
				if strings.HasPrefix(f.Where, "alicloud_api_gateway_api.") {
					fmt.Printf("strict %v: problem %s at %s\n", strict, f.Code, f.Where)
				}
			}
			for _, f := range s.Warnings {
				if strings.HasPrefix(f.Where, "alicloud_api_gateway_api.") {
					fmt.Printf("strict %v: warning %s at %s\n", strict, f.Code, f.Where)
				}
			}
		}
	}
	// Output:
	// strict false: warning unverified at alicloud_api_gateway_api.list.backend_enabled
	// strict true: problem unverified at alicloud_api_gateway_api.list.backend_enabled
}

// An HTTP API calls http_service_config's address directly: on a VPC
// integration instance it is checked as an authorization's backend is,
// against the accessible blocks (the instance's vSwitch block here) and
// the outbound rules of its security group.
func ExampleReadTerraformPlan_directBackend() {
	doc := `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
	  {"address": "alicloud_vpc.vpc", "mode": "managed", "type": "alicloud_vpc", "name": "vpc",
	   "values": {"id": "vpc-1", "cidr_block": "10.0.0.0/16"}},
	  {"address": "alicloud_security_group.gw", "mode": "managed", "type": "alicloud_security_group", "name": "gw",
	   "values": {"id": "sg-1", "vpc_id": "vpc-1", "security_group_type": "normal", "inner_access_policy": "Accept"}},
	  {"address": "alicloud_security_group_rule.to_vpc", "mode": "managed", "type": "alicloud_security_group_rule", "name": "to_vpc",
	   "values": {"security_group_id": "sg-1", "type": "egress", "ip_protocol": "tcp", "port_range": "1/65535", "cidr_ip": "10.0.0.0/16", "policy": "accept", "priority": 1}},
	  {"address": "alicloud_api_gateway_instance.gw", "mode": "managed", "type": "alicloud_api_gateway_instance", "name": "gw",
	   "values": {"id": "apigateway-cn-1", "instance_name": "gw", "instance_type": "vpc_connect", "instance_cidr": "192.168.0.0/16", "user_vpc_id": "vpc-1",
	     "connect_cidr_blocks": "[\"10.0.1.0/24\"]",
	     "zone_vswitch_security_group": [{"zone_id": "cn-hangzhou-j", "vswitch_id": "vsw-j", "cidr_block": "10.0.1.0/24", "security_group": "sg-1"}]}},
	  {"address": "alicloud_api_gateway_group.g", "mode": "managed", "type": "alicloud_api_gateway_group", "name": "g",
	   "values": {"id": "grp-1", "name": "g", "instance_id": "apigateway-cn-1"}},
	  {"address": "alicloud_api_gateway_api.inside", "mode": "managed", "type": "alicloud_api_gateway_api", "name": "inside",
	   "values": {"id": "grp-1:api-1", "name": "inside", "group_id": "grp-1", "service_type": "HTTP",
	     "http_service_config": [{"address": "http://10.0.1.5:8080", "path": "/", "method": "GET", "timeout": 10000}]}},
	  {"address": "alicloud_api_gateway_api.outside", "mode": "managed", "type": "alicloud_api_gateway_api", "name": "outside",
	   "values": {"id": "grp-1:api-2", "name": "outside", "group_id": "grp-1", "service_type": "HTTP",
	     "http_service_config": [{"address": "http://10.0.9.5:8080", "path": "/", "method": "GET", "timeout": 10000}]}}]}},
	  "configuration": {"provider_config": {"alicloud": {"name": "alicloud", "expressions": {"region": {"constant_value": "cn-hangzhou"}}}}}}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, api := range p.Groups[0].APIs {
		fmt.Printf("API %s calls %s\n", api.Name, api.ServiceAddress)
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			fmt.Printf("%s at %s\n", f.Code, f.Where)
		}
	}
	fmt.Println("ok:", r.OK)
	// Output:
	// API inside calls http://10.0.1.5:8080
	// API outside calls http://10.0.9.5:8080
	// unreachable at alicloud_api_gateway_api.outside.http_service_config[0].address
	// ok: false
}

package vpcgate_test

import (
	"errors"
	"fmt"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
)

// Saved responses, one body each, as `aliyun apigateway DescribeInstances`
// and the other calls print them (trimmed to what matters here).
var savedResponses = []string{
	`{"RequestId": "1", "TotalCount": 2, "Instances": {"InstanceAttribute": [
	  {"InstanceId": "apigw-vpc-prod", "InstanceName": "gw-prod", "InstanceType": "VPC_DEDICATED",
	   "DedicatedInstanceType": "vpc_connect", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-MAZ7(j,k)",
	   "ConnectVpcId": "vpc-bp1shop", "InstanceCidrBlock": "192.168.0.0/16",
	   "ConnectCidrBlocks": "[\"10.10.1.0/24\",\"10.10.8.0/22\"]",
	   "NetworkInterfaceAttributes": {"NetworkInterfaceAttribute": [
	     {"VswitchId": "vsw-bp1j", "SecurityGroupId": "sg-bp1gw", "CidrBlock": "10.10.1.0/24", "ZoneId": "cn-hangzhou-j"}]}},
	  {"InstanceId": "apigateway-cn-hangzhou", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou",
	   "DedicatedInstanceType": "", "ConnectCidrBlocks": "", "NetworkInterfaceAttributes": null}]}}`,
	`{"GroupId": "g-shop", "GroupName": "shop", "InstanceId": "apigateway-cn-hangzhou", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou"}`,
	`{"TotalCount": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "api-order", "ApiName": "GetOrder", "GroupId": "g-shop"}]}}`,
	`{"ApiId": "api-order", "ApiName": "GetOrder", "GroupId": "g-shop",
	  "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "orders"}}}`,
	`{"TotalCount": 0, "Plugins": {"PluginAttribute": []}}`,
	`{"TotalCount": 1, "VpcAccessAttributes": {"VpcAccessAttribute": [
	  {"Name": "orders", "VpcId": "vpc-bp1shop", "InstanceId": "i-bp1orders", "Port": 8080}]}}`,
	`{"Instances": {"Instance": [{"InstanceId": "i-bp1orders", "SecurityGroupIds": {"SecurityGroupId": ["sg-bp1gw"]},
	  "VpcAttributes": {"VpcId": "vpc-bp1shop", "PrivateIpAddress": {"IpAddress": ["10.10.20.7"]}}}]}}`,
	`{"VpcId": "vpc-bp1shop", "CidrBlock": "10.10.0.0/16", "SecondaryCidrBlocks": null, "UserCidrs": {"UserCidr": []}}`,
	`{"VSwitches": {"VSwitch": [{"VSwitchId": "vsw-bp1j", "VpcId": "vpc-bp1shop", "ZoneId": "cn-hangzhou-j", "CidrBlock": "10.10.1.0/24"}]}}`,
	`{"SecurityGroupId": "sg-bp1gw", "VpcId": "vpc-bp1shop", "InnerAccessPolicy": "Accept", "Permissions": {"Permission": [
	  {"Direction": "egress", "Policy": "Accept", "Priority": "1", "IpProtocol": "TCP", "PortRange": "1/65535", "DestCidrIp": "10.10.0.0/16"}]}}`,
	`{"SecurityGroups": {"SecurityGroup": [{"SecurityGroupId": "sg-bp1gw", "SecurityGroupType": "normal"}]}}`,
}

// Check a move against saved OpenAPI responses: the ECS backend's address
// comes from ECS DescribeInstances, and it lies outside the instance's
// accessible blocks (ConnectCidrBlocks).
func ExampleReadResponses() {
	docs := make([][]byte, len(savedResponses))
	for i, s := range savedResponses {
		docs[i] = []byte(s)
	}
	snap, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := snap.Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := vpcgate.Check(plan, vpcgate.Options{})
	fmt.Println("ok:", r.OK)
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			fmt.Printf("%s at %s\n", f.Code, f.Where)
		}
		for _, f := range s.Warnings {
			if f.Code == "unverified" {
				fmt.Println("unverified:", f.What)
			}
		}
	}
	fmt.Println(errors.Is(r.Err(), authz.ErrUnreachable))
	// Output:
	// ok: false
	// unreachable at ecs.DescribeInstances[6].Instances.Instance[0].VpcAttributes.PrivateIpAddress.IpAddress[0]
	// unverified: not checked: whether group "g-shop" serves DataWorks (no response says)
	// true
}

// A document of no known shape, or a bad value, is an error naming the
// document and the JSON path; named documents are named by their names.
func ExampleReadNamedResponses_errors() {
	_, err := vpcgate.ReadNamedResponses(
		vpcgate.NamedResponse{Name: "vswitches.json", Body: []byte(`{"VSwitches": {"VSwitch": [{"VSwitchId": "vsw-1", "CidrBlock": "10.10.1.0/33"}]}}`)},
		vpcgate.NamedResponse{Name: "denied.json", Body: []byte(`{"Code": "Forbidden.RAM", "Message": "no permission"}`)},
	)
	fmt.Println(err)
	fmt.Println(errors.Is(err, vpcgate.ErrInvalidPlan))
	// Output:
	// DescribeVSwitches["vswitches.json"].VSwitches.VSwitch[0].CidrBlock (line 1, column 64): invalid OpenAPI response: invalid CIDR prefix "10.10.1.0/33": prefix length out of range
	// responses["denied.json"] (line 1, column 1): invalid OpenAPI response: an error response: Forbidden.RAM: no permission
	// true
}

package openapi

import (
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/field"
)

// TestNotePaths pins the plan path each note names: the value in the plan
// it concerns, or none for what the plan leaves out (so that nothing the
// plan holds is taken for unknown because of it).
func TestNotePaths(t *testing.T) {
	docs := []string{
		`{"Instances": {"InstanceAttribute": [{"InstanceId": "gw", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "vpc_connect", "RegionId": "cn-hangzhou", "ConnectVpcId": "vpc-1", "ConnectCidrBlocks": "",
		  "NetworkInterfaceAttributes": {"NetworkInterfaceAttribute": [{"ZoneId": "cn-hangzhou-j", "VswitchId": "vsw-1", "CidrBlock": "10.0.1.0/24", "SecurityGroupId": "sg-1"}]}}]}}`,
		`{"ApiGroupAttributes": {"ApiGroupAttribute": [{"GroupId": "g1", "InstanceId": "classic", "InstanceType": "CLASSIC_SHARED", "RegionId": "cn-hangzhou"}, {"GroupId": "g2", "RegionId": "cn-hangzhou"}]}}`,
		`{"ApiId": "a1", "GroupId": "g1", "ServiceConfig": {}}`,
		`{"ApiId": "a2", "GroupId": "g1", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "x"}}}`,
		`{"TotalCount": 3, "ApiSummarys": {"ApiSummary": [{"ApiId": "a1", "GroupId": "g1"}, {"ApiId": "a2", "GroupId": "g1"}, {"ApiId": "a3", "GroupId": "g1"}]}}`,
		`{"TotalCount": 1, "Plugins": {"PluginAttribute": [{"PluginId": "p1", "PluginType": "routing", "PluginData": "{\"routes\": [{\"backend\": {\"type\": \"HTTP-VPC\", \"vpcAccessName\": \"y\"}}]}"}]}}`,
		`{"request": {"PluginId": "p1"}, "response": {"TotalCount": 1, "ApiSummarys": {"ApiPluginSummary": [{"ApiId": "a1", "GroupId": "g1", "StageName": "RELEASE"}]}}}`,
	}
	s := read1(t, docs...)
	p, err := s.Plan([]Move{{Group: "g1", To: "gw"}, {Group: "g2", To: "gw"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]field.Path{ // a note's What, in part: its Path
		"the accessible blocks of instance":                   "instances[0].connectCidrBlocks",
		`DescribeVSwitches for "vsw-1" not given`:             "instances[0].zones[0].vSwitchId",
		`DescribeVpcAttribute for "vpc-1" not given`:          "instances[0].vpcId",
		`DescribeSecurityGroupAttribute for "sg-1" not given`: "instances[0].zones[0].securityGroupId",
		`whether group "g1" serves DataWorks`:                 "groups[0].dataWorks",
		`whether group "g2" serves DataWorks`:                 "groups[1].dataWorks",
		`the kind of instance "classic" (CLASSIC_SHARED`:      "groups[0].instance.kind",
		`the instance group "g2" is on now`:                   "groups[1].instance",
		`whether API "a1" calls a backend in a VPC`:           "groups[0].apis[0].vpcAccess",
		"DescribeVpcAccesses not given":                       "groups[0].apis[1].vpcAccess",
		`DescribeApi for "a3" not given`:                      "",
		`DescribeApis for group "g2" not given`:               "",
		`DescribePluginGroups for plug-in "p1" not given`:     "",
	}
	got := map[string]field.Path{}
	for _, n := range p.Notes {
		if n.Kind != Unverified {
			t.Errorf("note of kind %d: %q", n.Kind, n.What)
		}
		for part := range want {
			if strings.Contains(n.What, part) {
				if _, dup := got[part]; dup {
					t.Errorf("two notes say %q", part)
				}
				got[part] = n.Path
			}
		}
	}
	for part, path := range want {
		switch g, ok := got[part]; {
		case !ok:
			t.Errorf("no note says %q", part)
		case g != path:
			t.Errorf("the note that says %q has Path %q, want %q", part, g, path)
		}
	}
}

// TestNotePathsOfFacts: a block the cloud holds with host bits names the
// plan value it is read into, and a load balancer whose address is not
// used names the authorization's addr.
func TestNotePathsOfFacts(t *testing.T) {
	s := read1(t,
		`{"Instances": {"InstanceAttribute": [{"InstanceId": "gw", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "vpc_connect", "RegionId": "cn-hangzhou", "ConnectCidrBlocks": "[\"10.0.1.1/24\"]"}]}}`,
		`{"GroupId": "g", "InstanceId": "shared", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou"}`,
		`{"ApiId": "a", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "lb"}}}`,
		`{"TotalCount": 1, "VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "lb", "VpcId": "vpc-1", "InstanceId": "lb-1", "Port": 80}]}}`,
		`{"LoadBalancers": {"LoadBalancer": [{"LoadBalancerId": "lb-1", "Address": "10.0.1.9", "AddressType": "intranet"}]}}`,
	)
	p, err := s.Plan([]Move{{Group: "g", To: "gw"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[NoteKind]field.Path{HostBits: "instances[0].connectCidrBlocks[0]", Unverified: "authorizations[0].addr"}
	for _, n := range p.Notes {
		switch {
		case n.Kind == HostBits || strings.Contains(n.What, "load balancer"):
			if n.Path != want[n.Kind] {
				t.Errorf("note %q has Path %q, want %q", n.What, n.Path, want[n.Kind])
			}
			delete(want, n.Kind)
		}
	}
	if len(want) > 0 {
		t.Errorf("notes missing: %v", want)
	}
}

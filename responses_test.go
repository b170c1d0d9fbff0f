package vpcgate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/openapi"
	"github.com/vpcgate/vpcgate/migrate"
)

// verdictOf returns the sorted codes of the report's problems, each once,
// and the unverified warnings' What.
func verdictOf(r vpcgate.Report) (problems, unverified []string) {
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			problems = append(problems, string(f.Code))
		}
		for _, f := range s.Warnings {
			if f.Code == "unverified" {
				unverified = append(unverified, f.What)
			}
		}
	}
	slices.Sort(problems)
	return slices.Compact(problems), unverified
}

const dataWorks = `not checked: whether group "g-shop" serves DataWorks (no response says)`

// TestScenarios pins the verdict of Check on each scenario's plan.
func TestScenarios(t *testing.T) {
	tests := []struct {
		name           string
		wantReadErr    error
		wantProblems   []string
		wantUnverified []string
	}{
		{name: "works", wantUnverified: []string{dataWorks}},
		{name: "paging", wantUnverified: []string{dataWorks}},
		{name: "vpc-mismatch", wantProblems: []string{"vpc-mismatch"}, wantUnverified: []string{dataWorks}},
		{name: "unreachable", wantProblems: []string{"unreachable"}, wantUnverified: []string{dataWorks}},
		{name: "egress-denied", wantProblems: []string{"egress-denied"}, wantUnverified: []string{dataWorks}},
		{name: "backend-ingress-denied", wantProblems: []string{"backend-ingress-denied"}, wantUnverified: []string{dataWorks}},
		{name: "backend-ingress-admitted", wantUnverified: []string{dataWorks}},
		{name: "missing-authorization", wantProblems: []string{"missing-authorization"}, wantUnverified: []string{dataWorks}},
		{name: "region", wantProblems: []string{"region"}, wantUnverified: []string{dataWorks}},
		{name: "incomplete", wantUnverified: []string{
			// Check's own words for what the plan lacks
			`authorization "orders" names "i-bp1orders" and no IP address, so its reachability was not checked: backend address unknown`,
			`authorization "billing" names "i-bp1bill" and no IP address, so its reachability was not checked: backend address unknown`,
			// the reader's notes
			`not checked: DescribeVSwitches for "vsw-bp1j" not given`,
			`not checked: DescribeVSwitches for "vsw-bp1k" not given`,
			`not checked: DescribeVpcAttribute for "vpc-bp1shop" not given`,
			`not checked: DescribeSecurityGroupAttribute for "sg-bp1gw" not given`,
			dataWorks,
			`not checked: DescribeApi for "api-listitems" not given`,
			`not checked: DescribePluginApis for plug-in "plg-routing" not given; DescribePluginGroups for plug-in "plg-routing" not given (nor DescribePluginsByGroup in every stage of each moved group) (whether the moved groups use it)`,
		}},
		{name: "conflict", wantReadErr: openapi.ErrConflict},
		{name: "backend-service", wantProblems: []string{"vpc-mismatch"}, wantUnverified: []string{dataWorks}},
		{name: "direct-backend", wantProblems: []string{"unreachable"}, wantUnverified: []string{
			`backend http://inventory.shop.internal:80 names host "inventory.shop.internal", resolved only when the call is made, so its reachability was not checked: backend address unknown`,
			dataWorks,
		}},
		// The group left out for its missing page is said once, by the
		// note that names the page (it was said twice: also as a group
		// the plan does not describe, at the instance's interface).
		{name: "partial-pages", wantUnverified: []string{
			`not checked: DescribeSecurityGroupAttribute pages of "sg-bp1gw": the page of NextToken "AAAAAdDWBF2w6Olxc+cMPjUtUMpttDGZJ3mIrmSQOmBVgP72" not given (give it in the envelope {"request": {"NextToken": "AAAAAdDWBF2w6Olxc+cMPjUtUMpttDGZJ3mIrmSQOmBVgP72"}, "response": <body>})`,
			dataWorks,
			`not checked: authorization "billing" is on no DescribeVpcAccesses page given (pages: 3 of 4 items given)`,
		}},
	}
	dirs := scenarioDirs(t)
	if len(dirs) != len(tests) {
		t.Errorf("%d scenario directories, %d pinned: pin every scenario", len(dirs), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, moves := loadScenario(t, tt.name)
			s, err := vpcgate.ReadResponses(docs...)
			if tt.wantReadErr != nil {
				if !errors.Is(err, tt.wantReadErr) || !errors.Is(err, vpcgate.ErrInvalidPlan) {
					t.Fatalf("ReadResponses: got %v, want %v and ErrInvalidPlan", err, tt.wantReadErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadResponses: %v", err)
			}
			p, err := s.Plan(moves...)
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			r := vpcgate.Check(p, vpcgate.Options{})
			problems, unverified := verdictOf(r)
			if diff := cmp.Diff(tt.wantProblems, problems, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("problem codes mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantUnverified, unverified, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unverified mismatch (-want +got):\n%s", diff)
			}
			if got, want := r.OK, len(tt.wantProblems) == 0; got != want {
				t.Errorf("OK = %v, want %v", got, want)
			}
			if strict := vpcgate.Check(p, vpcgate.Options{Strict: true}); strict.OK {
				t.Errorf("Strict: OK = true, want false: the reader's notes are unverified")
			}
		})
	}
}

var cmpNet = cmp.Options{
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
}

func TestPlanWorks(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	got := planOf(t, docs, moves...)
	pfx := netip.MustParsePrefix
	ecs := func(name, id string, port uint16, addr string) authz.Authorization {
		return authz.Authorization{Name: name, VPCID: "vpc-bp1shop", InstanceID: id, Port: port, Addr: netip.MustParseAddr(addr), Backend: authz.ECS, SecurityGroupID: "sg-bp1gw"}
	}
	want := vpcgate.Plan{
		Instances: []vpcgate.Instance{{
			ID: "apigw-vpc-prod",
			Spec: instance.Spec{Name: "gw-prod", RegionID: "cn-hangzhou", VPCID: "vpc-bp1shop", CIDR: pfx("192.168.0.0/16"), Zones: []instance.ZonePlacement{
				{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-bp1j", VSwitchCIDR: pfx("10.10.1.0/24"), SecurityGroupID: "sg-bp1gw"},
				{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-bp1k", VSwitchCIDR: pfx("10.10.2.0/24"), SecurityGroupID: "sg-bp1gw"},
			}},
			// The accessible blocks the cloud holds, as it holds them.
			Exists:            true,
			ConnectCidrBlocks: []netip.Prefix{pfx("10.10.1.0/24"), pfx("10.10.2.0/24"), pfx("10.10.8.0/22")},
		}},
		VPCs: []instance.VPC{{ID: "vpc-bp1shop", CIDRs: []netip.Prefix{pfx("10.10.0.0/16")}, ConnectedUnknown: true}},
		Authorizations: []authz.Authorization{
			ecs("orders", "i-bp1orders", 8080, "10.10.1.20"),
			ecs("inventory", "i-bp1inv", 80, "10.10.8.5"),
			ecs("billing", "i-bp1bill", 443, "10.10.9.5"),
		},
		SecurityGroups: []authz.SecurityGroup{{
			ID: "sg-bp1gw", Type: authz.GroupNormal, InnerAccessPolicy: authz.PolicyAccept, IntraGroup: true,
			Rules: []authz.Rule{
				{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: pfx("10.10.0.0/16")},
				{Policy: authz.PolicyDrop, Priority: 100, Protocol: authz.ProtocolAll, Ports: authz.PortRange{From: 0, To: 65535}, DestCIDR: pfx("0.0.0.0/0")},
			},
			// The call was for every direction: its inbound rule too.
			Inbound: &authz.Inbound{Rules: []authz.IngressRule{
				{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, SourceCIDR: pfx("0.0.0.0/0")},
			}},
		}},
		Groups: []vpcgate.Group{{
			ID: "g-shop", Name: "shop", RegionID: "cn-hangzhou", To: "apigw-vpc-prod",
			Instance: instance.Instance{ID: "apigateway-cn-hangzhou-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou", Egress: []netip.Prefix{pfx("100.104.254.0/26")}},
			APIs: []migrate.API{
				{ID: "api-getorder", Name: "GetOrder", VPCAccess: "orders"},
				{ID: "api-health", Name: "Health"},
				{ID: "api-invoice", Name: "Invoice", VPCAccess: "billing"},
				{ID: "api-listitems", Name: "ListItems", VPCAccess: "inventory"},
			},
			Plugins: []migrate.Plugin{{ID: "plg-routing", Name: "backend-routing", Type: "routing", VPCAccess: []string{"orders", "inventory"}}},
		}},
		Notes: []vpcgate.Note{{Code: "unverified", Where: "DescribeApiGroup[4].dataWorks", Path: "groups[0].dataWorks", What: dataWorks}},
	}
	if diff := cmp.Diff(want, got, cmpNet, cmpopts.IgnoreFields(vpcgate.Plan{}, "Source")); diff != "" {
		t.Errorf("Plan mismatch (-want +got):\n%s", diff)
	}
	sources := map[field.Path]string{
		"instances[0]":                          "DescribeInstances[6].Instances.InstanceAttribute[0]",
		"instances[0].vpcId":                    "DescribeInstances[6].Instances.InstanceAttribute[0].ConnectVpcId",
		"instances[0].zones[1].vSwitchCidr":     "DescribeInstances[6].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[1].CidrBlock",
		"instances[0].zones[0].vSwitchId":       "DescribeInstances[6].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[0].VswitchId",
		"instances[0].connectCidrBlocks[2]":     "DescribeInstances[6].Instances.InstanceAttribute[0].ConnectCidrBlocks[2]",
		"groups[0].dataWorks":                   "DescribeApiGroup[4].dataWorks",
		"vpcs[0].cidrs[0]":                      "DescribeVpcAttribute[15].CidrBlock",
		"authorizations[1].instanceId":          "DescribeVpcAccesses[9].VpcAccessAttributes.VpcAccessAttribute[1].InstanceId",
		"authorizations[1].addr":                "ecs.DescribeInstances[10].Instances.Instance[1].NetworkInterfaces.NetworkInterface[0].PrimaryIpAddress",
		"authorizations[0].addr":                "ecs.DescribeInstances[10].Instances.Instance[0].VpcAttributes.PrivateIpAddress.IpAddress[0]",
		"authorizations[0].securityGroupId":     "ecs.DescribeInstances[10].Instances.Instance[0].SecurityGroupIds.SecurityGroupId[0]",
		"securityGroups[0].type":                "DescribeSecurityGroups[12].SecurityGroups.SecurityGroup[0].SecurityGroupType",
		"securityGroups[0].rules[1]":            "DescribeSecurityGroupAttribute[11].Permissions.Permission[2]",
		"groups[0]":                             "DescribeApiGroup[4]",
		"groups[0].apis[2].vpcAccess":           "DescribeApi[2].ServiceConfig.VpcConfig.Name",
		"groups[0].plugins[0].vpcAccess[1]":     "DescribePlugins[8].Plugins.PluginAttribute[0].PluginData.routes[2].backend.vpcAccessName",
		"groups[0].instance.kind":               "DescribeApiGroup[4].InstanceType",
		"groups[0].instance.egress[0]":          "DescribeInstances[6].Instances.InstanceAttribute[1].VpcEgressAddress",
		"instances[0].zones[1].securityGroupId": "DescribeInstances[6].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[1].SecurityGroupId",
	}
	for p, want := range sources {
		if got := got.Source[p]; got != want {
			t.Errorf("Source[%q] = %q, want %q", p, got, want)
		}
	}
}

func TestPlanMoveErrors(t *testing.T) {
	docs, _ := loadScenario(t, "works")
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		moves     []vpcgate.Move
		wantPaths []field.Path
		wantMsg   string
	}{
		{"unknown group", []vpcgate.Move{{Group: "g-nope", To: "apigw-vpc-prod"}}, []field.Path{"moves[0].group"}, `group "g-nope"`},
		{"unknown instance", []vpcgate.Move{{Group: "g-shop", To: "apigw-nope"}}, []field.Path{"moves[0].to"}, `instance "apigw-nope"`},
		{"not vpc_connect", []vpcgate.Move{{Group: "g-shop", To: "apigateway-cn-hangzhou-shared"}}, []field.Path{"moves[0].to"}, "not a VPC integration instance"},
		{"empty", []vpcgate.Move{{}}, []field.Path{"moves[0].group", "moves[0].to"}, "no group given"},
		{"twice", []vpcgate.Move{{Group: "g-shop", To: "apigw-vpc-prod"}, {Group: "g-shop", To: "apigw-vpc-prod"}}, []field.Path{"moves[1].group"}, "moved twice"},
		{"case differs", []vpcgate.Move{{Group: "G-SHOP", To: "apigw-vpc-prod"}}, []field.Path{"moves[0].group"}, `"G-SHOP"`},
		{"space", []vpcgate.Move{{Group: "g-shop", To: " apigw-vpc-prod"}}, []field.Path{"moves[0].to"}, `" apigw-vpc-prod"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Plan(tt.moves...)
			if !errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Fatalf("got %v, want ErrInvalidPlan", err)
			}
			if got := errors.Is(err, vpcgate.ErrUnknownInstance); got != (tt.name == "unknown instance" || tt.name == "space") {
				t.Errorf("errors.Is(err, ErrUnknownInstance) = %v", got)
			}
			var paths []field.Path
			for _, e := range field.Split(err) {
				fp, _ := field.PathOf(e)
				paths = append(paths, fp)
			}
			if diff := cmp.Diff(tt.wantPaths, paths); diff != "" {
				t.Errorf("paths mismatch (-want +got):\n%s", diff)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tt.wantMsg)
			}
			if p.Groups != nil || p.Source != nil {
				t.Errorf("a failed Plan returned content: %+v", p)
			}
		})
	}
	if _, err := s.Plan(); !errors.Is(err, vpcgate.ErrInvalidPlan) {
		t.Errorf("Plan(): got %v, want ErrInvalidPlan", err)
	}
	if _, err := (vpcgate.Snapshot{}).Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"}); !errors.Is(err, vpcgate.ErrInvalidPlan) {
		t.Errorf("zero Snapshot: got %v, want ErrInvalidPlan", err)
	}
	if got := (vpcgate.Snapshot{}).String(); got != "0 responses" {
		t.Errorf("zero Snapshot String() = %q", got)
	}
}

func TestPlanKindsAndConflicts(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	// Replace the group's response: its instance is a conventional
	// dedicated one, known only from the group's DedicatedInstanceType.
	withGroup := func(group string, extra ...string) [][]byte { return withGroupDoc(docs, group, extra...) }
	tests := []struct {
		name     string
		docs     [][]byte
		wantKind instance.Kind
		wantNote string
		wantErr  error
	}{
		{"dedicated", withGroup(`{"GroupId": "g-shop", "InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "normal", "RegionId": "cn-hangzhou"}`), instance.Dedicated, "", nil},
		{"dedicated, kind from the instance", withGroup(`{"ApiGroupAttributes": {"ApiGroupAttribute": [{"GroupId": "g-shop", "InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "RegionId": "cn-hangzhou"}]}}`,
			`{"Instances": {"InstanceAttribute": [{"InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "vpc_connect", "RegionId": "cn-hangzhou"}]}}`), instance.VPCIntegration, "", nil},
		{"dedicated, kind unknown", withGroup(`{"ApiGroupAttributes": {"ApiGroupAttribute": [{"GroupId": "g-shop", "InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "RegionId": "cn-hangzhou"}]}}`), 0,
			`not checked: the kind of instance "apigw-old" (DescribeInstances for "apigw-old" not given)`, nil},
		{"classic", withGroup(`{"GroupId": "g-shop", "InstanceId": "api-shared-classic", "InstanceType": "CLASSIC_SHARED", "RegionId": "cn-hangzhou"}`), 0,
			`not checked: the kind of instance "api-shared-classic" (CLASSIC_SHARED, a classic network shared instance, is no kind vpcgate knows)`, nil},
		{"group and instance disagree", withGroup(`{"GroupId": "g-shop", "InstanceId": "apigateway-cn-hangzhou-shared", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "normal", "RegionId": "cn-hangzhou"}`), 0, "", openapi.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := vpcgate.ReadResponses(tt.docs...)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Plan(moves...)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Groups[0].Instance.Kind; got != tt.wantKind {
				t.Errorf("kind = %v, want %v", got, tt.wantKind)
			}
			found := tt.wantNote == ""
			for _, n := range p.Notes {
				found = found || n.What == tt.wantNote
			}
			if !found {
				t.Errorf("no note %q in %v", tt.wantNote, p.Notes)
			}
		})
	}

	// A vSwitch that DescribeVSwitches places elsewhere than the instance says.
	bad := slices.Clone(docs)
	bad[14] = bytes.Replace(bad[14], []byte(`"10.10.2.0/24"`), []byte(`"10.10.3.0/24"`), 1)
	s, err := vpcgate.ReadResponses(bad...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Plan(moves...)
	if !errors.Is(err, openapi.ErrConflict) || !strings.Contains(err.Error(), "DescribeVSwitches[14].VSwitches.VSwitch[1].CidrBlock") {
		t.Errorf("got %v, want a conflict naming DescribeVSwitches[14]", err)
	}
}

// TestNoAliasing checks that ReadResponses keeps no reference to its input
// and that each Plan is a fresh value.
func TestNoAliasing(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Plan(moves...)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		for i := range d {
			d[i] = ' '
		}
	}
	first.Instances[0].Zones[0].VSwitchID = "changed"
	first.Instances[0].ConnectCidrBlocks[0] = netip.Prefix{}
	first.Groups[0].Plugins[0].VPCAccess[0] = "changed"
	first.SecurityGroups[0].Rules[0].Priority = 99
	first.VPCs[0].CIDRs[0] = netip.Prefix{}
	first.Source["groups[0]"] = "changed"
	second, err := s.Plan(moves...)
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := loadScenario(t, "works")
	want := planOf(t, fresh, moves...)
	if diff := cmp.Diff(want, second, cmpNet); diff != "" {
		t.Errorf("second Plan changed by the caller (-want +got):\n%s", diff)
	}
}

func TestPlanConcurrent(t *testing.T) {
	docs, moves := loadScenario(t, "paging")
	want := planOf(t, docs, moves...)
	s, _ := vpcgate.ReadResponses(docs...)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := s.Plan(moves...)
			if err != nil {
				t.Error(err)
				return
			}
			if diff := cmp.Diff(want, got, cmpNet); diff != "" {
				t.Errorf("concurrent Plan mismatch (-want +got):\n%s", diff)
			}
		}()
	}
	wg.Wait()
}

func TestSnapshotString(t *testing.T) {
	docs, _ := loadScenario(t, "paging")
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	const want = "21 responses: DescribeApi×4, DescribeApiGroups×2, DescribeApis×2, DescribeInstances×2, DescribePluginApis×1, DescribePlugins×1, DescribeVpcAccesses×2, ecs.DescribeInstances×1, DescribeSecurityGroupAttribute×2, DescribeSecurityGroups×1, DescribeLoadBalancers×1, DescribeVSwitches×1, DescribeVpcAttribute×1"
	if got := s.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// FuzzReadResponses reads documents (the input split at NUL bytes): it
// never panics, and what it accepts once it accepts again with the same
// plan.
func FuzzReadResponses(f *testing.F) {
	docs, _ := loadScenario(f, "works")
	for _, d := range docs {
		f.Add(d)
	}
	// The example's small documents, whole: a move that plans.
	var small [][]byte
	for _, d := range savedResponses {
		small = append(small, []byte(d))
	}
	f.Add(bytes.Join(small, []byte{0}))
	f.Add([]byte(`{"request": {"PluginId": "p"}, "response": {"ApiSummarys": null}}`))
	f.Add([]byte(`{"ApiSummarys":{"ApiPluginSummary":[{"ApiId":"a","GroupId":"g"}]}}`))
	f.Add([]byte(`{"request": {"PluginId": "p"}, "response": {"GroupSummarys": {"GroupPluginSummary": [{"GroupId": "g-shop", "StageName": "RELEASE"}]}}}`))
	f.Add([]byte(`{"request": {"GroupId": "g-shop", "StageName": "TEST"}, "response": {"TotalCount": 1, "Plugins": {"PluginAttribute": [{"PluginId": "q", "PluginType": "routing", "PluginData": "\ufeffroutes: []"}]}}}`))
	f.Add([]byte(`{"SecurityGroupId":"sg-bp1gw","InnerAccessPolicy":"Accept","NextToken":"t","Permissions":{"Permission":[]}}` + "\x00" + `{"request":{"NextToken":"t","Direction":"ingress"},"response":{"SecurityGroupId":"sg-bp1gw","Permissions":null}}`))
	f.Add([]byte(`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "orders", "VpcId": "vpc-bp1shop", "InstanceId": "10.10.1.20", "Port": 8080}]}}`))
	f.Add([]byte("{\"Plugins\": {\"PluginAttribute\": [{\"PluginId\": \"p\", \"PluginType\": \"routing\", \"PluginData\": \"routes:\\n- backend:\\n    type: HTTP-VPC\\n    vpcAccessName: a\\n\"}]}}"))
	f.Add([]byte(aclDoc))
	f.Add([]byte(`{"TotalCount": "1", "PageNumber": "1", "PageSize": "10", "NetworkAcls": {"NetworkAcl": [{"NetworkAclId": "nacl-1", "EgressAclEntries": {"EgressAclEntry": [{"Policy": "Drop", "Protocol": "TCP", "DestinationCidrIp": "::ffff:10.0.0.0/104", "Port": "1/200", "IpVersion": "ipv6"}, {"Policy": "accept", "Protocol": "icmpv6", "DestinationCidrIp": "2408:4004:cc:400::/56", "Port": "-1/-1", "IpVersion": "IPV6"}]}, "Resources": {"Resource": [{"ResourceId": "vsw-bp1j", "ResourceType": "VSwitch", "Status": "UNBINDING"}]}}]}}`))
	move := vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs := bytes.Split(data, []byte{0})
		s1, err1 := vpcgate.ReadResponses(docs...)
		s2, err2 := vpcgate.ReadResponses(docs...)
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
			t.Fatalf("two reads disagree: %v / %v", err1, err2)
		}
		if err1 != nil {
			for _, e := range field.Split(err1) {
				if _, ok := field.PathOf(e); !ok || !errors.Is(e, vpcgate.ErrInvalidPlan) || !errors.Is(e, openapi.ErrInvalid) && !errors.Is(e, openapi.ErrConflict) {
					t.Fatalf("problem without a path or sentinel: %v", e)
				}
			}
			return
		}
		if s1.String() != s2.String() {
			t.Fatalf("String() differs: %q / %q", s1, s2)
		}
		p1, err1 := s1.Plan(move)
		p2, err2 := s2.Plan(move)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("two plans disagree: %v / %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if diff := cmp.Diff(p1, p2, cmpNet); diff != "" {
			t.Fatalf("two plans differ (-first +second):\n%s", diff)
		}
		_ = vpcgate.Check(p1, vpcgate.Options{})
	})
}

func BenchmarkSnapshotPlan(b *testing.B) {
	docs, moves := loadScenario(b, "works")
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Plan(moves...); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPlanNotes drops responses from the working scenario and checks the
// reader's notes: each missing response is named, once.
func TestPlanNotes(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(scenarios, "works", "*.json"))
	slices.Sort(files)
	tests := []struct {
		name string
		drop []string // file names left out
		add  []string // documents added
		want []string // the notes beyond the DataWorks one
	}{
		{name: "all given"},
		{name: "no DescribePlugins", drop: []string{"apigateway-DescribePlugins.json"},
			want: []string{"not checked: DescribePlugins not given (the plug-ins of the moved groups)"}},
		{name: "attachments of an unknown plug-in", drop: []string{"apigateway-DescribePlugins.json"}, add: []string{`{"TotalCount": 0, "Plugins": {"PluginAttribute": []}}`},
			want: []string{`not checked: DescribePlugins for plug-in "plg-routing" not given`}},
		{name: "no DescribeApis", drop: []string{"apigateway-DescribeApis.json"},
			want: []string{`not checked: DescribeApis for group "g-shop" not given (only the APIs given by DescribeApi are checked)`}},
		{name: "no DescribeVpcAccesses", drop: []string{"apigateway-DescribeVpcAccesses.json"},
			want: []string{"not checked: DescribeVpcAccesses not given"}},
		{name: "no group type", drop: []string{"ecs-DescribeSecurityGroups.json"},
			want: []string{`not checked: DescribeSecurityGroups for "sg-bp1gw" not given (its type decides what no rule matches; read as denied)`}},
		{name: "no source instance", drop: []string{"apigateway-DescribeInstances.json"},
			add:  []string{`{"Instances": {"InstanceAttribute": [` + targetOnly(t, files) + `]}}`},
			want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs [][]byte
			for _, f := range files {
				if !slices.Contains(tt.drop, filepath.Base(f)) {
					b, _ := os.ReadFile(f)
					docs = append(docs, b)
				}
			}
			for _, a := range tt.add {
				docs = append(docs, []byte(a))
			}
			p := planOf(t, docs, vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"})
			var got []string
			for _, n := range p.Notes {
				if n.Code != "unverified" || !strings.HasPrefix(n.What, "not checked: ") {
					t.Errorf("note %+v: want code unverified and What \"not checked: ...\"", n)
				}
				if n.What != dataWorks {
					got = append(got, n.What)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// targetOnly returns the target instance's item of the working scenario's
// DescribeInstances, as JSON.
func targetOnly(t *testing.T, files []string) string {
	t.Helper()
	for _, f := range files {
		if filepath.Base(f) == "apigateway-DescribeInstances.json" {
			b, _ := os.ReadFile(f)
			var doc struct {
				Instances struct{ InstanceAttribute []json.RawMessage }
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			return string(doc.Instances.InstanceAttribute[0])
		}
	}
	t.Fatal("no DescribeInstances")
	return ""
}

func TestPlanTwoMoves(t *testing.T) {
	docs, _ := loadScenario(t, "paging")
	p := planOf(t, docs, vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"}, vpcgate.Move{Group: "g-other", To: "apigw-vpc-prod"})
	if len(p.Instances) != 1 || len(p.VPCs) != 1 || len(p.SecurityGroups) != 1 {
		t.Errorf("got %d instances, %d VPCs, %d security groups; want each once", len(p.Instances), len(p.VPCs), len(p.SecurityGroups))
	}
	var groups []string
	for _, g := range p.Groups {
		groups = append(groups, g.ID+"→"+g.To)
	}
	if diff := cmp.Diff([]string{"g-shop→apigw-vpc-prod", "g-other→apigw-vpc-prod"}, groups); diff != "" {
		t.Errorf("groups mismatch (-want +got):\n%s", diff)
	}
	// g-other has no API given, and a routing plug-in attached to one of
	// its APIs: that API's DescribeApi is missing.
	want := `not checked: DescribeApi for "api-other" not given`
	if !slices.ContainsFunc(p.Notes, func(n vpcgate.Note) bool { return n.What == want }) {
		t.Errorf("no note %q in %v", want, p.Notes)
	}
	if got := p.Source["groups[1].plugins[0]"]; got != "DescribePlugins[11].Plugins.PluginAttribute[0]" {
		t.Errorf("Source[groups[1].plugins[0]] = %q", got)
	}
	if r := vpcgate.Check(p, vpcgate.Options{}); !r.OK {
		t.Errorf("Check: %v", r.Err())
	}
}

func TestPlanBackends(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	docs = slices.Clone(docs)
	docs[9] = []byte(`{"TotalCount": 3, "VpcAccessAttributes": {"VpcAccessAttribute": [
		{"Name": "orders", "VpcId": "vpc-bp1shop", "InstanceId": "i-bp1orders", "Port": 8080},
		{"Name": "inventory", "VpcId": "vpc-bp1shop", "InstanceId": "lb-odd", "Port": 80},
		{"Name": "billing", "VpcId": "vpc-bp1shop", "InstanceId": "lb-bp1inv", "Port": 443}]}}`)
	docs[10] = []byte(`{"Instances": {"Instance": [{"InstanceId": "i-bp1orders",
		"VpcAttributes": {"PrivateIpAddress": {"IpAddress": ["10.10.1.20", "10.10.1.21"]}},
		"SecurityGroupIds": {"SecurityGroupId": ["sg-other", "sg-bp1gw"]}}]}}`)
	docs[13] = []byte(`{"LoadBalancers": {"LoadBalancer": [
		{"LoadBalancerId": "lb-bp1inv", "Address": "10.10.8.5", "AddressType": "intranet", "VpcId": "vpc-bp1shop", "NetworkType": "vpc"},
		{"LoadBalancerId": "lb-odd", "Address": "10.10.8.6", "AddressType": ""}]}}`)
	p := planOf(t, docs, moves...)
	addr := netip.MustParseAddr
	want := []authz.Authorization{
		{Name: "orders", VPCID: "vpc-bp1shop", InstanceID: "i-bp1orders", Port: 8080, Addr: addr("10.10.1.20"), Backend: authz.ECS, SecurityGroupID: "sg-bp1gw"},
		{Name: "inventory", VPCID: "vpc-bp1shop", InstanceID: "lb-odd", Port: 80},
		{Name: "billing", VPCID: "vpc-bp1shop", InstanceID: "lb-bp1inv", Port: 443, Addr: addr("10.10.8.5"), Backend: authz.CLB},
	}
	if diff := cmp.Diff(want, p.Authorizations, cmpNet); diff != "" {
		t.Errorf("authorizations mismatch (-want +got):\n%s", diff)
	}
	if got, want := p.Source["authorizations[0].securityGroupId"], "ecs.DescribeInstances[10].Instances.Instance[0].SecurityGroupIds.SecurityGroupId[1]"; got != want {
		t.Errorf("Source[authorizations[0].securityGroupId] = %q, want %q", got, want)
	}
	// A load balancer of no known AddressType: its address is not used,
	// and the verdict is unverified, never a pass.
	r := vpcgate.Check(p, vpcgate.Options{})
	_, unverified := verdictOf(r)
	const odd = `not checked: load balancer "lb-odd" has AddressType "", neither "intranet" nor "internet" (its address is not used)`
	if !slices.Contains(unverified, odd) {
		t.Errorf("no note %q in %q", odd, unverified)
	}
}

// TestPlanInternetLoadBalancer checks that an authorization whose backend
// is an internet-facing load balancer is refused, even when its address
// lies in the instance's accessible blocks: it is no backend in a VPC.
func TestPlanInternetLoadBalancer(t *testing.T) {
	for _, address := range []string{"47.100.1.2", "10.10.8.5"} {
		t.Run(address, func(t *testing.T) {
			docs, moves := loadScenario(t, "works")
			docs = slices.Clone(docs)
			docs[9] = bytes.Replace(docs[9], []byte(`"i-bp1inv"`), []byte(`"lb-bp1inv"`), 1)
			docs[13] = bytes.Replace(docs[13], []byte(`"intranet"`), []byte(`"internet"`), 1)
			docs[13] = bytes.Replace(docs[13], []byte(`"10.10.8.5"`), []byte(`"`+address+`"`), 1)
			s, err := vpcgate.ReadResponses(docs...)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Plan(moves...)
			if !errors.Is(err, openapi.ErrConflict) || !errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Fatalf("got %v (OK %v), want a conflict: an internet-facing load balancer is no VPC backend", err, vpcgate.Check(p, vpcgate.Options{}).OK)
			}
			if path, _ := field.PathOf(err); path != "DescribeVpcAccesses[9].VpcAccessAttributes.VpcAccessAttribute[1].InstanceId" {
				t.Errorf("path %q", path)
			}
			if !strings.Contains(err.Error(), "DescribeLoadBalancers[13].LoadBalancers.LoadBalancer[0].AddressType") {
				t.Errorf("the error does not name the SLB response: %v", err)
			}
		})
	}
}

func TestParseMove(t *testing.T) {
	tests := []struct {
		in      string
		want    vpcgate.Move
		wantErr string
	}{
		{in: "g-shop=apigw-vpc-prod", want: vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"}},
		{in: "g=é", want: vpcgate.Move{Group: "g", To: "é"}},
		{in: "g-shop", wantErr: "want GROUP=INSTANCE"},
		{in: "a=b=c", wantErr: "want GROUP=INSTANCE"},
		{in: "=b", wantErr: "want a group ID"},
		{in: "a=", wantErr: "want a group ID"},
		{in: "", wantErr: "want GROUP=INSTANCE"},
		{in: "a = b", wantErr: "space around an ID"},
		{in: "a=b\n", wantErr: "space around an ID"},
		{in: "a=\u00a0b", wantErr: "space around an ID"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := vpcgate.ParseMove(tt.in)
			if tt.wantErr != "" {
				if err == nil || !errors.Is(err, vpcgate.ErrInvalidPlan) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseMove(%q) = %v, %v; want an error with %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseMove(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if back, _ := vpcgate.ParseMove(got.String()); back != got {
				t.Errorf("ParseMove(%q.String()) = %v", got, back)
			}
		})
	}
}

// TestPlanLinear moves n groups, each with an API, with m routing plug-ins
// whose attachments are not given: the notes and the work grow linearly.
func TestPlanLinear(t *testing.T) {
	build := func(n int) ([][]byte, []vpcgate.Move) {
		docs := [][]byte{[]byte(`{"Instances": {"InstanceAttribute": [{"InstanceId": "gw", "DedicatedInstanceType": "vpc_connect", "InstanceType": "VPC_DEDICATED", "RegionId": "cn-hangzhou", "ConnectCidrBlocks": "[\"10.0.0.0/24\"]"}]}}`)}
		var groups, apis, plugins []string
		var moves []vpcgate.Move
		for i := range n {
			id := "g" + strconv.Itoa(i)
			groups = append(groups, `{"GroupId": "`+id+`", "InstanceId": "shared", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou"}`)
			apis = append(apis, `{"ApiId": "a`+strconv.Itoa(i)+`", "GroupId": "`+id+`"}`)
			plugins = append(plugins, `{"PluginId": "p`+strconv.Itoa(i)+`", "PluginType": "routing", "PluginData": "{\"routes\": [{\"backend\": {\"type\": \"HTTP-VPC\", \"vpcAccessName\": \"x\"}}]}"}`)
			moves = append(moves, vpcgate.Move{Group: id, To: "gw"})
		}
		docs = append(docs,
			[]byte(`{"ApiGroupAttributes": {"ApiGroupAttribute": [`+strings.Join(groups, ",")+`]}}`),
			[]byte(`{"TotalCount": `+strconv.Itoa(n)+`, "ApiSummarys": {"ApiSummary": [`+strings.Join(apis, ",")+`]}}`),
			[]byte(`{"TotalCount": `+strconv.Itoa(n)+`, "Plugins": {"PluginAttribute": [`+strings.Join(plugins, ",")+`]}}`))
		return docs, moves
	}
	run := func(n int) (int, float64) {
		docs, moves := build(n)
		p := planOf(t, docs, moves...)
		s, _ := vpcgate.ReadResponses(docs...)
		return len(p.Notes), testing.AllocsPerRun(2, func() { _, _ = s.Plan(moves...) })
	}
	notes, small := run(40)
	// per group: DataWorks, the API without DescribeApi; per plug-in: its
	// attachments
	if notes != 3*40 {
		t.Errorf("got %d notes for 40 groups, want %d", notes, 3*40)
	}
	_, big := run(400)
	if big > 12*small {
		t.Errorf("allocations grow faster than the moves: %.0f for 40, %.0f for 400", small, big)
	}
}

// planOf reads docs and plans moves, failing the test on any error.
func planOf(t testing.TB, docs [][]byte, moves ...vpcgate.Move) vpcgate.Plan {
	t.Helper()
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Plan(moves...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanBackendInAnotherVPC(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	docs = slices.Clone(docs)
	docs[10] = bytes.Replace(docs[10], []byte(`"VpcId": "vpc-bp1shop"`), []byte(`"VpcId": "vpc-bp1elsewhere"`), 1)
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Plan(moves...)
	if !errors.Is(err, openapi.ErrConflict) || !errors.Is(err, vpcgate.ErrInvalidPlan) {
		t.Fatalf("got %v, want a conflict", err)
	}
	if p, _ := field.PathOf(err); p != "DescribeVpcAccesses[9].VpcAccessAttributes.VpcAccessAttribute[0].VpcId" {
		t.Errorf("path %q", p)
	}
	if !strings.Contains(err.Error(), "ecs.DescribeInstances[10].Instances.Instance[0].VpcAttributes.VpcId") {
		t.Errorf("the conflict does not name the ECS response: %v", err)
	}
}

// TestIncompleteAndContradictingResponses changes one document of the
// working scenario at a time and checks the verdict from the outside
// (ReadResponses, Plan, Check): responses that contradict each other are
// an error naming both, and what may be on a page not given is
// unverified, never a pass and never a definite failure.
func TestIncompleteAndContradictingResponses(t *testing.T) {
	sgPage2 := `{"request": {"SecurityGroupId": "sg-bp1gw", "NextToken": "tok-2"}, "response": {"SecurityGroupId": "sg-bp1gw", "VpcId": "vpc-bp1shop", "InnerAccessPolicy": "Accept", "NextToken": "", "Permissions": {"Permission": []}}}`
	tests := []struct {
		name           string
		edits          []edit
		add            []string
		wantReadErr    []string // the places the read error names
		wantProblems   []string
		wantUnverified []string // beyond the DataWorks note
	}{
		{name: "DescribeApi's group contradicts DescribeApis",
			edits:       []edit{{0, `"GroupId": "g-shop"`, `"GroupId": "g-other"`}},
			wantReadErr: []string{"DescribeApi[0].GroupId", "DescribeApis[5].ApiSummarys.ApiSummary[0].GroupId"}},
		{name: "DescribePluginApis' group contradicts the API's",
			edits:       []edit{{7, `"GroupId": "g-shop"`, `"GroupId": "g-other"`}},
			wantReadErr: []string{"DescribePluginApis[7].response.ApiSummarys.ApiPluginSummary[0].GroupId", "DescribeApi[0].GroupId"}},
		{name: "DescribeApis: a page not given",
			edits:          []edit{{5, `"TotalCount": 4`, `"TotalCount": 5`}},
			wantUnverified: []string{`not checked: DescribeApis pages of group "g-shop": 4 of 5 items given`}},
		{name: "DescribeApis without TotalCount",
			edits:          []edit{{5, `"TotalCount": 4,`, ``}},
			wantUnverified: []string{`not checked: DescribeApis pages of group "g-shop": TotalCount not given`}},
		{name: "DescribeVpcAccesses: the used authorization on a page not given",
			edits: []edit{{9, `"Name": "billing"`, `"Name": "billing-old"`}, {9, `"TotalCount": 4`, `"TotalCount": 5`}},
			wantUnverified: []string{
				`not checked: authorization "billing" is on no DescribeVpcAccesses page given (pages: 4 of 5 items given)`}},
		{name: "DescribeVpcAccesses complete: the authorization is missing",
			edits:        []edit{{9, `"Name": "billing"`, `"Name": "billing-old"`}},
			wantProblems: []string{"missing-authorization"}},
		{name: "DescribePluginApis: a page not given",
			edits:          []edit{{7, `"TotalCount": 2`, `"TotalCount": 3`}},
			wantUnverified: []string{`not checked: DescribePluginApis pages of plug-in "plg-routing": 2 of 3 items given (whether the moved groups use it)`}},
		{name: "DescribePlugins: a page not given",
			edits:          []edit{{8, `"TotalCount": 2`, `"TotalCount": 3`}},
			wantUnverified: []string{"not checked: DescribePlugins pages: 2 of 3 items given (a routing plug-in on a page not given may serve the moved groups)"}},
		{name: "DescribeSecurityGroupAttribute: the page of NextToken not given",
			edits: []edit{{11, `"NextToken": ""`, `"NextToken": "tok-2"`}},
			wantUnverified: []string{
				`not checked: DescribeSecurityGroupAttribute pages of "sg-bp1gw": the page of NextToken "tok-2" not given (give it in the envelope {"request": {"NextToken": "tok-2"}, "response": <body>})`}},
		{name: "DescribeSecurityGroupAttribute: the page of NextToken given",
			edits: []edit{{11, `"NextToken": ""`, `"NextToken": "tok-2"`}},
			add:   []string{sgPage2}},
		{name: "DescribeVSwitchAttributes is no DescribeVpcAttribute",
			edits:       []edit{{15, `"VpcId": "vpc-bp1shop",`, `"VpcId": "vpc-bp1shop", "VSwitchId": "vsw-bp1j",`}},
			wantReadErr: []string{"responses[15]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, moves := loadScenario(t, "works")
			docs = edited(t, docs, tt.edits)
			for _, a := range tt.add {
				docs = append(docs, []byte(a))
			}
			s, err := vpcgate.ReadResponses(docs...)
			if len(tt.wantReadErr) > 0 {
				if err == nil || !errors.Is(err, vpcgate.ErrInvalidPlan) {
					t.Fatalf("ReadResponses: got %v, want an error naming %v", err, tt.wantReadErr)
				}
				if p, _ := field.PathOf(err); p != field.Path(tt.wantReadErr[0]) {
					t.Errorf("path %q, want %q", p, tt.wantReadErr[0])
				}
				for _, w := range tt.wantReadErr[1:] {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %s", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadResponses: %v", err)
			}
			p, err := s.Plan(moves...)
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			r := vpcgate.Check(p, vpcgate.Options{})
			wantVerdict(t, r, tt.wantProblems, append([]string{dataWorks}, tt.wantUnverified...))
			if got, want := r.OK, len(tt.wantProblems) == 0; got != want {
				t.Errorf("OK = %v, want %v", got, want)
			}
		})
	}
}

// TestPluginApisWithoutEnvelope checks that DescribePluginApis, which does
// not name its plug-in, is refused without its envelope.
func TestPluginApisWithoutEnvelope(t *testing.T) {
	tests := []struct{ name, doc, wantPath, wantMsg string }{
		{"no envelope", `{"ApiSummarys":{"ApiPluginSummary":[{"ApiId":"a","GroupId":"g"}]}}`, "DescribePluginApis[0]", `needs the envelope`},
		{"empty list, no envelope", `{"ApiSummarys":{"ApiPluginSummary":[]}}`, "DescribePluginApis[0]", `needs the envelope`},
		{"envelope without PluginId", `{"request":{},"response":{"ApiSummarys":{"ApiPluginSummary":[]}}}`, "DescribePluginApis[0].request.PluginId", "missing PluginId"},
		{"null request", `{"request":null,"response":{"ApiSummarys":{"ApiPluginSummary":[]}}}`, "responses[0]", "must be objects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vpcgate.ReadResponses([]byte(tt.doc))
			if !errors.Is(err, vpcgate.ErrInvalidPlan) || !errors.Is(err, openapi.ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalidPlan and openapi.ErrInvalid", err)
			}
			if p, _ := field.PathOf(err); string(p) != tt.wantPath || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("got %q at %q, want %q at %q", err, p, tt.wantMsg, tt.wantPath)
			}
		})
	}
}

// edit replaces old with new in document doc of a scenario.
type edit struct {
	doc      int
	old, new string
}

// edited returns a copy of docs with the edits made; an edit whose old
// text is not there fails the test.
func edited(t *testing.T, docs [][]byte, edits []edit) [][]byte {
	t.Helper()
	docs = slices.Clone(docs)
	for _, e := range edits {
		if !bytes.Contains(docs[e.doc], []byte(e.old)) {
			t.Fatalf("document %d has no %s", e.doc, e.old)
		}
		docs[e.doc] = bytes.Replace(docs[e.doc], []byte(e.old), []byte(e.new), 1)
	}
	return docs
}

// wantVerdict checks the problem codes of r and its unverified findings,
// in any order.
func wantVerdict(t *testing.T, r vpcgate.Report, wantProblems, wantUnverified []string) {
	t.Helper()
	problems, unverified := verdictOf(r)
	if diff := cmp.Diff(wantProblems, problems, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("problem codes mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantUnverified, unverified, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("unverified mismatch (-want +got):\n%s", diff)
	}
}

// TestBackendServices: an API that calls a backend service (BackendEnable)
// is checked against every authorization the service's VPC environments
// name, and what the responses do not say of it is unverified, never a pass.
func TestBackendServices(t *testing.T) {
	const api, info = 1, 6 // the scenario's DescribeApi of api-health and its DescribeBackendInfo
	model := `"VpcAccessId": "va-legacy",
            "Name": ""`
	tests := []struct {
		name           string
		edits          []edit
		drop           bool // DescribeBackendInfo not given
		wantReadErr    string
		wantPlanErr    string
		wantProblems   []string
		wantUnverified []string // beyond the DataWorks note
		wantSource     string   // of the backend's reference, when there is one
	}{
		{name: "the VPC environment's authorization, by VpcAccessId",
			wantProblems: []string{"vpc-mismatch"},
			wantSource:   "DescribeBackendInfo[6].BackendInfo.BackendModels[0].BackendConfig.VpcConfig.VpcAccessId"},
		{name: "by Name",
			edits:        []edit{{info, model, `"VpcAccessId": "", "Name": "legacy"`}},
			wantProblems: []string{"vpc-mismatch"},
			wantSource:   "DescribeBackendInfo[6].BackendInfo.BackendModels[0].BackendConfig.VpcConfig.Name"},
		{name: "Name and VpcAccessId agree",
			edits:        []edit{{info, model, `"VpcAccessId": "va-legacy", "Name": "legacy"`}},
			wantProblems: []string{"vpc-mismatch"}},
		{name: "Name and VpcAccessId disagree",
			edits:       []edit{{info, model, `"VpcAccessId": "va-legacy", "Name": "orders"`}},
			wantPlanErr: "DescribeBackendInfo[6].BackendInfo.BackendModels[0].BackendConfig.VpcConfig.Name"},
		{name: "an environment's type from the service's",
			edits:        []edit{{info, `"Type": "VPC"`, `"Type": ""`}},
			wantProblems: []string{"vpc-mismatch"}},
		{name: "an environment of a type that is no VPC, in a service of that type",
			edits: []edit{{info, `"Type": "VPC"`, `"Type": "MOCK"`}, {info, `"BackendType": "VPC"`, `"BackendType": "MOCK"`}}},
		{name: "an environment of a type that is no VPC, in a VPC service",
			edits:          []edit{{info, `"Type": "VPC"`, `"Type": "MOCK"`}},
			wantUnverified: []string{`not checked: backend service "bk-legacy" in environment "RELEASE" is of type "MOCK", but the service is of type "VPC"`}},
		{name: "a VPC service without environments",
			edits:          []edit{{info, `"BackendModels"`, `"OtherModels"`}},
			wantUnverified: []string{`not checked: backend service "bk-legacy", of type "VPC", gives no environment (BackendModels), so what it calls is not known`}},
		{name: "an HTTP service without environments",
			edits: []edit{{info, `"BackendModels"`, `"OtherModels"`}, {info, `"BackendType": "VPC"`, `"BackendType": "HTTP"`}}},
		{name: "an environment of a type not read",
			edits:          []edit{{info, `"Type": "VPC"`, `"Type": "EVENT_BRIDGE"`}, {info, `"BackendType": "VPC"`, `"BackendType": "EVENT_BRIDGE"`}},
			wantUnverified: []string{`not checked: backend service "bk-legacy" in environment "RELEASE", of type "EVENT_BRIDGE", which is not read`}},
		{name: "a VpcAccessId no page lists",
			edits:          []edit{{info, `"va-legacy"`, `"va-gone"`}},
			wantUnverified: []string{`not checked: backend service "bk-legacy" in environment "RELEASE" uses VPC access "va-gone", which no DescribeVpcAccesses page given lists`}},
		{name: "a VPC environment that names no authorization",
			edits:          []edit{{info, model, `"VpcAccessId": "", "Name": ""`}},
			wantUnverified: []string{`not checked: backend service "bk-legacy" in environment "RELEASE" is a VPC backend that names no VPC access authorization`}},
		{name: "DescribeBackendInfo not given",
			drop:           true,
			wantUnverified: []string{`not checked: the backends of API "api-health", which calls backend service "bk-legacy" (DescribeBackendInfo for "bk-legacy" not given)`}},
		{name: "BackendEnable false: the service is not called",
			edits: []edit{{api, `"BackendEnable": true`, `"BackendEnable": false`}}},
		{name: "BackendEnable without a backend service",
			edits:          []edit{{api, `"BackendId": "bk-legacy"`, `"BackendId": ""`}},
			wantUnverified: []string{`not checked: the backends of API "api-health", which calls a backend service (BackendEnable) that the response does not name`}},
		{name: "BackendEnable as a string",
			edits:       []edit{{api, `"BackendEnable": true`, `"BackendEnable": "true"`}},
			wantReadErr: "DescribeApi[1].BackendEnable"},
		{name: "BackendEnable in another case",
			edits:       []edit{{api, `"BackendEnable": true`, `"backendEnable": true`}},
			wantReadErr: "DescribeApi[1].backendEnable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, moves := loadScenario(t, "backend-service")
			docs = edited(t, docs, tt.edits)
			if tt.drop {
				docs = slices.Delete(docs, info, info+1)
			}
			s, err := vpcgate.ReadResponses(docs...)
			if tt.wantReadErr != "" {
				if p, _ := field.PathOf(err); !errors.Is(err, vpcgate.ErrInvalidPlan) || p != field.Path(tt.wantReadErr) {
					t.Fatalf("ReadResponses: got %v, want an error at %s", err, tt.wantReadErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadResponses: %v", err)
			}
			p, err := s.Plan(moves...)
			if tt.wantPlanErr != "" {
				if p, _ := field.PathOf(err); !errors.Is(err, openapi.ErrConflict) || p != field.Path(tt.wantPlanErr) {
					t.Fatalf("Plan: got %v, want a conflict at %s", err, tt.wantPlanErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			r := vpcgate.Check(p, vpcgate.Options{})
			wantVerdict(t, r, tt.wantProblems, append([]string{dataWorks}, tt.wantUnverified...))
			if tt.wantSource != "" {
				i := slices.IndexFunc(p.Groups[0].APIs, func(a migrate.API) bool { return a.VPCAccess == "legacy" })
				if i < 0 {
					t.Fatalf("no API entry uses authorization \"legacy\": %+v", p.Groups[0].APIs)
				}
				if a := p.Groups[0].APIs[i]; a.ID != "api-health" || a.Name != `Health (backend service "bk-legacy", RELEASE)` {
					t.Errorf("the backend's entry is %+v", a)
				}
				at := field.Path("groups[0].apis").Index(i).Child("vpcAccess")
				if got := p.Source[at]; got != tt.wantSource {
					t.Errorf("Source[%s] = %q, want %q", at, got, tt.wantSource)
				}
			}
		})
	}
}

// TestBackendServicesLinear: many APIs calling one backend service of many
// environments cost their sum, not their product: the group's first API
// carries the service's authorizations.
func TestBackendServicesLinear(t *testing.T) {
	const apis, models = 1000, 1000
	docs, moves := loadScenario(t, "backend-service")
	docs = slices.Clone(docs)
	for i := range apis - 1 {
		docs = append(docs, bytes.Replace(docs[1], []byte(`"api-health"`), fmt.Appendf(nil, `"api-extra-%d"`, i), 1))
	}
	var m strings.Builder
	for i := range models {
		if i > 0 {
			m.WriteString(",")
		}
		fmt.Fprintf(&m, `{"StageName": "S%d", "BackendConfig": {"Type": "VPC", "VpcConfig": {"Name": "n%d"}}}`, i, i)
	}
	docs[6] = fmt.Appendf(nil, `{"BackendInfo": {"BackendId": "bk-legacy", "BackendType": "VPC", "BackendModels": [%s]}}`, m.String())
	p := planOf(t, docs, moves...)
	if got, most := len(p.Groups[0].APIs), 4+(apis-1)+models; got > most {
		t.Fatalf("%d API entries, want at most %d", got, most)
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	if got := r.Problems; got != models {
		t.Errorf("%d problems, want one per missing authorization: %d", got, models)
	}
}

// The working scenario's documents, by index: its files in name order.
const (
	wGetOrder, wHealth, wInvoice, wListItems = 0, 1, 2, 3
	wGroup, wApis, wInstances, wPluginApis   = 4, 5, 6, 7
	wPlugins, wAccesses, wEcs, wSGAttribute  = 8, 9, 10, 11
	wSGs, wSLB, wVSwitches, wVpc             = 12, 13, 14, 15
)

// envelope puts body in the envelope with request req.
func envelope(req string, body []byte) []byte {
	return []byte(`{"request": ` + req + `, "response": ` + string(body) + `}`)
}

// planCase is a change to the working scenario and what the plan read
// from it says: a read error, a plan error, or notes and a check of the
// plan.
type planCase struct {
	name     string
	edits    []edit
	replace  map[int]string // documents replaced whole
	envelope map[int]string // documents put in an envelope with this request
	drop     []int          // documents left out (after the other changes)
	add      []string       // documents added
	moves    []vpcgate.Move // nil: the scenario's

	wantReadErr field.Path // the place the read error names first
	wantPlanErr field.Path // the place the plan error names first
	wantErr     error      // and the sentinel either matches, beside ErrInvalidPlan
	wantNotes   []string   // "where: what" of notes the plan must have (What's start)
	noNotes     []string   // What's start of notes the plan must not have
	check       func(t *testing.T, p vpcgate.Plan)
}

func (tc planCase) docs(t *testing.T) ([][]byte, []vpcgate.Move) {
	t.Helper()
	docs, moves := loadScenario(t, "works")
	docs = edited(t, docs, tc.edits)
	for i, d := range tc.replace {
		docs[i] = []byte(d)
	}
	for i, req := range tc.envelope {
		docs[i] = envelope(req, docs[i])
	}
	for _, i := range slices.Backward(slices.Sorted(slices.Values(tc.drop))) {
		docs = slices.Delete(docs, i, i+1)
	}
	for _, a := range tc.add {
		docs = append(docs, []byte(a))
	}
	if tc.moves != nil {
		moves = tc.moves
	}
	return docs, moves
}

// run reads the case's documents and plans its moves, checking what the
// case wants; it returns the plan, or the zero Plan after an error.
func (tc planCase) run(t *testing.T) vpcgate.Plan {
	t.Helper()
	docs, moves := tc.docs(t)
	s, err := vpcgate.ReadResponses(docs...)
	if !wantInputErr(t, "ReadResponses", err, tc.wantReadErr, tc.wantErr) {
		return vpcgate.Plan{}
	}
	p, err := s.Plan(moves...)
	if !wantInputErr(t, "Plan", err, tc.wantPlanErr, tc.wantErr) {
		return vpcgate.Plan{}
	}
	var notes []string
	for _, n := range p.Notes {
		notes = append(notes, n.Where+": "+n.What)
	}
	for _, w := range tc.wantNotes {
		if !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, w) }) {
			t.Errorf("no note %q in\n%s", w, strings.Join(notes, "\n"))
		}
	}
	for _, w := range tc.noNotes {
		for _, n := range p.Notes {
			if strings.HasPrefix(n.What, w) {
				t.Errorf("note %q, want none starting %q", n.What, w)
			}
		}
	}
	if tc.check != nil {
		tc.check(t, p)
	}
	return p
}

// wantInputErr checks that err is an input error whose first problem is
// at path, matching sentinel when it is not nil; or, when path is "", that
// err is nil. It reports whether to go on: no error was wanted.
func wantInputErr(t *testing.T, what string, err error, path field.Path, sentinel error) bool {
	t.Helper()
	if path == "" {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return true
	}
	if !errors.Is(err, vpcgate.ErrInvalidPlan) || sentinel != nil && !errors.Is(err, sentinel) {
		t.Fatalf("%s: got %v, want an input error matching %v", what, err, sentinel)
	}
	if p, _ := field.PathOf(err); p != path {
		t.Errorf("%s: first problem at %q, want %q (%v)", what, p, path, err)
	}
	return false
}

func runCases(t *testing.T, cases []planCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// sgOf returns the plan's security group id, or fails.
func sgOf(t *testing.T, p vpcgate.Plan, id string) authz.SecurityGroup {
	t.Helper()
	for _, sg := range p.SecurityGroups {
		if sg.ID == id {
			return sg
		}
	}
	t.Fatalf("no security group %q in the plan", id)
	return authz.SecurityGroup{}
}

// noGroup checks that the plan leaves security group id out.
func noGroup(id string) func(*testing.T, vpcgate.Plan) {
	return func(t *testing.T, p vpcgate.Plan) {
		t.Helper()
		for _, sg := range p.SecurityGroups {
			if sg.ID == id {
				t.Errorf("security group %q is in the plan: %+v", id, sg)
			}
		}
	}
}

// sgPage2 is the second page of sg-bp1gw's rules, in its envelope.
const sgPage2 = `{"request": {"SecurityGroupId": "sg-bp1gw", "NextToken": "tok-2"}, "response": {"SecurityGroupId": "sg-bp1gw", "VpcId": "vpc-bp1shop", "InnerAccessPolicy": "Accept", "NextToken": "", "Permissions": {"Permission": [
	{"SecurityGroupRuleId": "sgr-e3", "Direction": "egress", "Policy": "Drop", "Priority": 1, "IpProtocol": "TCP", "PortRange": "8080/8080", "DestCidrIp": "10.10.1.20"}]}}}`

// TestSecurityGroupPagesAndCopies: #18 items 1 and 2 for security groups,
// and the cost of many pages.
func TestSecurityGroupPagesAndCopies(t *testing.T) {
	runCases(t, []planCase{
		// Item 1: a later page alone does not read as the whole group: its
		// request names a NextToken that no page given issued.
		{name: "a later page alone",
			envelope:  map[int]string{wSGAttribute: `{"SecurityGroupId": "sg-bp1gw", "NextToken": "tok-1"}`},
			wantNotes: []string{`DescribeSecurityGroupAttribute[11].request.NextToken: not checked: DescribeSecurityGroupAttribute pages of "sg-bp1gw": the page at DescribeSecurityGroupAttribute[11].response answers NextToken "tok-1", which no page given issued`},
			check:     noGroup("sg-bp1gw")},
		{name: "the second page alone",
			drop: []int{wSGAttribute}, add: []string{sgPage2},
			wantNotes: []string{`DescribeSecurityGroupAttribute[15].request.NextToken: not checked: DescribeSecurityGroupAttribute pages of "sg-bp1gw": the page at DescribeSecurityGroupAttribute[15].response answers NextToken "tok-2"`},
			check:     noGroup("sg-bp1gw")},
		{name: "both pages",
			edits: []edit{{wSGAttribute, `"NextToken": ""`, `"NextToken": "tok-2"`}}, add: []string{sgPage2},
			check: func(t *testing.T, p vpcgate.Plan) {
				if got := len(sgOf(t, p, "sg-bp1gw").Rules); got != 3 {
					t.Errorf("%d rules, want the 3 of both pages", got)
				}
			}},
		// Item 2: two whole copies that differ are responses of different
		// times, never their union.
		{name: "a revoked accept rule",
			add: []string{sgEdited(t, func(doc map[string]any, _ map[string]map[string]any) {
				perms := doc["Permissions"].(map[string]any)
				perms["Permission"] = slices.DeleteFunc(perms["Permission"].([]any), func(r any) bool { return r.(map[string]any)["SecurityGroupRuleId"] == "sgr-e1" })
			})},
			wantReadErr: "DescribeSecurityGroupAttribute[16]", wantErr: openapi.ErrConflict},
		{name: "a changed rule",
			add:         []string{sgEdited(t, func(_ map[string]any, rules map[string]map[string]any) { rules["sgr-e1"]["Policy"] = "Drop" })},
			wantReadErr: "DescribeSecurityGroupAttribute[16].Permissions.Permission[1]", wantErr: openapi.ErrConflict},
		{name: "a copy without a rule",
			add:         []string{strings.Replace(string(mustScenarioDoc(t, wSGAttribute)), `"SecurityGroupRuleId": "sgr-e2"`, `"SecurityGroupRuleId": "sgr-e1"`, 1)},
			wantReadErr: "DescribeSecurityGroupAttribute[16].Permissions.Permission[2]", wantErr: openapi.ErrConflict},
		{name: "the same copy twice", add: []string{string(mustScenarioDoc(t, wSGAttribute))}},
	})
}

// mustScenarioDoc returns document i of the working scenario.
func mustScenarioDoc(t *testing.T, i int) []byte {
	t.Helper()
	docs, _ := loadScenario(t, "works")
	return docs[i]
}

// TestSecurityGroupFacts: #18 items 3, 4 and 5: outbound rules are read
// only from responses that hold them, an internal access policy not given
// is not Accept, and a rule limited to some sources is not applied to all.
func TestSecurityGroupFacts(t *testing.T) {
	egressOnly := func(perm string) string {
		return `{"SecurityGroupId": "sg-bp1gw", "VpcId": "vpc-bp1shop", "InnerAccessPolicy": "Accept", "Permissions": {"Permission": [` + perm + `]}}`
	}
	rule := func(extra string) string {
		return `{"SecurityGroupRuleId": "sgr-x", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "1/65535", "DestCidrIp": "10.10.0.0/16"` + extra + `}`
	}
	partialOf := func(want string) func(*testing.T, vpcgate.Plan) {
		return func(t *testing.T, p vpcgate.Plan) {
			t.Helper()
			sg := sgOf(t, p, "sg-bp1gw")
			if len(sg.Rules) != 1 || !strings.HasPrefix(sg.Rules[0].Partial, want) || (want == "") != (sg.Rules[0].Partial == "") {
				t.Errorf("rules %+v, want one whose Partial starts %q", sg.Rules, want)
			}
		}
	}
	runCases(t, []planCase{
		// Item 3: inbound rules are not outbound ones.
		{name: "called with Direction ingress",
			envelope:  map[int]string{wSGAttribute: `{"SecurityGroupId": "sg-bp1gw", "Direction": "ingress"}`},
			wantNotes: []string{`DescribeSecurityGroupAttribute[11].response: not checked: the outbound rules of security group "sg-bp1gw": DescribeSecurityGroupAttribute was called with Direction "ingress"`},
			check:     noGroup("sg-bp1gw")},
		{name: "only inbound rules",
			edits:     []edit{{wSGAttribute, `"Direction": "egress"`, `"Direction": "ingress"`}, {wSGAttribute, `"Direction": "egress"`, `"Direction": "ingress"`}},
			wantNotes: []string{`DescribeSecurityGroupAttribute[11]: not checked: the outbound rules of security group "sg-bp1gw": the responses given hold no outbound rule`},
			check:     noGroup("sg-bp1gw")},
		{name: "called for every direction", envelope: map[int]string{wSGAttribute: `{"SecurityGroupId": "sg-bp1gw", "Direction": "all"}`},
			check: func(t *testing.T, p vpcgate.Plan) {
				if got := len(sgOf(t, p, "sg-bp1gw").Rules); got != 2 {
					t.Errorf("%d rules, want 2", got)
				}
			}},
		// Item 4: a missing InnerAccessPolicy is not Accept.
		{name: "no InnerAccessPolicy",
			edits: []edit{{wSGAttribute, `"InnerAccessPolicy": "Accept",`, ``}},
			check: func(t *testing.T, p vpcgate.Plan) {
				if sg := sgOf(t, p, "sg-bp1gw"); !sg.InnerAccessUnknown || sg.IntraGroup || sg.InnerAccessPolicy != 0 {
					t.Errorf("group %+v, want its internal access policy unknown", sg)
				}
			}},
		{name: "InnerAccessPolicy given", check: func(t *testing.T, p vpcgate.Plan) {
			if sg := sgOf(t, p, "sg-bp1gw"); sg.InnerAccessUnknown || !sg.IntraGroup {
				t.Errorf("group %+v, want accept", sg)
			}
		}},
		// Item 5: rules restricted by source.
		{name: "a source block that holds both vSwitch blocks", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourceCidrIp": "10.10.0.0/16"`))}, check: partialOf("")},
		{name: "a source block that holds one vSwitch block", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourceCidrIp": "10.10.1.0/24"`))}, check: partialOf("it applies only to sources in 10.10.1.0/24")},
		{name: "a source address", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourceCidrIp": "10.10.1.5"`))}, check: partialOf("it applies only to sources in 10.10.1.5/32")},
		{name: "a source block of everything", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourceCidrIp": "0.0.0.0/0"`))}, check: partialOf("")},
		{name: "source ports", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourcePortRange": "1024/65535"`))}, check: partialOf("it applies only to source ports 1024/65535")},
		{name: "every source port", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourcePortRange": "1/65535"`))}, check: partialOf("")},
		{name: "an IPv6 source", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "Ipv6SourceCidrIp": "2001:db8::/32"`))}, check: partialOf("it applies only to IPv6 sources")},
		{name: "another source group", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourceGroupId": "sg-other"`))}, check: partialOf(`it applies only to sources in security group "sg-other"`)},
		{name: "its own group as source", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourceGroupId": "sg-bp1gw"`))}, check: partialOf("")},
		{name: "a source prefix list", replace: map[int]string{wSGAttribute: egressOnly(rule(`, "SourcePrefixListId": "pl-1"`))}, check: partialOf(`it applies only to sources in prefix list "pl-1"`)},
		{name: "a port range list", replace: map[int]string{wSGAttribute: egressOnly(strings.Replace(rule(`, "PortRangeListId": "prl-1"`), `"PortRange": "1/65535"`, `"PortRange": ""`, 1))}, check: partialOf(`its ports come from port range list "prl-1"`)},
		// A protocol and ports no request makes, as the cloud holds them:
		// a fact of which what it matches is not known, not an invalid
		// security group of the plan's (which failed every backend).
		{name: "ALL on a port range", replace: map[int]string{wSGAttribute: egressOnly(strings.Replace(rule(``), `"IpProtocol": "TCP"`, `"IpProtocol": "ALL"`, 1))},
			check: func(t *testing.T, p vpcgate.Plan) {
				partialOf(`the cloud holds it with IpProtocol ALL and PortRange "1/65535"`)(t, p)
				if r := sgOf(t, p, "sg-bp1gw").Rules[0]; r.Ports != authz.AllPorts() {
					t.Errorf("ports %v, want all", r.Ports)
				}
				if hasCode(vpcgate.Check(p, vpcgate.Options{}), "invalid-security-group") {
					t.Error("the cloud's rule is an invalid security group")
				}
			}},
		{name: "TCP on -1/-1", replace: map[int]string{wSGAttribute: egressOnly(strings.Replace(rule(``), `"PortRange": "1/65535"`, `"PortRange": "-1/-1"`, 1))},
			check: partialOf(`the cloud holds it with IpProtocol TCP and PortRange "-1/-1"`)},
	})
}

// sgEdited returns the working scenario's security group document with
// change made to its rules, by SecurityGroupRuleId, and to the document.
func sgEdited(t *testing.T, change func(doc map[string]any, rules map[string]map[string]any)) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(mustScenarioDoc(t, wSGAttribute), &doc); err != nil {
		t.Fatal(err)
	}
	rules := map[string]map[string]any{}
	for _, r := range doc["Permissions"].(map[string]any)["Permission"].([]any) {
		m := r.(map[string]any)
		rules[m["SecurityGroupRuleId"].(string)] = m
	}
	change(doc, rules)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSecurityGroupVerdicts: #18 items 4 and 5, as Check sees them: what
// was a pass (or a denial) on a reading of the rules that does not hold is
// unverified. The scenario's rules: sgr-e1 accepts TCP 1/65535 to
// 10.10.0.0/16 at priority 1, sgr-e2 drops everything at 100.
func TestSecurityGroupVerdicts(t *testing.T) {
	tests := []struct {
		name   string
		change func(doc map[string]any, rules map[string]map[string]any)
		// the egress findings about authorization "orders" (an ECS
		// backend in the instance's own group, port 8080) and "billing"
		// (an ECS backend in another group, port 443)
		wantOrders, wantBilling string
	}{
		{name: "as given", change: func(map[string]any, map[string]map[string]any) {}},
		// The accept rule covers every port but 8080: orders is then
		// decided by the internal access policy, which is not given;
		// billing, on 443, by the accept rule.
		{name: "no internal access policy",
			change: func(doc map[string]any, rules map[string]map[string]any) {
				delete(doc, "InnerAccessPolicy")
				rules["sgr-e1"]["PortRange"] = "1/8079"
			},
			wantOrders: "unverified"},
		// The accept rule applies only to the network interface in
		// vsw-bp1j: whether it lets the traffic out is not known.
		{name: "an accept rule for some sources",
			change: func(_ map[string]any, rules map[string]map[string]any) {
				rules["sgr-e1"]["SourceCidrIp"] = "10.10.1.0/24"
			},
			wantBilling: "unverified"},
		// A drop rule for some sources at the accept rule's priority: it
		// may or may not apply, never a certain denial.
		{name: "a drop rule for some sources",
			change: func(_ map[string]any, rules map[string]map[string]any) {
				rules["sgr-e2"]["Priority"], rules["sgr-e2"]["SourceCidrIp"] = 1, "10.10.2.0/24"
			},
			wantBilling: "unverified"},
		{name: "a drop rule for every source",
			change: func(_ map[string]any, rules map[string]map[string]any) {
				rules["sgr-e2"]["Priority"], rules["sgr-e2"]["SourceCidrIp"] = 1, "10.10.0.0/16"
			},
			wantBilling: "egress-denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, moves := loadScenario(t, "works")
			// billing's backend is in another security group, so that
			// the rules decide for it.
			ecs := string(docs[wEcs])
			k := strings.Index(ecs, `"i-bp1bill"`)
			docs[wEcs] = []byte(ecs[:k] + strings.Replace(ecs[k:], `"sg-bp1gw"`, `"sg-bp1bill"`, 1))
			docs[wSGAttribute] = []byte(sgEdited(t, tt.change))
			p := planOf(t, docs, moves...)
			r := vpcgate.Check(p, vpcgate.Options{})
			for name, want := range map[string]string{"orders": tt.wantOrders, "billing": tt.wantBilling} {
				var got []string
				for _, s := range r.Sections {
					for _, f := range slices.Concat(s.Problems, s.Warnings) {
						if (f.Code == "egress-denied" || f.Code == "unverified" || f.Code == "implicit-egress") && strings.Contains(f.What, `"`+name+`"`) && strings.Contains(f.What, "security group") {
							got = append(got, string(f.Code))
						}
					}
				}
				if want == "" && len(got) > 0 || want != "" && !slices.Contains(got, want) {
					t.Errorf("authorization %q: egress findings %q, want %q", name, got, want)
				}
			}
		})
	}
}

// groupPlugins returns each plug-in of the plan's first group with the
// authorizations it names.
func groupPlugins(p vpcgate.Plan) map[string][]string {
	out := map[string][]string{}
	for _, pl := range p.Groups[0].Plugins {
		out[pl.ID] = pl.VPCAccess
	}
	return out
}

// legacyRouting is a routing plug-in to "legacy" (the scenario's
// authorization in another VPC), as DescribePlugins gives it.
const legacyRouting = `{"PluginId": "plg-legacy", "PluginName": "legacy-routing", "PluginType": "routing", "PluginData": "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: legacy\n"}`

// TestGroupPlugins: #18 item 7: a plug-in bound to a whole group applies
// to every API of the group; when such a binding cannot be known, the
// group's routing is unverified.
func TestGroupPlugins(t *testing.T) {
	byGroup := func(stage, plugins string) string {
		return `{"request": {"GroupId": "g-shop", "StageName": "` + stage + `"}, "response": {"TotalCount": ` + strconv.Itoa(strings.Count(plugins, "PluginId")) + `, "Plugins": {"PluginAttribute": [` + plugins + `]}}}`
	}
	pluginGroups := func(plugin, groups string) string {
		return `{"request": {"PluginId": "` + plugin + `"}, "response": {"TotalCount": ` + strconv.Itoa(strings.Count(groups, "GroupId")) + `, "GroupSummarys": {"GroupPluginSummary": [` + groups + `]}}}`
	}
	plugins := strings.Replace(string(mustScenarioDoc(t, wPlugins)), `"TotalCount": 2`, `"TotalCount": 3`, 1)
	plugins = strings.Replace(plugins, `"PluginAttribute": [`, `"PluginAttribute": [`+legacyRouting+`,`, 1)
	const unknown = `not checked: DescribePluginGroups for plug-in "plg-legacy" not given`
	has := func(want map[string][]string) func(*testing.T, vpcgate.Plan) {
		return func(t *testing.T, p vpcgate.Plan) {
			t.Helper()
			if diff := cmp.Diff(want, groupPlugins(p), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("the group's plug-ins mismatch (-want +got):\n%s", diff)
			}
		}
	}
	attached := map[string][]string{"plg-routing": {"orders", "inventory"}}
	withLegacy := map[string][]string{"plg-routing": {"orders", "inventory"}, "plg-legacy": {"legacy"}}
	runCases(t, []planCase{
		{name: "bound by DescribePluginsByGroup", add: []string{byGroup("RELEASE", legacyRouting)},
			noNotes: []string{`not checked: DescribePluginGroups`}, check: has(withLegacy)},
		{name: "bound by DescribePluginGroups", replace: map[int]string{wPlugins: plugins}, add: []string{pluginGroups("plg-legacy", `{"GroupId": "g-shop", "StageName": "TEST"}`)},
			noNotes: []string{`not checked: DescribePluginGroups`}, check: has(withLegacy)},
		{name: "bound to another group", replace: map[int]string{wPlugins: plugins}, add: []string{pluginGroups("plg-legacy", `{"GroupId": "g-other", "StageName": "RELEASE"}`)},
			noNotes: []string{`not checked: DescribePluginGroups`}, check: has(attached)},
		{name: "bound to no group", replace: map[int]string{wPlugins: plugins}, add: []string{pluginGroups("plg-legacy", ``)},
			noNotes: []string{`not checked: DescribePluginGroups`}, check: has(attached)},
		{name: "a binding not known", replace: map[int]string{wPlugins: plugins},
			wantNotes: []string{`DescribePlugins[8].Plugins.PluginAttribute[0]: not checked: DescribePluginApis for plug-in "plg-legacy" not given; ` + unknown[len("not checked: "):]},
			check:     has(attached)},
		{name: "DescribePluginsByGroup of every stage", replace: map[int]string{wPlugins: plugins}, add: []string{byGroup("RELEASE", ""), byGroup("PRE", ""), byGroup("TEST", "")},
			noNotes: []string{`not checked: DescribePluginApis for plug-in "plg-legacy" not given; DescribePluginGroups`}, check: has(attached)},
		{name: "DescribePluginsByGroup of one stage", replace: map[int]string{wPlugins: plugins}, add: []string{byGroup("RELEASE", "")},
			wantNotes: []string{`DescribePlugins[8].Plugins.PluginAttribute[0]: not checked: DescribePluginApis for plug-in "plg-legacy" not given; ` + unknown[len("not checked: "):]}, check: has(attached)},
		{name: "DescribePluginGroups pages not all given", replace: map[int]string{wPlugins: plugins}, add: []string{strings.Replace(pluginGroups("plg-legacy", `{"GroupId": "g-other", "StageName": "RELEASE"}`), `"TotalCount": 1`, `"TotalCount": 2`, 1)},
			wantNotes: []string{`DescribePlugins[8].Plugins.PluginAttribute[0]: not checked: DescribePluginApis for plug-in "plg-legacy" not given; DescribePluginGroups pages of plug-in "plg-legacy": 1 of 2 items given`}, check: has(attached)},
	})
	// The bound plug-in's route is checked: "legacy" is in another VPC.
	docs, moves := planCase{add: []string{byGroup("RELEASE", legacyRouting)}}.docs(t)
	r := vpcgate.Check(planOf(t, docs, moves...), vpcgate.Options{})
	if problems, _ := verdictOf(r); !slices.Contains(problems, "vpc-mismatch") {
		t.Errorf("a plug-in bound to the group routes to an authorization in another VPC: problems %q, want vpc-mismatch", problems)
	}
}

// TestRoutingData: #18 item 8: a routing plug-in's YAML is read as YAML
// 1.2 reads it: a byte order mark does not hide the routes after it, and
// names keep their Unicode spaces.
func TestRoutingData(t *testing.T) {
	runCases(t, []planCase{
		{name: "after a byte order mark", edits: []edit{{wPlugins, `"PluginData": "---`, `"PluginData": "\ufeff---`}},
			check: func(t *testing.T, p vpcgate.Plan) {
				if got := groupPlugins(p)["plg-routing"]; !slices.Equal(got, []string{"orders", "inventory"}) {
					t.Errorf("routes to %q, want orders and inventory", got)
				}
			}},
		{name: "a name with an ideographic space", edits: []edit{{wPlugins, `vpcAccessName: orders\n`, `vpcAccessName: orders\u3000\n`}},
			check: func(t *testing.T, p vpcgate.Plan) {
				if got := groupPlugins(p)["plg-routing"]; !slices.Equal(got, []string{"orders\u3000", "inventory"}) {
					t.Errorf("routes to %q, want \"orders\\u3000\" and inventory", got)
				}
			}},
	})
}

// TestConnectCidrBlocksFacts: #18 items 12, 17 and 20: a target's
// ConnectCidrBlocks are the accessible blocks as the cloud holds them
// (vSwitch blocks only when listed), never validated again; one with host
// bits is the block it names, with a note; a field missing or unreadable
// is unverified.
func TestConnectCidrBlocksFacts(t *testing.T) {
	const at = "DescribeInstances[6].Instances.InstanceAttribute[0].ConnectCidrBlocks"
	const field0 = `"ConnectCidrBlocks": "[\\\"10.10.1.0/24\\\",\\\"10.10.2.0/24\\\",\\\"10.10.8.0/22\\\"]"`
	blocks := func(want ...string) func(*testing.T, vpcgate.Plan) {
		return func(t *testing.T, p vpcgate.Plan) {
			t.Helper()
			inst := p.Instances[0]
			var got []string
			for _, b := range inst.ConnectCidrBlocks {
				got = append(got, b.String())
			}
			if !inst.Exists || len(inst.Accessible) != 0 || !slices.Equal(got, want) {
				t.Errorf("instance: exists %v, accessible %v, ConnectCidrBlocks %v; want it to exist with exactly %v", inst.Exists, inst.Accessible, got, want)
			}
			if vpc := p.VPCs[0]; !vpc.ConnectedUnknown || len(vpc.Connected) != 0 {
				t.Errorf("VPC %+v: want its connected networks unknown", vpc)
			}
		}
	}
	// Blocks not known are said once, at the note's place, by the
	// warning that names what they leave unverified (the note said it
	// again in the notes section).
	saidOnce := func(where string) func(*testing.T, vpcgate.Plan) {
		return func(t *testing.T, p vpcgate.Plan) {
			t.Helper()
			blocks()(t, p)
			var wheres []string
			for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
				for _, f := range s.Warnings {
					if strings.Contains(f.What, "ConnectCidrBlocks") {
						wheres = append(wheres, f.Where)
					}
				}
			}
			if len(wheres) != 1 || wheres[0] != where {
				t.Errorf("the blocks not known are said at %q, want once at %q", wheres, where)
			}
		}
	}
	runCases(t, []planCase{
		{name: "as the cloud holds them", check: blocks("10.10.1.0/24", "10.10.2.0/24", "10.10.8.0/22")},
		{name: "a vSwitch block not listed", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "[\"10.10.1.0/24\",\"10.10.8.0/22\"]"`}}, check: blocks("10.10.1.0/24", "10.10.8.0/22")},
		{name: "a block outside the VPC", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "[\"10.10.1.0/24\",\"10.10.2.0/24\",\"172.20.0.0/16\"]"`}}, check: blocks("10.10.1.0/24", "10.10.2.0/24", "172.20.0.0/16")},
		{name: "no VPC given", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "[\"172.20.0.0/16\"]"`}}, drop: []int{wVpc},
			check: func(t *testing.T, p vpcgate.Plan) {
				if got := p.Instances[0].ConnectCidrBlocks; len(got) != 1 || got[0].String() != "172.20.0.0/16" {
					t.Errorf("ConnectCidrBlocks %v", got)
				}
			}},
		{name: "host bits", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "[\"10.10.1.0/24\",\"10.10.2.0/24\",\"10.10.8.1/22\"]"`}},
			wantNotes: []string{at + "[2]: the cloud holds \"10.10.8.1/22\", with host bits set: read as the block it names, 10.10.8.0/22"},
			check:     blocks("10.10.1.0/24", "10.10.2.0/24", "10.10.8.0/22")},
		{name: "not given", edits: []edit{{wInstances, field0 + ",", ``}},
			wantNotes: []string{at + `: not checked: the accessible blocks of instance "apigw-vpc-prod" (ConnectCidrBlocks: not given)`}, check: saidOnce(at)},
		{name: "unreadable", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "10.10.1.0/24"`}},
			wantNotes: []string{at + `: not checked: the accessible blocks of instance "apigw-vpc-prod" (ConnectCidrBlocks: "10.10.1.0/24" is not a JSON array`}, check: blocks()},
		{name: "an entry that is no block", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "[\"10.10.1.0/24\",\"10.10.1.0/33\"]"`}},
			wantNotes: []string{at + `[1]: not checked: the accessible blocks of instance "apigw-vpc-prod" (ConnectCidrBlocks: entry 1, "10.10.1.0/33", is no CIDR block)`}, check: blocks()},
		{name: "empty", edits: []edit{{wInstances, field0, `"ConnectCidrBlocks": "[]"`}},
			wantNotes: []string{at + `: not checked: the accessible blocks of instance "apigw-vpc-prod" (ConnectCidrBlocks lists none)`}, check: saidOnce(at)},
	})
}

// TestResponsesAreFacts: #18 item 20 and the audit behind it: a value
// with host bits or a missing field in a response never aborts the read;
// what depends on a missing field is unverified.
func TestResponsesAreFacts(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join("internal", "openapi", "testdata", "samples", "doc-vpc-DescribeVpcAttribute.json"))
	if err != nil {
		t.Fatal(err)
	}
	vpc := strings.Replace(string(sample), `"vpc-bp18sth14qii3pnvo****"`, `"vpc-bp1shop"`, 1)
	vpc = strings.Replace(vpc, `"CidrBlock": "192.168.0.0/16"`, `"CidrBlock": "10.10.0.0/16"`, 1)
	runCases(t, []planCase{
		// The vendor's DescribeVpcAttribute sample: UserCidr
		// "172.16.0.1/24" is 172.16.0.0/24, and no connected network.
		{name: "the vendor's UserCidr", replace: map[int]string{wVpc: vpc},
			wantNotes: []string{`DescribeVpcAttribute[15].UserCidrs.UserCidr[0]: the cloud holds "172.16.0.1/24", with host bits set: read as the block it names, 172.16.0.0/24`},
			check: func(t *testing.T, p vpcgate.Plan) {
				if v := p.VPCs[0]; len(v.Connected) != 0 || !v.ConnectedUnknown || fmt.Sprint(v.CIDRs) != "[10.10.0.0/16 192.168.0.0/16]" {
					t.Errorf("VPC %+v", v)
				}
				for _, n := range p.Notes {
					if n.Where == "DescribeVpcAttribute[15].UserCidrs.UserCidr[0]" && n.Code != "invalid-cidr" {
						t.Errorf("the host-bits note has code %q, want invalid-cidr", n.Code)
					}
				}
			}},
		{name: "a vSwitch block with host bits",
			edits:     []edit{{wInstances, `"CidrBlock": "10.10.2.0/24"`, `"CidrBlock": "10.10.2.9/24"`}, {wVSwitches, `"CidrBlock": "10.10.2.0/24"`, `"CidrBlock": "10.10.2.9/24"`}},
			wantNotes: []string{`DescribeInstances[6].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[1].CidrBlock: the cloud holds "10.10.2.9/24"`, `DescribeVSwitches[14].VSwitches.VSwitch[1].CidrBlock: the cloud holds "10.10.2.9/24"`}},
		{name: "a rule's destination with host bits",
			edits:     []edit{{wSGAttribute, `"DestCidrIp": "10.10.0.0/16"`, `"DestCidrIp": "10.10.0.1/16"`}},
			wantNotes: []string{`DescribeSecurityGroupAttribute[11].Permissions.Permission[1].DestCidrIp: the cloud holds "10.10.0.1/16", with host bits set: read as the block it names, 10.10.0.0/16`}},
		// A DescribeApiGroup body without InstanceId: where the group is
		// now is not known.
		{name: "a group without InstanceId", edits: []edit{{wGroup, `"InstanceId": "apigateway-cn-hangzhou-shared",`, ``}},
			wantNotes: []string{`DescribeApiGroup[4].InstanceId: not checked: the instance group "g-shop" is on now`},
			check: func(t *testing.T, p vpcgate.Plan) {
				if p.Groups[0].Instance.ID != "" || p.Groups[0].Instance.Kind.Valid() {
					t.Errorf("current instance %+v, want none", p.Groups[0].Instance)
				}
			}},
		{name: "an API without GroupId", edits: []edit{{wGetOrder, `"GroupId": "g-shop",`, ``}},
			check: func(t *testing.T, p vpcgate.Plan) {
				if p.Groups[0].APIs[0].ID != "api-getorder" {
					t.Errorf("api-getorder, of group g-shop by DescribeApis, is not the group's: %+v", p.Groups[0].APIs)
				}
			}},
		{name: "an API of no known group", edits: []edit{{wGetOrder, `"GroupId": "g-shop",`, ``}}, drop: []int{wApis},
			wantNotes: []string{`DescribeApi[0].GroupId: not checked: the group of API "api-getorder" (no response gives its GroupId)`}},
		{name: "an API that names no authorization", edits: []edit{{wGetOrder, `"Name": "orders",`, `"Name": "",`}},
			wantNotes: []string{`DescribeApi[0].ServiceConfig.VpcConfig.Name: not checked: whether API "api-getorder" calls a backend in a VPC, and which (ServiceVpcEnable is "TRUE" and VpcConfig names no VPC access authorization)`}},
		{name: "an API without ServiceVpcEnable", edits: []edit{{wHealth, `"ServiceVpcEnable": "FALSE",`, ``}},
			wantNotes: []string{`DescribeApi[1].ServiceConfig.ServiceVpcEnable: not checked: whether API "api-health" calls a backend in a VPC`}},
		{name: "a rule without a policy", edits: []edit{{wSGAttribute, `"Policy": "Drop",`, `"Policy": "",`}},
			wantNotes: []string{`DescribeSecurityGroupAttribute[11].Permissions.Permission[2]: not checked: outbound rule 2 of security group "sg-bp1gw" cannot be read: it gives no Policy`},
			check:     noGroup("sg-bp1gw")},
		// An authorization without a field it needs is not checked, and
		// its name is not missing either.
		{name: "an authorization without Port", edits: []edit{{wAccesses, `"Port": 443,`, ``}},
			wantNotes: []string{`DescribeVpcAccesses[9].VpcAccessAttributes.VpcAccessAttribute[2].Port: not checked: authorization "billing" (DescribeVpcAccesses gives no Port)`},
			check: func(t *testing.T, p vpcgate.Plan) {
				if slices.ContainsFunc(p.Authorizations, func(a authz.Authorization) bool { return a.Name == "billing" }) || slices.ContainsFunc(p.Groups[0].APIs, func(a migrate.API) bool { return a.VPCAccess == "billing" }) {
					t.Errorf("billing, without its port, is in the plan")
				}
			}},
		{name: "an attachment without GroupId", edits: []edit{{wPluginApis, `"GroupId": "g-shop",`, ``}},
			check: func(t *testing.T, p vpcgate.Plan) {
				if _, ok := groupPlugins(p)["plg-routing"]; !ok {
					t.Errorf("the plug-in attached to api-getorder, of group g-shop, is not the group's")
				}
			}},
	})
}

// TestListsAsGiven: #18 items 2, 6 and 21 for the paged lists: a list
// saved from a filtered call is not the whole list; the CLI's --pager
// output is; two whole lists that differ are a conflict.
func TestListsAsGiven(t *testing.T) {
	billingOld := []edit{{wAccesses, `"Name": "billing"`, `"Name": "billing-old"`}}
	pagerAccesses := func(drop string) string {
		var doc struct {
			VpcAccessAttributes struct{ VpcAccessAttribute []map[string]any }
		}
		if err := json.Unmarshal(mustScenarioDoc(t, wAccesses), &doc); err != nil {
			t.Fatal(err)
		}
		doc.VpcAccessAttributes.VpcAccessAttribute = slices.DeleteFunc(doc.VpcAccessAttributes.VpcAccessAttribute, func(m map[string]any) bool { return m["Name"] == drop })
		b, _ := json.Marshal(doc)
		return string(b)
	}
	const billingUnknown = `not checked: authorization "billing" is on no DescribeVpcAccesses page given`
	uses := func(name string, want bool) func(*testing.T, vpcgate.Plan) {
		return func(t *testing.T, p vpcgate.Plan) {
			t.Helper()
			got := slices.ContainsFunc(p.Groups[0].APIs, func(a migrate.API) bool { return a.VPCAccess == name })
			if got != want {
				t.Errorf("the plan references %q: %v, want %v", name, got, want)
			}
		}
	}
	runCases(t, []planCase{
		// Item 6: filtered calls.
		{name: "APIs listed by name", envelope: map[int]string{wApis: `{"GroupId": "g-shop", "ApiName": "GetOrder"}`},
			wantNotes: []string{`DescribeApiGroup[4]: not checked: DescribeApis for group "g-shop" not given`}},
		{name: "APIs listed by ID", envelope: map[int]string{wApis: `{"ApiId": "api-getorder"}`},
			wantNotes: []string{`DescribeApiGroup[4]: not checked: DescribeApis for group "g-shop" not given`}},
		{name: "APIs listed by group", envelope: map[int]string{wApis: `{"GroupId": "g-shop"}`},
			noNotes: []string{`not checked: DescribeApis`}},
		{name: "plug-ins listed by name", envelope: map[int]string{wPlugins: `{"PluginName": "backend-routing"}`},
			wantNotes: []string{`: not checked: DescribePlugins pages: no call lists every plug-in`}},
		{name: "plug-ins listed by ID", envelope: map[int]string{wPlugins: `{"PluginId": "plg-routing"}`},
			wantNotes: []string{`: not checked: DescribePlugins pages: no call lists every plug-in`}},
		{name: "routing plug-ins", envelope: map[int]string{wPlugins: `{"PluginType": "routing"}`},
			noNotes: []string{`not checked: DescribePlugins pages`}},
		{name: "authorizations listed by VPC", edits: billingOld, envelope: map[int]string{wAccesses: `{"VpcId": "vpc-bp1shop"}`},
			wantNotes: []string{`DescribeApi[2].ServiceConfig.VpcConfig.Name: ` + billingUnknown}, check: uses("billing", false)},
		{name: "authorizations listed by instance", edits: billingOld, envelope: map[int]string{wAccesses: `{"InstanceId": "i-bp1bill"}`},
			wantNotes: []string{`DescribeApi[2].ServiceConfig.VpcConfig.Name: ` + billingUnknown}, check: uses("billing", false)},
		{name: "authorizations listed by port", edits: billingOld, envelope: map[int]string{wAccesses: `{"Port": "443"}`},
			wantNotes: []string{`DescribeApi[2].ServiceConfig.VpcConfig.Name: ` + billingUnknown}, check: uses("billing", false)},
		{name: "authorizations listed by another name", edits: billingOld, envelope: map[int]string{wAccesses: `{"Name": "billing-old"}`},
			wantNotes: []string{`DescribeApi[2].ServiceConfig.VpcConfig.Name: ` + billingUnknown}, check: uses("billing", false)},
		{name: "authorizations listed by the name, exactly", edits: billingOld, envelope: map[int]string{wAccesses: `{"Name": "billing", "AccurateQuery": true}`},
			noNotes: []string{billingUnknown}, check: uses("billing", true)},
		{name: "every authorization", edits: billingOld,
			noNotes: []string{billingUnknown}, check: uses("billing", true)},
		// Item 21: the CLI's --pager output is the whole list.
		{name: "every page, as --pager prints them", replace: map[int]string{wAccesses: pagerAccesses("billing")},
			noNotes: []string{billingUnknown}, check: uses("billing", true)},
		{name: "every page of the APIs, as --pager prints them", replace: map[int]string{wApis: `{"ApiSummarys": {"ApiSummary": [{"ApiId": "api-getorder", "GroupId": "g-shop"}, {"ApiId": "api-listitems", "GroupId": "g-shop"}, {"ApiId": "api-invoice", "GroupId": "g-shop"}, {"ApiId": "api-health", "GroupId": "g-shop"}]}}`},
			noNotes: []string{`not checked: DescribeApis`}},
		// Item 2: two whole lists of different times.
		{name: "a deleted authorization", add: []string{strings.Replace(pagerAccesses("billing"), `{`, `{"TotalCount": 3, "PageNumber": 1, "PageSize": 10, `, 1)},
			wantReadErr: "DescribeVpcAccesses[16]", wantErr: openapi.ErrConflict},
		{name: "a deleted authorization, --pager", add: []string{pagerAccesses("billing")},
			wantReadErr: "DescribeVpcAccesses[16]", wantErr: openapi.ErrConflict},
		{name: "the same list twice", add: []string{pagerAccesses("")}},
	})
}

// TestBackendFacts: #18 items 13, 14 and 15: what the cloud says of a
// backend or a target is not read past.
func TestBackendFacts(t *testing.T) {
	inventoryLB := []edit{{wAccesses, `"i-bp1inv"`, `"lb-bp1inv"`}}
	vpcConfig := func(vpc, inst string, port int) edit {
		return edit{wGetOrder, `"VpcId": "",
      "InstanceId": "",
      "Port": 0,`, fmt.Sprintf(`"VpcId": %q,
      "InstanceId": %q,
      "Port": %d,`, vpc, inst, port)}
	}
	target := []vpcgate.Move{{Group: "g-shop", To: "apigw-vpc-prod"}}
	runCases(t, []planCase{
		// Item 13: a classic-network load balancer is in no VPC.
		{name: "a classic-network load balancer", edits: append(slices.Clone(inventoryLB), edit{wSLB, `"NetworkType": "vpc"`, `"NetworkType": "classic"`}),
			wantPlanErr: "DescribeVpcAccesses[9].VpcAccessAttributes.VpcAccessAttribute[1].InstanceId", wantErr: openapi.ErrConflict},
		{name: "a load balancer without VpcId", edits: append(slices.Clone(inventoryLB), edit{wSLB, `"VpcId": "vpc-bp1shop",`, ``}),
			wantNotes: []string{`DescribeLoadBalancers[13].LoadBalancers.LoadBalancer[0].VpcId: not checked: load balancer "lb-bp1inv" gives no VpcId`},
			check: func(t *testing.T, p vpcgate.Plan) {
				if a := p.Authorizations[1]; a.Addr.IsValid() || a.Backend != 0 {
					t.Errorf("authorization %+v: its address must not be used", a)
				}
			}},
		{name: "an internal load balancer in the VPC", edits: inventoryLB,
			check: func(t *testing.T, p vpcgate.Plan) {
				if a := p.Authorizations[1]; a.Addr.String() != "10.10.8.5" || a.Backend != authz.CLB {
					t.Errorf("authorization %+v, want the load balancer's address", a)
				}
			}},
		// Item 14: a shared instance is no VPC integration instance,
		// whatever its DedicatedInstanceType says.
		{name: "a VPC_SHARED target with vpc_connect", edits: []edit{{wInstances, `"InstanceType": "VPC_DEDICATED"`, `"InstanceType": "VPC_SHARED"`}}, moves: target,
			wantPlanErr: "moves[0].to"},
		{name: "a target without InstanceType", edits: []edit{{wInstances, `"InstanceType": "VPC_DEDICATED",`, ``}}, moves: target,
			wantPlanErr: "moves[0].to"},
		// Item 15: DescribeApi's VpcConfig states the backend.
		{name: "VpcConfig agrees", edits: []edit{vpcConfig("vpc-bp1shop", "i-bp1orders", 8080)}},
		{name: "VpcConfig names another VPC", edits: []edit{vpcConfig("vpc-bp1old", "i-bp1orders", 8080)},
			wantPlanErr: "DescribeApi[0].ServiceConfig.VpcConfig.VpcId", wantErr: openapi.ErrConflict},
		{name: "VpcConfig names another backend", edits: []edit{vpcConfig("vpc-bp1shop", "i-bp1other", 8080)},
			wantPlanErr: "DescribeApi[0].ServiceConfig.VpcConfig.InstanceId", wantErr: openapi.ErrConflict},
		{name: "VpcConfig names another port", edits: []edit{vpcConfig("vpc-bp1shop", "i-bp1orders", 80)},
			wantPlanErr: "DescribeApi[0].ServiceConfig.VpcConfig.Port", wantErr: openapi.ErrConflict},
		{name: "VpcConfig without the authorization", edits: []edit{vpcConfig("vpc-bp1old", "10.0.0.9", 80), {wAccesses, `"Name": "orders"`, `"Name": "orders-old"`}, {wAccesses, `"TotalCount": 4`, `"TotalCount": 5`}},
			wantNotes: []string{`DescribeApi[0].ServiceConfig.VpcConfig.Name: not checked: authorization "orders" is on no DescribeVpcAccesses page given`},
			check: func(t *testing.T, p vpcgate.Plan) {
				i := slices.IndexFunc(p.Authorizations, func(a authz.Authorization) bool { return a.Name == "orders" })
				if i < 0 {
					t.Fatalf("no authorization \"orders\" from the VpcConfig: %+v", p.Authorizations)
				}
				if a := p.Authorizations[i]; a.VPCID != "vpc-bp1old" || a.InstanceID != "10.0.0.9" || a.Port != 80 {
					t.Errorf("authorization %+v, want the VpcConfig's", a)
				}
				if got := p.Source[field.Path("authorizations").Index(i).Child("vpcId")]; got != "DescribeApi[0].ServiceConfig.VpcConfig.VpcId" {
					t.Errorf("its VPC's place %q", got)
				}
				if r := vpcgate.Check(p, vpcgate.Options{}); !slices.ContainsFunc(r.Sections, func(s vpcgate.Section) bool {
					return slices.ContainsFunc(s.Problems, func(f vpcgate.Finding) bool { return f.Code == "vpc-mismatch" && strings.Contains(f.What, `"orders"`) })
				}) {
					t.Errorf("the VpcConfig's backend in another VPC is no vpc-mismatch")
				}
			}},
	})
}

// TestReadNamedResponses: a document named by its file is named so in
// every error and every place.
func TestReadNamedResponses(t *testing.T) {
	docs := namedFiles(t, filepath.Join(scenarios, "works", "*.json"))
	s, err := vpcgate.ReadNamedResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[field.Path]string{
		"instances[0].connectCidrBlocks[2]": `DescribeInstances["apigateway-DescribeInstances.json"].Instances.InstanceAttribute[0].ConnectCidrBlocks[2]`,
		"authorizations[1].instanceId":      `DescribeVpcAccesses["apigateway-DescribeVpcAccesses.json"].VpcAccessAttributes.VpcAccessAttribute[1].InstanceId`,
		"groups[0].apis[2].vpcAccess":       `DescribeApi["apigateway-DescribeApi-api-invoice.json"].ServiceConfig.VpcConfig.Name`,
	} {
		if got := p.Source[path]; got != want {
			t.Errorf("Source[%s] = %q, want %q", path, got, want)
		}
	}
	if w := p.Notes[0].Where; w != `DescribeApiGroup["apigateway-DescribeApiGroup.json"].dataWorks` {
		t.Errorf("the DataWorks note is at %q", w)
	}
	// Errors name the file: a bad value, an unknown shape, bad JSON, a
	// conflict, and a name given twice.
	bad := slices.Clone(docs)
	bad[wVSwitches].Body = []byte(`{"VSwitches": {"VSwitch": [{"VSwitchId": "vsw-bp1j", "CidrBlock": "10.10.1.0/33"}]}}`)
	bad = append(bad, vpcgate.NamedResponse{Name: "notes.json", Body: []byte(`{"notes": 1}`)}, vpcgate.NamedResponse{Name: "cut.json", Body: []byte(`{"Instances": `)})
	_, err = vpcgate.ReadNamedResponses(bad...)
	var got []string
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		got = append(got, string(p))
	}
	want := []string{`DescribeVSwitches["vpc-DescribeVSwitches.json"].VSwitches.VSwitch[0].CidrBlock`, `responses["notes.json"]`, `responses["cut.json"].Instances`}
	if diff := cmp.Diff(want, got); diff != "" || !errors.Is(err, vpcgate.ErrInvalidPlan) {
		t.Errorf("errors mismatch (-want +got):\n%s%v", diff, err)
	}
	twice := append(slices.Clone(docs), docs[0])
	if _, err := vpcgate.ReadNamedResponses(twice...); !errors.Is(err, vpcgate.ErrInvalidPlan) || !strings.Contains(err.Error(), `responses["apigateway-DescribeApi-api-getorder.json"]`) {
		t.Errorf("a name given twice: %v", err)
	}
	conflict := slices.Clone(docs)
	conflict[wVSwitches].Body = bytes.Replace(conflict[wVSwitches].Body, []byte(`"10.10.2.0/24"`), []byte(`"10.10.3.0/24"`), 1)
	s, _ = vpcgate.ReadNamedResponses(conflict...)
	if _, err := s.Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"}); !errors.Is(err, openapi.ErrConflict) || !strings.Contains(err.Error(), `DescribeVSwitches["vpc-DescribeVSwitches.json"].VSwitches.VSwitch[1].CidrBlock`) {
		t.Errorf("a conflict: %v", err)
	}
}

// TestSamples reads every sample of the vendor's documentation and real
// CLI output (internal/openapi/testdata/samples, copied verbatim): each
// reads without an input error, alone and together; a move onto the
// documented DescribeInstances sample, a VPC_SHARED instance that says
// vpc_connect, is refused.
func TestSamples(t *testing.T) {
	all := namedFiles(t, filepath.Join("internal", "openapi", "testdata", "samples", "*.json"))
	if len(all) < 7 {
		t.Fatalf("%d samples", len(all))
	}
	for _, d := range all {
		if _, err := vpcgate.ReadResponses(d.Body); err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
	}
	if _, err := vpcgate.ReadNamedResponses(all...); err != nil {
		t.Fatalf("all samples: %v", err)
	}
	docs := append(slices.Clone(all), vpcgate.NamedResponse{Name: "group.json", Body: []byte(`{"GroupId": "g-1", "RegionId": "cn-beijing"}`)})
	s, err := vpcgate.ReadNamedResponses(docs...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Plan(vpcgate.Move{Group: "g-1", To: "api-shared-vpc-020"})
	if p, _ := field.PathOf(err); !errors.Is(err, vpcgate.ErrInvalidPlan) || p != "moves[0].to" || !strings.Contains(err.Error(), `InstanceType "VPC_SHARED"`) {
		t.Errorf("a move onto the documented sample: %v", err)
	}
}

// TestSecurityGroupPagesLinear: putting one group's rule pages together
// costs time linear in the pages (it was quadratic: every page copied the
// rules before it): 4n pages cost about 4 times what n pages do.
func TestSecurityGroupPagesLinear(t *testing.T) {
	pagesOf := func(n int) [][]byte {
		docs := make([][]byte, n)
		for i := range n {
			req, next := "", ""
			if i > 0 {
				req = fmt.Sprintf(`"NextToken": "t%d"`, i)
			}
			if i < n-1 {
				next = fmt.Sprintf("t%d", i+1)
			}
			body := fmt.Sprintf(`{"SecurityGroupId": "sg-1", "VpcId": "vpc-1", "InnerAccessPolicy": "Drop", "NextToken": %q, "Permissions": {"Permission": [
				{"SecurityGroupRuleId": "r%d", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"},
				{"SecurityGroupRuleId": "s%d", "Direction": "egress", "Policy": "Drop", "Priority": 2, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}]}}`, next, i, i)
			docs[i] = []byte(body)
			if req != "" {
				docs[i] = []byte(`{"request": {` + req + `}, "response": ` + body + `}`)
			}
		}
		return docs
	}
	allocs := func(n int) float64 {
		docs := pagesOf(n)
		s, err := vpcgate.ReadResponses(docs...)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.String(); !strings.Contains(got, fmt.Sprintf("DescribeSecurityGroupAttribute×%d", n)) {
			t.Fatalf("read %s", got)
		}
		return testing.AllocsPerRun(2, func() { _, _ = vpcgate.ReadResponses(docs...) })
	}
	small, big := allocs(200), allocs(800)
	if big > 4.6*small {
		t.Errorf("allocations grow faster than the pages: %.0f for 200 pages, %.0f for 800", small, big)
	}
}

func BenchmarkSecurityGroupPages(b *testing.B) {
	for _, n := range []int{16, 1024} {
		b.Run("pages="+strconv.Itoa(n), func(b *testing.B) {
			docs := make([][]byte, n)
			for i := range n {
				next := ""
				if i < n-1 {
					next = fmt.Sprintf("t%d", i+1)
				}
				body := fmt.Sprintf(`{"SecurityGroupId": "sg-1", "VpcId": "vpc-1", "InnerAccessPolicy": "Drop", "NextToken": %q, "Permissions": {"Permission": [{"SecurityGroupRuleId": "r%d", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}]}}`, next, i)
				if i == 0 {
					docs[i] = []byte(body)
				} else {
					docs[i] = []byte(fmt.Sprintf(`{"request": {"NextToken": "t%d"}, "response": %s}`, i, body))
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := vpcgate.ReadResponses(docs...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestVpcConfigAndMissingAuthorization: an authorization that the whole
// list of DescribeVpcAccesses lacks is missing, whatever an API's
// VpcConfig says of its backend.
func TestVpcConfigAndMissingAuthorization(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	docs = edited(t, docs, []edit{
		{wGetOrder, `"VpcId": "",
      "InstanceId": "",
      "Port": 0,`, `"VpcId": "vpc-bp1shop",
      "InstanceId": "i-bp1orders",
      "Port": 8080,`},
		{wAccesses, `"Name": "orders"`, `"Name": "orders-old"`}})
	p := planOf(t, docs, moves...)
	if slices.ContainsFunc(p.Authorizations, func(a authz.Authorization) bool { return a.Name == "orders" }) {
		t.Errorf("an authorization the whole list lacks is in the plan: %+v", p.Authorizations)
	}
	if problems, _ := verdictOf(vpcgate.Check(p, vpcgate.Options{})); !slices.Contains(problems, "missing-authorization") {
		t.Errorf("problems %q, want missing-authorization", problems)
	}
}

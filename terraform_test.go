package vpcgate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/terraform"
	"github.com/vpcgate/vpcgate/migrate"
)

var pfx = netip.MustParsePrefix

// The pieces the fixtures share: a VPC 10.0.0.0/16 created with the plan,
// a gateway "gw" in zones j and k on vSwitches a and b, security group sg.
const (
	gwAddr  = "alicloud_api_gateway_instance.gw"
	vpcAddr = "alicloud_vpc.vpc"
	// sgID stands for the security group's ID, known only after apply.
	sgID = "alicloud-security-group-sg-0"
)

func gwInstance(vpcID string, vswA, vswB string, blockA, blockB netip.Prefix) vpcgate.Instance {
	return vpcgate.Instance{ID: gwAddr, Spec: instance.Spec{
		Name: "gw", RegionID: "cn-hangzhou", VPCID: vpcID, CIDR: pfx("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-j", VSwitchID: vswA, VSwitchCIDR: blockA, SecurityGroupID: sgID},
			{ZoneID: "cn-hangzhou-k", VSwitchID: vswB, VSwitchCIDR: blockB, SecurityGroupID: sgID},
		},
	}}
}

// tfVPC returns a VPC as ReadTerraformPlan reads it: a plan cannot show
// the networks connected to it.
func tfVPC(id string, blocks ...string) instance.VPC {
	v := instance.VPC{ID: id, ConnectedUnknown: true}
	for _, b := range blocks {
		v.CIDRs = append(v.CIDRs, pfx(b))
	}
	return v
}

// withVSwitches returns v with the blocks of its vSwitches that the plan
// holds (alicloud_vswitch resources in it).
func withVSwitches(v instance.VPC, blocks ...string) instance.VPC {
	for _, b := range blocks {
		v.VSwitches = append(v.VSwitches, pfx(b))
	}
	return v
}

func ordersGroup(to string) vpcgate.Group {
	return vpcgate.Group{ID: "alicloud_api_gateway_group.g", Name: "g", RegionID: "cn-hangzhou", To: to,
		APIs: []migrate.API{{ID: "alicloud_api_gateway_api.orders", Name: "orders", VPCAccess: "backend"}}}
}

func acceptAll(block string) authz.Rule {
	return authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: pfx(block)}
}

func normalGroup(id string, rules ...authz.Rule) authz.SecurityGroup {
	// A group of the plan: its inbound rules are given (none here).
	return authz.SecurityGroup{ID: id, Type: authz.GroupNormal, InnerAccessPolicy: authz.PolicyAccept, Rules: rules, Inbound: &authz.Inbound{}}
}

// planOpts compares plans without their Source maps (tested on their own)
// and without telling nil slices from empty ones.
var planOpts = cmp.Options{cmpopts.IgnoreFields(vpcgate.Plan{}, "Source"), cmpopts.EquateEmpty(), cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })}

func TestReadTerraformPlanFixtures(t *testing.T) {
	backend := authz.Authorization{Name: "backend", VPCID: vpcAddr, InstanceID: "10.0.1.10", Port: 8080}
	tests := []struct {
		name string
		want vpcgate.Plan
	}{
		{"clean", vpcgate.Plan{
			ServiceLinkedRole: vpcgate.RoleUnknown, // the plan creates an instance and cannot say
			Instances:         []vpcgate.Instance{gwInstance(vpcAddr, "alicloud_vswitch.a", "alicloud_vswitch.b", pfx("10.0.1.0/24"), pfx("10.0.2.0/24"))},
			VPCs:              []instance.VPC{withVSwitches(tfVPC(vpcAddr, "10.0.0.0/16"), "10.0.1.0/24", "10.0.2.0/24")},
			Authorizations:    []authz.Authorization{backend},
			SecurityGroups:    []authz.SecurityGroup{normalGroup(sgID, acceptAll("10.0.0.0/16"))},
			Groups:            []vpcgate.Group{ordersGroup(gwAddr)},
		}},
		{"modules", vpcgate.Plan{
			ServiceLinkedRole: vpcgate.RoleUnknown, // the plan creates an instance and cannot say
			// IDs known only after apply connect through module outputs
			// to the module's resources, for_each keys included.
			Instances: []vpcgate.Instance{gwInstance("module.net.alicloud_vpc.this",
				`module.net.alicloud_vswitch.zone["j"]`, `module.net.alicloud_vswitch.zone["k"]`, pfx("10.0.1.0/24"), pfx("10.0.2.0/24"))},
			VPCs:           []instance.VPC{withVSwitches(tfVPC("module.net.alicloud_vpc.this", "10.0.0.0/16"), "10.0.1.0/24", "10.0.2.0/24")},
			Authorizations: []authz.Authorization{{Name: "backend", VPCID: "module.net.alicloud_vpc.this", InstanceID: "10.0.2.20", Port: 8080}},
			SecurityGroups: []authz.SecurityGroup{normalGroup(sgID,
				authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}, DestCIDR: pfx("10.0.1.0/24")},
				authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}, DestCIDR: pfx("10.0.2.0/24")},
			)},
			Groups: []vpcgate.Group{ordersGroup(gwAddr)},
		}},
		{"backend-service", vpcgate.Plan{
			ServiceLinkedRole: vpcgate.RoleUnknown, // the plan creates an instance and cannot say
			// The API calls a VPC backend service: it names no
			// authorization the reader can see, and says so.
			Instances:      []vpcgate.Instance{gwInstance(vpcAddr, "alicloud_vswitch.a", "alicloud_vswitch.b", pfx("10.0.1.0/24"), pfx("10.0.2.0/24"))},
			VPCs:           []instance.VPC{withVSwitches(tfVPC(vpcAddr, "10.0.0.0/16"), "10.0.1.0/24", "10.0.2.0/24")},
			Authorizations: []authz.Authorization{backend},
			SecurityGroups: []authz.SecurityGroup{normalGroup(sgID, acceptAll("10.0.0.0/16"))},
			// Its own address is a host name, resolved only when called.
			Groups: []vpcgate.Group{{ID: "alicloud_api_gateway_group.g", Name: "g", RegionID: "cn-hangzhou", To: gwAddr,
				APIs: []migrate.API{{ID: "alicloud_api_gateway_api.orders", Name: "orders", ServiceAddress: authz.Endpoint{Scheme: "http", Host: "orders.example.com", Port: 80}}}}},
			Notes: []vpcgate.Note{{Code: "unverified", Where: "alicloud_api_gateway_api.orders.backend_enabled",
				What: `alicloud_api_gateway_api.orders.backend_enabled is true, so the API calls its backend service alicloud_api_gateway_backend.vpc (backend_type "VPC"); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`}},
		}},
		{"data-source", vpcgate.Plan{
			ServiceLinkedRole: vpcgate.RoleUnknown, // the plan creates an instance and cannot say
			// The VPC comes from a data source read during apply: its ID
			// is unknown (never its address, which a data source's ID
			// cannot stand for), so the VPC IDs are not compared.
			Instances:      []vpcgate.Instance{gwInstance("", "alicloud_vswitch.a", "alicloud_vswitch.b", pfx("10.0.1.0/24"), pfx("10.0.2.0/24"))},
			VPCs:           []instance.VPC{tfVPC(vpcAddr, "10.0.0.0/16")},
			Authorizations: []authz.Authorization{{Name: "backend", InstanceID: "10.0.1.10", Port: 8080}},
			SecurityGroups: []authz.SecurityGroup{normalGroup(sgID, acceptAll("10.0.0.0/16"))},
			Groups:         []vpcgate.Group{ordersGroup(gwAddr)},
			// One note per value read from the unknown ID, each naming
			// its value (Path) when it is one of the plan's.
			Notes: []vpcgate.Note{
				{Code: "unverified", Where: "data.alicloud_vpcs.main.id", Path: "instances[0].vpcId",
					What: "alicloud_api_gateway_instance.gw.user_vpc_id refers to data.alicloud_vpcs.main.id, known only after apply: the instance's VPC is not checked"},
				{Code: "unverified", Where: "data.alicloud_vpcs.main.id",
					What: "alicloud_vswitch.a.vpc_id refers to data.alicloud_vpcs.main.id, known only after apply: the gateway's vSwitch is not checked against it"},
				{Code: "unverified", Where: "data.alicloud_vpcs.main.id",
					What: "alicloud_vswitch.b.vpc_id refers to data.alicloud_vpcs.main.id, known only after apply: the gateway's vSwitch is not checked against it"},
				{Code: "unverified", Where: "data.alicloud_vpcs.main.id", Path: "authorizations[0].vpcId",
					What: "alicloud_api_gateway_vpc_access.backend.vpc_id refers to data.alicloud_vpcs.main.id, known only after apply: the authorization's VPC is not checked"},
			},
		}},
		{"unknown", vpcgate.Plan{
			ServiceLinkedRole: vpcgate.RoleUnknown, // the plan creates an instance and cannot say
			// The second vSwitch's block, the backend and the group's
			// instance stay unknown: zero, each with a note.
			Instances: []vpcgate.Instance{gwInstance(vpcAddr, "alicloud_vswitch.a", "alicloud_vswitch.b", pfx("10.0.1.0/24"), netip.Prefix{})},
			VPCs:      []instance.VPC{withVSwitches(tfVPC(vpcAddr), "10.0.1.0/24")},
			// The backend is the ECS instance the plan creates (its ID
			// stands for it, as a security group's does), at an address
			// known only after apply: unverified, never missing.
			Authorizations: []authz.Authorization{{Name: "backend", VPCID: vpcAddr, InstanceID: "alicloud-instance-web-0", Port: 8080, Backend: authz.ECS}},
			SecurityGroups: []authz.SecurityGroup{normalGroup(sgID, acceptAll("10.0.0.0/8"))},
			Groups:         []vpcgate.Group{ordersGroup("")},
			Notes: []vpcgate.Note{
				{Code: "unverified", Where: "alicloud_vpc.vpc.cidr_block", What: "alicloud_vpc.vpc.cidr_block is known only after apply: the VPC's blocks are not checked"},
				{Code: "unverified", Where: "alicloud_vswitch.b.cidr_block", Path: "instances[0].zones[1].vSwitchCidr", What: "alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block refers to alicloud_vswitch.b.cidr_block, known only after apply: the vSwitch block is not checked"},
				{Code: "unverified", Where: "alicloud_instance.web.private_ip", Path: "authorizations[0].addr", What: "alicloud_instance.web.private_ip is known only after apply: the backend's address is not known, so the backend is not checked"},
				{Code: "unverified", Where: "alicloud_instance.web.vpc_id", What: `neither alicloud_instance.web.vpc_id nor the VPC of its vSwitch is in the plan: whether alicloud_instance.web, the backend of alicloud_api_gateway_vpc_access.backend, is in the authorization's VPC "alicloud_vpc.vpc" is not checked`},
				{Code: "unverified", Where: "alicloud_api_gateway_group.g.instance_id", Path: "groups[0].to", What: "alicloud_api_gateway_group.g.instance_id is known only after apply: the group's target is not known"},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readTF(t, tt.name)
			if diff := cmp.Diff(tt.want, got, planOpts); diff != "" {
				t.Errorf("ReadTerraformPlan(%s) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

func TestReadTerraformPlanReplaced(t *testing.T) {
	got := readTF(t, "replaced")
	const (
		old = "apigateway-cn-old000000"
		vpc = "vpc-bp1main00000000000000"
		sg  = "sg-bp1gw000000000000000"
	)
	zones := []instance.ZonePlacement{
		{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-bp1a0000000000000000", VSwitchCIDR: pfx("10.0.1.0/24"), SecurityGroupID: sg},
		{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-bp1b0000000000000000", VSwitchCIDR: pfx("10.0.2.0/24"), SecurityGroupID: sg},
	}
	want := vpcgate.Plan{
		ServiceLinkedRole: vpcgate.RoleExists, // alicloud_api_gateway_instance.old proves it
		Instances: []vpcgate.Instance{
			// It exists: connect_cidr_blocks are what the cloud holds
			// (facts), and the block to_connect_vpc_ip_block adds is a
			// request.
			{ID: old, Spec: instance.Spec{Name: "old", RegionID: "cn-hangzhou", VPCID: vpc, CIDR: pfx("192.168.0.0/16"), Zones: zones},
				Exists: true, ConnectCidrBlocks: []netip.Prefix{pfx("10.0.1.0/24"), pfx("10.0.2.0/24")},
				Accessible: []netip.Prefix{pfx("10.0.9.0/24")}},
			// Replaced: its ID is known only after apply.
			{ID: "alicloud_api_gateway_instance.new", Spec: instance.Spec{Name: "new", RegionID: "cn-hangzhou", VPCID: vpc, CIDR: pfx("192.168.0.0/16"), Zones: zones}},
		},
		VPCs: []instance.VPC{withVSwitches(tfVPC(vpc, "10.0.0.0/16"), "10.0.1.0/24", "10.0.2.0/24")},
		Authorizations: []authz.Authorization{
			{Name: "backend", VPCID: vpc, InstanceID: "10.0.1.10", Port: 8080},
			{Name: "batch", VPCID: vpc, InstanceID: "10.0.9.5", Port: 80},
		},
		SecurityGroups: []authz.SecurityGroup{normalGroup(sg, acceptAll("10.0.0.0/16"))},
		Groups: []vpcgate.Group{
			{ID: "alicloud_api_gateway_group.g", Name: "g", RegionID: "cn-hangzhou", To: "alicloud_api_gateway_instance.new",
				APIs: []migrate.API{{ID: "alicloud_api_gateway_api.orders", Name: "orders", VPCAccess: "backend"}}},
			{ID: "6d2a0000000000000000000000000002", Name: "g2", RegionID: "cn-hangzhou", To: old,
				APIs: []migrate.API{{ID: "6d2a0000000000000000000000000002|api2", Name: "batch", VPCAccess: "batch"}}},
		},
		Notes: []vpcgate.Note{
			// The old instance's connect_cidr_blocks are not the new one's.
			{Code: "unverified", Where: "alicloud_api_gateway_instance.new.connect_cidr_blocks", What: "alicloud_api_gateway_instance.new is replaced, so the blocks the old instance reaches (connect_cidr_blocks) go with it: only the new instance's vSwitch blocks and the block to_connect_vpc_ip_block adds are taken as accessible"},
			{Code: "force-new", Where: "alicloud_api_gateway_instance.new.instance_cidr", Path: "instances[1].cidr", What: "instance_cidr changes, so Terraform replaces alicloud_api_gateway_instance.new: the instance is destroyed and a new one created (instance_cidr is ForceNew); its groups must be re-created or moved"},
			{Code: "force-new", Where: "alicloud_api_gateway_group.g.instance_id", Path: "groups[0].to", What: `instance_id changes from "apigateway-cn-old000000" to the instance alicloud_api_gateway_instance.new creates, so Terraform replaces alicloud_api_gateway_group.g: the group is destroyed with its APIs, domains and app authorizations and a new, empty group is created (instance_id is ForceNew); ModifyApiGroupInstance would move the group instead`},
		},
	}
	if diff := cmp.Diff(want, got, planOpts); diff != "" {
		t.Errorf("ReadTerraformPlan(replaced) mismatch (-want +got):\n%s", diff)
	}
}

// TestTerraformSource pins where plan paths point in the Terraform plan.
func TestTerraformSource(t *testing.T) {
	tests := []struct {
		fixture string
		path    field.Path
		want    string
	}{
		{"clean", "instances[0]", gwAddr},
		{"clean", "instances[0].zones[1].vSwitchCidr", gwAddr + ".zone_vswitch_security_group[1].cidr_block"},
		{"clean", "instances[0].zones[0].securityGroupId", gwAddr + ".zone_vswitch_security_group[0].security_group"},
		{"clean", "instances[0].vpcId", gwAddr + ".user_vpc_id"},
		{"clean", "instances[0].cidr", gwAddr + ".instance_cidr"},
		{"clean", "instances[0].regionId", "provider.alicloud.region"},
		{"clean", "vpcs[0].cidrs[0]", "alicloud_vpc.vpc.cidr_block"},
		{"clean", "authorizations[0].instanceId", "alicloud_api_gateway_vpc_access.backend.instance_id"},
		{"clean", "authorizations[0].vpcId", "alicloud_api_gateway_vpc_access.backend.vpc_id"},
		{"clean", "groups[0].apis[0].vpcAccess", "alicloud_api_gateway_api.orders.http_vpc_service_config[0].name"},
		{"clean", "groups[0].to", "alicloud_api_gateway_group.g.instance_id"},
		{"clean", "securityGroups[0].rules[0]", "alicloud_security_group_rule.to_vpc"},
		{"clean", "securityGroups[0].rules[0].destCidrIp", "alicloud_security_group_rule.to_vpc.cidr_ip"},
		{"modules", "vpcs[0]", "module.net.alicloud_vpc.this"},
		{"modules", "vpcs[0].cidrs[0]", "module.net.alicloud_vpc.this.cidr_block"},
		{"modules", "securityGroups[0].rules[1]", "alicloud_security_group_rule.egress[1]"},
		{"modules", "securityGroups[0].rules[1].portRange", "alicloud_security_group_rule.egress[1].port_range"},
		{"replaced", "instances[0].accessible[0]", "alicloud_api_gateway_instance.old.to_connect_vpc_ip_block.cidr_block"},
	}
	plans := map[string]vpcgate.Plan{}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+string(tt.path), func(t *testing.T) {
			p, ok := plans[tt.fixture]
			if !ok {
				p = readTF(t, tt.fixture)
				plans[tt.fixture] = p
			}
			if got := p.Source[tt.path]; got != tt.want {
				t.Errorf("Source[%q] = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

type verdict struct{ Code, Where string }

// TestTerraformVerdicts checks each fixture with Check and pins its
// problems and warnings by code and place.
func TestTerraformVerdicts(t *testing.T) {
	egress := verdict{"egress-denied", "alicloud_api_gateway_vpc_access.backend"}
	// A group whose references fail gets placement advice.
	placement := []verdict{{"placement", "alicloud_api_gateway_group.g.instance_id"}}
	tests := []struct {
		fixture  string
		problems []verdict
		warnings []verdict
	}{
		{fixture: "clean"},
		{fixture: "modules"},
		// An API that calls a VPC backend service is never a silent pass.
		{fixture: "backend-service", warnings: []verdict{{"unverified", "alicloud_api_gateway_api.orders.backend_enabled"}, {"unverified", "alicloud_api_gateway_api.orders.http_service_config[0].address"}}},
		// A VPC ID read by a data source during apply is unknown: it was
		// "in VPC data.alicloud_vpcs.main, reachable", a pass. The
		// instance's VPC and the authorization's, which its notes name
		// (Path), are unverified, never "required" (the authorization's
		// was "invalid-authorization", a false problem, while the reader
		// kept one note for the value, naming only the first attribute
		// read from it), and the value is said once, in the notes (an
		// undescribed VPC "" at the instance's user_vpc_id was said too).
		{fixture: "data-source",
			warnings: []verdict{
				{"placement", "alicloud_api_gateway_group.g.instance_id"},
				{"unverified", gwAddr + ".user_vpc_id"},
				{"unverified", "alicloud_api_gateway_vpc_access.backend.vpc_id"},
				{"unverified", "data.alicloud_vpcs.main.id"},
			}},
		{fixture: "reserved-conflict", problems: []verdict{{"reserved-conflict", gwAddr + ".zone_vswitch_security_group[1].cidr_block"}},
			warnings: []verdict{{"placement", "alicloud_api_gateway_group.g.instance_id"}}}, // the instance cannot be created
		{fixture: "unreachable", problems: []verdict{{"unreachable", "alicloud_api_gateway_vpc_access.backend.instance_id"}}, warnings: placement},
		{fixture: "vpc-mismatch", problems: []verdict{{"vpc-mismatch", "alicloud_api_gateway_vpc_access.backend.vpc_id"}}, warnings: placement},
		{fixture: "egress-denied", problems: []verdict{egress}, warnings: placement},
		// The backend the plan creates, at an address known only after
		// apply, is unverified: it was "invalid-authorization" at
		// instance_id ("missing: this field is required"). So is the
		// vSwitch block known only after apply, which its note names.
		{fixture: "unknown",
			warnings: []verdict{
				{"unverified", gwAddr + ".zone_vswitch_security_group[1].cidr_block"},
				{"placement", "alicloud_api_gateway_group.g"},
				{"unverified", "alicloud_vpc.vpc.cidr_block"},
				{"unverified", "alicloud_vswitch.b.cidr_block"},
				{"unverified", "alicloud_api_gateway_vpc_access.backend.instance_id"},
				{"unverified", "alicloud_instance.web.private_ip"},
				{"unverified", "alicloud_instance.web.vpc_id"},
				{"unverified", "alicloud_api_gateway_group.g.instance_id"},
			}},
		{fixture: "replaced", warnings: []verdict{
			{"unverified", "alicloud_api_gateway_instance.new.connect_cidr_blocks"},
			{"force-new", "alicloud_api_gateway_instance.new.instance_cidr"},
			{"force-new", "alicloud_api_gateway_group.g.instance_id"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			checkVerdicts(t, readTF(t, tt.fixture), tt.problems, tt.warnings)
		})
	}
}

// checkVerdicts checks p with Check and compares its problems and warnings,
// by code and place in any order, with those wanted.
//
// A plan that creates an instance and cannot say whether the account has
// the service-linked role (RoleUnknown: no
// alicloud_resource_manager_service_linked_role, no VPC integration
// instance in the prior state) also gets one unverified warning, at the
// first instance to create, which need not be listed.
func checkVerdicts(t *testing.T, p vpcgate.Plan, wantProblems, wantWarnings []verdict) {
	t.Helper()
	if at, ok := createsInstance(p); ok && p.ServiceLinkedRole == vpcgate.RoleUnknown {
		where := string(at)
		if s, ok := p.Source[at]; ok {
			where = s
		}
		wantWarnings = append(slices.Clone(wantWarnings), verdict{"unverified", where})
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	var problems, warnings []verdict
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			problems = append(problems, verdict{string(f.Code), f.Where})
		}
		for _, f := range s.Warnings {
			warnings = append(warnings, verdict{string(f.Code), f.Where})
		}
	}
	less := func(a, b verdict) bool { return a.Code+a.Where < b.Code+b.Where }
	if diff := cmp.Diff(wantProblems, problems, cmpopts.EquateEmpty(), cmpopts.SortSlices(less)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantWarnings, warnings, cmpopts.EquateEmpty(), cmpopts.SortSlices(less)); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}
	if got, want := r.OK, len(wantProblems) == 0; got != want {
		t.Errorf("OK = %v, want %v", got, want)
	}
}

// tfDoc returns a minimal plan document with the given planned resources
// (JSON objects) in the root module.
func tfDoc(resources ...string) string {
	return `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + strings.Join(resources, ",") + `]}},` +
		`"configuration":{"provider_config":{"alicloud":{"name":"alicloud","expressions":{"region":{"constant_value":"cn-hangzhou"}}}}}}`
}

// gwResource returns gateway alicloud_api_gateway_instance.gw, which
// exists (its ID is known) and reaches 10.0.1.0/24 unless values give its
// connect_cidr_blocks, with more planned values.
func gwResource(values string) string {
	if !strings.Contains(values, `"connect_cidr_blocks"`) {
		values = `"connect_cidr_blocks":"[\"10.0.1.0/24\"]",` + values
	}
	return `{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{"id":"apigateway-cn-1","instance_type":"vpc_connect",` + values + `}}`
}

// apiResource returns API alicloud_api_gateway_api.a of group grp-1 (on
// gateway gw), with more planned values, and the group.
func apiResource(values string) string {
	return `{"address":"alicloud_api_gateway_group.g","mode":"managed","type":"alicloud_api_gateway_group","name":"g","values":{"id":"grp-1","name":"g","instance_id":"apigateway-cn-1"}},` +
		`{"address":"alicloud_api_gateway_api.a","mode":"managed","type":"alicloud_api_gateway_api","name":"a","values":{"id":"grp-1:a","name":"a","group_id":"grp-1",` + values + `}}`
}

func TestReadTerraformPlanErrors(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		paths []field.Path // the JSON paths of the problems, in order
		is    error        // a sentinel the first problem matches
		msg   string       // text the message contains
	}{
		{"empty", ``, []field.Path{""}, nil, "empty document"},
		{"null", `null`, []field.Path{""}, nil, "null"},
		{"array", `[]`, []field.Path{""}, nil, "array, want object"},
		{"syntax", `{"format_version":"1.2",}`, []field.Path{""}, nil, "line 1, column"},
		{"syntax line", "{\n\"format_version\": \"1.2\",\n\"planned_values\": {]\n}", []field.Path{"planned_values"}, nil, "line 3"},
		{"trailing", tfDoc() + ` {}`, []field.Path{""}, nil, "data after the document"},
		{"invalid UTF-8", "{\"format_version\":\"1.\xff\"}", []field.Path{"format_version"}, nil, "UTF-8"},
		{"missing format_version", `{"planned_values":{"root_module":{}}}`, []field.Path{"format_version"}, nil, "required"},
		{"format_version 2", `{"format_version":"2.0","planned_values":{"root_module":{}}}`, []field.Path{"format_version"}, nil, `"2.0"`},
		{"format_version number", `{"format_version":1.2,"planned_values":{"root_module":{}}}`, []field.Path{"format_version"}, nil, "number, want string"},
		{"format_version odd", `{"format_version":"1.x","planned_values":{"root_module":{}}}`, []field.Path{"format_version"}, nil, "unsupported"},
		{"missing planned_values", `{"format_version":"1.2"}`, []field.Path{"planned_values"}, nil, "required"},
		{"duplicate key", `{"format_version":"1.2","format_version":"1.2","planned_values":{"root_module":{}}}`, []field.Path{"format_version"}, nil, "given twice"},
		{"duplicate escaped key", `{"format_version":"1.2","planned_values":{"root_module":{},"root_\u006dodule":{}}}`, []field.Path{"planned_values.root_module"}, nil, "given twice"},
		{"resources not array", `{"format_version":"1.2","planned_values":{"root_module":{"resources":{}}}}`, []field.Path{"planned_values.root_module.resources"}, nil, "object, want array"},
		{"address missing", tfDoc(`{"type":"alicloud_vpc","values":{}}`), []field.Path{"planned_values.root_module.resources[0].address"}, nil, "required"},
		{"address twice", tfDoc(`{"address":"alicloud_vpc.v","values":{"cidr_block":"10.0.0.0/16"}}`, `{"address":"alicloud_vpc.v","values":{"cidr_block":"10.1.0.0/16"}}`), []field.Path{"planned_values.root_module.resources[1].address"}, nil, "given twice"},
		{"change twice", `{"format_version":"1.2","planned_values":{},"resource_changes":[{"address":"a.b","change":{}},{"address":"a.b","change":{}}]}`, []field.Path{"resource_changes[1].address"}, nil, "given twice"},
		{"index bool", tfDoc(`{"address":"a.b","index":true}`), []field.Path{"planned_values.root_module.resources[0].index"}, nil, "boolean"},
		{"values not object", tfDoc(`{"address":"a.b","values":[]}`), []field.Path{"planned_values.root_module.resources[0].values"}, nil, "array, want object"},
		{"host bits", tfDoc(gwResource(`"instance_cidr":"192.168.0.1/16"`)), []field.Path{"planned_values.root_module.resources[0].values.instance_cidr"}, cidr.ErrNotCanonical, "alicloud_api_gateway_instance.gw.instance_cidr"},
		{"mapped vSwitch", tfDoc(gwResource(`"zone_vswitch_security_group":[{"zone_id":"cn-hangzhou-j","cidr_block":"::ffff:10.0.1.0/120"}]`)), []field.Path{"planned_values.root_module.resources[0].values.zone_vswitch_security_group[0].cidr_block"}, cidr.ErrInvalidPrefix, "zone_vswitch_security_group[0].cidr_block"},
		{"cidr wrong type", tfDoc(gwResource(`"instance_cidr":19216800`)), []field.Path{"planned_values.root_module.resources[0].values.instance_cidr"}, nil, "number, want string"},
		{"connect blocks not JSON", tfDoc(gwResource(`"connect_cidr_blocks":"10.0.0.0/8"`)), []field.Path{"planned_values.root_module.resources[0].values.connect_cidr_blocks"}, nil, "JSON array"},
		{"connect blocks escaped, host bits", tfDoc(gwResource(`"connect_cidr_blocks":"[\\\"10.0.0.0/8\\\",\\\"10.0.0.1/8\\\"]"`)), []field.Path{"planned_values.root_module.resources[0].values.connect_cidr_blocks"}, cidr.ErrNotCanonical, "element 1"},
		{"connect blocks host bits", tfDoc(gwResource(`"connect_cidr_blocks":"[\"10.0.0.1/8\"]"`)), []field.Path{"planned_values.root_module.resources[0].values.connect_cidr_blocks"}, cidr.ErrNotCanonical, "element 0"},
		{"port text", tfDoc(`{"address":"alicloud_api_gateway_vpc_access.a","type":"alicloud_api_gateway_vpc_access","values":{"name":"a","port":"eighty"}}`), []field.Path{"planned_values.root_module.resources[0].values.port"}, nil, "whole number"},
		{"port range", tfDoc(`{"address":"alicloud_api_gateway_vpc_access.a","type":"alicloud_api_gateway_vpc_access","values":{"name":"a","port":70000}}`), []field.Path{"planned_values.root_module.resources[0].values.port"}, nil, "70000"},
		{"port fraction", tfDoc(`{"address":"alicloud_api_gateway_vpc_access.a","type":"alicloud_api_gateway_vpc_access","values":{"name":"a","port":80.5}}`), []field.Path{"planned_values.root_module.resources[0].values.port"}, nil, "whole number"},
		{"rule policy", tfDoc(`{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1"}}`,
			`{"address":"alicloud_security_group_rule.r","type":"alicloud_security_group_rule","values":{"type":"egress","security_group_id":"sg-1","policy":"allow","ip_protocol":"tcp","port_range":"80/80","cidr_ip":"10.0.0.0/8","priority":1}}`),
			[]field.Path{"planned_values.root_module.resources[1].values.policy"}, authz.ErrInvalidSecurityGroup, "alicloud_security_group_rule.r.policy"},
		// As the OpenAPI reader refuses Ipv6DestCidrIp "10.0.0.0/8" (#19).
		{"rule IPv4 in ipv6_cidr_ip", tfDoc(`{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1"}}`,
			`{"address":"alicloud_security_group_rule.r","type":"alicloud_security_group_rule","values":{"type":"egress","security_group_id":"sg-1","policy":"accept","ip_protocol":"tcp","port_range":"80/80","ipv6_cidr_ip":"10.0.0.0/8","priority":1}}`),
			[]field.Path{"planned_values.root_module.resources[1].values.ipv6_cidr_ip"}, authz.ErrInvalidSecurityGroup, "alicloud_security_group_rule.r.ipv6_cidr_ip: invalid security group: 10.0.0.0/8 is not an IPv6 block"},
		{"rule mapped address in ipv6_cidr_ip", tfDoc(`{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1"}}`,
			`{"address":"alicloud_security_group_rule.r","type":"alicloud_security_group_rule","values":{"type":"egress","security_group_id":"sg-1","policy":"accept","ip_protocol":"tcp","port_range":"80/80","ipv6_cidr_ip":"::ffff:10.0.0.5","priority":1}}`),
			[]field.Path{"planned_values.root_module.resources[1].values.ipv6_cidr_ip"}, authz.ErrInvalidSecurityGroup, "10.0.0.5/32 is not an IPv6 block"},
		{"rule IPv6 in cidr_ip", tfDoc(`{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1"}}`,
			`{"address":"alicloud_security_group_rule.r","type":"alicloud_security_group_rule","values":{"type":"egress","security_group_id":"sg-1","policy":"accept","ip_protocol":"tcp","port_range":"80/80","cidr_ip":"2001:db8::/32","priority":1}}`),
			[]field.Path{"planned_values.root_module.resources[1].values.cidr_ip"}, authz.ErrInvalidSecurityGroup, "2001:db8::/32 is not an IPv4 block"},
		{"backend_enabled text", tfDoc(gwResource(`"zone_vswitch_security_group":[]`), apiResource(`"backend_enabled":"true","backend_id":"bk-1"`)),
			[]field.Path{"planned_values.root_module.resources[2].values.backend_enabled"}, terraform.ErrWrongType, "alicloud_api_gateway_api.a.backend_enabled"},
		{"backend_id number", tfDoc(gwResource(`"zone_vswitch_security_group":[]`), apiResource(`"backend_enabled":true,"backend_id":7`)),
			[]field.Path{"planned_values.root_module.resources[2].values.backend_id"}, terraform.ErrWrongType, "alicloud_api_gateway_api.a.backend_id"},
		{"every problem at once", tfDoc(gwResource(`"instance_cidr":"192.168.0.1/16","zone_vswitch_security_group":[{"cidr_block":"10.0.1.0/16"}]`)),
			[]field.Path{"planned_values.root_module.resources[0].values.instance_cidr", "planned_values.root_module.resources[0].values.zone_vswitch_security_group[0].cidr_block"}, cidr.ErrNotCanonical, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := vpcgate.ReadTerraformPlan([]byte(tt.doc))
			if err == nil {
				t.Fatalf("ReadTerraformPlan = %+v, nil; want an error", p)
			}
			if !cmp.Equal(p, vpcgate.Plan{}) {
				t.Errorf("ReadTerraformPlan returned a plan with its error: %+v", p)
			}
			if !errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Errorf("errors.Is(%v, ErrInvalidPlan) = false", err)
			}
			parts := field.Split(err)
			var paths []field.Path
			for _, e := range parts {
				p, ok := field.PathOf(e)
				if !ok {
					t.Errorf("problem %q has no path", e)
				}
				paths = append(paths, p)
			}
			if diff := cmp.Diff(tt.paths, paths); diff != "" {
				t.Errorf("paths mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.is != nil && !errors.Is(parts[0], tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", parts[0], tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
		})
	}
}

// TestReadTerraformPlanLenient: members the format adds later, resources of
// other providers, and other instance types are not errors.
func TestReadTerraformPlanLenient(t *testing.T) {
	doc := `{"format_version":"1.9","future":{"x":[1,2]},"planned_values":{"outputs":{"o":{"sensitive":false,"value":1}},"root_module":{"resources":[` +
		`{"address":"null_resource.x","mode":"managed","type":"null_resource","name":"x","values":{"triggers":{"a":"b"}},"new_field":true},` +
		`{"address":"alicloud_api_gateway_instance.n","mode":"managed","type":"alicloud_api_gateway_instance","name":"n","values":{"id":"apigateway-cn-n","instance_type":"normal","instance_cidr":"not read"}}]}},` +
		`"resource_drift":[{"address":"x"}],"checks":[],"timestamp":"2026-01-01T00:00:00Z"}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatalf("ReadTerraformPlan: %v", err)
	}
	if len(p.Instances) != 0 {
		t.Errorf("Instances = %+v, want none: a normal instance is not a VPC integration instance", p.Instances)
	}
	// The provider gives no region here, and the reader says so.
	want := []vpcgate.Note{{Code: "unverified", Where: "provider.alicloud.region", What: "the alicloud provider's region is not in the plan (an environment variable, perhaps): each instance's region is taken from its zones"}}
	if diff := cmp.Diff(want, p.Notes); diff != "" {
		t.Errorf("Notes mismatch (-want +got):\n%s", diff)
	}
}

func TestReadTerraformPlanRegion(t *testing.T) {
	gw := gwResource(`"zone_vswitch_security_group":[{"zone_id":"cn-shanghai-b","vswitch_id":"vsw-1","cidr_block":"10.0.1.0/24","security_group":"sg-1"}]`)
	tests := []struct {
		name, provider, variables string
		want                      string
		notes                     int
	}{
		{"constant", `{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}}`, ``, "cn-hangzhou", 0},
		{"variable", `{"alicloud":{"expressions":{"region":{"references":["var.region"]}}}}`, `,"variables":{"region":{"value":"cn-beijing"}}`, "cn-beijing", 0},
		{"from the zone", `{}`, ``, "cn-shanghai", 1},
		{"aliased only", `{"alicloud.hz":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}}`, ``, "cn-shanghai", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + gw + `]}},"configuration":{"provider_config":` + tt.provider + `}` + tt.variables + `}`
			p, err := vpcgate.ReadTerraformPlan([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Instances[0].RegionID; got != tt.want {
				t.Errorf("RegionID = %q, want %q", got, tt.want)
			}
			if len(p.Notes) != tt.notes {
				t.Errorf("Notes = %+v, want %d", p.Notes, tt.notes)
			}
			checkPlanValues(t, p)
		})
	}
}

// TestReadTerraformPlanRules covers the egress rule forms: a bare address,
// IPv6, destination groups and prefix lists, unknown destinations.
func TestReadTerraformPlanRules(t *testing.T) {
	sg := `{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1","security_group_type":"normal","inner_access_policy":"Drop"}}`
	rule := func(name, values string) string {
		return `{"address":"alicloud_security_group_rule.` + name + `","type":"alicloud_security_group_rule","name":"` + name + `","values":{"type":"egress","security_group_id":"sg-1","ip_protocol":"tcp","port_range":"443/443","priority":"5",` + values + `}}`
	}
	base := authz.Rule{Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 443, To: 443}, Priority: 5}
	with := func(f func(*authz.Rule)) authz.Rule { r := base; f(&r); return r }
	doc := tfDoc(sg,
		rule("addr", `"policy":"accept","cidr_ip":"::ffff:10.0.0.5"`),
		rule("v6", `"policy":"Accept","ipv6_cidr_ip":"2001:db8::/32"`),
		rule("group", `"policy":"drop","source_security_group_id":"sg-2"`),
		rule("list", `"policy":"accept","prefix_list_id":"pl-1"`),
		`{"address":"alicloud_security_group_rule.in","type":"alicloud_security_group_rule","values":{"type":"ingress","security_group_id":"sg-1","cidr_ip":"0.0.0.0/0"}}`,
		`{"address":"alicloud_security_group_rule.other","type":"alicloud_security_group_rule","values":{"type":"egress","security_group_id":"sg-9","cidr_ip":"0.0.0.0/0"}}`,
	)
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []authz.SecurityGroup{{ID: "sg-1", Type: authz.GroupNormal, InnerAccessPolicy: authz.PolicyDrop, Rules: []authz.Rule{
		with(func(r *authz.Rule) { r.Policy, r.DestCIDR = authz.PolicyAccept, pfx("10.0.0.5/32") }),
		with(func(r *authz.Rule) { r.Policy, r.IPv6DestCIDR = authz.PolicyAccept, pfx("2001:db8::/32") }),
		with(func(r *authz.Rule) { r.Policy, r.DestGroupID = authz.PolicyDrop, "sg-2" }),
		with(func(r *authz.Rule) { r.Policy, r.DestPrefixListID = authz.PolicyAccept, "pl-1" }),
	},
		// The ingress rule is read as given (what it lacks, the check's
		// Inbound.Validate reports); the other group's rule is not.
		Inbound: &authz.Inbound{Rules: []authz.IngressRule{{SourceCIDR: pfx("0.0.0.0/0")}}},
	}}
	if diff := cmp.Diff(want, p.SecurityGroups, planOpts); diff != "" {
		t.Errorf("SecurityGroups mismatch (-want +got):\n%s", diff)
	}
	for i, sg := range p.SecurityGroups {
		if err := sg.Validate(); err != nil {
			t.Errorf("SecurityGroups[%d].Validate() = %v", i, err)
		}
	}
}

// TestReadTerraformPlanUnknownRule: a rule whose destination is known only
// after apply keeps its policy and a destination that cannot be known:
// what it might allow or deny is unverified. (An accept rule was left out,
// which denied what it may allow: a false "no".)
func TestReadTerraformPlanUnknownRule(t *testing.T) {
	change := func(name, policy string) string {
		return `{"address":"alicloud_security_group_rule.` + name + `","mode":"managed","type":"alicloud_security_group_rule","name":"` + name + `","change":{"actions":["create"],"after":{},"after_unknown":{"cidr_ip":true}}}`
	}
	rule := func(name, policy string) string {
		return `{"address":"alicloud_security_group_rule.` + name + `","mode":"managed","type":"alicloud_security_group_rule","name":"` + name + `","values":{"type":"egress","security_group_id":"sg-1","ip_protocol":"all","port_range":"-1/-1","priority":1,"policy":"` + policy + `","cidr_ip":null}}`
	}
	doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1"}},` +
		rule("a", "accept") + `,` + rule("d", "drop") + `]}},"resource_changes":[` + change("a", "accept") + `,` + change("d", "drop") + `]}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	unknown := func(pol authz.Policy, addr string) authz.Rule {
		return standIn(pol, 1, standsFor(addr))
	}
	if diff := cmp.Diff([]authz.Rule{unknown(authz.PolicyAccept, "alicloud_security_group_rule.a"), unknown(authz.PolicyDrop, "alicloud_security_group_rule.d")}, p.SecurityGroups[0].Rules, planOpts); diff != "" {
		t.Errorf("Rules mismatch (-want +got):\n%s", diff)
	}
	var where []string
	for _, n := range p.Notes {
		where = append(where, n.Where)
	}
	for _, w := range []string{"alicloud_security_group_rule.a.cidr_ip", "alicloud_security_group_rule.d.cidr_ip"} {
		if !slices.Contains(where, w) {
			t.Errorf("no note at %s in %v", w, where)
		}
	}
}

// TestReadTerraformPlanPlugins: a routing plug-in bound to a group's API
// brings the authorizations its routes name, its plugin_data JSON or
// YAML.
func TestReadTerraformPlanPlugins(t *testing.T) {
	res := func(typ, name, values string) string {
		return `{"address":"` + typ + `.` + name + `","mode":"managed","type":"` + typ + `","name":"` + name + `","values":` + values + `}`
	}
	data := `{\"routes\":[{\"name\":\"a\",\"condition\":\"1 = 1\",\"backend\":{\"type\":\"HTTP-VPC\",\"vpcAccessName\":\"slb\"}},` +
		`{\"name\":\"b\",\"backend\":{\"type\":\"HTTP_VPC\",\"vpcAccessName\":\"old\"}},{\"name\":\"c\",\"backend\":{\"type\":\"MOCK\"}}]}`
	doc := tfDoc(
		gwResource(`"zone_vswitch_security_group":[]`),
		res("alicloud_api_gateway_group", "g", `{"id":"grp-1","name":"g","instance_id":"apigateway-cn-1"}`),
		res("alicloud_api_gateway_api", "a", `{"id":"grp-1:api-1","name":"a","group_id":"grp-1","service_type":"HTTP"}`),
		res("alicloud_api_gateway_plugin", "route", `{"id":"plg-1","plugin_name":"route","plugin_type":"routing","plugin_data":"`+data+`"}`),
		res("alicloud_api_gateway_plugin", "yaml", `{"id":"plg-2","plugin_name":"y","plugin_type":"routing","plugin_data":"routes:\n- name: a\n  backend:\n    type: HTTP-VPC\n    vpcAccessName: y\n"}`),
		res("alicloud_api_gateway_plugin", "ip", `{"id":"plg-3","plugin_name":"ip","plugin_type":"ipControl","plugin_data":"{}"}`),
		res("alicloud_api_gateway_plugin_attachment", "r", `{"plugin_id":"plg-1","group_id":"grp-1","api_id":"api-1","stage_name":"RELEASE"}`),
		res("alicloud_api_gateway_plugin_attachment", "r2", `{"plugin_id":"plg-1","group_id":"grp-1","api_id":"api-1","stage_name":"TEST"}`),
		res("alicloud_api_gateway_plugin_attachment", "y", `{"plugin_id":"plg-2","group_id":"grp-1","api_id":"api-1","stage_name":"RELEASE"}`),
		res("alicloud_api_gateway_plugin_attachment", "i", `{"plugin_id":"plg-3","group_id":"grp-1","api_id":"api-1","stage_name":"RELEASE"}`),
	)
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []vpcgate.Group{{ID: "grp-1", Name: "g", RegionID: "cn-hangzhou", To: "apigateway-cn-1",
		APIs: []migrate.API{{ID: "grp-1:api-1", Name: "a"}},
		Plugins: []migrate.Plugin{
			{ID: "plg-1", Name: "route", Type: "routing", VPCAccess: []string{"slb", "old"}},
			{ID: "plg-2", Name: "y", Type: "routing", VPCAccess: []string{"y"}},
		}}}
	if diff := cmp.Diff(want, p.Groups, planOpts); diff != "" {
		t.Errorf("Groups mismatch (-want +got):\n%s", diff)
	}
	if len(p.Notes) != 0 {
		t.Errorf("Notes = %+v, want none", p.Notes)
	}
}

// TestReadTerraformPlanGroupsElsewhere: groups on instances outside the
// plan's VPC integration instances are not the plan's; one on an instance
// the plan does not describe is noted.
func TestReadTerraformPlanGroupsElsewhere(t *testing.T) {
	doc := tfDoc(
		`{"address":"alicloud_api_gateway_instance.n","type":"alicloud_api_gateway_instance","values":{"id":"apigateway-cn-n","instance_type":"normal"}}`,
		`{"address":"alicloud_api_gateway_group.on_normal","type":"alicloud_api_gateway_group","values":{"id":"g1","instance_id":"apigateway-cn-n"}}`,
		`{"address":"alicloud_api_gateway_group.shared","type":"alicloud_api_gateway_group","values":{"id":"g2","instance_id":"api-shared-vpc-001"}}`,
	)
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Groups) != 0 {
		t.Errorf("Groups = %+v, want none", p.Groups)
	}
	want := []vpcgate.Note{{Code: "unverified", Where: "alicloud_api_gateway_group.shared.instance_id", What: `instance "api-shared-vpc-001" of alicloud_api_gateway_group.shared is not in the plan: the group is not checked`}}
	if diff := cmp.Diff(want, p.Notes); diff != "" {
		t.Errorf("Notes mismatch (-want +got):\n%s", diff)
	}
}

// TestReadTerraformPlanDoesNotModify: the input is not changed, and two
// reads give equal plans that share nothing.
func TestReadTerraformPlanDoesNotModify(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(tfDir, "replaced.json"))
	if err != nil {
		t.Fatal(err)
	}
	orig := bytes.Clone(data)
	a, err := vpcgate.ReadTerraformPlan(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Error("ReadTerraformPlan modified its input")
	}
	b, _ := vpcgate.ReadTerraformPlan(data)
	if diff := cmp.Diff(a, b, cmpopts.EquateEmpty(), planOpts[2], planOpts[3]); diff != "" {
		t.Errorf("two reads differ (-first +second):\n%s", diff)
	}
	a.Instances[0].Zones[0].ZoneID = "changed"
	a.Source["instances[0]"] = "changed"
	if b.Instances[0].Zones[0].ZoneID == "changed" || b.Source["instances[0]"] == "changed" {
		t.Error("two reads share memory")
	}
}

// TestReadTerraformPlanFixturesValid: every fixture reads, and every value
// the reader produces is valid for the library (canonical prefixes, known
// parsers' values), every instance has an ID, and Source names Terraform
// places.
func TestReadTerraformPlanFixturesValid(t *testing.T) {
	names := tfFixtures(t)
	if len(names) < 8 {
		t.Fatalf("%d fixtures, want at least 8", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			checkPlanValues(t, readTF(t, name))
		})
	}
}

// checkPlanValues checks the invariants of a plan ReadTerraformPlan returns.
func checkPlanValues(t testing.TB, p vpcgate.Plan) {
	t.Helper()
	canonical := func(where string, q netip.Prefix) {
		if q.IsValid() && (q != q.Masked() || q.Addr().Is4In6()) {
			t.Errorf("%s: %v is not canonical", where, q)
		}
	}
	if p.Instance != nil || p.VPC != nil || p.Accessible != nil {
		t.Error("the single-instance form is set")
	}
	for i, in := range p.Instances {
		if in.ID == "" {
			t.Errorf("instances[%d] has no ID", i)
		}
		canonical(fmt.Sprintf("instances[%d].cidr", i), in.CIDR)
		for j, z := range in.Zones {
			canonical(fmt.Sprintf("instances[%d].zones[%d]", i, j), z.VSwitchCIDR)
		}
		for j, a := range in.Accessible {
			canonical(fmt.Sprintf("instances[%d].accessible[%d]", i, j), a)
		}
	}
	for i, v := range p.VPCs {
		for j, c := range v.CIDRs {
			canonical(fmt.Sprintf("vpcs[%d].cidrs[%d]", i, j), c)
		}
	}
	for i, sg := range p.SecurityGroups {
		for j, r := range sg.Rules {
			canonical(fmt.Sprintf("securityGroups[%d].rules[%d]", i, j), r.DestCIDR)
			canonical(fmt.Sprintf("securityGroups[%d].rules[%d]", i, j), r.IPv6DestCIDR)
		}
	}
	for k, v := range p.Source {
		if k == "" || v == "" || strings.ContainsAny(v, "\n") {
			t.Errorf("Source[%q] = %q", k, v)
		}
	}
	for _, n := range p.Notes {
		if n.Code != "unverified" && n.Code != "force-new" || n.Where == "" || n.What == "" {
			t.Errorf("bad note %+v", n)
		}
	}
}

// bigPlan returns a plan with one gateway whose n zones each refer to a
// vSwitch created with the plan (IDs known only after apply), so that
// every placement resolves a reference.
func bigPlan(n int) []byte {
	var res, changes, zones, exprs []string
	for i := range n {
		addr := fmt.Sprintf("alicloud_vswitch.s[%d]", i)
		res = append(res, fmt.Sprintf(`{"address":%q,"mode":"managed","type":"alicloud_vswitch","name":"s","index":%d,"values":{"cidr_block":"10.%d.%d.0/24","zone_id":"cn-hangzhou-j"}}`, addr, i, i/256, i%256))
		changes = append(changes, fmt.Sprintf(`{"address":%q,"mode":"managed","type":"alicloud_vswitch","name":"s","index":%d,"change":{"actions":["create"],"after_unknown":{"id":true}}}`, addr, i))
		zones = append(zones, fmt.Sprintf(`{"zone_id":"cn-hangzhou-j","cidr_block":"10.%d.%d.0/24","security_group":"sg-1"}`, i/256, i%256))
		exprs = append(exprs, fmt.Sprintf(`{"vswitch_id":{"references":["alicloud_vswitch.s[%d].id","alicloud_vswitch.s[%d]","alicloud_vswitch.s"]}}`, i, i))
	}
	unknown := strings.Repeat(`{"vswitch_id":true},`, n)
	gw := `{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{"instance_type":"vpc_connect","instance_cidr":"192.168.0.0/16","zone_vswitch_security_group":[` + strings.Join(zones, ",") + `]}}`
	gwChange := `{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","change":{"actions":["create"],"after_unknown":{"id":true,"zone_vswitch_security_group":[` + strings.TrimSuffix(unknown, ",") + `]}}}`
	gwConfig := `{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","expressions":{"zone_vswitch_security_group":[` + strings.Join(exprs, ",") + `]}}`
	return []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + strings.Join(append(res, gw), ",") + `]}},` +
		`"resource_changes":[` + strings.Join(append(changes, gwChange), ",") + `],` +
		`"configuration":{"provider_config":{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}},"root_module":{"resources":[` + gwConfig + `]}}}`)
}

// TestReadTerraformPlanBig: every zone of a big plan resolves its vSwitch
// ID to the vSwitch's address, and the cost grows linearly: ten times the
// zones take less than fifteen times the allocations, at most 4 per
// zone.
func TestReadTerraformPlanBig(t *testing.T) {
	n := 300
	p, err := vpcgate.ReadTerraformPlan(bigPlan(n))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Instances[0].Zones); got != n {
		t.Fatalf("%d zones, want %d", got, n)
	}
	for i, z := range p.Instances[0].Zones {
		if want := fmt.Sprintf("alicloud_vswitch.s[%d]", i); z.VSwitchID != want {
			t.Fatalf("zones[%d].VSwitchID = %q, want %q", i, z.VSwitchID, want)
		}
	}
	small, large := bigPlan(50), bigPlan(500)
	as := testing.AllocsPerRun(3, func() { vpcgate.ReadTerraformPlan(small) })
	al := testing.AllocsPerRun(3, func() { vpcgate.ReadTerraformPlan(large) })
	if al > 15*as {
		t.Errorf("allocations: %v for 50 zones, %v for 500: more than linear", as, al)
	}
	// The zones' places are one string, a zone's paths in the Plan
	// another, their lists are sized before they fill, the names of a
	// vSwitch's reference are boxed once for the plan, and the
	// reference's steps and the vSwitch's placeholder ID come from blocks
	// shared by the plan's (before: about 15 allocations per zone, then
	// 11.2, then 8.2, 6.2, 5.2 and 3.3; 2.3 once a zone's attributes are
	// found under its block and small values of one shape are shared).
	perZone := (al - as) / 450
	if perZone > 3 {
		t.Errorf("%.1f allocations per zone, want at most 3", perZone)
	}
	t.Logf("%.1f allocations per zone", perZone)
}

// TestReadTerraformPlanECSBackend: an authorization whose instance_id is an
// ECS instance of the plan gets its kind, private address and security group.
func TestReadTerraformPlanECSBackend(t *testing.T) {
	access := `{"address":"alicloud_api_gateway_vpc_access.web","type":"alicloud_api_gateway_vpc_access","values":{"name":"web","vpc_id":"vpc-1","instance_id":"i-bp1web","port":80}}`
	ecs := func(values string) string {
		return `{"address":"alicloud_instance.web","type":"alicloud_instance","values":{"id":"i-bp1web","vpc_id":"vpc-1",` + values + `}}`
	}
	tests := []struct {
		name  string
		ecs   string
		want  authz.Authorization
		err   error
		notes int
	}{
		{"address and group", ecs(`"private_ip":"10.0.1.20","security_groups":["sg-1"]`),
			authz.Authorization{Name: "web", VPCID: "vpc-1", InstanceID: "i-bp1web", Port: 80, Backend: authz.ECS, Addr: netip.MustParseAddr("10.0.1.20"), SecurityGroupID: "sg-1"}, nil, 0},
		{"mapped address, two groups", ecs(`"private_ip":"::ffff:10.0.1.20","security_groups":["sg-1","sg-2"]`),
			authz.Authorization{Name: "web", VPCID: "vpc-1", InstanceID: "i-bp1web", Port: 80, Backend: authz.ECS, Addr: netip.MustParseAddr("10.0.1.20")}, nil, 0},
		{"another instance", `{"address":"alicloud_instance.db","type":"alicloud_instance","values":{"id":"i-bp1db","private_ip":"10.0.1.30"}}`,
			authz.Authorization{Name: "web", VPCID: "vpc-1", InstanceID: "i-bp1web", Port: 80}, nil, 0},
		{"bad address", ecs(`"private_ip":"10.0.1.300"`), authz.Authorization{}, cidr.ErrInvalidAddr, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := vpcgate.ReadTerraformPlan([]byte(tfDoc(tt.ecs, access)))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]authz.Authorization{tt.want}, p.Authorizations, planOpts); diff != "" {
				t.Errorf("Authorizations mismatch (-want +got):\n%s", diff)
			}
			if len(p.Notes) != tt.notes {
				t.Errorf("Notes = %+v", p.Notes)
			}
		})
	}
}

// TestReadTerraformPlanVPCBlocks: a VPC's blocks are its cidr_block, its
// secondary_cidr_blocks and the secondary_cidr_block of each
// alicloud_vpc_ipv4_cidr_block that names it (by ID, or by reference while
// the ID is known only after apply); an instance's accessible blocks are
// connect_cidr_blocks less its vSwitches', with delete_vpc_ip_block removed.
func TestReadTerraformPlanVPCBlocks(t *testing.T) {
	doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[
	 {"address":"alicloud_vpc.old","mode":"managed","type":"alicloud_vpc","name":"old","values":{"id":"vpc-1","cidr_block":"10.0.0.0/16","secondary_cidr_blocks":["10.1.0.0/16"]}},
	 {"address":"alicloud_vpc.new","mode":"managed","type":"alicloud_vpc","name":"new","values":{"cidr_block":"172.16.0.0/12"}},
	 {"address":"alicloud_vpc_ipv4_cidr_block.a","mode":"managed","type":"alicloud_vpc_ipv4_cidr_block","name":"a","values":{"vpc_id":"vpc-1","secondary_cidr_block":"10.2.0.0/16"}},
	 {"address":"alicloud_vpc_ipv4_cidr_block.b","mode":"managed","type":"alicloud_vpc_ipv4_cidr_block","name":"b","values":{"secondary_cidr_block":"192.168.0.0/16"}},
	 {"address":"alicloud_vpc_ipv4_cidr_block.c","mode":"managed","type":"alicloud_vpc_ipv4_cidr_block","name":"c","values":{"vpc_id":"vpc-elsewhere","secondary_cidr_block":"10.9.0.0/16"}},
	 {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{
	   "id":"apigateway-cn-1","instance_type":"vpc_connect","instance_name":"gw","instance_cidr":"192.168.0.0/16","user_vpc_id":"vpc-1",
	   "zone_vswitch_security_group":[{"zone_id":"cn-hangzhou-j","vswitch_id":"vsw-1","cidr_block":"10.0.1.0/24","security_group":"sg-1"}],
	   "connect_cidr_blocks":"[\"10.0.1.0/24\",\"10.1.0.0/24\",\"10.2.0.0/24\"]","delete_vpc_ip_block":"10.1.0.0/24"}}]}},
	 "resource_changes":[
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","change":{"actions":["update"],
	    "before":{"id":"apigateway-cn-1","delete_vpc_ip_block":null},"after":{"id":"apigateway-cn-1","delete_vpc_ip_block":"10.1.0.0/24"},"after_unknown":{}}},
	  {"address":"alicloud_vpc.new","mode":"managed","type":"alicloud_vpc","name":"new","change":{"actions":["create"],"after_unknown":{"id":true}}},
	  {"address":"alicloud_vpc_ipv4_cidr_block.b","mode":"managed","type":"alicloud_vpc_ipv4_cidr_block","name":"b","change":{"actions":["create"],"after_unknown":{"id":true,"vpc_id":true}}}],
	 "configuration":{"provider_config":{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}},"root_module":{"resources":[
	  {"address":"alicloud_vpc_ipv4_cidr_block.b","mode":"managed","type":"alicloud_vpc_ipv4_cidr_block","name":"b","expressions":{"vpc_id":{"references":["alicloud_vpc.new.id","alicloud_vpc.new"]}}}]}}}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	wantVPCs := []instance.VPC{
		tfVPC("vpc-1", "10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"),
		tfVPC("alicloud_vpc.new", "172.16.0.0/12", "192.168.0.0/16"),
	}
	if diff := cmp.Diff(wantVPCs, p.VPCs, planOpts); diff != "" {
		t.Errorf("VPCs mismatch (-want +got):\n%s", diff)
	}
	// The instance exists: its connect_cidr_blocks are facts, the vSwitch
	// block included, less the block the update deletes.
	if diff := cmp.Diff([]netip.Prefix{pfx("10.0.1.0/24"), pfx("10.2.0.0/24")}, p.Instances[0].ConnectCidrBlocks, planOpts); diff != "" {
		t.Errorf("ConnectCidrBlocks mismatch (-want +got):\n%s", diff)
	}
	if len(p.Instances[0].Accessible) != 0 || !p.Instances[0].Exists {
		t.Errorf("Accessible = %v, Exists = %v; want none, true", p.Instances[0].Accessible, p.Instances[0].Exists)
	}
	for path, want := range map[field.Path]string{
		"vpcs[0].cidrs[1]":                  "alicloud_vpc.old.secondary_cidr_blocks[0]",
		"vpcs[0].cidrs[2]":                  "alicloud_vpc_ipv4_cidr_block.a.secondary_cidr_block",
		"vpcs[1].cidrs[1]":                  "alicloud_vpc_ipv4_cidr_block.b.secondary_cidr_block",
		"instances[0].connectCidrBlocks":    "alicloud_api_gateway_instance.gw.connect_cidr_blocks",
		"instances[0].connectCidrBlocks[1]": "alicloud_api_gateway_instance.gw.connect_cidr_blocks",
	} {
		if got := p.Source[path]; got != want {
			t.Errorf("Source[%q] = %q, want %q", path, got, want)
		}
	}
	if _, ok := p.Source["instances[0].connectCidrBlocks[2]"]; ok {
		t.Error("Source keeps the place of a removed block")
	}
}

// TestReadTerraformPlanInstanceReplaced: replacing an instance notes the
// ForceNew attribute that changes, also when its new value is known only
// after apply; a replacement for another reason, or an update, notes none.
func TestReadTerraformPlanInstanceReplaced(t *testing.T) {
	gw := `{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{"instance_type":"vpc_connect","instance_cidr":"192.168.0.0/16","user_vpc_id":%s}}`
	change := `{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","change":{"actions":%s,
	  "before":{"id":"apigateway-cn-1","instance_type":"vpc_connect","instance_cidr":"192.168.0.0/16","user_vpc_id":"vpc-1","payment_type":"PayAsYouGo"},
	  "after":{"instance_type":"vpc_connect","instance_cidr":"192.168.0.0/16","user_vpc_id":%s},"after_unknown":%s}}`
	tests := []struct {
		name, actions, vpc, unknown string
		want                        []string
	}{
		{"user_vpc_id changes", `["delete","create"]`, `"vpc-2"`, `{"id":true}`, []string{"alicloud_api_gateway_instance.gw.user_vpc_id"}},
		{"user_vpc_id unknown", `["create","delete"]`, `null`, `{"id":true,"user_vpc_id":true}`, []string{"alicloud_api_gateway_instance.gw.user_vpc_id"}},
		{"another attribute", `["delete","create"]`, `"vpc-1"`, `{"id":true}`, nil},
		{"update", `["update"]`, `"vpc-2"`, `{}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + fmt.Sprintf(gw, tt.vpc) + `]}},"resource_changes":[` +
				fmt.Sprintf(change, tt.actions, tt.vpc, tt.unknown) + `]}`
			p, err := vpcgate.ReadTerraformPlan([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range p.Notes {
				if n.Code == "force-new" {
					got = append(got, n.Where)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("force-new notes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadTerraformPlanDataSource: a data source read only during apply
// leaves what refers to it unknown, and the note names the data source's
// attribute.
func TestReadTerraformPlanDataSource(t *testing.T) {
	doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[
	 {"address":"data.alicloud_zones.z","mode":"data","type":"alicloud_zones","name":"z","values":{}},
	 {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{"id":"apigateway-cn-1","instance_type":"vpc_connect","connect_cidr_blocks":"[\"10.0.1.0/24\"]",
	   "zone_vswitch_security_group":[{"vswitch_id":"vsw-1","cidr_block":"10.0.1.0/24","security_group":"sg-1"}]}}]}},
	 "resource_changes":[
	  {"address":"data.alicloud_zones.z","mode":"data","type":"alicloud_zones","name":"z","change":{"actions":["read"],"after_unknown":{"zones":true}}},
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","change":{"actions":["update"],"after_unknown":{"zone_vswitch_security_group":[{"zone_id":true}]}}}],
	 "prior_state":{"values":{"root_module":{"resources":[{"address":"data.alicloud_zones.old","mode":"data","type":"alicloud_zones","name":"old","values":{"zones":[{"id":"cn-hangzhou-j"}]}}]}}},
	 "configuration":{"provider_config":{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}},"root_module":{"resources":[
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","expressions":{
	    "zone_vswitch_security_group":[{"zone_id":{"references":["data.alicloud_zones.z.zones[0].id","data.alicloud_zones.z.zones[0]","data.alicloud_zones.z.zones","data.alicloud_zones.z"]}}]}}]}}}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Instances[0].Zones[0].ZoneID; got != "" {
		t.Errorf("ZoneID = %q, want none: it is known only after apply", got)
	}
	want := []vpcgate.Note{{Code: "unverified", Where: "data.alicloud_zones.z.zones[0].id", Path: "instances[0].zones[0].zoneId",
		What: "alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].zone_id refers to data.alicloud_zones.z.zones[0].id, known only after apply: the zone's reserved blocks are not checked"}}
	if diff := cmp.Diff(want, p.Notes); diff != "" {
		t.Errorf("Notes mismatch (-want +got):\n%s", diff)
	}
}

// TestTerraformFindingsNameAddresses: every finding Check reports for a
// fixture names a Terraform place (a resource address and attribute, the
// provider), never a path of the plan the reader made.
func TestTerraformFindingsNameAddresses(t *testing.T) {
	for _, name := range tfFixtures(t) {
		r := vpcgate.Check(readTF(t, name), vpcgate.Options{})
		for _, s := range r.Sections {
			for _, f := range slices.Concat(s.Problems, s.Warnings) {
				ok := false
				for _, prefix := range []string{"alicloud_", "module.", "data.", "provider.", "var."} {
					ok = ok || strings.HasPrefix(f.Where, prefix)
				}
				if !ok {
					t.Errorf("%s: finding %s at %q does not name a Terraform place", name, f.Code, f.Where)
				}
			}
		}
	}
}

// FuzzReadTerraformPlan: ReadTerraformPlan never panics and never changes
// its input; it returns a plan or errors that each name a JSON path and
// match ErrInvalidPlan; a plan it returns holds only values valid for the
// library, reads the same twice, and Check takes it.
func FuzzReadTerraformPlan(f *testing.F) {
	for _, name := range tfFixtures(f) {
		data, err := os.ReadFile(filepath.Join(tfDir, name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{``, `null`, `{}`, tfDoc(), `{"a":1,"a":2}`, `[[[`, tfDoc(gwResource(`"instance_cidr":"192.168.0.1/16"`)),
		tfDoc(gwResource(`"zone_vswitch_security_group":[]`), apiResource(`"backend_enabled":true,"backend_id":"bk-1"`),
			`{"address":"alicloud_api_gateway_backend.b","mode":"managed","type":"alicloud_api_gateway_backend","name":"b","values":{"id":"bk-1","backend_type":"VPC"}}`),
		// #20: a backend service's HTTP model names an address.
		tfDoc(gwResource(`"zone_vswitch_security_group":[]`), apiResource(`"backend_enabled":true,"backend_id":"bk-1"`),
			`{"address":"alicloud_api_gateway_backend.b","mode":"managed","type":"alicloud_api_gateway_backend","name":"b","values":{"id":"bk-1","backend_type":"HTTP"}}`,
			`{"address":"alicloud_api_gateway_backend_model.m","mode":"managed","type":"alicloud_api_gateway_backend_model","name":"m","values":{"backend_id":"bk-1","backend_type":"HTTP","stage_name":"RELEASE","backend_model_data":"{\"ServiceAddress\":\"http://10.0.9.7:8080\"}"}}`)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := string(data)
		p, err := vpcgate.ReadTerraformPlan(data)
		if string(data) != orig {
			t.Fatal("the input changed")
		}
		if err != nil {
			if !errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Fatalf("error %v does not match ErrInvalidPlan", err)
			}
			for _, e := range field.Split(err) {
				if _, ok := field.PathOf(e); !ok {
					t.Fatalf("problem %v has no path", e)
				}
			}
			if !cmp.Equal(p, vpcgate.Plan{}) {
				t.Fatalf("a plan with an error: %+v", p)
			}
			return
		}
		checkPlanValues(t, p)
		again, err := vpcgate.ReadTerraformPlan(data)
		if err != nil {
			t.Fatalf("second read: %v", err)
		}
		if diff := cmp.Diff(p, again, planOpts[1:]); diff != "" {
			t.Fatalf("two reads differ:\n%s", diff)
		}
		vpcgate.Check(p, vpcgate.Options{})
	})
}

// TestReadTerraformPlanOneNotePerUnknown: one value known only after apply
// that several attributes refer to is one note per value read from it, all
// at its place, and the report says it once.
func TestReadTerraformPlanOneNotePerUnknown(t *testing.T) {
	doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[
	 {"address":"alicloud_vswitch.b","mode":"managed","type":"alicloud_vswitch","name":"b","values":{}},
	 {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{"id":"apigateway-cn-1","instance_type":"vpc_connect","connect_cidr_blocks":"[\"10.0.1.0/24\",\"10.0.2.0/24\"]",
	   "zone_vswitch_security_group":[{"zone_id":"cn-hangzhou-j","vswitch_id":"vsw-1","security_group":"sg-1"},{"zone_id":"cn-hangzhou-k","vswitch_id":"vsw-2","security_group":"sg-1"}]}}]}},
	 "resource_changes":[
	  {"address":"alicloud_vswitch.b","mode":"managed","type":"alicloud_vswitch","name":"b","change":{"actions":["create"],"after_unknown":{"cidr_block":true}}},
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","change":{"actions":["update"],"after_unknown":{"zone_vswitch_security_group":[{"cidr_block":true},{"cidr_block":true}]}}}],
	 "configuration":{"provider_config":{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}},"root_module":{"resources":[
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","expressions":{"zone_vswitch_security_group":[
	    {"cidr_block":{"references":["alicloud_vswitch.b.cidr_block","alicloud_vswitch.b"]}},
	    {"cidr_block":{"references":["alicloud_vswitch.b.cidr_block","alicloud_vswitch.b"]}}]}}]}}}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []vpcgate.Note{
		{Code: "unverified", Where: "alicloud_vswitch.b.cidr_block", Path: "instances[0].zones[0].vSwitchCidr",
			What: "alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].cidr_block refers to alicloud_vswitch.b.cidr_block, known only after apply: the vSwitch block is not checked"},
		{Code: "unverified", Where: "alicloud_vswitch.b.cidr_block", Path: "instances[0].zones[1].vSwitchCidr",
			What: "alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block refers to alicloud_vswitch.b.cidr_block, known only after apply: the vSwitch block is not checked"},
	}
	if diff := cmp.Diff(want, p.Notes); diff != "" {
		t.Errorf("Notes mismatch (-want +got):\n%s", diff)
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	var said []string
	for _, s := range r.Sections {
		for _, f := range s.Warnings {
			if f.Where == "alicloud_vswitch.b.cidr_block" {
				said = append(said, s.Subject)
			}
		}
	}
	if len(said) != 1 {
		t.Errorf("the unknown value is said %d times (%q), want once", len(said), said)
	}
}

// TestReadTerraformPlanAPIs: an API's authorization is
// http_vpc_service_config[0].name for an HTTP-VPC API, or one whose service
// type is unknown and that has that block; a name known only after apply
// never reads as "not in a VPC".
func TestReadTerraformPlanAPIs(t *testing.T) {
	api := func(name, values, unknown string) (string, string) {
		addr := "alicloud_api_gateway_api." + name
		return `{"address":"` + addr + `","mode":"managed","type":"alicloud_api_gateway_api","name":"` + name + `","values":{"id":"grp-1:` + name + `","name":"` + name + `","group_id":"grp-1",` + values + `}}`,
			`{"address":"` + addr + `","mode":"managed","type":"alicloud_api_gateway_api","name":"` + name + `","change":{"actions":["update"],"after_unknown":` + unknown + `}}`
	}
	r1, c1 := api("vpc", `"service_type":"HTTP-VPC","http_vpc_service_config":[{"name":"backend"}]`, `{}`)
	r2, c2 := api("guess", `"http_vpc_service_config":[{"name":"backend"}]`, `{"service_type":true}`)
	r3, c3 := api("unknown", `"service_type":"HTTP-VPC","http_vpc_service_config":[{}]`, `{"http_vpc_service_config":[{"name":true}]}`)
	r4, c4 := api("http", `"service_type":"HTTP","http_vpc_service_config":[]`, `{}`)
	doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + gwResource(`"zone_vswitch_security_group":[]`) + `,` +
		`{"address":"alicloud_api_gateway_group.g","mode":"managed","type":"alicloud_api_gateway_group","name":"g","values":{"id":"grp-1","name":"g","instance_id":"apigateway-cn-1"}},` +
		strings.Join([]string{r1, r2, r3, r4}, ",") + `]}},"resource_changes":[` + strings.Join([]string{c1, c2, c3, c4}, ",") + `]}`
	p, err := vpcgate.ReadTerraformPlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []migrate.API{
		{ID: "grp-1:vpc", Name: "vpc", VPCAccess: "backend"},
		{ID: "grp-1:guess", Name: "guess", VPCAccess: "backend"},
		{ID: "grp-1:unknown", Name: "unknown", VPCAccess: "alicloud_api_gateway_api.unknown.http_vpc_service_config[0].name"},
		{ID: "grp-1:http", Name: "http"},
	}
	if diff := cmp.Diff(want, p.Groups[0].APIs); diff != "" {
		t.Errorf("APIs mismatch (-want +got):\n%s", diff)
	}
	var where []string
	for _, n := range p.Notes {
		where = append(where, n.Where)
	}
	wantWhere := []string{"provider.alicloud.region", "alicloud_api_gateway_api.guess.service_type", "alicloud_api_gateway_api.unknown.http_vpc_service_config[0].name"}
	if diff := cmp.Diff(wantWhere, where); diff != "" {
		t.Errorf("notes mismatch (-want +got):\n%s", diff)
	}
}

// tfJSON is a decoded plan document, to edit a fixture.
type tfJSON map[string]any

// editTF returns fixture name after edit has changed it.
func editTF(t *testing.T, name string, edit func(d tfJSON)) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(tfDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var d tfJSON
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	edit(d)
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// find returns the object of the resource at addr in list (the member
// named key of it), or fails.
func (d tfJSON) find(list []any, addr, key string) map[string]any {
	for _, r := range list {
		if r := r.(map[string]any); r["address"] == addr {
			return r[key].(map[string]any)
		}
	}
	panic("no resource " + addr)
}

// values returns the planned values of root resource addr.
func (d tfJSON) values(addr string) map[string]any {
	return d.find(d["planned_values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any), addr, "values")
}

// change returns the change of resource addr.
func (d tfJSON) change(addr string) map[string]any {
	return d.find(d["resource_changes"].([]any), addr, "change")
}

// exprs returns the configuration expressions of root resource addr.
func (d tfJSON) exprs(addr string) map[string]any {
	return d.find(d["configuration"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any), addr, "expressions")
}

// set sets key in the planned values and the change's after of addr,
// known (no longer in after_unknown); a nil v is a value known only after
// apply.
func (d tfJSON) set(addr, key string, v any) {
	c := d.change(addr)
	unknown := c["after_unknown"].(map[string]any)
	if v == nil {
		unknown[key] = true
	} else {
		delete(unknown, key)
	}
	d.values(addr)[key] = v
	c["after"].(map[string]any)[key] = v
}

func readTFData(t *testing.T, data []byte) vpcgate.Plan {
	t.Helper()
	p, err := vpcgate.ReadTerraformPlan(data)
	if err != nil {
		t.Fatalf("ReadTerraformPlan: %v", err)
	}
	return p
}

// TestTerraformReplacedInstanceBlocks: an instance that the plan replaces
// does not keep the blocks the old instance reaches (connect_cidr_blocks
// before the change): its backend outside its vSwitches is unreachable and
// the old blocks unverified. An update keeps them.
func TestTerraformReplacedInstanceBlocks(t *testing.T) {
	placement := verdict{"placement", "alicloud_api_gateway_group.g.instance_id"}
	unreachable := verdict{"unreachable", "alicloud_api_gateway_vpc_access.backend.instance_id"}
	tests := []struct {
		name               string
		actions            []any
		problems, warnings []verdict
	}{
		{"delete then create", []any{"delete", "create"}, []verdict{unreachable},
			[]verdict{placement, {"unverified", gwAddr + ".connect_cidr_blocks"}, {"force-new", gwAddr + ".user_vpc_id"}}},
		{"create then delete", []any{"create", "delete"}, []verdict{unreachable},
			[]verdict{placement, {"unverified", gwAddr + ".connect_cidr_blocks"}, {"force-new", gwAddr + ".user_vpc_id"}}},
		// An update keeps the instance and the blocks the cloud holds: see
		// below.
		{"update", []any{"update"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The backend 10.0.9.10 lies in a block the old instance reached.
			data := editTF(t, "unreachable", func(d tfJSON) {
				c := d.change(gwAddr)
				c["actions"] = tt.actions
				before := maps.Clone(c["after"].(map[string]any))
				before["id"], before["user_vpc_id"] = "apigateway-cn-old", "vpc-old"
				before["connect_cidr_blocks"] = `["10.0.9.0/24"]`
				c["before"] = before
			})
			p := readTFData(t, data)
			if tt.name == "update" {
				// The instance exists: the blocks it reaches are the
				// cloud's, facts (Check counts them, and does not check
				// them again), the vSwitch blocks only where listed.
				in := p.Instances[0]
				if diff := cmp.Diff([]netip.Prefix{pfx("10.0.9.0/24")}, in.ConnectCidrBlocks, planOpts); diff != "" || !in.Exists || len(in.Accessible) != 0 {
					t.Errorf("Exists = %v, Accessible = %v, ConnectCidrBlocks mismatch (-want +got):\n%s", in.Exists, in.Accessible, diff)
				}
			}
			checkVerdicts(t, p, tt.problems, tt.warnings)
		})
	}
}

// TestTerraformToConnectBlock: to_connect_vpc_ip_block adds its block only
// when Terraform sends it (the provider sends it when d.HasChange says it
// changed: on a create or when before and after differ); otherwise the
// refreshed connect_cidr_blocks say what the instance reaches.
func TestTerraformToConnectBlock(t *testing.T) {
	placement := verdict{"placement", "alicloud_api_gateway_group.g.instance_id"}
	unreachable := verdict{"unreachable", "alicloud_api_gateway_vpc_access.backend.instance_id"}
	block := map[string]any{"cidr_block": "10.0.9.0/24", "customized": "false"}
	tests := []struct {
		name               string
		before, after      any // to_connect_vpc_ip_block
		actions            []any
		problems, warnings []verdict
	}{
		{"unchanged", block, block, []any{"update"}, []verdict{unreachable}, []verdict{placement}},
		{"added", nil, block, []any{"update"}, nil, nil},
		{"changed", map[string]any{"cidr_block": "10.0.8.0/24"}, block, []any{"update"}, nil, nil},
		{"created", nil, block, []any{"create"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := editTF(t, "unreachable", func(d tfJSON) {
				d.set(gwAddr, "id", "apigateway-cn-1")
				d.set(gwAddr, "connect_cidr_blocks", `["10.0.1.0/24","10.0.2.0/24"]`)
				for _, k := range []string{"status", "create_time", "support_ipv6"} {
					delete(d.change(gwAddr)["after_unknown"].(map[string]any), k)
				}
				d.set(gwAddr, "to_connect_vpc_ip_block", tt.after)
				c := d.change(gwAddr)
				c["actions"] = tt.actions
				before := maps.Clone(c["after"].(map[string]any))
				before["instance_name"], before["to_connect_vpc_ip_block"] = "old", tt.before
				c["before"] = before
				if tt.actions[0] == "create" {
					c["before"] = nil
				}
				// The group is on the instance, whose ID is known.
				d.set("alicloud_api_gateway_group.g", "instance_id", "apigateway-cn-1")
			})
			checkVerdicts(t, readTFData(t, data), tt.problems, tt.warnings)
		})
	}
}

// TestTerraformVSwitch: a gateway zone's vSwitch of the plan must be in the
// instance's VPC and the zone's zone, with the zone's block: a
// contradiction is an error of the plan, never a pass. A zone block known
// only after apply is the vSwitch's, when that is known, and is checked
// against the zone's reserved blocks.
func TestTerraformVSwitch(t *testing.T) {
	const vswA, vswB = "alicloud_vswitch.a", "alicloud_vswitch.b"
	tests := []struct {
		name    string
		fixture string
		edit    func(d tfJSON)
		err     error  // wanted error, besides ErrInvalidPlan
		msg     string // in the error
	}{
		{"another VPC", "clean", func(d tfJSON) { d.set(vswA, "vpc_id", "vpc-bp1other") }, instance.ErrWrongVPC,
			`alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].vswitch_id: vSwitch in another VPC: not the instance's VPC: VPC "vpc-bp1other" of alicloud_vswitch.a is not alicloud_api_gateway_instance.gw.user_vpc_id's "alicloud_vpc.vpc"`},
		{"another VPC of the plan", "clean", func(d tfJSON) {
			d.exprs(vswA)["vpc_id"] = map[string]any{"references": []any{"alicloud_vpc.other.id", "alicloud_vpc.other"}}
			res := d["planned_values"].(map[string]any)["root_module"].(map[string]any)
			res["resources"] = append(res["resources"].([]any), map[string]any{"address": "alicloud_vpc.other", "mode": "managed", "type": "alicloud_vpc", "name": "other", "values": map[string]any{"cidr_block": "10.0.0.0/16"}})
			d["resource_changes"] = append(d["resource_changes"].([]any), map[string]any{"address": "alicloud_vpc.other", "mode": "managed", "type": "alicloud_vpc", "name": "other",
				"change": map[string]any{"actions": []any{"create"}, "after": map[string]any{"cidr_block": "10.0.0.0/16"}, "after_unknown": map[string]any{"id": true}}})
		}, instance.ErrWrongVPC, `VPC "alicloud_vpc.other" of alicloud_vswitch.a is not alicloud_api_gateway_instance.gw.user_vpc_id's "alicloud_vpc.vpc"`},
		{"another zone", "clean", func(d tfJSON) { d.set(vswB, "zone_id", "cn-hangzhou-j") }, nil,
			`alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].vswitch_id: vSwitch in another zone: zone "cn-hangzhou-j" of alicloud_vswitch.b is not alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].zone_id's "cn-hangzhou-k"`},
		{"another block", "clean", func(d tfJSON) { d.set(vswA, "cidr_block", "10.0.3.0/24") }, nil,
			`vSwitch of another CIDR block: CIDR block "10.0.3.0/24" of alicloud_vswitch.a is not alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].cidr_block's "10.0.1.0/24"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vpcgate.ReadTerraformPlan(editTF(t, tt.fixture, tt.edit))
			if !errors.Is(err, vpcgate.ErrInvalidPlan) || tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want ErrInvalidPlan and %v", err, tt.err)
			}
			if got := len(field.Split(err)); got != 1 || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error (%d problems):\n%v\nwant one containing\n%s", got, err, tt.msg)
			}
		})
	}

	for _, tt := range []struct{ attr, where string }{
		{"cidr_block", vswB + ".cidr_block"},
		{"zone_id", gwAddr + ".zone_vswitch_security_group[1].cidr_block"},
	} {
		t.Run(tt.attr+" from the vSwitch", func(t *testing.T) {
			// The zone's attribute is an expression known only after
			// apply; vSwitch b's, known, make its block conflict with zone
			// k's reserved blocks.
			data := editTF(t, "reserved-conflict", func(d tfJSON) {
				gw, c := d.values(gwAddr), d.change(gwAddr)
				gw["zone_vswitch_security_group"].([]any)[1].(map[string]any)[tt.attr] = nil
				c["after"].(map[string]any)["zone_vswitch_security_group"].([]any)[1].(map[string]any)[tt.attr] = nil
				c["after_unknown"].(map[string]any)["zone_vswitch_security_group"].([]any)[1].(map[string]any)[tt.attr] = true
				d.exprs(gwAddr)["zone_vswitch_security_group"].([]any)[1].(map[string]any)[tt.attr] = map[string]any{"references": []any{"var.x"}}
			})
			checkVerdicts(t, readTFData(t, data), []verdict{{"reserved-conflict", tt.where}}, []verdict{{"placement", "alicloud_api_gateway_group.g.instance_id"}})
		})
	}
	t.Run("unknown vSwitch VPC", func(t *testing.T) {
		// A vSwitch whose VPC is known only after apply, through no
		// reference, is not compared: unverified.
		data := editTF(t, "clean", func(d tfJSON) { delete(d.exprs(vswA), "vpc_id") })
		checkVerdicts(t, readTFData(t, data), nil, []verdict{{"unverified", vswA + ".vpc_id"}})
	})
}

// nestedModulesPlan returns a plan whose planned_values nest depth child
// modules, each with the address "m", the innermost holding n resources
// that all have the address "x" (a hostile document).
func nestedModulesPlan(depth, n int) []byte {
	inner := `{"address":"m","resources":[` + strings.TrimSuffix(strings.Repeat(`{"address":"x","values":{}},`, n), ",") + `]}`
	return []byte(`{"format_version":"1.2","planned_values":{"root_module":` +
		strings.Repeat(`{"address":"m","child_modules":[`, depth) + inner + strings.Repeat(`]}`, depth) + `}}`)
}

// TestTerraformHostileModules: the errors of a hostile document stay
// bounded: duplicate addresses are reported one by one up to a hundred,
// then counted in one more error, and modules nest at most 64 deep, counted
// by nesting, not by the text of their addresses.
func TestTerraformHostileModules(t *testing.T) {
	tests := []struct {
		depth, n int
		errs     int    // problems reported
		last     string // the last problem's message ends so
	}{
		{depth: 0, n: 50, errs: 49, last: `resource address "x" given twice (also at planned_values.root_module.resources[0].address)`},
		{depth: 0, n: 101, errs: 100, last: `resource address "x" given twice (also at planned_values.root_module.resources[0].address)`},
		{depth: 0, n: 102, errs: 101, last: "resource address given twice: and 1 more"},
		{depth: 20, n: 20000, errs: 101, last: "resource address given twice: and 19899 more"},
		{depth: 64, n: 2, errs: 1, last: `resource address "x" given twice (also at planned_values.root_module` + strings.Repeat(".child_modules[0]", 64) + ".resources[0].address)"},
		{depth: 65, n: 2, errs: 1, last: "modules nested more than 64 deep"},
		{depth: 2000, n: 20000, errs: 1, last: "modules nested more than 64 deep"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("depth=%d,n=%d", tt.depth, tt.n), func(t *testing.T) {
			data := nestedModulesPlan(tt.depth, tt.n)
			p, err := vpcgate.ReadTerraformPlan(data)
			if !errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Fatalf("error %v, want ErrInvalidPlan", err)
			}
			errs := field.Split(err)
			if len(errs) != tt.errs || !strings.HasSuffix(errs[len(errs)-1].Error(), tt.last) {
				t.Errorf("%d problems, the last %q; want %d, the last ending %q", len(errs), errs[len(errs)-1], tt.errs, tt.last)
			}
			// A hundred problems, each naming a path at most 64 modules deep.
			if len(err.Error()) > 200_000 {
				t.Errorf("error text of %d bytes for %d bytes of input", len(err.Error()), len(data))
			}
			if !cmp.Equal(p, vpcgate.Plan{}) {
				t.Errorf("a plan with an error: %+v", p)
			}
		})
	}
}

// countPlan returns a plan of n alicloud_vpc instances (count) whose
// cidr_block, known only after apply, is one configuration expression
// referring to a traversal of steps steps, beside wide other expressions.
func countPlan(n, steps, wide int) []byte {
	var res, changes []string
	for i := range n {
		addr := fmt.Sprintf("alicloud_vpc.v[%d]", i)
		res = append(res, fmt.Sprintf(`{"address":%q,"mode":"managed","type":"alicloud_vpc","name":"v","index":%d,"values":{}}`, addr, i))
		changes = append(changes, fmt.Sprintf(`{"address":%q,"mode":"managed","type":"alicloud_vpc","name":"v","change":{"actions":["create"],"after":{},"after_unknown":{"cidr_block":true}}}`, addr))
	}
	ref := "a" + strings.Repeat(".a", steps-1)
	var others strings.Builder
	for i := range wide {
		fmt.Fprintf(&others, `"k%d":{"constant_value":1},`, i)
	}
	return []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + strings.Join(res, ",") + `]}},` +
		`"resource_changes":[` + strings.Join(changes, ",") + `],` +
		`"configuration":{"provider_config":{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}},"root_module":{"resources":[{"mode":"managed","type":"alicloud_vpc","name":"v","expressions":{` + others.String() + `"cidr_block":{"references":["` + ref + `"]}}}]}}}`)
}

// TestTerraformCountReferences: a configuration expression is parsed once
// however many count instances look it up, and a long reference costs no
// more than a short one: the allocations of reading n instances do not grow
// with the reference's length. Each instance's unknown block is one
// unverified finding at its own address.
func TestTerraformCountReferences(t *testing.T) {
	const n = 200
	short, long := countPlan(n, 2, 0), countPlan(n, 20000, 0)
	p := readTFData(t, long)
	var want []verdict
	for i := range n {
		want = append(want, verdict{"unverified", fmt.Sprintf("alicloud_vpc.v[%d].cidr_block", i)})
	}
	// The plan has VPCs and no instance.
	checkVerdicts(t, p, []verdict{{"required", "instance"}}, want)
	as := testing.AllocsPerRun(3, func() { vpcgate.ReadTerraformPlan(short) })
	al := testing.AllocsPerRun(3, func() { vpcgate.ReadTerraformPlan(long) })
	if al > as+1000 {
		t.Errorf("allocations: %v with a 2-step reference, %v with a 20000-step one, for %d instances: the reference is parsed per instance", as, al, n)
	}
}

func BenchmarkReadTerraformPlanHostile(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"duplicates=20000,depth=20", nestedModulesPlan(20, 20000)},
		{"depth=2000", nestedModulesPlan(2000, 10)},
		{"count=2000,steps=100000", countPlan(2000, 100000, 0)},
		{"count=2000,expressions=100000", countPlan(2000, 2, 100000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.data)))
			for b.Loop() {
				vpcgate.ReadTerraformPlan(bc.data)
			}
		})
	}
}

// TestTerraformBackendService: an API whose backend_enabled is true, or
// known only after apply, calls a backend service whose VPC configuration
// the reader does not read: an unverified note at its backend_enabled,
// unless the plan's backend service is of a type that is not in a VPC.
// Never a silent "not in a VPC".
func TestTerraformBackendService(t *testing.T) {
	const where = "alicloud_api_gateway_api.a.backend_enabled"
	backend := func(addr, values, unknown string) string {
		name := strings.TrimPrefix(addr, "alicloud_api_gateway_backend.")
		return `{"address":"` + addr + `","mode":"managed","type":"alicloud_api_gateway_backend","name":"` + name + `","values":{` + values + `}}|` +
			`{"address":"` + addr + `","mode":"managed","type":"alicloud_api_gateway_backend","name":"` + name + `","change":{"actions":["create"],"after_unknown":` + unknown + `}}`
	}
	model := func(name, values, unknown string) string {
		return strings.ReplaceAll(backend("alicloud_api_gateway_backend_model."+name, values, unknown), `"type":"alicloud_api_gateway_backend"`, `"type":"alicloud_api_gateway_backend_model"`)
	}
	tests := []struct {
		name     string
		values   string // the API's planned values beyond its ID, name and group
		unknown  string // the API's after_unknown
		exprs    string // the API's configuration expressions
		backends []string
		want     string // the note's text at where; "" for no note
	}{
		{name: "absent", values: `"service_type":"HTTP"`},
		{name: "null", values: `"backend_enabled":null`},
		{name: "false", values: `"backend_enabled":false,"backend_id":"bk-1"`, backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"VPC"`, `{}`)}},
		{name: "unknown", values: `"backend_enabled":null`, unknown: `{"backend_enabled":true}`,
			want: where + " is known only after apply: if it is true, the API calls its backend service, whose VPC configuration is not read, so the API's backend is not checked"},
		{name: "unknown through a reference", unknown: `{"backend_enabled":true}`, exprs: `{"backend_enabled":{"references":["alicloud_api_gateway_backend.b.create_event_bridge_service_linked_role","alicloud_api_gateway_backend.b"]}}`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{"create_event_bridge_service_linked_role":true}`)},
			want:     where + " refers to alicloud_api_gateway_backend.b.create_event_bridge_service_linked_role, known only after apply: if it is true, the API calls its backend service, whose VPC configuration is not read, so the API's backend is not checked"},
		{name: "no backend_id", values: `"backend_enabled":true`,
			want: where + " is true, so the API calls its backend service, but alicloud_api_gateway_api.a.backend_id is not given: the backend service is not known, so the API's backend is not checked"},
		{name: "empty backend_id", values: `"backend_enabled":true,"backend_id":""`,
			want: where + " is true, so the API calls its backend service, but alicloud_api_gateway_api.a.backend_id is not given: the backend service is not known, so the API's backend is not checked"},
		{name: "backend_id unknown", values: `"backend_enabled":true`, unknown: `{"backend_id":true}`,
			want: where + " is true, so the API calls its backend service, and alicloud_api_gateway_api.a.backend_id refers to alicloud_api_gateway_api.a.backend_id, known only after apply: the backend service is not known, so the API's backend is not checked"},
		{name: "backend not in the plan", values: `"backend_enabled":true,"backend_id":"bk-9"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`)},
			want:     where + ` is true, so the API calls its backend service "bk-9", which is not in the plan: its type and VPC configuration are not read, so the API's backend is not checked`},
		{name: "VPC backend", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"VPC"`, `{}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type "VPC"); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "VPC backend created with the plan", values: `"backend_enabled":true`, unknown: `{"backend_id":true}`,
			exprs:    `{"backend_id":{"references":["alicloud_api_gateway_backend.b.id","alicloud_api_gateway_backend.b"]}}`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"backend_type":"VPC"`, `{"id":true}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type "VPC"); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "backend type unknown", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1"`, `{"backend_type":true}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type known only after apply); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "backend type absent", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1"`, `{}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type not given); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "backend type of another case", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"http"`, `{}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type "http"); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "HTTP backend", values: `"backend_enabled":true,"backend_id":"bk-1"`, backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`)}},
		{name: "FC backend", values: `"backend_enabled":true,"backend_id":"bk-1"`, backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"FC_HTTP_V3"`, `{}`)}},
		// A stage's model says what the stage calls.
		{name: "HTTP backend, VPC model", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`),
				model("release", `"backend_id":"bk-1","backend_type":"HTTP"`, `{}`), model("pre", `"backend_id":"bk-1","backend_type":"VPC"`, `{}`)},
			want: where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type "HTTP"), which backend model alicloud_api_gateway_backend_model.pre may be of (backend_type "VPC"); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "HTTP backend, model of unknown type", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`), model("release", `"backend_id":"bk-1"`, `{"backend_type":true}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type "HTTP"), which backend model alicloud_api_gateway_backend_model.release may be of (backend_type known only after apply); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		{name: "HTTP backend, HTTP model, VPC model of another backend", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`),
				model("release", `"backend_id":"bk-1","backend_type":"HTTP"`, `{}`), model("other", `"backend_id":"bk-2","backend_type":"VPC"`, `{}`)}},
		{name: "HTTP backend, VPC model of a backend not known", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{backend("alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`), model("release", `"backend_type":"VPC"`, `{"backend_id":true}`)},
			want:     where + ` is true, so the API calls its backend service alicloud_api_gateway_backend.b (backend_type "HTTP"), which backend model alicloud_api_gateway_backend_model.release may be of (backend_type "VPC"); a backend service names the VPC access authorization it calls only per stage, in an alicloud_api_gateway_backend_model's backend_model_data, which is not read: nothing read names the authorization, so the API's backend is not checked`},
		// A data source of the same type is not the backend service.
		{name: "data source of the same type", values: `"backend_enabled":true,"backend_id":"bk-1"`,
			backends: []string{strings.ReplaceAll(backend("data.alicloud_api_gateway_backend.b", `"id":"bk-1","backend_type":"HTTP"`, `{}`), `"mode":"managed"`, `"mode":"data"`)},
			want:     where + ` is true, so the API calls its backend service "bk-1", which is not in the plan: its type and VPC configuration are not read, so the API's backend is not checked`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown, exprs := tt.unknown, tt.exprs
			if unknown == "" {
				unknown = `{}`
			}
			if exprs == "" {
				exprs = `{}`
			}
			values := `"id":"grp-1:a","name":"a","group_id":"grp-1"`
			if tt.values != "" {
				values += "," + tt.values
			}
			res := []string{gwResource(`"zone_vswitch_security_group":[]`),
				`{"address":"alicloud_api_gateway_group.g","mode":"managed","type":"alicloud_api_gateway_group","name":"g","values":{"id":"grp-1","name":"g","instance_id":"apigateway-cn-1"}}`,
				`{"address":"alicloud_api_gateway_api.a","mode":"managed","type":"alicloud_api_gateway_api","name":"a","values":{` + values + `}}`}
			changes := []string{`{"address":"alicloud_api_gateway_api.a","mode":"managed","type":"alicloud_api_gateway_api","name":"a","change":{"actions":["update"],"after_unknown":` + unknown + `}}`}
			for _, b := range tt.backends {
				r, c, _ := strings.Cut(b, "|")
				res, changes = append(res, r), append(changes, c)
			}
			doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + strings.Join(res, ",") + `]}},` +
				`"resource_changes":[` + strings.Join(changes, ",") + `],` +
				`"configuration":{"provider_config":{"alicloud":{"expressions":{"region":{"constant_value":"cn-hangzhou"}}}},"root_module":{"resources":[` +
				`{"address":"alicloud_api_gateway_api.a","mode":"managed","type":"alicloud_api_gateway_api","name":"a","expressions":` + exprs + `}]}}}`
			p := readTFData(t, []byte(doc))
			var got []vpcgate.Note
			for _, n := range p.Notes {
				if strings.HasPrefix(n.Where, "alicloud_api_gateway_api.a.") {
					got = append(got, n)
				}
			}
			var want []vpcgate.Note
			if tt.want != "" {
				want = []vpcgate.Note{{Code: "unverified", Where: where, What: tt.want}}
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes mismatch (-want +got):\n%s", diff)
			}
			if got := p.Groups[0].APIs; len(got) != 1 || got[0].VPCAccess != "" {
				t.Errorf("APIs = %+v, want one API without an authorization", got)
			}
			// The note is a warning: never a silent pass, a problem when strict.
			strict := 0
			for _, s := range vpcgate.Check(p, vpcgate.Options{Strict: true}).Sections {
				for _, f := range s.Problems {
					if f.Where == where {
						strict++
					}
				}
			}
			if want := len(want); strict != want {
				t.Errorf("strict Check: %d problem(s) at %s, want %d", strict, where, want)
			}
		})
	}
}

// TestTerraformUncertainRules: a rule that may be an outbound rule of a
// group of the plan, its type or its group known only after apply (a data
// source read during apply, say), makes what it might decide unverified in
// each group it may be in: one rule per group and per policy it may have,
// with a destination that cannot be known, at the smallest such priority.
// A group the plan does not describe is not touched.
func TestTerraformUncertainRules(t *testing.T) {
	sg := func(id string) string {
		return `{"address":"alicloud_security_group.` + id + `","type":"alicloud_security_group","name":"` + id + `","values":{"id":"` + id + `","security_group_type":"normal","inner_access_policy":"Accept"}}`
	}
	rule := func(name, values, unknown string) (string, string) {
		addr := "alicloud_security_group_rule." + name
		return `{"address":"` + addr + `","type":"alicloud_security_group_rule","name":"` + name + `","values":{` + values + `}}`,
			`{"address":"` + addr + `","type":"alicloud_security_group_rule","name":"` + name + `","change":{"actions":["create"],"after_unknown":` + unknown + `}}`
	}
	// Rule ri's stand-in (the first of a group's rules not known).
	unknownDrop := func(p, i int) authz.Rule {
		return standIn(authz.PolicyDrop, p, standsFor(fmt.Sprint("alicloud_security_group_rule.r", i)))
	}
	unknownAccept := func(p, i int) authz.Rule {
		r := unknownDrop(p, i)
		r.Policy = authz.PolicyAccept
		return r
	}
	known := authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: pfx("10.0.0.0/8")}
	knownRule := `"type":"egress","security_group_id":"sg-a","policy":"accept","priority":5,"ip_protocol":"all","port_range":"-1/-1","cidr_ip":"10.0.0.0/8"`
	type r struct{ values, unknown string }
	tests := []struct {
		name  string
		rules []r
		want  [2][]authz.Rule // the rules of sg-a and sg-b
	}{
		{name: "known", rules: []r{{knownRule, `{}`}}, want: [2][]authz.Rule{{known}, nil}},
		{name: "group unknown, drop",
			rules: []r{{knownRule, `{}`}, {`"type":"egress","policy":"drop","priority":3,"cidr_ip":"10.0.0.0/8"`, `{"security_group_id":true}`}},
			want:  [2][]authz.Rule{{known, unknownDrop(3, 1)}, {unknownDrop(3, 1)}}},
		// An accept rule is not left out (that denied what it may allow).
		{name: "group unknown, accept",
			rules: []r{{knownRule, `{}`}, {`"type":"egress","policy":"accept","priority":3,"cidr_ip":"0.0.0.0/0"`, `{"security_group_id":true}`}},
			want:  [2][]authz.Rule{{known, unknownAccept(3, 1)}, {unknownAccept(3, 1)}}},
		{name: "group and policy unknown, priority absent",
			rules: []r{{`"type":"egress","cidr_ip":"10.0.0.0/8"`, `{"security_group_id":true,"policy":true}`}},
			want:  [2][]authz.Rule{{unknownAccept(1, 0), unknownDrop(1, 0)}, {unknownAccept(1, 0), unknownDrop(1, 0)}}},
		{name: "type unknown",
			rules: []r{{`"security_group_id":"sg-b","policy":"drop","priority":7,"cidr_ip":"10.0.0.0/8"`, `{"type":true}`}},
			want:  [2][]authz.Rule{nil, {unknownDrop(7, 0)}}},
		{name: "smallest priority per group",
			rules: []r{
				{`"security_group_id":"sg-b","policy":"drop","priority":7`, `{"type":true}`},
				{`"type":"egress","policy":"drop","priority":9`, `{"security_group_id":true}`},
				{`"security_group_id":"sg-b","policy":"drop","priority":4`, `{"type":true}`},
			},
			want: [2][]authz.Rule{{unknownDrop(9, 1)}, {unknownDrop(4, 0)}}},
		{name: "type unknown, another group",
			rules: []r{{`"security_group_id":"sg-9","policy":"drop","priority":1`, `{"type":true}`}}},
		{name: "ingress, group unknown",
			rules: []r{{`"type":"ingress","policy":"drop","priority":1`, `{"security_group_id":true}`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, changes := []string{sg("sg-a"), sg("sg-b")}, []string{}
			for i, x := range tt.rules {
				v, c := rule(fmt.Sprint("r", i), x.values, x.unknown)
				res, changes = append(res, v), append(changes, c)
			}
			doc := strings.Replace(tfDoc(res...), `"configuration"`, `"resource_changes":[`+strings.Join(changes, ",")+`],"configuration"`, 1)
			p := readTFData(t, []byte(doc))
			for i, sg := range p.SecurityGroups {
				if diff := cmp.Diff(tt.want[i], sg.Rules, planOpts); diff != "" {
					t.Errorf("%s rules mismatch (-want +got):\n%s", sg.ID, diff)
				}
			}
		})
	}
}

// TestTerraformUncertainRuleVerdict: in the clean fixture, a drop rule
// whose group is read by a data source during apply makes the backend's
// egress unverified: it passed before, as if the rule were in no group.
func TestTerraformUncertainRuleVerdict(t *testing.T) {
	data := editTF(t, "clean", func(d tfJSON) {
		const addr = "alicloud_security_group_rule.deny"
		pv := d["planned_values"].(map[string]any)["root_module"].(map[string]any)
		pv["resources"] = append(pv["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_security_group_rule", "name": "deny",
			"values": map[string]any{"type": "egress", "ip_protocol": "all", "port_range": "-1/-1", "cidr_ip": "10.0.1.0/24", "policy": "drop", "priority": 1}})
		d["resource_changes"] = append(d["resource_changes"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_security_group_rule", "name": "deny",
			"change": map[string]any{"actions": []any{"create"}, "after": map[string]any{}, "after_unknown": map[string]any{"security_group_id": true}}})
		cfg := d["configuration"].(map[string]any)["root_module"].(map[string]any)
		cfg["resources"] = append(cfg["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_security_group_rule", "name": "deny",
			"expressions": map[string]any{"security_group_id": map[string]any{"references": []any{"data.alicloud_security_groups.gw.ids[0]", "data.alicloud_security_groups.gw.ids", "data.alicloud_security_groups.gw"}}}})
	})
	p := readTFData(t, data)
	checkVerdicts(t, p, nil, []verdict{
		{"unverified", "alicloud_api_gateway_vpc_access.backend"},
		{"unverified", "alicloud_security_group_rule.deny.security_group_id"},
	})
	want := []vpcgate.Note{{Code: "unverified", Where: "alicloud_security_group_rule.deny.security_group_id",
		What: "alicloud_security_group_rule.deny.security_group_id is known only after apply: the rule may be in any of the plan's security groups: what it might deny is unverified in each"}}
	if diff := cmp.Diff(want, p.Notes); diff != "" {
		t.Errorf("Notes mismatch (-want +got):\n%s", diff)
	}
}

// TestTerraformUncertainRulesLinear: n rules that may be in any of n
// groups add one rule per group, not n×n.
func TestTerraformUncertainRulesLinear(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	var res, changes []string
	for i := range n {
		res = append(res, fmt.Sprintf(`{"address":"alicloud_security_group.g%d","type":"alicloud_security_group","values":{"id":"sg-%d"}}`, i, i),
			fmt.Sprintf(`{"address":"alicloud_security_group_rule.r%d","type":"alicloud_security_group_rule","values":{"type":"egress","policy":"drop","priority":%d}}`, i, 1+i%100))
		changes = append(changes, fmt.Sprintf(`{"address":"alicloud_security_group_rule.r%d","change":{"actions":["create"],"after_unknown":{"security_group_id":true}}}`, i))
	}
	doc := strings.Replace(tfDoc(res...), `"configuration"`, `"resource_changes":[`+strings.Join(changes, ",")+`],"configuration"`, 1)
	p := readTFData(t, []byte(doc))
	rules := 0
	for _, sg := range p.SecurityGroups {
		rules += len(sg.Rules)
		if len(sg.Rules) != 1 || sg.Rules[0].Priority != 1 {
			t.Fatalf("%s rules = %v, want one at priority 1", sg.ID, sg.Rules)
		}
	}
	if got, want := len(p.SecurityGroups), n; got != want {
		t.Errorf("%d security groups, want %d", got, want)
	}
	if got, want := rules, n; got != want {
		t.Errorf("%d rules, want %d", got, want)
	}
	if got, want := len(p.Notes), n; got != want { // each rule's group
		t.Errorf("%d notes, want %d", got, want)
	}
}

// TestTerraformRegionPerProvider (#18 item 9): each resource's region is
// its own provider configuration's: an aliased one (provider =
// alicloud.sh), one a module inherits or is passed (provider_config_key
// names where it is declared), or one a module declares, whose region may
// come through the module's variables. A region the plan does not give is
// noted where it was looked for, and taken from the zones.
func TestTerraformRegionPerProvider(t *testing.T) {
	const fixture = "aliased-region/plan"
	t.Run("aliased", func(t *testing.T) {
		p := readTF(t, fixture)
		if got := p.Instances[0].RegionID; got != "cn-shanghai" {
			t.Errorf("instance RegionID = %q, want cn-shanghai", got)
		}
		if got := p.Groups[0].RegionID; got != "cn-shanghai" {
			t.Errorf("group RegionID = %q, want cn-shanghai", got)
		}
		for _, path := range []field.Path{"instances[0].regionId", "groups[0].regionId"} {
			if got := p.Source[path]; got != "provider.alicloud.sh.region" {
				t.Errorf("Source[%s] = %q, want provider.alicloud.sh.region", path, got)
			}
		}
		// It was in cn-hangzhou, the default configuration's region,
		// where its zones are not.
		checkVerdicts(t, p, nil, nil)
	})
	t.Run("group on the default configuration", func(t *testing.T) {
		data := editTF(t, fixture, func(d tfJSON) {
			for _, r := range d["configuration"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
				if r := r.(map[string]any); r["address"] == "alicloud_api_gateway_group.g" {
					r["provider_config_key"] = "alicloud"
				}
			}
		})
		// The group is in cn-hangzhou, its instance in cn-shanghai: it
		// passed, both read in cn-hangzhou. The finding names where the
		// group's region comes from.
		checkVerdicts(t, readTFData(t, data), []verdict{{"region", "provider.alicloud.region"}}, []verdict{{"placement", "alicloud_api_gateway_group.g.instance_id"}})
	})

	// gw returns a plan whose gateway, in module.net, uses the provider
	// configuration at key, with %s for provider_config and the module
	// call's expressions.
	gw := func(key string) string {
		res := strings.Replace(gwResource(`"zone_vswitch_security_group":[{"zone_id":"cn-shanghai-l","vswitch_id":"vsw-1","cidr_block":"10.0.1.0/24","security_group":"sg-1"}]`),
			`"address":"alicloud_api_gateway_instance.gw"`, `"address":"module.net.alicloud_api_gateway_instance.gw"`, 1)
		return `{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.net","resources":[` + res + `]}]}},` +
			`"configuration":{"provider_config":%s,"root_module":{"module_calls":{"net":{"source":"./net","expressions":%s,"module":{"resources":[` +
			`{"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","provider_config_key":"` + key + `","expressions":{},"schema_version":0}]}}}}}}`
	}
	const (
		root  = `"alicloud":{"name":"alicloud","full_name":"registry.terraform.io/aliyun/alicloud","expressions":{"region":{"constant_value":"cn-hangzhou"}}}`
		alias = `"alicloud.sh":{"name":"alicloud","full_name":"registry.terraform.io/aliyun/alicloud","alias":"sh","expressions":{"region":%s}}`
		own   = `"module.net:alicloud":{"name":"alicloud","full_name":"registry.terraform.io/aliyun/alicloud","module_address":"module.net","expressions":{"region":{"references":["var.region"]}}}`
	)
	tests := []struct {
		name, key, providers, calls, variables string
		want, where                            string
		note                                   string // the place of the note, if any
	}{
		{name: "passed to a module", key: "alicloud.sh", providers: `{` + root + `,` + fmt.Sprintf(alias, `{"constant_value":"cn-shanghai"}`) + `}`, calls: `{}`,
			want: "cn-shanghai", where: "provider.alicloud.sh.region"},
		{name: "the module's own, from its call", key: "module.net:alicloud", providers: `{` + root + `,` + own + `}`, calls: `{"region":{"constant_value":"cn-beijing"}}`,
			want: "cn-beijing", where: "module.net.var.region"},
		{name: "the module's own, from a root variable", key: "module.net:alicloud", providers: `{` + root + `,` + own + `}`, calls: `{"region":{"references":["var.region"]}}`,
			variables: `,"variables":{"region":{"value":"cn-shenzhen"}}`, want: "cn-shenzhen", where: "var.region"},
		{name: "the module's own, from an expression", key: "module.net:alicloud", providers: `{` + root + `,` + own + `}`, calls: `{"region":{"references":["data.alicloud_regions.this.ids[0]","data.alicloud_regions.this.ids","data.alicloud_regions.this"]}}`,
			want: "cn-shanghai", where: "module.net.var.region", note: "module.net.var.region"},
		{name: "an alias whose region is not known", key: "alicloud.sh", providers: `{` + root + `,` + fmt.Sprintf(alias, `{"references":["var.sh"]}`) + `}`, calls: `{}`,
			variables: `,"variables":{"sh":{}}`, want: "cn-shanghai", where: "var.sh", note: "var.sh"},
		{name: "a configuration not in the plan", key: "alicloud.gone", providers: `{` + root + `}`, calls: `{}`,
			want: "cn-shanghai", where: "provider.alicloud.gone.region", note: "provider.alicloud.gone.region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.TrimSuffix(fmt.Sprintf(gw(tt.key), tt.providers, tt.calls), "}") + tt.variables + `}`
			p := readTFData(t, []byte(doc))
			if got := p.Instances[0].RegionID; got != tt.want {
				t.Errorf("RegionID = %q, want %q", got, tt.want)
			}
			if got := p.Source["instances[0].regionId"]; got != tt.where {
				t.Errorf("Source[instances[0].regionId] = %q, want %q", got, tt.where)
			}
			checkNoteAt(t, p, tt.note)
			checkPlanValues(t, p)
		})
	}
}

// checkNoteAt checks that p has one note, at where, or none when where is
// empty.
func checkNoteAt(t *testing.T, p vpcgate.Plan, where string) {
	t.Helper()
	var got, want []string
	for _, n := range p.Notes {
		got = append(got, n.Where)
	}
	if where != "" {
		want = []string{where}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("notes mismatch (-want +got):\n%s", diff)
	}
}

// TestTerraformForgotten (#18 item 10): an object the plan forgets (a
// removed block with destroy = false: action "forget", or the old object
// of a ["create","forget"] replacement) stays in the cloud, and in the
// check: a forgotten drop rule still denies.
func TestTerraformForgotten(t *testing.T) {
	const fixture = "forgotten-rule/plan"
	drop := authz.Rule{Policy: authz.PolicyDrop, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}, DestCIDR: pfx("10.0.1.0/24")}
	accept := authz.Rule{Policy: authz.PolicyAccept, Priority: 2, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: pfx("10.0.0.0/16")}
	t.Run("forget", func(t *testing.T) {
		p := readTF(t, fixture)
		want := []authz.SecurityGroup{normalGroup("sg-bp1gw000000000000000", accept, drop)}
		if diff := cmp.Diff(want, p.SecurityGroups, planOpts); diff != "" {
			t.Errorf("SecurityGroups mismatch (-want +got):\n%s", diff)
		}
		if got := p.Source["securityGroups[0].rules[1].destCidrIp"]; got != "alicloud_security_group_rule.deny.cidr_ip" {
			t.Errorf("Source[securityGroups[0].rules[1].destCidrIp] = %q", got)
		}
		// It passed: the rule had disappeared.
		checkVerdicts(t, p, []verdict{{"egress-denied", "alicloud_api_gateway_vpc_access.backend"}}, []verdict{{"placement", "alicloud_api_gateway_group.g.instance_id"}})
	})
	t.Run("create then forget", func(t *testing.T) {
		// The rule is replaced by one that accepts, keeping the old one
		// in the cloud: both apply.
		data := editTF(t, fixture, func(d tfJSON) {
			const addr = "alicloud_security_group_rule.deny"
			c := d.change(addr)
			c["actions"] = []any{"create", "forget"}
			after := maps.Clone(c["before"].(map[string]any))
			delete(after, "id")
			after["policy"], after["priority"] = "accept", 3
			c["after"], c["after_unknown"], c["after_sensitive"] = after, map[string]any{"id": true}, map[string]any{}
			for _, r := range d["planned_values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
				if r := r.(map[string]any); r["address"] == addr {
					r["values"], r["sensitive_values"] = after, map[string]any{}
				}
			}
		})
		p := readTFData(t, data)
		replaced := drop
		replaced.Policy, replaced.Priority = authz.PolicyAccept, 3
		want := []authz.SecurityGroup{normalGroup("sg-bp1gw000000000000000", accept, replaced, drop)}
		if diff := cmp.Diff(want, p.SecurityGroups, planOpts); diff != "" {
			t.Errorf("SecurityGroups mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("an instance replaced, the old one forgotten", func(t *testing.T) {
		data := editTF(t, fixture, func(d tfJSON) {
			c := d.change(gwAddr)
			c["actions"] = []any{"create", "forget"}
			after := maps.Clone(c["after"].(map[string]any))
			for _, k := range []string{"id", "connect_cidr_blocks", "status", "create_time", "support_ipv6", "zone_id"} {
				delete(after, k)
			}
			after["instance_cidr"] = "172.16.0.0/12"
			c["after"], c["after_unknown"] = after, map[string]any{"id": true, "connect_cidr_blocks": true, "status": true, "create_time": true, "support_ipv6": true, "zone_id": true}
			pv := d["planned_values"].(map[string]any)["root_module"].(map[string]any)
			for _, r := range pv["resources"].([]any) {
				if r := r.(map[string]any); r["address"] == gwAddr {
					r["values"] = after
				}
			}
		})
		p := readTFData(t, data)
		var got []string
		for _, in := range p.Instances {
			got = append(got, fmt.Sprintf("%s %s exists=%v", in.ID, in.CIDR, in.Exists))
		}
		want := []string{gwAddr + " 172.16.0.0/12 exists=false", "apigateway-cn-gw00000000 192.168.0.0/16 exists=true"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("instances mismatch (-want +got):\n%s", diff)
		}
		forceNew := 0
		for _, n := range p.Notes {
			if n.Code == "force-new" {
				forceNew++
				if n.Where != gwAddr+".instance_cidr" || !strings.Contains(n.What, "the old one is forgotten: it stays in the cloud") {
					t.Errorf("note %+v", n)
				}
			}
		}
		if forceNew != 1 {
			t.Errorf("%d force-new notes, want 1: %+v", forceNew, p.Notes)
		}
	})
	t.Run("a forgotten instance exists", func(t *testing.T) {
		data := editTF(t, fixture, func(d tfJSON) {
			const addr = "alicloud_api_gateway_instance.gw"
			c := d.change(addr)
			c["actions"], c["after"], c["after_sensitive"] = []any{"forget"}, nil, false
			// As Terraform 1.11 lists it: in planned_values, without
			// values.
			for _, r := range d["planned_values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
				if r := r.(map[string]any); r["address"] == addr {
					delete(r, "values")
					r["sensitive_values"] = false
				}
			}
		})
		p := readTFData(t, data)
		if len(p.Instances) != 1 || !p.Instances[0].Exists || p.Instances[0].ID != "apigateway-cn-gw00000000" {
			t.Fatalf("Instances = %+v, want the forgotten instance, which exists", p.Instances)
		}
		if diff := cmp.Diff([]netip.Prefix{pfx("10.0.1.0/24"), pfx("10.0.2.0/24")}, p.Instances[0].ConnectCidrBlocks, planOpts); diff != "" {
			t.Errorf("ConnectCidrBlocks mismatch (-want +got):\n%s", diff)
		}
		if got := p.Source["instances[0].connectCidrBlocks[0]"]; got != "alicloud_api_gateway_instance.gw.connect_cidr_blocks" {
			t.Errorf("Source[instances[0].connectCidrBlocks[0]] = %q", got)
		}
	})
}

// TestTerraformGroupPlugin (#18 item 7): a plug-in bound to a whole group
// (alicloud_api_gateway_group_plugin_attachment) applies to every API of
// it: a routing one brings the authorizations its routes name into the
// group's check. A plug-in bound by ID that the plan does not hold is
// unverified, never passed over.
func TestTerraformGroupPlugin(t *testing.T) {
	const fixture = "group-plugin/plan"
	route := migrate.Plugin{ID: "alicloud_api_gateway_plugin.route", Name: "route", Type: "routing", VPCAccess: []string{"batch"}}
	t.Run("bound to the group", func(t *testing.T) {
		p := readTF(t, fixture)
		if diff := cmp.Diff([]migrate.Plugin{route}, p.Groups[0].Plugins, planOpts); diff != "" {
			t.Errorf("Plugins mismatch (-want +got):\n%s", diff)
		}
		// It passed: the plug-in was not read.
		checkVerdicts(t, p, []verdict{{"unreachable", "alicloud_api_gateway_vpc_access.batch.instance_id"}}, []verdict{{"placement", "alicloud_api_gateway_group.g.instance_id"}})
	})
	t.Run("bound to the group and to an API", func(t *testing.T) {
		data := editTF(t, fixture, func(d tfJSON) {
			const addr = "alicloud_api_gateway_plugin_attachment.api"
			pv := d["planned_values"].(map[string]any)["root_module"].(map[string]any)
			pv["resources"] = append(pv["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_api_gateway_plugin_attachment", "name": "api",
				"values": map[string]any{"stage_name": "RELEASE"}})
			d["resource_changes"] = append(d["resource_changes"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_api_gateway_plugin_attachment", "name": "api",
				"change": map[string]any{"actions": []any{"create"}, "after": map[string]any{"stage_name": "RELEASE"}, "after_unknown": map[string]any{"id": true, "group_id": true, "plugin_id": true, "api_id": true}}})
			cfg := d["configuration"].(map[string]any)["root_module"].(map[string]any)
			cfg["resources"] = append(cfg["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_api_gateway_plugin_attachment", "name": "api", "provider_config_key": "alicloud",
				"expressions": map[string]any{
					"group_id":  map[string]any{"references": []any{"alicloud_api_gateway_group.g.id", "alicloud_api_gateway_group.g"}},
					"plugin_id": map[string]any{"references": []any{"alicloud_api_gateway_plugin.route.id", "alicloud_api_gateway_plugin.route"}},
					"api_id":    map[string]any{"references": []any{"alicloud_api_gateway_api.orders.api_id", "alicloud_api_gateway_api.orders"}}}})
		})
		if diff := cmp.Diff([]migrate.Plugin{route}, readTFData(t, data).Groups[0].Plugins, planOpts); diff != "" {
			t.Errorf("Plugins mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a plug-in not in the plan", func(t *testing.T) {
		doc := tfDoc(gwResource(`"zone_vswitch_security_group":[]`),
			`{"address":"alicloud_api_gateway_group.g","mode":"managed","type":"alicloud_api_gateway_group","name":"g","values":{"id":"grp-1","name":"g","instance_id":"apigateway-cn-1"}}`,
			`{"address":"alicloud_api_gateway_group_plugin_attachment.x","mode":"managed","type":"alicloud_api_gateway_group_plugin_attachment","name":"x","values":{"id":"grp-1:plg-9:RELEASE","group_id":"grp-1","plugin_id":"plg-9","stage_name":"RELEASE"}}`)
		p := readTFData(t, []byte(doc))
		want := []vpcgate.Note{{Code: "unverified", Where: "alicloud_api_gateway_group_plugin_attachment.x.plugin_id",
			What: `plug-in "plg-9", which alicloud_api_gateway_group_plugin_attachment.x binds to group "grp-1", is not in the plan: its type and routes are not known, so the backends it may route to are not checked`}}
		if diff := cmp.Diff(want, p.Notes); diff != "" {
			t.Errorf("Notes mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestTerraformECSBackendOneApply (#18 items 19 and 11): the provider's
// documented pattern creates the ECS backend and its authorization in one
// apply. The authorization's backend is that ECS instance, whose address,
// VPC and group's policies are known only after apply: unverified, and
// nothing else (it was "missing: this field is required" at instance_id).
// An ECS backend in another VPC than its authorization's contradicts the
// plan: an error at the authorization's vpc_id, as ReadResponses reports
// the same facts.
func TestTerraformECSBackendOneApply(t *testing.T) {
	const fixture = "ecs-one-apply/plan"
	t.Run("documented pattern", func(t *testing.T) {
		p := readTF(t, fixture)
		want := []authz.Authorization{{Name: "backend", VPCID: vpcAddr, InstanceID: "alicloud-instance-web-0", Port: 8080, Backend: authz.ECS, SecurityGroupID: sgID}}
		if diff := cmp.Diff(want, p.Authorizations, planOpts); diff != "" {
			t.Errorf("Authorizations mismatch (-want +got):\n%s", diff)
		}
		// The group's type and inner access policy are the cloud's
		// choice: what only they decide is unverified.
		const inner = "it stands for the group's internal access policy, as alicloud_security_group.sg.inner_access_policy is known only after apply"
		wantSG := []authz.SecurityGroup{{ID: sgID, Rules: []authz.Rule{
			standIn(authz.PolicyAccept, 100, typeStandsFor("alicloud_security_group.sg")), standIn(authz.PolicyAccept, 1, inner)},
			// What no inbound rule decides, the unknown policy decides.
			Inbound: &authz.Inbound{Rules: []authz.IngressRule{{Policy: authz.PolicyDrop, Priority: 100, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), SourceCIDR: pfx("0.0.0.0/0"), Partial: inner}}}}}
		if diff := cmp.Diff(wantSG, p.SecurityGroups, planOpts); diff != "" {
			t.Errorf("SecurityGroups mismatch (-want +got):\n%s", diff)
		}
		checkVerdicts(t, p, nil, []verdict{
			{"unverified", "alicloud_api_gateway_vpc_access.backend.instance_id"},
			{"unverified", "alicloud_instance.web.private_ip"},
			{"unverified", "alicloud_security_group.sg.security_group_type"},
			{"unverified", "alicloud_security_group.sg.inner_access_policy"},
		})
	})
	t.Run("known address", func(t *testing.T) {
		data := editTF(t, fixture, func(d tfJSON) { d.set("alicloud_instance.web", "private_ip", "10.0.1.20") })
		p := readTFData(t, data)
		if got := p.Authorizations[0].Addr; got != netip.MustParseAddr("10.0.1.20") {
			t.Errorf("Addr = %v, want 10.0.1.20", got)
		}
		if got := p.Source["authorizations[0].addr"]; got != "alicloud_instance.web.private_ip" {
			t.Errorf("Source[authorizations[0].addr] = %q", got)
		}
	})
	for _, tt := range []struct {
		name string
		edit func(d tfJSON)
		msg  string
	}{
		{"authorization in another VPC", func(d tfJSON) {
			d.set("alicloud_api_gateway_vpc_access.backend", "vpc_id", "vpc-bp1other")
		}, `alicloud_api_gateway_vpc_access.backend.vpc_id: VPC access authorization is in another VPC: authorization "backend" is in VPC "vpc-bp1other", but its backend alicloud_instance.web is in "alicloud_vpc.vpc" (alicloud_vpc.vpc.id)`},
		{"ECS instance in another VPC", func(d tfJSON) {
			d.set("alicloud_instance.web", "vpc_id", "vpc-bp1other")
		}, `authorization "backend" is in VPC "alicloud_vpc.vpc", but its backend alicloud_instance.web is in "vpc-bp1other" (alicloud_instance.web.vpc_id)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vpcgate.ReadTerraformPlan(editTF(t, fixture, tt.edit))
			if !errors.Is(err, vpcgate.ErrInvalidPlan) || !errors.Is(err, authz.ErrVPCMismatch) {
				t.Fatalf("error %v, want ErrInvalidPlan and authz.ErrVPCMismatch", err)
			}
			parts := field.Split(err)
			if p, _ := field.PathOf(parts[0]); len(parts) != 1 || !strings.HasSuffix(string(p), ".values.vpc_id") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error (%d problems, at %s):\n%v\nwant one at the authorization's vpc_id containing\n%s", len(parts), p, err, tt.msg)
			}
		})
	}
	t.Run("a backend read during apply", func(t *testing.T) {
		// instance_id refers to a data source read during apply: it is
		// nothing the plan holds, and its address is unverified.
		data := editTF(t, fixture, func(d tfJSON) {
			d.exprs("alicloud_api_gateway_vpc_access.backend")["instance_id"] = map[string]any{"references": []any{"data.alicloud_instances.web.ids[0]", "data.alicloud_instances.web.ids", "data.alicloud_instances.web"}}
		})
		p := readTFData(t, data)
		if got := p.Authorizations[0]; got.InstanceID != "unknown-until-apply" || got.Backend != authz.BackendKind(0) || got.Addr.IsValid() {
			t.Errorf("Authorizations[0] = %+v, want a backend whose ID stands for one known only after apply", got)
		}
		// The reader's note and Check's own (the address unknown).
		checkVerdicts(t, p, nil, []verdict{
			{"unverified", "alicloud_api_gateway_vpc_access.backend.instance_id"},
			{"unverified", "alicloud_api_gateway_vpc_access.backend.instance_id"},
			{"unverified", "alicloud_security_group.sg.security_group_type"},
		})
	})
}

// TestTerraformRuleUnknowns (#18 item 19): an outbound rule whose policy,
// protocol, ports, priority or destination is known only after apply never
// invalidates its group: it stands as one rule per policy it may have,
// whose destination cannot be known, at its priority (1, the first, while
// that is unknown), and each unknown attribute is noted. In the clean
// fixture, a rule that may drop the backend's traffic before the accept
// rule makes the backend's egress unverified; it was an invalid security
// group (a rule without a policy), or, for an unknown destination, a rule
// left out.
func TestTerraformRuleUnknowns(t *testing.T) {
	const addr = "alicloud_security_group_rule.maybe"
	unknown := func(pol authz.Policy, prio int) authz.Rule {
		return standIn(pol, prio, standsFor(addr))
	}
	tests := []struct {
		attr  string
		rules []authz.Rule // the rules the unknown one stands as
	}{
		{"policy", []authz.Rule{unknown(authz.PolicyAccept, 1), unknown(authz.PolicyDrop, 1)}},
		{"ip_protocol", []authz.Rule{unknown(authz.PolicyDrop, 1)}},
		{"port_range", []authz.Rule{unknown(authz.PolicyDrop, 1)}},
		{"priority", []authz.Rule{unknown(authz.PolicyDrop, 1)}},
		{"cidr_ip", []authz.Rule{unknown(authz.PolicyDrop, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.attr, func(t *testing.T) {
			data := editTF(t, "clean", func(d tfJSON) {
				// A drop rule at priority 1, of which attr is known
				// only after apply.
				values := map[string]any{"type": "egress", "ip_protocol": "tcp", "port_range": "8080/8080", "cidr_ip": "10.0.1.0/24", "policy": "drop", "priority": 1, "nic_type": "intranet"}
				delete(values, tt.attr)
				pv := d["planned_values"].(map[string]any)["root_module"].(map[string]any)
				pv["resources"] = append(pv["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_security_group_rule", "name": "maybe",
					"provider_name": "registry.terraform.io/aliyun/alicloud", "schema_version": 0, "values": values, "sensitive_values": map[string]any{}})
				d["resource_changes"] = append(d["resource_changes"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_security_group_rule", "name": "maybe",
					"change": map[string]any{"actions": []any{"create"}, "after": values, "after_unknown": map[string]any{"id": true, tt.attr: true, "security_group_id": true}}})
				cfg := d["configuration"].(map[string]any)["root_module"].(map[string]any)
				cfg["resources"] = append(cfg["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": "alicloud_security_group_rule", "name": "maybe", "provider_config_key": "alicloud",
					"expressions": map[string]any{"security_group_id": map[string]any{"references": []any{"alicloud_security_group.sg.id", "alicloud_security_group.sg"}},
						tt.attr: map[string]any{"references": []any{"var.x"}}}})
			})
			p := readTFData(t, data)
			want := append([]authz.Rule{acceptAll("10.0.0.0/16")}, tt.rules...)
			if diff := cmp.Diff(want, p.SecurityGroups[0].Rules, planOpts); diff != "" {
				t.Errorf("rules mismatch (-want +got):\n%s", diff)
			}
			if err := p.SecurityGroups[0].Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
			checkVerdicts(t, p, nil, []verdict{
				{"unverified", "alicloud_api_gateway_vpc_access.backend"},
				{"unverified", addr + "." + tt.attr},
			})
		})
	}
}

// TestTerraformGroupTypeUnknown (#18 item 19): a security group whose type
// is known only after apply (the cloud chooses it when the configuration
// does not) lets what no rule decides be unverified: a basic group allows
// it, an enterprise group denies it. It was denied, as in a group without
// a type.
func TestTerraformGroupTypeUnknown(t *testing.T) {
	data := editTF(t, "clean", func(d tfJSON) {
		const sg = "alicloud_security_group.sg"
		for _, k := range []string{"security_group_type", "inner_access_policy"} {
			d.set(sg, k, nil)
			delete(d.values(sg), k)
			delete(d.change(sg)["after"].(map[string]any), k)
			delete(d.exprs(sg), k)
		}
		// No rule lets the traffic out.
		d.set("alicloud_security_group_rule.to_vpc", "cidr_ip", "10.9.0.0/16")
	})
	p := readTFData(t, data)
	checkVerdicts(t, p, nil, []verdict{
		{"unverified", "alicloud_api_gateway_vpc_access.backend"},
		{"unverified", "alicloud_security_group.sg.security_group_type"},
	})
	// The inner access policy matters to no ECS backend here: not noted.
	for _, n := range p.Notes {
		if strings.Contains(n.Where, "inner_access_policy") {
			t.Errorf("note %+v", n)
		}
	}
}

// TestTerraformExistingInstance (#18 items 12 and 17): an instance that
// exists (in the state, not created or replaced by the plan) reaches what
// the cloud holds, its connect_cidr_blocks: facts (ConnectCidrBlocks, never
// checked again), where a vSwitch block counts only when listed; the block
// to_connect_vpc_ip_block adds, when Terraform sends it, is a request
// (Accessible); delete_vpc_ip_block, when sent, removes its block. An
// instance created or replaced reaches its vSwitch blocks.
func TestTerraformExistingInstance(t *testing.T) {
	const fixture = "existing-instance/plan"
	t.Run("fixture", func(t *testing.T) {
		in := readTF(t, fixture).Instances[0]
		// They were Accessible [10.8.0.0/24 10.0.9.0/24]: the listed
		// blocks less the vSwitch blocks (all counted), and Exists unset.
		if !in.Exists {
			t.Error("Exists = false")
		}
		if diff := cmp.Diff([]netip.Prefix{pfx("10.0.1.0/24"), pfx("10.8.0.0/24")}, in.ConnectCidrBlocks, planOpts); diff != "" {
			t.Errorf("ConnectCidrBlocks mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]netip.Prefix{pfx("10.0.9.0/24")}, in.Accessible, planOpts); diff != "" {
			t.Errorf("Accessible mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("verdicts", func(t *testing.T) {
		// The backend in vSwitch b's block, which the cloud does not
		// list, is unreachable (it passed: every vSwitch block counted);
		// the one in the connected network the cloud lists is reachable
		// (it was unreachable: the block was checked again, and is
		// outside the VPC's own blocks).
		checkVerdicts(t, readTF(t, fixture), []verdict{{"unreachable", "alicloud_api_gateway_vpc_access.zone_b.instance_id"}},
			[]verdict{{"implicit-egress", "alicloud_api_gateway_vpc_access.onprem"}, {"placement", "alicloud_api_gateway_group.g.instance_id"}})
	})
	block := map[string]any{"cidr_block": "10.0.9.0/24", "customized": "true"}
	tests := []struct {
		name       string
		edit       func(d tfJSON, c map[string]any) // c: the gateway's change
		exists     bool
		connect    []netip.Prefix
		accessible []netip.Prefix
		note       string // the place of a note, if any
	}{
		{name: "unchanged", edit: func(d tfJSON, c map[string]any) {
			c["before"].(map[string]any)["to_connect_vpc_ip_block"] = block
		}, exists: true, connect: []netip.Prefix{pfx("10.0.1.0/24"), pfx("10.8.0.0/24")}},
		{name: "added, already held", edit: func(d tfJSON, c map[string]any) {
			d.set(gwAddr, "to_connect_vpc_ip_block", map[string]any{"cidr_block": "10.8.0.0/24"})
		}, exists: true, connect: []netip.Prefix{pfx("10.0.1.0/24"), pfx("10.8.0.0/24")}},
		{name: "a listed vSwitch block deleted", edit: func(d tfJSON, c map[string]any) {
			d.set(gwAddr, "to_connect_vpc_ip_block", nil)
			delete(c["after_unknown"].(map[string]any), "to_connect_vpc_ip_block")
			delete(d.values(gwAddr), "to_connect_vpc_ip_block")
			d.set(gwAddr, "delete_vpc_ip_block", "10.0.1.0/24")
		}, exists: true, connect: []netip.Prefix{pfx("10.8.0.0/24")}},
		{name: "a deletion sent before", edit: func(d tfJSON, c map[string]any) {
			d.set(gwAddr, "delete_vpc_ip_block", "10.0.1.0/24")
			c["before"].(map[string]any)["delete_vpc_ip_block"] = "10.0.1.0/24"
		}, exists: true, connect: []netip.Prefix{pfx("10.0.1.0/24"), pfx("10.8.0.0/24")}, accessible: []netip.Prefix{pfx("10.0.9.0/24")}},
		{name: "blocks known only after apply", edit: func(d tfJSON, c map[string]any) {
			d.set(gwAddr, "connect_cidr_blocks", nil)
			delete(d.values(gwAddr), "connect_cidr_blocks")
			delete(c["after"].(map[string]any), "connect_cidr_blocks")
			delete(c["before"].(map[string]any), "connect_cidr_blocks")
		}, exists: true, accessible: []netip.Prefix{pfx("10.0.9.0/24")}, note: gwAddr + ".connect_cidr_blocks"},
		{name: "no block listed", edit: func(d tfJSON, c map[string]any) {
			d.set(gwAddr, "connect_cidr_blocks", "[]")
		}, exists: true, accessible: []netip.Prefix{pfx("10.0.9.0/24")}, note: gwAddr + ".connect_cidr_blocks"},
		{name: "created", edit: func(d tfJSON, c map[string]any) {
			c["actions"], c["before"] = []any{"create"}, nil
		}, accessible: []netip.Prefix{pfx("10.0.9.0/24")}},
		{name: "created, a vSwitch block deleted", edit: func(d tfJSON, c map[string]any) {
			c["actions"], c["before"] = []any{"create"}, nil
			d.set(gwAddr, "to_connect_vpc_ip_block", nil)
			delete(c["after_unknown"].(map[string]any), "to_connect_vpc_ip_block")
			delete(d.values(gwAddr), "to_connect_vpc_ip_block")
			d.set(gwAddr, "delete_vpc_ip_block", "10.0.2.0/24")
		}, note: gwAddr + ".delete_vpc_ip_block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readTFData(t, editTF(t, fixture, func(d tfJSON) { tt.edit(d, d.change(gwAddr)) }))
			in := p.Instances[0]
			if in.Exists != tt.exists {
				t.Errorf("Exists = %v, want %v", in.Exists, tt.exists)
			}
			if diff := cmp.Diff(tt.connect, in.ConnectCidrBlocks, planOpts); diff != "" {
				t.Errorf("ConnectCidrBlocks mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.accessible, in.Accessible, planOpts); diff != "" {
				t.Errorf("Accessible mismatch (-want +got):\n%s", diff)
			}
			checkNoteAt(t, p, tt.note)
			checkPlanValues(t, p)
		})
	}
}

// TestTerraformInstanceNameUnknown (#18 item 19): an instance name known
// only after apply (a random suffix, say) decides nothing: the resource's
// address stands for it, noted; it was "missing: this field is required".
func TestTerraformInstanceNameUnknown(t *testing.T) {
	data := editTF(t, "clean", func(d tfJSON) {
		d.set(gwAddr, "instance_name", nil)
		delete(d.values(gwAddr), "instance_name")
		delete(d.change(gwAddr)["after"].(map[string]any), "instance_name")
		d.exprs(gwAddr)["instance_name"] = map[string]any{"references": []any{"random_id.gw.hex", "random_id.gw"}}
	})
	p := readTFData(t, data)
	if got := p.Instances[0].Name; got != gwAddr {
		t.Errorf("Name = %q, want %q", got, gwAddr)
	}
	checkVerdicts(t, p, nil, []verdict{{"unverified", gwAddr + ".instance_name"}})
}

// TestTerraformInstanceVPCFromVSwitch (#18 item 19): a gateway whose
// user_vpc_id is known only after apply (read by a data source during
// apply) is in the VPC of its vSwitches, which CreateInstance requires:
// when the plan knows a vSwitch's VPC, that is the instance's. It was
// "missing: this field is required".
func TestTerraformInstanceVPCFromVSwitch(t *testing.T) {
	data := editTF(t, "clean", func(d tfJSON) {
		d.exprs(gwAddr)["user_vpc_id"] = map[string]any{"references": []any{"data.alicloud_vpcs.main.ids[0]", "data.alicloud_vpcs.main.ids", "data.alicloud_vpcs.main"}}
	})
	p := readTFData(t, data)
	if got := p.Instances[0].VPCID; got != vpcAddr {
		t.Errorf("VPCID = %q, want %q", got, vpcAddr)
	}
	if got := p.Source["instances[0].vpcId"]; got != "alicloud_vpc.vpc.id" {
		t.Errorf("Source[instances[0].vpcId] = %q", got)
	}
	checkVerdicts(t, p, nil, nil)
}

// ecsPlan returns a plan with n ECS instances in one security group whose
// inner access policy is known only after apply, and an authorization for
// each.
func ecsPlan(n int) []byte {
	res := []string{`{"address":"alicloud_security_group.sg","mode":"managed","type":"alicloud_security_group","name":"sg","values":{"id":"sg-1","security_group_type":"normal"}}`}
	changes := []string{`{"address":"alicloud_security_group.sg","mode":"managed","type":"alicloud_security_group","name":"sg","change":{"actions":["update"],"after_unknown":{"inner_access_policy":true}}}`}
	for i := range n {
		res = append(res,
			fmt.Sprintf(`{"address":"alicloud_instance.web[%d]","mode":"managed","type":"alicloud_instance","name":"web","index":%d,"values":{"id":"i-%d","vpc_id":"vpc-1","private_ip":"10.0.%d.%d","security_groups":["sg-1"]}}`, i, i, i, i/250, 1+i%250),
			fmt.Sprintf(`{"address":"alicloud_api_gateway_vpc_access.a[%d]","mode":"managed","type":"alicloud_api_gateway_vpc_access","name":"a","index":%d,"values":{"name":"a%d","vpc_id":"vpc-1","instance_id":"i-%d","port":80}}`, i, i, i, i))
	}
	return []byte(strings.Replace(tfDoc(res...), `"configuration"`, `"resource_changes":[`+strings.Join(changes, ",")+`],"configuration"`, 1))
}

// TestTerraformECSBackendsLinear: n authorizations of n ECS instances the
// plan creates cost linear time: ten times the backends take less than
// fifteen times the allocations.
func TestTerraformECSBackendsLinear(t *testing.T) {
	p := readTFData(t, ecsPlan(300))
	if len(p.Authorizations) != 300 || p.Authorizations[299].Backend != authz.ECS || len(p.SecurityGroups[0].Rules) != 1 {
		t.Fatalf("%d authorizations, the last %+v, rules %v; want 300 ECS backends, and one rule for the unknown inner access policy", len(p.Authorizations), p.Authorizations[299], p.SecurityGroups[0].Rules)
	}
	small, large := ecsPlan(50), ecsPlan(500)
	as := testing.AllocsPerRun(3, func() { vpcgate.ReadTerraformPlan(small) })
	al := testing.AllocsPerRun(3, func() { vpcgate.ReadTerraformPlan(large) })
	if al > 15*as {
		t.Errorf("allocations: %v for 50 backends, %v for 500: more than linear", as, al)
	}
}

// TestTerraformRealPlans pins what ReadTerraformPlan and Check make of the
// plans Terraform 1.11 printed with the alicloud provider v1.265.0
// (real/HOW.md, real/_tools/BUILD.md): each #18 item the plan shows, by
// its values and by the findings' codes and places.
func TestTerraformRealPlans(t *testing.T) {
	sgType := func(addr string) verdict { return verdict{"unverified", addr + ".security_group_type"} }
	tests := []struct {
		name     string
		check    func(t *testing.T, p vpcgate.Plan)
		problems []verdict
		warnings []verdict
	}{
		{name: "aliased-region", check: func(t *testing.T, p vpcgate.Plan) {
			// Item 9: the instance on alicloud.sh, and the group in the
			// module alicloud.sh is passed to, are in cn-shanghai.
			if got := p.Instances[0].RegionID; got != "cn-shanghai" {
				t.Errorf("instance RegionID = %q, want cn-shanghai", got)
			}
			if g := p.Groups[0]; g.ID != "module.api.alicloud_api_gateway_group.group" || g.RegionID != "cn-shanghai" {
				t.Errorf("group %s RegionID = %q, want cn-shanghai", g.ID, g.RegionID)
			}
		}, warnings: []verdict{sgType("alicloud_security_group.sh_gateway")}},
		{name: "clean-create", check: func(t *testing.T, p vpcgate.Plan) {
			// Item 19: the ECS backend created with its authorization.
			want := authz.Authorization{Name: "vpcgate-backend", VPCID: "alicloud_vpc.vpc", InstanceID: "alicloud-instance-backend-0", Port: 8080,
				Addr: netip.MustParseAddr("10.0.1.5"), Backend: authz.ECS, SecurityGroupID: "alicloud-security-group-backend-0"}
			if diff := cmp.Diff([]authz.Authorization{want}, p.Authorizations, planOpts); diff != "" {
				t.Errorf("Authorizations mismatch (-want +got):\n%s", diff)
			}
		}, warnings: []verdict{
			{"security-group", "alicloud_api_gateway_vpc_access.backend"},
			sgType("alicloud_security_group.backend"), sgType("alicloud_security_group.gateway"),
			{"unverified", "alicloud_security_group.backend.inner_access_policy"},
		}},
		{name: "direct-backend", check: func(t *testing.T, p vpcgate.Plan) {
			// #20: an HTTP API's http_service_config address is its
			// ServiceAddress, reachable and allowed.
			want := []migrate.API{{ID: "alicloud_api_gateway_api.direct", Name: "vpcgate_direct", ServiceAddress: endpoint("http://10.0.1.5:8080")}}
			if diff := cmp.Diff(want, p.Groups[0].APIs, planOpts); diff != "" {
				t.Errorf("APIs mismatch (-want +got):\n%s", diff)
			}
			if got := p.Source["groups[0].apis[0].serviceAddress"]; got != "alicloud_api_gateway_api.direct.http_service_config[0].address" {
				t.Errorf("Source[groups[0].apis[0].serviceAddress] = %q", got)
			}
		}, warnings: []verdict{sgType("alicloud_security_group.gateway")}},
		{name: "direct-backend-fails", check: func(t *testing.T, p vpcgate.Plan) {
			// #20: APIs at an address outside the accessible blocks and
			// at one a rule drops, and a YAML routing plug-in's route to
			// an address outside them.
			want := vpcgate.Group{ID: "alicloud_api_gateway_group.group", Name: "vpcgate_group", RegionID: "cn-hangzhou", To: "alicloud_api_gateway_instance.vpc_integration",
				APIs: []migrate.API{
					{ID: "alicloud_api_gateway_api.denied", Name: "vpcgate_denied", ServiceAddress: endpoint("http://10.0.2.9:9090")},
					{ID: "alicloud_api_gateway_api.direct", Name: "vpcgate_direct", ServiceAddress: endpoint("http://10.0.1.5:8080")},
					{ID: "alicloud_api_gateway_api.outside", Name: "vpcgate_outside", ServiceAddress: endpoint("http://10.0.3.5:8080")},
				},
				Plugins: []migrate.Plugin{{ID: "alicloud_api_gateway_plugin.routing", Name: "vpcgate_routing", Type: "routing", ServiceAddresses: []authz.Endpoint{endpoint("http://10.0.4.6:8080")}}}}
			if diff := cmp.Diff([]vpcgate.Group{want}, p.Groups, planOpts); diff != "" {
				t.Errorf("Groups mismatch (-want +got):\n%s", diff)
			}
		}, problems: []verdict{
			{"egress-denied", "alicloud_api_gateway_api.denied.http_service_config[0].address"},
			{"unreachable", "alicloud_api_gateway_api.outside.http_service_config[0].address"},
			{"unreachable", "alicloud_api_gateway_plugin.routing.plugin_data"},
		}, warnings: []verdict{
			// The unreachable backends' outbound rules: the security
			// group's default is not known.
			{"unverified", "alicloud_api_gateway_api.outside.http_service_config[0].address"},
			{"unverified", "alicloud_api_gateway_plugin.routing.plugin_data"},
			{"placement", "alicloud_api_gateway_group.group.instance_id"},
			sgType("alicloud_security_group.gateway"),
		}},
		{name: "existing-instance-add-block", check: existingBlocks([]string{"10.0.1.0/24", "10.0.2.0/24"}, []string{"10.0.3.0/24"})},
		{name: "existing-instance-add-block-bool", check: existingBlocks([]string{"10.0.1.0/24", "10.0.2.0/24"}, []string{"10.0.3.0/24"})},
		// The block the update deletes is gone; the planned
		// connect_cidr_blocks still list it.
		{name: "existing-instance-delete-block", check: existingBlocks([]string{"10.0.1.0/24", "10.0.2.0/24"}, nil)},
		{name: "group-plugin", check: func(t *testing.T, p vpcgate.Plan) {
			// A routing plug-in bound to the group's API, whose YAML
			// plugin_data routes to two authorizations.
			want := []migrate.Plugin{{ID: "alicloud_api_gateway_plugin.routing", Name: "vpcgate_routing", Type: "routing", VPCAccess: []string{"vpcgate-canary", "vpcgate-backend"}}}
			if diff := cmp.Diff(want, p.Groups[0].Plugins, planOpts); diff != "" {
				t.Errorf("Plugins mismatch (-want +got):\n%s", diff)
			}
		}, warnings: []verdict{
			{"unverified", "alicloud_api_gateway_vpc_access.canary"},
			sgType("alicloud_security_group.gateway"),
		}},
		{name: "removed-forget", check: func(t *testing.T, p vpcgate.Plan) {
			// Item 10: the forgotten rule x is still the group's.
			rules := p.SecurityGroups[0].Rules
			if len(rules) != 2 || rules[1].DestCIDR != pfx("10.0.1.5/32") || p.Source["securityGroups[0].rules[1]"] != "alicloud_security_group_rule.x" {
				t.Errorf("rules = %v, Source = %q; want the forgotten rule x second", rules, p.Source["securityGroups[0].rules[1]"])
			}
		}},
		{name: "unknown-policy", check: func(t *testing.T, p vpcgate.Plan) {
			// Item 19: policy and port_range are conditionals on an ID
			// known only after apply: the rule may accept or drop, never
			// an input error.
			const rule = "alicloud_security_group_rule.gateway_to_backend"
			want := []authz.Rule{standIn(authz.PolicyAccept, 100, typeStandsFor("alicloud_security_group.gateway")),
				standIn(authz.PolicyAccept, 1, standsFor(rule)), standIn(authz.PolicyDrop, 1, standsFor(rule))}
			if diff := cmp.Diff(want, p.SecurityGroups[0].Rules, planOpts); diff != "" {
				t.Errorf("rules mismatch (-want +got):\n%s", diff)
			}
		}, warnings: []verdict{
			{"unverified", "alicloud_api_gateway_vpc_access.backend"},
			sgType("alicloud_security_group.gateway"),
			{"unverified", "alicloud_vpc.vpc.id"},
		}},
		{name: "vswitch-full", check: func(t *testing.T, p vpcgate.Plan) {
			// #23 item 3: the alicloud_vswitches data source, read when
			// the plan was made, gives each vSwitch's free addresses; the
			// plan declares the service-linked role.
			zero, free := 0, 251
			want := []vpcgate.VSwitch{{ID: "vsw-bp1full", AvailableIPs: &zero}, {ID: "vsw-bp1free", AvailableIPs: &free}}
			if diff := cmp.Diff(want, p.VSwitches); diff != "" {
				t.Errorf("VSwitches mismatch (-want +got):\n%s", diff)
			}
			if got := p.Source["vSwitches[0].availableIps"]; got != "data.alicloud_vswitches.gw.vswitches[0].available_ip_address_count" {
				t.Errorf("Source[vSwitches[0].availableIps] = %q", got)
			}
			if p.ServiceLinkedRole != vpcgate.RoleExists {
				t.Errorf("ServiceLinkedRole = %q, want %q", p.ServiceLinkedRole, vpcgate.RoleExists)
			}
		}, problems: []verdict{
			{"vswitch-full", "alicloud_api_gateway_instance.vpc_integration.zone_vswitch_security_group[0].vswitch_id"},
		}, warnings: []verdict{
			{"unverified", "alicloud_api_gateway_instance.vpc_integration.user_vpc_id"},
			sgType("alicloud_security_group.gateway"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readTF(t, "real/"+tt.name+"/plan")
			tt.check(t, p)
			checkVerdicts(t, p, tt.problems, tt.warnings)
		})
	}
}

// existingBlocks returns a check that the plan's one instance exists,
// with those ConnectCidrBlocks and Accessible blocks.
func existingBlocks(connect, accessible []string) func(t *testing.T, p vpcgate.Plan) {
	prefixes := func(ss []string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range ss {
			out = append(out, pfx(s))
		}
		return out
	}
	return func(t *testing.T, p vpcgate.Plan) {
		in := p.Instances[0]
		if !in.Exists {
			t.Error("Exists = false")
		}
		if diff := cmp.Diff(prefixes(connect), in.ConnectCidrBlocks, planOpts); diff != "" {
			t.Errorf("ConnectCidrBlocks mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(prefixes(accessible), in.Accessible, planOpts); diff != "" {
			t.Errorf("Accessible mismatch (-want +got):\n%s", diff)
		}
	}
}

// The direct backends' fixture: egress-denied (accessible blocks
// 10.0.1.0/24 and 10.0.2.0/24; outbound rules that accept 10.0.1.0/24 and
// drop the rest) whose API orders is an HTTP one.
const (
	ordersAPI  = "alicloud_api_gateway_api.orders"
	ordersAddr = ordersAPI + ".http_service_config[0].address"
)

// directTF returns the direct backends' fixture with edit applied.
func directTF(t *testing.T, edit func(d tfJSON)) []byte {
	t.Helper()
	return editTF(t, "egress-denied", func(d tfJSON) {
		d.set(ordersAPI, "service_type", "HTTP")
		d.set(ordersAPI, "http_vpc_service_config", []any{})
		edit(d)
	})
}

// httpConfig returns an http_service_config of one block with address
// (none when nil).
func httpConfig(address any) []any {
	b := map[string]any{"path": "/orders", "method": "GET", "timeout": 10000}
	if address != nil {
		b["address"] = address
	}
	return []any{b}
}

// add adds managed resource addr, created by the plan with values (and
// after_unknown unknown), and its configuration block with exprs.
func (d tfJSON) add(addr string, values, unknown, exprs map[string]any) {
	typ, name, _ := strings.Cut(addr, ".")
	if unknown == nil {
		unknown = map[string]any{}
	}
	if exprs == nil {
		exprs = map[string]any{}
	}
	pv := d["planned_values"].(map[string]any)["root_module"].(map[string]any)
	pv["resources"] = append(pv["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name, "values": values})
	d["resource_changes"] = append(d["resource_changes"].([]any), map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name,
		"change": map[string]any{"actions": []any{"create"}, "after": values, "after_unknown": unknown}})
	cfg := d["configuration"].(map[string]any)["root_module"].(map[string]any)
	cfg["resources"] = append(cfg["resources"].([]any), map[string]any{"address": addr, "mode": "managed", "type": typ, "name": name, "expressions": exprs})
}

// notePlaces returns the (where, path) pair of each note.
func notePlaces(p vpcgate.Plan) [][2]string {
	var out [][2]string
	for _, n := range p.Notes {
		out = append(out, [2]string{n.Where, string(n.Path)})
	}
	return out
}

// TestTerraformDirectAPIs (#20): an HTTP API calls
// http_service_config[0].address directly: its ServiceAddress, at that
// place; one known only after apply, or whose service_type is unknown, not
// given or not one the provider lists, is an unverified note at the API's
// serviceAddress, never a pass; HTTP-VPC keeps its authorization; MOCK and
// FunctionCompute call nothing in a VPC.
func TestTerraformDirectAPIs(t *testing.T) {
	const path = "groups[0].apis[0].serviceAddress"
	tests := []struct {
		name   string
		edit   func(d tfJSON)
		want   migrate.API // ServiceAddress and VPCAccess
		notes  [][2]string // (where, path)
		mapped bool        // Source maps path to ordersAddr
	}{
		{name: "address", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.1.5:8080")) },
			want: migrate.API{ServiceAddress: endpoint("http://10.0.1.5:8080")}, mapped: true},
		{name: "https, default port", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("https://10.0.1.5")) },
			want: migrate.API{ServiceAddress: endpoint("https://10.0.1.5:443")}, mapped: true},
		{name: "host and port", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("10.0.1.5:8080")) },
			want: migrate.API{ServiceAddress: endpoint("10.0.1.5:8080")}, mapped: true},
		{name: "URL with a path", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("HTTP://10.0.1.5:8080/v1?a=b")) },
			want: migrate.API{ServiceAddress: endpoint("http://10.0.1.5:8080")}, mapped: true},
		{name: "host name", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("http://orders.internal")) },
			want: migrate.API{ServiceAddress: endpoint("http://orders.internal:80")}, mapped: true},
		{name: "IPv6", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("http://[fd00::5]:8080")) },
			want: migrate.API{ServiceAddress: endpoint("http://[fd00::5]:8080")}, mapped: true},
		{name: "IPv4-mapped IPv6 is IPv4", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("http://[::ffff:10.0.1.5]")) },
			want: migrate.API{ServiceAddress: endpoint("http://10.0.1.5")}, mapped: true},
		// The provider's example of an API that calls a backend service.
		{name: "empty address", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig("")) }, mapped: true},
		{name: "no http_service_config", edit: func(d tfJSON) { d.set(ordersAPI, "http_service_config", []any{}) }, mapped: true},
		{name: "address known only after apply", edit: func(d tfJSON) {
			d.set(ordersAPI, "http_service_config", httpConfig(nil))
			d.change(ordersAPI)["after_unknown"].(map[string]any)["http_service_config"] = []any{map[string]any{"address": true}}
		}, notes: [][2]string{{ordersAddr, path}}, mapped: true},
		{name: "address from an ECS instance's private_ip", edit: func(d tfJSON) {
			d.add("alicloud_instance.web", map[string]any{"instance_name": "web"}, map[string]any{"id": true, "private_ip": true}, nil)
			d.set(ordersAPI, "http_service_config", httpConfig(nil))
			d.change(ordersAPI)["after_unknown"].(map[string]any)["http_service_config"] = []any{map[string]any{"address": true}}
			d.exprs(ordersAPI)["http_service_config"] = []any{map[string]any{"address": map[string]any{"references": []any{"alicloud_instance.web.private_ip", "alicloud_instance.web"}}}}
		}, notes: [][2]string{{"alicloud_instance.web.private_ip", path}}, mapped: true},
		{name: "http_service_config known only after apply", edit: func(d tfJSON) {
			d.set(ordersAPI, "http_service_config", nil)
		}, notes: [][2]string{{ordersAPI + ".http_service_config", path}}, mapped: true},
		{name: "service_type known only after apply", edit: func(d tfJSON) {
			d.set(ordersAPI, "service_type", nil)
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}, notes: [][2]string{{ordersAddr, path}}, mapped: true},
		{name: "service_type not given", edit: func(d tfJSON) {
			delete(d.values(ordersAPI), "service_type")
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}, notes: [][2]string{{ordersAddr, path}}, mapped: true},
		{name: "service_type the provider does not list", edit: func(d tfJSON) {
			d.set(ordersAPI, "service_type", "HTTPS")
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}, notes: [][2]string{{ordersAddr, path}}, mapped: true},
		{name: "service_type the provider does not list, no address", edit: func(d tfJSON) { d.set(ordersAPI, "service_type", "EventBridge") },
			notes: [][2]string{{ordersAPI + ".service_type", ""}}},
		{name: "MOCK is no direct backend", edit: func(d tfJSON) {
			d.set(ordersAPI, "service_type", "MOCK")
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}},
		{name: "FunctionCompute is no direct backend", edit: func(d tfJSON) {
			d.set(ordersAPI, "service_type", "FunctionCompute")
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}},
		{name: "HTTP-VPC keeps its authorization", edit: func(d tfJSON) {
			d.set(ordersAPI, "service_type", "HTTP-VPC")
			d.set(ordersAPI, "http_vpc_service_config", []any{map[string]any{"name": "backend"}})
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}, want: migrate.API{VPCAccess: "backend"}},
		{name: "service_type unknown, both configurations", edit: func(d tfJSON) {
			d.set(ordersAPI, "service_type", nil)
			d.set(ordersAPI, "http_vpc_service_config", []any{map[string]any{"name": "backend"}})
			d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.9.5:8080"))
		}, want: migrate.API{VPCAccess: "backend"}, notes: [][2]string{{ordersAPI + ".service_type", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readTFData(t, directTF(t, tt.edit))
			got := p.Groups[0].APIs[0]
			if got.ServiceAddress != tt.want.ServiceAddress || got.VPCAccess != tt.want.VPCAccess {
				t.Errorf("API calls %v, authorization %q; want %v, %q", got.ServiceAddress, got.VPCAccess, tt.want.ServiceAddress, tt.want.VPCAccess)
			}
			if diff := cmp.Diff(tt.notes, notePlaces(p), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (where, path) mismatch (-want +got):\n%s", diff)
			}
			if src, ok := p.Source[path]; ok != tt.mapped || ok && src != ordersAddr {
				t.Errorf("Source[%s] = %q, %v; want %q: %v", path, src, ok, ordersAddr, tt.mapped)
			}
		})
	}
}

// TestTerraformDirectAddressErrors (#20): an address ParseEndpoint rejects
// is the user's configuration, not a cloud fact: an input error at its
// JSON path naming the resource address and attribute, matching
// ErrInvalidPlan and authz.ErrInvalidEndpoint.
func TestTerraformDirectAddressErrors(t *testing.T) {
	for _, addr := range []string{"ftp://10.0.1.5", "10.0.1.5", "http://10.0.1.5:0", "http://a@10.0.1.5", " http://10.0.1.5", "http://[fd00::5%eth0]", "http://", "http://10.1", "fd00::5:80", "http://10.0.1.5:65536"} {
		t.Run(addr, func(t *testing.T) {
			_, err := vpcgate.ReadTerraformPlan(directTF(t, func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig(addr)) }))
			if !errors.Is(err, vpcgate.ErrInvalidPlan) || !errors.Is(err, authz.ErrInvalidEndpoint) {
				t.Fatalf("error %v, want ErrInvalidPlan and authz.ErrInvalidEndpoint", err)
			}
			errs := field.Split(err)
			if len(errs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(errs), err)
			}
			if p, _ := field.PathOf(errs[0]); !strings.HasSuffix(string(p), ".values.http_service_config[0].address") || !strings.Contains(err.Error(), ordersAddr+": ") {
				t.Errorf("problem at %q: %v; want it at the address, naming %s", p, err, ordersAddr)
			}
		})
	}
	t.Run("not a string", func(t *testing.T) {
		_, err := vpcgate.ReadTerraformPlan(directTF(t, func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig(8080)) }))
		if !errors.Is(err, vpcgate.ErrInvalidPlan) || !strings.Contains(err.Error(), ordersAddr) {
			t.Errorf("error %v, want ErrInvalidPlan at %s", err, ordersAddr)
		}
	})
}

// withRouting adds routing plug-in alicloud_api_gateway_plugin.route
// (plugin_data data; known only after apply when nil), bound to the
// fixture's API orders.
func withRouting(d tfJSON, data any) {
	values, unknown := map[string]any{"id": "plg-1", "plugin_name": "route", "plugin_type": "routing"}, map[string]any{}
	if data == nil {
		unknown["plugin_data"] = true
	} else {
		values["plugin_data"] = data
	}
	d.add("alicloud_api_gateway_plugin.route", values, unknown, nil)
	d.add("alicloud_api_gateway_plugin_attachment.route", map[string]any{"plugin_id": "plg-1", "api_id": "api-1", "stage_name": "RELEASE"},
		map[string]any{"group_id": true}, map[string]any{"group_id": map[string]any{"references": []any{"alicloud_api_gateway_group.g.id", "alicloud_api_gateway_group.g"}}})
}

// TestTerraformDirectRoutes (#20): a routing plug-in's routes whose
// backend type is "HTTP" with an address are its ServiceAddresses (each
// once), its plugin_data JSON or YAML; an HTTP route without an address
// calls the API's own; plugin_data known only after apply, or text this
// reader does not read, is an unverified note at plugin_data.
func TestTerraformDirectRoutes(t *testing.T) {
	const plugin = "alicloud_api_gateway_plugin.route.plugin_data"
	yaml := "---\nroutes:\n- name: canary\n  condition: \"$CaAppId = 1\"\n  backend:\n    type: HTTP\n    address: \"http://10.0.9.6:8080\"\n" +
		"- name: vip\n  backend:\n    type: HTTP-VPC\n    vpcAccessName: backend\n" +
		"- name: old\n  backend: {\"type\": \"MOCK\", \"statusCode\": 400}\n" +
		"- name: again\n  backend:\n    type: HTTP\n    address: http://10.0.9.6:8080/v2\n" +
		"- name: six\n  backend:\n    type: HTTP\n    address: 'https://[fd00::6]'\n"
	tests := []struct {
		name  string
		data  any
		names []string
		addrs []authz.Endpoint
		notes [][2]string
	}{
		{name: "JSON", data: `{"routes":[{"name":"a","condition":"Random() < 0.05","backend":{"type":"HTTP","address":"https://beta.internal"}},{"backend":{"type":"HTTP_VPC","vpcAccessName":"old"}}]}`,
			names: []string{"old"}, addrs: []authz.Endpoint{endpoint("https://beta.internal")}},
		{name: "YAML", data: yaml, names: []string{"backend"}, addrs: []authz.Endpoint{endpoint("http://10.0.9.6:8080"), endpoint("https://[fd00::6]")}},
		{name: "YAML after a byte order mark", data: "\ufeffroutes:\n- backend:\n    type: HTTP\n    address: http://10.0.9.6\n", addrs: []authz.Endpoint{endpoint("http://10.0.9.6")}},
		{name: "HTTP route without an address", data: "routes:\n- backend:\n    type: HTTP\n    path: /v2\n- backend:\n    type: HTTP\n    address: ''\n"},
		{name: "address on a route of another type", data: `{"routes":[{"backend":{"type":"MOCK","address":"http://10.0.9.6"}}]}`},
		{name: "no routes", data: "routes: []\n"},
		{name: "empty YAML", data: "# nothing\n"},
		{name: "known only after apply", notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
		{name: "YAML this reader does not read", data: "routes: &r\n- backend: *r\n", notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
		{name: "JSON that is not well-formed", data: `{"routes": [}`, notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
		{name: "not an object", data: "- routes\n", notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
		{name: "routes not an array", data: `{"routes": {"backend": {"type": "HTTP", "address": "http://10.0.9.6"}}}`, notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
		{name: "a route without a backend type", data: "routes:\n- backend:\n    address: http://10.0.9.6\n", notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
		{name: "a route of a type not known", data: "routes:\n- backend:\n    type: http\n    address: http://10.0.9.6\n", notes: [][2]string{{plugin, "groups[0].plugins[0].vpcAccess"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readTFData(t, directTF(t, func(d tfJSON) {
				d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.1.5:8080"))
				withRouting(d, tt.data)
			}))
			if len(p.Groups[0].Plugins) != 1 {
				t.Fatalf("plug-ins %+v, want one", p.Groups[0].Plugins)
			}
			got := p.Groups[0].Plugins[0]
			if diff := cmp.Diff(tt.names, got.VPCAccess, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("VPCAccess mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.addrs, got.ServiceAddresses, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ServiceAddresses mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, notePlaces(p), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (where, path) mismatch (-want +got):\n%s", diff)
			}
			if src, ok := p.Source["groups[0].plugins[0].serviceAddresses"]; ok != (len(tt.addrs) > 0) || ok && src != plugin {
				t.Errorf("Source[groups[0].plugins[0].serviceAddresses] = %q, %v", src, ok)
			}
		})
	}
	// A route's address ParseEndpoint rejects, or that is not a string, is
	// an input error at plugin_data naming the route.
	for _, tt := range []struct{ name, data, says string }{
		{"JSON, no port", `{"routes":[{"backend":{"type":"HTTP","address":"10.0.9.6"}}]}`, "routes[0].backend.address: invalid backend address"},
		{"YAML, other scheme", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: backend\n- backend:\n    type: HTTP\n    address: ftp://10.0.9.6\n", "routes[1].backend.address: invalid backend address"},
		{"not a string", `{"routes":[{"backend":{"type":"HTTP","address":8080}}]}`, "routes[0].backend.address: wrong JSON type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vpcgate.ReadTerraformPlan(directTF(t, func(d tfJSON) { withRouting(d, tt.data) }))
			if !errors.Is(err, vpcgate.ErrInvalidPlan) || len(field.Split(err)) != 1 || !strings.Contains(err.Error(), plugin+": "+tt.says) {
				t.Fatalf("error %v, want one at %s saying %q", err, plugin, tt.says)
			}
			if p, _ := field.PathOf(field.Split(err)[0]); !strings.HasSuffix(string(p), ".values.plugin_data") {
				t.Errorf("problem at %q, want plugin_data's", p)
			}
		})
	}
}

// withBackend makes the fixture's API orders call backend service bk-1
// (alicloud_api_gateway_backend.b, of type typ) and adds its backend models
// "release" and "pre", each with its backend_model_data (known only after
// apply when nil) unless "".
func withBackend(d tfJSON, typ string, release, pre any) {
	d.set(ordersAPI, "http_service_config", httpConfig("http://10.0.1.5:8080"))
	d.set(ordersAPI, "backend_enabled", true)
	d.set(ordersAPI, "backend_id", "bk-1")
	d.add("alicloud_api_gateway_backend.b", map[string]any{"id": "bk-1", "backend_name": "b", "backend_type": typ}, nil, nil)
	for _, m := range []struct {
		stage string
		data  any
	}{{"RELEASE", release}, {"PRE", pre}} {
		if m.data == "" {
			continue
		}
		values, unknown := map[string]any{"backend_id": "bk-1", "backend_type": "HTTP", "stage_name": m.stage}, map[string]any{"backend_model_id": true}
		if m.data == nil {
			unknown["backend_model_data"] = true
		} else {
			values["backend_model_data"] = m.data
		}
		d.add("alicloud_api_gateway_backend_model."+strings.ToLower(m.stage), values, unknown, nil)
	}
}

// TestTerraformDirectBackendModels (#20): an API that calls a backend
// service of the plan that is not in a VPC calls the address each HTTP
// backend model of it names in backend_model_data's ServiceAddress (the
// shape the provider documents): one more API of the group per address,
// named with the service and the stage, at the model's backend_model_data.
func TestTerraformDirectBackendModels(t *testing.T) {
	const release, pre = "alicloud_api_gateway_backend_model.release.backend_model_data", "alicloud_api_gateway_backend_model.pre.backend_model_data"
	api := func(name, addr string) migrate.API {
		a := migrate.API{ID: ordersAPI, Name: name}
		if addr != "" {
			a.ServiceAddress = endpoint(addr)
		}
		return a
	}
	tests := []struct {
		name  string
		edit  func(d tfJSON)
		apis  []migrate.API
		at    []string // Source of each API's serviceAddress
		notes [][2]string
	}{
		{name: "one address", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080","HttpTargetHostName":"www.example.com"}`, "")
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080"), api(`orders (backend service "bk-1", RELEASE)`, "http://10.0.9.7:8080")}, at: []string{ordersAddr, release}},
		{name: "two stages, two addresses", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, `{"ServiceAddress":"https://10.0.9.8"}`)
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080"), api(`orders (backend service "bk-1", RELEASE)`, "http://10.0.9.7:8080"), api(`orders (backend service "bk-1", PRE)`, "https://10.0.9.8")},
			at: []string{ordersAddr, release, pre}},
		{name: "two stages, one address", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, `{"ServiceAddress":"http://10.0.9.7:8080/v2"}`)
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080"), api(`orders (backend service "bk-1", RELEASE)`, "http://10.0.9.7:8080")}, at: []string{ordersAddr, release}},
		{name: "no address", edit: func(d tfJSON) { withBackend(d, "HTTP", `{"ServiceAddress":"","ServiceTimeout":10}`, `{}`) },
			apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}},
		{name: "a model of another type", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, "")
			d.set("alicloud_api_gateway_backend_model.release", "backend_type", "FC_HTTP")
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}},
		{name: "data known only after apply", edit: func(d tfJSON) { withBackend(d, "HTTP", nil, "") },
			apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}, notes: [][2]string{{release, ""}}},
		{name: "data that is not JSON", edit: func(d tfJSON) { withBackend(d, "HTTP", `ServiceAddress: http://10.0.9.7`, "") },
			apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}, notes: [][2]string{{release, ""}}},
		{name: "key in another case", edit: func(d tfJSON) { withBackend(d, "HTTP", `{"serviceAddress":"http://10.0.9.7"}`, "") },
			apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}, notes: [][2]string{{release, ""}}},
		// The cloud's DescribeBackendInfo sample has "10.0.0.1": no port.
		{name: "address without scheme or port", edit: func(d tfJSON) { withBackend(d, "HTTP", `{"ServiceAddress":"10.0.0.1"}`, "") },
			apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}, notes: [][2]string{{release, ""}}},
		{name: "model of a backend not known", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, "")
			d.set("alicloud_api_gateway_backend_model.release", "backend_id", nil)
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}, notes: [][2]string{{"alicloud_api_gateway_backend_model.release.backend_id", ""}}},
		{name: "backend and model created with the plan", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, "")
			ref := map[string]any{"references": []any{"alicloud_api_gateway_backend.b.id", "alicloud_api_gateway_backend.b"}}
			d.set("alicloud_api_gateway_backend.b", "id", nil)
			d.set(ordersAPI, "backend_id", nil)
			d.exprs(ordersAPI)["backend_id"] = ref
			d.set("alicloud_api_gateway_backend_model.release", "backend_id", nil)
			d.exprs("alicloud_api_gateway_backend_model.release")["backend_id"] = ref
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080"), api(`orders (backend service "alicloud_api_gateway_backend.b", RELEASE)`, "http://10.0.9.7:8080")}, at: []string{ordersAddr, release}},
		{name: "VPC backend: not read", edit: func(d tfJSON) { withBackend(d, "VPC", `{"ServiceAddress":"http://10.0.9.7:8080"}`, "") },
			apis: []migrate.API{api("orders", "http://10.0.1.5:8080")}, at: []string{ordersAddr}, notes: [][2]string{{ordersAPI + ".backend_enabled", ""}}},
		{name: "two APIs, one backend: once", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, "")
			d.add("alicloud_api_gateway_api.list", map[string]any{"name": "list", "service_type": "MOCK", "backend_enabled": true, "backend_id": "bk-1"},
				map[string]any{"group_id": true}, map[string]any{"group_id": map[string]any{"references": []any{"alicloud_api_gateway_group.g.id", "alicloud_api_gateway_group.g"}}})
		}, apis: []migrate.API{api("orders", "http://10.0.1.5:8080"), api(`orders (backend service "bk-1", RELEASE)`, "http://10.0.9.7:8080"), {ID: "alicloud_api_gateway_api.list", Name: "list"}},
			at: []string{ordersAddr, release, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readTFData(t, directTF(t, tt.edit))
			if diff := cmp.Diff(tt.apis, p.Groups[0].APIs, planOpts); diff != "" {
				t.Errorf("APIs mismatch (-want +got):\n%s", diff)
			}
			var at []string
			for i := range p.Groups[0].APIs {
				at = append(at, p.Source[field.Path(fmt.Sprintf("groups[0].apis[%d].serviceAddress", i))])
			}
			if diff := cmp.Diff(tt.at, at); diff != "" {
				t.Errorf("Source of serviceAddress mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, notePlaces(p), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notes (where, path) mismatch (-want +got):\n%s", diff)
			}
		})
	}
	for _, tt := range []struct{ name, data, says string }{
		{"other scheme", `{"ServiceAddress":"ftp://10.0.9.7"}`, "ServiceAddress: invalid backend address"},
		{"not a string", `{"ServiceAddress":8080}`, "ServiceAddress: wrong JSON type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vpcgate.ReadTerraformPlan(directTF(t, func(d tfJSON) { withBackend(d, "HTTP", tt.data, "") }))
			if !errors.Is(err, vpcgate.ErrInvalidPlan) || len(field.Split(err)) != 1 || !strings.Contains(err.Error(), release+": "+tt.says) {
				t.Fatalf("error %v, want one at %s saying %q", err, release, tt.says)
			}
		})
	}
}

// TestTerraformDirectVerdicts (#20): backends called directly, read from a
// Terraform plan, are checked as an authorization's backend is: the
// accessible blocks (unreachable), the outbound rules (egress-denied), host
// names and values known only after apply unverified, public addresses
// not VPC backends. The fixture's authorization is made reachable, so that
// every finding is the direct backend's.
func TestTerraformDirectVerdicts(t *testing.T) {
	const (
		group   = "alicloud_api_gateway_group.g.instance_id"
		plugin  = "alicloud_api_gateway_plugin.route.plugin_data"
		release = "alicloud_api_gateway_backend_model.release.backend_model_data"
	)
	address := func(addr string) func(d tfJSON) {
		return func(d tfJSON) { d.set(ordersAPI, "http_service_config", httpConfig(addr)) }
	}
	tests := []struct {
		name               string
		edit               func(d tfJSON)
		problems, warnings []verdict
	}{
		{name: "inside the accessible blocks, allowed", edit: address("http://10.0.1.5:8080")},
		{name: "inside, default port", edit: address("http://10.0.1.5")},
		// The fixture's rules drop all but 10.0.1.0/24: outside it, a
		// backend is denied as well.
		{name: "outside the accessible blocks", edit: address("http://10.0.9.5:8080"),
			problems: []verdict{{"unreachable", ordersAddr}, {"egress-denied", ordersAddr}}, warnings: []verdict{{"placement", group}}},
		{name: "denied by an outbound rule", edit: address("http://10.0.2.9:8080"),
			problems: []verdict{{"egress-denied", ordersAddr}}, warnings: []verdict{{"placement", group}}},
		// No rule is IPv6: what the group's default allows is implicit.
		{name: "IPv6 outside", edit: address("http://[fd00::5]:8080"),
			problems: []verdict{{"unreachable", ordersAddr}}, warnings: []verdict{{"implicit-egress", ordersAddr}, {"placement", group}}},
		{name: "host name", edit: address("http://orders.internal:8080"), warnings: []verdict{{"unverified", ordersAddr}}},
		// A plan cannot show the VPC's connected networks, so an address
		// outside private space may still be a VPC backend.
		{name: "public address", edit: address("http://47.1.2.3"), warnings: []verdict{{"unverified", ordersAddr}}},
		{name: "known only after apply", edit: func(d tfJSON) {
			d.set(ordersAPI, "http_service_config", httpConfig(nil))
			d.change(ordersAPI)["after_unknown"].(map[string]any)["http_service_config"] = []any{map[string]any{"address": true}}
		}, warnings: []verdict{{"unverified", ordersAddr}}},
		{name: "a route outside the accessible blocks", edit: func(d tfJSON) {
			address("http://10.0.1.5:8080")(d)
			withRouting(d, "routes:\n- backend:\n    type: HTTP\n    address: http://10.0.9.6:8080\n")
		}, problems: []verdict{{"unreachable", plugin}, {"egress-denied", plugin}}, warnings: []verdict{{"placement", group}}},
		{name: "a backend model's address outside the accessible blocks", edit: func(d tfJSON) {
			withBackend(d, "HTTP", `{"ServiceAddress":"http://10.0.9.7:8080"}`, "")
		}, problems: []verdict{{"unreachable", release}, {"egress-denied", release}}, warnings: []verdict{{"placement", group}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readTFData(t, directTF(t, func(d tfJSON) {
				d.set("alicloud_api_gateway_vpc_access.backend", "instance_id", "10.0.1.10")
				tt.edit(d)
			}))
			checkVerdicts(t, p, tt.problems, tt.warnings)
		})
	}
	t.Run("strict: unverified is a problem", func(t *testing.T) {
		p := readTFData(t, directTF(t, address("http://orders.internal:8080")))
		r := vpcgate.Check(p, vpcgate.Options{Strict: true})
		if r.OK {
			t.Error("a host name passes under Strict")
		}
	})
}

// TestTerraformVSwitchCounts pins how ReadTerraformPlan reads the free
// addresses of the alicloud_vswitches data sources (#23 item 3), on
// variants of the real plan vswitch-full: a data source read only during
// apply says nothing; a vSwitch two data sources list has the fewer free
// addresses, at the place that says so; an element without id is found by
// vswitch_id, one with neither is left out; a count that is no whole number,
// and an ID, a list or an element of the wrong type, is an input error at
// its place, and a negative count a problem of the plan there.
func TestTerraformVSwitchCounts(t *testing.T) {
	const ds = "data.alicloud_vswitches.gw"
	const full = "alicloud_api_gateway_instance.vpc_integration.zone_vswitch_security_group[0].vswitch_id"
	priorDS := func(d tfJSON) map[string]any {
		rs := d["prior_state"].(map[string]any)["values"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any)
		return rs[0].(map[string]any)
	}
	elems := func(d tfJSON) []any { return priorDS(d)["values"].(map[string]any)["vswitches"].([]any) }
	elem := func(d tfJSON, i int) map[string]any { return elems(d)[i].(map[string]any) }
	count := func(n int) *int { return &n }
	warnings := []verdict{
		{"unverified", "alicloud_api_gateway_instance.vpc_integration.user_vpc_id"},
		{"unverified", "alicloud_security_group.gateway.security_group_type"},
	}
	tests := []struct {
		name     string
		edit     func(d tfJSON)
		want     []vpcgate.VSwitch
		countAt  string // Source of vSwitches[0].availableIps
		problems []verdict
		inputErr string // a place the input error names
	}{
		{name: "as planned", edit: func(tfJSON) {},
			want:    []vpcgate.VSwitch{{ID: "vsw-bp1full", AvailableIPs: count(0)}, {ID: "vsw-bp1free", AvailableIPs: count(251)}},
			countAt: ds + ".vswitches[0].available_ip_address_count", problems: []verdict{{"vswitch-full", full}}},
		{name: "read during apply", edit: func(d tfJSON) {
			d["resource_changes"] = append(d["resource_changes"].([]any), map[string]any{"address": ds, "mode": "data", "type": "alicloud_vswitches", "name": "gw",
				"change": map[string]any{"actions": []any{"read"}, "after": map[string]any{"vpc_id": "vpc-bp1existing"}, "after_unknown": map[string]any{"vswitches": true, "ids": true}}})
		}},
		{name: "listed twice, the fewer", edit: func(d tfJSON) {
			elem(d, 0)["available_ip_address_count"] = 7
			other := map[string]any{}
			for k, v := range priorDS(d) {
				other[k] = v
			}
			other["address"], other["name"] = "data.alicloud_vswitches.again", "again"
			other["values"] = map[string]any{"vswitches": []any{map[string]any{"id": "vsw-bp1full", "available_ip_address_count": 0}}}
			rs := d["prior_state"].(map[string]any)["values"].(map[string]any)["root_module"].(map[string]any)
			rs["resources"] = append(rs["resources"].([]any), other)
		}, want: []vpcgate.VSwitch{{ID: "vsw-bp1full", AvailableIPs: count(0)}, {ID: "vsw-bp1free", AvailableIPs: count(251)}},
			countAt: "data.alicloud_vswitches.again.vswitches[0].available_ip_address_count", problems: []verdict{{"vswitch-full", full}}},
		{name: "by vswitch_id", edit: func(d tfJSON) { delete(elem(d, 0), "id") },
			want:    []vpcgate.VSwitch{{ID: "vsw-bp1full", AvailableIPs: count(0)}, {ID: "vsw-bp1free", AvailableIPs: count(251)}},
			countAt: ds + ".vswitches[0].available_ip_address_count", problems: []verdict{{"vswitch-full", full}}},
		{name: "no ID", edit: func(d tfJSON) { delete(elem(d, 0), "id"); delete(elem(d, 0), "vswitch_id") },
			want: []vpcgate.VSwitch{{ID: "vsw-bp1free", AvailableIPs: count(251)}}, countAt: ds + ".vswitches[1].available_ip_address_count"},
		{name: "count not given", edit: func(d tfJSON) { delete(elem(d, 0), "available_ip_address_count") },
			want: []vpcgate.VSwitch{{ID: "vsw-bp1full"}, {ID: "vsw-bp1free", AvailableIPs: count(251)}}},
		{name: "count null", edit: func(d tfJSON) { elem(d, 0)["available_ip_address_count"] = nil },
			want: []vpcgate.VSwitch{{ID: "vsw-bp1full"}, {ID: "vsw-bp1free", AvailableIPs: count(251)}}},
		{name: "negative", edit: func(d tfJSON) { elem(d, 0)["available_ip_address_count"] = -1 },
			want:    []vpcgate.VSwitch{{ID: "vsw-bp1full", AvailableIPs: count(-1)}, {ID: "vsw-bp1free", AvailableIPs: count(251)}},
			countAt: ds + ".vswitches[0].available_ip_address_count", problems: []verdict{{"invalid-plan", ds + ".vswitches[0].available_ip_address_count"}}},
		{name: "a fraction", edit: func(d tfJSON) { elem(d, 0)["available_ip_address_count"] = 1.5 },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches[0].available_ip_address_count"},
		{name: "a word", edit: func(d tfJSON) { elem(d, 0)["available_ip_address_count"] = "none" },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches[0].available_ip_address_count"},
		{name: "an ID of another type", edit: func(d tfJSON) { elem(d, 0)["id"] = 5 },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches[0].id"},
		{name: "a vswitch_id of another type", edit: func(d tfJSON) { delete(elem(d, 0), "id"); elem(d, 0)["vswitch_id"] = true },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches[0].vswitch_id"},
		{name: "vswitches a string", edit: func(d tfJSON) { priorDS(d)["values"].(map[string]any)["vswitches"] = "oops" },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches"},
		{name: "vswitches an object", edit: func(d tfJSON) { priorDS(d)["values"].(map[string]any)["vswitches"] = map[string]any{"a": 1} },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches"},
		{name: "an element a string", edit: func(d tfJSON) { elems(d)[0] = "vsw-bp1full" },
			inputErr: "prior_state.values.root_module.resources[0].values.vswitches[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := editTF(t, "real/vswitch-full/plan", tt.edit)
			p, err := vpcgate.ReadTerraformPlan(data)
			if tt.inputErr != "" {
				if !errors.Is(err, vpcgate.ErrInvalidPlan) || !strings.Contains(err.Error(), tt.inputErr) {
					t.Fatalf("ReadTerraformPlan: %v; want an input error at %s", err, tt.inputErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, p.VSwitches, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("VSwitches mismatch (-want +got):\n%s", diff)
			}
			if got := p.Source["vSwitches[0].availableIps"]; got != tt.countAt {
				t.Errorf("Source[vSwitches[0].availableIps] = %q, want %q", got, tt.countAt)
			}
			checkVerdicts(t, p, tt.problems, warnings)
		})
	}
}

// TestTerraformVSwitchFreedByReplacement: an instance the plan replaces,
// deleting it first, frees its network interfaces' addresses before the new
// one takes them, so a vSwitch it uses that the data source read full is
// not known to be full when the new one is created: its count is left out
// and nothing is reported. Created before it is deleted, the count stands.
func TestTerraformVSwitchFreedByReplacement(t *testing.T) {
	const vsw = "vsw-bp1a0000000000000000"
	for _, tc := range []struct {
		name    string
		actions []any
		full    bool
	}{
		{"delete, then create", []any{"delete", "create"}, false},
		{"create, then delete", []any{"create", "delete"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := editTF(t, "replaced", func(d tfJSON) {
				d.change("alicloud_api_gateway_instance.new")["actions"] = tc.actions
				rs := d["prior_state"].(map[string]any)["values"].(map[string]any)["root_module"].(map[string]any)
				rs["resources"] = append(rs["resources"].([]any), map[string]any{"address": "data.alicloud_vswitches.gw", "mode": "data", "type": "alicloud_vswitches", "name": "gw",
					"values": map[string]any{"vswitches": []any{map[string]any{"id": vsw, "available_ip_address_count": 0}}}})
			})
			p := readTFData(t, data)
			var got []string
			for _, f := range all(vpcgate.Check(p, vpcgate.Options{})) {
				if f.Code == vpcgate.CodeVSwitchFull {
					got = append(got, f.Where)
				}
			}
			if full := len(got) > 0; full != tc.full {
				t.Errorf("vswitch-full at %q, want full %v", got, tc.full)
			}
		})
	}
}

// TestTerraformUnusedAuthorization: an alicloud_api_gateway_vpc_access
// names no instance, and the cloud checks an authorization against an
// instance only when an API that uses it is published there: one that no
// API of the plan uses is checked against no instance (it was checked
// against the plan's only instance, and its failures were problems, "the
// plan would be rejected", of a plan the cloud applies). A hand plan's
// single-instance form still checks its authorizations against its
// instance: there the plan says they are that instance's.
func TestTerraformUnusedAuthorization(t *testing.T) {
	p := readTF(t, "egress-denied")
	r := vpcgate.Check(p, vpcgate.Options{})
	if !hasCode(r, "egress-denied") {
		t.Fatal("the fixture's authorization does not fail as used")
	}
	p.Groups[0].APIs = nil
	r = vpcgate.Check(p, vpcgate.Options{})
	if hasCode(r, "egress-denied") || !r.OK {
		t.Errorf("an authorization no API uses failed: %v", r.Err())
	}
	if !slices.ContainsFunc(r.Sections, func(s vpcgate.Section) bool {
		return slices.Contains(s.Passed, `"backend": used by no group, so checked against no instance`)
	}) {
		t.Error("the unused authorization is not said to be checked against no instance")
	}

	hand := basePlan()
	hand.Authorizations = append(hand.Authorizations, authz.Authorization{Name: "unused", VPCID: hand.VPC.ID, InstanceID: "10.99.0.5", Port: 80})
	if r := vpcgate.Check(hand, vpcgate.Options{}); !hasCode(r, "unreachable") {
		t.Error("a hand plan's unused authorization is not checked against its instance")
	}
}

// hasCode reports whether r has a problem of code.
func hasCode(r vpcgate.Report, code vpcgate.Code) bool {
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Code == code {
				return true
			}
		}
	}
	return false
}

// standIn is the rule the Terraform reader puts in the place of one it
// cannot know: of its policy and priority, on every protocol and port, to
// anywhere, Partial saying why (so that it never decides, and what it
// might decide is unverified).
func standIn(pol authz.Policy, prio int, why string) authz.Rule {
	return authz.Rule{Policy: pol, Priority: prio, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: pfx("0.0.0.0/0"), Partial: why}
}

// standsFor is why a stand-in rule for rule resource addr is Partial.
func standsFor(addr string) string {
	return "it stands for " + addr + ", whose policy, priority, protocol, ports or far end is known only after apply"
}

// typeStandsFor is why the stand-in rule for the default of security group
// resource addr, whose type is known only after apply, is Partial.
func typeStandsFor(addr string) string {
	return "it stands for the group's default, as " + addr + ".security_group_type is known only after apply (allow in a basic group, deny in an enterprise one)"
}

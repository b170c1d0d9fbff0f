package vpcgate_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

// secondZone returns a second placement for basePlan's instance.
func secondZone() instance.ZonePlacement {
	return instance.ZonePlacement{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-2", VSwitchCIDR: cidr.MustParsePrefix("10.0.2.0/24"), SecurityGroupID: "sg-1"}
}

// TestSingleZone pins issue 23 item 5: an instance of exactly one zone gets
// a note (one network interface, no zone redundancy), whether it is to be
// created or exists; two zones get none, and no zone is the purchase
// form's problem only. The note fails no gate but the strictest.
func TestSingleZone(t *testing.T) {
	for _, tc := range []struct {
		name     string
		change   func(p *vpcgate.Plan)
		problems []string
		warnings []string
	}{
		{"one zone", func(p *vpcgate.Plan) {}, nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"two zones", func(p *vpcgate.Plan) {
			p.Instance.Zones = append(p.Instance.Zones, secondZone())
		}, nil, []string{"egress-change@groups[0]"}},
		{"no zone", func(p *vpcgate.Plan) { p.Instance.Zones = nil }, []string{"required@instance.zones"}, []string{"egress-change@groups[0]", "placement@groups[0]"}},
		{"one zone, in the cloud", func(p *vpcgate.Plan) {
			p.Instance.Exists = true
			p.Instance.ConnectCidrBlocks = []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24"), cidr.MustParsePrefix("10.0.8.0/22")}
			p.Accessible = nil
		}, nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"multi-instance form", func(p *vpcgate.Plan) {
			two := *p.Instance
			two.ID, two.Zones = "apigw-2", append(two.Zones[:1:1], secondZone())
			p.Instances = []vpcgate.Instance{*p.Instance, two}
			p.VPCs = []instance.VPC{*p.VPC}
			p.Instances[0].Accessible = p.Accessible
			p.Instance, p.VPC, p.Accessible = nil, nil, nil
			p.Groups[0].To = "apigw-1"
		}, nil, []string{"single-zone@instances[0].zones", "egress-change@groups[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePlan()
			tc.change(&p)
			r := checkCodes(t, p, vpcgate.Options{}, tc.problems, tc.warnings)
			for _, s := range r.Sections {
				for _, f := range s.Warnings {
					if f.Code == vpcgate.CodeSingleZone && f.Severity != vpcgate.SeverityNote {
						t.Errorf("single-zone severity %q, want note", f.Severity)
					}
				}
			}
		})
	}
	// A note alone fails no gate but "none" never does and "warning" only
	// on warnings of severity warning.
	p := basePlan()
	p.Groups = nil
	r := vpcgate.Check(p, vpcgate.Options{})
	if _, w := codes(r); len(w) != 1 || w[0] != "single-zone@instance.zones" || r.Fails(vpcgate.GateWarning) {
		t.Errorf("a plan whose only finding is the note: warnings %v, fails the warning gate %v", w, r.Fails(vpcgate.GateWarning))
	}
}

// TestMoveSource pins issue 23 item 6: a move from another VPC integration
// instance gets a move-source note in a hand plan; from a serverless or
// conventional dedicated instance, or a new group, none; a group already
// on its target is not moved. From responses, a group on a classic network
// shared instance (InstanceType CLASSIC_SHARED) gets the note too, and one
// whose instance DescribeInstances says is vpc_connect.
func TestMoveSource(t *testing.T) {
	const at = "move-source@groups[0].instance.kind"
	for _, tc := range []struct {
		name string
		from instance.Instance
		want bool
	}{
		{"from a VPC integration instance", instance.Instance{ID: "apigw-old", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou"}, true},
		{"from a serverless instance", instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"}, false},
		{"from a dedicated instance", instance.Instance{ID: "apigw-old", Kind: instance.Dedicated, RegionID: "cn-hangzhou"}, false},
		{"new group", instance.Instance{}, false},
		{"already on the target", instance.Instance{ID: "apigw-1", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePlan()
			p.Groups[0].Instance = tc.from
			r := vpcgate.Check(p, vpcgate.Options{})
			problems, warnings := codes(r)
			if got := slices.Contains(warnings, at); got != tc.want {
				t.Errorf("warnings %v: %s there = %v, want %v", warnings, at, got, tc.want)
			}
			if len(problems) != 0 {
				t.Errorf("problems %v, want none", problems)
			}
			if tc.want {
				if f := findCode(t, r, "move-source"); f.Severity != vpcgate.SeverityNote || !strings.Contains(f.What, `"apigw-old"`) {
					t.Errorf("move-source finding %+v: want a note naming the source", f)
				}
			}
		})
	}

	docs, moves := loadScenario(t, "works")
	withGroup := func(group string, extra ...string) [][]byte { return withGroupDoc(docs, group, extra...) }
	for _, tc := range []struct {
		name string
		docs [][]byte
		want bool
	}{
		{"classic shared", withGroup(`{"GroupId": "g-shop", "InstanceId": "api-shared-classic", "InstanceType": "CLASSIC_SHARED", "RegionId": "cn-hangzhou"}`), true},
		{"VPC integration, from DescribeInstances", withGroup(`{"ApiGroupAttributes": {"ApiGroupAttribute": [{"GroupId": "g-shop", "InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "RegionId": "cn-hangzhou"}]}}`,
			`{"Instances": {"InstanceAttribute": [{"InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "vpc_connect", "RegionId": "cn-hangzhou"}]}}`), true},
		{"dedicated", withGroup(`{"GroupId": "g-shop", "InstanceId": "apigw-old", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "normal", "RegionId": "cn-hangzhou"}`), false},
		{"the scenario as it is", docs, false},
	} {
		t.Run("responses: "+tc.name, func(t *testing.T) {
			s, err := vpcgate.ReadResponses(tc.docs...)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Plan(moves...)
			if err != nil {
				t.Fatal(err)
			}
			r := vpcgate.Check(p, vpcgate.Options{})
			n := 0
			for _, sec := range r.Sections {
				for _, f := range sec.Warnings {
					if f.Code == vpcgate.CodeMoveSource {
						n++
					}
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tc.want]; n != want {
				t.Errorf("%d move-source findings, want %d", n, want)
			}
		})
	}
}

// TestVSwitchFull pins issue 23 item 3: a vSwitch the plan lists with no
// free address is a problem for an instance to create, at the placement's
// vSwitchId; a count above 0, a vSwitch not listed (unknown), and an
// instance that exists are not; a negative count and a vSwitch listed
// twice are problems at the list.
func TestVSwitchFull(t *testing.T) {
	count := func(n int) *int { return &n }
	const sz = "single-zone@instance.zones"
	for _, tc := range []struct {
		name     string
		vsw      []vpcgate.VSwitch
		exists   bool
		problems []string
	}{
		{"none free", []vpcgate.VSwitch{{ID: "vsw-1", AvailableIPs: count(0)}}, false, []string{"vswitch-full@instance.zones[0].vSwitchId"}},
		{"one free", []vpcgate.VSwitch{{ID: "vsw-1", AvailableIPs: count(1)}}, false, nil},
		{"not listed: unknown", []vpcgate.VSwitch{{ID: "vsw-other", AvailableIPs: count(0)}}, false, nil},
		{"no list", nil, false, nil},
		{"the instance exists", []vpcgate.VSwitch{{ID: "vsw-1", AvailableIPs: count(0)}}, true, nil},
		{"negative", []vpcgate.VSwitch{{ID: "vsw-1", AvailableIPs: count(-1)}}, false, []string{"invalid-plan@vSwitches[0].availableIps"}},
		{"listed without a count: unknown", []vpcgate.VSwitch{{ID: "vsw-1"}}, false, nil},
		{"listed twice: the first counts", []vpcgate.VSwitch{{ID: "vsw-1", AvailableIPs: count(0)}, {ID: "vsw-1", AvailableIPs: count(5)}}, false,
			[]string{"vswitch-full@instance.zones[0].vSwitchId", "duplicate@vSwitches[1].id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := groupless(tc.exists)
			p.VSwitches = tc.vsw
			checkCodes(t, p, vpcgate.Options{}, tc.problems, []string{sz})
		})
	}
	// The JSON form: a listed count of 0 is known, and the field is read
	// strictly.
	p, err := vpcgate.ParsePlan([]byte(onePlacement + `,
  "serviceLinkedRole": "exists", "vSwitches": [{"id": "vsw-1", "availableIps": 0}]}`))
	if err != nil {
		t.Fatal(err)
	}
	checkCodes(t, p, vpcgate.Options{}, []string{"vswitch-full@instance.zones[0].vSwitchId"}, []string{sz})
	if _, err := vpcgate.ParsePlan([]byte(`{"vSwitches": [{"id": "vsw-1", "availableIps": "0"}]}`)); err == nil {
		t.Error("a count as a string was read")
	}
	// A vSwitch listed without a count is not known to be full.
	p, err = vpcgate.ParsePlan([]byte(onePlacement + `,
  "serviceLinkedRole": "exists", "vSwitches": [{"id": "vsw-1"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	checkCodes(t, p, vpcgate.Options{}, nil, []string{sz})
}

// TestServiceLinkedRole pins issue 23 item 1 in a hand plan: for an
// instance the plan creates, an absent role is one problem whose fix names
// the role and how to create it, an unknown one is unverified (a problem
// under Strict) and so is a role the plan does not speak of, a role that
// exists adds nothing; an instance that exists needs no check; a value of
// no state is an input problem.
func TestServiceLinkedRole(t *testing.T) {
	const sz, at = "single-zone@instance.zones", "serviceLinkedRole"
	for _, tc := range []struct {
		name               string
		role               string
		exists, strict     bool
		problems, warnings []string
	}{
		{"absent", vpcgate.RoleAbsent, false, false, []string{"service-linked-role@" + at}, []string{sz}},
		{"unknown", vpcgate.RoleUnknown, false, false, nil, []string{sz, "unverified@" + at}},
		{"unknown, strict", vpcgate.RoleUnknown, false, true, []string{"unverified@" + at}, []string{sz}},
		{"exists", vpcgate.RoleExists, false, false, nil, []string{sz}},
		{"not said", "", false, false, nil, []string{sz, "unverified@instance"}},
		{"not said, strict", "", false, true, []string{"unverified@instance"}, []string{sz}},
		{"not said, the instance exists", "", true, false, nil, []string{sz}},
		{"absent, the instance exists", vpcgate.RoleAbsent, true, false, nil, []string{sz}},
		{"unknown, the instance exists", vpcgate.RoleUnknown, true, false, nil, []string{sz}},
		{"no such state", "Exists", false, false, []string{"invalid-plan@" + at}, []string{sz}},
		{"no such state, the instance exists", "yes", true, false, []string{"invalid-plan@" + at}, []string{sz}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := groupless(tc.exists)
			p.ServiceLinkedRole = tc.role
			r := checkCodes(t, p, vpcgate.Options{Strict: tc.strict}, tc.problems, tc.warnings)
			if tc.role == vpcgate.RoleAbsent && !tc.exists {
				f := findCode(t, r, "service-linked-role")
				for _, s := range []string{"AliyunServiceRoleForApiGatewayConnectUserVpc", "aliyun resourcemanager CreateServiceLinkedRole --ServiceName connectuservpc.apigateway.aliyuncs.com", "alicloud_resource_manager_service_linked_role"} {
					if !strings.Contains(f.What+" "+f.Fix, s) {
						t.Errorf("finding %q / fix %q does not say %q", f.What, f.Fix, s)
					}
				}
				if !strings.Contains(f.What, `"apigw-1"`) {
					t.Errorf("finding %q does not name the instance to create", f.What)
				}
			}
			if (tc.role == "" || tc.role == vpcgate.RoleUnknown) && !tc.exists && !tc.strict {
				// The unverified warning says how to settle it.
				f := findCode(t, r, "unverified")
				for _, s := range []string{"AliyunServiceRoleForApiGatewayConnectUserVpc", `serviceLinkedRole "exists"`, "alicloud_resource_manager_service_linked_role", "connectuservpc.apigateway.aliyuncs.com", "GetRole"} {
					if !strings.Contains(f.What+" "+f.Fix, s) {
						t.Errorf("finding %q / fix %q does not say %q", f.What, f.Fix, s)
					}
				}
			}
		})
	}
	p, err := vpcgate.ParsePlan([]byte(onePlacement + `,
  "serviceLinkedRole": "absent"}`))
	if err != nil {
		t.Fatal(err)
	}
	checkCodes(t, p, vpcgate.Options{}, []string{"service-linked-role@" + at}, []string{sz})
}

// groupless returns basePlan without its groups, its instance in the cloud
// when exists.
func groupless(exists bool) vpcgate.Plan {
	p := basePlan()
	p.Groups = nil
	if exists {
		p.Instance.Exists = true
		p.Instance.ConnectCidrBlocks = []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24")}
	}
	return p
}

// onePlacement is the start of a plan document: one instance of one
// placement, its VPC and its security group.
const onePlacement = `{"instance": {"id": "apigw-1", "name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
  "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]},
  "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}, "securityGroups": [{"id": "sg-1", "egress": ["10.0.0.0/16"]}]`

// TestTerraformServiceLinkedRole pins the Terraform side of issue 23
// item 1: a plan that creates an instance and holds an
// alicloud_resource_manager_service_linked_role of API Gateway's service
// says the role will exist, at the resource's service_name; one of another
// service, one whose service_name is known only after apply, and none do
// not say, and Check finds whether the account has the role unverified, at
// the instance to create (a plan cannot show the account's roles).
func TestTerraformServiceLinkedRole(t *testing.T) {
	const slr = "alicloud_resource_manager_service_linked_role.apigw"
	for _, tc := range []struct {
		name, fixture string
		values        map[string]any
		unknown       map[string]any
		want, where   string
	}{
		{"API Gateway's role", "clean", map[string]any{"service_name": "connectuservpc.apigateway.aliyuncs.com"}, nil, vpcgate.RoleExists, slr + ".service_name"},
		{"another service's role", "clean", map[string]any{"service_name": "ops.elasticsearch.aliyuncs.com"}, nil, vpcgate.RoleUnknown, gwAddr},
		{"service_name known after apply", "clean", map[string]any{}, map[string]any{"service_name": true}, vpcgate.RoleUnknown, gwAddr},
		{"no role", "clean", nil, nil, vpcgate.RoleUnknown, gwAddr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := editTF(t, tc.fixture, func(d tfJSON) {
				if tc.values != nil {
					d.add(slr, tc.values, tc.unknown, nil)
				}
			})
			p := readTFData(t, data)
			if p.ServiceLinkedRole != tc.want || p.Source["serviceLinkedRole"] != tc.where {
				t.Errorf("serviceLinkedRole %q at %q, want %q at %q", p.ServiceLinkedRole, p.Source["serviceLinkedRole"], tc.want, tc.where)
			}
			creates := false
			for _, in := range p.Instances {
				creates = creates || !in.Exists
			}
			if !creates {
				t.Fatal("the fixture creates no instance")
			}
			r := vpcgate.Check(p, vpcgate.Options{})
			var unverified []string
			for _, f := range all(r) {
				if f.Code == vpcgate.CodeUnverified && strings.Contains(f.What, "service-linked role") {
					unverified = append(unverified, f.Where)
				}
			}
			if want := []string{gwAddr}; tc.want == vpcgate.RoleUnknown && !slices.Equal(unverified, want) {
				t.Errorf("role unverified at %q, want %q", unverified, want)
			} else if tc.want == vpcgate.RoleExists && unverified != nil {
				t.Errorf("role unverified at %q, want nothing", unverified)
			}
			// With the role said absent, the plan's instance to create is
			// the one problem of the role, at the place Source gives.
			p.ServiceLinkedRole = vpcgate.RoleAbsent
			r = vpcgate.Check(p, vpcgate.Options{})
			if f := findCode(t, r, "service-linked-role"); tc.where != "" && f.Where != tc.where {
				t.Errorf("service-linked-role at %q, want %q", f.Where, tc.where)
			}
		})
	}
}

// TestBackendIngress pins issue 23 item 2 in a hand plan: basePlan's one
// backend ("orders", 10.0.8.5 port 80) given security group sg-b with
// inbound rules. Admitted from the whole vSwitch block: no egress-change
// warning; refused for all of it: one problem naming the backend, the
// group and the deciding rule; for part: a warning with the refused
// addresses; rules not given or undecided: the general warning as before;
// a bad rule: a problem at it.
func TestBackendIngress(t *testing.T) {
	// The backend is in another security group than the instance's: the
	// document's security-group warning stays.
	const sz, ec, sgw = "single-zone@instance.zones", "egress-change@groups[0]", "security-group@authorizations[0].securityGroupId"
	rule := func(pol authz.Policy, prio int, src string) authz.IngressRule {
		return authz.IngressRule{Policy: pol, Priority: prio, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, SourceCIDR: cidr.MustParsePrefix(src)}
	}
	for _, tc := range []struct {
		name               string
		sg                 authz.SecurityGroup
		problems, warnings []string
	}{
		{"admitted", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{rule(authz.PolicyAccept, 1, "10.0.0.0/16")}}},
			nil, []string{sz, sgw}},
		{"refused by a rule", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{rule(authz.PolicyAccept, 2, "10.0.0.0/16"), rule(authz.PolicyDrop, 1, "10.0.0.0/8")}}},
			[]string{"backend-ingress-denied@securityGroups[1].inbound.rules[1]"}, []string{sz, sgw, ec, "placement@groups[0]"}},
		{"refused by default", authz.SecurityGroup{ID: "sg-b", Type: authz.GroupNormal, Inbound: &authz.Inbound{}},
			[]string{"backend-ingress-denied@authorizations[0].securityGroupId"}, []string{sz, sgw, ec, "placement@groups[0]"}},
		{"part refused", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{rule(authz.PolicyAccept, 1, "10.0.1.0/25")}}},
			nil, []string{sz, sgw, "egress-change@authorizations[0].securityGroupId", ec}},
		{"rules not given", authz.SecurityGroup{ID: "sg-b"}, nil, []string{sz, sgw, ec}},
		{"a prefix list first", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, SourcePrefixListID: "pl-1"}}}},
			nil, []string{sz, sgw, ec}},
		{"a bad rule", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{{Policy: authz.PolicyAccept, Priority: 0, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, SourceCIDR: cidr.MustParsePrefix("10.0.0.0/16")}}}},
			[]string{"invalid-security-group@securityGroups[1].inbound.rules[0].priority"}, []string{sz, sgw, ec}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePlan()
			p.Authorizations[0].SecurityGroupID = "sg-b"
			p.SecurityGroups = append(p.SecurityGroups, tc.sg)
			r := checkCodes(t, p, vpcgate.Options{}, tc.problems, tc.warnings)
			if len(tc.problems) == 1 && tc.problems[0][:7] == "backend" {
				f := findCode(t, r, "backend-ingress-denied")
				for _, s := range []string{`"orders"`, `"g-1"`, `"sg-b"`, "10.0.8.5", "port 80"} {
					if !strings.Contains(f.What, s) {
						t.Errorf("finding %q does not say %s", f.What, s)
					}
				}
			}
			if tc.name == "part refused" {
				if f := findCode(t, r, "egress-change"); !strings.Contains(f.What, "10.0.1.128/25") {
					t.Errorf("partial warning %q does not name the refused addresses", f.What)
				}
			}
		})
	}
}

// TestInboundJSON: a plan document gives a security group's inbound rules
// as "inbound": {"rules": [...]}, read strictly.
func TestInboundJSON(t *testing.T) {
	p, err := vpcgate.ParsePlan([]byte(onePlacement[:len(onePlacement)-len(`}]`)] + `, "inbound": {"rules": [{"policy": "accept", "priority": 1, "ipProtocol": "TCP", "portRange": "80/80", "sourceCidrIp": "10.0.0.0/16"}]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if in := p.SecurityGroups[0].Inbound; in == nil || len(in.Rules) != 1 || in.Rules[0].SourceCIDR != cidr.MustParsePrefix("10.0.0.0/16") || in.Rules[0].Ports != (authz.PortRange{From: 80, To: 80}) {
		t.Errorf("inbound read as %+v", p.SecurityGroups[0].Inbound)
	}
	if _, err := vpcgate.ParsePlan([]byte(`{"securityGroups": [{"id": "sg-1", "inbound": {"rules": [{"sourceCidrIp": "10.0.0.1/16"}]}}]}`)); err == nil {
		t.Error("a source with host bits was read")
	}
}

// TestServiceLinkedRoleHeld: a VPC integration instance the account holds
// proves the role (its creation needed it, and the role cannot be deleted
// while an instance uses it): in a hand plan that does not say, an instance
// that exists beside one to create leaves nothing to say; in a Terraform
// plan, one in the prior state (updated, or the old object of a
// replacement) does, but only for instances to create of its own provider
// configuration, which may be another account: otherwise the reader says
// RoleUnknown, at the first instance to create.
func TestServiceLinkedRoleHeld(t *testing.T) {
	p := basePlan()
	p.ServiceLinkedRole = ""
	in := *p.Instance
	held := in
	held.ID, held.Exists = "apigw-held", true
	held.ConnectCidrBlocks = []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24")}
	p.Instance, p.VPC, p.Accessible = nil, nil, nil
	p.Instances = []vpcgate.Instance{held, in}
	p.VPCs = []instance.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/16")}}}
	p.Groups = nil
	for _, f := range all(vpcgate.Check(p, vpcgate.Options{Strict: true})) {
		if strings.Contains(f.What, "service-linked role") {
			t.Errorf("an instance that exists: %s at %s: %s", f.Code, f.Where, f.What)
		}
	}

	const newAddr, oldAddr = "alicloud_api_gateway_instance.new", "alicloud_api_gateway_instance.old"
	cfg := func(d tfJSON, addr string) map[string]any {
		for _, r := range d["configuration"].(map[string]any)["root_module"].(map[string]any)["resources"].([]any) {
			if r := r.(map[string]any); r["address"] == addr {
				return r
			}
		}
		panic(addr)
	}
	create := func(d tfJSON, addr string) {
		d.change(addr)["actions"] = []any{"create"}
		d.change(addr)["before"] = nil
	}
	for _, tc := range []struct {
		name     string
		edit     func(d tfJSON)
		role, at string
	}{
		{"the old instance, updated", func(tfJSON) {}, vpcgate.RoleExists, oldAddr},
		{"only the replaced one", func(d tfJSON) { create(d, oldAddr) }, vpcgate.RoleExists, newAddr},
		{"another provider configuration", func(d tfJSON) {
			cfg(d, oldAddr)["provider_config_key"] = "alicloud.other"
			create(d, newAddr)
		}, vpcgate.RoleUnknown, newAddr},
		{"none held", func(d tfJSON) {
			create(d, oldAddr)
			d.change(newAddr)["before"].(map[string]any)["instance_type"] = "normal"
		}, vpcgate.RoleUnknown, oldAddr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := readTFData(t, editTF(t, "replaced", tc.edit))
			if p.ServiceLinkedRole != tc.role || p.Source["serviceLinkedRole"] != tc.at {
				t.Errorf("serviceLinkedRole %q at %q, want %q at %q", p.ServiceLinkedRole, p.Source["serviceLinkedRole"], tc.role, tc.at)
			}
			var got []string
			for _, f := range all(vpcgate.Check(p, vpcgate.Options{})) {
				if strings.Contains(f.What, "service-linked role") {
					got = append(got, string(f.Code)+"@"+f.Where)
				}
			}
			var want []string
			if tc.role == vpcgate.RoleUnknown {
				want = []string{"unverified@" + tc.at}
			}
			if !slices.Equal(got, want) {
				t.Errorf("role findings %q, want %q", got, want)
			}
		})
	}
}

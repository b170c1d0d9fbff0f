package vpcgate_test

import (
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// remedyOf returns the remedy of the one finding of r with code at where,
// failing the test when there is not exactly one such finding.
func remedyOf(t *testing.T, r vpcgate.Report, code vpcgate.Code, where string) *vpcgate.Remedy {
	t.Helper()
	var found []vpcgate.Finding
	for _, s := range r.Sections {
		for _, f := range append(slices.Clone(s.Problems), s.Warnings...) {
			if f.Code == code && f.Where == where {
				found = append(found, f)
			}
		}
	}
	if len(found) != 1 {
		p, w := codes(r)
		t.Fatalf("%d findings %s@%s, want 1; problems %v, warnings %v", len(found), code, where, p, w)
	}
	return found[0].Remedy
}

// proven checks p's remedies with fixProblem.
func proven(t *testing.T, p vpcgate.Plan) {
	t.Helper()
	for _, strict := range []bool{false, true} {
		if why := fixProblem(p, vpcgate.Options{Strict: strict}); why != "" {
			t.Errorf("strict=%v: %s", strict, why)
		}
	}
}

// egressPlan is basePlan, whose backend 10.0.8.5 port 80 is reachable,
// with sg as the instance's one security group.
func egressPlan(sg authz.SecurityGroup) vpcgate.Plan {
	p := basePlan()
	sg.ID = "sg-1"
	p.SecurityGroups = []authz.SecurityGroup{sg}
	return p
}

func tcpRule(policy authz.Policy, priority int, ports, dest string) authz.Rule {
	r := authz.Rule{Policy: policy, Priority: priority, Protocol: authz.ProtocolTCP}
	r.Ports, _ = authz.ParsePortRange(ports)
	if p := cidr.MustParsePrefix(dest); p.Addr().Is4() {
		r.DestCIDR = p
	} else {
		r.IPv6DestCIDR = p
	}
	return r
}

// accept returns the accept rule a remedy adds for TCP port to dest.
func accept(priority int, port uint16, dest string) authz.Rule {
	r := tcpRule(authz.PolicyAccept, priority, "1/1", dest)
	r.Ports = authz.PortRange{From: port, To: port}
	return r
}

// TestRemedyEgressPriority: the accept rule comes just before the drop
// rule that decides (priority 2: at 1; 100: at 99), and before any drop
// rule whose match is unknown; a drop rule at priority 1 cannot be
// outranked, and the remedy names it.
func TestRemedyEgressPriority(t *testing.T) {
	prefixList := authz.Rule{Policy: authz.PolicyDrop, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestPrefixListID: "pl-1"}
	for _, tc := range []struct {
		name     string
		rules    []authz.Rule
		priority int        // of the rule added; 0: blocked
		change   field.Path // the rule in the way, when blocked
	}{
		{"drop at 100", []authz.Rule{tcpRule(authz.PolicyDrop, 100, "1/65535", "0.0.0.0/0")}, 99, ""},
		{"drop at 2", []authz.Rule{tcpRule(authz.PolicyDrop, 2, "80/80", "10.0.8.0/24")}, 1, ""},
		{"drop at 1", []authz.Rule{tcpRule(authz.PolicyAccept, 50, "80/80", "10.0.0.0/8"), tcpRule(authz.PolicyDrop, 1, "80/80", "10.0.8.5/32")}, 0, "securityGroups[0].rules[1]"},
		{"a prefix list's drop before", []authz.Rule{tcpRule(authz.PolicyDrop, 100, "1/65535", "0.0.0.0/0"), func() authz.Rule { r := prefixList; r.Priority = 50; return r }()}, 49, ""},
		{"a prefix list's drop at 1", []authz.Rule{tcpRule(authz.PolicyDrop, 100, "1/65535", "0.0.0.0/0"), func() authz.Rule { r := prefixList; r.Priority = 1; return r }()}, 0, "securityGroups[0].rules[1]"},
		{"a prefix list's drop after", []authz.Rule{tcpRule(authz.PolicyDrop, 20, "80/80", "10.0.8.0/24"), func() authz.Rule { r := prefixList; r.Priority = 60; return r }()}, 19, ""},
		{"a partial drop of another port", []authz.Rule{tcpRule(authz.PolicyDrop, 30, "80/80", "10.0.8.0/24"), {Policy: authz.PolicyDrop, Priority: 5, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 443, To: 443}, DestCIDR: cidr.MustParsePrefix("10.0.0.0/8"), Partial: "some sources"}}, 29, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := egressPlan(authz.SecurityGroup{Type: authz.GroupNormal, Rules: tc.rules})
			r := vpcgate.Check(p, vpcgate.Options{})
			rm := remedyOf(t, r, vpcgate.CodeEgressDenied, "authorizations[0]")
			if tc.priority == 0 {
				if rm.Applicable() || rm.Change != tc.change || len(rm.Rules) != 0 || !strings.Contains(rm.Blocked, "change that rule") {
					t.Errorf("remedy %+v: want it blocked, naming %s", rm, tc.change)
				}
				if f := findOne(t, r, vpcgate.CodeEgressDenied); !strings.Contains(f.Fix, "change that rule") || strings.Contains(f.Fix, "add an outbound rule") {
					t.Errorf("fix %q: want it to say to change the rule in the way", f.Fix)
				}
				return
			}
			want := []vpcgate.RuleChange{{SecurityGroup: "sg-1", Path: "securityGroups[0]", Rule: accept(tc.priority, 80, "10.0.8.5/32")}}
			if diff := cmp.Diff(want, rm.Rules, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" || !rm.Applicable() {
				t.Errorf("rules mismatch (-want +got):\n%s (blocked: %q)", diff, rm.Blocked)
			}
			proven(t, p)
		})
	}
}

// TestRemedyGroupTypes: an enterprise group (and a group without a type)
// denies by default, a normal group allows a CLB backend only by default
// (a warning): either way the remedy is the one rule, at priority 100; an
// ECS backend a normal group allows needs none.
func TestRemedyGroupTypes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		sg      authz.SecurityGroup
		backend authz.BackendKind
		code    vpcgate.Code // "" when nothing is found
	}{
		{"enterprise", authz.SecurityGroup{Type: authz.GroupEnterprise}, authz.ECS, vpcgate.CodeEgressDenied},
		{"without a type", authz.SecurityGroup{Egress: []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24")}}, authz.ECS, vpcgate.CodeEgressDenied},
		{"normal, CLB", authz.SecurityGroup{Type: authz.GroupNormal}, authz.CLB, vpcgate.CodeImplicitEgress},
		{"normal, kind unknown", authz.SecurityGroup{Type: authz.GroupNormal}, authz.UnknownBackend, vpcgate.CodeImplicitEgress},
		{"normal, ECS", authz.SecurityGroup{Type: authz.GroupNormal}, authz.ECS, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := egressPlan(tc.sg)
			p.Authorizations[0].Backend = tc.backend
			r := vpcgate.Check(p, vpcgate.Options{})
			if tc.code == "" {
				if got := r.Remedies(); len(got) != 0 {
					t.Errorf("remedies %+v, want none", got)
				}
				return
			}
			rm := remedyOf(t, r, tc.code, "authorizations[0]")
			if !rm.Applicable() || len(rm.Rules) != 1 || rm.Rules[0].Rule != accept(100, 80, "10.0.8.5/32") || rm.Kind != vpcgate.RemedyEgressRules {
				t.Errorf("remedy %+v, want one accept rule at priority 100", rm)
			}
			proven(t, p)
		})
	}
}

// TestRemedyIPv6: an IPv6 backend gets a /128 block and an ipv6DestCidrIp
// rule, never a 0.0.0.0/0 or ::/0; an IPv4-mapped address is its IPv4
// form.
func TestRemedyIPv6(t *testing.T) {
	for _, tc := range []struct{ addr, block string }{
		{"fd00:1::5", "fd00:1::5/128"},
		{"::ffff:10.0.12.5", "10.0.12.5/32"},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			p := egressPlan(authz.SecurityGroup{Type: authz.GroupEnterprise})
			p.VPC.CIDRs = append(p.VPC.CIDRs, cidr.MustParsePrefix("fd00:1::/48"))
			p.Authorizations[0].InstanceID = tc.addr
			r := vpcgate.Check(p, vpcgate.Options{})
			where := "authorizations[0].instanceId"
			acc := remedyOf(t, r, vpcgate.CodeUnreachable, where)
			if want := []netip.Prefix{cidr.MustParsePrefix(tc.block)}; !acc.Applicable() || !slices.Equal(acc.Accessible, want) {
				t.Errorf("accessible remedy %+v, want %v", acc, want)
			}
			rules := remedyOf(t, r, vpcgate.CodeEgressDenied, "authorizations[0]")
			if want := accept(100, 80, tc.block); !rules.Applicable() || len(rules.Rules) != 1 || rules.Rules[0].Rule != want {
				t.Errorf("rule remedy %+v, want %v", rules, want)
			}
			proven(t, p)
		})
	}
}

// TestRemedyAdjacentMerged: the failing addresses of one instance,
// authorizations' and backends called directly alike, are covered by the
// smallest blocks that hold exactly them: adjacent ones merge.
func TestRemedyAdjacentMerged(t *testing.T) {
	p := basePlan()
	p.Authorizations = nil
	p.Groups[0].Plugins = nil
	p.Groups[0].APIs = nil
	for i, a := range []string{"10.0.12.4", "10.0.12.5", "10.0.12.6", "10.0.12.7", "10.0.12.9", "10.0.12.20"} {
		name := "b" + string(rune('0'+i))
		p.Authorizations = append(p.Authorizations, authz.Authorization{Name: name, VPCID: "vpc-1", InstanceID: a, Port: 80})
		p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: name, Name: name, VPCAccess: name})
	}
	p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: "direct", Name: "d", ServiceAddress: authz.Endpoint{Addr: netip.MustParseAddr("10.0.12.8"), Port: 8080}})
	r := vpcgate.Check(p, vpcgate.Options{})
	want := map[string]string{
		"authorizations[0].instanceId": "10.0.12.4/30", "authorizations[1].instanceId": "10.0.12.4/30",
		"authorizations[2].instanceId": "10.0.12.4/30", "authorizations[3].instanceId": "10.0.12.4/30",
		"authorizations[4].instanceId": "10.0.12.8/31", "groups[0].apis[6].serviceAddress": "10.0.12.8/31",
		"authorizations[5].instanceId": "10.0.12.20/32",
	}
	for where, block := range want {
		rm := remedyOf(t, r, vpcgate.CodeUnreachable, where)
		if !rm.Applicable() || len(rm.Accessible) != 1 || rm.Accessible[0] != cidr.MustParsePrefix(block) || rm.Path != "instance" || rm.Instance != "apigw-1" {
			t.Errorf("%s: remedy %+v, want %s on instance apigw-1", where, rm, block)
		}
	}
	fixed, err := r.FixedPlan()
	if err != nil {
		t.Fatal(err)
	}
	wantAcc := []netip.Prefix{cidr.MustParsePrefix("10.0.8.0/22"), cidr.MustParsePrefix("10.0.12.4/30"), cidr.MustParsePrefix("10.0.12.8/31"), cidr.MustParsePrefix("10.0.12.20/32")}
	if !slices.Equal(fixed.Accessible, wantAcc) {
		t.Errorf("fixed accessible blocks %v, want %v (each once)", fixed.Accessible, wantAcc)
	}
	proven(t, p)
}

// TestRemedyNeverOutsideVPC: a block is suggested only inside the VPC's
// CIDR blocks or its connected networks; an address outside them, or
// whose place is not known, gets a blocked remedy that says why.
func TestRemedyNeverOutsideVPC(t *testing.T) {
	for _, tc := range []struct {
		name  string
		addr  string
		vpc   func(v *instance.VPC) *instance.VPC
		block string // "": blocked
		says  string
	}{
		{"in the VPC", "10.0.12.5", func(v *instance.VPC) *instance.VPC { return v }, "10.0.12.5/32", ""},
		{"in a connected network", "10.9.0.5", func(v *instance.VPC) *instance.VPC {
			v.Connected = []netip.Prefix{cidr.MustParsePrefix("10.9.0.0/24")}
			return v
		}, "10.9.0.5/32", ""},
		{"outside", "10.9.0.5", func(v *instance.VPC) *instance.VPC { return v }, "", "lies outside"},
		{"outside, IPv6", "fd00:9::5", func(v *instance.VPC) *instance.VPC { return v }, "", "lies outside"},
		{"public", "8.8.8.8", func(v *instance.VPC) *instance.VPC {
			v.CIDRs = append(v.CIDRs, cidr.MustParsePrefix("8.8.8.0/24"))
			return v
		}, "8.8.8.8/32", ""},
		{"connected networks not known", "10.9.0.5", func(v *instance.VPC) *instance.VPC { v.ConnectedUnknown = true; return v }, "", "not known"},
		{"VPC not described", "10.9.0.5", func(*instance.VPC) *instance.VPC { return nil }, "", "not described"},
		{"VPC without blocks", "10.9.0.5", func(v *instance.VPC) *instance.VPC { v.CIDRs = nil; return v }, "", "lists no CIDR blocks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := egressPlan(authz.SecurityGroup{Type: authz.GroupNormal, IntraGroup: true})
			p.Authorizations[0].InstanceID = tc.addr
			p.Authorizations[0].Backend = authz.ECS
			p.Accessible = nil
			p.VPC = tc.vpc(p.VPC)
			r := vpcgate.Check(p, vpcgate.Options{})
			rm := remedyOf(t, r, vpcgate.CodeUnreachable, "authorizations[0].instanceId")
			switch {
			case tc.block == "" && (rm.Applicable() || len(rm.Accessible) != 0 || !strings.Contains(rm.Blocked, tc.says)):
				t.Errorf("remedy %+v: want it blocked, saying %q", rm, tc.says)
			case tc.block != "" && (!rm.Applicable() || len(rm.Accessible) != 1 || rm.Accessible[0] != cidr.MustParsePrefix(tc.block)):
				t.Errorf("remedy %+v: want %s", rm, tc.block)
			}
			proven(t, p)
		})
	}
}

// TestRemedyWider: the backend's vSwitch block, when the VPC lists it and
// it lies in the VPC, is offered beside the block, and not applied.
func TestRemedyWider(t *testing.T) {
	p := basePlan()
	p.Authorizations[0].InstanceID = "10.0.12.5"
	p.VPC.VSwitches = []netip.Prefix{cidr.MustParsePrefix("10.0.12.0/24"), cidr.MustParsePrefix("10.7.0.0/24")}
	r := vpcgate.Check(p, vpcgate.Options{})
	rm := remedyOf(t, r, vpcgate.CodeUnreachable, "authorizations[0].instanceId")
	if rm.Wider != cidr.MustParsePrefix("10.0.12.0/24") || rm.Accessible[0] != cidr.MustParsePrefix("10.0.12.5/32") {
		t.Errorf("remedy %+v: want 10.0.12.5/32, and 10.0.12.0/24 wider", rm)
	}
	fixed, _ := r.FixedPlan()
	if slices.Contains(fixed.Accessible, rm.Wider) {
		t.Error("the wider block was applied")
	}
	p.Authorizations[0].InstanceID = "10.7.0.5" // its vSwitch lies outside the VPC
	rm = remedyOf(t, vpcgate.Check(p, vpcgate.Options{}), vpcgate.CodeUnreachable, "authorizations[0].instanceId")
	if rm.Wider.IsValid() || rm.Applicable() {
		t.Errorf("remedy %+v: a backend outside the VPC has no block, nor a wider one", rm)
	}
}

// TestRemedyRuleLimit: a security group holds at most 200 rules: a remedy
// that would add the 201st is blocked and says so; the same rule needed by
// two findings counts once.
// withInbound gives the plan's first security group n inbound rules.
func withInbound(n int) func(*vpcgate.Plan) {
	return func(p *vpcgate.Plan) {
		in := &authz.Inbound{}
		for i := range n {
			in.Rules = append(in.Rules, authz.IngressRule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: uint16(2000 + i), To: uint16(2000 + i)}, SourceCIDR: cidr.MustParsePrefix("10.0.0.0/8")})
		}
		p.SecurityGroups[0].Inbound = in
	}
}

func TestRemedyRuleLimit(t *testing.T) {
	group := func(n int) authz.SecurityGroup {
		sg := authz.SecurityGroup{Type: authz.GroupEnterprise}
		for i := range n {
			sg.Rules = append(sg.Rules, authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolUDP, Ports: authz.PortRange{From: uint16(1000 + i), To: uint16(1000 + i)}, DestCIDR: cidr.MustParsePrefix("10.0.0.0/8")})
		}
		return sg
	}
	twoBackends := func(p *vpcgate.Plan) {
		p.Authorizations = append(p.Authorizations, authz.Authorization{Name: "stock", VPCID: "vpc-1", InstanceID: "10.0.8.6", Port: 80})
		p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: "api-2", Name: "s", VPCAccess: "stock"})
	}
	sameRuleTwice := func(p *vpcgate.Plan) {
		p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: "api-2", Name: "d", ServiceAddress: authz.Endpoint{Addr: netip.MustParseAddr("10.0.8.5"), Port: 80}})
	}
	for _, tc := range []struct {
		name    string
		rules   int
		more    func(*vpcgate.Plan)
		blocked map[string]bool // by where of the egress-denied findings
	}{
		{"199 and one", 199, nil, map[string]bool{"authorizations[0]": false}},
		{"200 and one", 200, nil, map[string]bool{"authorizations[0]": true}},
		{"199 and two", 199, twoBackends, map[string]bool{"authorizations[0]": false, "authorizations[1]": true}},
		{"199 and one twice", 199, sameRuleTwice, map[string]bool{"authorizations[0]": false, "groups[0].apis[1].serviceAddress": false}},
		// The limit counts inbound and outbound rules together.
		{"150 outbound, 50 inbound and one", 150, withInbound(50), map[string]bool{"authorizations[0]": true}},
		{"150 outbound, 49 inbound and one", 150, withInbound(49), map[string]bool{"authorizations[0]": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := egressPlan(group(tc.rules))
			if tc.more != nil {
				tc.more(&p)
			}
			r := vpcgate.Check(p, vpcgate.Options{})
			for where, blocked := range tc.blocked {
				rm := remedyOf(t, r, vpcgate.CodeEgressDenied, where)
				if rm.Applicable() == blocked || blocked && (!strings.Contains(rm.Blocked, "limit of 200 rules") || rm.Change != "securityGroups[0].rules") {
					t.Errorf("%s: remedy %+v, want blocked %v", where, rm, blocked)
				}
			}
			fixed, err := r.FixedPlan()
			if err != nil || len(fixed.SecurityGroups[0].Rules) > 200 {
				t.Errorf("the fixed group holds %d rules (%v)", len(fixed.SecurityGroups[0].Rules), err)
			}
			proven(t, p)
		})
	}
}

// TestRemedyLayout: a vSwitch in a reserved block, or an instance CIDR
// block that is not allowed, gets the block Check suggested; a vSwitch
// whose new block would strand a backend reached through the old one is
// blocked.
func TestRemedyLayout(t *testing.T) {
	p := basePlan()
	p.VPC.CIDRs = []netip.Prefix{cidr.MustParsePrefix("172.16.0.0/12")}
	p.Instance.CIDR = cidr.MustParsePrefix("10.0.0.0/8")
	p.Instance.Zones[0].ZoneID = "cn-hangzhou-b"
	p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("172.20.1.0/24") // reserved in cn-hangzhou-b
	p.Accessible = nil
	p.Authorizations = nil
	p.Groups[0].APIs, p.Groups[0].Plugins = nil, nil
	r := vpcgate.Check(p, vpcgate.Options{})
	vs := remedyOf(t, r, vpcgate.CodeReservedConflict, "instance.zones[0].vSwitchCidr")
	if !vs.Applicable() || vs.Kind != vpcgate.RemedyVSwitch || vs.VSwitch.Zone != 0 || vs.VSwitch.ZoneID != "cn-hangzhou-b" || !vs.VSwitch.Block.IsValid() {
		t.Errorf("vSwitch remedy %+v", vs)
	}
	ic := remedyOf(t, r, vpcgate.CodeCIDRNotAllowed, "instance.cidr")
	if !ic.Applicable() || ic.Kind != vpcgate.RemedyInstanceCIDR || !slices.Contains(instance.InstanceCIDRs(), ic.InstanceCIDR) {
		t.Errorf("instance CIDR remedy %+v", ic)
	}
	proven(t, p)

	// A backend reached only through the vSwitch's block now.
	p.Groups[0].APIs = []migrate.API{{ID: "d", Name: "d", ServiceAddress: authz.Endpoint{Addr: netip.MustParseAddr("172.20.1.9"), Port: 80}}}
	vs = remedyOf(t, vpcgate.Check(p, vpcgate.Options{}), vpcgate.CodeReservedConflict, "instance.zones[0].vSwitchCidr")
	if vs.Applicable() || !strings.Contains(vs.Blocked, "172.20.1.9") {
		t.Errorf("vSwitch remedy %+v: want it blocked, naming the backend it would strand", vs)
	}
	proven(t, p)
}

// TestRemedyAuthorization: a missing authorization whose API calls the
// backend directly gets the authorization to create; one whose backend is
// not known gets none; APIs that disagree block it.
func TestRemedyAuthorization(t *testing.T) {
	p := basePlan()
	p.Groups[0].Plugins = nil
	p.Groups[0].APIs = []migrate.API{{ID: "api-1", Name: "x", VPCAccess: "billing", ServiceAddress: authz.Endpoint{Scheme: "http", Addr: netip.MustParseAddr("10.0.8.9"), Port: 8080}}}
	r := vpcgate.Check(p, vpcgate.Options{})
	rm := remedyOf(t, r, vpcgate.CodeMissingAuthorization, "groups[0].apis[0].vpcAccess")
	want := authz.Authorization{Name: "billing", VPCID: "vpc-1", InstanceID: "10.0.8.9", Port: 8080}
	if !rm.Applicable() || rm.Authorization == nil || *rm.Authorization != want || rm.Path != "authorizations" {
		t.Errorf("remedy %+v, want %+v", rm, want)
	}
	proven(t, p)

	p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: "api-2", Name: "y", VPCAccess: "billing", ServiceAddress: authz.Endpoint{Addr: netip.MustParseAddr("10.0.8.10"), Port: 8080}})
	if rm := remedyOf(t, vpcgate.Check(p, vpcgate.Options{}), vpcgate.CodeMissingAuthorization, "groups[0].apis[0].vpcAccess"); rm.Applicable() || !strings.Contains(rm.Blocked, "different backends") {
		t.Errorf("remedy %+v: want it blocked, the APIs disagree", rm)
	}
	p.Groups[0].APIs = []migrate.API{{ID: "api-1", Name: "x", VPCAccess: "billing"}}
	if rm := remedyOf(t, vpcgate.Check(p, vpcgate.Options{}), vpcgate.CodeMissingAuthorization, "groups[0].apis[0].vpcAccess"); rm != nil {
		t.Errorf("remedy %+v: the backend is not known, want none", rm)
	}
}

// TestFixedPlanCopies: FixedPlan changes neither the plan given to Check
// nor the report, and two calls share nothing.
func TestFixedPlanCopies(t *testing.T) {
	p := basePlan()
	p.Authorizations[0].InstanceID = "10.0.12.5"
	before, _ := json.Marshal(p)
	r := vpcgate.Check(p, vpcgate.Options{})
	report, _ := json.Marshal(r)
	a, err := r.FixedPlan()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.FixedPlan()
	a.Accessible[0] = netip.Prefix{}
	a.Instance.Zones[0].ZoneID = "x"
	a.Groups[0].Plugins[0].VPCAccess[0] = "x"
	if after, _ := json.Marshal(p); string(after) != string(before) {
		t.Errorf("the plan changed:\n%s\n%s", before, after)
	}
	if again, _ := json.Marshal(r); string(again) != string(report) {
		t.Error("the report changed")
	}
	if b.Accessible[0] == a.Accessible[0] || b.Instance.Zones[0].ZoneID == "x" || b.Groups[0].Plugins[0].VPCAccess[0] == "x" {
		t.Error("two fixed plans share memory")
	}
	if want := cidr.MustParsePrefix("10.0.12.5/32"); !slices.Contains(b.Accessible, want) {
		t.Errorf("fixed accessible blocks %v, want %s added", b.Accessible, want)
	}
}

// TestRemedyJSON pins the JSON form of a finding's remedy, beside its fix,
// and that a finding without one has no "remedy".
func TestRemedyJSON(t *testing.T) {
	p := egressPlan(authz.SecurityGroup{Type: authz.GroupEnterprise})
	p.Authorizations[0].InstanceID = "10.0.12.5"
	p.Authorizations = append(p.Authorizations, authz.Authorization{Name: "other", VPCID: "vpc-2", InstanceID: "10.0.8.7", Port: 80})
	p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: "api-2", Name: "o", VPCAccess: "other"})
	var doc struct {
		Sections []struct {
			Problems []map[string]json.RawMessage `json:"problems"`
		} `json:"sections"`
	}
	data, _ := json.Marshal(vpcgate.Check(p, vpcgate.Options{}))
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range doc.Sections {
		for _, f := range s.Problems {
			var code string
			_ = json.Unmarshal(f["code"], &code)
			got[code] = string(f["remedy"])
		}
	}
	want := map[string]string{
		"unreachable":   `{"kind":"accessible","instance":"apigw-1","path":"instance","accessible":["10.0.12.5/32"]}`,
		"vpc-mismatch":  "",
		"egress-denied": `{"kind":"egress-rules","instance":"apigw-1","path":"instance","rules":[{"securityGroupId":"sg-1","path":"securityGroups[0]","rule":{"policy":"accept","priority":100,"ipProtocol":"TCP","portRange":"80/80","destCidrIp":"10.0.12.5/32"}}]}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("remedies mismatch (-want +got):\n%s", diff)
	}
}

// TestRemedyFixNamesTheRuleInTheWay: a finding's fix becomes its outbound
// rule remedy's blocked text (which says to change the rule in the way)
// when a rule of the plan stands in the way, and only then: not when the
// cloud's limit blocks the remedy.
func TestRemedyFixNamesTheRuleInTheWay(t *testing.T) {
	full := authz.SecurityGroup{Type: authz.GroupEnterprise}
	for i := range 200 {
		full.Rules = append(full.Rules, authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolUDP, Ports: authz.PortRange{From: uint16(1000 + i), To: uint16(1000 + i)}, DestCIDR: cidr.MustParsePrefix("10.0.0.0/8")})
	}
	for _, tc := range []struct {
		name      string
		sg        authz.SecurityGroup
		rewritten bool
	}{
		{"a drop rule at priority 1", authz.SecurityGroup{Type: authz.GroupEnterprise, Rules: []authz.Rule{tcpRule(authz.PolicyDrop, 1, "1/65535", "10.0.0.0/8")}}, true},
		{"the limit", full, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := egressPlan(tc.sg)
			r := vpcgate.Check(p, vpcgate.Options{})
			rm := remedyOf(t, r, vpcgate.CodeEgressDenied, "authorizations[0]")
			var fix string
			for _, f := range r.Remedies() {
				if f.Remedy == rm {
					fix = f.Fix
				}
			}
			if rm.Applicable() || (fix == rm.Blocked) != tc.rewritten {
				t.Errorf("fix %q, remedy %+v; want the fix to be the blocked text: %v", fix, rm, tc.rewritten)
			}
		})
	}
}

// TestRemedyVSwitchClearOfTheVPCs: a vSwitch block suggested for an
// instance overlaps none of the VPC's vSwitches the plan lists (from a
// Terraform plan, its alicloud_vswitch resources), but the one it
// replaces: a VPC's vSwitches never overlap (the suggestion took a listed
// vSwitch's block).
func TestRemedyVSwitchClearOfTheVPCs(t *testing.T) {
	hand := readPlan(t, "suggestion-clear-of-vswitches")
	for name, p := range map[string]vpcgate.Plan{"hand": hand, "terraform": readTF(t, "reserved-conflict")} {
		vpc := hand.VPC
		if name == "terraform" {
			vpc = &p.VPCs[0]
			// Another vSwitch of the VPC, where the suggestion went.
			vpc.VSwitches = append(vpc.VSwitches, pfx("172.16.0.0/24"))
		}
		suggested := 0
		for _, f := range vpcgate.Check(p, vpcgate.Options{}).Remedies() {
			v := f.Remedy.VSwitch
			if v == nil {
				continue
			}
			suggested++
			for _, b := range vpc.VSwitches {
				if b.Overlaps(v.Block) {
					t.Errorf("%s: the block suggested for %s, %s, overlaps the VPC's vSwitch %s", name, f.Where, v.Block, b)
				}
			}
		}
		if suggested == 0 {
			t.Errorf("%s: no vSwitch block suggested", name)
		}
	}
}

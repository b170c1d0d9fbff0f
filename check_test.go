package vpcgate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
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
	"github.com/vpcgate/vpcgate/zones"
)

func TestCheckBasePlanPasses(t *testing.T) {
	r := vpcgate.Check(basePlan(), vpcgate.Options{})
	problems, warnings := codes(r)
	if !r.OK || len(problems) != 0 {
		t.Fatalf("base plan: OK=%v, problems %v", r.OK, problems)
	}
	if diff := cmp.Diff([]string{"single-zone@instance.zones", "egress-change@groups[0]"}, warnings); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}
	if r.Version != 1 || r.Problems != 0 || r.Warnings != 2 {
		t.Errorf("report header = version %d, %d problems, %d warnings", r.Version, r.Problems, r.Warnings)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name     string
		change   func(p *vpcgate.Plan)
		opts     vpcgate.Options
		problems []string
		warnings []string
	}{
		{"empty plan", func(p *vpcgate.Plan) { *p = vpcgate.Plan{} }, vpcgate.Options{}, []string{"required@instance"}, nil},
		{"unreachable once for two references", func(p *vpcgate.Plan) {
			p.Authorizations[0].InstanceID = "10.0.30.5"
		}, vpcgate.Options{}, []string{"unreachable@authorizations[0].instanceId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"VPC mismatch is one finding", func(p *vpcgate.Plan) {
			p.Authorizations[0].VPCID = "vpc-2"
			p.Authorizations[0].InstanceID = "172.31.0.1"
		}, vpcgate.Options{}, []string{"vpc-mismatch@authorizations[0].vpcId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"missing authorization once per name", func(p *vpcgate.Plan) {
			p.Groups[0].APIs[0].VPCAccess = "nope"
			p.Groups[0].Plugins[0].VPCAccess = []string{"nope", "nope"}
		}, vpcgate.Options{}, []string{"missing-authorization@groups[0].apis[0].vpcAccess"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"unknown address is unverified", func(p *vpcgate.Plan) {
			p.Authorizations[0].InstanceID = "i-bp1abc"
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "unverified@authorizations[0].instanceId", "egress-change@groups[0]"}},
		{"strict makes unverified a problem", func(p *vpcgate.Plan) {
			p.Authorizations[0].InstanceID = "i-bp1abc"
		}, vpcgate.Options{Strict: true}, []string{"unverified@authorizations[0].instanceId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"no VPC: unverified, and so is a backend only the planned accessible blocks reach", func(p *vpcgate.Plan) {
			p.VPC = nil
		}, vpcgate.Options{}, nil, []string{"unverified@vpc", "single-zone@instance.zones", "egress-change@groups[0]"}},
		{"no VPC, strict: the unverified VPC is the one problem", func(p *vpcgate.Plan) {
			p.VPC = nil
		}, vpcgate.Options{Strict: true}, []string{"unverified@vpc"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"no VPC: a backend outside every block is still unreachable", func(p *vpcgate.Plan) {
			p.VPC = nil
			p.Authorizations[0].InstanceID = "10.0.30.5"
		}, vpcgate.Options{}, []string{"unreachable@authorizations[0].instanceId"}, []string{"unverified@vpc", "single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"no security group: unverified", func(p *vpcgate.Plan) {
			p.SecurityGroups = nil
		}, vpcgate.Options{}, nil, []string{"unverified@instance.zones[0].securityGroupId", "single-zone@instance.zones", "egress-change@groups[0]"}},
		{"egress denied", func(p *vpcgate.Plan) {
			p.SecurityGroups[0].Egress = []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24")}
		}, vpcgate.Options{}, []string{"egress-denied@authorizations[0]"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"wrong VPC described", func(p *vpcgate.Plan) {
			p.VPC.ID = "vpc-9"
		}, vpcgate.Options{}, []string{"wrong-vpc@vpc.id", "unreachable@authorizations[0].instanceId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"vSwitch outside the VPC", func(p *vpcgate.Plan) {
			p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("10.1.1.0/24")
			// The instance cannot be made so: no group goes to it (the
			// move "would succeed", and the spec was "valid").
		}, vpcgate.Options{}, []string{"outside-vpc@instance.zones[0].vSwitchCidr"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"region", func(p *vpcgate.Plan) {
			p.Groups[0].RegionID = "cn-beijing"
		}, vpcgate.Options{}, []string{"region@groups[0].regionId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"duplicate authorization", func(p *vpcgate.Plan) {
			p.Authorizations = append(p.Authorizations, p.Authorizations[0])
		}, vpcgate.Options{}, []string{"duplicate-authorization@authorizations[1].name"}, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"references in another order than the authorizations, and a duplicate name", func(p *vpcgate.Plan) {
			good := p.Authorizations[0]
			bad := good
			bad.Name, bad.InstanceID = "far", "10.0.30.7"
			dupOfGood := good
			dupOfGood.InstanceID = "10.0.30.8"
			p.Authorizations = []authz.Authorization{bad, good, dupOfGood}
			p.Groups[0].APIs = []migrate.API{{ID: "api-1", VPCAccess: "orders"}, {ID: "api-2", VPCAccess: "orders"}, {ID: "api-3", VPCAccess: "far"}}
			p.Groups[0].Plugins = nil
		}, vpcgate.Options{}, []string{"unreachable@authorizations[0].instanceId", "duplicate-authorization@authorizations[2].name"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"unknown target", func(p *vpcgate.Plan) {
			p.Groups[0].To = "apigw-9"
		}, vpcgate.Options{}, []string{"unknown-instance@groups[0].to"}, []string{"single-zone@instance.zones", "placement@groups[0].to"}},
		{"an IPv6 VPC block admits no IPv4 block", func(p *vpcgate.Plan) {
			for _, wide := range []string{"::/0", "::/56", "::/64", "::/80", "::fffe:0:0/95"} {
				p.VPC.Connected = append(p.VPC.Connected, cidr.MustParsePrefix(wide))
			}
			p.Accessible = []netip.Prefix{cidr.MustParsePrefix("8.8.8.0/24")}
			p.Authorizations[0].InstanceID = "8.8.8.8"
		}, vpcgate.Options{}, []string{"outside-vpc@accessible[0]", "unreachable@authorizations[0].instanceId", "egress-denied@authorizations[0]"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"one instance in the multi-instance form takes groups without to", func(p *vpcgate.Plan) {
			p.Instances = []vpcgate.Instance{*p.Instance}
			p.Instances[0].Accessible = p.Accessible
			p.VPCs = []instance.VPC{*p.VPC}
			p.Instance, p.VPC, p.Accessible = nil, nil, nil
			p.Groups[0].DataWorks = true
			p.Groups[0].RegionID = "cn-shanghai"
		}, vpcgate.Options{}, []string{"region@groups[0].regionId", "dataworks@groups[0].dataWorks"}, []string{"single-zone@instances[0].zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"a new group that serves DataWorks", func(p *vpcgate.Plan) {
			p.Groups[0].Instance = instance.Instance{}
			p.Groups[0].DataWorks = true
		}, vpcgate.Options{}, []string{"dataworks@groups[0].dataWorks"}, []string{"single-zone@instance.zones", "placement@groups[0]"}},
		{"a move from an instance of no kind", func(p *vpcgate.Plan) {
			p.Groups[0].Instance.Kind = 0
		}, vpcgate.Options{}, []string{"invalid-kind@groups[0].instance.kind"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"duplicate groups", func(p *vpcgate.Plan) {
			p.Groups = append(p.Groups, p.Groups[0])
		}, vpcgate.Options{}, []string{"duplicate@groups[1].id"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "egress-change@groups[1]"}},
		{"both forms at once", func(p *vpcgate.Plan) {
			p.Instances = []vpcgate.Instance{*p.Instance}
		}, vpcgate.Options{}, []string{"invalid-plan@instances"}, []string{"single-zone@instance.zones", "unverified@instances[0].vpcId", "single-zone@instances[0].zones", "placement@groups[0]"}},
		{"new group, no move", func(p *vpcgate.Plan) {
			p.Groups[0].Instance = instance.Instance{}
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			tt.change(&p)
			checkCodes(t, p, tt.opts, tt.problems, tt.warnings)
		})
	}
}

// TestOneMistakeOneFinding: n failing authorizations, each used by an API
// and a plug-in of two groups, give n problems, and each finding's size
// does not grow with the references.
func TestOneMistakeOneFinding(t *testing.T) {
	p := basePlan()
	const n = 200
	p.Authorizations = nil
	p.Groups = append(p.Groups, p.Groups[0])
	p.Groups[1].ID = "g-2"
	for g := range p.Groups {
		p.Groups[g].APIs, p.Groups[g].Plugins = nil, nil
	}
	for i := range n {
		name := fmt.Sprintf("a%d", i)
		p.Authorizations = append(p.Authorizations, authz.Authorization{Name: name, VPCID: "vpc-1", InstanceID: fmt.Sprintf("10.0.20.%d", i), Port: 80})
		for g := range p.Groups {
			p.Groups[g].APIs = append(p.Groups[g].APIs, migrate.API{ID: "api-" + name, VPCAccess: name})
			p.Groups[g].Plugins = append(p.Groups[g].Plugins, migrate.Plugin{ID: "plg-" + name, VPCAccess: []string{name, name}})
		}
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	problems, _ := codes(r)
	if len(problems) != n {
		t.Fatalf("got %d problems, want %d", len(problems), n)
	}
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if !errors.Is(f.Err, authz.ErrUnreachable) {
				t.Errorf("finding %v: Err does not match ErrUnreachable", f)
			}
			if !strings.Contains(f.What, "instance cannot connect to the backend 10.0.20.") || !strings.Contains(f.What, "and 3 more)") {
				t.Errorf("finding what = %q", f.What)
			}
		}
	}
	if !errors.Is(r.Err(), authz.ErrUnreachable) {
		t.Error("errors.Is(r.Err(), authz.ErrUnreachable) = false")
	}
}

func TestSuggestions(t *testing.T) {
	t.Run("instance CIDR overlapping a vSwitch", func(t *testing.T) {
		p := basePlan()
		p.VPC.CIDRs = append(p.VPC.CIDRs, cidr.MustParsePrefix("192.168.0.0/16"))
		p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("192.168.1.0/24")
		r := vpcgate.Check(p, vpcgate.Options{})
		f := findOne(t, r, "cidr-conflict")
		if want := cidr.MustParsePrefix("172.16.0.0/12"); f.Suggested != want || !strings.Contains(f.Fix, "172.16.0.0/12") {
			t.Errorf("suggested %v, fix %q; want %v", f.Suggested, f.Fix, want)
		}
	})
	t.Run("reserved conflict", func(t *testing.T) {
		p := basePlan()
		p.Instance.Zones[0] = instance.ZonePlacement{ZoneID: "cn-hangzhou-b", VSwitchID: "vsw-1", VSwitchCIDR: cidr.MustParsePrefix("172.20.1.0/24"), SecurityGroupID: "sg-1"}
		p.VPC.CIDRs = []netip.Prefix{cidr.MustParsePrefix("172.16.0.0/12")}
		p.Instance.CIDR = cidr.MustParsePrefix("172.16.0.0/12")
		r := vpcgate.Check(p, vpcgate.Options{})
		f := findOne(t, r, "reserved-conflict")
		// The instance CIDR block is chosen first (192.168.0.0/16, which no
		// vSwitch overlaps), then a vSwitch block that fits it.
		if !f.Suggested.IsValid() {
			t.Fatalf("no suggestion: %+v", f)
		}
		if err := zones.Default().CheckVSwitch("cn-hangzhou-b", f.Suggested); err != nil {
			t.Errorf("suggested %v conflicts: %v", f.Suggested, err)
		}
		if !cidr.MustParsePrefix("172.16.0.0/12").Contains(f.Suggested.Addr()) || f.Suggested.Bits() != 24 {
			t.Errorf("suggested %v is not a /24 inside the VPC", f.Suggested)
		}
	})
}

func TestCheckMultiInstance(t *testing.T) {
	data, err := os.ReadFile("testdata/plans/multi-instance.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := vpcgate.ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	problems, warnings := codes(r)
	if diff := cmp.Diff([]string{"vpc-mismatch@authorizations[1].vpcId"}, problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	for _, want := range []string{"placement@groups[1].to", "placement@groups[2]"} {
		if !slices.Contains(warnings, want) {
			t.Errorf("warnings %v lack %s", warnings, want)
		}
	}
	for _, s := range r.Sections {
		if strings.Contains(s.Subject, "g-data") || strings.Contains(s.Subject, "g-new") {
			if len(s.Warnings) == 0 || !strings.Contains(s.Warnings[len(s.Warnings)-1].What, `would take the group: "apigw-data"`) {
				t.Errorf("section %q: no placement on apigw-data: %+v", s.Subject, s.Warnings)
			}
		}
	}
}

func TestSourceNamesTheWhere(t *testing.T) {
	p := basePlan()
	p.Authorizations[0].InstanceID = "10.0.30.5"
	p.Source = map[field.Path]string{"authorizations[0]": "alicloud_api_gateway_vpc_access.orders"}
	r := vpcgate.Check(p, vpcgate.Options{})
	if f := findOne(t, r, "unreachable"); f.Where != "alicloud_api_gateway_vpc_access.orders" {
		t.Errorf("where = %q", f.Where)
	}
}

func TestReportJSON(t *testing.T) {
	b, err := json.Marshal(vpcgate.Check(vpcgate.Plan{}, vpcgate.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["version"] != 1.0 || got["ok"] != false || got["problems"] != 1.0 {
		t.Errorf("report JSON = %s", b)
	}
	sec := got["sections"].([]any)[0].(map[string]any)
	for _, k := range []string{"subject", "passed", "problems", "warnings"} {
		if _, ok := sec[k]; !ok {
			t.Errorf("section lacks %q: %s", k, b)
		}
	}
	if sec["passed"] == nil {
		t.Errorf("empty passed is null, want []: %s", b)
	}
	f := sec["problems"].([]any)[0].(map[string]any)
	for _, k := range []string{"code", "where", "what", "why", "fix"} {
		if _, ok := f[k]; !ok {
			t.Errorf("finding lacks %q: %s", k, b)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain é":       "plain é",
		"a\nb":          `a\nb`,
		"\x1b[8m":       `\x1b[8m`,
		"far\u202e":     `far\u202e`,
		"zero\u200bw":   `zero\u200bw`,
		"bad\xffbyte":   `bad\xffbyte`,
		"\ufeffbom":     `\ufeffbom`,
		"line\u2028sep": `line\u2028sep`,
	} {
		if got := vpcgate.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDuplicateVPCs: the first VPC of an ID is the one used, and a later
// one is a problem, so that a reader and the check see the same VPC.
func TestDuplicateVPCs(t *testing.T) {
	p := basePlan()
	p.Instances = []vpcgate.Instance{{ID: "apigw-1", Spec: p.Instance.Spec, Accessible: []netip.Prefix{cidr.MustParsePrefix("10.20.0.0/16")}}}
	p.VPCs = []instance.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/16")}}, {ID: "vpc-1", CIDRs: []netip.Prefix{cidr.MustParsePrefix("10.20.0.0/16")}}}
	p.Instance, p.VPC, p.Accessible = nil, nil, nil
	p.Authorizations[0].InstanceID = "10.20.1.5"
	problems, _ := codes(vpcgate.Check(p, vpcgate.Options{}))
	want := []string{"outside-vpc@instances[0].accessible[0]", "duplicate@vpcs[1].id", "unreachable@authorizations[0].instanceId", "egress-denied@authorizations[0]"}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// TestPlacementIsBounded: n groups and n instances that cannot take them
// give a report whose size grows linearly, not with n*n.
func TestPlacementIsBounded(t *testing.T) {
	size := func(n int) int {
		p := vpcgate.Plan{}
		for k := range n {
			id := fmt.Sprintf("apigw-%d", k)
			p.Instances = append(p.Instances, vpcgate.Instance{ID: id, Spec: instance.Spec{Name: id, RegionID: "cn-hangzhou", VPCID: "vpc-1",
				CIDR:  cidr.MustParsePrefix("192.168.0.0/16"),
				Zones: []instance.ZonePlacement{{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-" + id, VSwitchCIDR: cidr.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"}}}})
			p.Groups = append(p.Groups, vpcgate.Group{ID: fmt.Sprintf("g-%d", k), RegionID: "cn-beijing",
				Instance: instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-beijing"}})
		}
		b, err := json.Marshal(vpcgate.Check(p, vpcgate.Options{}))
		if err != nil {
			t.Fatal(err)
		}
		return len(b)
	}
	small, large := size(50), size(400)
	if large > 10*small {
		t.Errorf("report of 50 instances and groups: %d bytes; of 400: %d bytes, more than 10 times as large", small, large)
	}
}

// TestNothingCheckedIsNotReachable: in a plan of several instances, an
// authorization that no move checks gets no "reachable" line; the group
// that uses it gets placement advice instead.
func TestNothingCheckedIsNotReachable(t *testing.T) {
	p := basePlan()
	second := *p.Instance
	second.ID, second.VPCID = "apigw-2", "vpc-2"
	p.Instances = []vpcgate.Instance{*p.Instance, second}
	p.VPCs = []instance.VPC{*p.VPC, {ID: "vpc-2", CIDRs: []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/16")}}}
	p.Instance, p.VPC, p.Accessible = nil, nil, nil
	p.Authorizations[0].VPCID = "vpc-zzz"
	r := vpcgate.Check(p, vpcgate.Options{Strict: true})
	for _, s := range r.Sections {
		for _, line := range s.Passed {
			if strings.Contains(line, "reachable") || strings.Contains(line, "would succeed") {
				t.Errorf("section %q says %q of an authorization checked against nothing", s.Subject, line)
			}
		}
	}
	_, warnings := codes(r)
	if !slices.Contains(warnings, "placement@groups[0]") {
		t.Errorf("warnings %v lack placement advice", warnings)
	}
}

// TestManyInstancesAndGroupsStayLinear: findings grow with the mistakes,
// not with instances times authorizations or security groups times
// authorizations.
func TestManyInstancesAndGroupsStayLinear(t *testing.T) {
	const n = 150
	p := basePlan()
	p.Groups = nil
	p.Authorizations = nil
	for i := range n {
		p.Authorizations = append(p.Authorizations, authz.Authorization{Name: fmt.Sprintf("a%d", i), VPCID: "vpc-1", InstanceID: fmt.Sprintf("10.0.30.%d", i), Port: 80})
		// every placement its own security group that allows nothing
		p.Instance.Zones = append(p.Instance.Zones, instance.ZonePlacement{ZoneID: "cn-hangzhou-j", VSwitchID: fmt.Sprintf("vsw-%d", i),
			VSwitchCIDR: cidr.MustParsePrefix(fmt.Sprintf("10.0.%d.0/24", 100+i%100)), SecurityGroupID: fmt.Sprintf("sg-%d", i)})
		p.SecurityGroups = append(p.SecurityGroups, authz.SecurityGroup{ID: fmt.Sprintf("sg-%d", i)})
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	egress := 0
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Code == "egress-denied" {
				egress++
			}
		}
	}
	if egress != n {
		t.Errorf("%d egress-denied findings for %d authorizations and %d security groups, want one per authorization", egress, n, n+1)
	}
}

// TestSecurityGroupWarningFromTheZones: the backend's group is compared
// with the groups the instance's zones name, described or not.
func TestSecurityGroupWarningFromTheZones(t *testing.T) {
	p := basePlan()
	p.SecurityGroups = nil
	p.Authorizations[0].InstanceID = "i-bp1abc"
	p.Authorizations[0].Backend = authz.ECS
	p.Authorizations[0].SecurityGroupID = "sg-other"
	_, warnings := codes(vpcgate.Check(p, vpcgate.Options{}))
	if !slices.Contains(warnings, "security-group@authorizations[0].securityGroupId") {
		t.Errorf("warnings %v lack security-group", warnings)
	}
}

// TestSuggestionsAreBounded: of many placements in conflict, a bounded
// number get a block worked out (each weighs every vSwitch); the rest are
// told to use another block, so the cost stays linear.
func TestSuggestionsAreBounded(t *testing.T) {
	p := basePlan()
	p.VPC.CIDRs = []netip.Prefix{cidr.MustParsePrefix("172.16.0.0/12")}
	p.Instance.Zones = nil
	for i := range 300 {
		p.Instance.Zones = append(p.Instance.Zones, instance.ZonePlacement{ZoneID: "cn-hangzhou-b", VSwitchID: fmt.Sprintf("vsw-%d", i),
			VSwitchCIDR: cidr.MustParsePrefix("172.20.1.0/24"), SecurityGroupID: "sg-1"})
	}
	suggestedOf := func(p vpcgate.Plan) (suggested, conflicts int) {
		for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
			for _, f := range s.Problems {
				if f.Code == "reserved-conflict" {
					conflicts++
					if f.Suggested.IsValid() {
						suggested++
					}
				}
			}
		}
		return suggested, conflicts
	}
	suggested, conflicts := suggestedOf(p)
	if conflicts != 300 || suggested == 0 || suggested > 16 {
		t.Errorf("%d reserved conflicts, %d with a suggestion; want 300, and 1 to 16", conflicts, suggested)
	}

	// Across a plan too: many instances in one VPC that lists as many
	// vSwitches (each suggestion weighs them all: it was quadratic, 7.5 s
	// at 8,000 instances).
	m := vpcgate.Plan{VPCs: []instance.VPC{{ID: "vpc-1", CIDRs: []netip.Prefix{cidr.MustParsePrefix("172.16.0.0/12")}}}, ServiceLinkedRole: vpcgate.RoleExists}
	for i := range 300 {
		m.VPCs[0].VSwitches = append(m.VPCs[0].VSwitches, netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 17, byte(i / 256), byte(i % 256)}), 32).Masked())
		m.Instances = append(m.Instances, vpcgate.Instance{ID: fmt.Sprintf("gw-%d", i), Spec: instance.Spec{Name: "gw", RegionID: "cn-hangzhou", VPCID: "vpc-1", CIDR: cidr.MustParsePrefix("192.168.0.0/16"),
			Zones: []instance.ZonePlacement{{ZoneID: "cn-hangzhou-b", VSwitchID: fmt.Sprintf("vsw-%d", i), VSwitchCIDR: cidr.MustParsePrefix("172.20.1.0/24")}}}})
	}
	if suggested, conflicts = suggestedOf(m); conflicts != 300 || suggested == 0 || suggested > 64 {
		t.Errorf("plan: %d reserved conflicts, %d with a suggestion; want 300, and 1 to 64", conflicts, suggested)
	}
}

// TestVerdictsQualifiedByNotes: a group's verdict that it would work says
// so only as far as the plan goes when the plan's source left values
// unverified that may bear on it: the group's own, found through Source,
// or those of no group in particular; not another group's.
func TestVerdictsQualifiedByNotes(t *testing.T) {
	groupLines := func(p vpcgate.Plan) string {
		var b strings.Builder
		for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
			if strings.HasPrefix(s.Subject, "group ") {
				b.WriteString(strings.Join(s.Passed, "\n"))
			}
		}
		return b.String()
	}
	caveat := func(n int) string {
		return fmt.Sprintf("as far as the plan says (%d value(s) of its source that may bear on it are unverified", n)
	}
	unverified := func(where string) vpcgate.Note {
		return vpcgate.Note{Code: "unverified", Where: where, What: "not known"}
	}
	source := map[field.Path]string{"groups[0]": "G0", "groups[0].apis[0]": "G0.api", "groups[5]": "G5", "instances[0]": "I"}
	tests := []struct {
		name  string
		notes []vpcgate.Note
		want  int // the notes the verdict names; 0: no caveat
	}{
		{"no notes", nil, 0},
		{"a force-new note", []vpcgate.Note{{Code: "force-new", Where: "G0", What: "replaced"}}, 0},
		{"the group's own, below a place Source names", []vpcgate.Note{unverified("G0.api.backend_enabled")}, 1},
		{"another group's", []vpcgate.Note{unverified("G5.x")}, 0},
		{"an instance's", []vpcgate.Note{unverified("I.y")}, 1},
		{"a place Source does not name", []vpcgate.Note{unverified("Z")}, 1},
		{"all of them", []vpcgate.Note{unverified("G0"), unverified("G5"), unverified("I"), unverified("Z")}, 3},
		// One value read into two of the plan's values is one note per
		// value, at one place: one value unverified, not two.
		{"one place, two values", []vpcgate.Note{
			{Code: "unverified", Where: "Z", Path: "groups[0].apis[0].name", What: "not known"},
			{Code: "unverified", Where: "Z", Path: "instances[0].name", What: "not known either"}}, 1},
		{"one place, two values, no path", []vpcgate.Note{unverified("Z"), unverified("Z")}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			p.Source, p.Notes = source, tt.notes
			got := groupLines(p)
			if !strings.Contains(got, "checked: the move would succeed") {
				t.Fatalf("verdict %q", got)
			}
			if tt.want == 0 && strings.Contains(got, "as far as") || tt.want > 0 && !strings.Contains(got, caveat(tt.want)) {
				t.Errorf("verdict %q, want %d note(s) named", got, tt.want)
			}
		})
	}
}

// TestExistingInstanceCreationRules (#18 item 23): the rules that hold only
// at creation are problems of an instance to create, and not of one that
// exists, whose purchase form is a fact: no problem, no suggestion, and a
// line that says they were applied at creation.
func TestExistingInstanceCreationRules(t *testing.T) {
	tests := []struct {
		name     string
		change   func(p *vpcgate.Plan)
		toCreate []string // problems of the instance to create
		exists   []string // warnings of the existing one, beyond single-zone and egress-change
	}{
		{"instance CIDR block not allowed", func(p *vpcgate.Plan) {
			p.Instance.CIDR = cidr.MustParsePrefix("10.0.0.0/8")
		}, []string{"cidr-not-allowed@instance.cidr"}, nil},
		{"instance CIDR block not given", func(p *vpcgate.Plan) {
			p.Instance.CIDR = netip.Prefix{}
		}, []string{"required@instance.cidr"}, nil},
		{"vSwitch smaller than /29", func(p *vpcgate.Plan) {
			p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("10.0.1.0/30")
		}, []string{"invalid-vswitch@instance.zones[0].vSwitchCidr"}, nil},
		{"vSwitch on the zone's reserved blocks", func(p *vpcgate.Plan) {
			p.Instance.Zones[0].ZoneID = "cn-hangzhou-b"
			p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("172.20.1.0/24")
			p.VPC.CIDRs = append(p.VPC.CIDRs, cidr.MustParsePrefix("172.16.0.0/12"))
		}, []string{"reserved-conflict@instance.zones[0].vSwitchCidr"}, nil},
		{"vSwitch in the instance CIDR block", func(p *vpcgate.Plan) {
			p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("192.168.1.0/24")
			p.VPC.CIDRs = append(p.VPC.CIDRs, cidr.MustParsePrefix("192.168.0.0/16"))
		}, []string{"cidr-conflict@instance.zones[0].vSwitchCidr"}, nil},
		{"vSwitch outside the VPC's blocks as given: unverified of one that exists", func(p *vpcgate.Plan) {
			p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("10.1.1.0/24")
		}, []string{"outside-vpc@instance.zones[0].vSwitchCidr"}, []string{"unverified@instance.zones[0].vSwitchCidr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			create := basePlan()
			tt.change(&create)
			if problems, _ := codes(vpcgate.Check(create, vpcgate.Options{})); !slices.Equal(problems, tt.toCreate) {
				t.Errorf("to create: problems %v, want %v", problems, tt.toCreate)
			}

			p := existingPlan()
			tt.change(&p)
			r := vpcgate.Check(p, vpcgate.Options{})
			problems, warnings := codes(r)
			if len(problems) != 0 {
				t.Errorf("exists: problems %v, want none", problems)
			}
			if want := append(slices.Clone(tt.exists), "single-zone@instance.zones", "egress-change@groups[0]"); !slices.Equal(warnings, want) {
				t.Errorf("exists: warnings %v, want %v", warnings, want)
			}
			passed, _ := sectionOf(r, "instance ")
			if len(passed) != 1 || !strings.Contains(passed[0], "in the cloud") || !strings.Contains(passed[0], "not checked again") {
				t.Errorf("exists: instance section passed %q, want the line that the creation rules are facts", passed)
			}
			for _, s := range r.Sections {
				for _, f := range s.Warnings {
					if f.Suggested.IsValid() {
						t.Errorf("exists: %s@%s suggests %v", f.Code, f.Where, f.Suggested)
					}
				}
			}
		})
	}
}

// TestExistingInstanceReach (#18 items 12 and 17): an instance that exists
// reaches exactly its ConnectCidrBlocks (facts: a vSwitch block not listed
// is not reached, a listed block outside the VPC's is reached, with or
// without the VPC described) and the blocks the plan adds (requests,
// checked against the VPC). Without ConnectCidrBlocks what it reaches is
// unverified: one note for the instance, which names the authorizations it
// leaves unverified, and no passed line for them.
func TestExistingInstanceReach(t *testing.T) {
	tests := []struct {
		name     string
		change   func(p *vpcgate.Plan)
		opts     vpcgate.Options
		problems []string
		warnings []string
		passed   bool   // the authorization has a passed line
		note     string // in the unverified note of the instance
	}{
		{"a backend in the blocks the cloud holds", func(p *vpcgate.Plan) {}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}, true, ""},
		{"a vSwitch block not in ConnectCidrBlocks is not reached", func(p *vpcgate.Plan) {
			p.Instance.ConnectCidrBlocks = []netip.Prefix{cidr.MustParsePrefix("10.0.8.0/22")}
			p.Authorizations[0].InstanceID = "10.0.1.5"
		}, vpcgate.Options{}, []string{"unreachable@authorizations[0].instanceId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}, false, ""},
		{"a block the cloud holds outside the VPC's is reached", func(p *vpcgate.Plan) {
			p.Instance.ConnectCidrBlocks = append(p.Instance.ConnectCidrBlocks, cidr.MustParsePrefix("10.50.0.0/24"))
			p.SecurityGroups[0].Egress = []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/8")}
			p.Authorizations[0].InstanceID = "10.50.0.5"
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}, true, ""},
		{"the blocks the cloud holds count without the VPC described", func(p *vpcgate.Plan) {
			p.VPC = nil
		}, vpcgate.Options{}, nil, []string{"unverified@vpc", "single-zone@instance.zones", "egress-change@groups[0]"}, true, ""},
		{"a block the plan adds is checked against the VPC", func(p *vpcgate.Plan) {
			p.Accessible = []netip.Prefix{cidr.MustParsePrefix("10.0.12.0/22"), cidr.MustParsePrefix("10.99.0.0/24")}
			p.Authorizations[0].InstanceID = "10.0.12.5"
		}, vpcgate.Options{}, []string{"outside-vpc@accessible[1]"}, []string{"single-zone@instance.zones", "egress-change@groups[0]"}, true, ""},
		{"ConnectCidrBlocks not known: unverified, not unreachable", func(p *vpcgate.Plan) {
			p.Instance.ConnectCidrBlocks = nil
			p.Authorizations = append(p.Authorizations, authz.Authorization{Name: "far", VPCID: "vpc-1", InstanceID: "10.0.99.1", Port: 80})
			p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: "api-2", VPCAccess: "far"})
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "unverified@instance.exists", "egress-change@groups[0]"}, false, `authorization(s) it leaves unverified: "orders", "far"`},
		{"ConnectCidrBlocks not known, strict", func(p *vpcgate.Plan) {
			p.Instance.ConnectCidrBlocks = nil
		}, vpcgate.Options{Strict: true}, []string{"unverified@instance.exists"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}, false, `"orders"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := existingPlan()
			tt.change(&p)
			r := checkCodes(t, p, tt.opts, tt.problems, tt.warnings)
			passed, _ := sectionOf(r, "VPC access authorizations")
			if got := slices.ContainsFunc(passed, func(l string) bool { return strings.HasPrefix(l, `"orders"`) }); got != tt.passed {
				t.Errorf("passed %q: a line of \"orders\" = %v, want %v", passed, got, tt.passed)
			}
			if tt.note != "" {
				_, findings := sectionOf(r, "accessible CIDR blocks")
				if len(findings) != 1 || !strings.Contains(findings[0], tt.note) {
					t.Errorf("accessible section says %q, want one note with %q", findings, tt.note)
				}
			}
		})
	}
}

// TestConnectedNetworksUnknown (#18 item 18): a planned accessible block
// outside the VPC's own blocks is outside-vpc when the plan lists the
// VPC's connected networks, and unverified when they are not known (it may
// lie in one); a backend that only such a block reaches is then unverified,
// not unreachable, and never passed.
func TestConnectedNetworksUnknown(t *testing.T) {
	tests := []struct {
		name     string
		change   func(p *vpcgate.Plan)
		opts     vpcgate.Options
		problems []string
		warnings []string
		verdict  string // in the group's passed line; "" for none
	}{
		{"connected networks listed: outside", func(p *vpcgate.Plan) {}, vpcgate.Options{},
			[]string{"outside-vpc@accessible[1]", "unreachable@authorizations[0].instanceId"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}, ""},
		{"the block in a connected network listed", func(p *vpcgate.Plan) {
			p.VPC.Connected = []netip.Prefix{cidr.MustParsePrefix("10.200.0.0/16")}
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}, "the move would succeed"},
		{"connected networks unknown: unverified", func(p *vpcgate.Plan) {
			p.VPC.ConnectedUnknown = true
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "unverified@accessible[1]", "egress-change@groups[0]"},
			`the move would succeed, as far as the plan says (authorization(s) "orders" unverified; 1 unverified finding(s) of instance "apigw-1")`},
		{"connected networks unknown, strict", func(p *vpcgate.Plan) {
			p.VPC.ConnectedUnknown = true
		}, vpcgate.Options{Strict: true}, []string{"unverified@accessible[1]"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}, ""},
		{"connected networks unknown, a block inside the VPC", func(p *vpcgate.Plan) {
			p.VPC.ConnectedUnknown = true
			p.Authorizations[0].InstanceID = "10.0.8.5"
		}, vpcgate.Options{}, nil, []string{"single-zone@instance.zones", "unverified@accessible[1]", "egress-change@groups[0]"}, `(1 unverified finding(s) of instance "apigw-1")`},
		{"connected networks unknown, a backend outside every block", func(p *vpcgate.Plan) {
			p.VPC.ConnectedUnknown = true
			p.Authorizations[0].InstanceID = "10.201.0.5"
		}, vpcgate.Options{}, []string{"unreachable@authorizations[0].instanceId"}, []string{"single-zone@instance.zones", "unverified@accessible[1]", "egress-change@groups[0]", "placement@groups[0]"}, ""},
		{"the VPC lists no blocks: unverified", func(p *vpcgate.Plan) {
			p.VPC.CIDRs = nil
		}, vpcgate.Options{}, nil, []string{"unverified@vpc.cidrs", "single-zone@instance.zones", "unverified@accessible[0]", "unverified@accessible[1]", "egress-change@groups[0]"}, "as far as the plan says"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			p.Accessible = append(p.Accessible, cidr.MustParsePrefix("10.200.4.0/24"))
			p.SecurityGroups[0].Egress = []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/8")}
			p.Authorizations[0].InstanceID = "10.200.4.10"
			tt.change(&p)
			r := checkCodes(t, p, tt.opts, tt.problems, tt.warnings)
			passed, _ := sectionOf(r, "group ")
			if tt.verdict == "" && len(passed) > 0 || tt.verdict != "" && (len(passed) != 1 || !strings.Contains(passed[0], tt.verdict)) {
				t.Errorf("group passed %q, want %q", passed, tt.verdict)
			}
			if p.VPC.ConnectedUnknown && p.Authorizations[0].InstanceID == "10.200.4.10" {
				if auths, _ := sectionOf(r, "VPC access authorizations"); len(auths) > 0 {
					t.Errorf("an unverified backend passed: %q", auths)
				}
				_, acc := sectionOf(r, "accessible CIDR blocks")
				if !slices.ContainsFunc(acc, func(s string) bool { return strings.Contains(s, `authorization(s) it leaves unverified: "orders"`) }) {
					t.Errorf("the block's note does not name the authorization: %q", acc)
				}
			}
		})
	}
}

// TestUnverifiedIsNeverPassed (#18 item 16): an authorization whose
// address, reach or outbound rules are unverified has no passed line; the
// group's verdict names what is unverified; the summary says "all clear"
// only when nothing is unverified.
func TestUnverifiedIsNeverPassed(t *testing.T) {
	tests := []struct {
		name    string
		change  func(p *vpcgate.Plan)
		caveat  string // in the group's verdict; "" for none
		summary string
	}{
		{"all checked", func(p *vpcgate.Plan) {}, "", "all clear, the plan passes every check."},
		{"address unknown", func(p *vpcgate.Plan) {
			p.Authorizations[0].InstanceID = "i-bp1orders"
		}, `as far as the plan says (authorization(s) "orders" unverified)`, "no problems, 1 unverified: not all clear"},
		{"outbound rules unverified (a prefix list)", func(p *vpcgate.Plan) {
			p.SecurityGroups[0] = authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise, Rules: []authz.Rule{{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestPrefixListID: "pl-1"}}}
		}, `as far as the plan says (authorization(s) "orders" unverified)`, "no problems, 1 unverified: not all clear"},
		{"security group not described", func(p *vpcgate.Plan) {
			p.SecurityGroups = nil
		}, `as far as the plan says (authorization(s) "orders" unverified; 1 unverified finding(s) of instance "apigw-1")`, "no problems, 1 unverified: not all clear"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			tt.change(&p)
			r := vpcgate.Check(p, vpcgate.Options{})
			if !r.OK {
				t.Fatalf("problems: %v", r.Err())
			}
			auths, _ := sectionOf(r, "VPC access authorizations")
			if got := len(auths) > 0; got != (tt.caveat == "") {
				t.Errorf("authorizations passed %q", auths)
			}
			group, _ := sectionOf(r, "group ")
			if len(group) != 1 || !strings.Contains(group[0], "the move would succeed") ||
				tt.caveat == "" && strings.Contains(group[0], "as far as") || tt.caveat != "" && !strings.Contains(group[0], tt.caveat) {
				t.Errorf("verdict %q, want it qualified by %q", group, tt.caveat)
			}
			if s := r.Summary(); !strings.Contains(s, tt.summary) || tt.caveat != "" && strings.Contains(s, "all clear, the plan passes") {
				t.Errorf("summary %q, want %q", s, tt.summary)
			}
		})
	}
}

// TestNotesKeepTheirPlace (#18 items 22 and naming): a note's where is
// reported as the source gave it, the same with Strict, whatever Source
// maps (so that a waiver can name it); a note without a place is named by
// its index in the plan's notes, never by an empty where.
func TestNotesKeepTheirPlace(t *testing.T) {
	const dataWorks = "DescribeApiGroup[0].DataWorks"
	p := basePlan()
	p.Source = map[field.Path]string{"groups[0]": "DescribeApiGroup[0]", "instance": "DescribeInstances[0]"}
	p.Notes = []vpcgate.Note{
		{Code: "unverified", Where: dataWorks, What: `not checked: whether group "g-1" serves DataWorks`},
		{Code: "unverified", What: "not checked: a listing without a place"},
	}
	for _, strict := range []bool{false, true} {
		r := vpcgate.Check(p, vpcgate.Options{Strict: strict})
		var got []string
		for _, s := range r.Sections {
			for _, f := range append(s.Problems, s.Warnings...) {
				if f.Code == "unverified" {
					got = append(got, f.Where)
				}
			}
		}
		if want := []string{dataWorks, "notes[1]"}; !slices.Equal(got, want) {
			t.Errorf("strict %v: unverified at %q, want %q", strict, got, want)
		}
	}
}

// BenchmarkCheckNotePlaces: a note whose place has many parts, with
// Check's own warnings that a note may replace; the cost is linear in the
// place's length.
func BenchmarkCheckNotePlaces(b *testing.B) {
	p := basePlan()
	p.SecurityGroups = nil // a warning of Check's own, at a place a note could take
	p.Source = map[field.Path]string{"groups[0]": "G"}
	p.Notes = []vpcgate.Note{{Code: "unverified", Where: strings.Repeat("a[1].", 100_000) + "b", What: "x"}}
	b.ReportAllocs()
	for b.Loop() {
		vpcgate.Check(p, vpcgate.Options{})
	}
}

// TestNotesByPath (#19 item 5): a note that names the plan path it
// concerns bears on that path's group (or on no group's), whatever its
// source place and the plan's Source say; a note without a path falls back
// to the group of the nearest place Source maps at or above its Where.
func TestNotesByPath(t *testing.T) {
	source := map[field.Path]string{"groups[0]": "G0", "groups[5]": "G5"}
	note := func(path field.Path, where string) vpcgate.Note {
		return vpcgate.Note{Code: "unverified", Where: where, Path: path, What: "not known"}
	}
	tests := []struct {
		name  string
		notes []vpcgate.Note
		want  int // the notes the group's verdict names; 0: no caveat
	}{
		{"the group's own, at a place Source does not map", []vpcgate.Note{note("groups[0].apis[0].vpcAccess", "T.api")}, 1},
		{"another group's, at a place Source does not map", []vpcgate.Note{note("groups[5].dataWorks", "T.other")}, 0},
		{"another group's, at a place Source maps to this group", []vpcgate.Note{note("groups[5].dataWorks", "G0.x")}, 0},
		{"an instance's, at a place Source maps to another group", []vpcgate.Note{note("instances[0].connectCidrBlocks", "G5.x")}, 1},
		{"the group's own, without a where", []vpcgate.Note{note("groups[0]", "")}, 1},
		{"without a path: through Source, this group", []vpcgate.Note{note("", "G0.x")}, 1},
		{"without a path: through Source, another group", []vpcgate.Note{note("", "G5.x")}, 0},
		{"both kinds", []vpcgate.Note{note("groups[0].dataWorks", "G5.y"), note("", "G0.x"), note("groups[5]", "G0"), note("", "G5.x"), note("groups[0]", "G5")}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			p.Source, p.Notes = source, tt.notes
			var verdict string
			for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
				if strings.HasPrefix(s.Subject, "group ") {
					verdict = strings.Join(s.Passed, "\n")
				}
			}
			if !strings.Contains(verdict, "checked: the move would succeed") {
				t.Fatalf("verdict %q", verdict)
			}
			caveat := fmt.Sprintf("as far as the plan says (%d value(s) of its source that may bear on it are unverified", tt.want)
			if tt.want == 0 && strings.Contains(verdict, "as far as") || tt.want > 0 && !strings.Contains(verdict, caveat) {
				t.Errorf("verdict %q, want %d note(s) named", verdict, tt.want)
			}
		})
	}
}

// TestNoteWhereFromPath (#19 item 5): a note without a where is reported at
// its path's place (as Source maps it), or at its path; without either, at
// its index in the plan's notes. ParsePlan reads a note's path.
func TestNoteWhereFromPath(t *testing.T) {
	p, err := vpcgate.ParsePlan([]byte(`{"notes": [
  {"code": "unverified", "where": "DescribeApiGroup[0].DataWorks", "path": "groups[0].dataWorks", "what": "a"},
  {"code": "unverified", "where": "", "path": "groups[0].apis[0].vpcAccess", "what": "b"},
  {"code": "force-new", "where": "", "path": "instances[1]", "what": "c"},
  {"code": "unverified", "where": "", "what": "d"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"unverified@groups[0].dataWorks", "unverified@groups[0].apis[0].vpcAccess", "force-new@instances[1]", "unverified@"}
	if diff := cmp.Diff(want, notePaths(p)); diff != "" {
		t.Errorf("notes' paths mismatch (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name   string
		source map[field.Path]string
		want   []string
	}{
		{"no Source", nil, []string{"DescribeApiGroup[0].DataWorks", "groups[0].apis[0].vpcAccess", "instances[1]", "notes[3]"}},
		{"Source", map[field.Path]string{"groups[0]": "G", "groups[0].apis[0]": "G.api"}, []string{"DescribeApiGroup[0].DataWorks", "G.api", "instances[1]", "notes[3]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p.Source = tt.source
			var got []string
			for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
				if s.Subject == "what the plan's source leaves open" {
					for _, f := range s.Warnings {
						got = append(got, f.Where)
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("notes' where mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInvalidSecurityGroupStillDecides: a security group with an invalid
// rule still decides by its valid ones (the invalid rule decides nothing:
// what it might is unverified), and a group invalid beyond its rules
// leaves its flows unverified, each with a finding: waiving the group's
// problem never leaves a refusal unsaid (it left "all clear", even under
// Strict, as a flow through an invalid group was a refusal without a
// finding).
func TestInvalidSecurityGroupStillDecides(t *testing.T) {
	rule := func(pol authz.Policy, prio int, dest string) authz.Rule {
		return authz.Rule{Policy: pol, Priority: prio, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: cidr.MustParsePrefix(dest)}
	}
	tests := []struct {
		name     string
		sg       authz.SecurityGroup
		waive    string // the where of the waived invalid-security-group problem
		problems []string
		warnings []string
	}{
		{"a valid drop decides after an invalid drop",
			authz.SecurityGroup{ID: "sg-1", Type: authz.GroupNormal, Rules: []authz.Rule{rule(authz.PolicyDrop, 50, "10.0.0.0/8"), rule(authz.PolicyDrop, 0, "192.0.2.0/24")}},
			"securityGroups[0].rules[1].priority",
			[]string{"egress-denied@authorizations[0]"}, nil},
		// An invalid rule decides nothing, wherever it points: one of the
		// other policy, which might come first, leaves the drop's verdict
		// unverified.
		{"a valid drop after an invalid accept",
			authz.SecurityGroup{ID: "sg-1", Type: authz.GroupNormal, Rules: []authz.Rule{rule(authz.PolicyDrop, 50, "10.0.0.0/8"), rule(authz.PolicyAccept, 0, "192.0.2.0/24")}},
			"securityGroups[0].rules[1].priority",
			nil, []string{"unverified@authorizations[0]"}},
		{"an invalid rule before the deciding accept: unverified",
			authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise, Rules: []authz.Rule{rule(authz.PolicyDrop, 0, "10.0.8.5/32"), rule(authz.PolicyAccept, 10, "10.0.0.0/8")}},
			"securityGroups[0].rules[0].priority",
			nil, []string{"unverified@authorizations[0]"}},
		{"invalid beyond its rules",
			authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise, InnerAccessPolicy: authz.PolicyAccept, Rules: []authz.Rule{rule(authz.PolicyAccept, 10, "10.0.0.0/8")}},
			"securityGroups[0].innerAccessPolicy",
			nil, []string{"unverified@authorizations[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			p.SecurityGroups = []authz.SecurityGroup{tt.sg}
			opts := vpcgate.Options{Waivers: []vpcgate.Waiver{{Code: "invalid-security-group", Where: tt.waive, Reason: "test"}}}
			r := vpcgate.Check(p, opts)
			problems, warnings := codes(r)
			warnings = slices.DeleteFunc(warnings, func(s string) bool { return !strings.HasPrefix(s, "unverified@") })
			if !slices.Equal(problems, tt.problems) || !slices.Equal(warnings, tt.warnings) || r.Waived != 1 {
				t.Errorf("problems %q, unverified %q, %d waived; want %q, %q, 1 waived", problems, warnings, r.Waived, tt.problems, tt.warnings)
			}
			opts.Strict = true
			if vpcgate.Check(p, opts).OK {
				t.Error("OK under Strict with its problem waived")
			}
		})
	}
}

// TestFingerprintsOfOneMistakeTwice: one authorization that fails against
// two instances is two findings of one code and place; each hashes its
// What, so that when one instance's group goes, the other's finding keeps
// a fingerprint of its own and never takes the one the gone finding had
// (it took it: the first of them had the plain fingerprint).
func TestFingerprintsOfOneMistakeTwice(t *testing.T) {
	p := readPlan(t, "one-mistake-two-instances")
	prints := func(p vpcgate.Plan) map[string][]string { // by code and where, each What's
		out := map[string][]string{}
		for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
			for _, f := range s.Problems {
				out[f.Fingerprint] = append(out[f.Fingerprint], string(f.Code)+" "+f.What)
			}
		}
		return out
	}
	both := prints(p)
	if len(both) < 4 {
		t.Fatalf("fingerprints %v: want the two instances' findings, two each", both)
	}
	p.Groups = p.Groups[1:] // gw-a's group gone
	for fp, whats := range prints(p) {
		if was, ok := both[fp]; ok && !slices.Equal(was, whats) {
			t.Errorf("fingerprint %s was %q, is now %q", fp, was, whats)
		}
		// gw-b's findings, alone at their place now, have the plain
		// fingerprint: new, none of the two before.
		if _, ok := both[fp]; ok {
			t.Errorf("fingerprint %s of %q is one of the findings of two instances", fp, whats)
		}
	}
}

// TestPlacementReasonOfAFormNotMade: an instance whose purchase form rests
// only on values not known is "unverified" in placement; one that also
// has a definite problem (a vSwitch outside the VPC) "has problems" (it
// said "unverified" beside the outside-vpc problem).
func TestPlacementReasonOfAFormNotMade(t *testing.T) {
	for _, tt := range []struct {
		name    string
		outside bool
		want    string
	}{
		{"only values not known", false, "its purchase form is unverified"},
		{"and a vSwitch outside the VPC", true, "its purchase form has problems"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := basePlan()
			second := instance.ZonePlacement{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-2", VSwitchCIDR: cidr.MustParsePrefix("10.0.2.0/24"), SecurityGroupID: "sg-1"}
			if tt.outside {
				second.VSwitchCIDR = cidr.MustParsePrefix("10.1.2.0/24")
			}
			p.Instance.Zones = append(p.Instance.Zones, second)
			p.Instance.Zones[0].VSwitchCIDR = netip.Prefix{}
			p.Notes = []vpcgate.Note{{Code: "unverified", Where: "vsw-1.cidr_block", Path: "instance.zones[0].vSwitchCidr", What: "not known"}}
			var placement []string
			for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
				for _, f := range s.Warnings {
					if f.Code == "placement" {
						placement = append(placement, f.What)
					}
				}
			}
			if len(placement) != 1 || !strings.Contains(placement[0], tt.want) {
				t.Errorf("placement %q, want one that says %q", placement, tt.want)
			}
		})
	}
}

// TestCoveredNoteIsTheBlocksOwn: Check's warning that an existing
// instance's blocks are not known takes the place of the source's note of
// those blocks only, never of a note about the instance itself (which was
// dropped, unsaid and uncounted).
func TestCoveredNoteIsTheBlocksOwn(t *testing.T) {
	p := readPlan(t, "existing-instance")
	p.Instances[0].ConnectCidrBlocks = nil
	for _, tt := range []struct {
		path field.Path
		said bool // the note's text is in the report
	}{
		{"instances[0]", true},
		{"instances", true},
		{"instances[0].connectCidrBlocks", false},
	} {
		p.Notes = []vpcgate.Note{{Code: "unverified", Path: tt.path, What: "SPECIAL: not known"}}
		said := false
		for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
			for _, f := range s.Warnings {
				said = said || strings.Contains(f.What, "SPECIAL")
			}
		}
		if said != tt.said {
			t.Errorf("a note at %s: said %v, want %v", tt.path, said, tt.said)
		}
	}
}

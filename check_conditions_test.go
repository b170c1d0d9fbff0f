package vpcgate_test

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
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

package vpcgate_test

import (
	"net/netip"
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

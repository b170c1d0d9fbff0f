package vpcgate_test

import (
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/instance"
)

// TestUnknownValuesAreNeverProblems checks that what would be a problem
// rests on a value the plan's source could not know (a note of code
// unverified with a Path at or above the problem's) is an unverified
// warning, never a problem; and that under Strict it is a problem again, as
// every unverified finding is.
func TestUnknownValuesAreNeverProblems(t *testing.T) {
	unknownCIDR := basePlan()
	unknownCIDR.Instance.Zones[0].VSwitchCIDR = netip.Prefix{} // known only after apply
	unknownCIDR.Instance.CIDR = netip.Prefix{}
	unknownCIDR.Notes = []vpcgate.Note{
		{Code: vpcgate.CodeUnverified, Where: "alicloud_vswitch.b.cidr_block", Path: "instance.zones[0].vSwitchCidr", What: "known only after apply"},
		{Code: vpcgate.CodeUnverified, Where: "alicloud_api_gateway_instance.gw.instance_cidr", Path: "instance.cidr", What: "known only after apply"},
	}
	unknownPort := basePlan()
	unknownPort.Authorizations[0].Port = 0
	unknownPort.Notes = []vpcgate.Note{{Code: vpcgate.CodeUnverified, Where: "alicloud_api_gateway_vpc_access.a.port", Path: "authorizations[0]", What: "known only after apply"}}
	otherPath := basePlan()
	otherPath.Instance.Zones[0].VSwitchCIDR = netip.Prefix{}
	otherPath.Notes = []vpcgate.Note{{Code: vpcgate.CodeUnverified, Where: "x", Path: "instance.zones[1]", What: "?"}}
	forceNew := basePlan()
	forceNew.Instance.Zones[0].VSwitchCIDR = netip.Prefix{}
	forceNew.Notes = []vpcgate.Note{{Code: vpcgate.CodeForceNew, Where: "x", Path: "instance.zones[0]", What: "replaced"}}

	for _, tc := range []struct {
		name         string
		p            vpcgate.Plan
		wantProblems []string
		at           string // where the unverified finding is, when none is a problem
		sentinel     error
	}{
		{"an unknown vSwitch block and instance CIDR", unknownCIDR, nil, "instance.zones[0].vSwitchCidr", instance.ErrRequired},
		{"an authorization's unknown port", unknownPort, nil, "authorizations[0].port", instance.ErrRequired},
		{"a note on another placement", otherPath, []string{"required@instance.zones[0].vSwitchCidr"}, "", nil},
		{"a note that is not unverified", forceNew, []string{"required@instance.zones[0].vSwitchCidr"}, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := vpcgate.Check(tc.p, vpcgate.Options{})
			problems, warnings := codes(r)
			if !slices.Equal(problems, tc.wantProblems) {
				t.Errorf("problems %q, want %q (warnings %q)", problems, tc.wantProblems, warnings)
			}
			if tc.wantProblems != nil {
				return
			}
			if !r.OK {
				t.Error("the report is not OK")
			}
			strict := vpcgate.Check(tc.p, vpcgate.Options{Strict: true})
			if strict.OK {
				t.Error("under Strict, the unverified findings are not problems")
			}
			// The finding is at the problem's place and keeps its error.
			found := false
			for _, f := range all(r) {
				if f.Code == vpcgate.CodeUnverified && f.Where == tc.at && f.Err != nil {
					found = errors.Is(f.Err, tc.sentinel)
				}
			}
			if !found {
				t.Errorf("no unverified finding at %s whose error matches %v", tc.at, tc.sentinel)
			}
		})
	}
}

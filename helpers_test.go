// This file holds the helpers that the root package's black-box tests
// share: plans to start from, and the findings of a report as code@where.
// The readers' own helpers stay beside their tests.

package vpcgate_test

import (
	"errors"
	"net/netip"
	"slices"
	"strconv"
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

// netipTypes are the netip values a plan holds, for cmp.Diff options.
var netipTypes = []any{netip.Prefix{}, netip.Addr{}}

// basePlan returns a small valid single-instance plan.
func basePlan() vpcgate.Plan {
	return vpcgate.Plan{
		Instance: &vpcgate.Instance{ID: "apigw-1", Spec: instance.Spec{
			Name: "gw", RegionID: "cn-hangzhou", VPCID: "vpc-1", CIDR: cidr.MustParsePrefix("192.168.0.0/16"),
			Zones: []instance.ZonePlacement{{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-1", VSwitchCIDR: cidr.MustParsePrefix("10.0.1.0/24"), SecurityGroupID: "sg-1"}},
		}},
		VPC:            &instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/16")}},
		Accessible:     []netip.Prefix{cidr.MustParsePrefix("10.0.8.0/22")},
		SecurityGroups: []authz.SecurityGroup{{ID: "sg-1", IntraGroup: true, Egress: []netip.Prefix{cidr.MustParsePrefix("10.0.0.0/16")}}},
		Authorizations: []authz.Authorization{{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.8.5", Port: 80}},
		Groups: []vpcgate.Group{{ID: "g-1", Name: "shop", RegionID: "cn-hangzhou",
			Instance: instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"},
			APIs:     []migrate.API{{ID: "api-1", Name: "Get", VPCAccess: "orders"}},
			Plugins:  []migrate.Plugin{{ID: "plg-1", Name: "routing", Type: "routing", VPCAccess: []string{"orders"}}},
		}},
		ServiceLinkedRole: vpcgate.RoleExists,
	}
}

// existingPlan returns basePlan with its instance in the cloud, reaching
// its vSwitch block and 10.0.8.0/22 as the cloud holds them.
func existingPlan() vpcgate.Plan {
	p := basePlan()
	p.Instance.Exists = true
	p.Instance.ConnectCidrBlocks = []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24"), cidr.MustParsePrefix("10.0.8.0/22")}
	p.Accessible = nil
	return p
}

// createsInstance returns the path of p's first instance to create, and
// whether it has one.
func createsInstance(p vpcgate.Plan) (field.Path, bool) {
	if p.Instance != nil && !p.Instance.Exists {
		return "instance", true
	}
	for i, in := range p.Instances {
		if !in.Exists {
			return field.Path("instances").Index(i), true
		}
	}
	return "", false
}

// codes returns "code@where" for each problem and warning of r.
func codes(r vpcgate.Report) (problems, warnings []string) {
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			problems = append(problems, string(f.Code)+"@"+f.Where)
		}
		for _, f := range s.Warnings {
			warnings = append(warnings, string(f.Code)+"@"+f.Where)
		}
	}
	return problems, warnings
}

// checkCodes checks p and compares its problems and warnings, as codes
// gives them, with the wanted ones, and the report's counts with them.
func checkCodes(t *testing.T, p vpcgate.Plan, opts vpcgate.Options, wantProblems, wantWarnings []string) vpcgate.Report {
	t.Helper()
	r := vpcgate.Check(p, opts)
	problems, warnings := codes(r)
	if diff := cmp.Diff(wantProblems, problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}
	if r.OK != (len(wantProblems) == 0) || r.Problems != len(problems) || r.Warnings != len(warnings) {
		t.Errorf("OK=%v problems=%d warnings=%d; want OK=%v", r.OK, r.Problems, r.Warnings, len(wantProblems) == 0)
	}
	return r
}

// findOne returns the one problem of r with code, and fails the test when
// there is not exactly one.
func findOne(t *testing.T, r vpcgate.Report, code vpcgate.Code) vpcgate.Finding {
	t.Helper()
	var found []vpcgate.Finding
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Code == code {
				found = append(found, f)
			}
		}
	}
	if len(found) != 1 {
		p, _ := codes(r)
		t.Fatalf("got %d %s findings, want 1; problems: %v", len(found), code, p)
	}
	return found[0]
}

// sectionOf returns the lines of r's sections whose subject starts with
// prefix: what passed, and each warning's and problem's code, where and
// what, for tests that read what a report says of one subject.
func sectionOf(r vpcgate.Report, prefix string) (passed, findings []string) {
	for _, s := range r.Sections {
		if strings.HasPrefix(s.Subject, prefix) {
			passed = append(passed, s.Passed...)
			for _, f := range append(s.Problems, s.Warnings...) {
				findings = append(findings, string(f.Code)+"@"+f.Where+": "+f.What)
			}
		}
	}
	return passed, findings
}

// checkJSON reads doc with ParsePlan, failing the test on an input error,
// and checks it.
func checkJSON(t *testing.T, doc string, opts vpcgate.Options) vpcgate.Report {
	t.Helper()
	p, err := vpcgate.ParsePlan([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return vpcgate.Check(p, opts)
}

// all returns every finding of r: problems, warnings, then waived.
func all(r vpcgate.Report) []vpcgate.Finding {
	var out []vpcgate.Finding
	for _, s := range r.Sections {
		out = append(out, s.Problems...)
		out = append(out, s.Warnings...)
		for _, w := range s.Waived {
			out = append(out, w.Finding)
		}
	}
	return out
}

// findCode returns the first finding of r with code, problems, warnings or
// waived, and fails the test when there is none.
func findCode(t *testing.T, r vpcgate.Report, code vpcgate.Code) vpcgate.Finding {
	t.Helper()
	for _, f := range all(r) {
		if f.Code == code {
			return f
		}
	}
	t.Fatalf("no finding %q", code)
	return vpcgate.Finding{}
}

// inputErrors returns "path@line:col" for each problem of a ParsePlan error.
func inputErrors(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, e := range field.Split(err) {
		var ie *vpcgate.InputError
		if !errors.As(e, &ie) {
			t.Fatalf("problem %v is not an *InputError", e)
		}
		if !errors.Is(e, vpcgate.ErrInvalidPlan) {
			t.Errorf("problem %v does not match ErrInvalidPlan", e)
		}
		out = append(out, string(ie.Path)+"@"+strconv.Itoa(ie.Line)+":"+strconv.Itoa(ie.Column))
	}
	return out
}

// manyProblems returns a plan with 2n problems: n host-bit blocks and n
// unknown fields.
func manyProblems(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"authorizations": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"addr": "10.0.0.1/8", "x": 1}`)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// notePaths returns "code@path" for each note of p, in order: what a test
// of a reader asserts of its notes, rather than their sentences.
func notePaths(p vpcgate.Plan) []string {
	out := make([]string, len(p.Notes))
	for i, n := range p.Notes {
		out[i] = string(n.Code) + "@" + string(n.Path)
	}
	return out
}

// withGroupDoc returns the "works" scenario's documents with the group's
// response (its fifth) replaced by group, and extra documents added.
func withGroupDoc(docs [][]byte, group string, extra ...string) [][]byte {
	out := slices.Clone(docs)
	out[4] = []byte(group)
	for _, e := range extra {
		out = append(out, []byte(e))
	}
	return out
}

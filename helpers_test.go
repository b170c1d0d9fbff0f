// This file holds the helpers that the root package's black-box tests
// share: plans to start from, the findings of a report as code@where, the
// readers of the fixtures of testdata (testdata/README.md), and the
// comparison with a golden file.

package vpcgate_test

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
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

// The fixtures of testdata, from the module root (testdata/README.md),
// besides the plans of testdata/plans.
const (
	// scenarios holds a directory of saved OpenAPI responses per case,
	// each with a file move of GROUP=INSTANCE lines.
	scenarios = "testdata/responses"
	// tfDir holds Terraform plans: flat *.json and <case>/plan.json
	// written by hand, real/<case>/plan.json made by Terraform.
	tfDir = "testdata/terraform"
	// waiversDir holds waiver files.
	waiversDir = "testdata/waivers"
)

// scenarioDirs returns the directories of scenarios, in name order: the
// goldens beside them are not scenarios.
func scenarioDirs(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(scenarios)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(scenarios, e.Name()))
		}
	}
	return dirs
}

// loadScenario reads a scenario directory: its *.json documents in name
// order and the GROUP=INSTANCE lines of its file move.
func loadScenario(t testing.TB, name string) ([][]byte, []vpcgate.Move) {
	t.Helper()
	dir := filepath.Join(scenarios, name)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("scenario %s: no documents (%v)", name, err)
	}
	slices.Sort(files)
	var docs [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	mv, err := os.ReadFile(filepath.Join(dir, "move"))
	if err != nil {
		t.Fatal(err)
	}
	var moves []vpcgate.Move
	for _, line := range strings.Split(strings.TrimSpace(string(mv)), "\n") {
		m, err := vpcgate.ParseMove(line)
		if err != nil {
			t.Fatalf("scenario %s: %v", name, err)
		}
		moves = append(moves, m)
	}
	return docs, moves
}

// namedFiles reads the files that pattern matches, in name order, each
// named by its base name.
func namedFiles(t testing.TB, pattern string) []vpcgate.NamedResponse {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no files (%v)", pattern, err)
	}
	slices.Sort(files)
	var docs []vpcgate.NamedResponse
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, vpcgate.NamedResponse{Name: filepath.Base(f), Body: b})
	}
	return docs
}

// tfFixtures returns the names readTF takes of every fixture: "clean" for
// clean.json, "aliased-region/plan" for aliased-region/plan.json,
// "real/clean-create/plan" for a plan Terraform made (real/HOW.md).
func tfFixtures(t testing.TB) []string {
	t.Helper()
	flat, err1 := filepath.Glob(filepath.Join(tfDir, "*.json"))
	dirs, err2 := filepath.Glob(filepath.Join(tfDir, "*", "plan.json"))
	made, err3 := filepath.Glob(filepath.Join(tfDir, "real", "*", "plan.json"))
	if err := errors.Join(err1, err2, err3); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range slices.Concat(flat, dirs, made) {
		rel, _ := filepath.Rel(tfDir, f)
		names = append(names, filepath.ToSlash(strings.TrimSuffix(rel, ".json")))
	}
	return names
}

// readPlan reads the hand plan testdata/plans/name.json.
func readPlan(t testing.TB, name string) vpcgate.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "plans", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := vpcgate.ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readTF reads fixture name (see tfFixtures).
func readTF(t testing.TB, name string) vpcgate.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(tfDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := vpcgate.ReadTerraformPlan(data)
	if err != nil {
		t.Fatalf("ReadTerraformPlan(%s): %v", name, err)
	}
	return p
}

// fixture is one input of testdata read as preflight reads it: a plan, a
// Terraform plan, or a directory of responses with the moves of its file
// move.
type fixture struct {
	// path is the file, or the directory of responses, from the module
	// root.
	path string
	// name is the report's Plan: path, or for responses what preflight
	// names them ("DIR (N responses), moves G=I").
	name string
	// plan is what the reader returned, when err is nil.
	plan vpcgate.Plan
	err  error
	// locate points the findings of the plan's report at the fixture's
	// files, lines and columns.
	locate func(*vpcgate.Report)
}

// report checks the fixture's plan with opts, named and located as
// preflight does, or, when it could not be read, returns the report on its
// input errors.
func (f fixture) report(opts vpcgate.Options) (vpcgate.Report, *vpcgate.InputReport) {
	if f.err != nil {
		in := vpcgate.NewInputReport(f.name, f.err)
		return vpcgate.Report{}, &in
	}
	r := vpcgate.Check(f.plan, opts)
	r.Plan = f.name
	f.locate(&r)
	return r, nil
}

// readFixtures reads every fixture of dir (testdata), in this order: the
// plans of plans/, the Terraform plans (flat, in a directory, made by
// Terraform), and the directories of responses.
func readFixtures(t testing.TB, dir string) []fixture {
	t.Helper()
	var out []fixture
	read := func(glob string, parse func([]byte) (vpcgate.Plan, error), locate func(*vpcgate.Report, string, []byte)) {
		files, err := filepath.Glob(filepath.Join(dir, glob))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parse(data)
			out = append(out, fixture{path: f, name: f, plan: p, err: err,
				locate: func(r *vpcgate.Report) { locate(r, f, data) }})
		}
	}
	read("plans/*.json", vpcgate.ParsePlan, (*vpcgate.Report).Locate)
	read("terraform/*.json", vpcgate.ReadTerraformPlan, (*vpcgate.Report).LocateTerraform)
	read("terraform/*/plan.json", vpcgate.ReadTerraformPlan, (*vpcgate.Report).LocateTerraform)
	read("terraform/real/*/plan.json", vpcgate.ReadTerraformPlan, (*vpcgate.Report).LocateTerraform)
	dirs, err := filepath.Glob(filepath.Join(dir, "responses", "*", "move"))
	if err != nil {
		t.Fatal(err)
	}
	for _, mv := range dirs {
		d := filepath.Dir(mv)
		_, moves := loadScenario(t, filepath.Base(d))
		docs := namedFiles(t, filepath.Join(d, "*.json"))
		f := fixture{path: d, name: fmt.Sprintf("%s (%d responses), moves %s", d, len(docs), strings.Trim(fmt.Sprint(moves), "[]")),
			locate: func(r *vpcgate.Report) { r.LocateResponses(d, docs...) }}
		var s vpcgate.Snapshot
		if s, f.err = vpcgate.ReadNamedResponses(docs...); f.err == nil {
			f.plan, f.err = s.Plan(moves...)
		}
		out = append(out, f)
	}
	return out
}

// fixturePlans returns the plans of every fixture of dir that reads
// without error, by its path within dir.
func fixturePlans(t *testing.T, dir string) map[string]vpcgate.Plan {
	t.Helper()
	out := map[string]vpcgate.Plan{}
	for _, f := range readFixtures(t, dir) {
		if f.err == nil {
			out[strings.TrimPrefix(f.path, dir+"/")] = f.plan
		}
	}
	return out
}

// fixtureFindings reads the responses of fixture directory dir, plans the
// move of g-shop to apigw-vpc-prod and checks it: its findings as
// "code@where".
func fixtureFindings(t *testing.T, dir string) []string {
	t.Helper()
	snap, err := vpcgate.ReadNamedResponses(namedFiles(t, filepath.Join(dir, "*.json"))...)
	if err != nil {
		t.Fatalf("ReadNamedResponses: %v", err)
	}
	p, err := snap.Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	var got []string
	for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
		for _, f := range append(append([]vpcgate.Finding{}, s.Problems...), s.Warnings...) {
			got = append(got, string(f.Code)+"@"+f.Where)
		}
	}
	return got
}

var update = flag.Bool("update", false, "rewrite the goldens beside the fixtures of testdata: go test -run TestGolden -update .")

// golden compares got with the file at path, or, with -update, writes it
// there.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestGolden -update . writes it)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (go test -run TestGolden -update . rewrites it)\n--- got\n%s", path, got)
	}
}

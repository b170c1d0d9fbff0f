package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata (the CLI's own; the inputs are the library's, in ../../testdata)")

// runOut runs the program and returns what a user sees.
func runOut(args []string, stdin string) string {
	var stdout, stderr bytes.Buffer
	code := exitCode(run(args, strings.NewReader(stdin), &stdout, &stderr), &stderr)
	return fmt.Sprintf("exit: %d\n--- stdout\n%s--- stderr\n%s", code, stdout.String(), stderr.String())
}

// TestGolden checks the embedded sample in text and JSON against its
// golden output. Run with -update to rewrite them. What preflight prints
// for each fixture of ../../testdata is the library's report, beside the
// fixture (TestPrintsTheLibrarysReport).
func TestGolden(t *testing.T) {
	cases := map[string][]string{"sample.golden": nil, "sample-json.golden": {"-json"}}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			golden(t, filepath.Join("testdata", name), runOut(args, ""))
		})
	}
}

// formatCases lists, for each fixture, the arguments that check it: every
// plan of testdata, every directory of responses (with the move its "move"
// file names), every flat Terraform plan and the real ones of backends
// called directly, and the sample with waivers.
func formatCases(t *testing.T) map[string][]string {
	t.Helper()
	cases := map[string][]string{}
	plans, _ := filepath.Glob("../../testdata/plans/*.json")
	for _, p := range plans {
		cases["plan-"+strings.TrimSuffix(filepath.Base(p), ".json")] = []string{p}
	}
	dirs, _ := filepath.Glob("../../testdata/responses/*")
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && !fi.IsDir() {
			continue // the library's goldens, beside the directories
		}
		move, err := os.ReadFile(filepath.Join(d, "move"))
		if err != nil {
			t.Fatal(err)
		}
		cases["responses-"+filepath.Base(d)] = []string{"-responses", d, "-move", strings.TrimSpace(string(move))}
	}
	tf, _ := filepath.Glob("../../testdata/terraform/*.json")
	for _, f := range tf {
		cases["terraform-"+strings.TrimSuffix(filepath.Base(f), ".json")] = []string{"-terraform", f}
	}
	// Plans Terraform made, of backends called directly.
	made, _ := filepath.Glob("../../testdata/terraform/real/direct-*/plan.json")
	for _, f := range made {
		cases["terraform-real-"+filepath.Base(filepath.Dir(f))] = []string{"-terraform", f}
	}
	cases["waivers-sample"] = []string{"-waivers", "../../testdata/waivers/sample.json", "sample.json"}
	cases["waivers-malformed"] = []string{"-waivers", "../../testdata/waivers/malformed.json", "sample.json"}
	return cases
}

// TestFormats checks the output of every format for every fixture against
// testdata/formats/<fixture>.golden, which holds them one after another.
// Run with -update to rewrite them.
func TestFormats(t *testing.T) {
	for name, args := range formatCases(t) {
		t.Run(name, func(t *testing.T) {
			var got strings.Builder
			for _, f := range []string{"text", "json", "sarif", "github", "junit"} {
				if f == "text" && strings.HasPrefix(name, "plan-") {
					continue // the library's ../../testdata/plans/<plan>.golden has it (TestPrintsTheLibrarysReport)
				}
				a := append([]string{"-format", f}, args...)
				out := runOut(a, "")
				if f == "sarif" && name != "waivers-sample" {
					out = elideRules(out)
				}
				fmt.Fprintf(&got, "=== preflight %s\n%s", strings.Join(a, " "), out)
			}
			golden(t, filepath.Join("testdata", "formats", name+".golden"), got.String())
		})
	}
}

// golden compares got with the golden file at path, or, with -update,
// writes it there.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s", path, got)
	}
}

// elideRules replaces the rules of a SARIF log's driver, the same in every
// log (waivers-sample.golden holds them), by their number, so that the
// goldens show what differs.
func elideRules(out string) string {
	start := strings.Index(out, `"rules":[`)
	end := strings.Index(out, `]}},"columnKind"`)
	if start < 0 || end < start {
		return out
	}
	n := strings.Count(out[start:end], `{"id":`)
	return out[:start] + fmt.Sprintf(`"rules":[ … %d rules … ]}},"columnKind"`, n) + out[end+len(`]}},"columnKind"`):]
}

// TestExitStatus pins the exit status of each kind of input, and that
// every failing plan names the exact field of its problems.
func TestExitStatus(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		stdin string
		code  string
		says  []string
	}{
		{nil, "", "exit: 0", []string{"checking the embedded sample plan", "summary: 0 problem(s)"}},
		{[]string{"-"}, `{"instance":{}}`, "exit: 1", []string{"plan: standard input", "instance.name", "instance.zones"}},
		{[]string{"../../testdata/plans/spec-problems.json"}, "", "exit: 1", []string{"instance.cidr", "instance.zones[0].vSwitchCidr", "instance.zones[1].zoneId", "instance.zones[1].securityGroupId", "use 172.16.0.0/24 instead"}},
		{[]string{"../../testdata/plans/authz-problems.json"}, "", "exit: 1", []string{"authorizations[1].instanceId", "instance cannot connect to the backend 10.0.7.5", "authorizations[3].instanceId"}},
		{[]string{"../../testdata/plans/accessible-outside.json"}, "", "exit: 1", []string{"accessible[1]", "accessible[2]"}},
		{[]string{"../../testdata/plans/group-problems.json"}, "", "exit: 1", []string{"groups[0].apis[1].vpcAccess", `no authorization named "payments"`, "groups[0].plugins[0].vpcAccess[0]", "[dataworks]"}},
		{[]string{"../../testdata/plans/multi-instance.json"}, "", "exit: 1", []string{`would take the group: "apigw-data"`, "authorizations[1].vpcId"}},
		{[]string{"../../testdata/plans/control-chars.json"}, "", "exit: 1", []string{`g-1\n\nsummary: 0 problem(s)`, `\x1b[8m`, `far\u202e`}},
		{[]string{"../../testdata/plans/malformed.json"}, "", "exit: 2", []string{"../../testdata/plans/malformed.json: instance (line 5, column 3)"}},
		{[]string{"../../testdata/plans/unknown-field.json"}, "", "exit: 2", []string{"instance.zones[0].vSwitchCIDR (line 4, column 65): unknown field", "groups[0].api (line 7, column 140): unknown field"}},
		{[]string{"../../testdata/plans/bad-values.json"}, "", "exit: 2", []string{"instance.zones[0].vSwitchCidr", "10.0.1.0/24", "vpc.cidrs[1]", "authorizations[0].addr", "groups[0].instance.kind"}},
		{[]string{"../../testdata/plans/wrong-type.json"}, "", "exit: 2", []string{"authorizations[0].port (line 4"}},
		{[]string{"../../testdata/plans/duplicate-keys.json"}, "", "exit: 2", []string{"instance.name (line 1, column 61): key given twice"}},
		{[]string{"../../testdata/plans/escaped-duplicate.json"}, "", "exit: 2", []string{"authorizations[0].addr (line 1, column 55): key given twice"}},
		{[]string{"../../testdata/plans/invalid-utf8.json"}, "", "exit: 2", []string{"comment (line 1, column 18): invalid UTF-8"}},
		{[]string{"../../testdata/plans/bom.json"}, "", "exit: 2", []string{"byte order mark (BOM)"}},
		{[]string{"../../testdata/plans/null-plan.json"}, "", "exit: 2", []string{"want an object, got null"}},
		{[]string{"../../testdata/plans/null-plan.json", "-json"}, "", "exit: 2", []string{`"inputErrors":[{"where":"","line":1,"column":1,"what":"want an object, got null"}]`}},
		{[]string{"../../testdata/plans/authz-problems.json", "-json"}, "", "exit: 1", []string{`"version": 1`, `"code": "unreachable"`}},
		{[]string{"-strict"}, "", "exit: 1", []string{"summary: 1 problem(s)"}},
		{[]string{"../../testdata/plans/no-such-file.json"}, "", "exit: 2", []string{"no-such-file.json"}},
		{[]string{"-json", "../../testdata/plans/no-such-file.json"}, "", "exit: 2", []string{`"inputErrors":[{"where":"../../testdata/plans/no-such-file.json"`}},
		{[]string{"a.json", "b.json"}, "", "exit: 2", []string{"want one plan"}},
		{[]string{"-responses", "../../testdata/responses/works", "-move", "g-shop=apigw-vpc-prod"}, "", "exit: 0", []string{"summary: 0 problem(s)", "summary: 0 problem(s), 1 warning(s)"}},
		{[]string{"-responses", "../../testdata/responses/unreachable", "-move", "g-shop=apigw-vpc-prod"}, "", "exit: 1", []string{"[unreachable]", "instance cannot connect to the backend"}},
		{[]string{"-responses", "../../testdata/responses/conflict", "-move", "g-shop=apigw-vpc-prod", "-json"}, "", "exit: 2", []string{`"inputErrors"`}},
		{[]string{"-responses", "../../testdata/responses/works"}, "", "exit: 2", []string{"needs at least one -move"}},
		{[]string{"-move", "g=i"}, "", "exit: 2", []string{"-move needs -responses"}},
		{[]string{"-responses", "../../testdata/responses/works", "-move", "g-shop"}, "", "exit: 2", []string{"-move"}},
		{[]string{"-terraform", "../../testdata/terraform/reserved-conflict.json"}, "", "exit: 1", []string{"alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block  [reserved-conflict]"}},
		{[]string{"-terraform", "-"}, "{}", "exit: 2", []string{"standard input"}},
		{[]string{"-terraform", "../../testdata/terraform/clean.json", "plan.json"}, "", "exit: 2", []string{"want one plan"}},
		{[]string{"-bogus"}, "", "exit: 2", []string{"flag provided but not defined"}},
		{[]string{"-h"}, "", "exit: 0", []string{"usage: preflight", "Exit status"}},
		{[]string{"-"}, "", "exit: 2", []string{"standard input"}},
		{[]string{"-responses", "../../testdata/responses/works", "-move", "g-shop=apigw-vpc-prod"}, "", "exit: 0", []string{"--- stderr\npreflight: skipped in ../../testdata/responses/works: move (not .json)\n"}},
		{[]string{"-responses", "../../testdata/responses/no-such-dir", "-move", "g-shop=apigw-vpc-prod"}, "", "exit: 2", []string{"-responses ../../testdata/responses/no-such-dir: no such directory"}},
		{[]string{"-json", "-responses", "../../testdata/responses/no-such-dir", "-move", "g-shop=apigw-vpc-prod"}, "", "exit: 2", []string{`"what":"-responses ../../testdata/responses/no-such-dir: no such directory"`}},
		{[]string{"-responses", "testdata/sample-json.golden", "-move", "g-shop=apigw-vpc-prod"}, "", "exit: 2", []string{"-responses testdata/sample-json.golden: ", "not a directory"}},
		{[]string{"../../testdata/terraform/clean.json"}, "", "exit: 2", []string{"../../testdata/terraform/clean.json is a Terraform plan", "add -terraform, as in: preflight -terraform ../../testdata/terraform/clean.json"}},
		{[]string{"-json", "../../testdata/terraform/clean.json"}, "", "exit: 2", []string{`"where":"../../testdata/terraform/clean.json"`, "add -terraform"}},
		{[]string{"-"}, `{"format_version": "1.2", "terraform_version": "1.11.0"}`, "exit: 2", []string{"standard input is a Terraform plan", "preflight -terraform -"}},
		// Gates, formats, waivers, languages and the rule list.
		{[]string{"-fail-on", "warning"}, "", "exit: 1", []string{"summary: 0 problem(s), 2 warning(s)"}},
		// -fail-on unverified is -strict: the report says so too (it
		// said "0 problem(s)", "ok": true, and failed).
		{[]string{"-fail-on", "unverified"}, "", "exit: 1", []string{"summary: 1 problem(s), 2 warning(s)"}},
		{[]string{"-fail-on", "unverified", "-json"}, "", "exit: 1", []string{`"ok": false`, `"problems": 1`}},
		{[]string{"-fail-on", "none", "../../testdata/plans/spec-problems.json"}, "", "exit: 0", []string{"summary: 6 problem(s)"}},
		{[]string{"-fail-on", "none", "-strict"}, "", "exit: 0", []string{"summary: 1 problem(s)"}},
		{[]string{"-fail-on", "fatal"}, "", "exit: 2", []string{`-fail-on: gate "fatal": want one of error, warning, unverified, none`}},
		{[]string{"-format", "xml"}, "", "exit: 2", []string{`-format: format "xml"`}},
		{[]string{"-format", "sarif", "-json"}, "", "exit: 2", []string{"-json is -format json"}},
		{[]string{"-lang", "fr"}, "", "exit: 2", []string{`-lang: language "fr"`}},
		{[]string{"-waivers", "../../testdata/waivers/sample.json", "-fail-on", "warning"}, "", "exit: 1", []string{"1 problem(s), 1 warning(s), 2 waived", "[expired-waiver]"}},
		{[]string{"-waivers", "../../testdata/waivers/malformed.json"}, "", "exit: 2", []string{"malformed.json: waivers[0].expires (line 2, column 55)", "waivers[2].team (line 4, column 54): unknown field"}},
		{[]string{"-waivers", "../../testdata/waivers/malformed.json", "-format", "json"}, "", "exit: 2", []string{`"plan":"../../testdata/waivers/malformed.json"`, `"where":"waivers[1].code","line":3,"column":12`}},
		{[]string{"-waivers", "../../testdata/plans/no-such-waivers.json"}, "", "exit: 2", []string{"no-such-waivers.json"}},
		{[]string{"-quiet", "../../testdata/plans/authz-problems.json"}, "", "exit: 1", []string{"[unreachable]"}},
		{[]string{"-lang", "zh", "../../testdata/plans/authz-problems.json"}, "", "exit: 1", []string{"计划：", "失败  authorizations[1].instanceId", "instance cannot connect to the backend 10.0.7.5", "汇总："}},
		{[]string{"-format", "github", "../../testdata/plans/authz-problems.json"}, "", "exit: 1", []string{"::error file=../../testdata/plans/authz-problems.json,line="}},
		{[]string{"-format", "sarif", "../../testdata/plans/malformed.json"}, "", "exit: 2", []string{`"executionSuccessful":false`}},
		{[]string{"-rules"}, "", "exit: 0", []string{"CODE", "unreachable", "Backend unreachable", "expired-waiver"}},
		{[]string{"-rules", "-lang", "zh"}, "", "exit: 0", []string{"代码", "后端服务不可达"}},
		{[]string{"-rules", "-format", "json"}, "", "exit: 0", []string{`"code": "unreachable"`, `"severity": "error"`, `"title": "Backend unreachable"`}},
		{[]string{"-rules", "-format", "sarif"}, "", "exit: 2", []string{"text or json"}},
		{[]string{"-version"}, "", "exit: 0", []string{"preflight "}},
	} {
		got := runOut(tc.args, tc.stdin)
		if !strings.HasPrefix(got, tc.code+"\n") {
			t.Errorf("preflight %v: %s, want %s\n%s", tc.args, strings.SplitN(got, "\n", 2)[0], tc.code, got)
		}
		for _, s := range tc.says {
			if !strings.Contains(got, s) {
				t.Errorf("preflight %v does not say %q:\n%s", tc.args, s, got)
			}
		}
	}
}

// The default run: the embedded sample plan has no problems; one
// authorization's address is unknown, so it is not all clear.
func Example() {
	_ = exitCode(run(nil, strings.NewReader(""), os.Stdout, os.Stdout), os.Stdout)
	// Output:
	// preflight: checking the embedded sample plan (pass a plan file, or - for standard input, to check yours; -h for help)
	// plan: embedded sample plan
	//
	// == instance "gw-prod" (cn-hangzhou), VPC "vpc-bp1sample", CIDR block 192.168.0.0/16
	//    ok    spec valid: 2 zone(s) in cn-hangzhou; every vSwitch block is clear of its zone's reserved blocks and of 192.168.0.0/16
	//
	// == accessible CIDR blocks of VPC "vpc-bp1sample"
	//    ok    by default: the vSwitch blocks [10.10.1.0/24 10.10.2.0/24]
	//    ok    10.10.8.0/22: within the VPC or a connected network
	//    ok    10.200.4.0/24: within the VPC or a connected network
	//
	// == VPC access authorizations against instance "apigw-vpc-prod"
	//    ok    "orders" → 10.10.1.20 port 8080: in VPC "vpc-bp1sample", reachable
	//    ok    "inventory" → 10.10.9.5 port 80: in VPC "vpc-bp1sample", reachable
	//    ok    "billing" → 10.200.4.10 port 443: in VPC "vpc-bp1sample", reachable
	//    WARN  authorizations[3].instanceId  [unverified]
	//          what: authorization "search" names "i-bp1search" and no IP address, so its reachability was not checked: backend address unknown
	//          why:  without the backend's private IP address, reachability and outbound rules cannot be checked
	//          fix:  set the authorization's addr (or give the ECS or SLB response that holds it)
	//
	// == group "shop" (g-shop): move from serverless instance "apigateway-cn-hangzhou" to "apigw-vpc-prod"
	//    ok    6 authorization reference(s) of 5 API(s) and 1 plug-in(s) checked: the move would succeed, as far as the plan says (authorization(s) "search" unverified)
	//    WARN  groups[0]  [egress-change]
	//          what: after the move, backends see requests from private addresses of instance "apigw-vpc-prod" in its vSwitch blocks 10.10.1.0/24, 10.10.2.0/24 instead of instance "apigateway-cn-hangzhou"'s egress addresses in 100.0.0.0/8; add the new source to every backend allow-list before you move the group
	//          why:  after migration, the egress IP address changes to that of the target instance
	//          fix:  add the new egress addresses to backend allow-lists before the move
	//
	// summary: 0 problem(s), 2 warning(s): no problems, 1 unverified: not all clear, what is unverified was not checked.
}

// TestWhereResolves: every finding's where in every fixture's report is a
// JSON path to a value of the plan.
func TestWhereResolves(t *testing.T) {
	plans, _ := filepath.Glob("../../testdata/plans/*.json")
	for _, path := range append(plans, "sample.json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := vpcgate.ParsePlan(data)
		if err != nil {
			continue // input errors name their path and line; see TestExitStatus
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
			for _, f := range append(s.Problems, s.Warnings...) {
				where := f.Where
				if f.Code == "required" {
					where = where[:max(strings.LastIndexAny(where, ".["), 0)] // a missing field: its object
				}
				if !resolves(doc, where) {
					t.Errorf("%s: where %q (%s) names no value of the plan", path, f.Where, f.Code)
				}
			}
		}
	}
}

// resolves reports whether the JSON path names a value in doc.
func resolves(doc any, path string) bool {
	for _, part := range regexp.MustCompile(`[^.\[\]]+|\[\d+\]`).FindAllString(path, -1) {
		if strings.HasPrefix(part, "[") {
			arr, ok := doc.([]any)
			i, err := strconv.Atoi(part[1 : len(part)-1])
			if !ok || err != nil || i >= len(arr) {
				return false
			}
			doc = arr[i]
			continue
		}
		obj, ok := doc.(map[string]any)
		if !ok {
			return false
		}
		if doc, ok = obj[part]; !ok {
			return false
		}
	}
	return path != ""
}

// TestInputErrorsAreTheLibrarys: for a plan that cannot be read, preflight
// prints what vpcgate.NewInputReport gives for the library's error, as JSON
// byte for byte, and as text line for line after its "preflight: " prefix,
// so that a service using the library answers as the command line does.
func TestInputErrorsAreTheLibrarys(t *testing.T) {
	plans, _ := filepath.Glob("../../testdata/plans/*.json")
	type input struct {
		name string
		args []string
		err  error
		// what preflight says of its own before the library's report: the
		// files of a responses directory it skips
		before string
	}
	var inputs []input
	for _, path := range plans {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := vpcgate.ParsePlan(data); err != nil {
			inputs = append(inputs, input{path, []string{path}, err, ""})
		}
	}
	files, _ := filepath.Glob("../../testdata/responses/conflict/*.json")
	var docs []vpcgate.NamedResponse
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, vpcgate.NamedResponse{Name: filepath.Base(f), Body: b})
	}
	_, err := vpcgate.ReadNamedResponses(docs...)
	inputs = append(inputs, input{fmt.Sprintf("../../testdata/responses/conflict (%d responses), moves g-shop=apigw-vpc-prod", len(files)),
		[]string{"-responses", "../../testdata/responses/conflict", "-move", "g-shop=apigw-vpc-prod"}, err,
		"preflight: skipped in ../../testdata/responses/conflict: move (not .json)\n"})
	if len(inputs) < 8 || err == nil {
		t.Fatalf("got %d unreadable inputs (responses: %v), want the fixtures' 8 or more", len(inputs), err)
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			r := vpcgate.NewInputReport(in.name, in.err)
			var wantJSON, wantText bytes.Buffer
			if err := json.NewEncoder(&wantJSON).Encode(r); err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			if err := r.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			for line := range strings.Lines(text.String()) {
				wantText.WriteString("preflight: " + line)
			}
			for _, asJSON := range []bool{true, false} {
				args, want := in.args, "exit: 2\n--- stdout\n--- stderr\n"+in.before+wantText.String()
				if asJSON {
					args, want = append([]string{"-json"}, args...), "exit: 2\n--- stdout\n"+wantJSON.String()+"--- stderr\n"+in.before
				}
				if got := runOut(args, ""); got != want {
					t.Errorf("preflight %s:\n got %s\nwant %s", strings.Join(args, " "), got, want)
				}
			}
		})
	}
}

// TestResponsesDirectory: -responses reads the *.json files of the
// directory by name, each named by its file name for the library, and
// lists what it skips.
func TestResponsesDirectory(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"b.json": `{"b": 1}`, "a.json": `{"a": 1}`, "notes.txt": "x", "c.JSON": "{}"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "old.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	docs, err := readResponses(dir, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.Name+" "+string(d.Body))
	}
	if want := []string{`a.json {"a": 1}`, `b.json {"b": 1}`}; !slices.Equal(got, want) {
		t.Errorf("documents %q, want %q", got, want)
	}
	if want := "preflight: skipped in " + dir + ": c.JSON (not .json), notes.txt (not .json), old.json/ (a directory)\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	empty := t.TempDir()
	if _, err := readResponses(empty, io.Discard); err == nil || !strings.Contains(err.Error(), "no *.json responses") {
		t.Errorf("an empty directory: %v", err)
	}
}

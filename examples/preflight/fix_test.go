package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
)

// TestFixGolden checks the remedies of every fixture that has any, in the
// three forms of -fix, against testdata/fix/<fixture>.golden. Run with
// -update to rewrite them.
func TestFixGolden(t *testing.T) {
	written := 0
	for name, args := range formatCases(t) {
		if strings.HasPrefix(name, "waivers-") {
			continue
		}
		cli := runOut(append([]string{"-fix", "cli"}, args...), "")
		if !strings.Contains(cli, "\naliyun ") && !strings.Contains(cli, "\n# not written") && !strings.Contains(cli, "is to be created") {
			continue // no remedy
		}
		written++
		t.Run(name, func(t *testing.T) {
			var got strings.Builder
			for _, form := range []string{"plan", "terraform", "cli"} {
				a := append([]string{"-fix", form, "-quiet"}, args...)
				fmt.Fprintf(&got, "=== preflight %s\n%s", strings.Join(a, " "), runOut(a, ""))
			}
			golden(t, filepath.Join("testdata", "fix", name+".golden"), got.String())
		})
	}
	if written < 8 {
		t.Errorf("%d fixtures have remedies, want 8 or more", written)
	}
}

// TestFixStreams: with -fix, standard output holds the remedies alone (so
// that "preflight -fix plan p.json > fixed.json" works) and the report,
// and any input error, go to standard error; the exit status is the
// report's; the fixed plan checks clean of every remedied finding.
func TestFixStreams(t *testing.T) {
	run1 := func(args ...string) (code int, stdout, stderr string) {
		var out, errb bytes.Buffer
		code = exitCode(run(args, strings.NewReader(""), &out, &errb), &errb)
		return code, out.String(), errb.String()
	}
	code, out, errs := run1("-fix", "plan", "../../testdata/plans/authz-problems.json")
	if code != 1 || !strings.HasPrefix(out, "{\n") || !strings.Contains(errs, "summary: ") || strings.Contains(out, "summary") {
		t.Fatalf("-fix plan: exit %d, stdout %.60q, stderr %.60q", code, out, errs)
	}
	fixed, err := vpcgate.ParsePlan([]byte(out))
	if err != nil {
		t.Fatalf("the fixed plan does not read: %v", err)
	}
	before, _ := vpcgate.ParsePlan(must(os.ReadFile("../../testdata/plans/authz-problems.json")))
	r := vpcgate.Check(before, vpcgate.Options{})
	after := vpcgate.Check(fixed, vpcgate.Options{})
	remedied := 0
	for _, f := range r.Remedies() {
		if f.Remedy.Applicable() {
			remedied++
			for _, s := range after.Sections {
				for _, g := range append(s.Problems, s.Warnings...) {
					if g.Code == f.Code && g.Where == f.Where {
						t.Errorf("%s at %s is still reported after the fix", f.Code, f.Where)
					}
				}
			}
		}
	}
	if remedied == 0 || after.Problems != r.Problems-remedied {
		t.Errorf("%d problems before, %d remedied, %d after", r.Problems, remedied, after.Problems)
	}
	for _, tc := range []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"-fix", "cli", "-terraform", "../../testdata/terraform/egress-denied.json"}, 1, "aliyun ecs AuthorizeSecurityGroupEgress --RegionId cn-hangzhou", "[egress-denied]"},
		{[]string{"-fix", "terraform", "-terraform", "../../testdata/terraform/egress-denied.json"}, 1, "security_group_id = alicloud_security_group.sg.id", "summary: 1 problem(s)"},
		{[]string{"-fix", "plan", "-format", "json", "../../testdata/plans/authz-problems.json"}, 1, `"authorizations": [`, `"remedy": {`},
		{[]string{"-fix", "plan"}, 0, `"instance": {`, "checking the embedded sample plan"},
		{[]string{"-fix", "plan", "../../testdata/plans/malformed.json"}, 2, "", "../../testdata/plans/malformed.json: instance (line 5, column 3)"},
		{[]string{"-fix", "plan", "-format", "json", "../../testdata/plans/malformed.json"}, 2, "", `"inputErrors"`},
		{[]string{"-fix", "yaml", "../../testdata/plans/authz-problems.json"}, 2, "", `-fix: fix form "yaml": want one of plan, terraform, cli`},
	} {
		code, out, errs := run1(tc.args...)
		if code != tc.code || tc.out == "" && out != "" || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
			t.Errorf("preflight %v: exit %d (want %d)\n--- stdout (want %q)\n%s--- stderr (want %q)\n%s", tc.args, code, tc.code, tc.out, out, tc.err, errs)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestFixREADME: the README shows -fix, and the CLI calls it shows are
// what preflight prints for that fixture.
func TestFixREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ := func() (int, string, string) {
		var o, e bytes.Buffer
		return exitCode(run([]string{"-fix", "cli", "../../testdata/plans/authz-problems.json"}, strings.NewReader(""), &o, &e), &e), o.String(), e.String()
	}()
	_, calls, _ := strings.Cut(out, "\n") // without the header line
	for _, want := range []string{"preflight -fix plan plan.json > fixed.json", "```sh\n" + calls + "```\n"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md does not show:\n%s", want)
		}
	}
}

package vpcgate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/internal/fixwrite/fixsyntax"
	"github.com/vpcgate/vpcgate/migrate"
)

// hostileIDs are instance IDs that a shell or HCL would read as code if
// they were not quoted.
var hostileIDs = []string{
	`apigw-'prod'`,
	`apigw prod`,
	`apigw-$(touch /tmp/pwned)`,
	"apigw-`id`",
	`apigw-"x"-${var.y}-%{if}`,
	`apigw\n-\`,
	"apigw-\nrm -rf /",
	"apigw-\u202e",
	"",
}

// hostilePlan returns a plan whose instance, of ID id, has an unreachable
// backend called directly and one denied by its security group, so that
// its remedies name the instance in every form.
func hostilePlan(id string) vpcgate.Plan {
	p := basePlan()
	p.Instance.ID = id
	p.Accessible = nil
	p.SecurityGroups = []authz.SecurityGroup{{ID: "sg-1", Type: authz.GroupEnterprise}}
	p.Authorizations = nil
	p.Groups[0].Plugins = nil
	p.Groups[0].APIs = []migrate.API{{ID: "api-1", Name: "x", ServiceAddress: authz.Endpoint{Scheme: "http", Addr: netip.MustParseAddr("10.0.7.5"), Port: 8080}}}
	return p
}

// TestWriteFixHostileIDs: an instance ID with quotes, spaces, command
// substitutions, template sequences, control characters or nothing at
// all is one shell word (or, with a control character, a comment) in the
// CLI form, one HCL string in the Terraform form, and the plan form reads
// back.
func TestWriteFixHostileIDs(t *testing.T) {
	for _, id := range hostileIDs {
		t.Run(fmt.Sprintf("%q", id), func(t *testing.T) {
			r := vpcgate.Check(hostilePlan(id), vpcgate.Options{})
			var cli, tf, plan bytes.Buffer
			for f, b := range map[vpcgate.FixFormat]*bytes.Buffer{vpcgate.FixCLI: &cli, vpcgate.FixTerraform: &tf, vpcgate.FixPlan: &plan} {
				if err := r.WriteFix(b, f); err != nil {
					t.Fatalf("WriteFix(%s): %v", f, err)
				}
			}
			want := id
			if id == "" {
				want = "planned-instance" // what Check calls an instance without an ID
			}
			calls := 0
			for _, line := range strings.Split(strings.TrimSuffix(cli.String(), "\n"), "\n") {
				if line == "" || strings.HasPrefix(line, "# ") {
					continue
				}
				words, err := fixsyntax.ShellWords(line)
				if err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				calls++
				for i, w := range words {
					if w == "--InstanceId" && (i+1 >= len(words) || words[i+1] != want) {
						t.Errorf("%q: --InstanceId reads back as %q, want %q", line, words[i+1:], want)
					}
				}
			}
			wantCalls := 2 // the rule, and the accessible block
			if strings.ContainsAny(id, "\n\u202e") {
				wantCalls = 1 // the instance's call is a comment
				if !strings.Contains(cli.String(), "# not written: the value of --InstanceId holds a control character") {
					t.Errorf("no comment for the call that cannot be written:\n%s", cli.String())
				}
			}
			if calls != wantCalls {
				t.Errorf("%d calls, want %d:\n%s", calls, wantCalls, cli.String())
			}
			if err := fixsyntax.HCL(tf.String()); err != nil {
				t.Errorf("Terraform form: %v\n%s", err, tf.String())
			}
			back, err := vpcgate.ParsePlan(plan.Bytes())
			if err != nil || back.Instance == nil || back.Instance.ID != id {
				t.Errorf("the plan form reads back as %+v, %v", back.Instance, err)
			}
		})
	}
}

// TestWriteFixTerraformSyntax: the Terraform form of every fixture's and
// of seeded random plans' remedies is HCL, as fixsyntax.HCL reads it.
func TestWriteFixTerraformSyntax(t *testing.T) {
	plans := fixturePlans(t, "testdata")
	for seed := range uint64(100) {
		plans[fmt.Sprintf("random %d", seed)] = randomFixPlan(rand.New(rand.NewPCG(seed, 7)))
	}
	resources := 0
	for name, p := range plans {
		var b bytes.Buffer
		if err := vpcgate.Check(p, vpcgate.Options{}).WriteFix(&b, vpcgate.FixTerraform); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := fixsyntax.HCL(b.String()); err != nil {
			t.Errorf("%s: %v\n%s", name, err, b.String())
		}
		resources += strings.Count(b.String(), "\nresource ")
	}
	if resources < 100 {
		t.Errorf("%d resources written in all, want 100 or more", resources)
	}
}

// TestWriteFixErrors: a report that Check did not make holds no plan, and
// an unknown form writes nothing.
func TestWriteFixErrors(t *testing.T) {
	var b bytes.Buffer
	if err := (vpcgate.Report{}).WriteFix(&b, vpcgate.FixPlan); err == nil {
		t.Error("WriteFix of a report without a plan: no error")
	}
	if _, err := (vpcgate.Report{}).FixedPlan(); err == nil {
		t.Error("FixedPlan of a report without a plan: no error")
	}
	r := vpcgate.Check(basePlan(), vpcgate.Options{})
	if err := r.WriteFix(&b, "yaml"); err == nil || b.Len() != 0 {
		t.Errorf("WriteFix(yaml): %v, wrote %q", err, b.String())
	}
	if _, err := vpcgate.ParseFixFormat("yaml"); err == nil {
		t.Error("ParseFixFormat(yaml): no error")
	}
}

// FuzzWriteFix: for any plan ParsePlan reads, the remedies' forms are
// written without error, the Terraform form is HCL, every line of the CLI
// form is a comment or one aliyun call of plain and single-quoted words,
// and the fixed plan clears what it remedies and adds no problem.
func FuzzWriteFix(f *testing.F) {
	for seed := range uint64(8) {
		data, _ := json.Marshal(randomFixPlan(rand.New(rand.NewPCG(seed, 9))))
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := vpcgate.ParsePlan(data)
		if err != nil {
			return
		}
		r := vpcgate.Check(p, vpcgate.Options{})
		var tf, cli bytes.Buffer
		if err := r.WriteFix(&tf, vpcgate.FixTerraform); err != nil {
			t.Fatal(err)
		}
		if err := fixsyntax.HCL(tf.String()); err != nil {
			t.Fatalf("Terraform form: %v\n%s", err, tf.String())
		}
		if err := r.WriteFix(&cli, vpcgate.FixCLI); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(cli.String(), "\n"), "\n") {
			if line == "" || strings.HasPrefix(line, "# ") {
				continue
			}
			if words, err := fixsyntax.ShellWords(line); err != nil || len(words) < 3 || words[0] != "aliyun" {
				t.Fatalf("CLI line %q: %q, %v", line, words, err)
			}
		}
		if why := fixProblem(p, vpcgate.Options{}); why != "" {
			t.Fatal(why)
		}
	})
}

// TestFixCLIStandIns: a CLI call that would name a resource by the ID the
// Terraform reader puts in the place of one known only after apply (the
// security group's "alicloud-security-group-sg-0", the instance's address)
// is written as a comment saying so, never as a call to run (it was a call
// with a made-up ID); a hand plan's IDs are the cloud's, and its calls
// stay calls.
func TestFixCLIStandIns(t *testing.T) {
	for _, tt := range []struct {
		fixture, standIn string
	}{
		{"egress-denied", "alicloud-security-group-sg-0"},
		{"unreachable", "alicloud_api_gateway_instance.gw"},
	} {
		var b strings.Builder
		if err := vpcgate.Check(readTF(t, tt.fixture), vpcgate.Options{}).WriteFix(&b, vpcgate.FixCLI); err != nil {
			t.Fatal(err)
		}
		named := 0
		for _, line := range strings.Split(b.String(), "\n") {
			if strings.Contains(line, "--") && strings.Contains(line, tt.standIn) {
				named++
				if !strings.HasPrefix(line, "# aliyun ") {
					t.Errorf("%s: a call to run names %s: %s", tt.fixture, tt.standIn, line)
				}
			}
		}
		if named == 0 || !strings.Contains(b.String(), "is known only after apply") {
			t.Errorf("%s: no call names %s, or none says why it is not run:\n%s", tt.fixture, tt.standIn, b.String())
		}
	}
	p := basePlan()
	p.Authorizations[0].InstanceID = "10.0.20.5" // outside the accessible blocks
	var b strings.Builder
	if err := vpcgate.Check(p, vpcgate.Options{}).WriteFix(&b, vpcgate.FixCLI); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\naliyun cloudapi ModifyInstanceAttribute") || strings.Contains(b.String(), "known only after apply") {
		t.Errorf("a hand plan's call is not a call:\n%s", b.String())
	}
}

package terraform_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/terraform"
)

func seeds(f *testing.F) {
	files, _ := filepath.Glob("../../examples/preflight/testdata/terraform/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{``, `null`, `{}`, `{"format_version":"1.2","planned_values":{"root_module":{}}}`, `{"a":1,"a":2}`, `[[[`, `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"x","index":true}]}}}`} {
		f.Add([]byte(s))
	}
}

// FuzzReadTerraformPlan: ReadTerraformPlan never panics; it returns a plan
// or errors that each name a JSON path and match ErrInvalidPlan;
// a plan it returns holds only canonical prefixes, IDs for its instances,
// and the same on a second read.
func FuzzReadTerraformPlan(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := string(data)
		p, err := vpcgate.ReadTerraformPlan(data)
		if string(data) != orig {
			t.Fatal("the input changed")
		}
		if err != nil {
			if !errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Fatalf("error %v does not match ErrInvalidPlan", err)
			}
			for _, e := range field.Split(err) {
				if _, ok := field.PathOf(e); !ok {
					t.Fatalf("problem %v has no path", e)
				}
			}
			if !cmp.Equal(p, vpcgate.Plan{}, cmpopts.EquateEmpty()) {
				t.Fatalf("a plan with an error: %+v", p)
			}
			return
		}
		bad := func(q netip.Prefix) bool {
			return q.IsValid() && (q != q.Masked() || q.Addr().Is4In6() || q.Addr().Zone() != "")
		}
		for _, in := range p.Instances {
			if in.ID == "" || bad(in.CIDR) {
				t.Fatalf("instance %+v", in)
			}
			for _, z := range in.Zones {
				if bad(z.VSwitchCIDR) {
					t.Fatalf("zone %+v", z)
				}
			}
			for _, a := range in.Accessible {
				if bad(a) {
					t.Fatalf("accessible %v", a)
				}
			}
		}
		for _, v := range p.VPCs {
			for _, c := range v.CIDRs {
				if bad(c) {
					t.Fatalf("VPC %+v", v)
				}
			}
		}
		for _, sg := range p.SecurityGroups {
			for _, r := range sg.Rules {
				if bad(r.DestCIDR) || bad(r.IPv6DestCIDR) {
					t.Fatalf("rule %+v", r)
				}
			}
		}
		for _, n := range p.Notes {
			if n.Code != "unverified" && n.Code != "force-new" || n.Where == "" {
				t.Fatalf("note %+v", n)
			}
		}
		again, err := vpcgate.ReadTerraformPlan(data)
		if err != nil {
			t.Fatalf("second read: %v", err)
		}
		eq := cmp.Options{cmpopts.EquateEmpty(), cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }), cmp.Comparer(func(a, b netip.Addr) bool { return a == b })}
		if diff := cmp.Diff(p, again, eq); diff != "" {
			t.Fatalf("two reads differ:\n%s", diff)
		}
		vpcgate.Check(p, vpcgate.Options{}) // never panics on what the reader returns
	})
}

// FuzzParse: the JSON decoder agrees with encoding/json: it accepts a
// document exactly when encoding/json does and no key is given twice, and
// then decodes the same value.
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := terraform.Parse(data)
		valid := json.Valid(data) && utf8.Valid(data)
		if err == nil {
			if !valid {
				t.Fatalf("Parse accepted what encoding/json rejects: %q", data)
			}
			var ref any
			d := json.NewDecoder(strings.NewReader(string(data)))
			d.UseNumber()
			if err := d.Decode(&ref); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ref, plain(v)); diff != "" {
				t.Fatalf("Parse(%q) mismatch (-encoding/json +Parse):\n%s", data, diff)
			}
			return
		}
		if valid && !errors.Is(err, terraform.ErrDuplicateKey) && !strings.Contains(err.Error(), "max depth") {
			t.Fatalf("Parse(%q) = %v; encoding/json accepts it", data, err)
		}
	})
}

// plain converts v as encoding/json decodes with UseNumber.
func plain(v *terraform.Value) any {
	switch v.Kind {
	case terraform.Bool:
		return v.True
	case terraform.Number:
		return json.Number(v.Text)
	case terraform.String:
		return v.Text
	case terraform.Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = plain(e)
		}
		return out
	case terraform.Object:
		out := make(map[string]any, len(v.Keys))
		for i, k := range v.Keys {
			out[k] = plain(v.Vals[i])
		}
		return out
	}
	return nil
}

package terraform_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/internal/jsonlex"
	"github.com/vpcgate/vpcgate/internal/terraform"
)

func seeds(f *testing.F) {
	flat, _ := filepath.Glob("../../testdata/terraform/*.json")
	dirs, _ := filepath.Glob("../../testdata/terraform/*/plan.json")
	made, _ := filepath.Glob("../../testdata/terraform/real/*/plan.json")
	for _, name := range slices.Concat(flat, dirs, made) {
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
		if valid && !errors.Is(err, terraform.ErrDuplicateKey) && !errors.Is(err, jsonlex.ErrTooDeep) {
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
		out := make(map[string]any, len(v.Keys()))
		for i, k := range v.Keys() {
			out[k] = plain(v.Elems[i])
		}
		return out
	}
	return nil
}

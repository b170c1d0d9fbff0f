package vpcgate_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpcgate/vpcgate"
)

// goldenCase is one fixture of testdata and the report the library gives
// on it, with the path of its goldens less their endings.
type goldenCase struct {
	base   string
	report func(t *testing.T) (vpcgate.Report, *vpcgate.InputReport)
}

// goldenBase returns where the goldens of a fixture go: beside it, named
// as it is less ".json" (testdata/plans/bom for testdata/plans/bom.json,
// testdata/responses/works for the directory testdata/responses/works).
func goldenBase(path string) string {
	return strings.TrimSuffix(path, ".json")
}

// goldenCases lists every fixture of testdata: the plans, the Terraform
// plans and the directories of responses as readFixtures reads them,
// checked with the zero Options, and the waiver files, applied to the
// sample plan of examples/preflight (whose findings each waiver names).
func goldenCases(t *testing.T) []goldenCase {
	var cases []goldenCase
	for _, f := range readFixtures(t, "testdata") {
		cases = append(cases, goldenCase{goldenBase(f.path), func(*testing.T) (vpcgate.Report, *vpcgate.InputReport) {
			return f.report(vpcgate.Options{})
		}})
	}
	const sample = "examples/preflight/sample.json"
	waivers, err := filepath.Glob(filepath.Join(waiversDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range waivers {
		cases = append(cases, goldenCase{goldenBase(w), func(t *testing.T) (vpcgate.Report, *vpcgate.InputReport) {
			data, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			ws, err := vpcgate.ParseWaivers(w, data)
			if err != nil {
				in := vpcgate.NewInputReport(w, err)
				return vpcgate.Report{}, &in
			}
			plan, err := os.ReadFile(sample)
			if err != nil {
				t.Fatal(err)
			}
			p, err := vpcgate.ParsePlan(plan)
			if err != nil {
				t.Fatal(err)
			}
			// A day between the waivers' expiry dates, as preflight's today.
			r := vpcgate.Check(p, vpcgate.Options{Waivers: ws, Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
			r.Plan = sample
			r.Locate(sample, plan)
			return r, nil
		}})
	}
	return cases
}

// TestGolden checks the library's report on every fixture of testdata
// against the goldens beside the fixture: <fixture>.golden holds its text
// (Report.WriteText, or InputReport.WriteText when the input cannot be
// read), <fixture>.json.golden its JSON (Report.WriteJSON, or the
// InputReport's JSON). The report is named and located as preflight names
// and locates it when run from the module root, so that preflight prints
// "plan: NAME" and then the text golden (examples/preflight checks this).
// go test -run TestGolden -update . rewrites the goldens.
func TestGolden(t *testing.T) {
	cases := goldenCases(t)
	if len(cases) < 60 {
		t.Fatalf("%d fixtures, want the 60 or more of testdata", len(cases))
	}
	known := map[string]bool{}
	for _, c := range cases {
		known[c.base+".golden"], known[c.base+".json.golden"] = true, true
		t.Run(c.base, func(t *testing.T) {
			var text, js bytes.Buffer
			r, in := c.report(t)
			if in != nil {
				if err := in.WriteText(&text); err != nil {
					t.Fatal(err)
				}
				if err := in.Write(&js, vpcgate.FormatJSON, vpcgate.WriteOptions{}); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := r.WriteText(&text); err != nil {
					t.Fatal(err)
				}
				if err := r.WriteJSON(&js, vpcgate.WriteOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			golden(t, c.base+".golden", text.String())
			golden(t, c.base+".json.golden", js.String())
		})
	}
	// Every golden belongs to a fixture: none outlives the fixture it was
	// written for.
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".golden") && !known[path] {
			t.Errorf("%s is the golden of no fixture", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

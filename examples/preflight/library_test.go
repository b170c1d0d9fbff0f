package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPrintsTheLibrarysReport: run from the module root on every fixture
// of testdata, preflight prints the library's report on it byte for byte,
// as the goldens beside the fixture hold it (the root's TestGolden writes
// them): in text "plan: NAME" and then <fixture>.golden on standard
// output, or, for input it cannot read, <fixture>.golden on standard
// error, each line after "preflight: "; with -json, <fixture>.json.golden.
// The exit status is 0 for a report that is ok, 1 for one that is not, 2
// for input errors. What preflight says of its own comes first on
// standard error: the files of a directory of responses it skips.
func TestPrintsTheLibrarysReport(t *testing.T) {
	t.Chdir("../..")
	type fixture struct {
		base, plan string // the goldens less their endings; the report's Plan
		args       []string
		before     string // preflight's own words on standard error
	}
	var fixtures []fixture
	glob := func(pattern string) []string {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no fixtures (%v)", pattern, err)
		}
		return files
	}
	for _, p := range glob("testdata/plans/*.json") {
		fixtures = append(fixtures, fixture{strings.TrimSuffix(p, ".json"), p, []string{p}, ""})
	}
	for _, pattern := range []string{"testdata/terraform/*.json", "testdata/terraform/*/plan.json", "testdata/terraform/real/*/plan.json"} {
		for _, p := range glob(pattern) {
			fixtures = append(fixtures, fixture{strings.TrimSuffix(p, ".json"), p, []string{"-terraform", p}, ""})
		}
	}
	for _, mv := range glob("testdata/responses/*/move") {
		dir := filepath.Dir(mv)
		move := strings.TrimSpace(string(must(os.ReadFile(mv))))
		docs := glob(filepath.Join(dir, "*.json"))
		fixtures = append(fixtures, fixture{dir, dir + " (" + strconv.Itoa(len(docs)) + " responses), moves " + move,
			[]string{"-responses", dir, "-move", move}, "preflight: skipped in " + dir + ": move (not .json)\n"})
	}
	for _, w := range glob("testdata/waivers/*.json") {
		fixtures = append(fixtures, fixture{strings.TrimSuffix(w, ".json"), "examples/preflight/sample.json",
			[]string{"-waivers", w, "examples/preflight/sample.json"}, ""})
	}
	if len(fixtures) < 60 {
		t.Fatalf("%d fixtures, want the 60 or more of testdata", len(fixtures))
	}
	for _, f := range fixtures {
		t.Run(f.base, func(t *testing.T) {
			text := string(must(os.ReadFile(f.base + ".golden")))
			js := string(must(os.ReadFile(f.base + ".json.golden")))
			var report struct {
				OK          bool `json:"ok"`
				InputErrors any  `json:"inputErrors"`
			}
			if err := json.Unmarshal([]byte(js), &report); err != nil {
				t.Fatalf("%s.json.golden: %v", f.base, err)
			}
			var wantText, wantJSON string
			switch {
			case report.InputErrors != nil:
				var prefixed strings.Builder
				for line := range strings.Lines(text) {
					prefixed.WriteString("preflight: " + line)
				}
				wantText = "exit: 2\n--- stdout\n--- stderr\n" + f.before + prefixed.String()
				wantJSON = "exit: 2\n--- stdout\n" + js + "--- stderr\n" + f.before
			default:
				exit := "exit: 0\n"
				if !report.OK {
					exit = "exit: 1\n"
				}
				wantText = exit + "--- stdout\nplan: " + f.plan + "\n" + text + "--- stderr\n" + f.before
				wantJSON = exit + "--- stdout\n" + js + "--- stderr\n" + f.before
			}
			if got := runOut(f.args, ""); got != wantText {
				t.Errorf("preflight %s:\n got %s\nwant %s", strings.Join(f.args, " "), got, wantText)
			}
			args := append([]string{"-json"}, f.args...)
			if got := runOut(args, ""); got != wantJSON {
				t.Errorf("preflight %s:\n got %s\nwant %s", strings.Join(args, " "), got, wantJSON)
			}
		})
	}
}

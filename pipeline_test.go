package vpcgate_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/field"
)

// pipelinePlan has a problem of two codes, an unverified warning, and the
// move's warnings.
const pipelinePlan = `{
  "instance": {"id": "apigw-1", "name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
    "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]},
  "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/16"]}, "serviceLinkedRole": "exists",
  "securityGroups": [{"id": "sg-1", "intraGroup": true, "egress": ["10.0.0.0/16"]}],
  "authorizations": [
    {"name": "orders", "vpcId": "vpc-1", "instanceId": "10.0.7.5", "port": 8080},
    {"name": "stock", "vpcId": "vpc-2", "instanceId": "10.0.1.9", "port": 80},
    {"name": "search", "vpcId": "vpc-1", "instanceId": "i-bp1search", "port": 9200}],
  "groups": [{"id": "g-shop", "name": "shop", "regionId": "cn-hangzhou",
    "instance": {"id": "apigw-shared", "kind": "serverless", "regionId": "cn-hangzhou"},
    "apis": [{"id": "api-1", "name": "GetOrder", "vpcAccess": "orders"}, {"id": "api-2", "name": "Stock", "vpcAccess": "stock"},
             {"id": "api-3", "name": "Search", "vpcAccess": "search"}]}]
}`

func TestSeverities(t *testing.T) {
	sev := func(r vpcgate.Report) []string {
		var out []string
		for _, s := range r.Sections {
			for _, f := range s.Problems {
				out = append(out, "problem "+string(f.Code)+" "+string(f.Severity))
			}
			for _, f := range s.Warnings {
				out = append(out, "warning "+string(f.Code)+" "+string(f.Severity))
			}
		}
		slices.Sort(out)
		return out
	}
	want := []string{"problem unreachable error", "problem vpc-mismatch error", "warning egress-change warning", "warning placement note", "warning single-zone note", "warning unverified warning"}
	if diff := cmp.Diff(want, sev(checkJSON(t, pipelinePlan, vpcgate.Options{}))); diff != "" {
		t.Errorf("severities mismatch (-want +got):\n%s", diff)
	}
	strict := []string{"problem unreachable error", "problem unverified error", "problem vpc-mismatch error", "warning egress-change warning", "warning placement note", "warning single-zone note"}
	if diff := cmp.Diff(strict, sev(checkJSON(t, pipelinePlan, vpcgate.Options{Strict: true}))); diff != "" {
		t.Errorf("strict severities mismatch (-want +got):\n%s", diff)
	}
}

// TestFingerprintWhatGoesIn pins what a fingerprint hashes: "vpcgate/v1",
// the code and the stable place (indexes replaced by the element's ID or
// name), each followed by a zero byte; the first 16 bytes, in hex.
func TestFingerprintWhatGoesIn(t *testing.T) {
	r := checkJSON(t, pipelinePlan, vpcgate.Options{})
	want := func(code, place string) string {
		sum := sha256.Sum256([]byte("vpcgate/v1\x00" + code + "\x00" + place + "\x00"))
		return hex.EncodeToString(sum[:16])
	}
	for _, tc := range []struct{ code, where, place string }{
		{"unreachable", "authorizations[0].instanceId", `authorizations["orders"].instanceId`},
		{"vpc-mismatch", "authorizations[1].vpcId", `authorizations["stock"].vpcId`},
		{"egress-change", "groups[0]", `groups["g-shop"]`},
	} {
		var got *vpcgate.Finding
		for _, f := range all(r) {
			if string(f.Code) == tc.code && f.Where == tc.where {
				got = &f
			}
		}
		if got == nil {
			t.Fatalf("no %s at %s", tc.code, tc.where)
		}
		if w := want(tc.code, tc.place); got.Fingerprint != w {
			t.Errorf("%s at %s: fingerprint %s, want %s (of %q)", tc.code, tc.where, got.Fingerprint, w, tc.place)
		}
	}
}

// TestFingerprintStable: fingerprints are the same on every run and after
// unrelated parts of the plan are added and reordered, and differ across
// places and codes.
func TestFingerprintStable(t *testing.T) {
	base := checkJSON(t, pipelinePlan, vpcgate.Options{})
	again := checkJSON(t, pipelinePlan, vpcgate.Options{})
	prints := func(r vpcgate.Report) map[string]string { // fingerprint: code
		m := map[string]string{}
		for _, f := range all(r) {
			if prev, dup := m[f.Fingerprint]; dup {
				t.Errorf("fingerprint %s of %s at %s is also %s's", f.Fingerprint, f.Code, f.Where, prev)
			}
			if len(f.Fingerprint) != 32 {
				t.Errorf("fingerprint %q: want 32 hex digits", f.Fingerprint)
			}
			m[f.Fingerprint] = string(f.Code)
		}
		return m
	}
	if diff := cmp.Diff(prints(base), prints(again)); diff != "" {
		t.Errorf("fingerprints differ between runs:\n%s", diff)
	}
	// The same plan with an unrelated failing authorization and an
	// unrelated group first, and the authorizations in reverse order.
	p, _ := vpcgate.ParsePlan([]byte(pipelinePlan))
	p.Authorizations = append(p.Authorizations, p.Authorizations[0])
	p.Authorizations[len(p.Authorizations)-1].Name = "extra"
	slices.Reverse(p.Authorizations)
	p.Groups = append([]vpcgate.Group{{ID: "g-other", Name: "other", RegionID: "cn-hangzhou", Instance: p.Groups[0].Instance,
		APIs: slices.Clone(p.Groups[0].APIs[:1])}}, p.Groups...)
	p.Groups[0].APIs[0].VPCAccess = "extra"
	moved := vpcgate.Check(p, vpcgate.Options{})
	got := prints(moved)
	for fp, code := range prints(base) {
		if got[fp] != code {
			t.Errorf("the %s finding's fingerprint %s is gone after unrelated changes", code, fp)
		}
	}
	var unreachable []string
	for _, f := range all(moved) {
		if f.Code == "unreachable" {
			unreachable = append(unreachable, f.Where+" "+f.Fingerprint)
		}
	}
	if len(unreachable) != 2 || unreachable[0][strings.IndexByte(unreachable[0], ' '):] == unreachable[1][strings.IndexByte(unreachable[1], ' '):] {
		t.Errorf("two unreachable authorizations: %q, want two places with two fingerprints", unreachable)
	}
}

// TestFingerprintSourcePlaces: a plan read from a source names places of
// the source, and the fingerprint follows the plan value they name, not
// the index of the source document.
func TestFingerprintSourcePlaces(t *testing.T) {
	p, _ := vpcgate.ParsePlan([]byte(pipelinePlan))
	p.Source = map[field.Path]string{"authorizations[0]": "DescribeVpcAccesses[3].VpcAccessAttributes.VpcAccessAttribute[0]"}
	a := vpcgate.Check(p, vpcgate.Options{})
	p.Source = map[field.Path]string{"authorizations[0]": "DescribeVpcAccesses[7].VpcAccessAttributes.VpcAccessAttribute[4]"}
	b := vpcgate.Check(p, vpcgate.Options{})
	fa, fb := findCode(t, a, "unreachable"), findCode(t, b, "unreachable")
	if fa.Where == fb.Where || fa.Fingerprint != fb.Fingerprint {
		t.Errorf("%s %s and %s %s: want other places, one fingerprint", fa.Where, fa.Fingerprint, fb.Where, fb.Fingerprint)
	}
}

var today = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func TestWaivers(t *testing.T) {
	type result struct {
		problems, warnings, waived []string // code@where
		ok                         bool
	}
	summarize := func(r vpcgate.Report) result {
		var out result
		for _, s := range r.Sections {
			for _, f := range s.Problems {
				out.problems = append(out.problems, string(f.Code)+"@"+f.Where)
			}
			for _, f := range s.Warnings {
				out.warnings = append(out.warnings, string(f.Code)+"@"+f.Where)
			}
			for _, f := range s.Waived {
				out.waived = append(out.waived, string(f.Code)+"@"+f.Where+" "+f.Reason)
			}
		}
		if r.Problems != len(out.problems) || r.Warnings != len(out.warnings) || r.Waived != len(out.waived) {
			t.Errorf("counts %d/%d/%d, lists %d/%d/%d", r.Problems, r.Warnings, r.Waived, len(out.problems), len(out.warnings), len(out.waived))
		}
		out.ok = r.OK
		return out
	}
	base := []string{"unreachable@authorizations[0].instanceId", "vpc-mismatch@authorizations[1].vpcId"}
	baseWarn := []string{"single-zone@instance.zones", "unverified@authorizations[2].instanceId", "egress-change@groups[0]", "placement@groups[0]"}
	for _, tc := range []struct {
		name    string
		waivers []vpcgate.Waiver
		today   time.Time
		want    result
	}{
		{"none", nil, today, result{problems: base, warnings: baseWarn}},
		{"exact", []vpcgate.Waiver{{Code: "vpc-mismatch", Where: "authorizations[1].vpcId", Reason: "moving in Q3"}}, today,
			result{problems: base[:1], warnings: baseWarn, waived: []string{"vpc-mismatch@authorizations[1].vpcId moving in Q3"}}},
		{"pattern and anywhere", []vpcgate.Waiver{{Code: "egress-change", Where: "groups[0]*", Reason: "allow-lists updated"}, {Code: "unreachable", Reason: "r"}, {Code: "vpc-mismatch", Reason: "r2", Expires: "2026-06-01"}}, today,
			result{warnings: []string{baseWarn[0], baseWarn[1], baseWarn[3]}, ok: true, waived: []string{"unreachable@authorizations[0].instanceId r", "vpc-mismatch@authorizations[1].vpcId r2", "egress-change@groups[0] allow-lists updated"}}},
		{"unverified under strict", []vpcgate.Waiver{{Code: "unverified", Where: "authorizations[*].instanceId", Reason: "ECS response to come"}}, today,
			result{problems: base, warnings: []string{baseWarn[0], baseWarn[2], baseWarn[3]}, waived: []string{"unverified@authorizations[2].instanceId ECS response to come"}}},
		{"no match", []vpcgate.Waiver{{Code: "egress-change", Where: "groups[1]*", Reason: "r"}, {Code: "dataworks", Reason: "r"}}, today,
			result{problems: base, warnings: append(slices.Clone(baseWarn), "unused-waiver@waivers[0]", "unused-waiver@waivers[1]")}},
		{"the first waiver wins", []vpcgate.Waiver{{Code: "placement", Where: "groups[0]", Reason: "first"}, {Code: "placement", Where: "g*", Reason: "second"}}, today,
			result{problems: base, warnings: append(slices.Clone(baseWarn[:3]), "unused-waiver@waivers[1]"), waived: []string{"placement@groups[0] first"}}},
		{"a later exact waiver does not beat an earlier pattern", []vpcgate.Waiver{{Code: "placement", Where: "g*", Reason: "first"}, {Code: "placement", Where: "groups[0]", Reason: "second"}}, today,
			result{problems: base, warnings: append(slices.Clone(baseWarn[:3]), "unused-waiver@waivers[1]"), waived: []string{"placement@groups[0] first"}}},
		{"expired", []vpcgate.Waiver{{Code: "unreachable", Reason: "r", Expires: "2026-05-31"}}, today,
			result{problems: append(slices.Clone(base), "expired-waiver@waivers[0].expires"), warnings: baseWarn}},
		{"expiry and no date given", []vpcgate.Waiver{{Code: "unreachable", Reason: "r", Expires: "2030-01-01"}}, time.Time{},
			result{problems: append(slices.Clone(base), "expired-waiver@waivers[0].expires"), warnings: baseWarn}},
		{"invalid", []vpcgate.Waiver{{Code: "unreachable"}, {Code: "nope", Reason: "r"}, {Code: "vpc-mismatch", Reason: "r", Expires: "2026-6-1"}}, today,
			result{problems: append(slices.Clone(base), "invalid-waivers@waivers[0]", "invalid-waivers@waivers[1]", "invalid-waivers@waivers[2]"), warnings: baseWarn}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := vpcgate.Options{Waivers: tc.waivers, Today: tc.today, Strict: strings.Contains(tc.name, "strict")}
			r := checkJSON(t, pipelinePlan, opts)
			want := tc.want
			if opts.Strict {
				want.problems = append(slices.Clone(want.problems[:1]), want.problems[1:]...)
			}
			got := summarize(r)
			want.ok = len(want.problems) == 0
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(result{}), cmp.Comparer(func(a, b []string) bool {
				return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
			})); diff != "" {
				t.Errorf("waivers %+v: mismatch (-want +got):\n%s", tc.waivers, diff)
			}
		})
	}
	// A waived finding keeps its severity and fingerprint, and fails no gate.
	r := checkJSON(t, pipelinePlan, vpcgate.Options{Today: today, Waivers: []vpcgate.Waiver{
		{Code: "unreachable", Reason: "a", Owner: "net-team", Expires: "2027-01-01"}, {Code: "vpc-mismatch", Reason: "b"}}})
	plain := checkJSON(t, pipelinePlan, vpcgate.Options{})
	w := r.Sections[len(r.Sections)-2].Waived // the authorizations' section; then the group's
	for _, s := range r.Sections {
		if len(s.Waived) > 0 {
			w = s.Waived
		}
	}
	if len(w) != 2 || w[0].Severity != vpcgate.SeverityError || w[0].Fingerprint != findCode(t, plain, "unreachable").Fingerprint || w[0].Owner != "net-team" || w[0].Expires != "2027-01-01" {
		t.Errorf("waived = %+v", w)
	}
	if r.Fails(vpcgate.GateError) || !r.Fails(vpcgate.GateUnverified) {
		t.Errorf("Fails(error) = %v, Fails(unverified) = %v; want false, true", r.Fails(vpcgate.GateError), r.Fails(vpcgate.GateUnverified))
	}
	// An invalid waiver's finding carries its error.
	bad := checkJSON(t, pipelinePlan, vpcgate.Options{Waivers: []vpcgate.Waiver{{Code: "unreachable"}}})
	if !errors.Is(bad.Err(), vpcgate.ErrInvalidWaivers) {
		t.Errorf("Err() = %v, want ErrInvalidWaivers", bad.Err())
	}
}

func TestFails(t *testing.T) {
	clean := vpcgate.Report{OK: true}
	note := vpcgate.Report{OK: true, Warnings: 1, Sections: []vpcgate.Section{{Warnings: []vpcgate.Finding{{Code: "placement", Severity: vpcgate.SeverityNote}}}}}
	warning := vpcgate.Report{OK: true, Warnings: 1, Sections: []vpcgate.Section{{Warnings: []vpcgate.Finding{{Code: "egress-change", Severity: vpcgate.SeverityWarning}}}}}
	unverified := vpcgate.Report{OK: true, Warnings: 1, Sections: []vpcgate.Section{{Warnings: []vpcgate.Finding{{Code: "unverified", Severity: vpcgate.SeverityWarning}}}}}
	problem := vpcgate.Report{OK: false, Problems: 1}
	for _, tc := range []struct {
		gate vpcgate.Gate
		want [5]bool // clean, note, warning, unverified, problem
	}{
		{vpcgate.GateError, [5]bool{false, false, false, false, true}},
		{vpcgate.GateUnverified, [5]bool{false, false, false, true, true}},
		{vpcgate.GateWarning, [5]bool{false, false, true, true, true}},
		{vpcgate.GateNone, [5]bool{}},
		{"bogus", [5]bool{true, true, true, true, true}},
	} {
		for i, r := range []vpcgate.Report{clean, note, warning, unverified, problem} {
			if got := r.Fails(tc.gate); got != tc.want[i] {
				t.Errorf("report %d: Fails(%q) = %v, want %v", i, tc.gate, got, tc.want[i])
			}
		}
	}
	for _, s := range []string{"error", "warning", "unverified", "none"} {
		if g, err := vpcgate.ParseGate(s); err != nil || string(g) != s {
			t.Errorf("ParseGate(%q) = %q, %v", s, g, err)
		}
	}
	if _, err := vpcgate.ParseGate("warn"); err == nil || !strings.Contains(err.Error(), "error, warning, unverified, none") {
		t.Errorf("ParseGate(warn) = %v", err)
	}
}

func TestParseWaivers(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string // where (line L, column C): a word of what; empty for a valid file
	}{
		{"valid", `{"waivers": [{"code": "egress-change", "where": "groups[0]*", "reason": "r", "expires": "2027-03-31", "owner": "o"}, {"code": "unreachable", "reason": "r"}]}`, nil},
		{"empty list", `{"waivers": []}`, nil},
		{"malformed", "{\"waivers\": [\n  {\"code\": \"unreachable\",, \"reason\": \"r\"}]}", []string{"waivers[0] (line 2, column 26): malformed JSON"}},
		{"unknown field", `{"waivers": [{"code": "unreachable", "reason": "r", "until": "2027-01-01"}]}`, []string{"waivers[0].until (line 1, column 53): unknown field"}},
		{"duplicate key", `{"waivers": [{"code": "unreachable", "reason": "r", "\u0072eason": "s"}]}`, []string{"waivers[0].reason (line 1, column 53): key given twice"}},
		{"wrong type", `{"waivers": [{"code": "unreachable", "reason": 3}]}`, []string{"waivers[0].reason (line 1, column 48): want a string"}},
		{"missing list", `{}`, []string{"waivers (line 1, column 1): missing"}},
		{"null list", `{"waivers": null}`, []string{"waivers (line 1, column 1): missing"}},
		{"missing code and reason", "{\"waivers\": [\n {\"where\": \"x\"}]}", []string{"waivers[0].code (line 2, column 2): missing", "waivers[0].reason (line 2, column 2): missing"}},
		{"blank reason", `{"waivers": [{"code": "unreachable", "reason": "  "}]}`, []string{"waivers[0].reason (line 1, column 48): missing"}},
		{"unknown code", `{"waivers": [{"code": "unreachabel", "reason": "r"}]}`, []string{`waivers[0].code (line 1, column 23): unknown code "unreachabel"`}},
		{"a waiver's code", `{"waivers": [{"code": "unused-waiver", "reason": "r"}]}`, []string{"waivers[0].code (line 1, column 23): code \"unused-waiver\" is about waivers"}},
		{"bad date", `{"waivers": [{"code": "unreachable", "reason": "r", "expires": "2027-3-31"}]}`, []string{`waivers[0].expires (line 1, column 64): want a date YYYY-MM-DD, got "2027-3-31"`}},
		{"no such day", `{"waivers": [{"code": "unreachable", "reason": "r", "expires": "2027-02-30"}]}`, []string{`waivers[0].expires (line 1, column 64): want a date`}},
		{"empty where", `{"waivers": [{"code": "unreachable", "reason": "r", "where": ""}]}`, []string{"waivers[0].where (line 1, column 62): empty pattern"}},
		{"empty expires", `{"waivers": [{"code": "unreachable", "reason": "r", "expires": ""}]}`, []string{"waivers[0].expires (line 1, column 64): empty date"}},
		{"trailing data", `{"waivers": []} {}`, []string{"line 1, column 17: malformed JSON: data after"}},
		{"empty file", ``, []string{"line 1, column 1: empty document"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws, err := vpcgate.ParseWaivers("w.json", []byte(tc.doc))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ParseWaivers: %v", err)
				}
				return
			}
			if err == nil || ws != nil || !errors.Is(err, vpcgate.ErrInvalidWaivers) || errors.Is(err, vpcgate.ErrInvalidPlan) {
				t.Fatalf("ParseWaivers = %v, %v; want nil and an error matching ErrInvalidWaivers only", ws, err)
			}
			probs := vpcgate.InputProblems(err)
			if len(probs) != len(tc.want) {
				t.Fatalf("problems %q, want %q", probs, tc.want)
			}
			for i, p := range probs {
				if !strings.HasPrefix(p.String(), tc.want[i]) {
					t.Errorf("problem %q, want it to start with %q", p.String(), tc.want[i])
				}
			}
		})
	}
	ws, err := vpcgate.ParseWaivers("w.json", []byte("{\"waivers\": [\n  {\"code\": \"unreachable\", \"reason\": \"南\"}, {\"code\": \"unverified\", \"reason\": \"r\"}]}"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []vpcgate.Position{ws[0].Pos, ws[1].Pos}, []vpcgate.Position{{File: "w.json", Line: 2, Column: 3}, {File: "w.json", Line: 2, Column: 43}}; !slices.Equal(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
}

// TestWaiverFindingsPointAtTheFile: the findings about a waiver name the
// waiver file and the waiver's line.
func TestWaiverFindingsPointAtTheFile(t *testing.T) {
	ws, err := vpcgate.ParseWaivers("ci/waivers.json", []byte("{\"waivers\": [\n  {\"code\": \"dataworks\", \"reason\": \"r\"}]}"))
	if err != nil {
		t.Fatal(err)
	}
	r := checkJSON(t, pipelinePlan, vpcgate.Options{Waivers: ws})
	r.Locate("plan.json", []byte(pipelinePlan))
	f := findCode(t, r, "unused-waiver")
	if f.File != "ci/waivers.json" || f.Line != 2 || f.Column != 3 || f.Severity != vpcgate.SeverityWarning {
		t.Errorf("unused-waiver at %s:%d:%d (%s)", f.File, f.Line, f.Column, f.Severity)
	}
	if u := findCode(t, r, "unreachable"); u.File != "plan.json" || u.Line != 7 || u.Column != 56 {
		t.Errorf("unreachable at %s:%d:%d, want plan.json:7:56", u.File, u.Line, u.Column)
	}
}

func FuzzParseWaivers(f *testing.F) {
	f.Add([]byte(`{"waivers": [{"code": "egress-change", "where": "groups[0]*", "reason": "r", "expires": "2027-03-31", "owner": "o"}]}`))
	f.Add([]byte(`{"waivers": [{"code": "unreachable", "reason": "r"}, {"code": "unverified", "reason": "x", "where": "*"}]}`))
	f.Add([]byte(`{"waivers": [{"code": "", "reason": "", "expires": "2027-02-30"}]}`))
	f.Add([]byte(`{"waivers": [{"code": "unreachable", "reason": "r", "reason": "s"}]}`))
	f.Add([]byte(`{"waivers": null}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		ws, err := vpcgate.ParseWaivers("f.json", data)
		if !bytes.Equal(orig, data) {
			t.Fatal("ParseWaivers changed its input")
		}
		if err != nil {
			if ws != nil || !errors.Is(err, vpcgate.ErrInvalidWaivers) {
				t.Fatalf("error %v with waivers %v", err, ws)
			}
			for _, p := range vpcgate.InputProblems(err) {
				if p.Line < 0 || p.Column < 0 || p.What == "" {
					t.Fatalf("problem %+v", p)
				}
			}
			return
		}
		for _, w := range ws {
			if w.Code == "" || strings.TrimSpace(w.Reason) == "" || w.Pos.Line < 1 || w.Pos.File != "f.json" {
				t.Fatalf("accepted waiver %+v", w)
			}
		}
		// What was accepted reads back the same.
		b, err := json.Marshal(map[string]any{"waivers": ws})
		if err != nil {
			t.Fatal(err)
		}
		again, err := vpcgate.ParseWaivers("f.json", b)
		if err != nil {
			t.Fatalf("re-reading %s: %v", b, err)
		}
		if len(again) != len(ws) {
			t.Fatalf("re-read %d waivers, want %d", len(again), len(ws))
		}
		for i := range ws {
			a, b := ws[i], again[i]
			a.Pos, b.Pos = vpcgate.Position{}, vpcgate.Position{}
			if a != b {
				t.Fatalf("waiver %d re-read as %+v, want %+v", i, b, a)
			}
		}
		// Checking with them never panics.
		checkJSONNoT(ws)
	})
}

func checkJSONNoT(ws []vpcgate.Waiver) {
	p, _ := vpcgate.ParsePlan([]byte(pipelinePlan))
	vpcgate.Check(p, vpcgate.Options{Waivers: ws, Today: today})
}

// TestGitHubEscaping: properties escape '%', '\r', '\n', ':' and ',';
// the message escapes '%', '\r' and '\n'; nothing can start a command.
func TestGitHubEscaping(t *testing.T) {
	r := vpcgate.Report{OK: false, Problems: 1, Sections: []vpcgate.Section{{Subject: "s", Problems: []vpcgate.Finding{{
		Code: "unreachable", Severity: vpcgate.SeverityError, Where: "a,b:c", What: "100% sure\r\n::error::forged", Why: "", Fix: "",
		File: "dir,x/p:1%.json", Line: 3, Column: 4}}}}}
	var b bytes.Buffer
	if err := r.WriteGitHub(&b, vpcgate.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	// The CR and LF of the message are escaped as control characters
	// (\r, \n) before the runner's escapes: the line cannot be split.
	want := `::error file=dir%2Cx/p%3A1%25.json,line=3,col=4,title=Backend unreachable [unreachable]::a,b:c: 100%25 sure\r\n::error::forged`
	if len(lines) != 2 || lines[0] != want {
		t.Errorf("got\n%s\nwant the first line\n%s", b.String(), want)
	}
	for _, tc := range []struct{ in, data, prop string }{
		{"%", "%25", "%25"},
		{"\r", `\r`, `\r`}, // escaped as a control character before the runner's escape
		{"a\nb", `a\nb`, `a\nb`},
		{":", ":", "%3A"},
		{",", ",", "%2C"},
		{"%0A", "%250A", "%250A"},
	} {
		var b bytes.Buffer
		r := vpcgate.Report{Sections: []vpcgate.Section{{Warnings: []vpcgate.Finding{{Code: vpcgate.Code(tc.in), Severity: vpcgate.SeverityWarning, Where: tc.in, What: "w", File: tc.in, Line: 1}}}}}
		_ = r.WriteGitHub(&b, vpcgate.WriteOptions{})
		line := strings.SplitN(b.String(), "\n", 2)[0]
		if !strings.HasPrefix(line, "::warning file="+tc.prop+",line=1,title="+tc.prop) || !strings.Contains(line, "::"+tc.data+": w") {
			t.Errorf("%q: got %s; want file and title %q, message %q", tc.in, line, tc.prop, tc.data)
		}
	}
	// The message's own lines (why, fix) are %0A, never a new line.
	full := checkJSON(t, pipelinePlan, vpcgate.Options{})
	b.Reset()
	_ = full.WriteGitHub(&b, vpcgate.WriteOptions{})
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "summary:") {
			t.Errorf("line %q is neither a command nor the summary", line)
		}
	}
}

func TestJUnit(t *testing.T) {
	r := checkJSON(t, pipelinePlan, vpcgate.Options{})
	var b bytes.Buffer
	if err := r.WriteJUnit(&b, vpcgate.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suite struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name     string `xml:"name,attr"`
				Failures []struct {
					Type    string `xml:"type,attr"`
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Out string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(doc.Suite.Cases) != len(r.Sections) || doc.Suite.Tests != len(r.Sections) || doc.Suite.Failures != 1 {
		t.Fatalf("%d cases, tests %d, failures %d; want %d sections, one failing\n%s", len(doc.Suite.Cases), doc.Suite.Tests, doc.Suite.Failures, len(r.Sections), b.String())
	}
	var failures []string
	for i, c := range doc.Suite.Cases {
		if c.Name != r.Sections[i].Subject {
			t.Errorf("case %d is %q, want %q", i, c.Name, r.Sections[i].Subject)
		}
		for _, f := range c.Failures {
			failures = append(failures, f.Type)
		}
	}
	if diff := cmp.Diff([]string{"unreachable", "vpc-mismatch"}, failures); diff != "" {
		t.Errorf("failures mismatch (-want +got):\n%s", diff)
	}
	// Characters XML cannot hold do not break the document.
	r.Sections[0].Subject = "bad \x01 \ufffe"
	b.Reset()
	_ = r.WriteJUnit(&b, vpcgate.WriteOptions{})
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Errorf("with a control character: %v", err)
	}
}

// TestChinese: in Chinese the fixed words and the rules' texts are
// Chinese, and the cloud's message stays as the cloud prints it.
func TestChinese(t *testing.T) {
	r := checkJSON(t, pipelinePlan, vpcgate.Options{})
	var b bytes.Buffer
	if err := r.Write(&b, vpcgate.FormatText, vpcgate.WriteOptions{Lang: vpcgate.Chinese}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{"计划：", "失败  authorizations[0].instanceId  [unreachable]", "instance cannot connect to the backend 10.0.7.5",
		"原因：后端服务的私网 IP 地址必须位于实例的可访问网段内", "修复：将包含该地址的网段加入实例的可访问网段：add a block that contains 10.0.7.5",
		"汇总：2 个问题，4 个警告：计划将被拒绝。"} {
		if !strings.Contains(out, s) {
			t.Errorf("Chinese text lacks %q:\n%s", s, out)
		}
	}
	b.Reset()
	if err := vpcgate.WriteRules(&b, vpcgate.FormatText, vpcgate.Chinese); err != nil || !strings.Contains(b.String(), "后端服务不可达") {
		t.Errorf("WriteRules in Chinese: %v\n%s", err, b.String())
	}
	// JSON in Chinese: why and fix translated, what unchanged.
	b.Reset()
	_ = r.WriteJSON(&b, vpcgate.WriteOptions{Lang: vpcgate.Chinese})
	if !strings.Contains(b.String(), `"why": "后端服务的私网`) || !strings.Contains(b.String(), "instance cannot connect to the backend") {
		t.Errorf("JSON in Chinese:\n%s", b.String())
	}
	// The English report is unchanged by the Chinese copy.
	if findCode(t, r, "unreachable").Why == findCode(t, r.In(vpcgate.Chinese), "unreachable").Why {
		t.Error("In(Chinese) did not translate")
	}
	if strings.ContainsFunc(findCode(t, r, "unreachable").Why, func(c rune) bool { return c > 0x2e80 }) {
		t.Error("In(Chinese) changed the report it was called on")
	}
}

func TestQuiet(t *testing.T) {
	r := checkJSON(t, pipelinePlan, vpcgate.Options{})
	var b bytes.Buffer
	_ = r.Write(&b, vpcgate.FormatText, vpcgate.WriteOptions{Quiet: true})
	if strings.Contains(b.String(), "   ok ") || strings.Contains(b.String(), "spec valid") {
		t.Errorf("quiet text has passed lines:\n%s", b.String())
	}
	if !strings.Contains(b.String(), "[unreachable]") || !strings.Contains(b.String(), "summary: 2 problem(s), 4 warning(s)") {
		t.Errorf("quiet text lacks the findings or the summary:\n%s", b.String())
	}
}

// TestLocateKeepsCopies: Locate changes the report it is called on, not a
// copy made before.
func TestLocateKeepsCopies(t *testing.T) {
	r := checkJSON(t, pipelinePlan, vpcgate.Options{})
	before := r
	r.Locate("plan.json", []byte(pipelinePlan))
	if findCode(t, before, "unreachable").File != "" || findCode(t, r, "unreachable").Line != 7 {
		t.Errorf("before: %+v; after: %+v", findCode(t, before, "unreachable"), findCode(t, r, "unreachable"))
	}
	// Without the document, the file alone; a missing field, its object.
	r = checkJSON(t, `{"instance": {"name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
  "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]}}`, vpcgate.Options{})
	r.Locate("p.json", nil)
	if f := findCode(t, r, "required"); f.File != "p.json" || f.Line != 0 {
		t.Errorf("without the document: %+v", f)
	}
	r = checkJSON(t, `{"instance": {"name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
  "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]}}`, vpcgate.Options{})
	r.Locate("p.json", []byte(`{"instance": {"name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
  "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]}}`))
	if f := findCode(t, r, "required"); f.Where != "instance.zones[0].vSwitchId" || f.Line != 2 || f.Column != 13 {
		t.Errorf("a missing field: %s at line %d, column %d; want its object at 2:13", f.Where, f.Line, f.Column)
	}
}

func TestWriteRulesJSON(t *testing.T) {
	var b bytes.Buffer
	if err := vpcgate.WriteRules(&b, vpcgate.FormatJSON, vpcgate.English); err != nil {
		t.Fatal(err)
	}
	var rules []map[string]string
	if err := json.Unmarshal(b.Bytes(), &rules); err != nil {
		t.Fatal(err)
	}
	if len(rules) != len(vpcgate.Rules()) {
		t.Fatalf("%d rules, want %d", len(rules), len(vpcgate.Rules()))
	}
	for _, r := range rules {
		if len(r) != 5 || r["code"] == "" || r["severity"] == "" || r["title"] == "" || r["why"] == "" || r["fix"] == "" {
			t.Errorf("rule %v: want code, severity, title, why, fix", r)
		}
	}
	if err := vpcgate.WriteRules(&b, vpcgate.FormatSARIF, vpcgate.English); err == nil {
		t.Error("WriteRules in SARIF: no error")
	}
	if got := fmt.Sprint(vpcgate.Rules()[1].Severity); got != "error" {
		t.Errorf("reserved-conflict's severity %s", got)
	}
}

// TestREADMEForCI: the README shows a CI job that uploads SARIF, every
// flag of preflight's pipeline, and how go run reports exit statuses.
func TestREADMEForCI(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"github/codeql-action/upload-sarif", "-format sarif", "-fail-on error", "-format text\\|json\\|sarif\\|github\\|junit",
		"-fail-on error\\|warning\\|unverified\\|none", "-waivers FILE", "-lang en\\|zh", "-quiet", "-rules", "-version", "-strict",
		"`go run` reports every non-zero exit as 1", "expired-waiver", "unused-waiver"} {
		if !strings.Contains(string(readme), s) {
			t.Errorf("README.md does not say %q", s)
		}
	}
}

// TestJUnitUnverifiedIsSkipped: a section without problems whose warnings
// hold unverified findings is a skipped test case, never a passed one (a
// dashboard showed what was not checked as green); under Strict it fails.
func TestJUnitUnverifiedIsSkipped(t *testing.T) {
	p := readTF(t, "unknown")
	for _, strict := range []bool{false, true} {
		r := vpcgate.Check(p, vpcgate.Options{Strict: strict})
		var b bytes.Buffer
		if err := r.WriteJUnit(&b, vpcgate.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Suite struct {
				Skipped int `xml:"skipped,attr"`
				Cases   []struct {
					Skipped *struct {
						Message string `xml:"message,attr"`
					} `xml:"skipped"`
					Failures []struct{} `xml:"failure"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		want := 0
		for i, s := range r.Sections {
			unverified := slices.ContainsFunc(s.Warnings, func(f vpcgate.Finding) bool { return f.Code == vpcgate.CodeUnverified })
			skip := unverified && len(s.Problems) == 0
			if skip {
				want++
			}
			if c := doc.Suite.Cases[i]; (c.Skipped != nil) != skip || c.Skipped != nil && len(c.Failures) > 0 {
				t.Errorf("strict %v: case %q skipped %v, want %v", strict, s.Subject, c.Skipped != nil, skip)
			}
		}
		if doc.Suite.Skipped != want || !strict && want == 0 || strict && want != 0 {
			t.Errorf("strict %v: %d skipped, want %d (and some unless strict)", strict, doc.Suite.Skipped, want)
		}
	}
}

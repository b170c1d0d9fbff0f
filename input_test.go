package vpcgate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/field"
)

var errBad = errors.New("bad value")

// panicky is an error whose Error method panics.
type panicky struct{}

func (panicky) Error() string { panic("boom") }

// nilErr is an error type whose Error method fails on a nil pointer.
type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg }

func TestInputProblems(t *testing.T) {
	ie := func(path string, line, col int, err error) error {
		return &vpcgate.InputError{Path: field.Path(path), Line: line, Column: col, Err: err}
	}
	for _, tc := range []struct {
		name string
		err  error
		want []vpcgate.InputProblem
	}{
		{"nil", nil, nil},
		{"input error", ie("authorizations[0].addr", 4, 12, errBad),
			[]vpcgate.InputProblem{{Where: "authorizations[0].addr", Line: 4, Column: 12, What: "bad value"}}},
		{"input error of the document", ie("", 1, 1, errors.New("want an object, got null")),
			[]vpcgate.InputProblem{{Line: 1, Column: 1, What: "want an object, got null"}}},
		{"field error", field.New("DescribeApi[2].VpcConfig", errBad),
			[]vpcgate.InputProblem{{Where: "DescribeApi[2].VpcConfig", What: "bad value"}}},
		{"field error without a path", field.New("", errBad),
			[]vpcgate.InputProblem{{What: "bad value"}}},
		{"not an input error", errors.New("open plan.json: no such file or directory"),
			[]vpcgate.InputProblem{{What: "open plan.json: no such file or directory"}}},
		{"joined, in order", errors.Join(ie("a", 1, 2, errBad), field.New("b", errBad), errBad),
			[]vpcgate.InputProblem{{Where: "a", Line: 1, Column: 2, What: "bad value"}, {Where: "b", What: "bad value"}, {What: "bad value"}}},
		{"nested joins and nils flattened", errors.Join(errors.Join(nil, ie("a", 1, 1, errBad)), nil, errors.Join(errors.Join(field.New("b", errBad)))),
			[]vpcgate.InputProblem{{Where: "a", Line: 1, Column: 1, What: "bad value"}, {Where: "b", What: "bad value"}}},
		{"control characters kept (JSON and text escape them)", ie("groups[0][\"\x1b[31m\"]", 2, 3, errors.New("line\nbreak\u202e")),
			[]vpcgate.InputProblem{{Where: "groups[0][\"\x1b[31m\"]", Line: 2, Column: 3, What: "line\nbreak\u202e"}}},
		{"invalid UTF-8 kept", field.New("a\xff", errors.New("b\xfe")),
			[]vpcgate.InputProblem{{Where: "a\xff", What: "b\xfe"}}},
		{"field error around an input error", field.New("responses[1]", ie("items[2].cidr", 3, 9, errBad)),
			[]vpcgate.InputProblem{{Where: "responses[1].items[2].cidr", Line: 3, Column: 9, What: "bad value"}}},
		{"field errors nested, index joined without a dot", field.New("a", field.New("[3]", field.New("b", errBad))),
			[]vpcgate.InputProblem{{Where: "a[3].b", What: "bad value"}}},
		{"field error around a join: one problem", field.New("a", errors.Join(errBad, errBad)),
			[]vpcgate.InputProblem{{Where: "a", What: "bad value\nbad value"}}},
		{"wrapped with more words: the whole message", fmt.Errorf("reading plan.json: %w", ie("a", 1, 2, errBad)),
			[]vpcgate.InputProblem{{What: "reading plan.json: a (line 1, column 2): bad value"}}},
		{"input error that wraps a sentinel", ie("port", 5, 1, fmt.Errorf("%w: 70000", errBad)),
			[]vpcgate.InputProblem{{Where: "port", Line: 5, Column: 1, What: "bad value: 70000"}}},
		{"input error without Err", ie("x", 1, 1, nil),
			[]vpcgate.InputProblem{{Where: "x", Line: 1, Column: 1, What: "<nil>"}}},
		{"field error without Err", field.New("x", nil),
			[]vpcgate.InputProblem{{Where: "x", What: "<nil>"}}},
		{"typed nil input error", (*vpcgate.InputError)(nil),
			[]vpcgate.InputProblem{{What: "<nil>"}}},
		{"typed nil field error", errors.Join((*field.Error)(nil), errBad),
			[]vpcgate.InputProblem{{What: "<nil>"}, {What: "bad value"}}},
		{"typed nil of another type", field.New("x", (*nilErr)(nil)),
			[]vpcgate.InputProblem{{Where: "x", What: "<nil>"}}},
		{"an Error method that panics", panicky{},
			[]vpcgate.InputProblem{{What: "%!v(PANIC=Error method: boom)"}}},
		{"zero position left out", ie("a", 0, 0, errBad),
			[]vpcgate.InputProblem{{Where: "a", What: "bad value"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := vpcgate.InputProblems(tc.err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("InputProblems() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInputProblemsDeepNesting: field errors nested without end cost a
// bounded walk; the place holds the first 64 paths, the rest is in the
// message.
func TestInputProblemsDeepNesting(t *testing.T) {
	var err error = errBad
	for range 1000 {
		err = field.New("a", err)
	}
	got := vpcgate.InputProblems(err)
	if len(got) != 1 {
		t.Fatalf("got %d problems, want 1", len(got))
	}
	if n := strings.Count(got[0].Where, "a"); n != 64 {
		t.Errorf("Where has %d paths, want 64", n)
	}
	if want := strings.Repeat("a: ", 1000-64) + "bad value"; got[0].What != want {
		t.Errorf("What = %.40q..., want %.40q...", got[0].What, want)
	}
}

// TestInputProblemsOfReaders: for what the library's readers return, each
// problem prints as the error it came from, and there is one per error.
func TestInputProblemsOfReaders(t *testing.T) {
	_, planErr := vpcgate.ParsePlan([]byte("{\"instance\": {\"zones\": [{\"vSwitchCidr\": \"10.0.1.5/24\"}], \"name\": 1},\n \"a\\u0007\": 2, \"vpc\": null}"))
	_, respErr := vpcgate.ReadResponses([]byte(`[]`), []byte(`{"Instances":{"InstanceAttribute":[{"InstanceId":1}]}}`), []byte("{\"a\":1}\x00"))
	_, tfErr := vpcgate.ReadTerraformPlan([]byte(`{"format_version": "1.2", "format_version": "1.2"}`))
	_, tfSyntax := vpcgate.ReadTerraformPlan([]byte(`{`))
	for name, err := range map[string]error{"ParsePlan": planErr, "ReadResponses": respErr, "ReadTerraformPlan": tfErr, "ReadTerraformPlan syntax": tfSyntax} {
		t.Run(name, func(t *testing.T) {
			checkReaderProblems(t, err)
			if n := len(field.Split(err)); name == "ParsePlan" && n < 4 || name == "ReadResponses" && n < 3 {
				t.Errorf("got %d problems, want every one of the document's", n)
			}
		})
	}
}

// checkReaderProblems checks the problems of an error a reader returned
// against its parts: one each, in order, with the same message and path,
// and a position exactly when the part is an *InputError.
func checkReaderProblems(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("the reader returned no error")
	}
	parts := field.Split(err)
	got := vpcgate.InputProblems(err)
	if len(got) != len(parts) {
		t.Fatalf("got %d problems, want %d (one per error)", len(got), len(parts))
	}
	for i, p := range got {
		if s := p.String(); s != parts[i].Error() {
			t.Errorf("problem %d prints %q, want the error's %q", i, s, parts[i].Error())
		}
		path, _ := field.PathOf(parts[i])
		var ie *vpcgate.InputError
		if errors.As(parts[i], &ie) {
			path = ie.Path
		}
		if p.Where != string(path) {
			t.Errorf("problem %d: Where %q, want %q", i, p.Where, path)
		}
		if positioned := ie != nil; positioned != (p.Line > 0 && p.Column > 0) {
			t.Errorf("problem %d: line %d, column %d, want a position: %v", i, p.Line, p.Column, positioned)
		}
	}
}

// TestInputProblemsRandom compares InputProblems with the problems a
// seeded random error tree is built from.
func TestInputProblemsRandom(t *testing.T) {
	n := 5000
	if testing.Short() {
		n = 500
	}
	r := rand.New(rand.NewPCG(7, 11))
	for i := range n {
		want, err := randomErr(r, 4, true)
		got := vpcgate.InputProblems(err)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("tree %d: %v\nInputProblems() mismatch (-want +got):\n%s", i, err, diff)
		}
	}
}

var oddPaths = []string{"", "a", "[1]", "zones[1].vSwitchCidr", `m["a b"]`, "\x1b[31m", "é\u202e", "x\ny", "\xff"}
var oddWhats = []string{"", "bad value", "tab\there", "\u200b", "a: b", "\x00"}

// randomErr returns the problems a random error holds, and the error. With split,
// a join at the top may stand for several problems; inside another error it
// is one.
func randomErr(r *rand.Rand, depth int, split bool) ([]vpcgate.InputProblem, error) {
	path := oddPaths[r.IntN(len(oddPaths))]
	what := oddWhats[r.IntN(len(oddWhats))]
	kind := r.IntN(6)
	if depth == 0 || kind == 4 && !split { // a typed nil cannot print inside another error
		kind = r.IntN(2)
	}
	switch kind {
	case 0:
		return []vpcgate.InputProblem{{What: what}}, errors.New(what)
	case 1:
		line, col := r.IntN(3), r.IntN(3)
		return []vpcgate.InputProblem{{Where: path, Line: line, Column: col, What: what}},
			&vpcgate.InputError{Path: field.Path(path), Line: line, Column: col, Err: errors.New(what)}
	case 2:
		ps, inner := randomErr(r, depth-1, false)
		p := ps[0]
		p.Where = string(field.Path(path).Join(field.Path(p.Where)))
		return []vpcgate.InputProblem{p}, field.New(field.Path(path), inner)
	case 3:
		_, inner := randomErr(r, depth-1, false)
		err := fmt.Errorf("%s: %w", what, inner)
		return []vpcgate.InputProblem{{What: err.Error()}}, err
	case 4:
		return []vpcgate.InputProblem{{What: "<nil>"}}, (*vpcgate.InputError)(nil)
	}
	var errs []error
	var want []vpcgate.InputProblem
	for range 1 + r.IntN(3) {
		ps, e := randomErr(r, depth-1, split)
		errs = append(errs, e)
		want = append(want, ps...)
	}
	err := errors.Join(errs...)
	if !split {
		return []vpcgate.InputProblem{{What: err.Error()}}, err
	}
	return want, err
}

// TestInputProblemsNoAliases: each call returns a new list.
func TestInputProblemsNoAliases(t *testing.T) {
	err := errors.Join(field.New("a", errBad), field.New("b", errBad))
	first := vpcgate.InputProblems(err)
	first[0].Where = "changed"
	if got := vpcgate.InputProblems(err); got[0].Where != "a" {
		t.Errorf("second call: Where %q, want %q", got[0].Where, "a")
	}
}

func TestInputProblemString(t *testing.T) {
	for _, tc := range []struct {
		p    vpcgate.InputProblem
		want string
	}{
		{vpcgate.InputProblem{Where: "a.b", Line: 3, Column: 7, What: "bad"}, "a.b (line 3, column 7): bad"},
		{vpcgate.InputProblem{Line: 1, Column: 1, What: "bad"}, "line 1, column 1: bad"},
		{vpcgate.InputProblem{Where: "a", What: "bad"}, "a: bad"},
		{vpcgate.InputProblem{What: "bad"}, "bad"},
		{vpcgate.InputProblem{}, ""},
		{vpcgate.InputProblem{Line: 2, What: "x"}, "line 2, column 0: x"},
		{vpcgate.InputProblem{Where: "\n", What: "\x1b"}, "\n: \x1b"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.p.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// legacyInputJSON is how the preflight program encoded input errors before
// the library did: the reference the report's JSON must match byte for byte.
func legacyInputJSON(plan string, list []vpcgate.InputProblem) []byte {
	type inputError struct {
		Where  string `json:"where"`
		Line   int    `json:"line,omitempty"`
		Column int    `json:"column,omitempty"`
		What   string `json:"what"`
	}
	var l []inputError
	for _, p := range list {
		l = append(l, inputError{p.Where, p.Line, p.Column, p.What}) // File is empty in what they encoded
	}
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(struct {
		Version     int          `json:"version"`
		Plan        string       `json:"plan"`
		OK          bool         `json:"ok"`
		InputErrors []inputError `json:"inputErrors"`
	}{vpcgate.ReportVersion, plan, false, l})
	return b.Bytes()
}

func TestInputReportJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	plans := []string{"plan.json", "", "<a&b>", "\x1b]0;title\x07", "standard input", "\u2028"}
	for i := range 300 {
		_, err := randomErr(r, 3, true)
		plan := plans[i%len(plans)]
		rep := vpcgate.NewInputReport(plan, err)
		var b bytes.Buffer
		if err := json.NewEncoder(&b).Encode(rep); err != nil {
			t.Fatal(err)
		}
		if want := legacyInputJSON(plan, vpcgate.InputProblems(err)); !bytes.Equal(b.Bytes(), want) {
			t.Fatalf("report %d:\n got %s\nwant %s", i, b.Bytes(), want)
		}
		var back vpcgate.InputReport
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if validUTF8(rep) { // JSON writes invalid UTF-8 as U+FFFD
			if diff := cmp.Diff(rep, back); diff != "" {
				t.Fatalf("report %d: JSON round trip mismatch (-want +got):\n%s", i, diff)
			}
		}
	}
	for _, tc := range []struct {
		name string
		rep  vpcgate.InputReport
		want string
	}{
		{"nil error", vpcgate.NewInputReport("p", nil), `{"version":1,"plan":"p","ok":false,"inputErrors":[]}`},
		{"zero report", vpcgate.InputReport{}, `{"version":0,"plan":"","ok":false,"inputErrors":[]}`},
		{"null plan", vpcgate.NewInputReport("null-plan.json", &vpcgate.InputError{Line: 1, Column: 1, Err: errors.New("want an object, got null")}),
			`{"version":1,"plan":"null-plan.json","ok":false,"inputErrors":[{"where":"","line":1,"column":1,"what":"want an object, got null"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.rep)
			if err != nil || string(got) != tc.want {
				t.Errorf("got %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

// validUTF8 reports whether every text of r is valid UTF-8.
func validUTF8(r vpcgate.InputReport) bool {
	ok := utf8.ValidString(r.Plan)
	for _, p := range r.InputErrors {
		ok = ok && utf8.ValidString(p.Where) && utf8.ValidString(p.What)
	}
	return ok
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errBad }

func TestInputReportWriteText(t *testing.T) {
	for _, tc := range []struct {
		name string
		rep  vpcgate.InputReport
		want string
	}{
		{"problems", vpcgate.NewInputReport("plan.json", errors.Join(
			&vpcgate.InputError{Path: "instance", Line: 5, Column: 3, Err: errors.New("want an object, got a string")},
			field.New("DescribeApi[0].ApiId", errBad), errors.New("other"))),
			"plan.json: instance (line 5, column 3): want an object, got a string\n" +
				"plan.json: DescribeApi[0].ApiId: bad value\n" +
				"plan.json: other\n" +
				"plan.json: 3 input error(s); nothing was checked\n"},
		{"control characters escaped", vpcgate.NewInputReport("x\ny.json", field.New("a\x1b[2J", errors.New("evil\u202e\nplan.json: ok"))),
			`x\ny.json: a\x1b[2J: evil\u202e\nplan.json: ok` + "\n" +
				`x\ny.json: 1 input error(s); nothing was checked` + "\n"},
		{"no plan name", vpcgate.NewInputReport("", errBad), "bad value\n1 input error(s); nothing was checked\n"},
		{"no problems", vpcgate.NewInputReport("p", nil), "p: 0 input error(s); nothing was checked\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := tc.rep.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, b.String()); diff != "" {
				t.Errorf("WriteText() mismatch (-want +got):\n%s", diff)
			}
			if n := strings.Count(b.String(), "\n"); n != len(tc.rep.InputErrors)+1 {
				t.Errorf("got %d lines, want %d (one per problem and the summary)", n, len(tc.rep.InputErrors)+1)
			}
		})
	}
	if err := vpcgate.NewInputReport("p", errBad).WriteText(failWriter{}); !errors.Is(err, errBad) {
		t.Errorf("WriteText to a failing writer: got %v, want %v", err, errBad)
	}
}

// TestInputProblemsAllocs pins the allocations: the list, and each
// problem's message.
func TestInputProblemsAllocs(t *testing.T) {
	single := &vpcgate.InputError{Path: "a", Line: 1, Column: 1, Err: errBad}
	if n := testing.AllocsPerRun(100, func() { _ = vpcgate.InputProblems(single) }); n > 2 {
		t.Errorf("one problem: %v allocations, want at most 2", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = vpcgate.InputProblems(nil) }); n != 0 {
		t.Errorf("nil: %v allocations, want 0", n)
	}
	errs := make([]error, 1000)
	for i := range errs {
		errs[i] = field.New("a", errBad)
	}
	joined := errors.Join(errs...)
	// field.Split's list grows by appending: about 2×, in a few allocations.
	if n := testing.AllocsPerRun(10, func() { _ = vpcgate.InputProblems(joined) }); n > 1000+30 {
		t.Errorf("1000 problems: %v allocations, want at most one per problem and a few more", n)
	}
}

// FuzzInputProblems: whatever a reader makes of a document, there is one
// problem per error, each prints as its error, the report's JSON reads back
// and its text has one escaped line per problem and a summary.
func FuzzInputProblems(f *testing.F) {
	f.Add([]byte(`{"instance": {"name": 1, "name": 2}}`))
	f.Add([]byte("{\"a\u0007\": 1}"))
	f.Add([]byte(`{"format_version": "1.2"}`))
	f.Add([]byte(`{"Instances": {"InstanceAttribute": [{"InstanceId": 1}]}}`))
	f.Add([]byte("\xef\xbb\xbf{}"))
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"alicloud_network_acl.a","mode":"managed","type":"alicloud_network_acl","name":"a","values":{"id":"nacl-1","ingress_acl_entries":[{"policy":"accept","protocol":"icmpv6","port":"-1/-1","source_cidr_ip":"2408:4004:cc:400::/56"},{"policy":"x","protocol":"tcp","port":"0/-1","source_cidr_ip":"10.0.0.1/8"}],"resources":[{"resource_id":"vsw-1","resource_type":"VSwitch"}]}},{"address":"alicloud_vpc_network_acl_attachment.b","mode":"managed","type":"alicloud_vpc_network_acl_attachment","name":"b","values":{"network_acl_id":"nacl-1","resource_id":"vsw-2"}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, planErr := vpcgate.ParsePlan(data)
		_, tfErr := vpcgate.ReadTerraformPlan(data)
		_, respErr := vpcgate.ReadResponses(data)
		for _, err := range []error{planErr, tfErr, respErr} {
			if err == nil {
				if vpcgate.InputProblems(err) != nil {
					t.Fatal("InputProblems(nil) != nil")
				}
				continue
			}
			checkReaderProblems(t, err)
			rep := vpcgate.NewInputReport(string(data), err)
			b, jerr := json.Marshal(rep)
			if jerr != nil || !json.Valid(b) {
				t.Fatalf("JSON: %v: %s", jerr, b)
			}
			var back vpcgate.InputReport
			if err := json.Unmarshal(b, &back); err != nil || len(back.InputErrors) != len(rep.InputErrors) || back.OK {
				t.Fatalf("JSON read back %d problems (ok %v), want %d: %v", len(back.InputErrors), back.OK, len(rep.InputErrors), err)
			}
			var text strings.Builder
			if err := rep.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n")
			if len(lines) != len(rep.InputErrors)+1 {
				t.Fatalf("text has %d lines, want %d", len(lines), len(rep.InputErrors)+1)
			}
			for _, l := range lines {
				if !strings.HasPrefix(l, vpcgate.Escape(string(data))) || vpcgate.Escape(l) != l {
					t.Fatalf("line %q is not escaped or does not lead with the plan's name", l)
				}
			}
		}
	})
}

func BenchmarkInputProblems(b *testing.B) {
	for _, n := range []int{16, 1000, 100000} {
		_, err := vpcgate.ParsePlan(manyProblems(n / 2))
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = vpcgate.InputProblems(err)
			}
		})
	}
}

package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/field"
)

// plain converts a tree to the value encoding/json decodes (with
// UseNumber), the slow obviously-correct reference.
func plain(n *node) any {
	switch n.kind {
	case 'o':
		m := map[string]any{}
		for i, k := range n.keys {
			m[k] = plain(n.vals[i])
		}
		return m
	case 'a':
		out := []any{}
		for _, e := range n.elems {
			out = append(out, plain(e))
		}
		return out
	case 's':
		return n.str
	case 'n':
		return json.Number(n.str)
	case 'b':
		return n.b
	}
	return nil
}

func reference(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("reference decode: %v", err)
	}
	if v == nil {
		return nil
	}
	return normalise(v)
}

func normalise(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalise(e)
		}
	case []any:
		if x == nil {
			return []any{}
		}
		for i, e := range x {
			x[i] = normalise(e)
		}
	}
	return v
}

// randomValue builds a random JSON value without duplicate keys.
func randomValue(r *rand.Rand, depth int) any {
	switch k := r.IntN(7); {
	case depth > 3 || k == 0:
		return []string{"a", "", "é", "\u2028", "x\"y", "10.0.0.0/8"}[r.IntN(6)]
	case k == 1:
		return json.Number(strconv.Itoa(r.IntN(2000) - 1000))
	case k == 2:
		return r.IntN(2) == 0
	case k == 3:
		return nil
	case k == 4:
		out := []any{}
		for range r.IntN(4) {
			out = append(out, randomValue(r, depth+1))
		}
		return out
	}
	m := map[string]any{}
	for range r.IntN(5) {
		m[[]string{"Instances", "InstanceId", "a b", "", "ключ", "k"}[r.IntN(6)]+strconv.Itoa(r.IntN(3))] = randomValue(r, depth+1)
	}
	return m
}

func TestParseAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 2000
	if testing.Short() {
		n = 200
	}
	for range n {
		v := randomValue(r, 0)
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parse(data, "doc")
		if err != nil {
			t.Fatalf("parse(%s): %v", data, err)
		}
		if diff := cmp.Diff(reference(t, data), plain(got)); diff != "" {
			t.Fatalf("parse(%s) mismatch (-want +got):\n%s", data, diff)
		}
		// The token parser, used for invalid documents, reads valid ones alike.
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		tp := tokenParser{dec: dec, trail: trail{root: "doc"}}
		slow, err := tp.value(0)
		if err != nil {
			t.Fatalf("tokenParser(%s): %v", data, err)
		}
		if diff := cmp.Diff(plain(got), plain(slow)); diff != "" {
			t.Fatalf("the two parsers disagree on %s (-fast +token):\n%s", data, diff)
		}
	}
}

func TestParseRejects(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)
	var wide strings.Builder // more keys than are searched without a map
	for i := range 40 {
		wide.WriteString(`"k` + strconv.Itoa(i) + `": 1, `)
	}
	tests := []struct {
		name, doc string
		wantPath  field.Path
		wantMsg   string
	}{
		{"duplicate key", `{"a": {"b": 1, "b": 2}}`, `doc.a.b`, `duplicate key "b"`},
		{"duplicate odd key", `{"a b": 1, "a b": 1}`, `doc["a b"]`, "duplicate key"},
		{"duplicate key after many", "{" + wide.String() + `"k3": 2}`, `doc.k3`, `duplicate key "k3"`},
		{"duplicate key among many", "{" + wide.String() + `"k39": 2}`, `doc.k39`, `duplicate key "k39"`},
		{"duplicate key in array", `{"x": [{}, {"k": 1, "k": 1}]}`, `doc.x[1].k`, "duplicate key"},
		{"trailing data", `{} {}`, `doc`, "data after the JSON value"},
		{"truncated", `{"a": [1, 2`, `doc.a`, "malformed JSON"},
		{"syntax", `{"a": tru}`, `doc.a`, "malformed JSON"},
		{"invalid UTF-8", "{\"a\": \"\xff\"}", `doc`, "not valid UTF-8"},
		{"too deep", deep, "doc" + field.Path(strings.Repeat("[0]", maxDepth+1)), "nested deeper"},
		{"empty", ``, `doc`, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse([]byte(tt.doc), "doc")
			wantProblem(t, err, tt.wantPath, tt.wantMsg)
		})
	}
}

// wantProblem checks that err is one problem matching ErrInvalid, at
// wantPath, whose message contains wantMsg.
func wantProblem(t *testing.T, err error, wantPath field.Path, wantMsg string) {
	t.Helper()
	if err == nil {
		t.Fatal("got nil error, want one")
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(err, ErrInvalid) = false: %v", err)
	}
	if p, _ := field.PathOf(err); p != wantPath {
		t.Errorf("path = %q, want %q (%v)", p, wantPath, err)
	}
	if !strings.Contains(err.Error(), wantMsg) {
		t.Errorf("error %q does not contain %q", err, wantMsg)
	}
}

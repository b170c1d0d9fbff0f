package openapi

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/field"
)

// plain converts a tree to the value encoding/json decodes (with
// UseNumber).
func plain(n *node) any {
	switch n.kind {
	case 'o':
		m := map[string]any{}
		for i, k := range n.keys {
			m[k] = plain(&n.vals[i])
		}
		return m
	case 'a':
		out := []any{}
		for i := range n.vals {
			out = append(out, plain(&n.vals[i]))
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

// TestParseDepth: values nested maxDepth levels deep are read; deeper ones
// are not (TestParseRejects).
func TestParseDepth(t *testing.T) {
	for _, doc := range []string{
		strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
		strings.Repeat("[", maxDepth) + `"x"` + strings.Repeat("]", maxDepth),
		strings.Repeat(`{"a":`, maxDepth) + "null" + strings.Repeat("}", maxDepth),
	} {
		if _, err := parse([]byte(doc), "doc", &build{}); err != nil {
			t.Errorf("parse(%.20s...) = %v, want no error", doc, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)
	deepLeaf := strings.Repeat("[", maxDepth+1) + "1" + strings.Repeat("]", maxDepth+1)
	tests := []struct {
		name, doc string
		wantPath  field.Path
		wantMsg   string
	}{
		{"duplicate key", `{"a": {"b": 1, "b": 2}}`, `doc.a.b`, `duplicate key "b"`},
		{"duplicate odd key", `{"a b": 1, "a b": 1}`, `doc["a b"]`, "duplicate key"},
		{"trailing data", `{} {}`, `doc`, "invalid OpenAPI response: data after the JSON value (offset 3)"},
		{"truncated", `{"a": [1, 2`, `doc.a`, "malformed JSON"},
		{"syntax", `{"a": tru}`, `doc.a`, "invalid OpenAPI response: malformed JSON at offset 6: invalid character 't', want a value"},
		{"invalid UTF-8", "{\"a\": \"\xff\"}", `doc`, "not valid UTF-8"},
		{"too deep", deep, "doc" + field.Path(strings.Repeat("[0]", maxDepth+1)), "nested deeper"},
		{"too deep at a string", deepLeaf, "doc" + field.Path(strings.Repeat("[0]", maxDepth+1)), "nested deeper than 64 levels"},
		{"empty", ``, `doc`, "malformed JSON"},
		{"duplicate escaped key", `{"a": {"b": 1, "\u0062": 2}}`, `doc.a.b`, `duplicate key "b"`},
		{"first problem only", `{"a": 1, "a": 2, "b": tru}`, `doc.a`, `duplicate key "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse([]byte(tt.doc), "doc", &build{})
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

// newReader returns an empty reader.
func newReader() *reader { return &reader{masked: map[field.Path]Masked{}} }

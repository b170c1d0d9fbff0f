package openapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
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

// TestParseRejects: every problem of a document at once, each at its path
// with its line and column, in the words every reader uses (#19: the first
// problem alone, by byte offset, in words of this reader's own, before).
func TestParseRejects(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)
	deepLeaf := strings.Repeat("[", maxDepth+1) + "1" + strings.Repeat("]", maxDepth+1)
	type problem struct {
		path field.Path
		pos  string // line:column
		msg  string
	}
	tests := []struct {
		name, doc string
		want      []problem
	}{
		{"duplicate key", `{"a": {"b": 1, "b": 2}}`, []problem{{`doc.a.b`, "1:16", "key given twice (also at line 1, column 8)"}}},
		{"duplicate odd key", `{"a b": 1, "a b": 1}`, []problem{{`doc["a b"]`, "1:12", "key given twice (also at line 1, column 2)"}}},
		{"trailing data", `{} {}`, []problem{{`doc`, "1:4", "malformed JSON: data after the document's JSON value"}}},
		{"truncated", `{"a": [1, 2`, []problem{{`doc.a`, "1:12", "malformed JSON: unexpected end of the document"}}},
		{"syntax", `{"a": tru}`, []problem{{`doc.a`, "1:7", "malformed JSON: want a value, got 't'"}}},
		{"invalid UTF-8", "{\"a\": \"\xff\"}", []problem{{`doc.a`, "1:8", "invalid UTF-8"}}},
		{"byte order mark", "\ufeff{}", []problem{{`doc`, "1:1", "the document starts with a UTF-8 byte order mark (BOM); save it without one"}}},
		{"too deep", deep, []problem{{"doc" + field.Path(strings.Repeat("[0]", maxDepth+1)), "1:66", "nested deeper than 64 levels"}}},
		{"too deep at a string", deepLeaf, []problem{{"doc" + field.Path(strings.Repeat("[0]", maxDepth+1)), "1:66", "nested deeper than 64 levels"}}},
		{"empty", ``, []problem{{`doc`, "1:1", "empty document: want a JSON object"}}},
		{"duplicate escaped key", `{"a": {"b": 1, "\u0062": 2}}`, []problem{{`doc.a.b`, "1:16", "key given twice (also at line 1, column 8)"}}},
		{"every problem", "{\"a\": 1, \"a\": 2,\n \"b\": tru}", []problem{{`doc.a`, "1:10", "key given twice (also at line 1, column 2)"}, {`doc.b`, "2:7", "malformed JSON: want a value, got 't'"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse([]byte(tt.doc), "doc", &build{})
			var got []problem
			for _, e := range field.Split(err) {
				var je *jsonlex.Error
				if !errors.As(e, &je) || !errors.Is(e, ErrInvalid) {
					t.Fatalf("%v: want a *jsonlex.Error matching ErrInvalid", e)
				}
				p, _ := field.PathOf(e)
				got = append(got, problem{p, fmt.Sprintf("%d:%d", je.Line, je.Column), je.Err.Error()})
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(problem{})); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
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

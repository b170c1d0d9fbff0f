package routing

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// plain builds plain Go values (maps, slices, strings) for the tests; an
// object's index, when given, must map every key to its position.
type plain struct{ t testing.TB }

func (plain) Null() any           { return nil }
func (plain) Bool(b bool) any     { return b }
func (plain) Number(s string) any { return json.Number(s) }
func (plain) String(s string) any { return s }
func (plain) Array(e []any) any {
	if e == nil {
		return []any{}
	}
	return e
}

func (p plain) Object(keys []string, vals []any, index map[string]int) any {
	m := make(map[string]any, len(keys))
	for i, k := range keys {
		m[k] = vals[i]
		if index != nil && index[k] != i {
			p.t.Errorf("index[%q] = %d, want %d", k, index[k], i)
		}
	}
	if index != nil && len(index) != len(keys) {
		p.t.Errorf("index of %d keys for %d members", len(index), len(keys))
	}
	return m
}

func TestParseYAML(t *testing.T) {
	route := func(typ, key, val string) map[string]any {
		return map[string]any{"routes": []any{map[string]any{"backend": map[string]any{"type": typ, key: val}}}}
	}
	var many strings.Builder
	wantMany := map[string]any{}
	for i := range 20 {
		fmt.Fprintf(&many, "k%d: v%d\n", i, i)
		wantMany[fmt.Sprint("k", i)] = fmt.Sprint("v", i)
	}
	tests := []struct {
		name, text string
		want       any
	}{
		{"empty", "", nil},
		{"comments only", "# a\n\n# b\n", nil},
		{"document marker only", "---\n", nil},
		{"scalars", "a: |\n  one\n  two\nb: ~\nc: 'x'\nd: \"q\\u00e9\"\ne:\n  - 1\n  -\n    f: g\n",
			map[string]any{"a": "one\ntwo\n", "b": nil, "c": "x", "d": "qé", "e": []any{"1", map[string]any{"f": "g"}}}},
		{"folded", "a: >-\n  x\n  y\nb: c\n", map[string]any{"a": "x y", "b": "c"}},
		{"address route", "routes:\n- name: Blue\n  backend:\n    type: HTTP\n    address: \"https://beta-version.api.foo.com\"\n", map[string]any{"routes": []any{
			map[string]any{"name": "Blue", "backend": map[string]any{"type": "HTTP", "address": "https://beta-version.api.foo.com"}}}}},
		{"sequence at the key's indentation", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\n", route("HTTP-VPC", "vpcAccessName", "a")},
		{"indented sequence", "routes:\n  - backend:\n      type: HTTP\n      address: http://10.0.1.5:8080\n", route("HTTP", "address", "http://10.0.1.5:8080")},
		{"flow collection is JSON", "routes: [{\"backend\": {\"type\": \"HTTP\", \"address\": \"http://10.0.1.5\"}}]\n", route("HTTP", "address", "http://10.0.1.5")},
		{"flow numbers stay numbers", "a: [1, 2.5]\n", map[string]any{"a": []any{json.Number("1"), json.Number("2.5")}}},
		{"crlf", "a: b\r\nc: d\r\n", map[string]any{"a": "b", "c": "d"}},
		{"lone carriage returns", "a: b\rc: d\r", map[string]any{"a": "b", "c": "d"}},
		{"comment after a value", "a: b # c\nd: e\t# f\n", map[string]any{"a": "b", "d": "e"}},
		{"hash inside a value", "a: b#c\n", map[string]any{"a": "b#c"}},
		{"ideographic space is content", "a: b\u3000\n", map[string]any{"a": "b\u3000"}},
		{"null key", "~: a\n", map[string]any{"": "a"}},
		{"quoted key", "'a b': c\n", map[string]any{"a b": "c"}},
		{"large mapping indexed", many.String(), wantMany},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseYAML(tt.text, plain{t})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseYAMLRejects(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		says       string
	}{
		{"tab indent", "routes:\n\t- x\n", 2, "a tab"},
		{"anchor", "routes: &a []\n", 1, "not supported"},
		{"alias", "routes:\n- backend: *b\n", 2, "not supported"},
		{"tag", "a: !x b\n", 1, "not supported"},
		{"directive", "%YAML 1.2\n---\na: b\n", 1, "directives"},
		{"flow not json", "routes: [a, b]\n", 1, "flow collection"},
		{"flow too deep", "a: " + strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2) + "\n", 1, "flow collection"},
		{"multi-line plain", "a:\n  b: c\n    d\n", 3, "multi-line"},
		{"bad indentation", "routes:\n  - a\n - b\n", 3, "unexpected indentation"},
		{"two documents", "a: []\n---\nb: []\n", 2, "several documents"},
		{"end marker", "a: b\n...\n", 2, "several documents"},
		{"unterminated quote", "a: \"abc\n", 1, "unterminated"},
		{"text after quote", "a: 'a' b\n", 1, "after a quoted"},
		{"not key value", "routes\n", 1, "key: value"},
		{"duplicate key", "a: 1\na: 2\n", 2, `key "a" given twice (also at line 1)`},
		{"duplicate key, quoted", "a: 1\n\"a\": 2\n", 2, `key "a" given twice (also at line 1)`},
		{"nested sequences on one line", "- - a\n", 1, "nested sequences"},
		{"block indentation indicator", "a: |2\n  x\n", 1, "indicators"},
		{"unknown escape", "a: \"\\q\"\n", 1, "escapes"},
		{"too deep", deep(MaxDepth + 2), MaxDepth + 2, "nested deeper than 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML(tt.text, plain{t})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if e.Line != tt.line || !strings.Contains(e.What, tt.says) {
				t.Errorf("err = %v, want line %d saying %q", err, tt.line, tt.says)
			}
			if want := fmt.Sprintf("YAML line %d: ", tt.line); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %q, want it to start %q", err, want)
			}
		})
	}
}

// deep returns n mappings nested one in the other, one key a line.
func deep(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("a:\n")
	}
	b.WriteString(strings.Repeat(" ", n))
	b.WriteString("b: c\n")
	return b.String()
}

func TestSplit(t *testing.T) {
	tests := []struct {
		data, text string
		isJSON     bool
	}{
		{`{"routes":[]}`, `{"routes":[]}`, true},
		{" \r\n\t{}", " \r\n\t{}", true},
		{"\ufeff{}", "{}", true},
		{"\ufeffroutes: []\n", "routes: []\n", false},
		{"routes: []\n", "routes: []\n", false},
		{"[]", "[]", false},
		{"", "", false},
		{"\u3000{}", "\u3000{}", false}, // not white space in JSON or YAML
	}
	for _, tt := range tests {
		text, isJSON := Split(tt.data)
		if text != tt.text || isJSON != tt.isJSON {
			t.Errorf("Split(%q) = %q, %v; want %q, %v", tt.data, text, isJSON, tt.text, tt.isJSON)
		}
	}
}

// FuzzParseYAML: ParseYAML never panics; a problem is an *Error on a line
// of the text; reading again gives the same.
func FuzzParseYAML(f *testing.F) {
	for _, s := range []string{"", "routes:\n- backend:\n    type: HTTP\n    address: http://10.0.1.5:8080\n", "a: |\n  x\n", "a: [1, {\"b\": 2}]\n", "- - a\n", "'a': \"b\"\n", "k: >\n x\n\n y\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		v, err := ParseYAML(text, plain{t})
		if err != nil {
			var e *Error
			lines := strings.Count(strings.ReplaceAll(text, "\r\n", "\n"), "\n") + strings.Count(text, "\r") + 1
			if !errors.As(err, &e) || e.Line < 1 || e.Line > lines {
				t.Fatalf("err = %v (%d lines)", err, lines)
			}
		}
		v2, err2 := ParseYAML(text, plain{t})
		if !cmp.Equal(v, v2) || (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatal("two reads differ")
		}
	})
}

// TestBlockScalars: literal and folded block scalars, with each chomping,
// read as YAML 1.2 reads them. The wanted values (and which texts are
// errors) are what PyYAML 6.0.3 reads from each text, an independent
// reader: a name with "|-" or ">-" was read with a line break or a space
// at its end (an authorization "orders " that does not exist, a false
// missing-authorization), and "|" without one (a name "orders" for the
// cloud's "orders\n").
func TestBlockScalars(t *testing.T) {
	tests := []struct {
		text, want string
		err        bool
	}{
		{"x: |\n  orders\n", "orders\n", false},
		{"x: |\n  orders\n\nz: 1\n", "orders\n", false},
		{"x: |\n  a\n  b\n", "a\nb\n", false},
		{"x: |\n  a\n\n  b\nz: 1\n", "a\n\nb\n", false},
		{"x: |\n  a\n   b\n  c\n", "a\n b\nc\n", false},
		{"x: |\n  a\n   b\n\n  c\nz: 1\n", "a\n b\n\nc\n", false},
		{"x: |\n  a  \n", "a  \n", false},
		{"x: |\n  # not a comment\n  x\nz: 1\n", "# not a comment\nx\n", false},
		{"x: |\n    deep\n  shallow?\n", "", true},
		{"x: |\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: |\n\n", "", false},
		{"x: |\n  a\n    b\n    c\n  d\n", "a\n  b\n  c\nd\n", false},
		{"x: |\n  a\n\n    b\n\n  c\n\nz: 1\n", "a\n\n  b\n\nc\n", false},
		{"x: |-\n  orders\n\n", "orders", false},
		{"x: |-\n  orders\n\n\nz: 1\n", "orders", false},
		{"x: |-\n  a\n\n  b\n", "a\n\nb", false},
		{"x: |-\n  a\n\n\n  b\n\nz: 1\n", "a\n\n\nb", false},
		{"x: |-\n  a\n   b\n\n  c\n", "a\n b\n\nc", false},
		{"x: |-\n\n  a\nz: 1\n", "\na", false},
		{"x: |-\n  # not a comment\n  x\n", "# not a comment\nx", false},
		{"x: |-\n    deep\n  shallow?\n", "", true},
		{"x: |-\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: |-\n\nz: 1\n", "", false},
		{"x: |-\n  a\n\n    b\n\n  c\n\n", "a\n\n  b\n\nc", false},
		{"x: |+\n  orders\nz: 1\n", "orders\n", false},
		{"x: |+\n  orders\n\n\n", "orders\n\n\n", false},
		{"x: |+\n  a\n  b\nz: 1\n", "a\nb\n", false},
		{"x: |+\n  a\n\n\n  b\n\n", "a\n\n\nb\n\n", false},
		{"x: |+\n  a\n   b\n  c\nz: 1\n", "a\n b\nc\n", false},
		{"x: |+\n\n  a\n", "\na\n", false},
		{"x: |+\n  a  \nz: 1\n", "a  \n", false},
		{"x: |+\n    deep\n  shallow?\n", "", true},
		{"x: |+\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: |+\nz: 1\n", "", false},
		{"x: |+\n  a\n    b\n    c\n  d\nz: 1\n", "a\n  b\n  c\nd\n", false},
		{"x: >\n  orders\n", "orders\n", false},
		{"x: >\n  orders\n\nz: 1\n", "orders\n", false},
		{"x: >\n  a\n  b\n", "a b\n", false},
		{"x: >\n  a\n\n  b\nz: 1\n", "a\nb\n", false},
		{"x: >\n  a\n   b\n  c\n", "a\n b\nc\n", false},
		{"x: >\n  a\n   b\n\n  c\nz: 1\n", "a\n b\n\nc\n", false},
		{"x: >\n  a  \n", "a  \n", false},
		{"x: >\n  # not a comment\n  x\nz: 1\n", "# not a comment x\n", false},
		{"x: >\n    deep\n  shallow?\n", "", true},
		{"x: >\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: >\n\n", "", false},
		{"x: >\n  a\n    b\n    c\n  d\n", "a\n  b\n  c\nd\n", false},
		{"x: >\n  a\n\n    b\n\n  c\n\nz: 1\n", "a\n\n  b\n\nc\n", false},
		{"x: >-\n  orders\n\n", "orders", false},
		{"x: >-\n  orders\n\n\nz: 1\n", "orders", false},
		{"x: >-\n  a\n\n  b\n", "a\nb", false},
		{"x: >-\n  a\n\n\n  b\n\nz: 1\n", "a\n\nb", false},
		{"x: >-\n  a\n   b\n\n  c\n", "a\n b\n\nc", false},
		{"x: >-\n\n  a\nz: 1\n", "\na", false},
		{"x: >-\n  # not a comment\n  x\n", "# not a comment x", false},
		{"x: >-\n    deep\n  shallow?\n", "", true},
		{"x: >-\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: >-\n\nz: 1\n", "", false},
		{"x: >-\n  a\n\n    b\n\n  c\n\n", "a\n\n  b\n\nc", false},
		{"x: >+\n  orders\nz: 1\n", "orders\n", false},
		{"x: >+\n  orders\n\n\n", "orders\n\n\n", false},
		{"x: >+\n  a\n  b\nz: 1\n", "a b\n", false},
		{"x: >+\n  a\n\n\n  b\n\n", "a\n\nb\n\n", false},
		{"x: >+\n  a\n   b\n  c\nz: 1\n", "a\n b\nc\n", false},
		{"x: >+\n\n  a\n", "\na\n", false},
		{"x: >+\n  a  \nz: 1\n", "a  \n", false},
		{"x: >+\n    deep\n  shallow?\n", "", true},
		{"x: >+\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: >+\nz: 1\n", "", false},
		{"x: >+\n  a\n    b\n    c\n  d\nz: 1\n", "a\n  b\n  c\nd\n", false},
		{"x: | # c\n  orders\n", "orders\n", false},
		{"x: | # c\n  orders\n\nz: 1\n", "orders\n", false},
		{"x: | # c\n  a\n  b\n", "a\nb\n", false},
		{"x: | # c\n  a\n\n  b\nz: 1\n", "a\n\nb\n", false},
		{"x: | # c\n  a\n   b\n  c\n", "a\n b\nc\n", false},
		{"x: | # c\n  a\n   b\n\n  c\nz: 1\n", "a\n b\n\nc\n", false},
		{"x: | # c\n  a  \n", "a  \n", false},
		{"x: | # c\n  # not a comment\n  x\nz: 1\n", "# not a comment\nx\n", false},
		{"x: | # c\n    deep\n  shallow?\n", "", true},
		{"x: | # c\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: | # c\n\n", "", false},
		{"x: | # c\n  a\n    b\n    c\n  d\n", "a\n  b\n  c\nd\n", false},
		{"x: | # c\n  a\n\n    b\n\n  c\n\nz: 1\n", "a\n\n  b\n\nc\n", false},
		{"x: >- # c\n  orders\n\n", "orders", false},
		{"x: >- # c\n  orders\n\n\nz: 1\n", "orders", false},
		{"x: >- # c\n  a\n\n  b\n", "a\nb", false},
		{"x: >- # c\n  a\n\n\n  b\n\nz: 1\n", "a\n\nb", false},
		{"x: >- # c\n  a\n   b\n\n  c\n", "a\n b\n\nc", false},
		{"x: >- # c\n\n  a\nz: 1\n", "\na", false},
		{"x: >- # c\n  # not a comment\n  x\n", "# not a comment x", false},
		{"x: >- # c\n    deep\n  shallow?\n", "", true},
		{"x: >- # c\n    deep\n  shallow?\nz: 1\n", "", true},
		{"x: >- # c\n\nz: 1\n", "", false},
		{"x: >- # c\n  a\n\n    b\n\n  c\n\n", "a\n\n  b\n\nc", false},
	}
	for _, tt := range tests {
		v, err := ParseYAML(tt.text, plain{t})
		if tt.err {
			if err == nil {
				t.Errorf("ParseYAML(%q) = %#v, want an error", tt.text, v)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseYAML(%q): %v", tt.text, err)
			continue
		}
		if got := v.(map[string]any)["x"]; got != tt.want {
			t.Errorf("ParseYAML(%q)[\"x\"] = %q, want %q", tt.text, got, tt.want)
		}
	}
}

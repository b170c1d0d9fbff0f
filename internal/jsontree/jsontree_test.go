package jsontree_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// plain builds the values encoding/json decodes with UseNumber, so that
// trees compare with cmp.Diff against its answers.
type plain struct{}

func (plain) Null() any             { return nil }
func (plain) Bool(b bool) any       { return b }
func (plain) Number(s string) any   { return json.Number(s) }
func (plain) String(s string) any   { return s }
func (plain) Array(elems []any) any { return append([]any{}, elems...) }
func (plain) Object(keys []string, vals []any, _ map[string]int) any {
	m := make(map[string]any, len(keys))
	for i, k := range keys {
		m[k] = vals[i]
	}
	return m
}

func parse(data string, o jsontree.Options) (any, []jsontree.Problem) {
	return jsontree.Parse([]byte(data), plain{}, o)
}

// reference decodes data with encoding/json: the slow, obviously correct
// decoder (it keeps the last of keys given twice).
func reference(data string) (any, error) {
	d := json.NewDecoder(strings.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the value (%v)", err)
	}
	return v, nil
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		doc  string
		want any
	}{
		{`null`, nil},
		{` true `, true},
		{"\t\r\nfalse\n", false},
		{`0`, json.Number("0")},
		{`-0`, json.Number("-0")},
		{`-12.5e+3`, json.Number("-12.5e+3")},
		{`1E-2`, json.Number("1E-2")},
		{`123456789012345678901234567890`, json.Number("123456789012345678901234567890")},
		{`""`, ""},
		{`"a\"\\\/\b\f\n\r\t"`, "a\"\\/\b\f\n\r\t"},
		{`"\u00e9\u2028\ud83d\ude00"`, "é\u2028😀"},
		{`"\ud800"`, "\ufffd"},
		{`"ключ é 😀"`, "ключ é 😀"},
		{`[]`, []any{}},
		{`{}`, map[string]any{}},
		{`[1,[2,[3]],{"a":[]}]`, []any{json.Number("1"), []any{json.Number("2"), []any{json.Number("3")}}, map[string]any{"a": []any{}}}},
		{`{"a":1,"A":2,"a ":3,"":4}`, map[string]any{"a": json.Number("1"), "A": json.Number("2"), "a ": json.Number("3"), "": json.Number("4")}},
		{`{"e\u0301":1,"é":2}`, map[string]any{"e\u0301": json.Number("1"), "é": json.Number("2")}},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			got, problems := parse(tt.doc, jsontree.Options{})
			if problems != nil {
				t.Fatalf("Parse(%s): %v, want no problem", tt.doc, problems)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tt.doc, diff)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	var wide strings.Builder // more keys than are compared by a scan
	for i := range 40 {
		wide.WriteString(`"k` + strconv.Itoa(i) + `":1,`)
	}
	dup := func(path field.Path, off int, key string) jsontree.Problem {
		return jsontree.Problem{Kind: jsontree.Duplicate, Path: path, Offset: off, Detail: key}
	}
	syntax := func(path field.Path, off int, detail string) jsontree.Problem {
		return jsontree.Problem{Kind: jsontree.Syntax, Path: path, Offset: off, Detail: detail}
	}
	end := "unexpected end of the document"
	tests := []struct {
		name string
		doc  string
		o    jsontree.Options
		want []jsontree.Problem
	}{
		{"duplicate", `{"a":1,"a":2}`, jsontree.Options{}, []jsontree.Problem{dup("a", 7, "a")}},
		{"duplicate thrice", `{"a":1,"a":2,"a":3}`, jsontree.Options{}, []jsontree.Problem{dup("a", 7, "a"), dup("a", 13, "a")}},
		{"escaped duplicate", `{"a":1,"\u0061":2}`, jsontree.Options{}, []jsontree.Problem{dup("a", 7, "a")}},
		{"escaped odd duplicate", `{"a.b":1,"a\u002eb":2}`, jsontree.Options{}, []jsontree.Problem{dup(`["a.b"]`, 9, "a.b")}},
		{"surrogate duplicate", `{"😀":1,"\ud83d\ude00":2}`, jsontree.Options{}, []jsontree.Problem{dup(`["😀"]`, 10, "😀")}},
		{"nested duplicate", `{"x":[{"b":1},{"b":1,"b":{}}]}`, jsontree.Options{}, []jsontree.Problem{dup("x[1].b", 21, "b")}},
		{"duplicate inside a duplicate", `{"a":1,"a":{"b":1,"b":2}}`, jsontree.Options{}, []jsontree.Problem{dup("a", 7, "a"), dup("a.b", 18, "b")}},
		{"duplicate after many", "{" + wide.String() + `"k3":2}`, jsontree.Options{}, []jsontree.Problem{dup("k3", wide.Len()+1, "k3")}},
		{"duplicate among many", "{" + wide.String() + `"k39":2}`, jsontree.Options{}, []jsontree.Problem{dup("k39", wide.Len()+1, "k39")}},
		{"duplicate then syntax", `{"a":1,"a":tru}`, jsontree.Options{}, []jsontree.Problem{dup("a", 7, "a"), syntax("a", 11, "invalid character 't', want a value")}},
		{"case differs", `{"a":1,"A":2}`, jsontree.Options{}, nil},
		{"empty", ``, jsontree.Options{}, []jsontree.Problem{syntax("", 0, end)}},
		{"white space", " \n ", jsontree.Options{}, []jsontree.Problem{syntax("", 3, end)}},
		{"byte order mark", "\ufeff{}", jsontree.Options{}, []jsontree.Problem{syntax("", 0, "invalid character '\\ufeff', want a value")}},
		{"invalid UTF-8", "{\"a\":\"b\xffc\"}", jsontree.Options{}, []jsontree.Problem{{Kind: jsontree.BadUTF8, Offset: 7}}},
		{"encoded surrogate", "\"\xed\xa0\x80\"", jsontree.Options{}, []jsontree.Problem{{Kind: jsontree.BadUTF8, Offset: 1}}},
		{"trailing", `{"a":1} {}`, jsontree.Options{}, []jsontree.Problem{{Kind: jsontree.Trailing, Offset: 8}}},
		{"trailing comma", `[1,]`, jsontree.Options{}, []jsontree.Problem{syntax("[1]", 3, "invalid character ']', want a value")}},
		{"missing colon", `{"a" 1}`, jsontree.Options{}, []jsontree.Problem{syntax("", 5, "invalid character '1', want ':'")}},
		{"missing comma", "{\n\"a\":1\n\"b\":2}", jsontree.Options{}, []jsontree.Problem{syntax("", 8, "invalid character '\"', want ',' or '}'")}},
		{"unquoted key", `{a:1}`, jsontree.Options{}, []jsontree.Problem{syntax("", 1, "invalid character 'a', want a string key")}},
		{"truncated", `{"a":[1,2`, jsontree.Options{}, []jsontree.Problem{syntax("a", 9, end)}},
		{"unterminated string", `["ab`, jsontree.Options{}, []jsontree.Problem{syntax("[0]", 4, end)}},
		{"control character", "[\"a\tb\"]", jsontree.Options{}, []jsontree.Problem{syntax("[0]", 3, `control character '\t' in a string`)}},
		{"bad escape", `"a\x"`, jsontree.Options{}, []jsontree.Problem{syntax("", 2, `invalid escape "\\x"`)}},
		{"bad hex", `"\u12g4"`, jsontree.Options{}, []jsontree.Problem{syntax("", 1, `invalid \u escape`)}},
		{"lone surrogate, strict", `{"k":"a\udc00"}`, jsontree.Options{StrictStrings: true}, []jsontree.Problem{syntax("k", 7, "lone UTF-16 surrogate escape")}},
		{"leading zero", `01`, jsontree.Options{}, []jsontree.Problem{{Kind: jsontree.Trailing, Offset: 1}}},
		{"plus", `+1`, jsontree.Options{}, []jsontree.Problem{syntax("", 0, "invalid character '+', want a value")}},
		{"minus alone", `[-]`, jsontree.Options{}, []jsontree.Problem{syntax("[0]", 2, "invalid character ']', want a digit")}},
		{"no fraction", `1.`, jsontree.Options{}, []jsontree.Problem{syntax("", 2, end)}},
		{"no leading digit", `.5`, jsontree.Options{}, []jsontree.Problem{syntax("", 0, "invalid character '.', want a value")}},
		{"no exponent", `1e+`, jsontree.Options{}, []jsontree.Problem{syntax("", 3, end)}},
		{"hex number", `0x1`, jsontree.Options{}, []jsontree.Problem{{Kind: jsontree.Trailing, Offset: 1}}},
		{"NaN", `NaN`, jsontree.Options{}, []jsontree.Problem{syntax("", 0, "invalid character 'N', want a value")}},
		{"short literal", `[tru]`, jsontree.Options{}, []jsontree.Problem{syntax("[0]", 1, "invalid character 't', want a value")}},
		{"capital literal", `True`, jsontree.Options{}, []jsontree.Problem{syntax("", 0, "invalid character 'T', want a value")}},
		{"depth at the limit", `[[[]]]`, jsontree.Options{MaxDepth: 3}, nil},
		{"leaf at the limit", `[[["x"]]]`, jsontree.Options{MaxDepth: 3}, nil},
		{"depth over the limit", `[[[[]]]]`, jsontree.Options{MaxDepth: 3}, []jsontree.Problem{{Kind: jsontree.TooDeep, Path: "[0][0][0]", Offset: 3}}},
		{"object over the limit", `{"a":{"b":{"c":{}}}}`, jsontree.Options{MaxDepth: 3}, []jsontree.Problem{{Kind: jsontree.TooDeep, Path: "a.b.c", Offset: 15}}},
		{"leaf depth at the limit", `[[1]]`, jsontree.Options{MaxDepth: 3, LeafDepth: true}, nil},
		{"leaf depth over the limit", `[[[1]]]`, jsontree.Options{MaxDepth: 3, LeafDepth: true}, []jsontree.Problem{{Kind: jsontree.TooDeep, Path: "[0][0][0]", Offset: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, got := parse(tt.doc, tt.o)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) problems mismatch (-want +got):\n%s", tt.doc, diff)
			}
			if got != nil && v != nil {
				t.Errorf("Parse(%q) = %v with problems, want the zero value", tt.doc, v)
			}
		})
	}
}

// TestManyDuplicates: keys given twice are listed up to MaxDuplicates,
// then one problem says there are more, however many there are.
func TestManyDuplicates(t *testing.T) {
	doc := "{" + strings.Repeat(`"k":0,`, 1000) + `"k":0}`
	_, got := parse(doc, jsontree.Options{})
	if len(got) != jsontree.MaxDuplicates+1 {
		t.Fatalf("got %d problems, want %d", len(got), jsontree.MaxDuplicates+1)
	}
	for i, p := range got[:jsontree.MaxDuplicates] {
		if p.Kind != jsontree.Duplicate || p.Path != "k" || p.Offset != 6*(i+1)+1 {
			t.Fatalf("problem %d = %+v, want a duplicate k at offset %d", i, p, 6*(i+1)+1)
		}
	}
	if last := got[jsontree.MaxDuplicates]; last.Kind != jsontree.ManyDuplicates || last.Path != "" {
		t.Errorf("last problem = %+v, want ManyDuplicates at the root", last)
	}
}

// TestDeepNesting: the default limit is encoding/json's, at its edge, and
// far deeper input is refused without exhausting the stack.
func TestDeepNesting(t *testing.T) {
	tests := []struct {
		depth    int
		tooDeep  bool
		wantPath int // the number of steps of the problem's path
	}{
		{jsontree.DefaultMaxDepth, false, 0},
		{jsontree.DefaultMaxDepth + 1, true, jsontree.DefaultMaxDepth},
		{100_000, true, jsontree.DefaultMaxDepth},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.depth), func(t *testing.T) {
			for _, shape := range []struct{ open, inner, close string }{{"[", "[]", "]"}, {`{"a":`, "{}", "}"}} {
				doc := strings.Repeat(shape.open, tt.depth-1) + shape.inner + strings.Repeat(shape.close, tt.depth-1)
				_, got := parse(doc, jsontree.Options{})
				_, refErr := reference(doc)
				if (refErr != nil) != tt.tooDeep {
					t.Errorf("encoding/json: %v, want an error %v", refErr, tt.tooDeep)
				}
				if !tt.tooDeep {
					if got != nil {
						t.Errorf("%s nested %d deep: %.200v, want no problem", shape.inner, tt.depth, got)
					}
					continue
				}
				if len(got) != 1 || got[0].Kind != jsontree.TooDeep {
					t.Fatalf("%s nested %d deep: %.200v, want one TooDeep", shape.inner, tt.depth, got)
				}
				if n := strings.Count(string(got[0].Path), "[") + strings.Count(string(got[0].Path), "a"); n != tt.wantPath {
					t.Errorf("path has %d steps, want %d", n, tt.wantPath)
				}
			}
		})
	}
}

// TestIndex: an object of more than SmallObject members comes with an
// index of its keys' positions; a smaller one without.
func TestIndex(t *testing.T) {
	for _, n := range []int{0, 1, jsontree.SmallObject, jsontree.SmallObject + 1, 200} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var members []string
			for i := range n {
				members = append(members, fmt.Sprintf(`"k%d":%d`, i, i))
			}
			if n > 0 {
				members = append(members, `"k0":"again"`) // dropped, as a duplicate
			}
			var b indexBuilder
			jsontree.Parse([]byte("{"+strings.Join(members, ",")+"}"), &b, jsontree.Options{})
			if len(b.keys) != n {
				t.Fatalf("got %d keys, want %d", len(b.keys), n)
			}
			if got, want := b.index != nil, n > jsontree.SmallObject; got != want {
				t.Fatalf("indexed = %v, want %v", got, want)
			}
			for i, k := range b.keys {
				if k != fmt.Sprintf("k%d", i) {
					t.Errorf("key %d = %q, want k%d", i, k, i)
				}
				if at, ok := b.index[k]; b.index != nil && (!ok || at != i) {
					t.Errorf("index[%q] = %d, %v, want %d", k, at, ok, i)
				}
			}
			if b.index != nil && len(b.index) != n {
				t.Errorf("index has %d keys, want %d", len(b.index), n)
			}
		})
	}
}

// indexBuilder keeps the last object's keys and index.
type indexBuilder struct {
	plain
	keys  []string
	index map[string]int
}

func (b *indexBuilder) Object(keys []string, vals []any, index map[string]int) any {
	b.keys, b.index = keys, index
	return b.plain.Object(keys, vals, index)
}

// randomDoc writes random JSON text: valid values with white space,
// escapes, odd numbers and keys given twice (in various spellings), and,
// now and then, a mistake.
func randomDoc(r *rand.Rand, b *strings.Builder, depth int) {
	ws := func() {
		if r.IntN(4) == 0 {
			b.WriteString([]string{" ", "\n", "\t", "\r\n  "}[r.IntN(4)])
		}
	}
	ws()
	switch k := r.IntN(9); {
	case r.IntN(200) == 0:
		b.WriteString([]string{"tru", "01", "1.", "-", "\"\\x\"", "\"\t\"", "[1,]", "{,}", "\"\\ud800\"", "'a'", "\xff", "\ufeff", "1e", "}", "nul"}[r.IntN(15)])
	case depth > 4 || k < 3:
		b.WriteString([]string{`"a"`, `""`, `"é\u00e9"`, `"\ud83d\ude00"`, `"x\"y\\"`, `"\u2028"`, `"10.0.0.0/8"`, `"ключ"`}[r.IntN(8)])
	case k == 3:
		b.WriteString([]string{"0", "-0", "1", "-12", "3.25", "1e9", "2E-3", "-0.0e+0", "18446744073709551616"}[r.IntN(9)])
	case k == 4:
		b.WriteString([]string{"true", "false", "null"}[r.IntN(3)])
	case k < 7:
		b.WriteByte('[')
		for i := range r.IntN(5) {
			if i > 0 {
				b.WriteByte(',')
			}
			randomDoc(r, b, depth+1)
		}
		ws()
		b.WriteByte(']')
	default:
		b.WriteByte('{')
		for i := range r.IntN(6) {
			if i > 0 {
				b.WriteByte(',')
			}
			ws()
			key := []string{`"a"`, `"\u0061"`, `"b"`, `"B"`, `"a b"`, `""`, `"é"`, `"\u00e9"`, `"e\u0301"`}[r.IntN(9)]
			if r.IntN(3) == 0 {
				key = `"k` + strconv.Itoa(r.IntN(40)) + `"`
			}
			b.WriteString(key)
			ws()
			b.WriteByte(':')
			randomDoc(r, b, depth+1)
		}
		ws()
		b.WriteByte('}')
	}
	ws()
}

// TestParseAgreesWithEncodingJSON: on seeded random documents, Parse
// accepts exactly what encoding/json accepts when no key is given twice
// and the document is UTF-8, and then decodes the same value.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	n := 5000
	if testing.Short() {
		n = 500
	}
	for range n {
		var b strings.Builder
		randomDoc(r, &b, 0)
		if r.IntN(10) == 0 {
			b.WriteString([]string{" ", "{}", "x", " 1"}[r.IntN(4)])
		}
		checkAgainstReference(t, b.String())
	}
}

// checkAgainstReference checks Parse on doc against encoding/json and the
// properties that hold whatever the document.
func checkAgainstReference(t *testing.T, doc string) {
	t.Helper()
	want, werr := reference(doc)
	got, problems := parse(doc, jsontree.Options{})
	// Keys given twice and invalid UTF-8 (which encoding/json reads as
	// U+FFFD) are the documented strictness beyond encoding/json.
	stricter := len(problems) > 0
	for i, p := range problems {
		if p.Offset < 0 || p.Offset > len(doc) {
			t.Fatalf("Parse(%q): problem %+v outside the document", doc, p)
		}
		if p.Kind != jsontree.Duplicate && p.Kind != jsontree.ManyDuplicates {
			stricter = stricter && p.Kind == jsontree.BadUTF8
			if i != len(problems)-1 {
				t.Fatalf("Parse(%q): %+v is not the last problem", doc, p)
			}
		}
	}
	switch {
	case problems == nil && werr != nil:
		t.Fatalf("Parse(%q) accepted it; encoding/json: %v", doc, werr)
	case problems == nil:
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Parse(%q) mismatch (-encoding/json +Parse):\n%s", doc, diff)
		}
	case werr == nil && !stricter:
		t.Fatalf("Parse(%q) = %+v; encoding/json accepts it", doc, problems)
	}
	// Strict strings refuse more, never less, and read the rest alike.
	strict, sp := parse(doc, jsontree.Options{StrictStrings: true})
	if sp == nil && (problems != nil || !cmp.Equal(got, strict)) {
		t.Fatalf("Parse(%q) strict = %v, lenient = %v, %+v", doc, strict, got, problems)
	}
}

package jsontree_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// plain builds the values encoding/json decodes with UseNumber, so that
// trees compare with its answers; an object whose index breaks the
// Builder contract is the string "bad index".
type plain struct{}

func (plain) Null() any             { return nil }
func (plain) Bool(b bool) any       { return b }
func (plain) Number(s string) any   { return json.Number(s) }
func (plain) String(s string) any   { return s }
func (plain) Array(elems []any) any { return append([]any{}, elems...) }
func (plain) Object(keys []string, vals []any, index map[string]int) any {
	m := make(map[string]any, len(keys))
	for i, k := range keys {
		if m[k] = vals[i]; index != nil && index[k] != i {
			return "bad index"
		}
	}
	if (index != nil) != (len(keys) > jsontree.SmallObject) || index != nil && len(index) != len(keys) {
		return "bad index"
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

// prob is a Problem without its line and column (checked against the
// offset) and with its error's message.
type prob struct {
	Kind   jsontree.Kind
	Path   field.Path
	Offset int
	Msg    string
}

// probs returns the problems as probs, checking each one's line and
// column against its offset and that its error matches its kind.
func probs(t *testing.T, doc string, problems []jsontree.Problem) []prob {
	t.Helper()
	var out []prob
	for _, p := range problems {
		// The column counts characters (the bytes that start one), as an
		// editor does.
		before := doc[:p.Offset]
		line := strings.Count(before, "\n") + 1
		col := 1
		for _, c := range []byte(before[strings.LastIndexByte(before, '\n')+1:]) {
			if c&0xC0 != 0x80 {
				col++
			}
		}
		if p.Line != line || p.Column != col {
			t.Errorf("problem %+v: want line %d, column %d", p, line, col)
		}
		if p.Err == nil {
			t.Fatalf("problem %+v without an error", p)
		}
		is := map[jsontree.Kind]error{jsontree.Syntax: nil, jsontree.BadUTF8: jsonlex.ErrBadUTF8, jsontree.TooDeep: jsonlex.ErrTooDeep,
			jsontree.Trailing: jsonlex.ErrSyntax, jsontree.Duplicate: field.ErrDuplicate, jsontree.ManyDuplicates: field.ErrDuplicate}[p.Kind]
		if is != nil && !errors.Is(p.Err, is) {
			t.Errorf("problem %+v does not match %v", p, is)
		}
		out = append(out, prob{p.Kind, p.Path, p.Offset, p.Err.Error()})
	}
	return out
}

// TestParse: each document decodes as encoding/json decodes it, or has
// exactly the problems listed, in the words of internal/jsonlex.
func TestParse(t *testing.T) {
	var wide strings.Builder // more keys than are compared by a scan
	for i := range 40 {
		wide.WriteString(`"k` + strconv.Itoa(i) + `":1,`)
	}
	deep := func(n int, open, inner, close string) string {
		return strings.Repeat(open, n-1) + inner + strings.Repeat(close, n-1)
	}
	max := jsontree.DefaultMaxDepth
	dup := func(path field.Path, off int, also string) prob {
		return prob{jsontree.Duplicate, path, off, "key given twice (also at " + also + ")"}
	}
	syntax := func(path field.Path, off int, detail string) prob {
		return prob{jsontree.Syntax, path, off, "malformed JSON: " + detail}
	}
	end, number, none := "unexpected end of the document", "invalid number", jsontree.Options{}
	tests := []struct {
		name, doc string
		o         jsontree.Options
		want      []prob
	}{
		{"null", `null`, none, nil},
		{"white space", " \t\r\n[true ,false]\n", none, nil},
		{"numbers", `[0,-0,-12.5e+3,1E-2,123456789012345678901234567890]`, none, nil},
		{"escapes", `"a\"\\\/\b\f\n\r\t\u00e9\u2028\ud83d\ude00"`, none, nil},
		{"lone surrogate", `"\ud800"`, none, nil},
		{"odd keys", `{"a":1,"A":2,"a ":3,"":4,"e\u0301":5,"é":6,"ключ":{}}`, none, nil},
		{"wide object", "{" + wide.String() + `"k40":[]}`, none, nil},
		{"duplicate", `{"a":1,"a":2}`, none, []prob{dup("a", 7, "line 1, column 2")}},
		{"duplicate thrice", `{"a":1,"a":2,"a":3}`, none, []prob{dup("a", 7, "line 1, column 2"), dup("a", 13, "line 1, column 2")}},
		{"escaped duplicate", `{"a":1,"\u0061":2}`, none, []prob{dup("a", 7, "line 1, column 2")}},
		{"escaped odd duplicate", `{"a.b":1,"a\u002eb":2}`, none, []prob{dup(`["a.b"]`, 9, "line 1, column 2")}},
		{"surrogate duplicate", `{"😀":1,"\ud83d\ude00":2}`, none, []prob{dup(`["😀"]`, 10, "line 1, column 2")}},
		{"nested duplicate", `{"x":[{"b":1},{"b":1,"b":{}}]}`, none, []prob{dup("x[1].b", 21, "line 1, column 16")}},
		{"duplicate on another line", "{\"a\":1,\n \"a\":2}", none, []prob{dup("a", 9, "line 1, column 2")}},
		{"duplicate inside a duplicate", `{"a":1,"a":{"b":1,"b":2}}`, none, []prob{dup("a", 7, "line 1, column 2"), dup("a.b", 18, "line 1, column 13")}},
		{"duplicate after many", "{" + wide.String() + `"k3":2}`, none, []prob{dup("k3", wide.Len()+1, "line 1, column 23")}},
		{"duplicate among many", "{" + wide.String() + `"k39":2}`, none, []prob{dup("k39", wide.Len()+1, "line 1, column 304")}},
		{"duplicate then syntax", `{"a":1,"a":tru}`, none, []prob{dup("a", 7, "line 1, column 2"), syntax("a", 11, "want a value, got 't'")}},
		{"empty", ``, none, []prob{{jsontree.Syntax, "", 0, "empty document: want a JSON object"}}},
		{"only white space", " \n ", none, []prob{{jsontree.Syntax, "", 3, "empty document: want a JSON object"}}},
		{"byte order mark", "\ufeff{}", none, []prob{{jsontree.Syntax, "", 0, jsonlex.ErrBOM.Error()}}},
		{"invalid UTF-8", "{\"a\":\"b\xffc\"}", none, []prob{{jsontree.BadUTF8, "a", 7, "invalid UTF-8"}}},
		{"invalid UTF-8 outside a string", "{\"a\":\xff}", none, []prob{{jsontree.BadUTF8, "a", 5, "invalid UTF-8"}}},
		{"encoded surrogate", "\"\xed\xa0\x80\"", none, []prob{{jsontree.BadUTF8, "", 1, "invalid UTF-8"}}},
		{"trailing", `{"a":1} {}`, none, []prob{{jsontree.Trailing, "", 8, "malformed JSON: data after the document's JSON value"}}},
		{"trailing comma", `[1,]`, none, []prob{syntax("[1]", 3, "want a value, got ']'")}},
		{"missing colon", `{"a" 1}`, none, []prob{syntax("", 5, "want ':', got '1'")}},
		{"missing comma", "{\n\"a\":1\n\"b\":2}", none, []prob{syntax("", 8, `want ',' or '}' after an object member, got '"'`)}},
		{"unquoted key", `{a:1}`, none, []prob{syntax("", 1, "want an object key, got 'a'")}},
		{"truncated", `{"a":[1,2`, none, []prob{syntax("a", 9, end)}},
		{"unterminated string", `["ab`, none, []prob{syntax("[0]", 4, "unterminated string")}},
		{"control character", "[\"a\tb\"]", none, []prob{syntax("[0]", 3, "a control character in a string must be escaped")}},
		{"bad escape", `"a\x"`, none, []prob{syntax("", 2, `invalid escape \x`)}},
		{"bad hex", `"\u12g4"`, none, []prob{syntax("", 1, `want four hex digits after \u`)}},
		{"lone surrogate, strict", `{"k":"a\udc00"}`, jsontree.Options{StrictStrings: true}, []prob{{jsontree.Syntax, "k", 7, "invalid UTF-16 surrogate escape in a string"}}},
		{"leading zero", `01`, none, []prob{syntax("", 0, number)}},
		{"plus", `+1`, none, []prob{syntax("", 0, "want a value, got '+'")}},
		{"minus alone", `[-]`, none, []prob{syntax("[0]", 2, number)}},
		{"space in a number", `- 1`, none, []prob{syntax("", 1, number)}},
		{"no fraction", `1.`, none, []prob{syntax("", 2, number)}},
		{"no leading digit", `.5`, none, []prob{syntax("", 0, "want a value, got '.'")}},
		{"no exponent", `1e+`, none, []prob{syntax("", 3, number)}},
		{"hex number", `0x1`, none, []prob{{jsontree.Trailing, "", 1, "malformed JSON: data after the document's JSON value"}}},
		{"NaN", `NaN`, none, []prob{syntax("", 0, "want a value, got 'N'")}},
		{"short literal", `[tru]`, none, []prob{syntax("[0]", 1, "want a value, got 't'")}},
		{"capital literal", `True`, none, []prob{syntax("", 0, "want a value, got 'T'")}},
		{"depth at the limit", `[[[]]]`, jsontree.Options{MaxDepth: 3}, nil},
		{"leaf at the limit", `[[["x"]]]`, jsontree.Options{MaxDepth: 3}, nil},
		{"depth over the limit", `[[[[]]]]`, jsontree.Options{MaxDepth: 3}, []prob{{jsontree.TooDeep, "[0][0][0]", 3, "nested deeper than 3 levels"}}},
		{"object over the limit", `{"a":{"b":{"c":{}}}}`, jsontree.Options{MaxDepth: 3}, []prob{{jsontree.TooDeep, "a.b.c", 15, "nested deeper than 3 levels"}}},
		{"leaf depth at the limit", `[[1]]`, jsontree.Options{MaxDepth: 3, LeafDepth: true}, nil},
		{"leaf depth over the limit", `[[[1]]]`, jsontree.Options{MaxDepth: 3, LeafDepth: true}, []prob{{jsontree.TooDeep, "[0][0][0]", 3, "nested deeper than 2 levels"}}},
		{"default depth", deep(max, "[", "[]", "]"), none, nil},
		{"default depth of objects", deep(max, `{"a":`, "{}", "}"), none, nil},
		{"over the default depth", deep(max+1, "[", "[]", "]"), none, []prob{{jsontree.TooDeep, field.Path(strings.Repeat("[0]", max)), max, "nested deeper than 10000 levels"}}},
		{"far deeper", deep(10*max, "[", "[]", "]"), none, []prob{{jsontree.TooDeep, field.Path(strings.Repeat("[0]", max)), max, "nested deeper than 10000 levels"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, got := parse(tt.doc, tt.o)
			if diff := cmp.Diff(tt.want, probs(t, tt.doc, got)); diff != "" {
				t.Errorf("Parse(%.40q) problems mismatch (-want +got):\n%.2000s", tt.doc, diff)
			}
			if got != nil && v != nil {
				t.Errorf("Parse(%.40q) = %v with problems, want the zero value", tt.doc, v)
			}
			if tt.o == none {
				checkAgainstReference(t, tt.doc)
			}
		})
	}
}

// TestSkip: Skip reads over one value as Parse reads it, from an offset,
// with the caller's positions, and looks at nothing after it.
func TestSkip(t *testing.T) {
	tests := []struct {
		doc  string
		pos  int
		end  int
		want []prob
	}{
		{`{"x": [1, {"a": 2}], "y": 3}`, 5, 19, nil},
		{`{"x": {"a": 1, "a": 2}, "y": 3}`, 5, 22, []prob{{jsontree.Duplicate, "a", 15, "key given twice (also at line 1, column 8)"}}},
		{"{\"x\":\n [1, tru]}", 5, 11, []prob{{jsontree.Syntax, "[1]", 11, "malformed JSON: want a value, got 't'"}}},
		{`{"x": "\ud800"}`, 5, 7, []prob{{jsontree.Syntax, "", 7, "invalid UTF-16 surrogate escape in a string"}}},
		{`[1] ]]]`, 0, 3, nil},
	}
	for _, tt := range tests {
		lines := jsonlex.NewLines([]byte(tt.doc))
		end, got := jsontree.Skip([]byte(tt.doc), tt.pos, lines, jsontree.Options{StrictStrings: true})
		if end != tt.end {
			t.Errorf("Skip(%q, %d) ends at %d, want %d", tt.doc, tt.pos, end, tt.end)
		}
		if diff := cmp.Diff(tt.want, probs(t, tt.doc, got)); diff != "" {
			t.Errorf("Skip(%q, %d) problems mismatch (-want +got):\n%s", tt.doc, tt.pos, diff)
		}
	}
}

// TestManyDuplicates: keys given twice are listed up to MaxDuplicates, or
// until their paths add up to more than the text read, then one problem
// says there are more, however many there are and however deep (the
// report stays linear in the document).
func TestManyDuplicates(t *testing.T) {
	for _, depth := range []int{0, 100, jsontree.DefaultMaxDepth - 1} {
		prefix := strings.Repeat("[", depth)
		doc := prefix + "{" + strings.Repeat(`"k":0,`, 1000) + `"k":0}` + strings.Repeat("]", depth)
		_, problems := parse(doc, jsontree.Options{})
		got := probs(t, doc, problems)
		var want []prob
		path := field.Path(strings.Repeat("[0]", depth)).Child("k")
		listed := 0
		for i := range 1000 {
			at := depth + 6*(i+1) + 1
			if i == jsontree.MaxDuplicates || listed > at {
				want = append(want, prob{jsontree.ManyDuplicates, "", at, "more than 100 keys given twice; the rest are not listed"})
				break
			}
			want = append(want, prob{jsontree.Duplicate, path, at, "key given twice (also at line 1, column " + strconv.Itoa(depth+2) + ")"})
			listed += len(path)
		}
		if paths := listed - len(path); paths > len(doc) {
			t.Errorf("depth %d: %d bytes of paths for a document of %d", depth, paths, len(doc))
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("depth %d: problems mismatch (-want +got):\n%.3000s", depth, cmp.Diff(want, got))
		}
	}
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
		n, wide := r.IntN(6), r.IntN(10) == 0 // a wide object has an index
		if wide {
			n = jsontree.SmallObject + r.IntN(20)
		}
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			ws()
			key := []string{`"a"`, `"\u0061"`, `"b"`, `"B"`, `"a b"`, `""`, `"é"`, `"\u00e9"`, `"e\u0301"`}[r.IntN(9)]
			switch {
			case wide && r.IntN(50) > 0:
				key = `"w` + strconv.Itoa(i) + `"`
			case r.IntN(3) == 0:
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
		if p.Offset < 0 || p.Offset > len(doc) || p.Err == nil {
			t.Fatalf("Parse(%q): problem %+v outside the document, or without an error", doc, p)
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
		if !reflect.DeepEqual(want, got) { // cmp is slow on deep nesting; it only says how they differ
			t.Fatalf("Parse(%q) mismatch (-encoding/json +Parse):\n%s", doc, cmp.Diff(want, got))
		}
	case werr == nil && !stricter:
		t.Fatalf("Parse(%q) = %+v; encoding/json accepts it", doc, problems)
	}
	// Strict strings refuse more, never less, and read the rest alike.
	strict, sp := parse(doc, jsontree.Options{StrictStrings: true})
	if sp == nil && (problems != nil || !reflect.DeepEqual(got, strict)) {
		t.Fatalf("Parse(%q) strict = %v, lenient = %v, %+v", doc, strict, got, problems)
	}
}

// TestParseKeyShapes: a key read by comparing its bytes with the keys of
// the last object of the same first key is read as encoding/json reads it:
// only plain keys are compared so, never one whose text differs from its
// value (an escape, a quote, a control byte), so that an object after it
// whose bytes look alike is still refused or decoded as written.
func TestParseKeyShapes(t *testing.T) {
	for _, doc := range []string{
		`[{"ab":1,"cd":2},{"ab":3,"cd":4},{"ab":5,"ce":6},{"ab":7}]`,
		`[{"ab":1,"cd":2},{"ab":3,"c\u0064":4}]`,
		`[{"ab":1,"cd":2},{"ab":3,"cd"  :4},{"ab":3,"cdx":4},{"ab":3,"c":4}]`,
		`[{"k":1,"a\"b":2},{"k":1,"a"b":2}]`,
		`[{"k":1,"x\\y":2},{"k":1,"x\y":2}]`,
		`[{"k":1,"x\\by":2},{"k":1,"x\by":2}]`,
		"[{\"k\":1,\"n\\n\":2},{\"k\":1,\"n\n\":2}]",
		`[{"k":1,"ab":2},{"k":1,"ab`,
		`[{"k":1,"ab":2},{"k":1,"ab"`,
		`[{"":1,"a":2},{"":1,"a":2,"a":3}]`,
		`[{"ab":1,"cd":2},{"cd":1,"ab":2}]`,
	} {
		t.Run(doc, func(t *testing.T) { checkAgainstReference(t, doc) })
	}
}

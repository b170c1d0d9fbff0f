package jsondecode_test

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsondecode"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// color is a text type: it reads "red" or "blue" and refuses the rest;
// "" is the zero color, as netip's types read it.
type color int

var errColor = errors.New("not a color")

func (c *color) UnmarshalText(b []byte) error {
	switch string(b) {
	case "":
		*c = 0
	case "red":
		*c = 1
	case "blue":
		*c = 2
	default:
		return fmt.Errorf("%w: %q", errColor, b)
	}
	return nil
}

func (c color) MarshalText() ([]byte, error) {
	switch c {
	case 1:
		return []byte("red"), nil
	case 2:
		return []byte("blue"), nil
	}
	return nil, nil
}

// item is an array's element.
type item struct {
	ID   string   `json:"id"`
	Tags []string `json:"tags"`
}

// Base is embedded in doc: its fields are doc's.
type Base struct {
	Base string `json:"base"`
}

// doc holds one field of each kind the decoder reads.
type doc struct {
	Base
	Name   string       `json:"name"`
	N      int8         `json:"n"`
	I      int64        `json:"i"`
	U      uint16       `json:"u"`
	U64    uint64       `json:"u64"`
	B      bool         `json:"b"`
	P      netip.Prefix `json:"p"`
	A      netip.Addr   `json:"a"`
	C      color        `json:"c"`
	List   []string     `json:"list"`
	Items  []item       `json:"items"`
	Ptr    *item        `json:"ptr"`
	Nested [][]int      `json:"nested"`
	Plain  string       // named by the field: "Plain"
	Skip   string       `json:"-"`
	hidden string       // not read: unexported
}

// decode reads text into a doc.
func decode(text string) (doc, []jsondecode.Problem) {
	var d doc
	probs := jsondecode.Decode([]byte(text), reflect.ValueOf(&d).Elem())
	return d, probs
}

// want is one problem expected: its path, line and column, a sentinel it
// matches (nil: none asked for) and words its message holds.
type want struct {
	path      field.Path
	line, col int
	is        error
	words     string
}

// checkProblems compares probs with ws, in order.
func checkProblems(t *testing.T, probs []jsondecode.Problem, ws []want) {
	t.Helper()
	if len(probs) != len(ws) {
		t.Fatalf("got %d problems, want %d:\n%s", len(probs), len(ws), dump(probs))
	}
	for i, w := range ws {
		p := probs[i]
		if p.Path != w.path || p.Line != w.line || p.Column != w.col {
			t.Errorf("problem %d at %q %d:%d, want %q %d:%d (%v)", i, p.Path, p.Line, p.Column, w.path, w.line, w.col, p.Err)
		}
		if w.is != nil && !errors.Is(p.Err, w.is) {
			t.Errorf("problem %d: %v does not match %v", i, p.Err, w.is)
		}
		if !strings.Contains(p.Err.Error(), w.words) {
			t.Errorf("problem %d: %q does not say %q", i, p.Err, w.words)
		}
	}
}

func dump(probs []jsondecode.Problem) string {
	var b strings.Builder
	for _, p := range probs {
		fmt.Fprintf(&b, "  %q %d:%d %v\n", p.Path, p.Line, p.Column, p.Err)
	}
	return b.String()
}

// TestDecodeProblems pins each kind of problem with its path, line,
// column and words.
func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		// The document itself.
		{"empty", ``, []want{{"", 1, 1, jsonlex.ErrEmpty, "empty document"}}},
		{"white space only", " \n\t\r\n ", []want{{"", 3, 2, jsonlex.ErrEmpty, "empty document"}}},
		{"byte order mark", "\ufeff{}", []want{{"", 1, 1, jsonlex.ErrBOM, "byte order mark"}}},
		{"null document", `null`, []want{{"", 1, 1, nil, "want an object, got null"}}},
		{"array document", `[]`, []want{{"", 1, 1, nil, "want an object, got an array"}}},
		{"trailing data", `{} x`, []want{{"", 1, 4, jsonlex.ErrSyntax, "data after the document's JSON value"}}},
		{"second value", "{}\n{}", []want{{"", 2, 1, jsonlex.ErrSyntax, "data after"}}},
		{"unclosed object", `{"name":"a"`, []want{{"", 1, 12, jsonlex.ErrSyntax, "unexpected end of the document"}}},
		{"missing comma", `{"name":"a" "n":1}`, []want{{"", 1, 13, jsonlex.ErrSyntax, `want ',' or '}' after an object member, got '"'`}}},
		{"trailing comma", `{"name":"a",}`, []want{{"", 1, 13, jsonlex.ErrSyntax, "want an object key, got '}'"}}},
		{"missing colon", `{"name" "a"}`, []want{{"", 1, 9, jsonlex.ErrSyntax, `want ':', got '"'`}}},
		{"no value", `{"name":}`, []want{{"name", 1, 9, jsonlex.ErrSyntax, "want a value, got '}'"}}},
		{"no number", `{"n":}`, []want{{"n", 1, 6, jsonlex.ErrSyntax, "want a value, got '}'"}}},
		{"array missing comma", `{"list":["a" "b"]}`, []want{{"list", 1, 14, jsonlex.ErrSyntax, "want ',' or ']' after an array element"}}},
		{"array trailing comma", `{"list":["a",]}`, []want{{"list[1]", 1, 14, jsonlex.ErrSyntax, "want a value, got ']'"}}},
		{"single quotes", `{'name':1}`, []want{{"", 1, 2, jsonlex.ErrSyntax, "want an object key, got '\\''"}}},

		{"no value at the end", `{"n":`, []want{{"n", 1, 6, jsonlex.ErrSyntax, "unexpected end of the document"}}},
		{"no-break space before a value", "{\"n\":\u00a01}", []want{{"n", 1, 6, jsonlex.ErrSyntax, `want a value, got '\u00a0'`}}},
		{"vertical tab before a value", "{\"name\":\v\"a\"}", []want{{"name", 1, 9, jsonlex.ErrSyntax, `want a value, got '\v'`}}},
		{"form feed between members", "{\"name\":\"a\",\f\"n\":1}", []want{{"", 1, 13, jsonlex.ErrSyntax, `want an object key, got '\f'`}}},
		{"line and column after CRLF and UTF-8", "{\r\n\"name\":\"é\",\r\n\t\"n\":\"é\"}", []want{{"n", 3, 6, nil, "want a number, got a string"}}},

		// Keys.
		{"unknown field", `{"nam":"a"}`, []want{{"nam", 1, 2, jsonlex.ErrUnknownField, "the fields here are base, name, n, i, u, u64, b, p, a, c, list, items, ptr, nested, Plain"}}},
		{"unknown field with case", `{"Name":"a"}`, []want{{"Name", 1, 2, jsonlex.ErrUnknownField, "unknown field"}}},
		{"unexported field", `{"hidden":"a"}`, []want{{"hidden", 1, 2, jsonlex.ErrUnknownField, "unknown field"}}},
		{"dash field", `{"Skip":"a","-":"b"}`, []want{
			{"Skip", 1, 2, jsonlex.ErrUnknownField, "unknown field"},
			{"-", 1, 13, jsonlex.ErrUnknownField, "unknown field"},
		}},
		{"unknown field not plain", `{"a.b":1}`, []want{{field.Path("").Key("a.b"), 1, 2, jsonlex.ErrUnknownField, "unknown field"}}},
		{"key given twice", `{"name":"a","name":"b"}`, []want{{"name", 1, 13, field.ErrDuplicate, "key given twice (also at line 1, column 2)"}}},
		{"key given twice, escaped", `{"name":"a",` + "\n" + `  "n\u0061me":"b"}`, []want{{"name", 2, 3, field.ErrDuplicate, "(also at line 1, column 2)"}}},
		{"embedded key given twice", `{"base":"a","base":"b"}`, []want{{"base", 1, 13, field.ErrDuplicate, "also at line 1, column 2"}}},
		{"key given three times", `{"n":1,"n":2,"n":3}`, []want{
			{"n", 1, 8, field.ErrDuplicate, "also at line 1, column 2"},
			{"n", 1, 14, field.ErrDuplicate, "also at line 1, column 2"},
		}},
		{"unknown key given twice", `{"x":1,"x":2}`, []want{
			{"x", 1, 2, jsonlex.ErrUnknownField, "unknown field"},
			{"x", 1, 8, field.ErrDuplicate, "also at line 1, column 2"},
		}},
		{"key given twice inside an unknown field", `{"x":{"a":1,"a":2}}`, []want{
			{"x", 1, 2, jsonlex.ErrUnknownField, "unknown field"},
			{"x.a", 1, 13, field.ErrDuplicate, "also at line 1, column 7"},
		}},
		{"keys given twice in array elements", `{"items":[{"id":"a"},{"id":"b","id":"c"}]}`, []want{{"items[1].id", 1, 32, field.ErrDuplicate, "also at line 1, column 23"}}},
		{"the same key in two objects", `{"items":[{"id":"a"},{"id":"b"}],"ptr":{"id":"c"}}`, nil},

		// Types.
		{"string for a number", `{"n":"1"}`, []want{{"n", 1, 6, nil, "want a number, got a string"}}},
		{"number for a string", `{"name":1}`, []want{{"name", 1, 9, nil, "want a string, got a number"}}},
		{"bool for a string", `{"name":true}`, []want{{"name", 1, 9, nil, "want a string, got a boolean"}}},
		{"null for a string", `{"name":null}`, []want{{"name", 1, 9, nil, "want a string, got null"}}},
		{"null for a bool", `{"b":null}`, []want{{"b", 1, 6, nil, "want true or false, got null"}}},
		{"number for a bool", `{"b":0}`, []want{{"b", 1, 6, nil, "want true or false, got a number"}}},
		{"null for a pointer", `{"ptr":null}`, []want{{"ptr", 1, 8, nil, "want an object, got null"}}},
		{"array for an object", `{"ptr":[]}`, []want{{"ptr", 1, 8, nil, "want an object, got an array"}}},
		{"object for an array", `{"list":{}}`, []want{{"list", 1, 9, nil, "want an array, got an object"}}},
		{"number for a prefix", `{"p":1}`, []want{{"p", 1, 6, nil, "want a string, got a number"}}},
		{"number for a text", `{"c":1}`, []want{{"c", 1, 6, nil, "want a string, got a number"}}},
		{"wrong element types", `{"list":["a",1,null,"b",{}]}`, []want{
			{"list[1]", 1, 14, nil, "want a string, got a number"},
			{"list[2]", 1, 16, nil, "want a string, got null"},
			{"list[4]", 1, 25, nil, "want a string, got an object"},
		}},
		{"bad literal", `{"b":tru}`, []want{{"b", 1, 6, jsonlex.ErrSyntax, "want true or false, got 't'"}}},
		{"bad literal for a string", `{"name":nul}`, []want{{"name", 1, 9, jsonlex.ErrSyntax, "want a value, got 'n'"}}},

		// Numbers.
		{"int8 too big", `{"n":128}`, []want{{"n", 1, 6, nil, "want an integer from -128 to 127, got 128"}}},
		{"int8 too small", `{"n":-129}`, []want{{"n", 1, 6, nil, "want an integer from -128 to 127, got -129"}}},
		{"int64 too big", `{"i":9223372036854775808}`, []want{{"i", 1, 6, nil, "want an integer from -9223372036854775808 to 9223372036854775807"}}},
		{"fraction", `{"n":1.0}`, []want{{"n", 1, 6, nil, "want an integer from -128 to 127, got 1.0"}}},
		{"exponent", `{"n":1e2}`, []want{{"n", 1, 6, nil, "got 1e2"}}},
		{"negative uint", `{"u":-1}`, []want{{"u", 1, 6, nil, "want an integer from 0 to 65535, got -1"}}},
		{"negative zero uint", `{"u":-0}`, []want{{"u", 1, 6, nil, "want an integer from 0 to 65535, got -0"}}},
		{"uint16 too big", `{"u":65536}`, []want{{"u", 1, 6, nil, "want an integer from 0 to 65535, got 65536"}}},
		{"uint64 too big", `{"u64":18446744073709551616}`, []want{{"u64", 1, 8, nil, "want an integer from 0 to 18446744073709551615, got 18446744073709551616"}}},
		{"leading zero", `{"n":01}`, []want{{"n", 1, 6, jsonlex.ErrSyntax, "invalid number"}}},
		{"lone minus", `{"n":-}`, []want{{"n", 1, 7, jsonlex.ErrSyntax, "invalid number"}}},
		{"plus sign", `{"n":+1}`, []want{{"n", 1, 6, jsonlex.ErrSyntax, "want a value, got '+'"}}},
		{"number bounds", `{"n":-128,"i":-9223372036854775808,"u":65535,"u64":18446744073709551615}`, nil},

		// Strings.
		{"invalid UTF-8", "{\"name\":\"a\xffb\"}", []want{{"name", 1, 11, jsonlex.ErrBadUTF8, "invalid UTF-8"}}},
		{"invalid UTF-8 in a key", "{\"n\xff\":1}", []want{{"", 1, 4, jsonlex.ErrBadUTF8, "invalid UTF-8"}}},
		{"invalid UTF-8 outside strings", "{\"name\":\xff}", []want{{"name", 1, 9, jsonlex.ErrBadUTF8, "invalid UTF-8"}}},
		{"control character", "{\"name\":\"a\tb\"}", []want{{"name", 1, 11, jsonlex.ErrSyntax, "a control character in a string must be escaped"}}},
		{"lone surrogate", `{"name":"\ud800"}`, []want{{"name", 1, 10, jsonlex.ErrSurrogate, "surrogate"}}},
		{"bad escape", `{"name":"\x41"}`, []want{{"name", 1, 10, jsonlex.ErrSyntax, `invalid escape \x`}}},
		{"short hex escape", `{"name":"\u12"}`, []want{{"name", 1, 10, jsonlex.ErrSyntax, `want four hex digits after \u`}}},
		{"unterminated string", `{"name":"abc`, []want{{"name", 1, 13, jsonlex.ErrSyntax, "unterminated string"}}},

		// Values parsed by their type.
		{"prefix with host bits", `{"p":"10.0.0.1/8"}`, []want{{"p", 1, 6, cidr.ErrInvalidPrefix, "host bits"}}},
		{"mapped prefix", `{"p":"::ffff:10.0.0.0/104"}`, []want{{"p", 1, 6, cidr.ErrInvalidPrefix, "IPv4-mapped"}}},
		{"address with a zone", `{"a":"fe80::1%eth0"}`, []want{{"a", 1, 6, cidr.ErrInvalidAddr, "zone"}}},
		{"address as a prefix", `{"a":"10.0.0.1/32"}`, []want{{"a", 1, 6, cidr.ErrInvalidAddr, ""}}},
		{"text refused", `{"c":"green"}`, []want{{"c", 1, 6, errColor, `"green"`}}},

		// Every problem at once, in the document's order.
		{"many problems", "{\n  \"name\": 1,\n  \"x\": 2,\n  \"items\": [{\"id\": \"a\"}, {\"id\": 3}],\n  \"p\": \"10.0.0.1/8\",\n  \"name\": \"b\"\n}", []want{
			{"name", 2, 11, nil, "want a string, got a number"},
			{"x", 3, 3, jsonlex.ErrUnknownField, "unknown field"},
			{"items[1].id", 4, 33, nil, "want a string, got a number"},
			{"p", 5, 8, cidr.ErrInvalidPrefix, "host bits"},
			{"name", 6, 3, field.ErrDuplicate, "also at line 2, column 3"},
		}},
		{"syntax stops the reading", `{"name":1,"x":[1 2],"n":"a"}`, []want{
			{"name", 1, 9, nil, "want a string, got a number"},
			{"x", 1, 11, jsonlex.ErrUnknownField, "unknown field"},
			{"x", 1, 18, jsonlex.ErrSyntax, "want ',' or ']' after an array element"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := decode(tt.text)
			checkProblems(t, probs, tt.want)
		})
	}
}

// addrCmp compares netip values by ==.
var addrCmp = cmp.Options{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
	cmp.AllowUnexported(doc{}),
}

// TestDecodeValues pins what a document without problems reads as.
func TestDecodeValues(t *testing.T) {
	tests := []struct {
		name string
		text string
		want doc
	}{
		{"empty object", `{}`, doc{}},
		{"every kind", `{"base":"b","name":"n","n":-128,"i":-1,"u":65535,"u64":18446744073709551615,"b":true,` +
			`"p":"10.0.0.0/8","a":"::ffff:10.0.0.1","c":"blue","list":["x","y"],"items":[{"id":"1","tags":[]},{"id":"2"}],` +
			`"ptr":{"id":"p"},"nested":[[1],[],[2,3]],"Plain":"q"}`, doc{
			Base: Base{"b"}, Name: "n", N: -128, I: -1, U: 65535, U64: 1<<64 - 1, B: true,
			P: netip.MustParsePrefix("10.0.0.0/8"), A: netip.MustParseAddr("10.0.0.1"), C: 2,
			List: []string{"x", "y"}, Items: []item{{ID: "1", Tags: []string{}}, {ID: "2"}},
			Ptr: &item{ID: "p"}, Nested: [][]int{{1}, {}, {2, 3}}, Plain: "q",
		}},
		{"false and zeros", `{"b":false,"n":0,"u":0,"i":-0}`, doc{}},
		{"null arrays are absent", `{"list":null,"items":null,"nested":[null,[]]}`, doc{Nested: [][]int{nil, {}}}},
		{"empty array is given", `{"list":[]}`, doc{List: []string{}}},
		{"empty strings are not parsed", `{"p":"","a":"","c":""}`, doc{}},
		{"escapes", `{"name":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, doc{Name: "\"\\/\b\f\n\r\té😀"}},
		{"odd Unicode kept as written", `{"name":"e\u0301 \u200b\u00a0\ufeff"}`, doc{Name: "e\u0301 \u200b\u00a0\ufeff"}},
		{"JSON white space", " \t\r\n{ \"name\" \n:\r\n\t\"a\" , \"n\"\t:\t1 } \n\t", doc{Name: "a", N: 1}},
		{"long array", `{"list":[` + strings.Repeat(`"z",`, 99) + `"z"]}`, doc{List: slicesRepeat("z", 100)}},
	}
	var d doc
	if probs := jsondecode.Decode([]byte(`{"hidden":"h"}`), reflect.ValueOf(&d).Elem()); len(probs) != 1 || d.hidden != "" {
		t.Errorf("an unexported field: read %q with %d problems, want none read and one problem", d.hidden, len(probs))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs := decode(tt.text)
			if probs != nil {
				t.Fatalf("problems:\n%s", dump(probs))
			}
			if diff := cmp.Diff(tt.want, got, addrCmp); diff != "" {
				t.Errorf("Decode mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func slicesRepeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestDecodeUnreadable pins the fields of kinds no JSON value is read
// into: whatever is given, one problem that says so.
func TestDecodeUnreadable(t *testing.T) {
	type odd struct {
		F float64        `json:"f"`
		M map[string]int `json:"m"`
		X any            `json:"x"`
		A [2]int         `json:"a"`
	}
	tests := []struct {
		text string
		want []want
	}{
		{`{"f":1.5}`, []want{{"f", 1, 6, nil, "this field cannot be read from JSON"}}},
		{`{"m":{"a":1}}`, []want{{"m", 1, 6, nil, "this field cannot be read from JSON"}}},
		{`{"x":"s"}`, []want{{"x", 1, 6, nil, "this field cannot be read from JSON"}}},
		{`{"a":[1,2]}`, []want{{"a", 1, 6, nil, "this field cannot be read from JSON"}}},
		{`{"m":{"a":1,"a":2}}`, []want{
			{"m.a", 1, 13, field.ErrDuplicate, "also at line 1, column 7"},
			{"m", 1, 6, nil, "this field cannot be read from JSON"},
		}},
		{`{"f":}`, []want{{"f", 1, 6, jsonlex.ErrSyntax, "want a value, got '}'"}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var v odd
			checkProblems(t, jsondecode.Decode([]byte(tt.text), reflect.ValueOf(&v).Elem()), tt.want)
		})
	}
}

// node holds itself: a document may nest it as deep as it likes.
type node struct {
	Next *node  `json:"next"`
	List []node `json:"list"`
}

// TestDecodeDepth pins the nesting limit: MaxDepth arrays and objects
// read into a type that holds itself are read, one more is refused where
// it opens (not a stack overflow), and an unknown field's value has the
// limit of internal/jsontree.
func TestDecodeDepth(t *testing.T) {
	nest := func(n int, open, inner, closing string) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(closing, n)
	}
	deepPath := func(n int) field.Path {
		var p field.Path
		for range n {
			p = p.Child("next")
		}
		return p
	}
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"at the limit", nest(jsondecode.MaxDepth-1, `{"next":`, `{}`, `}`), nil},
		{"over the limit", nest(jsondecode.MaxDepth, `{"next":`, `{}`, `}`), []want{
			{deepPath(jsondecode.MaxDepth), 1, 8*jsondecode.MaxDepth + 1, jsonlex.ErrTooDeep, "nested deeper than 10000 levels"},
		}},
		{"far over the limit", nest(1_000_000, `{"next":`, `{}`, `}`), []want{
			{deepPath(jsondecode.MaxDepth), 1, 8*jsondecode.MaxDepth + 1, jsonlex.ErrTooDeep, "nested deeper than 10000 levels"},
		}},
		{"arrays over the limit", `{"list":` + nest(jsondecode.MaxDepth/2, `[{"list":`, `[]`, `}]`) + `}`, []want{
			// The root, then an array and an object a step: the object of
			// step MaxDepth/2 is the first too deep.
			{field.Path(strings.TrimSuffix(strings.Repeat("list[0].", jsondecode.MaxDepth/2), ".")), 1, 9*(jsondecode.MaxDepth/2) + 1, jsonlex.ErrTooDeep, "nested deeper than 10000 levels"},
		}},
		{"unknown field over the limit", `{"x":` + nest(jsondecode.MaxDepth+1, `[`, ``, `]`) + `}`, []want{
			{"x", 1, 2, jsonlex.ErrUnknownField, "unknown field"},
			{field.Path("x" + strings.Repeat("[0]", jsondecode.MaxDepth)), 1, 6 + jsondecode.MaxDepth, jsonlex.ErrTooDeep, "nested deeper than 10000 levels"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v node
			checkProblems(t, jsondecode.Decode([]byte(tt.text), reflect.ValueOf(&v).Elem()), tt.want)
		})
	}
}

var errNamedBad = errors.New(`name "bad" wants b`)

// TestDecodeCheck pins a Check: called once an object of its type that
// gives its key is read, with the value read; its problem at the key's
// first place, after the object's own problems.
func TestDecodeCheck(t *testing.T) {
	calls := 0
	checks := []jsondecode.Check{
		{Type: reflect.TypeFor[doc](), Key: "name", Err: func(v reflect.Value) error {
			calls++
			if d := v.Interface().(doc); d.Name == "bad" && !d.B {
				return errNamedBad
			}
			return nil
		}},
		{Type: reflect.TypeFor[item](), Key: "id", Err: func(v reflect.Value) error {
			if v.Interface().(item).ID == "" {
				return errNamedBad
			}
			return nil
		}},
	}
	tests := []struct {
		name  string
		text  string
		calls int
		want  []want
	}{
		{"key not given", `{"b":false}`, 0, nil},
		{"passes", `{"name":"good"}`, 1, nil},
		{"passes with a later member", `{"name":"bad","b":true}`, 1, nil},
		{"fails", `{"n":1,"name":"bad"}`, 1, []want{{"name", 1, 8, errNamedBad, "wants b"}}},
		{"after the object's problems, at the first key", `{"name":"bad","name":"x","u":-1}`, 1, []want{
			{"name", 1, 15, field.ErrDuplicate, "also at line 1, column 2"},
			{"u", 1, 30, nil, "want an integer"},
			{"name", 1, 2, errNamedBad, "wants b"},
		}},
		{"inner types", `{"items":[{"id":"a"},{"id":""},{}],"ptr":{"id":""}}`, 0, []want{
			{"items[1].id", 1, 23, errNamedBad, ""},
			{"ptr.id", 1, 43, errNamedBad, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls = 0
			var d doc
			checkProblems(t, jsondecode.Decode([]byte(tt.text), reflect.ValueOf(&d).Elem(), checks...), tt.want)
			if calls != tt.calls {
				t.Errorf("the check was called %d times, want %d", calls, tt.calls)
			}
		})
	}
}

// TestFields pins the JSON fields of a struct, as encoding/json names
// them, with their index paths.
func TestFields(t *testing.T) {
	type field struct {
		Name  string
		Index []int
		Type  reflect.Type
	}
	var got []field
	jsondecode.Fields(reflect.TypeFor[doc](), []int{7}, func(name string, index []int, t reflect.Type) {
		got = append(got, field{name, index, t})
	})
	str := reflect.TypeFor[string]()
	want := []field{
		{"base", []int{7, 0, 0}, str},
		{"name", []int{7, 1}, str},
		{"n", []int{7, 2}, reflect.TypeFor[int8]()},
		{"i", []int{7, 3}, reflect.TypeFor[int64]()},
		{"u", []int{7, 4}, reflect.TypeFor[uint16]()},
		{"u64", []int{7, 5}, reflect.TypeFor[uint64]()},
		{"b", []int{7, 6}, reflect.TypeFor[bool]()},
		{"p", []int{7, 7}, reflect.TypeFor[netip.Prefix]()},
		{"a", []int{7, 8}, reflect.TypeFor[netip.Addr]()},
		{"c", []int{7, 9}, reflect.TypeFor[color]()},
		{"list", []int{7, 10}, reflect.TypeFor[[]string]()},
		{"items", []int{7, 11}, reflect.TypeFor[[]item]()},
		{"ptr", []int{7, 12}, reflect.TypeFor[*item]()},
		{"nested", []int{7, 13}, reflect.TypeFor[[][]int]()},
		{"Plain", []int{7, 14}, str},
	}
	typeCmp := cmp.Comparer(func(a, b reflect.Type) bool { return a == b })
	if diff := cmp.Diff(want, got, typeCmp); diff != "" {
		t.Errorf("Fields mismatch (-want +got):\n%s", diff)
	}
}

// red reads "red" and refuses the rest, "" included.
type red bool

func (r *red) UnmarshalText(b []byte) error {
	if string(b) != "red" {
		return errColor
	}
	*r = true
	return nil
}

// TestDecodeEmptyText pins that an empty string is a value not given: a
// text type never sees it.
func TestDecodeEmptyText(t *testing.T) {
	var v struct {
		R red `json:"r"`
		S red `json:"s"`
	}
	checkProblems(t, jsondecode.Decode([]byte(`{"r":"","s":"blue"}`), reflect.ValueOf(&v).Elem()), []want{{"s", 1, 13, errColor, "not a color"}})
	if v.R || v.S {
		t.Errorf("read %+v, want both false", v)
	}
}

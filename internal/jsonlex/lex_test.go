package jsonlex

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
)

func TestString(t *testing.T) {
	tests := []struct {
		in      string // after the opening quote
		lenient bool
		want    string
		err     string // the problem's message; "" for none
		at      int
	}{
		{`abc"`, false, "abc", "", 0},
		{`a\"b\\c\/\b\f\n\r\t"`, false, "a\"b\\c/\b\f\n\r\t", "", 0},
		{`\u0061\u00e9\ud83d\ude00"`, false, "aé😀", "", 0},
		{`é"`, false, "é", "", 0},
		{`abc`, false, "", "malformed JSON: unterminated string", 3},
		{`ab\`, false, "", "malformed JSON: unterminated string", 3},
		{"a\tb\"", false, "", "malformed JSON: a control character in a string must be escaped", 1},
		{`a\x"`, false, "", `malformed JSON: invalid escape \x`, 1},
		{"a\\\n\"", false, "", `malformed JSON: invalid escape: a backslash before '\n'`, 1},
		{"a\\\xff\"", false, "", "invalid UTF-8", 1},
		{`\u12g4"`, false, "", `malformed JSON: want four hex digits after \u`, 0},
		{`x\ud800"`, false, "", "invalid UTF-16 surrogate escape in a string", 1},
		{`x\ud800"`, true, "x\uFFFD", "", 0},
		{`\ud800\u0041"`, false, "", "invalid UTF-16 surrogate escape in a string", 0},
		{"a\xffb\"", false, "", "invalid UTF-8", 1},
		{"a\xffb\"", true, "", "invalid UTF-8", 1},
		{"\\n\xff\"", false, "", "invalid UTF-8", 2},
		{"\xed\xa0\x80\"", true, "", "invalid UTF-8", 0}, // an encoded surrogate
	}
	for _, tt := range tests {
		l := Lexer{Data: []byte(`"` + tt.in), LoneSurrogates: tt.lenient}
		v, err := l.String()
		switch {
		case tt.err == "" && (err != nil || string(v) != tt.want || l.Pos != len(l.Data)):
			t.Errorf("String(%q, lenient %v) = %q, %v at %d; want %q", tt.in, tt.lenient, v, err, l.Pos, tt.want)
		case tt.err != "" && (err == nil || err.Error() != tt.err || l.Pos != tt.at+1):
			t.Errorf("String(%q, lenient %v) = %v at %d; want %q at %d", tt.in, tt.lenient, err, l.Pos-1, tt.err, tt.at)
		}
	}
}

// TestStringAgreesWithEncodingJSON: on valid strings, String gives what
// encoding/json gives, on seeded random escapes and runes.
func TestStringAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "é", "😀", `\n`, `\"`, `\\`, `\u0041`, `\u00e9`, `\ud83d\ude00`, `\/`, " ", "\u2028"}
	for range 2000 {
		var s string
		for range r.IntN(8) {
			s += pieces[r.IntN(len(pieces))]
		}
		var want string
		if err := json.Unmarshal([]byte(`"`+s+`"`), &want); err != nil {
			t.Fatalf("encoding/json rejects %q: %v", s, err)
		}
		l := Lexer{Data: []byte(`"` + s + `"`)}
		if got, err := l.String(); err != nil || string(got) != want {
			t.Errorf("String(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in   string
		want string // the number read; "" for a problem
		pos  int    // where Pos is after
	}{
		{"0", "0", 1},
		{"-0", "-0", 2},
		{"12.5e+3,", "12.5e+3", 7},
		{"1E-2]", "1E-2", 4},
		{"123456789012345678901234567890", "123456789012345678901234567890", 30},
		{"0x1", "0", 1}, // the x is the next token's problem
		{"01", "", 0},
		{"-012", "", 0},
		{"-", "", 1},
		{"- 1", "", 1},
		{"1.", "", 2},
		{"1.e3", "", 2},
		{"1e", "", 2},
		{"1e+", "", 3},
		{".5", "", 0},
	}
	for _, tt := range tests {
		l := Lexer{Data: []byte(tt.in)}
		got, err := l.Number()
		if string(got) != tt.want || l.Pos != tt.pos || (err != nil) != (tt.want == "") {
			t.Errorf("Number(%q) = %q, %v, Pos %d; want %q, Pos %d", tt.in, got, err, l.Pos, tt.want, tt.pos)
		}
		if err != nil && (err.Error() != "malformed JSON: invalid number" || !errors.Is(err, ErrSyntax)) {
			t.Errorf("Number(%q): %v", tt.in, err)
		}
	}
}

func TestLiteral(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"true", "true"}, {"false,", "false"}, {"null]", "null"}, {"tru", ""}, {"True", ""}, {"nul", ""}, {"", ""},
	} {
		l := Lexer{Data: []byte(tt.in)}
		if got := l.Literal(); got != tt.want || l.Pos != len(tt.want) {
			t.Errorf("Literal(%q) = %q, Pos %d; want %q", tt.in, got, l.Pos, tt.want)
		}
	}
}

func TestWant(t *testing.T) {
	data := []byte("{\"a\" 1\xff")
	for _, tt := range []struct {
		at   int
		want string
	}{
		{5, "malformed JSON: want ':', got '1'"},
		{6, "invalid UTF-8"},
		{7, "malformed JSON: unexpected end of the document"},
	} {
		if got := Want(data, tt.at, "':'").Error(); got != tt.want {
			t.Errorf("Want(%d) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestSkip(t *testing.T) {
	tests := []struct {
		doc string
		err string // "" for none
		pos int    // Pos after: the end of the value, or the problem
	}{
		{`{"a":[1,{"b":null}],"c":"x"} `, "", 28},
		{`[]`, "", 2},
		{` {} `, "", 3},
		{`{"a":1,"a":2}`, "", 13}, // Skip does not look at keys
		{strings.Repeat("[", 1000) + strings.Repeat("]", 1000), "", 2000},
		{`[1,]`, "malformed JSON: want a value, got ']'", 3},
		{`{"a" 1}`, "malformed JSON: want ':', got '1'", 5},
		{`{a:1}`, "malformed JSON: want an object key, got 'a'", 1},
		{`{"a":1 "b":2}`, "malformed JSON: want ',' or '}' after an object member, got '\"'", 7},
		{`[1 2]`, "malformed JSON: want ',' or ']' after an array element, got '2'", 3},
		{`[tru]`, "malformed JSON: want a value, got 't'", 1},
		{`{"a":[1,2`, "malformed JSON: unexpected end of the document", 9},
		{`["ab`, "malformed JSON: unterminated string", 4},
		{"[\xff]", "invalid UTF-8", 1},
		{`[01]`, "malformed JSON: invalid number", 1},
		{``, "malformed JSON: unexpected end of the document", 0},
	}
	for _, tt := range tests {
		l := Lexer{Data: []byte(tt.doc)}
		err := l.Skip()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || l.Pos != tt.pos {
			t.Errorf("Skip(%.40q) = %q, Pos %d; want %q, Pos %d", tt.doc, got, l.Pos, tt.err, tt.pos)
		}
	}
}

// TestSkipAgreesWithEncodingJSON: on seeded random documents, Skip (with
// lone surrogates read as encoding/json reads them) accepts a document
// exactly when encoding/json does and it is UTF-8.
func TestSkipAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	pieces := []string{"{", "}", "[", "]", ",", ":", `"a"`, `"\u00e9"`, `"\ud800"`, "1", "-0.5e3", "01", "true", "nul", " ", "\n", "\xff", `"\x"`}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		checkSkip(t, b.String())
	}
	for _, doc := range []string{`{"a":[1,{"b":null}]}`, `[[[]],{}]`, `"x"`, `-1`, `{"":""}`} {
		checkSkip(t, doc)
	}
}

func checkSkip(t *testing.T, doc string) {
	t.Helper()
	l := Lexer{Data: []byte(doc), LoneSurrogates: true}
	err := l.Skip()
	if err == nil {
		l.Space()
	}
	ok := err == nil && l.Pos == len(doc)
	if want := json.Valid([]byte(doc)) && utf8.ValidString(doc); ok != want {
		t.Fatalf("Skip(%q) = %v at %d; encoding/json accepts it: %v", doc, err, l.Pos, want)
	}
	if l.Pos < 0 || l.Pos > len(doc) {
		t.Fatalf("Skip(%q) left Pos %d outside the document", doc, l.Pos)
	}
}

func TestLines(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	var b bytes.Buffer
	for b.Len() < 5*markEvery {
		b.WriteString([]string{"a", "é", "\n", "😀", "  ", "\n\n"}[r.IntN(6)])
	}
	data := b.Bytes()
	// naive counts from the start, for each offset.
	naive := func(off int) (line, byteCol, charCol int) {
		before := data[:off]
		start := bytes.LastIndexByte(before, '\n') + 1
		return bytes.Count(before, []byte{'\n'}) + 1, off - start + 1, utf8.RuneCount(data[start:off]) + 1
	}
	l := NewLines(data)
	offs := []int{0, 1, len(data), 3*markEvery + 7, markEvery, markEvery - 1, 2 * markEvery, 5, len(data) - 1}
	for range 200 {
		offs = append(offs, r.IntN(len(data)+1))
	}
	for _, off := range offs {
		if off < len(data) && off > 0 && !utf8.RuneStart(data[off]) {
			continue // a column in characters counts whole characters
		}
		line, bc, cc := l.Columns(off)
		wl, wb, wc := naive(off)
		if line != wl || bc != wb || cc != wc {
			t.Fatalf("Columns(%d) = %d, %d, %d; want %d, %d, %d", off, line, bc, cc, wl, wb, wc)
		}
		if line, cc := l.Position(off); line != wl || cc != wc {
			t.Fatalf("Position(%d) = %d, %d; want %d, %d", off, line, cc, wl, wc)
		}
	}
	if line, col := l.Position(-5); line != 1 || col != 1 {
		t.Errorf("Position(-5) = %d, %d", line, col)
	}
}

func TestVocabulary(t *testing.T) {
	tests := []struct {
		err  error
		want string
		is   error
	}{
		{Duplicate(3, 5), "key given twice (also at line 3, column 5)", field.ErrDuplicate},
		{UnknownField("a, b"), "unknown field; the fields here are a, b", ErrUnknownField},
		{TooDeep(64), "nested deeper than 64 levels", ErrTooDeep},
		{Trailing(), "malformed JSON: data after the document's JSON value", ErrSyntax},
		{&Error{Line: 1, Column: 2, Err: ErrBOM, Also: errors.ErrUnsupported}, ErrBOM.Error(), errors.ErrUnsupported},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if !errors.Is(tt.err, tt.is) {
			t.Errorf("%v does not match %v", tt.err, tt.is)
		}
	}
}

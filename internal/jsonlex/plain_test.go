package jsonlex

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPlainEnd(t *testing.T) {
	tests := []struct {
		text string // after the opening quote
		want int    // -1: not plain
	}{
		{`"`, 0},
		{`abc"`, 3},
		{`abcdefgh"`, 8},
		{`abcdefghijklmnop", "x"`, 16},
		{`a\"b"`, -1},
		{"a\tb\"", -1},
		{"abcdefg\x7f\"", 8}, // DEL is printable to JSON
		{`é"`, -1},
		{`abcdefghi`, -1}, // unterminated
		{``, -1},
		{"abcdefgh\x00\"", -1},
	}
	for _, tt := range tests {
		data := []byte(`"` + tt.text)
		want := tt.want
		if want >= 0 {
			want++ // the opening quote
		}
		if got := PlainEnd(data, 1); got != want {
			t.Errorf("PlainEnd(%q) = %d, want %d", tt.text, got, want)
		}
	}
}

// TestPlainEndAgreesWithString: on seeded random strings, a plain string
// (PlainEnd not -1) reads as its text with String, which ends where
// PlainEnd says; and a string String reads as its text, without escapes,
// of printable ASCII, is plain.
func TestPlainEndAgreesWithString(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pieces := []string{"a", "Z", " ", "~", "\x7f", `\"`, `\n`, "\t", "é", "\x00", `"`, "0123456789"}
	for range 20000 {
		var b strings.Builder
		b.WriteByte('"')
		for range r.IntN(20) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		data := []byte(b.String())
		end := PlainEnd(data, 1)
		l := Lexer{Data: data}
		v, err := l.String()
		plain := err == nil && len(v) == l.Pos-2 && isPrintableASCII(v)
		if plain != (end >= 0) || plain && (end != l.Pos-1 || string(v) != string(data[1:end])) {
			t.Fatalf("%q: PlainEnd %d; String %q, %v, Pos %d", data, end, v, err, l.Pos)
		}
	}
}

func isPrintableASCII(s []byte) bool {
	for _, c := range s {
		if c < ' ' || c >= 0x80 {
			return false
		}
	}
	return true
}

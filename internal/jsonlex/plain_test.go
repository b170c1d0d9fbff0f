package jsonlex

import (
	"bytes"
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

// checkPlainEnd checks PlainEnd against the lexer on the string that
// starts at data[0] (its quote): when PlainEnd finds its end, the lexer
// reads it there, with the same value, its text; when PlainEnd leaves it,
// the string is not plain printable ASCII (or has no end).
func checkPlainEnd(t *testing.T, data []byte) {
	t.Helper()
	end := PlainEnd(data, 1)
	l := Lexer{Data: data, LoneSurrogates: true}
	v, err := l.String()
	if end >= 0 {
		if err != nil || l.Pos != end+1 || !bytes.Equal(v, data[1:end]) {
			t.Fatalf("PlainEnd(%q) = %d; the lexer reads %q to %d, %v", data, end, v, l.Pos, err)
		}
		return
	}
	if err == nil && len(v) == l.Pos-2 {
		for _, c := range data[1 : l.Pos-1] {
			if c < ' ' || c >= 0x80 || c == '\\' {
				return
			}
		}
		t.Fatalf("PlainEnd(%q) = -1; the lexer reads the plain string %q", data, v)
	}
}

// TestPlainEndAtEveryPlace: PlainEnd agrees with the lexer on strings of
// every length around the eight bytes it reads at a time, with each byte
// that ends it (a quote, a backslash, a control character, a byte that is
// not ASCII, the end of the data) at each place.
func TestPlainEndAtEveryPlace(t *testing.T) {
	special := []byte{'"', '\\', 0, 0x1f, ' ', '~', 0x7f, 0x80, 0xc3, 0xff, 'a'}
	for n := range 20 {
		for at := range n + 1 {
			for _, c := range special {
				b := append([]byte{'"'}, bytes.Repeat([]byte{'x'}, n)...)
				if at < n {
					b[1+at] = c
				}
				checkPlainEnd(t, b)
				checkPlainEnd(t, append(b, '"'))
				checkPlainEnd(t, append(b, `\n"`...))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := []byte{'"'}
		for range r.IntN(30) {
			b = append(b, special[r.IntN(len(special))])
			if r.IntN(2) == 0 {
				b = append(b, byte(' '+r.IntN(95)))
			}
		}
		checkPlainEnd(t, b)
	}
}

// FuzzPlainEnd: PlainEnd agrees with the lexer on any text.
func FuzzPlainEnd(f *testing.F) {
	for _, s := range []string{`"abc"`, `"abcdefgh"`, `"abcdefghi\"`, "\"a\x00b\"", "\"é\"", `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPlainEnd(t, append([]byte{'"'}, data...))
	})
}

package jsontree

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// checkPlainEnd checks plainEnd against the lexer on the string that
// starts at data[0] (its quote): when plainEnd finds its end, the lexer
// reads it there, with the same value, its text; when plainEnd leaves it,
// the string is not plain printable ASCII (or has no end).
func checkPlainEnd(t *testing.T, data []byte) {
	t.Helper()
	end := plainEnd(data, 1)
	l := jsonlex.Lexer{Data: data, LoneSurrogates: true}
	v, err := l.String()
	if end >= 0 {
		if err != nil || l.Pos != end+1 || !bytes.Equal(v, data[1:end]) {
			t.Fatalf("plainEnd(%q) = %d; the lexer reads %q to %d, %v", data, end, v, l.Pos, err)
		}
		return
	}
	if err == nil && len(v) == l.Pos-2 {
		for _, c := range data[1 : l.Pos-1] {
			if c < ' ' || c >= 0x80 || c == '\\' {
				return
			}
		}
		t.Fatalf("plainEnd(%q) = -1; the lexer reads the plain string %q", data, v)
	}
}

// TestPlainEnd: the fast path of text agrees with the lexer on strings of
// every length around the eight bytes it reads at a time, with each byte
// that ends it (a quote, a backslash, a control character, a byte that is
// not ASCII, the end of the data) at each place.
func TestPlainEnd(t *testing.T) {
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

// FuzzPlainEnd: plainEnd agrees with the lexer on any text.
func FuzzPlainEnd(f *testing.F) {
	for _, s := range []string{`"abc"`, `"abcdefgh"`, `"abcdefghi\"`, "\"a\x00b\"", "\"é\"", `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPlainEnd(t, append([]byte{'"'}, data...))
	})
}

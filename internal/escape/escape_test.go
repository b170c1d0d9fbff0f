package escape

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"unicode/utf8"
)

// slowClean is clean rune by rune.
func slowClean(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r < utf8.RuneSelf && (r < 0x20 || r == 0x7f) || Unsafe(r) {
			return false
		}
		i += n
	}
	return true
}

// TestCleanAgainstSlow: clean's eight-byte steps decide as a rune-by-rune
// reading does, for every edge byte in every position, on seeded random text.
func TestCleanAgainstSlow(t *testing.T) {
	edges := []byte{0x00, 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0x80, 0xae, 0xff, 'a', ' '}
	for n := range 20 {
		for pos := range n {
			for _, e := range edges {
				b := make([]byte, n)
				for i := range b {
					b[i] = 'x'
				}
				b[pos] = e
				if got, want := Clean(string(b)), slowClean(string(b)); got != want {
					t.Fatalf("Clean(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 40_000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(10) == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = byte(0x20 + r.IntN(0x5f))
			}
		}
		if got, want := Clean(string(b)), slowClean(string(b)); got != want {
			t.Fatalf("Clean(%q) = %v, want %v", b, got, want)
		}
	}
}

func TestAppendQuote(t *testing.T) {
	for _, s := range []string{"", "orders", `a"b`, `a\b`, "tab\there", "南", "\x7f", "\xff", "~ ok"} {
		if got, want := string(AppendQuote([]byte("x"), s)), string(strconv.AppendQuote([]byte("x"), s)); got != want {
			t.Errorf("AppendQuote(%q) = %s, want %s", s, got, want)
		}
	}
}

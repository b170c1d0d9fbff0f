package jsonstr

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		in      string // after the opening quote
		lenient bool
		want    string
		p       Problem
		at      int
	}{
		{`abc"`, false, "abc", OK, 0},
		{`a\"b\\c\/\b\f\n\r\t"`, false, "a\"b\\c/\b\f\n\r\t", OK, 0},
		{`\u0061\u00e9\ud83d\ude00"`, false, "aé😀", OK, 0},
		{`é"`, false, "é", OK, 0},
		{`abc`, false, "", Unterminated, 3},
		{`ab\`, false, "", Unterminated, 3},
		{"a\tb\"", false, "", Control, 1},
		{`a\x"`, false, "", BadEscape, 1},
		{`\u12g4"`, false, "", BadHex, 0},
		{`x\ud800"`, false, "", LoneSurrogate, 1},
		{`x\ud800"`, true, "x\uFFFD", OK, 0},
		{`\ud800\u0041"`, false, "", LoneSurrogate, 0},
		{"a\xffb\"", false, "", BadUTF8, 1},
		{"\\n\xff\"", false, "", BadUTF8, 2},
		{"a\xffb\"", true, "a\xffb", OK, 0},
	}
	for _, tt := range tests {
		v, end, p, at := Read([]byte(tt.in), 0, Options{Lenient: tt.lenient})
		if p != tt.p || p != OK && at != tt.at || p == OK && (string(v) != tt.want || end != len(tt.in)) {
			t.Errorf("Read(%q, lenient %v) = %q, %d, %d, %d; want %q, problem %d at %d", tt.in, tt.lenient, v, end, p, at, tt.want, tt.p, tt.at)
		}
	}
}

// TestReadAgreesWithEncodingJSON: on valid strings, Read gives what
// encoding/json gives, on seeded random escapes and runes.
func TestReadAgreesWithEncodingJSON(t *testing.T) {
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
		got, _, p, _ := Read([]byte(s+`"`), 0, Options{})
		if p != OK || string(got) != want {
			t.Errorf("Read(%q) = %q, %d; want %q", s, got, p, want)
		}
	}
}

package waiverfile

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// slowGlob matches by dynamic programming over every prefix pair: the
// obvious reading of "'*' matches any run of characters".
func slowGlob(pattern, s string) bool {
	// m[j]: pattern[:i] matches s[:j]
	m := make([]bool, len(s)+1)
	m[0] = true
	for i := 0; i < len(pattern); i++ {
		next := make([]bool, len(s)+1)
		for j := 0; j <= len(s); j++ {
			switch {
			case pattern[i] == '*':
				next[j] = m[j] || j > 0 && next[j-1]
			case j > 0:
				next[j] = m[j-1] && pattern[i] == s[j-1]
			}
		}
		m = next
	}
	return m[len(s)]
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"*", "", true},
		{"*", "groups[0].apis[1]", true},
		{"groups[0]*", "groups[0]", true},
		{"groups[0]*", "groups[0].apis[2].vpcAccess", true},
		{"groups[0]*", "groups[10]", false},
		{"groups[1]*", "groups[10]", false},
		{"groups[1]", "groups[1]", true},
		{"groups[1]", "groups[1].to", false},
		{"*.vpcAccess", "groups[0].apis[2].vpcAccess", true},
		{"*.vpcAccess", "groups[0].apis[2].vpcAccessX", false},
		{"a*b*c", "abc", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "acb", false},
		{"a*a", "a", false},
		{"a*a", "aa", true},
		{"**", "x", true},
		{"a**b", "ab", true},
		{"*ab*ab*", "abab", true},
		{"*ab*ab*", "aba", false},
		{"[0]", "[0]", true}, // brackets are literal
		{"?", "a", false},    // so is '?'
	} {
		if got := Match(tc.pattern, tc.s); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// TestGlobMatchAgainstSlow: globMatch agrees with the dynamic program on
// seeded random patterns and texts over a small alphabet.
func TestGlobMatchAgainstSlow(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	word := func(n int, alpha string) string {
		b := make([]byte, r.IntN(n))
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	for range 50_000 {
		p, s := word(7, "ab*"), word(9, "ab")
		if got, want := Match(p, s), slowGlob(p, s); got != want {
			t.Fatalf("Match(%q, %q) = %v, want %v", p, s, got, want)
		}
	}
}

// TestGlobMatchLinear: a pattern that makes a backtracking matcher
// exponential, or a naive one quadratic, takes time linear in the text.
func TestGlobMatchLinear(t *testing.T) {
	s := strings.Repeat("a", 1<<20)
	pattern := strings.Repeat("*a", 200) + "*b"
	start := time.Now()
	if Match(pattern, s) {
		t.Fatal("matched")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("globMatch took %v on 1 MiB", d)
	}
}

func TestIndex(t *testing.T) {
	var x Index
	if got := x.Find("unreachable", "a"); got != -1 {
		t.Errorf("the zero Index: Find = %d, want -1", got)
	}
	for i, w := range [][2]string{
		{"unreachable", "authorizations[1].*"}, // 0
		{"unreachable", "authorizations[2].addr"},
		{"unreachable", "authorizations[1].addr"}, // 2: after a pattern that matches
		{"unverified", ""},                        // 3: anywhere
		{"unverified", "x"},
		{"egress-denied", "a"}, // 5
		{"egress-denied", "a"},
	} {
		x.Add(i, w[0], w[1])
	}
	for _, tt := range []struct {
		code, where string
		want        int
	}{
		{"unreachable", "authorizations[1].addr", 0},
		{"unreachable", "authorizations[2].addr", 1},
		{"unreachable", "authorizations[3].addr", -1},
		{"unverified", "x", 3},
		{"egress-denied", "a", 5},
		{"egress-denied", "b", -1},
		{"required", "a", -1},
	} {
		if got := x.Find(tt.code, tt.where); got != tt.want {
			t.Errorf("Find(%q, %q) = %d, want %d", tt.code, tt.where, got, tt.want)
		}
	}
}

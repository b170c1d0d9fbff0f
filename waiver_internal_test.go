package vpcgate

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/vpcgate/vpcgate/field"
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
		if got := globMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
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
		if got, want := globMatch(p, s), slowGlob(p, s); got != want {
			t.Fatalf("globMatch(%q, %q) = %v, want %v", p, s, got, want)
		}
	}
}

// TestGlobMatchLinear: a pattern that makes a backtracking matcher
// exponential, or a naive one quadratic, takes time linear in the text.
func TestGlobMatchLinear(t *testing.T) {
	s := strings.Repeat("a", 1<<20)
	pattern := strings.Repeat("*a", 200) + "*b"
	start := time.Now()
	if globMatch(pattern, s) {
		t.Fatal("matched")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("globMatch took %v on 1 MiB", d)
	}
}

func TestLocateJSON(t *testing.T) {
	doc := []byte("{\"a\": {\"b\": [10, {\"c\": \"x\"}]},\n \"k ey\": \"é\", \"d\": 1, \"a\": 2,\n\t\"z\": [\"\\\"]\", {\"y\": \"南\", \"w\": true}]}")
	for _, tc := range []struct {
		path      field.Path
		line, col int
		exact     bool
	}{
		{"a", 1, 7, true},
		{"a.b", 1, 13, true},
		{"a.b[0]", 1, 14, true},
		{"a.b[1].c", 1, 24, true},
		{"a.b[1].missing", 1, 18, false},
		{"a.b[7]", 1, 13, false},
		{`["k ey"]`, 2, 10, true},
		{"d", 2, 20, true},
		{"z[1].w", 3, 31, true}, // columns count characters: 南 is one
		{"nothing.at.all", 0, 0, false},
		{"", 0, 0, false},
		{"a[", 0, 0, false},
	} {
		got := locateJSON(doc, []field.Path{tc.path})[0]
		if got.line != tc.line || got.col != tc.col || got.exact != tc.exact {
			t.Errorf("locateJSON(%q) = line %d, column %d, exact %v; want %d, %d, %v", tc.path, got.line, got.col, got.exact, tc.line, tc.col, tc.exact)
		}
	}
	// Malformed JSON stops the reading; what came before is found.
	bad := []byte(`{"a": 1, "b": [1, 2 "c": 3}`)
	got := locateJSON(bad, []field.Path{"a", "b", "c"})
	if got[0].line != 1 || got[0].col != 7 || !got[1].exact || got[2].exact {
		t.Errorf("locateJSON on malformed JSON = %+v", got)
	}
}

// TestLocateJSONLinear: many paths into a long one-line document cost
// time linear in both.
func TestLocateJSONLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"xs": [`)
	const n = 30_000
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"v": "é"}`)
	}
	b.WriteString("]}")
	paths := make([]field.Path, n)
	for i := range paths {
		paths[i] = field.Path("xs").Index(n - 1 - i).Child("v")
	}
	start := time.Now()
	got := locateJSON([]byte(b.String()), paths)
	if got[0].col != 9+(n-1)*11+6 {
		t.Errorf("column of the last = %d", got[0].col)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("locateJSON took %v", d)
	}
}

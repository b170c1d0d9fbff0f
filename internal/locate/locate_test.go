package locate

import (
	"strings"
	"testing"
	"time"

	"github.com/vpcgate/vpcgate/field"
)

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
		got := JSON(doc, []field.Path{tc.path})[0]
		if got.Line != tc.line || got.Col != tc.col || got.Exact != tc.exact {
			t.Errorf("JSON(%q) = line %d, column %d, exact %v; want %d, %d, %v", tc.path, got.Line, got.Col, got.Exact, tc.line, tc.col, tc.exact)
		}
	}
	// Malformed JSON stops the reading; what came before is found.
	bad := []byte(`{"a": 1, "b": [1, 2 "c": 3}`)
	got := JSON(bad, []field.Path{"a", "b", "c"})
	if got[0].Line != 1 || got[0].Col != 7 || !got[1].Exact || got[2].Exact {
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
	got := JSON([]byte(b.String()), paths)
	if got[0].Col != 9+(n-1)*11+6 {
		t.Errorf("column of the last = %d", got[0].Col)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("locateJSON took %v", d)
	}
}

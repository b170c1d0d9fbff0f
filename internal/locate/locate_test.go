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

func TestIndex(t *testing.T) {
	for _, tt := range []struct {
		p, name string
		k       int
		rest    string
		ok      bool
	}{
		{"zones[3].vSwitchCidr", "zones", 3, "vSwitchCidr", true},
		{"instances[0]", "instances", 0, "", true},
		{"[12]", "", 12, "", true},
		{"groups[2][1]", "groups", 2, "[1]", true},
		{"zones[-1]", "zones", 0, "", false},
		{"zones[+1]", "zones", 0, "", false},
		{"zones[]", "zones", 0, "", false},
		{"zones[1", "zones", 0, "", false},
		{"zone[1]", "zones", 0, "", false},
		{`zones["a"]`, "zones", 0, "", false},
		{"xzones[1]", "zones", 0, "", false},
	} {
		k, rest, ok := Index(field.Path(tt.p), tt.name)
		if k != tt.k || string(rest) != tt.rest || ok != tt.ok {
			t.Errorf("Index(%q, %q) = %d, %q, %v; want %d, %q, %v", tt.p, tt.name, k, rest, ok, tt.k, tt.rest, tt.ok)
		}
	}
}

func TestDocument(t *testing.T) {
	for _, tt := range []struct {
		where string
		index int
		name  string
		rest  string
		ok    bool
	}{
		{"DescribeVpcAccesses[3].VpcAccessAttributes", 3, "", "VpcAccessAttributes", true},
		{"DescribeVpcAccesses[0]", 0, "", "", true},
		{`responses["notes.json"]`, -1, "notes.json", "", true},
		{`DescribeApi["a]\".json"].ServiceConfig`, -1, `a]".json`, "ServiceConfig", true},
		{"[0].x", 0, "", "", false},
		{"Kind[", 0, "", "", false},
		{"Kind[x]", 0, "", "", false},
		{`Kind["a"`, 0, "", "", false},
		{`Kind["a"x]`, 0, "", "", false},
		{"plain", 0, "", "", false},
	} {
		i, name, rest, ok := Document(tt.where)
		if i != tt.index || name != tt.name || string(rest) != tt.rest || ok != tt.ok {
			t.Errorf("Document(%q) = %d, %q, %q, %v; want %d, %q, %q, %v", tt.where, i, name, rest, ok, tt.index, tt.name, tt.rest, tt.ok)
		}
	}
}

func TestJSONOrDocument(t *testing.T) {
	doc := []byte("\n  {\"a\": {\"b\": 1}}")
	got := JSONOrDocument(doc, []field.Path{"a.b", "", "a.c", "x", "a[0"})
	want := []Pos{{2, 15, 15, true}, {2, 3, 3, false}, {2, 9, 9, false}, {2, 3, 3, false}, {2, 3, 3, false}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("path %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := JSONOrDocument(nil, []field.Path{"a"}); got[0] != (Pos{Line: 1, ByteCol: 1, Col: 1}) {
		t.Errorf("empty document: got %+v, want line 1, column 1", got[0])
	}
}

package terraform

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		doc   string
		paths []field.Path
		is    error
		msg   string
		pos   string // line:column of the first problem
	}{
		{`{"a":1,"a":2}`, []field.Path{"a"}, ErrDuplicateKey, "key given twice (also at line 1, column 2)", "1:8"},
		{`{"a":1,"a":2,"a":3}`, []field.Path{"a", "a"}, ErrDuplicateKey, "", "1:8"},
		{"{" + strings.Repeat(`"k":0,`, maxDuplicates+5) + `"k":0}`, append(slices.Repeat([]field.Path{"k"}, maxDuplicates), ""), ErrDuplicateKey, "more than 100", "1:8"},
		{`{"a":1} {}`, []field.Path{""}, ErrSyntax, "data after", "1:9"},
		{`{"a":}`, []field.Path{"a"}, ErrSyntax, "malformed JSON: want a value, got '}'", "1:6"},
		{"{\n  \"a\": [1,\n  2,,]}", []field.Path{"a[2]"}, ErrSyntax, "want a value", "3:5"},
		{`{"a":1`, []field.Path{""}, ErrSyntax, "end of the document", "1:7"},
		{`"\ud800"`, nil, nil, "", ""},
		{"\"\xff\"", []field.Path{""}, ErrSyntax, "invalid UTF-8", "1:2"},
		{strings.Repeat("[", 20000) + strings.Repeat("]", 20000), []field.Path{field.Path(strings.Repeat("[0]", 10000))}, jsonlex.ErrTooDeep, "nested deeper than 10000 levels", "1:10001"},
	}
	for _, tt := range tests {
		name := tt.doc
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			var paths []field.Path
			pos := ""
			for i, e := range field.Split(err) {
				p, ok := field.PathOf(e)
				if !ok {
					t.Errorf("problem %v has no path", e)
				}
				paths = append(paths, p)
				var je *jsonlex.Error
				if !errors.As(e, &je) {
					t.Errorf("problem %v has no position", e)
				} else if i == 0 {
					pos = fmt.Sprintf("%d:%d", je.Line, je.Column)
				}
			}
			if diff := cmp.Diff(tt.paths, paths); diff != "" {
				t.Errorf("paths mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			if err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not contain %q", err, tt.msg)
			}
			if pos != tt.pos {
				t.Errorf("first problem at %s, want %s", pos, tt.pos)
			}
		})
	}
}

func TestValueEqual(t *testing.T) {
	parse := func(s string) *Value {
		v, err := Parse([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	big := func(order []int) string {
		var parts []string
		for _, i := range order {
			parts = append(parts, fmt.Sprintf(`"k%d":%d`, i, i))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":[true,null]}`, `{"b":[true,null],"a":1}`, true},
		{`{"a":1}`, `{"a":1,"b":2}`, false},
		{`{"a":1}`, `{"b":1}`, false},
		{`[1,2]`, `[2,1]`, false},
		{`1`, `1.0`, false},
		{`"1"`, `1`, false},
		{`null`, `null`, true},
		{big([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), big([]int{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}), true},
		{big([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), big([]int{10, 9, 8, 7, 6, 5, 4, 3, 2, 11}), false},
	}
	for _, tt := range tests {
		a, b := parse(tt.a), parse(tt.b)
		if got := a.Equal(b); got != tt.want {
			t.Errorf("%s.Equal(%s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := b.Equal(a); got != tt.want {
			t.Errorf("%s.Equal(%s) = %v, want %v (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
	var absent *Value
	if !absent.Equal(parse("null")) || absent.Equal(parse("0")) {
		t.Error("an absent value equals null and nothing else")
	}
}

// TestGetWideObject: Get finds every member of objects small (scanned) and
// wide (indexed), the first of keys given twice, and nothing else; a wide
// object is looked up without a scan, so that a wide configuration block
// looked up once per count instance costs no more than a narrow one.
func TestGetWideObject(t *testing.T) {
	for _, n := range []int{0, 1, smallObject, smallObject + 1, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var members []string
			for i := range n {
				members = append(members, fmt.Sprintf(`"k%d":%d`, i, i))
			}
			if n > 0 {
				members = append(members, `"k0":"again"`)
			}
			v, err := Parse([]byte("{" + strings.Join(members, ",") + "}"))
			if n > 0 && !errors.Is(err, ErrDuplicateKey) || n == 0 && err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if v == nil {
				v, _ = Parse([]byte("{" + strings.Join(members[:n], ",") + "}"))
			}
			for i := range n {
				if got := v.Get(fmt.Sprintf("k%d", i)); got == nil || got.Text != fmt.Sprint(i) {
					t.Fatalf("Get(k%d) = %+v, want %d", i, got, i)
				}
			}
			for _, k := range []string{"", "k", fmt.Sprintf("k%d", n), "K0"} {
				if got := v.Get(k); got != nil {
					t.Errorf("Get(%q) = %+v, want nil", k, got)
				}
			}
			if indexed := v.obj != nil && v.obj.index != nil; indexed != (n > smallObject) {
				t.Errorf("%d members: indexed %v", n, indexed)
			}
		})
	}
}

// TestObjectsShareMembers: objects of the same keys share one members
// (their keys and index), while objects of other keys, also those that
// hash alike or begin alike, keep their own; every member is found.
func TestObjectsShareMembers(t *testing.T) {
	wide := func(first string) string {
		var m []string
		for i := range 2 * smallObject {
			m = append(m, fmt.Sprintf(`"%s%d":%d`, first, i, i))
		}
		return "{" + strings.Join(m, ",") + "}"
	}
	doc := `[{"a":1,"b":2},{"a":3,"b":4},{"a":5,"c":6},{"b":7,"a":8},{"ab":9},{"ba":10},{"a":11,"b":12},` +
		wide("k") + "," + wide("k") + "," + wide("j") + `,{}]`
	v, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	o := v.Elems
	want := [][]string{{"a", "b"}, {"a", "b"}, {"a", "c"}, {"b", "a"}, {"ab"}, {"ba"}, {"a", "b"}}
	for i, keys := range want {
		if got := o[i].Keys(); !slices.Equal(got, keys) {
			t.Errorf("[%d].Keys() = %q, want %q", i, got, keys)
		}
		for j, k := range keys {
			if got := o[i].Get(k); got != o[i].Elems[j] {
				t.Errorf("[%d].Get(%q) = %v, want %v", i, k, got, o[i].Elems[j])
			}
		}
	}
	if o[0].obj != o[1].obj {
		t.Error("two objects of keys a, b in a row have two members")
	}
	if o[0].obj == o[2].obj || o[0].obj == o[3].obj || o[4].obj == o[5].obj {
		t.Error("objects of other keys share members")
	}
	if o[7].obj != o[8].obj || o[7].obj.index == nil || o[7].obj == o[9].obj {
		t.Errorf("wide objects: shared %v, indexed %v, another's shared %v", o[7].obj == o[8].obj, o[7].obj.index != nil, o[7].obj == o[9].obj)
	}
	for i := range 2 * smallObject {
		for _, w := range o[7:10] {
			k := fmt.Sprintf("%s%d", w.Keys()[0][:1], i)
			if got := w.Get(k); got == nil || got.Text != fmt.Sprint(i) {
				t.Errorf("Get(%q) = %v, want %d", k, got, i)
			}
		}
	}
	if e := o[10]; e.Keys() != nil || e.Get("a") != nil || !e.Equal(&Value{Kind: Object}) {
		t.Errorf("{}: keys %q", e.Keys())
	}
	if (*Value)(nil).Keys() != nil || Str("a").Keys() != nil {
		t.Error("Keys of nil or a string is not nil")
	}
}

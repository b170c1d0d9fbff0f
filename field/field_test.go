package field_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/vpcgate/vpcgate/field"
)

var errBad = errors.New("bad")

func TestPath(t *testing.T) {
	tests := []struct {
		got  field.Path
		want string
	}{
		{field.Path("").Child("zones"), "zones"},
		{field.Path("instance").Child("zones").Index(1).Child("vSwitchCidr"), "instance.zones[1].vSwitchCidr"},
		{field.Path("").Index(0), "[0]"},
		{field.Path("m").Key("a_b-1"), "m.a_b-1"},
		{field.Path("m").Key("a b"), `m["a b"]`},
		{field.Path("m").Key("1a"), `m["1a"]`},
		{field.Path("m").Key(""), `m[""]`},
		{field.Path("m").Key("é"), `m["é"]`},
		{field.Path("a[1]").Join("b.c"), "a[1].b.c"},
		{field.Path("a").Join("[2]"), "a[2]"},
		{field.Path("").Join("x"), "x"},
		{field.Path("x").Join(""), "x"},
	}
	for _, tt := range tests {
		if tt.got.String() != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	e := field.New("zones[0].zoneId", errBad)
	if got, want := e.Error(), "zones[0].zoneId: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, errBad) {
		t.Error("errors.Is(e, errBad) = false")
	}
	if got := field.New("", errBad).Error(); got != "bad" {
		t.Errorf("root Error() = %q, want %q", got, "bad")
	}
	if got := (&field.Error{Field: "x"}).Error(); got != "x: <nil>" {
		t.Errorf("nil Err: %q", got)
	}
}

func TestListAndUnder(t *testing.T) {
	var l field.List
	if l.Err() != nil {
		t.Fatal("empty list: Err() != nil")
	}
	l.Add("name", errBad)
	l.Add("port", nil)
	l.Add("addr", fmt.Errorf("%w and %w", errBad, errors.ErrUnsupported))
	err := field.Under("authorizations[3]", l.Err())
	parts := field.Split(err)
	if len(parts) != 2 {
		t.Fatalf("Split: %d parts, want 2: %v", len(parts), parts)
	}
	for i, want := range []field.Path{"authorizations[3].name", "authorizations[3].addr"} {
		p, ok := field.PathOf(parts[i])
		if !ok || p != want {
			t.Errorf("part %d: path %q, %v; want %q", i, p, ok, want)
		}
	}
	if !errors.Is(parts[1], errors.ErrUnsupported) {
		t.Error("a two-%w error lost a sentinel")
	}
	// A join of joins flattens; a plain error goes under the root.
	nested := errors.Join(errors.Join(errBad, errBad), errBad)
	if n := len(field.Split(nested)); n != 3 {
		t.Errorf("Split(nested) = %d parts, want 3", n)
	}
	if p, _ := field.PathOf(field.Under("vpc", errBad)); p != "vpc" {
		t.Errorf("Under(plain): path %q, want vpc", p)
	}
	if field.Under("x", nil) != nil {
		t.Error("Under(nil) != nil")
	}
	var m field.List
	m.AddUnder("instance", l.Err())
	if p, _ := field.PathOf(m[0]); p != "instance.name" {
		t.Errorf("AddUnder: %q", p)
	}
}

func ExamplePath() {
	p := field.Path("instance").Child("zones").Index(1).Child("vSwitchCidr")
	fmt.Println(p)
	fmt.Println(field.New(p, errBad))
	// Output:
	// instance.zones[1].vSwitchCidr
	// instance.zones[1].vSwitchCidr: bad
}

// TestSplitNestedJoinsLinear: a join nested n deep splits in memory linear
// in n (each level used to copy the list of the levels below it).
func TestSplitNestedJoinsLinear(t *testing.T) {
	const n = 10_000
	err := errors.New("leaf 0")
	for i := 1; i < n; i++ {
		err = errors.Join(fmt.Errorf("leaf %d", i), err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	parts := field.Split(err)
	runtime.ReadMemStats(&after)
	if len(parts) != n || parts[0].Error() != fmt.Sprintf("leaf %d", n-1) || parts[n-1].Error() != "leaf 0" {
		t.Fatalf("Split gave %d parts, want %d in order", len(parts), n)
	}
	if bytes := after.TotalAlloc - before.TotalAlloc; bytes > 16<<20 {
		t.Errorf("Split of a join nested %d deep allocated %d bytes, want linear (at most 16 MiB)", n, bytes)
	}
}

func TestDuplicate(t *testing.T) {
	errOther := errors.New("name used twice")
	tests := []struct {
		err  *field.DuplicateError
		want string
		is   error
	}{
		{field.Duplicate(nil, `zone "cn-hangzhou-j"`, "zones[0]"), `zone "cn-hangzhou-j" given twice (also at zones[0])`, field.ErrDuplicate},
		{field.Duplicate(field.ErrDuplicate, "key", "line 3, column 5"), "key given twice (also at line 3, column 5)", field.ErrDuplicate},
		{field.Duplicate(errOther, `authorization "a"`, "authorizations[2]"), `authorization "a" given twice (also at authorizations[2])`, errOther},
		{field.Duplicate(nil, "key", ""), "key given twice", field.ErrDuplicate},
		{&field.DuplicateError{}, "given twice", field.ErrDuplicate},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if !errors.Is(tt.err, tt.is) {
			t.Errorf("%v does not match %v", tt.err, tt.is)
		}
		if tt.is != field.ErrDuplicate && errors.Is(tt.err, field.ErrDuplicate) {
			t.Errorf("%v matches ErrDuplicate beside its own sentinel", tt.err)
		}
	}
}

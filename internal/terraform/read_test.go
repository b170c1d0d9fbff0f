package terraform

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/field"
)

// TestFoundPlace: a Found names its place and JSON path from the steps it
// was given, short ones kept inline and long ones copied, so that the
// caller's slice may change afterwards.
func TestFoundPlace(t *testing.T) {
	for _, tt := range []struct {
		steps []Step
		where string
		path  field.Path
	}{
		{nil, "a.b", "resources[2].values"},
		{[]Step{"id"}, "a.b.id", "resources[2].values.id"},
		{[]Step{"zone_vswitch_security_group", 300, "cidr_block"}, "a.b.zone_vswitch_security_group[300].cidr_block", "resources[2].values.zone_vswitch_security_group[300].cidr_block"},
		{[]Step{"m", Key("k x"), 1, "n"}, `a.b.m["k x"][1].n`, `resources[2].values.m["k x"][1].n`},
	} {
		steps := append([]Step(nil), tt.steps...)
		f := At("a.b", Loc{List: "resources", Index: 2, Tail: ".values"}, steps...)
		for i := range steps {
			steps[i] = "changed"
		}
		if got := f.Where(); got != tt.where {
			t.Errorf("Where() = %q, want %q", got, tt.where)
		}
		if got := f.Path(); got != tt.path {
			t.Errorf("Path() = %q, want %q", got, tt.path)
		}
	}
	if got := At("a.b", Loc{}, "x").WithWhere("c.d").Where(); got != "c.d" {
		t.Errorf("WithWhere: Where() = %q", got)
	}
	if got := At("a.b", Loc{}, "x").Path(); got != "" {
		t.Errorf("no base: Path() = %q, want none", got)
	}
}

// TestLocPath: a Loc renders the element of its list, or the list itself
// (Index -1), then its tail; the zero Loc is no path.
func TestLocPath(t *testing.T) {
	for _, tt := range []struct {
		l    Loc
		want field.Path
	}{
		{Loc{}, ""},
		{Loc{List: "resource_changes", Index: 0}, "resource_changes[0]"},
		{Loc{List: "resource_changes", Index: 3}.With(".change.before"), "resource_changes[3].change.before"},
		{Loc{List: "planned_values.root_module", Index: -1}, "planned_values.root_module"},
	} {
		if got := tt.l.Path(); got != tt.want {
			t.Errorf("%+v.Path() = %q, want %q", tt.l, got, tt.want)
		}
	}
}

// TestZonePlaces: the places cut from one string are the zones' and their
// attributes', each zone's its own.
func TestZonePlaces(t *testing.T) {
	for _, tt := range []struct {
		addr string
		j    int
		want ZoneAt
	}{
		{"gw", 1, ZoneAt{"gw.zone_vswitch_security_group[1]", "gw.zone_vswitch_security_group[1].zone_id", "gw.zone_vswitch_security_group[1].vswitch_id", "gw.zone_vswitch_security_group[1].cidr_block", "gw.zone_vswitch_security_group[1].security_group"}},
		{`m.a["x"]`, 1234, ZoneAt{`m.a["x"].zone_vswitch_security_group[1234]`, `m.a["x"].zone_vswitch_security_group[1234].zone_id`, `m.a["x"].zone_vswitch_security_group[1234].vswitch_id`, `m.a["x"].zone_vswitch_security_group[1234].cidr_block`, `m.a["x"].zone_vswitch_security_group[1234].security_group`}},
	} {
		places := zonePlaces(tt.addr, tt.j+2)
		if len(places) != tt.j+2 {
			t.Fatalf("zonePlaces(%q, %d): %d places", tt.addr, tt.j+2, len(places))
		}
		if diff := cmp.Diff(tt.want, places[tt.j]); diff != "" {
			t.Errorf("zonePlaces(%q, %d) mismatch (-want +got):\n%s", tt.addr, tt.j, diff)
		}
	}
}

// TestDecodeDuplicateAddress: an address given twice in one part of the
// plan is an error at the second, naming the first; a deposed object is
// told apart by its key, and the parts are apart from each other.
func TestDecodeDuplicateAddress(t *testing.T) {
	change := func(addr, deposed string) string {
		return `{"address":"` + addr + `","mode":"managed","type":"x","name":"a","deposed":"` + deposed + `","change":{"actions":["delete"],"before":{},"after":null}}`
	}
	res := `{"address":"x.a","mode":"managed","type":"x","name":"a","values":{}}`
	for _, tt := range []struct {
		name    string
		changes []string
		want    []field.Path // the paths of the errors
	}{
		{"current twice", []string{change("x.a", ""), change("x.b", ""), change("x.a", "")}, []field.Path{"resource_changes[2].address"}},
		{"deposed apart", []string{change("x.a", ""), change("x.a", "00000001"), change("x.a", "00000002")}, nil},
		{"deposed twice", []string{change("x.a", "00000001"), change("x.a", ""), change("x.a", "00000001")}, []field.Path{"resource_changes[2].address"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + res + `]}},"resource_changes":[` + strings.Join(tt.changes, ",") + `]}`
			_, err := Decode([]byte(doc))
			var got []field.Path
			for _, e := range field.Split(err) {
				var fe *field.Error
				if !errors.As(e, &fe) {
					t.Fatalf("%v: not a *field.Error", e)
				}
				got = append(got, fe.Field)
				if !errors.Is(e, ErrDuplicateAddress) || !strings.Contains(e.Error(), "also at resource_changes[0].address") {
					t.Errorf("%v: want a duplicate of resource_changes[0]", e)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

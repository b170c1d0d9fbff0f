package zones_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/zones"
)

// TestCatalogJSONStrict pins issue 9 item 5: key case variants, duplicate
// keys (however escaped), wrong types and trailing data are errors named by
// their JSON path, where encoding/json would let the last key win.
func TestCatalogJSONStrict(t *testing.T) {
	const head = `[{"id":"r-1","name":"R","zones":[{"id":"r-1a",`
	for _, tc := range []struct {
		name, in string
		paths    []string
	}{
		{"valid", head + `"reserved":["10.0.0.0/16"]}]}]`, nil},
		{"Reserved beside reserved", head + `"reserved":["10.0.0.0/16"],"Reserved":[]}]}]`, []string{"[0].zones[0].Reserved"}},
		{"Reserved alone", head + `"Reserved":["10.0.0.0/16"]}]}]`, []string{"[0].zones[0].Reserved"}},
		{"duplicate key", head + `"reserved":["10.0.0.0/16"],"reserved":[]}]}]`, []string{"[0].zones[0].reserved"}},
		{"escaped duplicate key", head + `"reserved":["10.0.0.0/16"],"\u0072eserved":[]}]}]`, []string{"[0].zones[0].reserved"}},
		{"duplicate region id key", `[{"id":"r-1","id":"r-2","name":"R","zones":[{"id":"r-1a","reserved":["10.0.0.0/16"]}]}]`, []string{"[0].id"}},
		{"odd key", head + `"reserved":["10.0.0.0/16"],"a b":1}]}]`, []string{`[0].zones[0]["a b"]`}},
		{"null catalog", `null`, []string{""}},
		{"object catalog", `{}`, []string{""}},
		{"null zones", `[{"id":"r-1","name":"R","zones":null}]`, []string{"[0].zones"}},
		{"string for an array", head + `"reserved":"10.0.0.0/16"}]}]`, []string{"[0].zones[0].reserved"}},
		{"number for a block", head + `"reserved":[5,"10.0.0.0/16"]}]}]`, []string{"[0].zones[0].reserved[0]"}},
		{"unparsable block", head + `"reserved":["10.0.0.0/16","bogus"]}]}]`, []string{"[0].zones[0].reserved[1]"}},
		{"host bits", head + `"reserved":["10.0.0.1/16"]}]}]`, []string{"[0].zones[0].reserved[0]"}},
		{"mapped block", head + `"reserved":["::ffff:10.0.0.0/112"]}]}]`, []string{"[0].zones[0].reserved[0]"}},
		{"trailing array", head + `"reserved":["10.0.0.0/16"]}]}] []`, []string{""}},
		{"trailing garbage", head + `"reserved":["10.0.0.0/16"]}]}] x`, []string{""}},
		{"truncated", head + `"reserved":["10.0.0.0/16"]`, []string{"[0].zones[0]"}},
		{"every problem at once", `[{"id":"r-1","ID":"x","name":"R","zones":[{"id":"r-1a","reserved":[1],"reserved":[]}]}]`,
			[]string{"[0].ID", "[0].zones[0].reserved[0]", "[0].zones[0].reserved"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := zones.Default()
			err := c.UnmarshalJSON([]byte(tc.in)) // directly: json.Unmarshal checks trailing data itself
			if diff := cmp.Diff(tc.paths, paths(t, err)); diff != "" {
				t.Fatalf("UnmarshalJSON(%s) = %v; paths (-want +got):\n%s", tc.in, err, diff)
			}
			if err != nil {
				if !c.HasZone("cn-hangzhou-b") || c.HasZone("r-1a") {
					t.Error("a failed decoding changed the catalog")
				}
				var viaJSON zones.Catalog
				if json.Unmarshal([]byte(tc.in), &viaJSON) == nil {
					t.Error("json.Unmarshal accepted it")
				}
				return
			}
			if z, err := c.Zone("r-1a"); err != nil || z.RegionID != "r-1" {
				t.Errorf("decoded catalog: Zone(r-1a) = %+v, %v", z, err)
			}
		})
	}
}

// TestDefaultCannotChange pins that nothing a caller does changes what
// Default returns: decoding into it, or assigning to it.
func TestDefaultCannotChange(t *testing.T) {
	other := `[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["10.0.0.0/16"]}]}]`
	d := zones.Default()
	if err := json.Unmarshal([]byte(other), d); err != nil {
		t.Fatal(err)
	}
	if !d.HasZone("r-1a") || d.HasZone("cn-hangzhou-b") {
		t.Fatal("decoding into a Catalog did not replace that Catalog's table")
	}
	*zones.Default() = zones.Catalog{}
	for name, c := range map[string]*zones.Catalog{"Default()": zones.Default(), "nil": nil} {
		if got := len(c.Zones()); got != 86 || c.HasZone("r-1a") {
			t.Errorf("%s has %d zones after callers wrote to Default's results, want the document's 86", name, got)
		}
		if err := c.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("10.0.0.0/16")); err != nil {
			t.Errorf("%s.CheckVSwitch: %v", name, err)
		}
	}
	if d1, d2 := zones.Default(), zones.Default(); d1 == d2 {
		t.Error("Default returns the same pointer twice")
	}
}

// TestNilAndZeroCatalog pins that a nil *Catalog is Default and the zero
// Catalog holds nothing.
func TestNilAndZeroCatalog(t *testing.T) {
	var nilCat *zones.Catalog
	if z, err := nilCat.Zone("cn-hangzhou-b"); err != nil || z.RegionID != "cn-hangzhou" {
		t.Errorf("nil.Zone = %+v, %v", z, err)
	}
	if got := nilCat.Conflicting(netip.MustParsePrefix("172.16.20.0/24")); len(got) != 2 {
		t.Errorf("nil.Conflicting = %d zones, want 2", len(got))
	}
	var zero zones.Catalog
	if zero.HasZone("cn-hangzhou-b") || len(zero.Regions()) != 0 || zero.Conflicting(netip.MustParsePrefix("0.0.0.0/0")) != nil {
		t.Error("the zero Catalog is not empty")
	}
	if err := zero.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("10.0.0.0/24")); !errors.Is(err, zones.ErrUnknownZone) {
		t.Errorf("zero.CheckVSwitch = %v, want ErrUnknownZone", err)
	}
	data, err := nilCat.MarshalJSON()
	want, _ := zones.Default().MarshalJSON()
	if err != nil || string(data) != string(want) {
		t.Errorf("nil.MarshalJSON() = %.40s, %v; want Default's table", data, err)
	}
}

// TestZoneRegionFromData pins issue 9 item 4: a zone's region is the one
// that lists it, whatever its ID looks like.
func TestZoneRegionFromData(t *testing.T) {
	P := netip.MustParsePrefix
	c, err := zones.NewCatalog([]zones.Region{
		{ID: "eu", Name: "EU", Zones: []zones.Zone{{ID: "eu-zone1", Reserved: []netip.Prefix{P("10.0.0.0/16")}}, {ID: "eu-xb", Reserved: []netip.Prefix{P("10.1.0.0/16")}}}},
		{ID: "eu-x", Name: "EU X", Zones: []zones.Zone{{ID: "eu-xa", Reserved: []netip.Prefix{P("10.2.0.0/16")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ zone, region string }{
		{"eu-zone1", "eu"}, // RegionOf would say "eu-zone"
		{"eu-xb", "eu"},    // RegionOf would say "eu-x"
		{"eu-xa", "eu-x"},
		{"eu-xc", ""},
	} {
		got, ok := c.ZoneRegion(tc.zone)
		if got != tc.region || ok != (tc.region != "") {
			t.Errorf("ZoneRegion(%q) = %q, %v; want %q", tc.zone, got, ok, tc.region)
		}
		if z, err := c.Zone(tc.zone); err == nil && z.RegionID != tc.region {
			t.Errorf("Zone(%q).RegionID = %q, want %q", tc.zone, z.RegionID, tc.region)
		}
	}
}

// TestIPv6ConflictsWithNothing pins that IPv6 prefixes, even those that
// cover the IPv4-mapped block, conflict with no zone, and are invalid
// vSwitch blocks, while a prefix inside ::ffff:0:0/96 is its IPv4 block.
func TestIPv6ConflictsWithNothing(t *testing.T) {
	c := zones.Default()
	for _, s := range []string{"::/0", "::/56", "::/64", "::/80", "::fffe:0:0/95", "2001:db8::/32", "64:ff9b::ac14:0/112", "::ac14:0/112"} {
		p := netip.MustParsePrefix(s)
		if got := c.Conflicting(p); got != nil {
			t.Errorf("Conflicting(%s) = %d zones, want none", s, len(got))
		}
		if err := c.CheckVSwitch("cn-hangzhou-b", p); !errors.Is(err, zones.ErrInvalidVSwitch) || errors.Is(err, zones.ErrReservedConflict) {
			t.Errorf("CheckVSwitch(%s) = %v, want ErrInvalidVSwitch", s, err)
		}
	}
	if got := len(c.Conflicting(netip.MustParsePrefix("::ffff:0:0/96"))); got != 86 {
		t.Errorf("Conflicting(::ffff:0:0/96) = %d zones, want all 86 (it is 0.0.0.0/0)", got)
	}
	if got := len(c.Conflicting(netip.MustParsePrefix("::ffff:172.16.20.0/120"))); got != 2 {
		t.Errorf("Conflicting(::ffff:172.16.20.0/120) = %d zones, want the 2 Riyadh zones", got)
	}
}

// TestCatalogJSONDuplicateSaysWhere: a member given twice says where the
// other one is, in the words of every reader of the module, and matches
// ErrInvalidCatalog.
func TestCatalogJSONDuplicateSaysWhere(t *testing.T) {
	in := "[{\"id\":\"r-1\",\"name\":\"R\",\"zones\":[{\"id\":\"r-1a\",\n  \"reserved\":[\"10.0.0.0/16\"], \"\\u0072eserved\":[]}]}]"
	var c zones.Catalog
	err := c.UnmarshalJSON([]byte(in))
	want := `[0].zones[0].reserved: invalid zone catalog: member "reserved" given twice (also at line 2, column 3)`
	if err == nil || err.Error() != want || !errors.Is(err, zones.ErrInvalidCatalog) {
		t.Errorf("UnmarshalJSON = %v, want %s", err, want)
	}
}

package zones_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/zones"
)

var prefixEq = cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })

func TestCheckVSwitch(t *testing.T) {
	c := zones.Default()
	P := netip.MustParsePrefix
	for _, tc := range []struct {
		zone, vswitch string
		conflicts     []string // the reserved blocks named; nil: no conflict
	}{
		{"cn-hangzhou-b", "10.0.0.0/24", nil},
		{"cn-hangzhou-b", "172.20.1.0/24", []string{"172.20.0.0/16"}},
		{"cn-hangzhou-b", "172.20.0.0/16", []string{"172.20.0.0/16"}},
		{"cn-hangzhou-b", "172.20.255.255/32", []string{"172.20.0.0/16"}}, // last address of the block
		{"cn-hangzhou-b", "172.21.0.0/32", nil},                           // first address after it
		{"cn-hangzhou-b", "172.19.255.255/32", nil},                       // just before it, past 172.19.0.0/20
		{"cn-hangzhou-b", "192.168.15.255/32", []string{"192.168.0.0/20"}},
		{"cn-hangzhou-b", "192.168.16.0/20", nil}, // zone d's block, not b's
		{"cn-hangzhou-d", "192.168.16.0/20", []string{"192.168.16.0/20"}},
		{"cn-hangzhou-b", "192.168.0.0/16", []string{"192.168.0.0/20"}},                              // superset
		{"cn-hangzhou-b", "172.16.0.0/12", []string{"172.19.0.0/20", "172.20.0.0/16"}},               // superset of two
		{"cn-hangzhou-b", "0.0.0.0/0", []string{"192.168.0.0/20", "172.19.0.0/20", "172.20.0.0/16"}}, // all, in order
		{"cn-hangzhou-b", "::ffff:172.20.1.0/120", []string{"172.20.0.0/16"}},                        // mapped: checked as IPv4
		{"cn-hangzhou-b", "172.20.5.0/24", []string{"172.20.0.0/16"}},                                // Hangzhou reserves 172.20/16 ...
		{"cn-beijing-a", "172.20.5.0/24", nil},                                                       // ... Beijing does not
		{"cn-beijing-a", "172.22.5.0/24", []string{"172.22.0.0/16"}},
		{"me-central-1a", "172.16.20.128/25", []string{"172.16.20.0/24"}}, // the Riyadh /24
		{"me-central-1a", "172.16.21.0/24", nil},
		{"me-central-1a", "172.16.19.0/24", nil},
		{"me-central-1b", "172.16.0.0/16", []string{"172.16.20.0/24"}},
		{"me-central-1a", "172.20.0.0/16", nil},
	} {
		err := c.CheckVSwitch(tc.zone, P(tc.vswitch))
		if tc.conflicts == nil {
			if err != nil {
				t.Errorf("CheckVSwitch(%s, %s) = %v, want nil", tc.zone, tc.vswitch, err)
			}
			continue
		}
		var ce *zones.ConflictError
		if !errors.As(err, &ce) || !errors.Is(err, zones.ErrReservedConflict) {
			t.Errorf("CheckVSwitch(%s, %s) = %v, want a *ConflictError", tc.zone, tc.vswitch, err)
			continue
		}
		var want []netip.Prefix
		for _, s := range tc.conflicts {
			want = append(want, P(s))
		}
		if diff := cmp.Diff(want, ce.Reserved, prefixEq); diff != "" || ce.Zone != tc.zone || ce.VSwitch.Addr().Is4In6() {
			t.Errorf("CheckVSwitch(%s, %s): zone %s, vSwitch %s, reserved (-want +got):\n%s", tc.zone, tc.vswitch, ce.Zone, ce.VSwitch, diff)
		}
	}
}

func TestCheckVSwitchErrors(t *testing.T) {
	c := zones.Default()
	err := c.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("172.20.1.0/24"))
	if got, want := err.Error(), "vSwitch 172.20.1.0/24 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	err = c.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("0.0.0.0/0"))
	if got, want := err.Error(), "vSwitch 0.0.0.0/0 overlaps 192.168.0.0/20, 172.19.0.0/20 and 172.20.0.0/16 reserved in zone cn-hangzhou-b"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		zone    string
		vswitch netip.Prefix
		want    []error
	}{
		{"cn-hangzhou-z", netip.MustParsePrefix("10.0.0.0/24"), []error{zones.ErrUnknownZone}},
		{"", netip.MustParsePrefix("10.0.0.0/24"), []error{zones.ErrUnknownZone}},
		{"CN-HANGZHOU-B", netip.MustParsePrefix("10.0.0.0/24"), []error{zones.ErrUnknownZone}},
		{" cn-hangzhou-b", netip.MustParsePrefix("10.0.0.0/24"), []error{zones.ErrUnknownZone}},
		{"cn-hangzhou", netip.MustParsePrefix("10.0.0.0/24"), []error{zones.ErrUnknownZone}}, // a region is not a zone
		{"cn-hangzhou-b", netip.Prefix{}, []error{zones.ErrInvalidVSwitch, cidr.ErrInvalidPrefix}},
		{"cn-hangzhou-b", netip.MustParsePrefix("2001:db8::/64"), []error{zones.ErrInvalidVSwitch}},
		{"cn-hangzhou-b", netip.MustParsePrefix("::/0"), []error{zones.ErrInvalidVSwitch}},
		{"cn-hangzhou-b", netip.MustParsePrefix("10.0.0.1/24"), []error{zones.ErrInvalidVSwitch, cidr.ErrNotCanonical}},
		{"cn-hangzhou-b", netip.MustParsePrefix("172.20.0.1/24"), []error{zones.ErrInvalidVSwitch}}, // never a pass, never a conflict on a bad block
	} {
		err := c.CheckVSwitch(tc.zone, tc.vswitch)
		if err == nil {
			t.Errorf("CheckVSwitch(%q, %v) = nil, want an error", tc.zone, tc.vswitch)
			continue
		}
		for _, w := range tc.want {
			if !errors.Is(err, w) {
				t.Errorf("CheckVSwitch(%q, %v) = %v, want it to match %v", tc.zone, tc.vswitch, err, w)
			}
		}
		if errors.Is(err, zones.ErrReservedConflict) {
			t.Errorf("CheckVSwitch(%q, %v) = %v, a conflict for bad input", tc.zone, tc.vswitch, err)
		}
	}
}

func TestConflicting(t *testing.T) {
	c := zones.Default()
	ids := func(zs []zones.Zone) []string {
		var out []string
		for _, z := range zs {
			out = append(out, z.ID)
		}
		return out
	}
	all := ids(c.Zones())
	if got := ids(c.Conflicting(netip.MustParsePrefix("172.16.0.0/12"))); !cmp.Equal(got, all) {
		t.Errorf("Conflicting(172.16.0.0/12) = %d zones, want all %d in catalog order", len(got), len(all))
	}
	var hangzhouEtc []string
	for _, z := range c.Zones() {
		for _, p := range z.Reserved {
			if p == netip.MustParsePrefix("172.20.0.0/16") {
				hangzhouEtc = append(hangzhouEtc, z.ID)
			}
		}
	}
	if got := ids(c.Conflicting(netip.MustParsePrefix("172.20.5.0/24"))); !cmp.Equal(got, hangzhouEtc) || len(got) == 0 {
		t.Errorf("Conflicting(172.20.5.0/24) = %v, want %v", got, hangzhouEtc)
	}
	if got := ids(c.Conflicting(netip.MustParsePrefix("172.16.20.7/32"))); !cmp.Equal(got, []string{"me-central-1a", "me-central-1b"}) {
		t.Errorf("Conflicting(172.16.20.7/32) = %v, want the two Riyadh zones", got)
	}
	if got := ids(c.Conflicting(netip.MustParsePrefix("192.168.176.0/20"))); !cmp.Equal(got, []string{"cn-beijing-l"}) {
		t.Errorf("Conflicting(192.168.176.0/20) = %v, want [cn-beijing-l]", got)
	}
	for _, miss := range []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.24.0.0/13"), {}, netip.MustParsePrefix("2001:db8::/32")} {
		if got := c.Conflicting(miss); got != nil {
			t.Errorf("Conflicting(%v) = %v, want nil", miss, ids(got))
		}
	}
	if got := ids(c.Conflicting(netip.MustParsePrefix("::ffff:172.16.20.0/120"))); len(got) != 2 {
		t.Errorf("Conflicting(mapped Riyadh block) = %v, want the two Riyadh zones", got)
	}
}

func TestLookups(t *testing.T) {
	c := zones.Default()
	z, err := c.Zone("cn-shanghai-finance-1a")
	if err != nil || z.RegionID != "cn-shanghai-finance-1" || len(z.Reserved) != 3 {
		t.Errorf("Zone(cn-shanghai-finance-1a) = %+v, %v", z, err)
	}
	if _, err := c.Zone("nowhere-1a"); !errors.Is(err, zones.ErrUnknownZone) || !strings.Contains(err.Error(), `"nowhere-1a"`) {
		t.Errorf("Zone(nowhere-1a) error = %v", err)
	}
	r, err := c.Region("cn-hangzhou")
	if err != nil || r.Name != "China (Hangzhou)" || len(r.Zones) != 9 {
		t.Errorf("Region(cn-hangzhou) = %s %q %d zones, %v", r.ID, r.Name, len(r.Zones), err)
	}
	if _, err := c.Region("cn-hangzhou-b"); !errors.Is(err, zones.ErrUnknownRegion) {
		t.Errorf("Region(cn-hangzhou-b) error = %v, want ErrUnknownRegion", err)
	}
	if !c.HasZone("us-east-1b") || c.HasZone("us-east-1") {
		t.Error("HasZone is wrong")
	}
	for _, tc := range []struct{ zone, region string }{
		{"cn-hangzhou-b", "cn-hangzhou"}, {"cn-shanghai-finance-1a", "cn-shanghai-finance-1"},
		{"ap-southeast-1a", "ap-southeast-1"}, {"cn-heyuan-acdr-1b", "cn-heyuan-acdr-1"}, {"x", ""}, {"", ""},
	} {
		if got := zones.RegionOf(tc.zone); got != tc.region {
			t.Errorf("RegionOf(%q) = %q, want %q", tc.zone, got, tc.region)
		}
	}
}

func TestReservedSet(t *testing.T) {
	z, _ := zones.Default().Zone("me-central-1a")
	if got := z.ReservedSet().String(); got != "[172.16.20.0/24 172.19.0.0/20 192.168.0.0/20]" {
		t.Errorf("ReservedSet() = %s", got)
	}
	z.Reserved = append(z.Reserved, netip.Prefix{})
	if !z.ReservedSet().ContainsPrefix(netip.MustParsePrefix("172.16.20.0/24")) {
		t.Error("an invalid prefix emptied the set")
	}
}

func TestNothingAliases(t *testing.T) {
	c := zones.Default()
	z, _ := c.Zone("cn-hangzhou-b")
	z.Reserved[2] = netip.MustParsePrefix("10.0.0.0/8")
	r, _ := c.Region("cn-hangzhou")
	r.Zones[0].Reserved[0] = netip.MustParsePrefix("10.0.0.0/8")
	r.Zones[1].ID = "x"
	c.Regions()[0].Zones[0].Reserved[1] = netip.MustParsePrefix("10.0.0.0/8")
	c.Zones()[0].Reserved[0] = netip.MustParsePrefix("10.0.0.0/8")
	for _, zz := range c.Conflicting(netip.MustParsePrefix("172.20.0.0/16")) {
		zz.Reserved[0] = netip.MustParsePrefix("10.0.0.0/8")
	}
	var ce *zones.ConflictError
	if errors.As(c.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("0.0.0.0/0")), &ce) {
		ce.Reserved[0] = netip.MustParsePrefix("10.0.0.0/8")
	}
	again, _ := c.Zone("cn-hangzhou-b")
	if again.Reserved[0].String() != "192.168.0.0/20" || again.Reserved[1].String() != "172.19.0.0/20" || again.Reserved[2].String() != "172.20.0.0/16" {
		t.Fatalf("changing returned values changed the catalog: %v", again.Reserved)
	}
	if err := c.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("10.0.0.0/24")); err != nil {
		t.Fatalf("a changed copy leaked into the checks: %v", err)
	}
	if c.Regions()[0].Zones[1].ID != "cn-hangzhou-d" {
		t.Fatal("changing a returned Region changed the catalog")
	}

	// NewCatalog keeps nothing of its input.
	in := []zones.Region{{ID: "r-1", Name: "R", Zones: []zones.Zone{{ID: "r-1a", Reserved: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")}}}}}
	nc, err := zones.NewCatalog(in)
	if err != nil {
		t.Fatal(err)
	}
	in[0].Zones[0].Reserved[0] = netip.MustParsePrefix("192.168.0.0/16")
	in[0].Zones[0].ID = "other"
	if err := nc.CheckVSwitch("r-1a", netip.MustParsePrefix("10.0.1.0/24")); !errors.Is(err, zones.ErrReservedConflict) {
		t.Fatalf("changing NewCatalog's input changed the catalog: %v", err)
	}
}

func TestNewCatalogRejects(t *testing.T) {
	P := netip.MustParsePrefix
	good := func() []zones.Region {
		return []zones.Region{{ID: "r-1", Name: "R", Zones: []zones.Zone{{ID: "r-1a", Reserved: []netip.Prefix{P("10.0.0.0/16")}}}}}
	}
	if _, err := zones.NewCatalog(good()); err != nil {
		t.Fatalf("NewCatalog(good) = %v", err)
	}
	for _, tc := range []struct {
		name   string
		mutate func([]zones.Region) []zones.Region
		path   string
	}{
		{"no region", func([]zones.Region) []zones.Region { return nil }, "regions"},
		{"empty region ID", func(r []zones.Region) []zones.Region { r[0].ID = ""; return r }, "regions[0].id"},
		{"duplicate region", func(r []zones.Region) []zones.Region {
			return append(r, zones.Region{ID: "r-1", Zones: []zones.Zone{{ID: "r-1b", Reserved: []netip.Prefix{P("10.0.0.0/16")}}}})
		}, "regions[1].id"},
		{"region without zones", func(r []zones.Region) []zones.Region { r[0].Zones = nil; return r }, "regions[0].zones"},
		{"empty zone ID", func(r []zones.Region) []zones.Region { r[0].Zones[0].ID = ""; return r }, "regions[0].zones[0].id"},
		{"zone outside its region", func(r []zones.Region) []zones.Region { r[0].Zones[0].ID = "r-2a"; return r }, "regions[0].zones[0].id"},
		{"zone ID equal to region ID", func(r []zones.Region) []zones.Region { r[0].Zones[0].ID = "r-1"; return r }, "regions[0].zones[0].id"},
		{"duplicate zone", func(r []zones.Region) []zones.Region { r[0].Zones = append(r[0].Zones, r[0].Zones[0]); return r }, "regions[0].zones[1].id"},
		{"wrong RegionID", func(r []zones.Region) []zones.Region { r[0].Zones[0].RegionID = "r-2"; return r }, "regions[0].zones[0].regionId"},
		{"no block", func(r []zones.Region) []zones.Region { r[0].Zones[0].Reserved = nil; return r }, "regions[0].zones[0].reserved"},
		{"zero block", func(r []zones.Region) []zones.Region { r[0].Zones[0].Reserved[0] = netip.Prefix{}; return r }, "regions[0].zones[0].reserved[0]"},
		{"IPv6 block", func(r []zones.Region) []zones.Region { r[0].Zones[0].Reserved[0] = P("2001:db8::/32"); return r }, "regions[0].zones[0].reserved[0]"},
		{"mapped block", func(r []zones.Region) []zones.Region { r[0].Zones[0].Reserved[0] = P("::ffff:10.0.0.0/112"); return r }, "regions[0].zones[0].reserved[0]"},
		{"host bits", func(r []zones.Region) []zones.Region { r[0].Zones[0].Reserved[0] = P("10.0.0.1/16"); return r }, "regions[0].zones[0].reserved[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := zones.NewCatalog(tc.mutate(good()))
			if err == nil || c != nil {
				t.Fatalf("NewCatalog accepted it: %v", c)
			}
			if diff := cmp.Diff([]string{tc.path}, paths(t, err)); diff != "" || !errors.Is(err, zones.ErrInvalidCatalog) {
				t.Errorf("error %q: want one ErrInvalidCatalog naming %s (-want +got):\n%s", err, tc.path, diff)
			}
		})
	}
	// Every problem at once.
	bad := []zones.Region{{ID: "", Zones: []zones.Zone{{ID: "", Reserved: []netip.Prefix{P("10.0.0.1/8"), P("::/0")}}}}}
	_, err := zones.NewCatalog(bad)
	want := []string{"regions[0].id", "regions[0].zones[0].id", "regions[0].zones[0].reserved[0]", "regions[0].zones[0].reserved[1]"}
	if diff := cmp.Diff(want, paths(t, err)); diff != "" {
		t.Errorf("NewCatalog paths (-want +got):\n%s", diff)
	}
}

// paths returns the JSON path of each problem in err, checking that each
// is a *field.Error whose message leads with its path and that matches
// ErrInvalidCatalog.
func paths(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, e := range field.Split(err) {
		fe, ok := e.(*field.Error)
		if !ok {
			t.Fatalf("problem %v is a %T, not a *field.Error", e, e)
		}
		if fe.Field != "" && !strings.HasPrefix(e.Error(), string(fe.Field)+": ") || !errors.Is(e, zones.ErrInvalidCatalog) {
			t.Errorf("problem %q does not lead with its path %q or does not match ErrInvalidCatalog", e, fe.Field)
		}
		out = append(out, string(fe.Field))
	}
	return out
}

func TestCatalogJSON(t *testing.T) {
	c := zones.Default()
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), `[{"id":"cn-hangzhou","name":"China (Hangzhou)","zones":[{"id":"cn-hangzhou-b","regionId":"cn-hangzhou","reserved":["192.168.0.0/20","172.19.0.0/20","172.20.0.0/16"]}`) {
		t.Errorf("JSON starts %.200s", data)
	}
	var back zones.Catalog
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c.Regions(), back.Regions(), prefixEq); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if err := back.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("172.20.0.0/24")); !errors.Is(err, zones.ErrReservedConflict) {
		t.Errorf("decoded catalog does not check: %v", err)
	}
	for _, bad := range []string{
		`[]`,
		`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["10.0.0.1/16"]}]}]`,
		`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["::ffff:10.0.0.0/112"]}]}]`,
		`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserverd":["10.0.0.0/16"]}]}]`,
		`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["bogus"]}]}]`,
		`{}`,
	} {
		keep := back
		if err := json.Unmarshal([]byte(bad), &keep); !errors.Is(err, zones.ErrInvalidCatalog) {
			t.Errorf("Unmarshal(%s) = %v, want ErrInvalidCatalog", bad, err)
		}
		if !keep.HasZone("cn-hangzhou-b") {
			t.Errorf("Unmarshal(%s) changed the catalog on error", bad)
		}
	}
}

func TestConcurrentLookups(t *testing.T) {
	c := zones.Default()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				z := c.Zones()[(g+i)%86]
				if err := c.CheckVSwitch(z.ID, z.Reserved[0]); !errors.Is(err, zones.ErrReservedConflict) {
					t.Errorf("CheckVSwitch(%s, %s) = %v", z.ID, z.Reserved[0], err)
					return
				}
				if len(c.Conflicting(z.Reserved[2])) == 0 {
					t.Errorf("Conflicting(%s) is empty", z.Reserved[2])
					return
				}
				if _, err := zones.Default().Zone(z.ID); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestAllocations(t *testing.T) {
	c := zones.Default()
	ok := netip.MustParsePrefix("10.0.0.0/24")
	miss := netip.MustParsePrefix("10.0.0.0/8")
	for _, tc := range []struct {
		name string
		want float64
		fn   func()
	}{
		{"CheckVSwitch without conflict", 0, func() { _ = c.CheckVSwitch("cn-hangzhou-b", ok) }},
		{"Conflicting on a miss", 0, func() { _ = c.Conflicting(miss) }},
		{"HasZone", 0, func() { _ = c.HasZone("cn-hangzhou-b") }},
		{"Zone (the copy of Reserved)", 1, func() { _, _ = c.Zone("cn-hangzhou-b") }},
	} {
		if got := testing.AllocsPerRun(100, tc.fn); got != tc.want {
			t.Errorf("%s: %.1f allocations, want %v", tc.name, got, tc.want)
		}
	}
}

// TestConflictingAgainstScan compares Conflicting with a scan of every
// zone's blocks, on seeded random prefixes around the reserved ones.
func TestConflictingAgainstScan(t *testing.T) {
	c := zones.Default()
	ids := func(zs []zones.Zone) []string {
		var out []string
		for _, z := range zs {
			out = append(out, z.ID)
		}
		return out
	}
	r := rand.New(rand.NewPCG(9, 9))
	all := c.Zones()
	for range 800 {
		base := all[r.IntN(len(all))].Reserved[0].Addr().As4()
		base[2], base[3] = byte(r.IntN(256)), byte(r.IntN(256))
		p := netip.PrefixFrom(netip.AddrFrom4(base), 8+r.IntN(25)).Masked()
		var want []string
		for _, z := range all {
			for _, b := range z.Reserved {
				if b.Overlaps(p) {
					want = append(want, z.ID)
					break
				}
			}
		}
		if got := ids(c.Conflicting(p)); !cmp.Equal(got, want, cmpopts.EquateEmpty()) {
			t.Fatalf("Conflicting(%v) = %v, want %v", p, got, want)
		}
	}
}

package zones_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/zones"
)

// FuzzCheckVSwitch checks CheckVSwitch against a naive loop over the zone's
// blocks, for any zone (known or not), any address, length and form.
func FuzzCheckVSwitch(f *testing.F) {
	f.Add(uint8(0), uint32(0xac140100), uint8(24), uint8(0), "")
	f.Add(uint8(85), uint32(0xac101480), uint8(25), uint8(1), "")
	f.Add(uint8(3), uint32(0), uint8(0), uint8(2), "")
	f.Add(uint8(3), uint32(0), uint8(0), uint8(3), "cn-hangzhou")
	all := zones.Default().Zones()
	f.Fuzz(func(t *testing.T, zi uint8, v uint32, bits uint8, form uint8, zoneOverride string) {
		c := zones.Default()
		zone := all[int(zi)%len(all)]
		zoneID := zone.ID
		if zoneOverride != "" {
			zoneID = zoneOverride
		}
		a4 := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
		var p netip.Prefix
		switch form % 4 {
		case 0:
			p = netip.PrefixFrom(a4, int(bits%33)).Masked()
		case 1:
			p = netip.PrefixFrom(netip.AddrFrom16(a4.As16()), 96+int(bits%33)).Masked()
		case 2:
			p = netip.PrefixFrom(a4, int(bits%33)) // maybe host bits
		case 3:
			p = netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 1, 0xd, 0xb8, byte(v)}), int(bits%129))
		}
		err1 := c.CheckVSwitch(zoneID, p)
		err2 := c.CheckVSwitch(zoneID, p)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("CheckVSwitch(%q, %v) is not deterministic: %v then %v", zoneID, p, err1, err2)
		}
		want, known := naive(c, zoneID, p)
		switch {
		case !known:
			if !errors.Is(err1, zones.ErrUnknownZone) {
				t.Fatalf("CheckVSwitch(%q, %v) = %v, want ErrUnknownZone", zoneID, p, err1)
			}
		case want == nil:
			if !errors.Is(err1, zones.ErrInvalidVSwitch) {
				t.Fatalf("CheckVSwitch(%q, %v) = %v, want ErrInvalidVSwitch", zoneID, p, err1)
			}
		case len(want) == 0:
			if err1 != nil {
				t.Fatalf("CheckVSwitch(%q, %v) = %v, want nil", zoneID, p, err1)
			}
		default:
			var ce *zones.ConflictError
			if !errors.As(err1, &ce) || len(ce.Reserved) != len(want) {
				t.Fatalf("CheckVSwitch(%q, %v) = %v, want a conflict with %v", zoneID, p, err1, want)
			}
			for i := range want {
				if ce.Reserved[i] != want[i] {
					t.Fatalf("CheckVSwitch(%q, %v) names %v, want %v", zoneID, p, ce.Reserved, want)
				}
			}
		}
	})
}

// naive returns the blocks of the zone that p overlaps (non-nil, maybe
// empty), nil when p is not a usable vSwitch block, and whether the zone is
// known.
func naive(c *zones.Catalog, zoneID string, p netip.Prefix) ([]netip.Prefix, bool) {
	var zone *zones.Zone
	for _, z := range c.Zones() {
		if z.ID == zoneID {
			zone = &z
			break
		}
	}
	if zone == nil {
		return nil, false
	}
	if p.IsValid() && p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	if !p.IsValid() || !p.Addr().Is4() || p != p.Masked() {
		return nil, true
	}
	out := []netip.Prefix{}
	for _, r := range zone.Reserved {
		if r.Overlaps(p) {
			out = append(out, r)
		}
	}
	return out, true
}

// FuzzCatalogJSON checks that strict decoding never panics, leaves the
// catalog and Default as they were on error, names every problem by a path,
// and accepts only what encoding/json reads the same way (so no duplicate or
// differently cased key can hide a block), and that what it accepts
// round-trips.
func FuzzCatalogJSON(f *testing.F) {
	f.Add([]byte(`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["10.0.0.0/16"]}]}]`))
	f.Add([]byte(`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["10.0.0.0/16"],"Reserved":[]}]}]`))
	f.Add([]byte(`[{"id":"r-1","name":"R","zones":[{"id":"r-1a","reserved":["10.0.0.0/16"],"\u0072eserved":[]}]}]`))
	f.Add([]byte(`[{"id":"r-1","zones":[{"id":"r-1a","regionId":"r-1","reserved":["10.0.0.0/16","172.16.0.0/12"]},{"id":"r-1b","reserved":["::ffff:10.0.0.0/112"]}]}] []`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := zones.Default()
		err := c.UnmarshalJSON(data)
		if len(zones.Default().Zones()) != 86 {
			t.Fatal("decoding changed Default")
		}
		if err != nil {
			for _, e := range field.Split(err) {
				if _, ok := e.(*field.Error); !ok || !errors.Is(e, zones.ErrInvalidCatalog) {
					t.Fatalf("problem %v (%T) is not a *field.Error matching ErrInvalidCatalog", e, e)
				}
			}
			if !c.HasZone("cn-hangzhou-b") || len(c.Zones()) != 86 {
				t.Fatal("a failed decoding changed the catalog")
			}
			return
		}
		var lenient []zones.Region
		if err := json.Unmarshal(data, &lenient); err != nil {
			t.Fatalf("accepted what encoding/json rejects: %v", err)
		}
		for i := range lenient {
			for j := range lenient[i].Zones {
				lenient[i].Zones[j].RegionID = lenient[i].ID
			}
		}
		if diff := cmp.Diff(lenient, c.Regions(), prefixEq); diff != "" {
			t.Fatalf("strict and lenient decoding differ (-lenient +strict):\n%s", diff)
		}
		out, err := c.MarshalJSON()
		var back zones.Catalog
		if err != nil || back.UnmarshalJSON(out) != nil || !cmp.Equal(back.Regions(), c.Regions(), prefixEq) {
			t.Fatalf("round trip failed: %v\n%s", err, out)
		}
	})
}

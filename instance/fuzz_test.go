package instance_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/zones"
)

// FuzzSpecValidate builds small specs from primitive values and checks that
// Validate never panics, gives the same answer twice, leaves the spec as it
// was, and names a field in every problem; a spec it accepts makes an
// instance whose every vSwitch block passes CheckVSwitch.
func FuzzSpecValidate(f *testing.F) {
	f.Add("gw", "cn-hangzhou", "vpc-1", uint32(0xc0a80000), uint8(16), "cn-hangzhou-b", uint32(0x0a000100), uint8(24), "cn-hangzhou-d", uint32(0xac140000), uint8(20), true)
	f.Add("", "", "", uint32(0), uint8(0), "", uint32(0), uint8(0), "", uint32(0), uint8(0), false)
	f.Add("x", "me-central-1", "v", uint32(0xac100000), uint8(12), "me-central-1a", uint32(0xac101400), uint8(24), "me-central-1a", uint32(0x0a000000), uint8(8), true)
	f.Fuzz(func(t *testing.T, name, region, vpcID string, cidrV uint32, cidrBits uint8, z0 string, v0 uint32, b0 uint8, z1 string, v1 uint32, b1 uint8, two bool) {
		pfx := func(v uint32, bits uint8) netip.Prefix {
			a := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
			if bits >= 64 { // exercise the mapped form and host bits too
				return netip.PrefixFrom(netip.AddrFrom16(a.As16()), 96+int(bits%33))
			}
			return netip.PrefixFrom(a, int(bits%40)) // lengths past 32 are invalid
		}
		s := instance.Spec{Name: name, RegionID: region, VPCID: vpcID, CIDR: pfx(cidrV, cidrBits),
			Zones: []instance.ZonePlacement{{ZoneID: z0, VSwitchID: "vsw-0", VSwitchCIDR: pfx(v0, b0), SecurityGroupID: "sg"}}}
		if two {
			s.Zones = append(s.Zones, instance.ZonePlacement{ZoneID: z1, VSwitchID: "vsw-1", VSwitchCIDR: pfx(v1, b1), SecurityGroupID: "sg"})
		}
		before := cloneSpec(s)
		err := s.Validate(nil)
		again := s.Validate(nil)
		if (err == nil) != (again == nil) || (err != nil && err.Error() != again.Error()) {
			t.Fatalf("Validate is not deterministic: %v / %v", err, again)
		}
		if !equalSpec(before, s) {
			t.Fatal("Validate modified the spec")
		}
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *instance.FieldError
				if !errors.As(e, &fe) || fe.Field == "" || !strings.HasPrefix(e.Error(), string(fe.Field)+": ") {
					t.Fatalf("problem %q names no field", e)
				}
			}
			return
		}
		inst, err := instance.New("id", s, nil)
		if err != nil {
			t.Fatalf("Validate accepted what New rejects: %v", err)
		}
		for _, z := range inst.Zones {
			if err := zones.Default().CheckVSwitch(z.ZoneID, z.VSwitchCIDR); err != nil || z.VSwitchCIDR.Overlaps(inst.CIDR) {
				t.Fatalf("accepted vSwitch %v in %s: %v", z.VSwitchCIDR, z.ZoneID, err)
			}
		}
	})
}

func equalSpec(a, b instance.Spec) bool {
	if a.Name != b.Name || a.RegionID != b.RegionID || a.VPCID != b.VPCID || a.CIDR != b.CIDR || len(a.Zones) != len(b.Zones) {
		return false
	}
	for i := range a.Zones {
		if a.Zones[i] != b.Zones[i] {
			return false
		}
	}
	return true
}

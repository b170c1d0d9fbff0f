package instance_test

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/field"
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

// FuzzAllowCIDRs builds a batch of blocks (any family, form, length, host
// bits) and checks that AllowCIDRs never panics, leaves its receiver and
// input as they were, is all or nothing with one problem per bad block at
// its index, and agrees with AllowCIDR applied one by one.
func FuzzAllowCIDRs(f *testing.F) {
	f.Add([]byte{10, 0, 3, 0, 24, 0, 10, 8, 1, 0, 24, 1})
	f.Add([]byte{8, 8, 8, 0, 24, 3, 0, 0, 0, 0, 0, 2})
	f.Add([]byte{10, 0, 3, 1, 24, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		inst := instance.Instance{ID: "gw", Kind: instance.VPCIntegration, VPCID: "vpc-1", Accessible: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}}
		v := instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("2001:db8::/48")},
			Connected: []netip.Prefix{netip.MustParsePrefix("10.8.0.0/16"), netip.MustParsePrefix("::/0")}}
		var ps []netip.Prefix
		for ; len(data) >= 6 && len(ps) < 32; data = data[6:] {
			a4 := netip.AddrFrom4([4]byte(data[:4]))
			switch data[5] % 4 {
			case 0, 1:
				ps = append(ps, netip.PrefixFrom(a4, int(data[4]%34))) // maybe host bits, maybe invalid
			case 2:
				ps = append(ps, netip.PrefixFrom(netip.AddrFrom16(a4.As16()), 96+int(data[4]%34))) // mapped
			case 3:
				ps = append(ps, netip.PrefixFrom(netip.AddrFrom16([16]byte{0x20, 1, 0xd, 0xb8, data[0], data[1]}), int(data[4]))) // IPv6
			}
		}
		in := slices.Clone(ps)
		got, err := inst.AllowCIDRs(ps, v)
		if !slices.Equal(in, ps) || !slices.Equal(inst.Accessible, []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}) {
			t.Fatal("AllowCIDRs modified its input or receiver")
		}
		one, oneErr := inst, error(nil)
		bad := 0
		for _, p := range ps {
			next, e := one.AllowCIDR(p, v)
			if e != nil {
				bad++
				oneErr = e
				continue
			}
			one = next
		}
		if (err == nil) != (oneErr == nil) || len(field.Split(err)) != bad {
			t.Fatalf("AllowCIDRs(%v) = %v; one by one %d bad (%v)", ps, err, bad, oneErr)
		}
		if err != nil {
			if !slices.Equal(got.Accessible, inst.Accessible) {
				t.Fatalf("AllowCIDRs added blocks despite %v", err)
			}
			return
		}
		if !slices.Equal(got.Accessible, one.Accessible) {
			t.Fatalf("AllowCIDRs(%v) = %v, one by one %v", ps, got.Accessible, one.Accessible)
		}
		for _, p := range got.Accessible {
			if p.Addr().Is4In6() || p != p.Masked() {
				t.Fatalf("accessible block %v is not canonical", p)
			}
		}
	})
}

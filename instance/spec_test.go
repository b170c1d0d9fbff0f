package instance_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/zones"
)

var P = netip.MustParsePrefix

func goodSpec() instance.Spec {
	return instance.Spec{
		Name:     "gw-prod",
		RegionID: "cn-hangzhou",
		VPCID:    "vpc-bp1",
		CIDR:     P("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-j", VSwitchCIDR: P("10.0.1.0/24"), SecurityGroupID: "sg-1"},
			{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-k", VSwitchCIDR: P("10.0.2.0/24"), SecurityGroupID: "sg-1"},
		},
	}
}

// problem is one expected FieldError: its field and its sentinel.
type problem struct {
	field string
	is    error
}

func problemsOf(t *testing.T, err error) []problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var out []problem
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		var fe *instance.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("problem %v is not a *FieldError", e)
		}
		if !strings.HasPrefix(e.Error(), string(fe.Field)+": ") {
			t.Errorf("message %q does not lead with its field %s", e, fe.Field)
		}
		out = append(out, problem{field: string(fe.Field), is: fe.Err})
	}
	return out
}

func TestSpecValidate(t *testing.T) {
	sentinels := []error{
		instance.ErrRequired, instance.ErrZoneRegion, instance.ErrDuplicate, instance.ErrCIDRNotAllowed,
		instance.ErrCIDRConflict, zones.ErrUnknownRegion, zones.ErrUnknownZone, zones.ErrReservedConflict,
		zones.ErrInvalidVSwitch,
	}
	for _, tc := range []struct {
		name   string
		mutate func(*instance.Spec)
		want   []problem
	}{
		{"valid", func(*instance.Spec) {}, nil},
		{"172.16.0.0/12 is allowed too", func(s *instance.Spec) { s.CIDR = P("172.16.0.0/12") }, nil},
		{"mapped vSwitch read as IPv4", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("::ffff:10.0.1.0/120") }, nil},
		{"empty spec", func(s *instance.Spec) { *s = instance.Spec{} }, []problem{
			{"name", instance.ErrRequired}, {"vpcId", instance.ErrRequired}, {"regionId", instance.ErrRequired},
			{"cidr", instance.ErrRequired}, {"zones", instance.ErrRequired},
		}},
		{"empty placement", func(s *instance.Spec) { s.Zones[1] = instance.ZonePlacement{} }, []problem{
			{"zones[1].zoneId", instance.ErrRequired}, {"zones[1].vSwitchId", instance.ErrRequired},
			{"zones[1].securityGroupId", instance.ErrRequired}, {"zones[1].vSwitchCidr", instance.ErrRequired},
		}},
		{"unknown region", func(s *instance.Spec) { s.RegionID = "cn-atlantis" }, []problem{{"regionId", zones.ErrUnknownRegion}}},
		{"unknown zone", func(s *instance.Spec) { s.Zones[1].ZoneID = "cn-hangzhou-z" }, []problem{{"zones[1].zoneId", zones.ErrUnknownZone}}},
		{"zone of another region", func(s *instance.Spec) { s.Zones[0].ZoneID = "cn-beijing-a" }, []problem{{"zones[0].zoneId", instance.ErrZoneRegion}}},
		{"duplicate zone", func(s *instance.Spec) { s.Zones[1].ZoneID = "cn-hangzhou-j" }, []problem{{"zones[1].zoneId", instance.ErrDuplicate}}},
		{"duplicate vSwitch", func(s *instance.Spec) { s.Zones[1].VSwitchID = "vsw-j" }, []problem{{"zones[1].vSwitchId", instance.ErrDuplicate}}},
		{"CIDR not allowed", func(s *instance.Spec) { s.CIDR = P("10.0.0.0/8") }, []problem{{"cidr", instance.ErrCIDRNotAllowed}}},
		{"CIDR a subnet of an allowed one", func(s *instance.Spec) { s.CIDR = P("192.168.0.0/24") }, []problem{{"cidr", instance.ErrCIDRNotAllowed}}},
		{"CIDR with host bits", func(s *instance.Spec) { s.CIDR = netip.PrefixFrom(netip.MustParseAddr("192.168.0.1"), 16) }, []problem{{"cidr", instance.ErrCIDRNotAllowed}}},
		{"CIDR mapped", func(s *instance.Spec) { s.CIDR = P("::ffff:192.168.0.0/112") }, []problem{{"cidr", instance.ErrCIDRNotAllowed}}},
		{"vSwitch inside the instance CIDR", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("192.168.200.0/24") }, []problem{{"zones[0].vSwitchCidr", instance.ErrCIDRConflict}}},
		{"vSwitch equal to the instance CIDR", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("192.168.0.0/16") }, []problem{
			{"zones[0].vSwitchCidr", instance.ErrCIDRConflict}, {"zones[0].vSwitchCidr", zones.ErrReservedConflict}, // and 192.168.112.0/20
		}},
		{"vSwitches overlapping each other", func(s *instance.Spec) { s.Zones[1].VSwitchCIDR = P("10.0.0.0/16") }, []problem{{"zones[1].vSwitchCidr", instance.ErrCIDRConflict}}},
		{"vSwitch in the reserved block", func(s *instance.Spec) {
			s.CIDR = P("192.168.0.0/16")
			s.Zones[1].VSwitchCIDR = P("172.20.3.0/24")
		}, []problem{{"zones[1].vSwitchCidr", zones.ErrReservedConflict}}},
		{"vSwitch in both the instance CIDR and the reserved blocks", func(s *instance.Spec) {
			s.CIDR = P("172.16.0.0/12")
			s.Zones[0].VSwitchCIDR = P("172.20.3.0/24")
		}, []problem{{"zones[0].vSwitchCidr", instance.ErrCIDRConflict}, {"zones[0].vSwitchCidr", zones.ErrReservedConflict}}},
		// Issue 9 item 6: a vSwitch mask is /16 to /29 (VPC CreateVSwitch).
		{"vSwitch /16 is the largest", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("10.1.0.0/16") }, nil},
		{"vSwitch /29 is the smallest", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("10.0.1.8/29") }, nil},
		{"vSwitch /15 refused", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("10.2.0.0/15") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"vSwitch /30 refused", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("10.0.1.0/30") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"vSwitch /32 refused", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("10.0.1.1/32") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"vSwitch /0 refused, nothing else said of it", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("0.0.0.0/0") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"vSwitch /8 refused", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("192.0.0.0/8") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"mapped vSwitch of a refused size", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("::ffff:10.0.1.0/126") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"IPv6 vSwitch covering the mapped block", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("::/80") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"IPv6 vSwitch", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("2001:db8::/64") }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
		{"vSwitch with host bits", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = netip.PrefixFrom(netip.MustParseAddr("10.0.1.7"), 24) }, []problem{{"zones[0].vSwitchCidr", zones.ErrInvalidVSwitch}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := goodSpec()
			tc.mutate(&s)
			before := cloneSpec(s)
			err := s.Validate(nil)
			if !cmp.Equal(before, s, prefixEq) {
				t.Error("Validate modified the spec")
			}
			got := problemsOf(t, err)
			if len(got) != len(tc.want) {
				t.Fatalf("Validate = %v, want %d problems %v", err, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if got[i].field != w.field || !errors.Is(got[i].is, w.is) {
					t.Errorf("problem %d = %s: %v, want %s matching %v", i, got[i].field, got[i].is, w.field, w.is)
				}
				for _, s := range sentinels {
					if s != w.is && errors.Is(got[i].is, s) && !(w.is == zones.ErrInvalidVSwitch && s == instance.ErrRequired) {
						t.Errorf("problem %s also matches %v", got[i].field, s)
					}
				}
			}
		})
	}
}

func TestSpecValidateAllAtOnce(t *testing.T) {
	s := instance.Spec{
		RegionID: "cn-hangzhou",
		CIDR:     P("10.0.0.0/8"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-beijing-a", VSwitchID: "v", VSwitchCIDR: P("172.20.0.0/24"), SecurityGroupID: "sg"},
			{ZoneID: "cn-hangzhou-b", VSwitchID: "v", VSwitchCIDR: P("172.20.0.0/20"), SecurityGroupID: "sg"},
		},
	}
	err := s.Validate(zones.Default())
	want := []string{"name", "vpcId", "cidr", "zones[0].zoneId", "zones[1].vSwitchId", "zones[1].vSwitchCidr"}
	var got []string
	for _, p := range problemsOf(t, err) {
		got = append(got, p.field)
	}
	// Zones[1].VSwitchCIDR twice: it overlaps Zones[0]'s block, and the
	// reserved 172.20.0.0/16 of cn-hangzhou-b.
	want = append(want, "zones[1].vSwitchCidr")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s\n%v", diff, err)
	}
	var ce *zones.ConflictError
	if !errors.As(err, &ce) || ce.Zone != "cn-hangzhou-b" {
		t.Errorf("errors.As(*zones.ConflictError) = %v", ce)
	}
	if !strings.Contains(err.Error(), "zones[1].vSwitchCidr: vSwitch 172.20.0.0/20 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b") {
		t.Errorf("message lacks the reserved conflict:\n%v", err)
	}
}

func TestInstanceCIDRs(t *testing.T) {
	a := instance.InstanceCIDRs()
	if len(a) != 2 || a[0] != P("192.168.0.0/16") || a[1] != P("172.16.0.0/12") {
		t.Fatalf("InstanceCIDRs() = %v", a)
	}
	a[0] = P("10.0.0.0/8")
	if instance.InstanceCIDRs()[0] != P("192.168.0.0/16") {
		t.Fatal("InstanceCIDRs returns shared storage")
	}
}

func TestSuggestVSwitch(t *testing.T) {
	c := zones.Default()
	used := cidr.MustParseSet("172.16.0.0/24")
	for _, tc := range []struct {
		zone, within string
		bits         int
		inst         string
		want         string // "" for none
	}{
		// 172.16.0.0/12 is the instance CIDR: nothing inside it works.
		{"cn-hangzhou-b", "172.16.0.0/12", 24, "172.16.0.0/12", ""},
		// With 192.168.0.0/16 as instance CIDR, the lowest free /24 in
		// 172.16/12 skips the used 172.16.0.0/24.
		{"cn-hangzhou-b", "172.16.0.0/12", 24, "192.168.0.0/16", "172.16.1.0/24"},
		// Inside 172.19/16: cn-hangzhou-b reserves 172.19.0.0/20.
		{"cn-hangzhou-b", "172.19.0.0/16", 20, "192.168.0.0/16", "172.19.16.0/20"},
		{"cn-hangzhou-d", "172.19.0.0/16", 20, "192.168.0.0/16", "172.19.0.0/20"},
		// All of 172.20/16 is reserved in Hangzhou.
		{"cn-hangzhou-b", "172.20.0.0/16", 24, "192.168.0.0/16", ""},
		{"cn-beijing-a", "172.20.0.0/16", 24, "192.168.0.0/16", "172.20.0.0/24"},
		{"cn-hangzhou-b", "::ffff:10.0.0.0/104", 24, "192.168.0.0/16", "10.0.0.0/24"},
		{"cn-hangzhou-zz", "10.0.0.0/8", 24, "192.168.0.0/16", ""},
		{"cn-hangzhou-b", "2001:db8::/32", 64, "192.168.0.0/16", ""},
		{"cn-hangzhou-b", "10.0.0.0/8", 7, "192.168.0.0/16", ""},
	} {
		got, ok := instance.SuggestVSwitch(c, tc.zone, P(tc.within), tc.bits, P(tc.inst), used)
		if (tc.want == "") == ok || (ok && got != P(tc.want)) {
			t.Errorf("SuggestVSwitch(%s, %s, /%d, %s) = %v, %v; want %q", tc.zone, tc.within, tc.bits, tc.inst, got, ok, tc.want)
		}
		if ok {
			if err := c.CheckVSwitch(tc.zone, got); err != nil || got.Overlaps(P(tc.inst)) || used.OverlapsPrefix(got) {
				t.Errorf("suggestion %v does not work: %v", got, err)
			}
		}
	}
}

var prefixEq = cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })

func cloneSpec(s instance.Spec) instance.Spec {
	s.Zones = append([]instance.ZonePlacement(nil), s.Zones...)
	return s
}

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
		if !strings.HasPrefix(e.Error(), fe.Field+": ") {
			t.Errorf("message %q does not lead with its field %s", e, fe.Field)
		}
		out = append(out, problem{field: fe.Field, is: fe.Err})
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
			{"Name", instance.ErrRequired}, {"VPCID", instance.ErrRequired}, {"RegionID", instance.ErrRequired},
			{"CIDR", instance.ErrRequired}, {"Zones", instance.ErrRequired},
		}},
		{"empty placement", func(s *instance.Spec) { s.Zones[1] = instance.ZonePlacement{} }, []problem{
			{"Zones[1].ZoneID", instance.ErrRequired}, {"Zones[1].VSwitchID", instance.ErrRequired},
			{"Zones[1].SecurityGroupID", instance.ErrRequired}, {"Zones[1].VSwitchCIDR", instance.ErrRequired},
		}},
		{"unknown region", func(s *instance.Spec) { s.RegionID = "cn-atlantis" }, []problem{{"RegionID", zones.ErrUnknownRegion}}},
		{"unknown zone", func(s *instance.Spec) { s.Zones[1].ZoneID = "cn-hangzhou-z" }, []problem{{"Zones[1].ZoneID", zones.ErrUnknownZone}}},
		{"zone of another region", func(s *instance.Spec) { s.Zones[0].ZoneID = "cn-beijing-a" }, []problem{{"Zones[0].ZoneID", instance.ErrZoneRegion}}},
		{"duplicate zone", func(s *instance.Spec) { s.Zones[1].ZoneID = "cn-hangzhou-j" }, []problem{{"Zones[1].ZoneID", instance.ErrDuplicate}}},
		{"duplicate vSwitch", func(s *instance.Spec) { s.Zones[1].VSwitchID = "vsw-j" }, []problem{{"Zones[1].VSwitchID", instance.ErrDuplicate}}},
		{"CIDR not allowed", func(s *instance.Spec) { s.CIDR = P("10.0.0.0/8") }, []problem{{"CIDR", instance.ErrCIDRNotAllowed}}},
		{"CIDR a subnet of an allowed one", func(s *instance.Spec) { s.CIDR = P("192.168.0.0/24") }, []problem{{"CIDR", instance.ErrCIDRNotAllowed}}},
		{"CIDR with host bits", func(s *instance.Spec) { s.CIDR = netip.PrefixFrom(netip.MustParseAddr("192.168.0.1"), 16) }, []problem{{"CIDR", instance.ErrCIDRNotAllowed}}},
		{"CIDR mapped", func(s *instance.Spec) { s.CIDR = P("::ffff:192.168.0.0/112") }, []problem{{"CIDR", instance.ErrCIDRNotAllowed}}},
		{"vSwitch inside the instance CIDR", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("192.168.200.0/24") }, []problem{{"Zones[0].VSwitchCIDR", instance.ErrCIDRConflict}}},
		{"vSwitch containing the instance CIDR", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("192.0.0.0/8") }, []problem{
			{"Zones[0].VSwitchCIDR", instance.ErrCIDRConflict}, {"Zones[0].VSwitchCIDR", zones.ErrReservedConflict}, // and 192.168.112.0/20
		}},
		{"vSwitches overlapping each other", func(s *instance.Spec) { s.Zones[1].VSwitchCIDR = P("10.0.0.0/16") }, []problem{{"Zones[1].VSwitchCIDR", instance.ErrCIDRConflict}}},
		{"vSwitch in the reserved block", func(s *instance.Spec) {
			s.CIDR = P("192.168.0.0/16")
			s.Zones[1].VSwitchCIDR = P("172.20.3.0/24")
		}, []problem{{"Zones[1].VSwitchCIDR", zones.ErrReservedConflict}}},
		{"vSwitch in both the instance CIDR and the reserved blocks", func(s *instance.Spec) {
			s.CIDR = P("172.16.0.0/12")
			s.Zones[0].VSwitchCIDR = P("172.20.3.0/24")
		}, []problem{{"Zones[0].VSwitchCIDR", instance.ErrCIDRConflict}, {"Zones[0].VSwitchCIDR", zones.ErrReservedConflict}}},
		{"IPv6 vSwitch", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = P("2001:db8::/64") }, []problem{{"Zones[0].VSwitchCIDR", zones.ErrInvalidVSwitch}}},
		{"vSwitch with host bits", func(s *instance.Spec) { s.Zones[0].VSwitchCIDR = netip.PrefixFrom(netip.MustParseAddr("10.0.1.7"), 24) }, []problem{{"Zones[0].VSwitchCIDR", zones.ErrInvalidVSwitch}}},
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
	want := []string{"Name", "VPCID", "CIDR", "Zones[0].ZoneID", "Zones[1].VSwitchID", "Zones[1].VSwitchCIDR"}
	var got []string
	for _, p := range problemsOf(t, err) {
		got = append(got, p.field)
	}
	// Zones[1].VSwitchCIDR twice: it overlaps Zones[0]'s block, and the
	// reserved 172.20.0.0/16 of cn-hangzhou-b.
	want = append(want, "Zones[1].VSwitchCIDR")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s\n%v", diff, err)
	}
	var ce *zones.ConflictError
	if !errors.As(err, &ce) || ce.Zone != "cn-hangzhou-b" {
		t.Errorf("errors.As(*zones.ConflictError) = %v", ce)
	}
	if !strings.Contains(err.Error(), "Zones[1].VSwitchCIDR: vSwitch 172.20.0.0/20 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b") {
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

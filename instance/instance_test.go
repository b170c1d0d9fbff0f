package instance_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

func TestKind(t *testing.T) {
	for _, tc := range []struct {
		k         instance.Kind
		name, api string
		caps      instance.Capabilities
	}{
		{instance.Serverless, "serverless", "VPC_SHARED", instance.Capabilities{MultipleVPCs: true, NeedsAuthorization: true}},
		{instance.Dedicated, "dedicated", "normal", instance.Capabilities{MultipleVPCs: true, NeedsAuthorization: true, DataWorks: true}},
		{instance.VPCIntegration, "vpc-integration", "vpc_connect", instance.Capabilities{EgressFromVPC: true}},
	} {
		if tc.k.String() != tc.name || tc.k.APIValue() != tc.api || !tc.k.Valid() {
			t.Errorf("%d: String %q, APIValue %q", tc.k, tc.k.String(), tc.k.APIValue())
		}
		if got := tc.k.Capabilities(); got != tc.caps {
			t.Errorf("%s.Capabilities() = %+v, want %+v", tc.k, got, tc.caps)
		}
		for _, s := range []string{tc.name, tc.api} {
			if k, err := instance.ParseKind(s); err != nil || k != tc.k {
				t.Errorf("ParseKind(%q) = %v, %v", s, k, err)
			}
		}
		data, err := json.Marshal(tc.k)
		var back instance.Kind
		if err != nil || json.Unmarshal(data, &back) != nil || back != tc.k {
			t.Errorf("JSON round trip of %s: %s, %v, %v", tc.k, data, err, back)
		}
	}
	var zero instance.Kind
	if zero.Valid() || zero.String() != "invalid" || zero.APIValue() != "" || zero.Capabilities() != (instance.Capabilities{}) {
		t.Error("the zero Kind is not invalid")
	}
	if b, err := json.Marshal(zero); err != nil || string(b) != `""` {
		t.Errorf("Marshal(zero Kind) = %s, %v; want \"\" (no kind given)", b, err)
	}
	if err := json.Unmarshal([]byte(`""`), &zero); !errors.Is(err, instance.ErrInvalidKind) {
		t.Errorf(`Unmarshal("") = %v, want ErrInvalidKind: the empty text names no kind`, err)
	}
	if _, err := json.Marshal(instance.Kind(200)); !errors.Is(err, instance.ErrInvalidKind) {
		t.Errorf("Marshal(Kind(200)) = %v, want ErrInvalidKind", err)
	}
	for _, bad := range []string{"", "Serverless", "VPC_CONNECT", " normal", "vpc-integration ", "invalid", "shared"} {
		if k, err := instance.ParseKind(bad); !errors.Is(err, instance.ErrInvalidKind) || k != 0 {
			t.Errorf("ParseKind(%q) = %v, %v; want ErrInvalidKind", bad, k, err)
		}
	}
	k := instance.Dedicated
	if err := k.UnmarshalText([]byte("bogus")); err == nil || k != instance.Dedicated {
		t.Error("UnmarshalText changed the kind on error")
	}
}

func newInstance(t *testing.T) instance.Instance {
	t.Helper()
	inst, err := instance.New("gw-1", goodSpec(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

var vpc = instance.VPC{ID: "vpc-bp1", CIDRs: []netip.Prefix{P("10.0.0.0/16")}, Connected: []netip.Prefix{P("10.8.0.0/16")}}

func TestNew(t *testing.T) {
	s := goodSpec()
	s.Zones[0].VSwitchCIDR = P("::ffff:10.0.1.0/120")
	inst, err := instance.New("gw-1", s, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := instance.Instance{
		ID: "gw-1", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-bp1", CIDR: P("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-j", VSwitchCIDR: P("10.0.1.0/24"), SecurityGroupID: "sg-1"},
			{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-k", VSwitchCIDR: P("10.0.2.0/24"), SecurityGroupID: "sg-1"},
		},
		Accessible: []netip.Prefix{P("10.0.1.0/24"), P("10.0.2.0/24")},
	}
	if diff := cmp.Diff(want, inst, prefixEq); diff != "" {
		t.Errorf("New (-want +got):\n%s", diff)
	}
	s.Zones[1].VSwitchID = "changed"
	if inst.Zones[1].VSwitchID != "vsw-k" {
		t.Error("New kept the spec's slice")
	}
	if !inst.AccessibleSet().Equal(cidr.MustParseSet("10.0.1.0/24", "10.0.2.0/24")) {
		t.Errorf("AccessibleSet() = %v", inst.AccessibleSet())
	}
	_, err = instance.New("", instance.Spec{}, nil)
	var fe *instance.FieldError
	if !errors.As(err, &fe) || fe.Field != "id" || !errors.Is(err, instance.ErrRequired) {
		t.Errorf("New with nothing: %v, want ID first among the problems", err)
	}
}

func TestAllowCIDR(t *testing.T) {
	inst := newInstance(t)
	before := cloneInstance(inst)
	dedicated := inst
	dedicated.Kind = instance.Dedicated
	for _, tc := range []struct {
		name string
		inst instance.Instance
		p    netip.Prefix
		v    instance.VPC
		want error // nil: allowed
	}{
		{"inside the VPC", inst, P("10.0.3.0/24"), vpc, nil},
		{"the whole VPC", inst, P("10.0.0.0/16"), vpc, nil},
		{"a connected network", inst, P("10.8.4.0/24"), vpc, nil},
		{"mapped form", inst, P("::ffff:10.0.3.0/120"), vpc, nil},
		{"already there", inst, P("10.0.1.0/24"), vpc, nil},
		{"outside", inst, P("10.9.0.0/24"), vpc, instance.ErrOutsideVPC},
		{"straddling the VPC's edge", inst, P("10.0.0.0/15"), vpc, instance.ErrOutsideVPC},
		{"spanning VPC and connected network", inst, P("10.0.0.0/12"), vpc, instance.ErrOutsideVPC},
		{"everything", inst, P("0.0.0.0/0"), vpc, instance.ErrOutsideVPC},
		{"IPv6 outside", inst, P("2001:db8::/64"), vpc, instance.ErrOutsideVPC},
		{"host bits", inst, netip.PrefixFrom(netip.MustParseAddr("10.0.3.1"), 24), vpc, cidr.ErrNotCanonical},
		{"zero prefix", inst, netip.Prefix{}, vpc, cidr.ErrInvalidPrefix},
		{"another VPC", inst, P("10.0.3.0/24"), instance.VPC{ID: "vpc-other", CIDRs: vpc.CIDRs}, instance.ErrWrongVPC},
		{"VPC ID differs by case", inst, P("10.0.3.0/24"), instance.VPC{ID: "VPC-BP1", CIDRs: vpc.CIDRs}, instance.ErrWrongVPC},
		{"kind before VPC", dedicated, P("10.9.0.0/24"), instance.VPC{ID: "other"}, instance.ErrNotVPCIntegration},
		{"VPC before block", inst, P("10.9.0.0/24"), instance.VPC{ID: "other"}, instance.ErrWrongVPC},
		{"zero instance", instance.Instance{}, P("10.0.3.0/24"), vpc, instance.ErrNotVPCIntegration},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.inst.AllowCIDR(tc.p, tc.v)
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("AllowCIDR(%v) = %v, want %v", tc.p, err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("AllowCIDR(%v) = %v", tc.p, err)
			}
			p := tc.p
			if p.Addr().Is4In6() {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			if !got.AccessibleSet().ContainsPrefix(p) || !containsExactly(got.Accessible, p) {
				t.Errorf("AllowCIDR(%v).Accessible = %v", tc.p, got.Accessible)
			}
		})
	}
	if diff := cmp.Diff(before, inst, prefixEq); diff != "" {
		t.Errorf("AllowCIDR modified its receiver (-before +after):\n%s", diff)
	}
}

func containsExactly(list []netip.Prefix, p netip.Prefix) bool {
	n := 0
	for _, q := range list {
		if q == p {
			n++
		}
	}
	return n == 1
}

func TestRemoveCIDR(t *testing.T) {
	inst := newInstance(t)
	added, err := inst.AllowCIDR(P("10.0.3.0/24"), vpc)
	if err != nil {
		t.Fatal(err)
	}
	before := cloneInstance(added)
	removed, err := added.RemoveCIDR(P("10.0.3.0/24"))
	if err != nil || !cmp.Equal(removed, inst, prefixEq) {
		t.Errorf("RemoveCIDR = %+v, %v; want the instance before AllowCIDR", removed, err)
	}
	if diff := cmp.Diff(before, added, prefixEq); diff != "" {
		t.Errorf("RemoveCIDR modified its receiver:\n%s", diff)
	}
	for _, tc := range []struct {
		p    netip.Prefix
		want error
	}{
		{P("10.0.4.0/24"), instance.ErrNotAccessible},
		{P("10.0.3.0/25"), instance.ErrNotAccessible}, // part of an added block
		{P("10.0.1.0/24"), instance.ErrDefaultCIDR},
		{netip.Prefix{}, cidr.ErrInvalidPrefix},
	} {
		if _, err := added.RemoveCIDR(tc.p); !errors.Is(err, tc.want) {
			t.Errorf("RemoveCIDR(%v) = %v, want %v", tc.p, err, tc.want)
		}
	}
	if _, err := (instance.Instance{Kind: instance.Dedicated}).RemoveCIDR(P("10.0.3.0/24")); !errors.Is(err, instance.ErrNotVPCIntegration) {
		t.Errorf("RemoveCIDR on a dedicated instance = %v", err)
	}
}

func TestValidateUpdate(t *testing.T) {
	old := newInstance(t)
	if err := instance.ValidateUpdate(old, old); err != nil {
		t.Errorf("no change: %v", err)
	}
	grown, _ := old.AllowCIDR(P("10.0.3.0/24"), vpc)
	if err := instance.ValidateUpdate(old, grown); err != nil {
		t.Errorf("adding an accessible block: %v", err)
	}
	changed := cloneInstance(old)
	changed.VPCID = "vpc-2"
	changed.CIDR = P("172.16.0.0/12")
	changed.Kind = instance.Dedicated
	changed.Zones[1].SecurityGroupID = "sg-2"
	changed.Accessible = append(changed.Accessible, netip.Prefix{})
	err := instance.ValidateUpdate(old, changed)
	var fields []string
	for _, p := range problemsOf(t, err) {
		fields = append(fields, p.field)
		if p.field != "accessible[2]" && !errors.Is(p.is, instance.ErrImmutable) {
			t.Errorf("%s: %v, want ErrImmutable", p.field, p.is)
		}
	}
	if diff := cmp.Diff([]string{"kind", "vpcId", "cidr", "zones[1]", "accessible[2]"}, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	fewer := cloneInstance(old)
	fewer.Zones = fewer.Zones[:1]
	if err := instance.ValidateUpdate(old, fewer); !errors.Is(err, instance.ErrImmutable) {
		t.Errorf("dropping a placement: %v", err)
	}
}

func cloneInstance(i instance.Instance) instance.Instance {
	i.Zones = append([]instance.ZonePlacement(nil), i.Zones...)
	i.Accessible = append([]netip.Prefix(nil), i.Accessible...)
	return i
}

package authz_test

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

var (
	A = netip.MustParseAddr
	P = netip.MustParsePrefix
)

func vpcInstance() instance.Instance {
	return instance.Instance{
		ID: "apigw-1", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-1",
		CIDR:       P("192.168.0.0/16"),
		Zones:      []instance.ZonePlacement{{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-1", VSwitchCIDR: P("10.0.1.0/24"), SecurityGroupID: "sg-1"}},
		Accessible: []netip.Prefix{P("10.0.1.0/24"), P("10.0.8.0/22")},
	}
}

func auth(name, id string) authz.Authorization {
	return authz.Authorization{Name: name, VPCID: "vpc-1", InstanceID: id, Port: 8080}
}

func TestValidate(t *testing.T) {
	withAddr := func(a authz.Authorization, addr string) authz.Authorization { a.Addr = A(addr); return a }
	for _, tc := range []struct {
		name   string
		a      authz.Authorization
		fields []field.Path // nil: valid
		also   error
	}{
		{"ECS ID", auth("a", "i-bp1abc"), nil, nil},
		{"SLB ID", auth("a", "lb-bp1abc"), nil, nil},
		{"upper-case ID", auth("a", "I-BP1ABC"), nil, nil},
		{"one letter", auth("a", "i"), nil, nil},
		{"IPv4", auth("a", "10.0.1.5"), nil, nil},
		{"public IPv4", auth("a", "8.8.8.8"), nil, nil},
		{"IPv6", auth("a", "2001:db8::5"), nil, nil},
		{"mapped IPv4", auth("a", "::ffff:10.0.1.5"), nil, nil},
		{"Addr equal to the IP", withAddr(auth("a", "10.0.1.5"), "::ffff:10.0.1.5"), nil, nil},
		{"ECS ID with its address", withAddr(auth("a", "i-1"), "10.0.1.5"), nil, nil},
		{"empty", authz.Authorization{}, []field.Path{"name", "vpcId", "instanceId", "port"}, instance.ErrRequired},
		{"no port", authz.Authorization{Name: "a", VPCID: "v", InstanceID: "i-1"}, []field.Path{"port"}, instance.ErrRequired},
		{"leading zero", auth("a", "010.0.0.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"short form", auth("a", "10.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"out of range", auth("a", "10.0.0.256"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"trailing dot", auth("a", "10.0.0.1."), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"CIDR as ID", auth("a", "10.0.0.0/24"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"trailing space", auth("a", "10.0.0.1 "), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"leading space", auth("a", " 10.0.9.9"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"leading tab", auth("a", "\t10.0.0.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"plus sign", auth("a", "+10.0.0.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"fullwidth digits", auth("a", "１０.０.０.１"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"brackets", auth("a", "[10.0.0.1]"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"zero-width space", auth("a", "\u200b10.0.0.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"BOM", auth("a", "\ufeff10.0.0.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"blanks", auth("a", "   "), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"ID then address", auth("a", "i-1 10.0.0.1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"ID with underscore", auth("a", "i_1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"ID with a trailing newline", auth("a", "i-1\n"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"Cyrillic letter", auth("a", "і-1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"dash first", auth("a", "-1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"integer form", auth("a", "167772165"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"zoned IPv6", auth("a", "fe80::1%eth0"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"bad IPv6", auth("a", "2001:db8:::1"), []field.Path{"instanceId"}, cidr.ErrInvalidAddr},
		{"zoned Addr", withAddr(auth("a", "i-1"), "fe80::1%eth0"), []field.Path{"addr"}, cidr.ErrInvalidAddr},
		{"Addr differs", withAddr(auth("a", "10.0.1.5"), "10.0.1.6"), []field.Path{"addr"}, nil},
		{"Addr of the other family", withAddr(auth("a", "10.0.1.5"), "::a00:105"), []field.Path{"addr"}, nil},
		{"everything wrong", authz.Authorization{InstanceID: "+1", Addr: A("fe80::1%eth0")}, []field.Path{"name", "vpcId", "port", "addr", "instanceId"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.a.Validate()
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, authz.ErrInvalidAuthorization) || (tc.also != nil && !errors.Is(err, tc.also)) {
				t.Fatalf("Validate() = %v, want ErrInvalidAuthorization and %v", err, tc.also)
			}
			var got []field.Path
			for _, e := range field.Split(err) {
				var fe *field.Error
				if !errors.As(e, &fe) || !errors.Is(e, authz.ErrInvalidAuthorization) {
					t.Fatalf("%v is not a *field.Error matching ErrInvalidAuthorization", e)
				}
				got = append(got, fe.Field)
			}
			if diff := cmp.Diff(tc.fields, got); diff != "" {
				t.Errorf("Validate() paths mismatch (-want +got):\n%s\n%v", diff, err)
			}
			if _, ok := tc.a.Address(); ok {
				t.Errorf("Address() of an invalid authorization is known")
			}
		})
	}
}

func TestCheck(t *testing.T) {
	inst := vpcInstance()
	withAddr := func(a authz.Authorization, addr string) authz.Authorization { a.Addr = A(addr); return a }
	otherVPC := auth("b", "10.0.1.5")
	otherVPC.VPCID = "vpc-2"
	for _, tc := range []struct {
		name string
		inst instance.Instance
		a    authz.Authorization
		want []error // nil: passes
	}{
		{"reachable IP", inst, auth("a", "10.0.1.5"), nil},
		{"reachable via an added block", inst, auth("a", "10.0.11.255"), nil},
		{"reachable ECS with known address", inst, withAddr(auth("a", "i-bp1"), "10.0.8.1"), nil},
		{"mapped address", inst, auth("a", "::ffff:10.0.1.5"), nil},
		{"first address past a block", inst, auth("a", "10.0.12.0"), []error{authz.ErrUnreachable}},
		{"last address before a block", inst, auth("a", "10.0.7.255"), []error{authz.ErrUnreachable}},
		{"unreachable", inst, auth("a", "10.0.2.5"), []error{authz.ErrUnreachable}},
		{"unreachable mapped", inst, auth("a", "::ffff:10.0.2.5"), []error{authz.ErrUnreachable}},
		{"IPv6 never in IPv4 blocks", inst, auth("a", "::a00:105"), []error{authz.ErrUnreachable}},
		{"unknown address", inst, auth("a", "i-bp1"), []error{authz.ErrUnknownAddr}},
		{"VPC mismatch", inst, otherVPC, []error{authz.ErrVPCMismatch}},
		{"VPC ID with a space", inst, func() authz.Authorization { a := auth("a", "10.0.1.5"); a.VPCID = "vpc-1 "; return a }(), []error{authz.ErrVPCMismatch}},
		{"mismatch and unreachable", inst, func() authz.Authorization { a := otherVPC; a.InstanceID = "10.9.9.9"; return a }(), []error{authz.ErrVPCMismatch, authz.ErrUnreachable}},
		{"mismatch and unknown", inst, func() authz.Authorization { a := otherVPC; a.InstanceID = "i-1"; return a }(), []error{authz.ErrVPCMismatch, authz.ErrUnknownAddr}},
		{"invalid", inst, auth("", "010.0.0.1"), []error{authz.ErrInvalidAuthorization}},
		{"hidden address is no ID", inst, auth("a", " 10.0.9.9"), []error{authz.ErrInvalidAuthorization}},
		{"zoned Addr never passes", inst, withAddr(auth("a", "i-1"), "fe80::1%eth0"), []error{authz.ErrInvalidAuthorization}},
		{"dedicated: any VPC", instance.Instance{ID: "d", Kind: instance.Dedicated}, otherVPC, nil},
		{"serverless: any address", instance.Instance{ID: "s", Kind: instance.Serverless}, auth("a", "i-1"), nil},
		{"dedicated: still validated", instance.Instance{Kind: instance.Dedicated}, auth("a", "10.1"), []error{authz.ErrInvalidAuthorization}},
		{"no accessible blocks", instance.Instance{Kind: instance.VPCIntegration, VPCID: "vpc-1"}, auth("a", "10.0.1.5"), []error{authz.ErrUnreachable}},
		{"zero instance", instance.Instance{}, auth("a", "10.0.1.5"), []error{instance.ErrInvalidKind}},
		{"zero kind with a VPC and blocks", func() instance.Instance { i := inst; i.Kind = 0; return i }(), auth("a", "10.0.1.5"), []error{instance.ErrInvalidKind}},
		{"unknown kind", func() instance.Instance { i := inst; i.Kind = 9; return i }(), otherVPC, []error{instance.ErrInvalidKind}},
		{"zero kind and invalid", instance.Instance{}, auth("", "10.1"), []error{instance.ErrInvalidKind, authz.ErrInvalidAuthorization}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checker := authz.NewChecker(tc.inst)
			for _, err := range []error{authz.Check(tc.inst, tc.a), checker.Check(tc.a), checker.Check(tc.a)} {
				if tc.want == nil {
					if err != nil {
						t.Fatalf("Check() = %v, want nil", err)
					}
					continue
				}
				if err == nil {
					t.Fatalf("Check() = nil, want %v", tc.want)
				}
				for _, w := range tc.want {
					if !errors.Is(err, w) {
						t.Errorf("Check() = %v, want it to match %v", err, w)
					}
				}
				if !errors.Is(err, authz.ErrInvalidAuthorization) && (errors.Is(err, authz.ErrUnreachable) != slices.Contains(tc.want, authz.ErrUnreachable) ||
					errors.Is(err, authz.ErrVPCMismatch) != slices.Contains(tc.want, authz.ErrVPCMismatch) ||
					errors.Is(err, authz.ErrUnknownAddr) != slices.Contains(tc.want, authz.ErrUnknownAddr)) {
					t.Errorf("Check() = %v, want exactly %v", err, tc.want)
				}
			}
		})
	}
}

func TestNilChecker(t *testing.T) {
	for name, c := range map[string]*authz.Checker{"nil": nil, "zero": {}} {
		if err := c.Check(auth("a", "10.0.1.5")); !errors.Is(err, instance.ErrInvalidKind) {
			t.Errorf("%s Checker: Check() = %v, want instance.ErrInvalidKind", name, err)
		}
	}
}

func TestCheckErrorsAs(t *testing.T) {
	inst := vpcInstance()
	err := authz.Check(inst, auth("orders", "::ffff:10.0.2.5"))
	var ue *authz.UnreachableError
	if !errors.As(err, &ue) || ue.Addr != A("10.0.2.5") || ue.Authorization != "orders" {
		t.Fatalf("errors.As(*UnreachableError) from %v: %+v", err, ue)
	}
	if !strings.Contains(err.Error(), "instance cannot connect to the backend 10.0.2.5") {
		t.Errorf("message %q lacks the console's words with the IPv4 form", err)
	}
	a := auth("users", "10.0.1.5")
	a.VPCID = "vpc-2"
	var me *authz.MismatchError
	if err := authz.Check(inst, a); !errors.As(err, &me) || me.VPCID != "vpc-2" || me.InstanceVPCID != "vpc-1" {
		t.Fatalf("errors.As(*MismatchError) from %v", err)
	}
}

func TestCheckerDoesNotAlias(t *testing.T) {
	inst := vpcInstance()
	c := authz.NewChecker(inst)
	inst.Accessible[1] = P("0.0.0.0/0")
	if err := c.Check(auth("a", "10.9.9.9")); !errors.Is(err, authz.ErrUnreachable) {
		t.Fatalf("a change to the instance after NewChecker widened the checker: %v", err)
	}
}

func TestCheckEgress(t *testing.T) {
	sg := authz.SecurityGroup{ID: "sg-1", IntraGroup: true, Egress: []netip.Prefix{P("10.0.8.0/22"), P("2001:db8::/32")}}
	ecs := func(id, group string) authz.Authorization {
		a := auth("a", id)
		a.Backend, a.SecurityGroupID = authz.ECS, group
		return a
	}
	clb := func(id, group string) authz.Authorization {
		a := ecs(id, group)
		a.Backend = authz.CLB
		return a
	}
	for _, tc := range []struct {
		name string
		sg   authz.SecurityGroup
		a    authz.Authorization
		want error
	}{
		{"ECS in the group, intra-group on", sg, ecs("i-1", "sg-1"), nil},
		{"ECS in the group, address unknown, intra-group on", sg, ecs("i-1", "sg-1"), nil},
		{"ECS in the group, intra-group off, no rule", authz.SecurityGroup{ID: "sg-1"}, ecs("10.0.1.5", "sg-1"), authz.ErrEgressDenied},
		{"ECS in another group, rule covers", sg, ecs("10.0.9.1", "sg-2"), nil},
		{"ECS in another group, no rule", sg, ecs("10.0.1.5", "sg-2"), authz.ErrEgressDenied},
		{"ECS in another group, address unknown", sg, ecs("i-1", "sg-2"), authz.ErrUnknownAddr},
		{"ECS with no group known", sg, ecs("10.0.1.5", ""), authz.ErrEgressDenied},
		{"CLB in the group still needs a rule", sg, clb("10.0.1.5", "sg-1"), authz.ErrEgressDenied},
		{"CLB with a rule", sg, clb("10.0.11.1", "sg-1"), nil},
		{"CLB mapped address", sg, clb("::ffff:10.0.11.1", ""), nil},
		{"unknown kind in the group needs a rule", sg, func() authz.Authorization { a := ecs("10.0.1.5", "sg-1"); a.Backend = 0; return a }(), authz.ErrEgressDenied},
		{"IPv6 rule covers IPv6", sg, clb("2001:db8::1", ""), nil},
		{"::/0 does not allow IPv4", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("::/0")}}, clb("10.0.1.5", ""), authz.ErrEgressDenied},
		{"0.0.0.0/0 allows IPv4", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("0.0.0.0/0")}}, clb("10.0.1.5", ""), nil},
		{"mapped rule counts as IPv4", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("::ffff:10.0.1.0/120")}}, clb("10.0.1.5", ""), nil},
		{"zero rule allows nothing", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{{}}}, clb("10.0.1.5", ""), authz.ErrEgressDenied},
		{"zero group, zero ID ECS", authz.SecurityGroup{IntraGroup: true}, ecs("10.0.1.5", ""), authz.ErrEgressDenied},
		{"invalid authorization", sg, ecs("10.1", "sg-1"), authz.ErrInvalidAuthorization},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := authz.CheckEgress(tc.sg, tc.a)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("CheckEgress() = %v, want %v", err, tc.want)
			}
			var ee *authz.EgressError
			if errors.Is(err, authz.ErrEgressDenied) && (!errors.As(err, &ee) || ee.SecurityGroup != tc.sg.ID) {
				t.Errorf("EgressError = %+v", ee)
			}
		})
	}
}

func TestBackendKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want authz.BackendKind
	}{{"ECS", authz.ECS}, {"CLB", authz.CLB}, {"SLB", authz.CLB}, {"", authz.UnknownBackend}} {
		if got, err := authz.ParseBackendKind(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseBackendKind(%q) = %v, %v", tc.in, got, err)
		}
	}
	for _, bad := range []string{"ecs", "ALB", " ECS"} {
		if _, err := authz.ParseBackendKind(bad); !errors.Is(err, authz.ErrInvalidBackendKind) {
			t.Errorf("ParseBackendKind(%q) = %v", bad, err)
		}
	}
}

func TestCheckDoesNotAllocate(t *testing.T) {
	c := authz.NewChecker(vpcInstance())
	ip, ecs := auth("a", "10.0.1.5"), auth("b", "i-1")
	ecs.Addr = A("10.0.9.9")
	if n := testing.AllocsPerRun(100, func() {
		if c.Check(ip) != nil || c.Check(ecs) != nil {
			panic("check failed")
		}
	}); n != 0 {
		t.Errorf("Checker.Check allocates %.1f times on success, want 0", n)
	}
}

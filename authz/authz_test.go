package authz_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
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
	for _, tc := range []struct {
		name   string
		a      authz.Authorization
		fields []string // nil: valid
		also   error
	}{
		{"ECS ID", auth("a", "i-bp1abc"), nil, nil},
		{"SLB ID", auth("a", "lb-bp1abc"), nil, nil},
		{"IPv4", auth("a", "10.0.1.5"), nil, nil},
		{"IPv6", auth("a", "2001:db8::5"), nil, nil},
		{"mapped IPv4", auth("a", "::ffff:10.0.1.5"), nil, nil},
		{"Addr equal to the IP", func() authz.Authorization { a := auth("a", "10.0.1.5"); a.Addr = A("::ffff:10.0.1.5"); return a }(), nil, nil},
		{"empty", authz.Authorization{}, []string{"Name", "VPCID", "InstanceID", "Port"}, instance.ErrRequired},
		{"no port", authz.Authorization{Name: "a", VPCID: "v", InstanceID: "i-1"}, []string{"Port"}, instance.ErrRequired},
		{"leading zero", auth("a", "010.0.0.1"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"short form", auth("a", "10.1"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"out of range", auth("a", "10.0.0.256"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"trailing dot", auth("a", "10.0.0.1."), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"CIDR as ID", auth("a", "10.0.0.0/24"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"trailing space", auth("a", "10.0.0.1 "), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"integer form", auth("a", "167772165"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"zoned IPv6", auth("a", "fe80::1%eth0"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"bad IPv6", auth("a", "2001:db8:::1"), []string{"InstanceID"}, cidr.ErrInvalidAddr},
		{"zoned Addr", func() authz.Authorization { a := auth("a", "i-1"); a.Addr = A("fe80::1%eth0"); return a }(), []string{"Addr"}, cidr.ErrInvalidAddr},
		{"Addr differs", func() authz.Authorization { a := auth("a", "10.0.1.5"); a.Addr = A("10.0.1.6"); return a }(), []string{"Addr"}, nil},
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
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *instance.FieldError
				if !errors.As(e, &fe) {
					t.Fatalf("%v is not a *instance.FieldError", e)
				}
				got = append(got, fe.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields %v, want %v (%v)", got, tc.fields, err)
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
		{"zoned Addr never passes", inst, withAddr(auth("a", "i-1"), "fe80::1%eth0"), []error{authz.ErrInvalidAuthorization}},
		{"dedicated: any VPC", instance.Instance{ID: "d", Kind: instance.Dedicated}, otherVPC, nil},
		{"serverless: any address", instance.Instance{ID: "s", Kind: instance.Serverless}, auth("a", "i-1"), nil},
		{"dedicated: still validated", instance.Instance{Kind: instance.Dedicated}, auth("a", "10.1"), []error{authz.ErrInvalidAuthorization}},
		{"zero instance: accessible nothing", instance.Instance{Kind: instance.VPCIntegration, VPCID: "vpc-1"}, auth("a", "10.0.1.5"), []error{authz.ErrUnreachable}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := authz.Check(tc.inst, tc.a)
			if again := authz.NewChecker(tc.inst).Check(tc.a); (err == nil) != (again == nil) || (err != nil && err.Error() != again.Error()) {
				t.Fatalf("Check and Checker.Check disagree: %v / %v", err, again)
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Check() = %v, want nil", err)
				}
				return
			}
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("Check() = %v, want it to match %v", err, w)
				}
			}
		})
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

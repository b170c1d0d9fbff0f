package authz_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

func TestParseModel(t *testing.T) {
	type parsed struct {
		v   any
		err error
	}
	wrap := func(v any, err error) parsed { return parsed{v, err} }
	for _, tc := range []struct {
		name string
		got  parsed
		want any // nil: an error
	}{
		{"type normal", wrap(authz.ParseGroupType("normal")), authz.GroupNormal},
		{"type Enterprise", wrap(authz.ParseGroupType("Enterprise")), authz.GroupEnterprise},
		{"type empty", wrap(authz.ParseGroupType("")), nil},
		{"type space", wrap(authz.ParseGroupType(" normal")), nil},
		{"type long s", wrap(authz.ParseGroupType("enterpriſe")), nil},
		{"policy Accept", wrap(authz.ParsePolicy("Accept")), authz.PolicyAccept},
		{"policy accept", wrap(authz.ParsePolicy("accept")), authz.PolicyAccept},
		{"policy ACCEPT", wrap(authz.ParsePolicy("ACCEPT")), authz.PolicyAccept},
		{"policy Drop", wrap(authz.ParsePolicy("Drop")), authz.PolicyDrop},
		{"policy empty", wrap(authz.ParsePolicy("")), nil},
		{"policy deny", wrap(authz.ParsePolicy("deny")), nil},
		{"policy NUL", wrap(authz.ParsePolicy("drop\x00")), nil},
		{"protocol tcp", wrap(authz.ParseProtocol("tcp")), authz.ProtocolTCP},
		{"protocol UDP", wrap(authz.ParseProtocol("UDP")), authz.ProtocolUDP},
		{"protocol icmp", wrap(authz.ParseProtocol("icmp")), authz.ProtocolICMP},
		{"protocol icmpv6", wrap(authz.ParseProtocol("icmpv6")), authz.ProtocolICMPv6},
		{"protocol GRE", wrap(authz.ParseProtocol("GRE")), authz.ProtocolGRE},
		{"protocol all", wrap(authz.ParseProtocol("all")), authz.ProtocolAll},
		{"protocol number", wrap(authz.ParseProtocol("6")), nil},
		{"protocol -1", wrap(authz.ParseProtocol("-1")), nil},
		{"ports all", wrap(authz.ParsePortRange("-1/-1")), authz.AllPorts()},
		{"ports 80/80", wrap(authz.ParsePortRange("80/80")), authz.PortRange{From: 80, To: 80}},
		{"ports 1/1024", wrap(authz.ParsePortRange("1/1024")), authz.PortRange{From: 1, To: 1024}},
		{"ports 1/65535", wrap(authz.ParsePortRange("1/65535")), authz.PortRange{From: 1, To: 65535}},
		{"ports 65536", wrap(authz.ParsePortRange("1/65536")), nil},
		{"ports 0/80", wrap(authz.ParsePortRange("0/80")), nil},
		{"ports reversed", wrap(authz.ParsePortRange("90/80")), nil},
		{"ports single", wrap(authz.ParsePortRange("80")), nil},
		{"ports dash", wrap(authz.ParsePortRange("80-90")), nil},
		{"ports leading zero", wrap(authz.ParsePortRange("080/80")), nil},
		{"ports plus", wrap(authz.ParsePortRange("+80/80")), nil},
		{"ports half all", wrap(authz.ParsePortRange("-1/80")), nil},
		{"ports space", wrap(authz.ParsePortRange("80/80 ")), nil},
		{"ports fullwidth", wrap(authz.ParsePortRange("８0/80")), nil},
		{"ports empty", wrap(authz.ParsePortRange("")), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == nil {
				if !errors.Is(tc.got.err, authz.ErrInvalidSecurityGroup) {
					t.Fatalf("got %v, %v; want an error matching ErrInvalidSecurityGroup", tc.got.v, tc.got.err)
				}
				return
			}
			if tc.got.err != nil || tc.got.v != tc.want {
				t.Fatalf("got %v, %v; want %v", tc.got.v, tc.got.err, tc.want)
			}
		})
	}
}

func TestSecurityGroupJSON(t *testing.T) {
	in := `{"id":"sg-1","type":"Enterprise","innerAccessPolicy":"Drop","rules":[
		{"policy":"Accept","priority":1,"ipProtocol":"tcp","portRange":"1/1024","destCidrIp":"10.0.0.0/8"},
		{"policy":"drop","priority":100,"ipProtocol":"ALL","portRange":"-1/-1","ipv6DestCidrIp":"2001:db8::/32"},
		{"policy":"accept","priority":5,"ipProtocol":"TCP","portRange":"80/80","destPrefixListId":"pl-1"}]}`
	var sg authz.SecurityGroup
	if err := json.Unmarshal([]byte(in), &sg); err != nil {
		t.Fatal(err)
	}
	want := authz.SecurityGroup{
		ID: "sg-1", Type: authz.GroupEnterprise, InnerAccessPolicy: authz.PolicyDrop,
		Rules: []authz.Rule{
			{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 1024}, DestCIDR: P("10.0.0.0/8")},
			{Policy: authz.PolicyDrop, Priority: 100, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), IPv6DestCIDR: P("2001:db8::/32")},
			{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, DestPrefixListID: "pl-1"},
		},
	}
	if diff := cmp.Diff(want, sg, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Fatalf("decoded mismatch (-want +got):\n%s", diff)
	}
	if err := sg.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	out, err := json.Marshal(sg)
	if err != nil {
		t.Fatal(err)
	}
	var again authz.SecurityGroup
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatalf("re-decoding %s: %v", out, err)
	}
	if diff := cmp.Diff(sg, again, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("round trip through %s (-want +got):\n%s", out, diff)
	}
	for _, bad := range []string{`{"policy":"allow"}`, `{"ipProtocol":"tcp6"}`, `{"portRange":"0/0"}`, `{"portRange":80}`} {
		var r authz.Rule
		if err := json.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("Unmarshal(%s) = nil error, want one", bad)
		}
	}
}

func TestSecurityGroupValidate(t *testing.T) {
	ok := authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, DestCIDR: P("10.0.0.0/8")}
	with := func(f func(*authz.Rule)) authz.Rule { r := ok; f(&r); return r }
	for _, tc := range []struct {
		name string
		sg   authz.SecurityGroup
		want []field.Path // nil: valid
	}{
		{"simple form", authz.SecurityGroup{ID: "sg-1", IntraGroup: true, Egress: []netip.Prefix{P("10.0.0.0/8")}}, nil},
		{"full form", authz.SecurityGroup{ID: "sg-1", Type: authz.GroupNormal, InnerAccessPolicy: authz.PolicyAccept, Rules: []authz.Rule{ok}}, nil},
		{"mapped IPv4 destination", authz.SecurityGroup{ID: "sg-1", Rules: []authz.Rule{with(func(r *authz.Rule) { r.DestCIDR = P("::ffff:10.0.0.0/104") })}}, nil},
		{"zero", authz.SecurityGroup{}, []field.Path{"id"}},
		{"ID with a space", authz.SecurityGroup{ID: "sg-1 "}, []field.Path{"id"}},
		{"ID with a zero-width space", authz.SecurityGroup{ID: "sg-1\u200b"}, []field.Path{"id"}},
		{"unknown type and policy", authz.SecurityGroup{ID: "x", Type: 3, InnerAccessPolicy: 3}, []field.Path{"type", "innerAccessPolicy"}},
		{"contradiction", authz.SecurityGroup{ID: "x", IntraGroup: true, InnerAccessPolicy: authz.PolicyDrop}, []field.Path{"intraGroup"}},
		{"enterprise inner accept", authz.SecurityGroup{ID: "x", Type: authz.GroupEnterprise, InnerAccessPolicy: authz.PolicyAccept}, []field.Path{"innerAccessPolicy"}},
		{"enterprise intra-group", authz.SecurityGroup{ID: "x", Type: authz.GroupEnterprise, IntraGroup: true}, []field.Path{"intraGroup"}},
		{"enterprise inner drop", authz.SecurityGroup{ID: "x", Type: authz.GroupEnterprise, InnerAccessPolicy: authz.PolicyDrop}, nil},
		{"inner policy unknown", authz.SecurityGroup{ID: "x", Type: authz.GroupNormal, InnerAccessUnknown: true}, nil},
		{"inner policy unknown and given", authz.SecurityGroup{ID: "x", InnerAccessUnknown: true, InnerAccessPolicy: authz.PolicyAccept}, []field.Path{"innerAccessUnknown"}},
		{"inner policy unknown and intra-group", authz.SecurityGroup{ID: "x", InnerAccessUnknown: true, IntraGroup: true}, []field.Path{"innerAccessUnknown"}},
		{"partial rule", authz.SecurityGroup{ID: "x", Rules: []authz.Rule{with(func(r *authz.Rule) { r.Partial = "it applies only to some sources" })}}, nil},
		{"enterprise group rule", authz.SecurityGroup{ID: "x", Type: authz.GroupEnterprise, Rules: []authz.Rule{
			{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, DestGroupID: "sg-2"},
		}}, []field.Path{"rules[0].destGroupId"}},
		{"egress host bits and invalid", authz.SecurityGroup{ID: "x", Egress: []netip.Prefix{P("10.0.0.0/8"), P("10.0.0.1/8"), {}}}, []field.Path{"egress[1]", "egress[2]"}},
		{"zero rule", authz.SecurityGroup{ID: "x", Rules: []authz.Rule{ok, {}}}, []field.Path{"rules[1].policy", "rules[1].priority", "rules[1].ipProtocol", "rules[1]"}},
		{"priority edges", authz.SecurityGroup{ID: "x", Rules: []authz.Rule{
			with(func(r *authz.Rule) { r.Priority = 100 }), with(func(r *authz.Rule) { r.Priority = 101 }), with(func(r *authz.Rule) { r.Priority = 0 }), with(func(r *authz.Rule) { r.Priority = -1 }),
		}}, []field.Path{"rules[1].priority", "rules[2].priority", "rules[3].priority"}},
		{"ports", authz.SecurityGroup{ID: "x", Rules: []authz.Rule{
			with(func(r *authz.Rule) { r.Ports = authz.AllPorts() }),
			with(func(r *authz.Rule) { r.Protocol = authz.ProtocolAll }),
			with(func(r *authz.Rule) { r.Protocol, r.Ports = authz.ProtocolICMP, authz.AllPorts() }),
			with(func(r *authz.Rule) { r.Ports = authz.PortRange{From: 90, To: 80} }),
			with(func(r *authz.Rule) { r.Ports = authz.PortRange{From: 0, To: 80} }),
			with(func(r *authz.Rule) { r.Ports = authz.PortRange{} }),
		}}, []field.Path{"rules[0].portRange", "rules[1].portRange", "rules[3].portRange", "rules[4].portRange", "rules[5].portRange"}},
		{"destinations", authz.SecurityGroup{ID: "x", Rules: []authz.Rule{
			with(func(r *authz.Rule) { r.DestCIDR = P("10.0.0.1/8") }),
			with(func(r *authz.Rule) { r.DestCIDR = P("2001:db8::/32") }),
			with(func(r *authz.Rule) { r.DestCIDR, r.IPv6DestCIDR = netip.Prefix{}, P("::ffff:10.0.0.0/104") }),
			with(func(r *authz.Rule) { r.DestCIDR, r.IPv6DestCIDR = netip.Prefix{}, P("2001:db8::/32") }),
			with(func(r *authz.Rule) { r.DestGroupID = "sg-2" }),
			with(func(r *authz.Rule) { r.DestCIDR, r.DestPrefixListID = netip.Prefix{}, "pl 1" }),
			with(func(r *authz.Rule) { r.DestCIDR, r.DestGroupID = netip.Prefix{}, "sg-2" }),
		}}, []field.Path{"rules[0].destCidrIp", "rules[1].destCidrIp", "rules[2].ipv6DestCidrIp", "rules[4]", "rules[5].destPrefixListId"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.sg.Validate()
			var got []field.Path
			for _, e := range field.Split(err) {
				p, ok := field.PathOf(e)
				if !ok || !errors.Is(e, authz.ErrInvalidSecurityGroup) {
					t.Errorf("problem %v is not a *field.Error matching ErrInvalidSecurityGroup", e)
				}
				got = append(got, p)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate() paths mismatch (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
	if err := (authz.SecurityGroup{}).Validate(); !errors.Is(err, instance.ErrRequired) {
		t.Errorf("missing ID: got %v, want it to match instance.ErrRequired", err)
	}
}

func TestRuleString(t *testing.T) {
	for _, tc := range []struct {
		r    authz.Rule
		want string
	}{
		{authz.Rule{Policy: authz.PolicyDrop, Priority: 1, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: P("10.0.0.0/8")}, "drop, priority 1, 10.0.0.0/8"},
		{authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, DestPrefixListID: "pl-1"}, "accept, priority 5, TCP 80/80, prefix list pl-1"},
		{authz.Rule{Policy: authz.PolicyAccept, Priority: 7, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestGroupID: "sg-2"}, "accept, priority 7, group sg-2"},
	} {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestMarshalTextOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    interface{ MarshalText() ([]byte, error) }
		want string // "": an error
	}{
		{"zero type", authz.GroupType(0), "-"},
		{"type 3", authz.GroupType(3), ""},
		{"zero policy", authz.Policy(0), "-"},
		{"policy 3", authz.Policy(3), ""},
		{"zero protocol", authz.Protocol(0), "-"},
		{"ICMPv6", authz.ProtocolICMPv6, "ICMPv6"},
		{"protocol 7", authz.Protocol(7), ""},
		{"zero ports", authz.PortRange{}, "-"},
		{"all ports", authz.AllPorts(), "-1/-1"},
		{"reversed ports", authz.PortRange{From: 9, To: 8}, ""},
		{"0/80", authz.PortRange{From: 0, To: 80}, ""},
	} {
		b, err := tc.v.MarshalText()
		switch {
		case tc.want == "" && !errors.Is(err, authz.ErrInvalidSecurityGroup):
			t.Errorf("%s: MarshalText() = %q, %v; want ErrInvalidSecurityGroup", tc.name, b, err)
		case tc.want == "-" && (err != nil || len(b) != 0):
			t.Errorf("%s: MarshalText() = %q, %v; want empty", tc.name, b, err)
		case tc.want != "" && tc.want != "-" && (err != nil || string(b) != tc.want):
			t.Errorf("%s: MarshalText() = %q, %v; want %q", tc.name, b, err, tc.want)
		}
	}
	for _, tc := range []struct {
		got, want string
	}{
		{authz.GroupType(3).String(), "GroupType(3)"},
		{authz.Policy(9).String(), "Policy(9)"},
		{authz.Protocol(7).String(), "Protocol(7)"},
		{authz.Outcome(5).String(), "Outcome(5)"},
		{authz.Source(9).String(), "Source(9)"},
		{authz.PortRange{From: 1, To: 1024}.String(), "1/1024"},
	} {
		if tc.got != tc.want {
			t.Errorf("String() = %q, want %q", tc.got, tc.want)
		}
	}
	if (authz.PortRange{From: 9, To: 8}).Contains(8) || !authz.AllPorts().Contains(0) || (authz.PortRange{From: 1, To: 1024}).Contains(1025) {
		t.Error("PortRange.Contains is wrong at an edge")
	}
}

func TestParsePriority(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int // 0: an error
	}{{"1", 1}, {"100", 100}, {"42", 42}, {"0", 0}, {"101", 0}, {"01", 0}, {"+1", 0}, {"-1", 0}, {" 1", 0}, {"1.0", 0}, {"", 0}, {"１", 0}, {"1000", 0}} {
		got, err := authz.ParsePriority(tc.in)
		if tc.want == 0 && !errors.Is(err, authz.ErrInvalidSecurityGroup) || tc.want != 0 && (err != nil || got != tc.want) {
			t.Errorf("ParsePriority(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseRuleCIDR(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "": an error
		also error
	}{
		{"10.0.0.0/8", "10.0.0.0/8", nil},
		{"10.0.0.5", "10.0.0.5/32", nil},
		{"0.0.0.0/0", "0.0.0.0/0", nil},
		{"2001:db8::/32", "2001:db8::/32", nil},
		{"2001:db8::1", "2001:db8::1/128", nil},
		{"::ffff:10.0.0.5", "10.0.0.5/32", nil},
		{"10.0.0.5/8", "", cidr.ErrNotCanonical},
		{"::ffff:10.0.0.0/104", "", cidr.ErrInvalidPrefix},
		{"fe80::1%eth0", "", cidr.ErrInvalidAddr},
		{" 10.0.0.5", "", cidr.ErrInvalidAddr},
		{"10.0.0.0/8 ", "", cidr.ErrInvalidPrefix},
		{"", "", cidr.ErrInvalidAddr},
		{"010.0.0.5", "", cidr.ErrInvalidAddr},
	} {
		got, err := authz.ParseRuleCIDR(tc.in)
		if tc.want == "" {
			if !errors.Is(err, authz.ErrInvalidSecurityGroup) || !errors.Is(err, tc.also) {
				t.Errorf("ParseRuleCIDR(%q) = %v, %v; want an error matching ErrInvalidSecurityGroup and %v", tc.in, got, err, tc.also)
			}
			continue
		}
		if err != nil || got != P(tc.want) {
			t.Errorf("ParseRuleCIDR(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

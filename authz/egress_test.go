package authz_test

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// rule builds a valid rule from the API's spellings: dest is a CIDR block
// (IPv4 or IPv6), a group ("sg-…") or a prefix list ("pl-…").
func rule(policy string, priority int, protocol, ports, dest string) authz.Rule {
	r := authz.Rule{Priority: priority}
	var err error
	if r.Policy, err = authz.ParsePolicy(policy); err != nil {
		panic(err)
	}
	if r.Protocol, err = authz.ParseProtocol(protocol); err != nil {
		panic(err)
	}
	if r.Ports, err = authz.ParsePortRange(ports); err != nil {
		panic(err)
	}
	switch {
	case strings.HasPrefix(dest, "sg-"):
		r.DestGroupID = dest
	case strings.HasPrefix(dest, "pl-"):
		r.DestPrefixListID = dest
	case strings.Contains(dest, ":"):
		r.IPv6DestCIDR = P(dest)
	default:
		r.DestCIDR = P(dest)
	}
	return r
}

func tcp(addr string, port uint16) authz.Flow {
	f := authz.Flow{Port: port, Protocol: authz.ProtocolTCP, Backend: authz.CLB}
	if addr != "" {
		f.Addr = A(addr)
	}
	return f
}

func ecsIn(f authz.Flow, group string) authz.Flow {
	f.Backend, f.GroupID = authz.ECS, group
	return f
}

// partial returns r limited to some sources.
func partial(r authz.Rule) authz.Rule {
	r.Partial = "it applies only to sources in 10.9.0.0/24"
	return r
}

func group(t authz.GroupType, rules ...authz.Rule) authz.SecurityGroup {
	return authz.SecurityGroup{ID: "sg-1", Type: t, Rules: rules}
}

// want is an expected verdict: outcome, source, index (for rules and
// Egress blocks) and NeedsRule.
type want struct {
	outcome   authz.Outcome
	source    authz.Source
	index     int
	needsRule bool
}

var (
	allowedBy  = func(i int) want { return want{authz.Allowed, authz.SourceRule, i, false} }
	deniedBy   = func(i int) want { return want{authz.Denied, authz.SourceRule, i, false} }
	unverified = func(i int) want { return want{authz.Unverified, authz.SourceRule, i, false} }
	allowedDef = want{authz.Allowed, authz.SourceDefault, -1, false}
	warnDef    = want{authz.Allowed, authz.SourceDefault, -1, true}
	deniedDef  = want{authz.Denied, authz.SourceDefault, -1, false}
	allowedIn  = want{authz.Allowed, authz.SourceInnerPolicy, -1, false}
	deniedIn   = want{authz.Denied, authz.SourceInnerPolicy, -1, false}
)

// TestDecide pins the cases of the ECS documentation on outbound rules and
// the API Gateway document's note on the ENI's security group.
func TestDecide(t *testing.T) {
	const (
		normal     = authz.GroupNormal
		enterprise = authz.GroupEnterprise
	)
	accept1 := rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/8")
	drop1 := rule("drop", 1, "ALL", "-1/-1", "10.0.0.0/8")
	web := rule("accept", 1, "TCP", "1/1024", "10.0.0.0/8")
	for _, tc := range []struct {
		name string
		sg   authz.SecurityGroup
		f    authz.Flow
		want want
	}{
		// Priorities: smaller first; at equal priority drop wins.
		{"accept", group(enterprise, accept1), tcp("10.1.2.3", 80), allowedBy(0)},
		{"drop wins a tie", group(normal, accept1, drop1), tcp("10.1.2.3", 80), deniedBy(1)},
		{"drop wins a tie, either order", group(normal, drop1, accept1), tcp("10.1.2.3", 80), deniedBy(0)},
		{"smaller priority first", group(normal, rule("drop", 2, "ALL", "-1/-1", "10.0.0.0/8"), accept1), tcp("10.1.2.3", 80), allowedBy(1)},
		{"priority 100 last", group(enterprise, rule("drop", 100, "ALL", "-1/-1", "0.0.0.0/0"), rule("accept", 99, "TCP", "80/80", "10.1.2.3/32")), tcp("10.1.2.3", 80), allowedBy(1)},
		{"equal accepts: the first", group(enterprise, rule("accept", 3, "TCP", "80/80", "10.0.0.0/8"), rule("accept", 3, "ALL", "-1/-1", "10.1.0.0/16")), tcp("10.1.2.3", 80), allowedBy(0)},
		{"narrow drop over broad accept", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "0.0.0.0/0"), rule("drop", 1, "TCP", "80/80", "10.1.2.0/24")), tcp("10.1.2.3", 80), deniedBy(1)},
		{"narrow drop misses", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "0.0.0.0/0"), rule("drop", 1, "TCP", "80/80", "10.1.2.0/24")), tcp("10.1.3.3", 80), allowedBy(0)},
		// Port ranges at their edges.
		{"1/1024: port 1", group(enterprise, web), tcp("10.0.0.1", 1), allowedBy(0)},
		{"1/1024: port 1024", group(enterprise, web), tcp("10.0.0.1", 1024), allowedBy(0)},
		{"1/1024: port 1025", group(enterprise, web), tcp("10.0.0.1", 1025), deniedDef},
		{"1/1024: port 0", group(enterprise, web), tcp("10.0.0.1", 0), deniedDef},
		{"80/80: port 79", group(enterprise, rule("accept", 1, "TCP", "80/80", "10.0.0.0/8")), tcp("10.0.0.1", 79), deniedDef},
		{"1/65535: port 65535", group(enterprise, rule("accept", 1, "TCP", "1/65535", "10.0.0.0/8")), tcp("10.0.0.1", 65535), allowedBy(0)},
		{"-1/-1: port 65535", group(enterprise, accept1), tcp("10.0.0.1", 65535), allowedBy(0)},
		{"-1/-1: port 0", group(enterprise, accept1), tcp("10.0.0.1", 0), allowedBy(0)},
		// Protocols.
		{"UDP rule, TCP flow", group(enterprise, rule("accept", 1, "UDP", "1/65535", "10.0.0.0/8")), tcp("10.0.0.1", 80), deniedDef},
		{"ICMP rule, TCP flow", group(enterprise, rule("accept", 1, "ICMP", "-1/-1", "10.0.0.0/8")), tcp("10.0.0.1", 80), deniedDef},
		{"GRE drop, TCP flow", group(normal, rule("drop", 1, "GRE", "-1/-1", "10.0.0.0/8")), ecsIn(tcp("10.0.0.1", 80), "sg-2"), allowedDef},
		{"ALL drop, TCP flow", group(normal, drop1), ecsIn(tcp("10.0.0.1", 80), "sg-2"), deniedBy(0)},
		{"UDP flow", group(enterprise, rule("accept", 1, "udp", "53/53", "10.0.0.0/8")), authz.Flow{Addr: A("10.0.0.2"), Port: 53, Protocol: authz.ProtocolUDP}, allowedBy(0)},
		{"ICMP flow", group(enterprise, rule("accept", 1, "icmp", "-1/-1", "10.0.0.0/8")), authz.Flow{Addr: A("10.0.0.2"), Protocol: authz.ProtocolICMP}, allowedBy(0)},
		{"ICMPv6 rule, ICMP flow", group(enterprise, rule("accept", 1, "ICMPv6", "-1/-1", "2001:db8::/32")), authz.Flow{Addr: A("2001:db8::2"), Protocol: authz.ProtocolICMP}, deniedDef},
		// IPv4 and IPv6 rules never match the other family.
		{"IPv6 rule", group(enterprise, rule("accept", 1, "TCP", "80/80", "2001:db8::/32")), tcp("2001:db8::1", 80), allowedBy(0)},
		{"0.0.0.0/0 misses IPv6", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "0.0.0.0/0")), tcp("2001:db8::1", 80), deniedDef},
		{"::/0 misses IPv4", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "::/0")), tcp("10.0.0.1", 80), deniedDef},
		{"::/0 misses mapped IPv4", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "::/0")), tcp("::ffff:10.0.0.1", 80), deniedDef},
		{"::/0 drop spares IPv4", group(normal, rule("drop", 1, "ALL", "-1/-1", "::/0")), ecsIn(tcp("10.0.0.1", 80), "sg-2"), allowedDef},
		{"mapped address is IPv4", group(enterprise, accept1), tcp("::ffff:10.0.0.1", 80), allowedBy(0)},
		{"mapped rule is IPv4", group(enterprise, authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: P("::ffff:10.0.0.0/104")}), tcp("10.0.0.1", 80), allowedBy(0)},
		{"first address past a block", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/24")), tcp("10.0.1.0", 80), deniedDef},
		{"last address of a block", group(enterprise, rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/24")), tcp("10.0.0.255", 80), allowedBy(0)},
		// Defaults by type.
		{"normal allows ECS elsewhere", group(normal), ecsIn(tcp("10.0.0.1", 80), "sg-2"), allowedDef},
		{"normal allows CLB with a warning", group(normal), tcp("10.0.0.1", 80), warnDef},
		{"normal allows unknown kind with a warning", group(normal), authz.Flow{Addr: A("10.0.0.1"), Port: 80, Protocol: authz.ProtocolTCP}, warnDef},
		{"CLB with an explicit rule: no warning", group(normal, accept1), tcp("10.0.0.1", 80), allowedBy(0)},
		{"enterprise denies", group(enterprise), ecsIn(tcp("10.0.0.1", 80), "sg-2"), deniedDef},
		{"no type denies", group(0), ecsIn(tcp("10.0.0.1", 80), "sg-2"), deniedDef},
		// The internal access policy, for ECS backends in the same group.
		{"enterprise members do not reach each other", group(enterprise), ecsIn(tcp("10.0.0.1", 80), "sg-1"), deniedIn},
		{"no type with inner accept", authz.SecurityGroup{ID: "sg-1", InnerAccessPolicy: authz.PolicyAccept}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), allowedIn},
		{"normal members reach each other", group(normal), ecsIn(tcp("10.0.0.1", 80), "sg-1"), allowedIn},
		{"normal with inner drop", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessPolicy: authz.PolicyDrop}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), deniedIn},
		{"simple form: intra-group", authz.SecurityGroup{ID: "sg-1", IntraGroup: true}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), allowedIn},
		{"simple form: intra-group, address unknown", authz.SecurityGroup{ID: "sg-1", IntraGroup: true, Egress: []netip.Prefix{P("10.0.0.0/8")}}, ecsIn(tcp("", 80), "sg-1"), allowedIn},
		{"simple form: no intra-group", authz.SecurityGroup{ID: "sg-1"}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), deniedIn},
		{"CLB in the group needs a rule", authz.SecurityGroup{ID: "sg-1", IntraGroup: true}, func() authz.Flow { f := tcp("10.0.0.1", 80); f.GroupID = "sg-1"; return f }(), deniedDef},
		{"inner accept beats a drop rule", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessPolicy: authz.PolicyAccept, Rules: []authz.Rule{drop1}}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), allowedIn},
		{"inner accept beats a prefix list drop", authz.SecurityGroup{ID: "sg-1", Type: normal, Rules: []authz.Rule{rule("drop", 1, "ALL", "-1/-1", "pl-1")}}, ecsIn(tcp("", 80), "sg-1"), allowedIn},
		{"a rule before inner drop", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessPolicy: authz.PolicyDrop, Rules: []authz.Rule{accept1}}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), allowedBy(0)},
		{"a prefix list accept before inner drop", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessPolicy: authz.PolicyDrop, Rules: []authz.Rule{rule("accept", 1, "ALL", "-1/-1", "pl-1")}}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), unverified(0)},
		{"a rule to the own group", authz.SecurityGroup{ID: "sg-1", Rules: []authz.Rule{rule("accept", 1, "TCP", "80/80", "sg-1")}}, ecsIn(tcp("", 80), "sg-1"), allowedBy(0)},
		// Simple-form Egress blocks come after every rule.
		{"egress allows", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("192.168.0.0/16"), P("10.0.0.0/8")}}, tcp("10.0.0.1", 80), want{authz.Allowed, authz.SourceEgress, 1, false}},
		{"a drop at 100 before egress", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("10.0.0.0/8")}, Rules: []authz.Rule{rule("drop", 100, "TCP", "80/80", "10.0.0.0/8")}}, tcp("10.0.0.1", 80), deniedBy(0)},
		// Prefix lists and destination groups cannot be decided.
		{"prefix list accept before a matching drop", group(normal, rule("accept", 5, "TCP", "80/80", "pl-1"), rule("drop", 10, "ALL", "-1/-1", "10.0.0.0/8")), tcp("10.0.0.1", 80), unverified(0)},
		{"matching accept before a prefix list drop", group(enterprise, accept1, rule("drop", 5, "TCP", "80/80", "pl-1")), tcp("10.0.0.1", 80), allowedBy(0)},
		{"prefix list drop, then default deny", group(enterprise, rule("drop", 5, "TCP", "80/80", "pl-1")), tcp("10.0.0.1", 80), deniedDef},
		{"prefix list accept, then default deny", group(enterprise, rule("accept", 5, "TCP", "80/80", "pl-1")), tcp("10.0.0.1", 80), unverified(0)},
		{"prefix list on another port", group(enterprise, rule("accept", 5, "TCP", "81/81", "pl-1")), tcp("10.0.0.1", 80), deniedDef},
		{"prefix list drop, then default allow", group(normal, rule("drop", 5, "ALL", "-1/-1", "pl-1")), ecsIn(tcp("10.0.0.1", 80), "sg-2"), unverified(0)},
		{"prefix list drop at equal priority beats accept", group(enterprise, accept1, rule("drop", 1, "TCP", "80/80", "pl-1")), tcp("10.0.0.1", 80), unverified(1)},
		{"destination group, backend in it", group(0, rule("accept", 1, "TCP", "80/80", "sg-2")), ecsIn(tcp("10.0.0.1", 80), "sg-2"), allowedBy(0)},
		{"destination group, backend elsewhere", group(0, rule("accept", 1, "TCP", "80/80", "sg-2")), ecsIn(tcp("10.0.0.1", 80), "sg-3"), unverified(0)},
		{"destination group, backend's group unknown", group(0, rule("accept", 1, "TCP", "80/80", "sg-2")), tcp("10.0.0.1", 80), unverified(0)},
		{"destination group drop, backend in it", group(normal, rule("drop", 1, "TCP", "80/80", "sg-2")), ecsIn(tcp("10.0.0.1", 80), "sg-2"), deniedBy(0)},
		// A rule that applies only to some sources (Partial) cannot be
		// decided either.
		{"partial accept, then default deny", group(enterprise, partial(accept1)), tcp("10.0.0.1", 80), unverified(0)},
		{"partial drop before a matching accept", group(enterprise, partial(drop1), rule("accept", 2, "ALL", "-1/-1", "10.0.0.0/8")), tcp("10.0.0.1", 80), unverified(0)},
		{"partial drop, then default allow", group(normal, partial(drop1)), ecsIn(tcp("10.0.0.1", 80), "sg-2"), unverified(0)},
		{"matching accept before a partial drop", group(enterprise, accept1, partial(rule("drop", 2, "ALL", "-1/-1", "10.0.0.0/8"))), tcp("10.0.0.1", 80), allowedBy(0)},
		{"partial accept after a matching drop", group(normal, drop1, partial(rule("accept", 2, "ALL", "-1/-1", "10.0.0.0/8"))), tcp("10.0.0.1", 80), deniedBy(0)},
		{"partial rule on another port", group(enterprise, partial(rule("accept", 1, "TCP", "81/81", "10.0.0.0/8"))), tcp("10.0.0.1", 80), deniedDef},
		{"partial accept on an unknown address", group(enterprise, partial(accept1)), tcp("", 80), unverified(0)},
		// An internal access policy that is not known.
		{"inner unknown, normal: not accept", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessUnknown: true}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), want{authz.Unverified, authz.SourceInnerPolicy, -1, false}},
		{"inner unknown, a rule allows", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessUnknown: true, Rules: []authz.Rule{accept1}}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), allowedBy(0)},
		{"inner unknown, a rule drops", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessUnknown: true, Rules: []authz.Rule{drop1}}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), want{authz.Unverified, authz.SourceInnerPolicy, -1, false}},
		{"inner unknown, enterprise: drop", authz.SecurityGroup{ID: "sg-1", Type: enterprise, InnerAccessUnknown: true}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), deniedIn},
		{"inner unknown, backend elsewhere", authz.SecurityGroup{ID: "sg-1", Type: normal, InnerAccessUnknown: true}, ecsIn(tcp("10.0.0.1", 80), "sg-2"), allowedDef},
		// An unknown address.
		{"unknown address, CIDR accept", group(enterprise, accept1), tcp("", 80), unverified(0)},
		{"unknown address, only accepts, normal", group(normal, accept1), ecsIn(tcp("", 80), "sg-2"), allowedDef},
		{"unknown address, only drops, enterprise", group(enterprise, drop1), tcp("", 80), deniedDef},
		{"unknown address, egress", authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("10.0.0.0/8")}}, tcp("", 80), want{authz.Unverified, authz.SourceEgress, 0, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.sg.Validate(); err != nil {
				t.Fatalf("invalid group in the table: %v", err)
			}
			got, err := authz.Decide(tc.sg, tc.f)
			if err != nil {
				t.Fatalf("Decide() error %v", err)
			}
			g := want{got.Outcome, got.Source, got.Index, got.NeedsRule}
			if g != tc.want {
				t.Errorf("Decide() = %+v (%v), want %+v", g, got, tc.want)
			}
			if tc.want.source == authz.SourceRule && got.Rule != tc.sg.Rules[tc.want.index] {
				t.Errorf("Verdict.Rule = %v, want rules[%d] %v", got.Rule, tc.want.index, tc.sg.Rules[tc.want.index])
			}
			if ref := reference(tc.sg, tc.f); ref != g {
				t.Errorf("reference = %+v, want %+v", ref, g)
			}
		})
	}
}

func TestVerdictString(t *testing.T) {
	for _, tc := range []struct {
		sg   authz.SecurityGroup
		f    authz.Flow
		want string
	}{
		{group(authz.GroupNormal, rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/8"), rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/8"), rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/8"), rule("drop", 1, "ALL", "-1/-1", "10.0.0.0/8")), tcp("10.0.0.1", 80), "denied by rule 3 (drop, priority 1, 10.0.0.0/8)"},
		{group(authz.GroupEnterprise, rule("accept", 2, "TCP", "80/80", "10.0.0.0/8")), tcp("10.0.0.1", 80), "allowed by rule 0 (accept, priority 2, TCP 80/80, 10.0.0.0/8)"},
		{group(authz.GroupEnterprise), tcp("10.0.0.1", 80), "denied by default (enterprise group)"},
		{group(0), tcp("10.0.0.1", 80), "denied by default (group without a type)"},
		{group(authz.GroupNormal), tcp("10.0.0.1", 80), "allowed by default (normal group), but a CLB backend needs an explicit outbound rule"},
		{group(authz.GroupEnterprise), ecsIn(tcp("10.0.0.1", 80), "sg-1"), "denied by the internal access policy (drop)"},
		{authz.SecurityGroup{ID: "sg-1", Egress: []netip.Prefix{P("10.0.0.0/8")}}, tcp("10.0.0.1", 80), "allowed by egress 0 (10.0.0.0/8)"},
		{group(authz.GroupEnterprise, rule("accept", 5, "TCP", "80/80", "pl-1")), tcp("10.0.0.1", 80), "unverified: rule 0 (accept, priority 5, TCP 80/80, prefix list pl-1) may match, and its entries are not given"},
		{group(0, rule("accept", 5, "TCP", "80/80", "sg-2")), tcp("10.0.0.1", 80), "unverified: rule 0 (accept, priority 5, TCP 80/80, group sg-2) may match, and the addresses of that group's members are not given"},
		{group(authz.GroupEnterprise, rule("accept", 5, "TCP", "80/80", "10.0.0.0/8")), tcp("", 80), "unverified: rule 0 (accept, priority 5, TCP 80/80, 10.0.0.0/8) may match, and the backend's address is not known"},
		{group(authz.GroupEnterprise, partial(rule("accept", 5, "TCP", "80/80", "10.0.0.0/8"))), tcp("10.0.0.1", 80), "unverified: rule 0 (accept, priority 5, TCP 80/80, 10.0.0.0/8) may match: it applies only to sources in 10.9.0.0/24"},
		{authz.SecurityGroup{ID: "sg-1", Type: authz.GroupNormal, InnerAccessUnknown: true}, ecsIn(tcp("10.0.0.1", 80), "sg-1"), "unverified: the internal access policy decides, and it is not known"},
	} {
		v, err := authz.Decide(tc.sg, tc.f)
		if err != nil || v.String() != tc.want {
			t.Errorf("Decide() = %q, %v; want %q", v, err, tc.want)
		}
	}
}

func TestDecideErrors(t *testing.T) {
	sg := group(authz.GroupNormal)
	for _, f := range []authz.Flow{
		{Addr: A("10.0.0.1"), Port: 80},
		{Addr: A("10.0.0.1"), Port: 80, Protocol: authz.ProtocolAll},
		{Addr: A("10.0.0.1"), Port: 80, Protocol: 9},
		{Addr: A("fe80::1%eth0"), Port: 80, Protocol: authz.ProtocolTCP},
	} {
		if v, err := authz.Decide(sg, f); !errors.Is(err, authz.ErrInvalidFlow) || v.Outcome != authz.Unverified {
			t.Errorf("Decide(%+v) = %v, %v; want ErrInvalidFlow", f, v, err)
		}
	}
	if _, err := authz.Decide(authz.SecurityGroup{ID: "sg-1", Rules: []authz.Rule{{}}}, tcp("10.0.0.1", 80)); !errors.Is(err, authz.ErrInvalidSecurityGroup) {
		t.Errorf("Decide(invalid group) = %v, want ErrInvalidSecurityGroup", err)
	}
	var nilChecker *authz.EgressChecker
	if _, err := nilChecker.Decide(tcp("10.0.0.1", 80)); !errors.Is(err, authz.ErrInvalidSecurityGroup) {
		t.Errorf("nil EgressChecker: %v, want ErrInvalidSecurityGroup", err)
	}
	if err := nilChecker.Check(auth("a", "10.0.0.1")); !errors.Is(err, authz.ErrInvalidSecurityGroup) {
		t.Errorf("nil EgressChecker Check: %v, want ErrInvalidSecurityGroup", err)
	}
}

func TestCheckEgressErrors(t *testing.T) {
	clb := auth("lb", "10.0.1.9")
	clb.Backend = authz.CLB
	unknown := auth("lb", "lb-1")
	unknown.Backend = authz.CLB
	drop := rule("drop", 1, "ALL", "-1/-1", "10.0.0.0/8")
	for _, tc := range []struct {
		name    string
		sg      authz.SecurityGroup
		a       authz.Authorization
		is, not []error
		msg     string
	}{
		{"denied by a rule", group(authz.GroupNormal, rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/8"), drop), clb,
			[]error{authz.ErrEgressDenied}, []error{authz.ErrEgressUnverified, authz.ErrImplicitEgress},
			`authorization "lb": security group "sg-1" denies 10.0.1.9 port 8080 (CLB backend): denied by rule 1 (drop, priority 1, 10.0.0.0/8)`},
		{"denied by the simple form", authz.SecurityGroup{ID: "sg-1"}, clb,
			[]error{authz.ErrEgressDenied}, []error{authz.ErrEgressUnverified},
			`authorization "lb": security group "sg-1" has no outbound rule that allows 10.0.1.9 (CLB backend)`},
		{"implicit allow", group(authz.GroupNormal), clb,
			[]error{authz.ErrImplicitEgress}, []error{authz.ErrEgressDenied, authz.ErrEgressUnverified},
			`authorization "lb": security group "sg-1" allows 10.0.1.9 port 8080 (CLB backend) only by its default (normal group): a CLB backend needs an explicit outbound rule`},
		{"implicit allow, kind unknown", group(authz.GroupNormal), func() authz.Authorization { a := clb; a.Backend = 0; return a }(),
			[]error{authz.ErrImplicitEgress}, []error{authz.ErrEgressDenied, authz.ErrEgressUnverified},
			`authorization "lb": security group "sg-1" allows 10.0.1.9 port 8080 (unknown backend) only by its default (normal group): the backend's kind is not known, and a CLB backend needs an explicit outbound rule`},
		{"unknown address", group(authz.GroupEnterprise, rule("accept", 1, "ALL", "-1/-1", "10.0.0.0/8")), unknown,
			[]error{authz.ErrEgressUnverified, authz.ErrUnknownAddr}, []error{authz.ErrEgressDenied},
			`authorization "lb": security group "sg-1" may or may not allow its backend port 8080 (CLB backend): unverified: rule 0 (accept, priority 1, 10.0.0.0/8) may match, and the backend's address is not known`},
		{"prefix list", group(authz.GroupEnterprise, rule("accept", 1, "ALL", "-1/-1", "pl-9")), clb,
			[]error{authz.ErrEgressUnverified}, []error{authz.ErrEgressDenied, authz.ErrUnknownAddr},
			`authorization "lb": security group "sg-1" may or may not allow 10.0.1.9 port 8080 (CLB backend): unverified: rule 0 (accept, priority 1, prefix list pl-9) may match, and its entries are not given`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := authz.CheckEgress(tc.sg, tc.a)
			c, cerr := authz.NewEgressChecker(tc.sg)
			if cerr != nil {
				t.Fatal(cerr)
			}
			again := c.Check(tc.a)
			for _, e := range []error{err, again} {
				for _, w := range tc.is {
					if !errors.Is(e, w) {
						t.Errorf("got %v, want it to match %v", e, w)
					}
				}
				for _, w := range tc.not {
					if errors.Is(e, w) {
						t.Errorf("got %v, want it not to match %v", e, w)
					}
				}
				var ee *authz.EgressError
				if !errors.As(e, &ee) || ee.SecurityGroup != "sg-1" || ee.Authorization != "lb" {
					t.Fatalf("got %#v, want an *EgressError", e)
				}
				if e.Error() != tc.msg {
					t.Errorf("message\n got %s\nwant %s", e, tc.msg)
				}
			}
		})
	}
}

// reference decides f by brute force: every rule and Egress block sorted
// by (priority, drop first, index), Egress last; each one's match is yes,
// no or unknown; every assignment of the unknowns is tried, and the verdict
// is decided only when all agree. It returns the decided outcome with the
// first certain match (or the default), or Unverified with the first
// unknown entry of the other policy.
func reference(sg authz.SecurityGroup, f authz.Flow) want {
	if sg.InnerAccessUnknown && sg.Type != authz.GroupEnterprise && f.Backend == authz.ECS && f.GroupID == sg.ID {
		// Decided only when both policies agree: a drop policy is decided
		// by the rules, and an accept one allows.
		known := sg
		known.InnerAccessUnknown, known.InnerAccessPolicy = false, authz.PolicyDrop
		if w := reference(known, f); w.outcome != authz.Denied {
			return w
		}
		return want{authz.Unverified, authz.SourceInnerPolicy, -1, false}
	}
	type ent struct {
		r      authz.Rule
		source authz.Source
		index  int
	}
	var ents []ent
	for i, r := range sg.Rules {
		ents = append(ents, ent{r, authz.SourceRule, i})
	}
	slices.SortStableFunc(ents, func(a, b ent) int {
		if c := cmp.Compare(a.r.Priority, b.r.Priority); c != 0 {
			return c
		}
		isAccept := func(e ent) int {
			if e.r.Policy == authz.PolicyAccept {
				return 1
			}
			return 0
		}
		return cmp.Compare(isAccept(a), isAccept(b)) // drop first
	})
	for i, p := range sg.Egress {
		r := authz.Rule{Policy: authz.PolicyAccept, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: p}
		ents = append(ents, ent{r, authz.SourceEgress, i})
	}
	addr := f.Addr.Unmap()
	const no, yes, unknown = 0, 1, 2
	match := func(r authz.Rule) int {
		if r.Protocol != authz.ProtocolAll && r.Protocol != f.Protocol {
			return no
		}
		if (f.Protocol == authz.ProtocolTCP || f.Protocol == authz.ProtocolUDP) && (f.Port < r.Ports.From || f.Port > r.Ports.To) {
			return no
		}
		switch {
		case r.Partial != "":
			return unknown
		case r.DestPrefixListID != "":
			return unknown
		case r.DestGroupID != "":
			if r.DestGroupID == f.GroupID {
				return yes
			}
			return unknown
		case !addr.IsValid():
			return unknown
		}
		for _, p := range []netip.Prefix{r.DestCIDR, r.IPv6DestCIDR} {
			if !p.IsValid() {
				continue
			}
			p = p.Masked()
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			if p.Addr().Is4() == addr.Is4() && p.Contains(addr) {
				return yes
			}
		}
		return no
	}
	def, defSource, needs := authz.PolicyDrop, authz.SourceDefault, false
	switch {
	case f.Backend == authz.ECS && f.GroupID == sg.ID:
		if sg.InnerAccessPolicy == authz.PolicyAccept || sg.InnerAccessPolicy == 0 && (sg.IntraGroup || sg.Type == authz.GroupNormal) {
			return allowedIn // before every rule
		}
		defSource = authz.SourceInnerPolicy
	case sg.Type == authz.GroupNormal:
		def, needs = authz.PolicyAccept, f.Backend != authz.ECS
	}
	outcome := func(p authz.Policy) authz.Outcome {
		if p == authz.PolicyAccept {
			return authz.Allowed
		}
		return authz.Denied
	}
	// The decided verdict: the first certain match, or the default.
	decided := want{outcome(def), defSource, -1, needs && def == authz.PolicyAccept}
	var unknowns []int
	for i, e := range ents {
		m := match(e.r)
		if m == yes {
			decided = want{outcome(e.r.Policy), e.source, e.index, false}
			break
		}
		if m == unknown {
			unknowns = append(unknowns, i)
		}
	}
	if len(unknowns) > 16 {
		panic("too many unknowns for the brute-force reference")
	}
	// Every assignment of the unknowns before the decider.
	for mask := 0; mask < 1<<len(unknowns); mask++ {
		got := decided.outcome
		for bit, i := range unknowns {
			if mask&(1<<bit) != 0 {
				got = outcome(ents[i].r.Policy)
				break
			}
		}
		if got != decided.outcome {
			for _, i := range unknowns {
				if outcome(ents[i].r.Policy) != decided.outcome {
					return want{authz.Unverified, ents[i].source, ents[i].index, false}
				}
			}
		}
	}
	return decided
}

// randomGroup returns a valid group of up to n rules over a small universe
// of addresses, ports, priorities and groups, so that rules overlap.
func randomGroup(r *rand.Rand, n int) authz.SecurityGroup {
	sg := authz.SecurityGroup{ID: "sg-1", Type: authz.GroupType(r.IntN(3))}
	switch r.IntN(5) {
	case 0:
		sg.InnerAccessPolicy = authz.Policy(1 + r.IntN(2))
	case 1:
		sg.IntraGroup = true
	case 2:
		sg.InnerAccessUnknown = true
	}
	if sg.Type == authz.GroupEnterprise {
		sg.IntraGroup = false
		if sg.InnerAccessPolicy == authz.PolicyAccept {
			sg.InnerAccessPolicy = authz.PolicyDrop
		}
	}
	for range r.IntN(n + 1) {
		sg.Rules = append(sg.Rules, randomRule(r))
	}
	for range r.IntN(3) {
		sg.Egress = append(sg.Egress, randomPrefix(r))
	}
	for i, ru := range sg.Rules {
		if sg.Type == authz.GroupEnterprise && ru.DestGroupID != "" {
			sg.Rules[i].DestGroupID, sg.Rules[i].DestPrefixListID = "", "pl-1"
		}
	}
	return sg
}

var ports = []uint16{1, 2, 79, 80, 81, 443, 1024, 1025, 65534, 65535}

func randomRule(r *rand.Rand) authz.Rule {
	ru := authz.Rule{Policy: authz.Policy(1 + r.IntN(2)), Priority: 1 + r.IntN(4), Protocol: authz.Protocol(1 + r.IntN(6)), Ports: authz.AllPorts()}
	if ru.Protocol == authz.ProtocolTCP || ru.Protocol == authz.ProtocolUDP {
		a, b := ports[r.IntN(len(ports))], ports[r.IntN(len(ports))]
		ru.Ports = authz.PortRange{From: min(a, b), To: max(a, b)}
	}
	switch k := r.IntN(10); {
	case k < 7:
		p := randomPrefix(r)
		if p.Addr().Is4() {
			ru.DestCIDR = p
			if r.IntN(5) == 0 {
				ru.DestCIDR = netip.PrefixFrom(netip.AddrFrom16(p.Addr().As16()), p.Bits()+96)
			}
		} else {
			ru.IPv6DestCIDR = p
		}
	case k < 9:
		ru.DestGroupID = fmt.Sprintf("sg-%d", 1+r.IntN(3))
	default:
		ru.DestPrefixListID = "pl-1"
	}
	if r.IntN(8) == 0 {
		ru.Partial = "it applies only to some sources"
	}
	return ru
}

// randomAddr returns an address in 10.0.0.0/28 or 2001:db8::/124.
func randomAddr(r *rand.Rand) netip.Addr {
	if r.IntN(2) == 0 {
		return netip.AddrFrom4([4]byte{10, 0, 0, byte(r.IntN(16))})
	}
	b := netip.MustParseAddr("2001:db8::").As16()
	b[15] = byte(r.IntN(16))
	return netip.AddrFrom16(b)
}

func randomPrefix(r *rand.Rand) netip.Prefix {
	a := randomAddr(r)
	bits := a.BitLen() - r.IntN(6)
	if r.IntN(8) == 0 {
		bits = r.IntN(a.BitLen() + 1)
	}
	p, _ := a.Prefix(bits)
	return p
}

func randomFlow(r *rand.Rand) authz.Flow {
	f := authz.Flow{Port: ports[r.IntN(len(ports))], Protocol: authz.Protocol(1 + r.IntN(5)), Backend: authz.BackendKind(r.IntN(3))}
	switch k := r.IntN(10); {
	case k == 0: // unknown
	case k == 1:
		f.Addr = netip.AddrFrom16(randomAddr(r).Unmap().As16()) // mapped, or IPv6
	default:
		f.Addr = randomAddr(r)
	}
	if k := r.IntN(4); k > 0 {
		f.GroupID = fmt.Sprintf("sg-%d", k)
	}
	return f
}

// TestDecideAgainstReference checks the prepared form against the
// brute-force reference on seeded random groups and flows.
func TestDecideAgainstReference(t *testing.T) {
	groups, flows := 1000, 40
	if testing.Short() {
		groups = 300
	}
	r := rand.New(rand.NewPCG(11, 12))
	for g := range groups {
		sg := randomGroup(r, 12)
		c, err := authz.NewEgressChecker(sg)
		if err != nil {
			t.Fatalf("group %d: %v\n%+v", g, err, sg)
		}
		for range flows {
			f := randomFlow(r)
			v, err := c.Decide(f)
			if err != nil {
				t.Fatal(err)
			}
			got := want{v.Outcome, v.Source, v.Index, v.NeedsRule}
			if ref := reference(sg, f); got != ref {
				t.Fatalf("group %d flow %+v:\n got %+v (%v)\nwant %+v\ngroup %+v", g, f, got, v, ref, sg)
			}
		}
	}
}

// TestDecideHostile pins the cost on many rules that share one prefix and
// differ in ports: decisions stay correct, and building stays fast.
func TestDecideHostile(t *testing.T) {
	sg := authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise}
	for i := range 5000 {
		port := uint16(1 + i)
		sg.Rules = append(sg.Rules, authz.Rule{Policy: authz.Policy(1 + i%2), Priority: 1 + i%100, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: port, To: 65535}, DestCIDR: P("0.0.0.0/0")})
	}
	c, err := authz.NewEgressChecker(sg)
	if err != nil {
		t.Fatal(err)
	}
	for _, port := range []uint16{1, 2, 500, 4999, 5000, 5001, 65535} {
		v, _ := c.Decide(tcp("10.0.0.1", port))
		if ref := reference(sg, tcp("10.0.0.1", port)); (want{v.Outcome, v.Source, v.Index, v.NeedsRule}) != ref {
			t.Errorf("port %d: got %v, want %+v", port, v, ref)
		}
	}
}

func TestEgressCheckerDoesNotAllocate(t *testing.T) {
	sg := authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise}
	for i := range 200 {
		sg.Rules = append(sg.Rules, rule("drop", 1+i%100, "TCP", "1/65535", fmt.Sprintf("10.%d.0.0/16", i)))
	}
	sg.Rules = append(sg.Rules, rule("accept", 1, "TCP", "8080/8080", "192.168.0.0/16"), rule("accept", 2, "ALL", "-1/-1", "2001:db8::/32"))
	c, err := authz.NewEgressChecker(sg)
	if err != nil {
		t.Fatal(err)
	}
	a, b := auth("a", "192.168.1.1"), auth("b", "2001:db8::1")
	if n := testing.AllocsPerRun(100, func() {
		if c.Check(a) != nil || c.Check(b) != nil {
			panic("not allowed")
		}
		if v, _ := c.Decide(tcp("10.3.0.1", 80)); v.Outcome != authz.Denied {
			panic("not denied")
		}
	}); n != 0 {
		t.Errorf("EgressChecker allocates %.1f times per allowed check, want 0", n)
	}
}

func TestCheckEgressReportsBoth(t *testing.T) {
	err := authz.CheckEgress(authz.SecurityGroup{Egress: []netip.Prefix{P("10.0.0.1/8")}}, auth("", "10.1"))
	var got []string
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		got = append(got, string(p))
	}
	if want := []string{"name", "instanceId", "id", "egress[0]"}; !slices.Equal(got, want) {
		t.Errorf("CheckEgress(invalid, invalid) problems at %v, want %v: %v", got, want, err)
	}
}

func TestEgressCheckerKeepsNothing(t *testing.T) {
	sg := authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise, Egress: []netip.Prefix{P("192.168.0.0/16")},
		Rules: []authz.Rule{rule("accept", 5, "TCP", "80/80", "10.0.0.0/8"), rule("drop", 1, "ALL", "-1/-1", "10.9.0.0/16")}}
	orig := authz.SecurityGroup{ID: sg.ID, Type: sg.Type, Egress: slices.Clone(sg.Egress), Rules: slices.Clone(sg.Rules)}
	c, err := authz.NewEgressChecker(sg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := authz.Decide(sg, tcp("10.0.0.1", 80)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sg.Rules, orig.Rules) || !slices.Equal(sg.Egress, orig.Egress) {
		t.Fatalf("NewEgressChecker or Decide changed the group: %+v, want %+v", sg, orig)
	}
	sg.Rules[0].Policy, sg.Rules[1].DestCIDR, sg.Egress[0] = authz.PolicyDrop, P("0.0.0.0/0"), P("0.0.0.0/0")
	for _, tc := range []struct {
		f    authz.Flow
		want authz.Outcome
	}{{tcp("10.0.0.1", 80), authz.Allowed}, {tcp("10.9.0.1", 80), authz.Denied}, {tcp("192.168.0.1", 80), authz.Allowed}, {tcp("8.8.8.8", 80), authz.Denied}} {
		if v, _ := c.Decide(tc.f); v.Outcome != tc.want {
			t.Errorf("after the caller changed its group, Decide(%v) = %v, want %v", tc.f.Addr, v, tc.want)
		}
	}
	v, _ := c.Decide(tcp("10.0.0.1", 80))
	v.Rule.DestCIDR = P("0.0.0.0/0")
	if again, _ := c.Decide(tcp("10.0.0.1", 80)); again.Rule.DestCIDR != P("10.0.0.0/8") {
		t.Errorf("a Verdict aliases the checker: %v", again)
	}
}

func TestEgressCheckerConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	sg := randomGroup(r, 40)
	c, err := authz.NewEgressChecker(sg)
	if err != nil {
		t.Fatal(err)
	}
	flows := make([]authz.Flow, 64)
	wants := make([]want, len(flows))
	for i := range flows {
		flows[i] = randomFlow(r)
		wants[i] = reference(sg, flows[i])
	}
	done := make(chan string)
	for g := range 8 {
		go func() {
			msg := ""
			for i := range flows {
				j := (i + g*7) % len(flows)
				v, _ := c.Decide(flows[j])
				if got := (want{v.Outcome, v.Source, v.Index, v.NeedsRule}); got != wants[j] {
					msg = fmt.Sprintf("flow %+v: got %+v, want %+v", flows[j], got, wants[j])
				}
			}
			done <- msg
		}()
	}
	for range 8 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

func TestAuthorizationFlow(t *testing.T) {
	a := auth("a", "::ffff:10.0.0.5")
	a.Backend, a.SecurityGroupID = authz.ECS, "sg-2"
	f, err := a.Flow()
	if want := (authz.Flow{Addr: A("10.0.0.5"), Port: 8080, Protocol: authz.ProtocolTCP, Backend: authz.ECS, GroupID: "sg-2"}); err != nil || f != want {
		t.Errorf("Flow() = %+v, %v; want %+v", f, err, want)
	}
	if f, err := auth("a", "i-1").Flow(); err != nil || f.Addr.IsValid() {
		t.Errorf("Flow() of an ECS ID = %+v, %v; want an unknown address", f, err)
	}
	if _, err := auth("a", " 10.0.0.5").Flow(); !errors.Is(err, authz.ErrInvalidAuthorization) {
		t.Errorf("Flow() of an invalid authorization: %v", err)
	}
}

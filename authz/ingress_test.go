package authz_test

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
)

func set(t *testing.T, ps ...string) cidr.Set {
	t.Helper()
	var pp []netip.Prefix
	for _, p := range ps {
		pp = append(pp, cidr.MustParsePrefix(p))
	}
	s, err := cidr.NewSet(pp...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAdmit pins the inbound evaluation of issue 23 item 2: priorities,
// drop winning ties, partial admission, the intra-group default, IPv4 and
// IPv6 apart, a prefix list leaving the rest open, and the default refusal.
func TestAdmit(t *testing.T) {
	tcp := func(pol authz.Policy, prio int, ports authz.PortRange, src string) authz.IngressRule {
		r := authz.IngressRule{Policy: pol, Priority: prio, Protocol: authz.ProtocolTCP, Ports: ports}
		switch {
		case len(src) > 3 && src[:3] == "sg-":
			r.SourceGroupID = src
		case len(src) > 3 && src[:3] == "pl-":
			r.SourcePrefixListID = src
		default:
			p := netip.MustParsePrefix(src)
			if p.Addr().Is4() || p.Addr().Is4In6() {
				r.SourceCIDR = p
			} else {
				r.IPv6SourceCIDR = p
			}
		}
		return r
	}
	partial := func(r authz.IngressRule) authz.IngressRule {
		r.Partial = "it stands for a rule not known"
		return r
	}
	const A, D = authz.PolicyAccept, authz.PolicyDrop
	p80 := authz.PortRange{From: 80, To: 80}
	all := authz.AllPorts()
	for _, tc := range []struct {
		name              string
		sg                authz.SecurityGroup
		src               string
		admitted, refused []string
		rule              int
		open              bool
	}{
		{"accept covers the block", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "10.0.0.0/16")}}}, "sg-gw",
			[]string{"10.0.1.0/24"}, nil, -1, false},
		{"no rule: refused by default", authz.SecurityGroup{ID: "sg-b", Type: authz.GroupNormal, Inbound: &authz.Inbound{}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, -1, false},
		{"another port", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, authz.PortRange{From: 81, To: 90}, "10.0.0.0/16")}}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, -1, false},
		{"drop wins a tie", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 5, p80, "10.0.0.0/16"), tcp(D, 5, all, "10.0.1.0/24")}}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, 1, false},
		{"a smaller priority first", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(D, 5, all, "10.0.1.0/24"), tcp(A, 4, p80, "10.0.0.0/16")}}}, "sg-gw",
			[]string{"10.0.1.0/24"}, nil, -1, false},
		{"part admitted", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "10.0.1.0/25")}}}, "sg-gw",
			[]string{"10.0.1.0/25"}, []string{"10.0.1.128/25"}, -1, false},
		{"IPv6 never matches IPv4", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "::/0")}}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, -1, false},
		{"mapped source", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "::ffff:10.0.0.0/112")}}}, "sg-gw",
			[]string{"10.0.1.0/24"}, nil, -1, false},
		{"source group: the interfaces' group", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "sg-gw")}}}, "sg-gw",
			[]string{"10.0.1.0/24"}, nil, -1, false},
		{"source group: another", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "sg-x")}}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, -1, false},
		{"intra-group, basic", authz.SecurityGroup{ID: "sg-gw", Type: authz.GroupNormal, InnerAccessPolicy: A, Inbound: &authz.Inbound{}}, "sg-gw",
			[]string{"10.0.1.0/24"}, nil, -1, false},
		{"intra-group, a drop rule first", authz.SecurityGroup{ID: "sg-gw", Type: authz.GroupNormal, Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(D, 1, p80, "10.0.1.0/26")}}}, "sg-gw",
			[]string{"10.0.1.64/26", "10.0.1.128/25"}, []string{"10.0.1.0/26"}, 0, false},
		{"intra-group, isolated", authz.SecurityGroup{ID: "sg-gw", Type: authz.GroupNormal, InnerAccessPolicy: D, Inbound: &authz.Inbound{}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, -1, false},
		{"intra-group, enterprise", authz.SecurityGroup{ID: "sg-gw", Type: authz.GroupEnterprise, InnerAccessPolicy: A, Inbound: &authz.Inbound{}}, "sg-gw",
			nil, []string{"10.0.1.0/24"}, -1, false},
		{"intra-group, policy unknown", authz.SecurityGroup{ID: "sg-gw", InnerAccessUnknown: true, Inbound: &authz.Inbound{}}, "sg-gw",
			nil, nil, -1, true},
		{"a prefix list first", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "pl-1")}}}, "sg-gw",
			nil, nil, -1, true},
		{"rules not given", authz.SecurityGroup{ID: "sg-b"}, "sg-gw", nil, nil, -1, true},
		// A rule that may match only part of what it says, or stands for
		// one not known, decides nothing: what is still undecided when it
		// comes is open, whatever its source.
		{"a partial rule first", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{partial(tcp(D, 1, p80, "192.168.0.0/16")), tcp(A, 2, p80, "10.0.0.0/8")}}}, "sg-gw",
			nil, nil, -1, true},
		{"a partial rule after a decision", authz.SecurityGroup{ID: "sg-b", Inbound: &authz.Inbound{Rules: []authz.IngressRule{tcp(A, 1, p80, "10.0.1.0/25"), partial(tcp(D, 2, p80, "10.0.0.0/8"))}}}, "sg-gw",
			[]string{"10.0.1.0/25"}, nil, -1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.sg.Admit(set(t, "10.0.1.0/24"), 80, tc.src)
			if !a.Admitted.Equal(set(t, tc.admitted...)) || !a.Refused.Equal(set(t, tc.refused...)) || a.Rule != tc.rule || a.Open.IsEmpty() == tc.open {
				t.Errorf("Admit = admitted %v, refused %v (rule %d), open %v (%s); want %v, %v (rule %d), open %v", a.Admitted, a.Refused, a.Rule, a.Open, a.Why, tc.admitted, tc.refused, tc.rule, tc.open)
			}
		})
	}
}

// TestInboundValidate: each bad rule is a problem at its field.
func TestInboundValidate(t *testing.T) {
	good := authz.IngressRule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, SourceCIDR: cidr.MustParsePrefix("10.0.0.0/8")}
	if err := (authz.Inbound{Rules: []authz.IngressRule{good}}).Validate(); err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]authz.IngressRule{
		"no policy":    {Priority: 1, Protocol: authz.ProtocolTCP, Ports: good.Ports, SourceCIDR: good.SourceCIDR},
		"priority 0":   {Policy: authz.PolicyAccept, Protocol: authz.ProtocolTCP, Ports: good.Ports, SourceCIDR: good.SourceCIDR},
		"priority 101": {Policy: authz.PolicyAccept, Priority: 101, Protocol: authz.ProtocolTCP, Ports: good.Ports, SourceCIDR: good.SourceCIDR},
		"TCP on -1/-1": {Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.AllPorts(), SourceCIDR: good.SourceCIDR},
		"no source":    {Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: good.Ports},
		"two sources":  {Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: good.Ports, SourceCIDR: good.SourceCIDR, SourceGroupID: "sg-1"},
		"host bits":    {Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: good.Ports, SourceCIDR: netip.PrefixFrom(netip.MustParseAddr("10.0.0.1"), 8)},
		"IPv6 as IPv4": {Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: good.Ports, SourceCIDR: cidr.MustParsePrefix("fd00::/8")},
		"no protocol":  {Policy: authz.PolicyAccept, Priority: 1, Ports: good.Ports, SourceCIDR: good.SourceCIDR},
	} {
		if err := (authz.Inbound{Rules: []authz.IngressRule{good, r}}).Validate(); !errors.Is(err, authz.ErrInvalidSecurityGroup) {
			t.Errorf("%s: Validate = %v, want ErrInvalidSecurityGroup", name, err)
		}
	}
}

package authz

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"testing"

	"github.com/vpcgate/vpcgate/cidr"
)

// This file keeps ACLEntries.Evaluate and SecurityGroup.Admit as they were
// before they shared firstMatch, word for word, and compares them with the
// code on seeded random rules: the sharing changed no result.

func oldEvaluate(es ACLEntries, peers cidr.Set, port uint16) ACLResult {
	res := ACLResult{Entry: -1}
	rest := peers
	var acc, drop cidr.Set
	firstRefused := netip.Addr{}
	for k, e := range es.Entries {
		if rest.IsEmpty() && !es.Unordered {
			break
		}
		if e.Protocol != ProtocolAll && e.Protocol != ProtocolTCP || !e.Ports.Contains(port) {
			continue
		}
		s, err := cidr.NewSet(cidr.UnmapPrefix(e.CIDR).Masked())
		if err != nil {
			continue
		}
		if es.Unordered {
			m := peers.Intersect(s)
			if e.Policy == PolicyAccept {
				acc = acc.Union(m)
			} else {
				drop = drop.Union(m)
			}
			continue
		}
		m := rest.Intersect(s)
		if m.IsEmpty() {
			continue
		}
		rest = rest.Subtract(m)
		if e.Policy == PolicyAccept {
			res.Admitted = res.Admitted.Union(m)
			continue
		}
		res.Refused = res.Refused.Union(m)
		if lo := m.Prefixes()[0].Addr(); !firstRefused.IsValid() || lo.Less(firstRefused) {
			firstRefused, res.Entry = lo, k
		}
	}
	if es.Unordered {
		res.Open = acc.Intersect(drop)
		res.Admitted = acc.Subtract(drop)
		res.Refused = drop.Subtract(acc)
		rest = peers.Subtract(acc.Union(drop))
		if !res.Refused.IsEmpty() {
			firstRefused = res.Refused.Prefixes()[0].Addr()
			for k, e := range es.Entries {
				if e.Policy == PolicyDrop && (e.Protocol == ProtocolAll || e.Protocol == ProtocolTCP) && e.Ports.Contains(port) && e.CIDR.IsValid() && res.Refused.Contains(firstRefused) && cidr.UnmapPrefix(e.CIDR).Masked().Contains(firstRefused) {
					res.Entry = k
					break
				}
			}
		}
	}
	if rest.IsEmpty() {
		return res
	}
	if lo := rest.Prefixes()[0].Addr(); !firstRefused.IsValid() || lo.Less(firstRefused) {
		res.Entry = -1
	}
	res.Refused = res.Refused.Union(rest)
	return res
}

func oldAdmit(sg SecurityGroup, from cidr.Set, port uint16, src string) Admission {
	a := Admission{Rule: -1}
	if sg.Inbound == nil {
		a.Open, a.Why = from, "the inbound rules of security group "+strconv.Quote(sg.ID)+" are not given"
		return a
	}
	rules := sg.Inbound.Rules
	order := make([]int, len(rules))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(x, y int) int {
		rx, ry := rules[x], rules[y]
		if rx.Priority != ry.Priority {
			return rx.Priority - ry.Priority
		}
		return int(ry.Policy) - int(rx.Policy) // drop (2) before accept (1)
	})
	rest := from
	firstRefused := netip.Addr{}
	for _, k := range order {
		r := rules[k]
		if rest.IsEmpty() {
			break
		}
		if r.Protocol != ProtocolAll && r.Protocol != ProtocolTCP || !r.Ports.Contains(port) && r.Ports != AllPorts() {
			continue
		}
		var m cidr.Set
		switch {
		case r.SourcePrefixListID != "":
			a.Open, a.Why = rest, fmt.Sprintf("inbound rule %d of security group %q has source prefix list %s, whose entries are not known", k, sg.ID, r.SourcePrefixListID)
			return a
		case r.SourceGroupID != "":
			if r.SourceGroupID == src {
				m = rest
			}
		case r.SourceCIDR.IsValid():
			s, err := cidr.NewSet(cidr.UnmapPrefix(r.SourceCIDR).Masked())
			if err != nil {
				continue
			}
			m = rest.Intersect(s)
		}
		if m.IsEmpty() {
			continue
		}
		rest = rest.Subtract(m)
		if r.Policy == PolicyAccept {
			a.Admitted = a.Admitted.Union(m)
			continue
		}
		a.Refused = a.Refused.Union(m)
		if lo := m.Prefixes()[0].Addr(); !firstRefused.IsValid() || lo.Less(firstRefused) {
			firstRefused, a.Rule = lo, k
		}
	}
	if rest.IsEmpty() {
		return a
	}
	switch {
	case src == sg.ID && sg.Type != GroupEnterprise && sg.InnerAccessUnknown:
		a.Open, a.Why = rest, fmt.Sprintf("the internal access policy of security group %q is not known", sg.ID)
		return a
	case src == sg.ID && sg.Type != GroupEnterprise && sg.innerPolicy() == PolicyAccept:
		a.Admitted = a.Admitted.Union(rest)
		return a
	}
	if lo := rest.Prefixes()[0].Addr(); !firstRefused.IsValid() || lo.Less(firstRefused) {
		a.Rule = -1
	}
	a.Refused = a.Refused.Union(rest)
	return a
}

// randomRules draws rules and entries from a few values each, so that
// they overlap, tie and clash often.
type randomRules struct{ r *rand.Rand }

func (g randomRules) prefix() netip.Prefix {
	return []netip.Prefix{
		{}, netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("10.1.2.0/24"),
		netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("::ffff:10.1.0.0/112"), netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("::/0"),
		netip.MustParsePrefix("10.1.2.3/8"), // host bits: Masked by both
	}[g.r.IntN(11)]
}

func (g randomRules) set() cidr.Set {
	var ps []netip.Prefix
	for range g.r.IntN(4) {
		if p := g.prefix(); p.IsValid() {
			ps = append(ps, p.Masked())
		}
	}
	s, err := cidr.NewSet(ps...)
	if err != nil {
		panic(err)
	}
	return s
}

func (g randomRules) policy() Policy { return Policy(g.r.IntN(3)) } // the zero policy too
func (g randomRules) protocol() Protocol {
	return []Protocol{0, ProtocolTCP, ProtocolUDP, ProtocolICMP, ProtocolAll}[g.r.IntN(5)]
}
func (g randomRules) ports() PortRange {
	return []PortRange{AllPorts(), {80, 80}, {1, 79}, {443, 443}, {1, 65535}, {}, {90, 10}}[g.r.IntN(7)]
}
func (g randomRules) port() uint16 { return []uint16{80, 443, 1, 0}[g.r.IntN(4)] }

func (g randomRules) entries() ACLEntries {
	es := ACLEntries{Unordered: g.r.IntN(3) == 0}
	for range g.r.IntN(7) {
		es.Entries = append(es.Entries, ACLEntry{Policy: g.policy(), Protocol: g.protocol(), CIDR: g.prefix(), Ports: g.ports()})
	}
	return es
}

func (g randomRules) group() SecurityGroup {
	sg := SecurityGroup{
		ID: []string{"sg-1", "sg-2"}[g.r.IntN(2)], Type: GroupType(g.r.IntN(3)), InnerAccessPolicy: g.policy(),
		IntraGroup: g.r.IntN(2) == 0, InnerAccessUnknown: g.r.IntN(4) == 0,
	}
	if g.r.IntN(8) == 0 {
		return sg // no inbound rules given
	}
	sg.Inbound = &Inbound{}
	for range g.r.IntN(7) {
		r := IngressRule{Policy: g.policy(), Priority: g.r.IntN(4), Protocol: g.protocol(), Ports: g.ports()}
		switch g.r.IntN(6) {
		case 0:
			r.SourceGroupID = []string{"sg-1", "sg-2"}[g.r.IntN(2)]
		case 1:
			r.SourcePrefixListID = "pl-1"
		case 2:
			r.IPv6SourceCIDR = g.prefix()
		default:
			r.SourceCIDR = g.prefix()
		}
		sg.Inbound.Rules = append(sg.Inbound.Rules, r)
	}
	return sg
}

// TestFirstMatchUnchanged compares Evaluate and Admit with their frozen
// copies on seeded random rules, addresses and ports.
func TestFirstMatchUnchanged(t *testing.T) {
	g := randomRules{rand.New(rand.NewPCG(19, 6))}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		es, from, port := g.entries(), g.set(), g.port()
		if got, want := es.Evaluate(from, port), oldEvaluate(es, from, port); !sameACLResult(got, want) {
			t.Fatalf("%+v.Evaluate(%v, %d) = %+v, before %+v", es, from, port, got, want)
		}
		sg, src := g.group(), []string{"sg-1", "sg-2", ""}[g.r.IntN(3)]
		if got, want := sg.Admit(from, port, src), oldAdmit(sg, from, port, src); !sameAdmission(got, want) {
			t.Fatalf("%+v (inbound %+v).Admit(%v, %d, %q) = %+v, before %+v", sg, sg.Inbound, from, port, src, got, want)
		}
	}
}

func sameACLResult(a, b ACLResult) bool {
	return a.Admitted.Equal(b.Admitted) && a.Refused.Equal(b.Refused) && a.Open.Equal(b.Open) && a.Entry == b.Entry
}

func sameAdmission(a, b Admission) bool {
	return a.Admitted.Equal(b.Admitted) && a.Refused.Equal(b.Refused) && a.Open.Equal(b.Open) && a.Rule == b.Rule && a.Why == b.Why
}

package authz

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

// Inbound holds a security group's inbound rules (DescribeSecurityGroupAttribute's
// Permissions of Direction ingress), as far as a backend's allow-list is
// concerned: whether the group admits the traffic API Gateway sends it.
// A group whose Inbound is nil has no inbound rules given.
type Inbound struct {
	// Rules are the group's inbound rules, in any order.
	Rules []IngressRule `json:"rules"`
}

// IngressRule is one inbound rule: its policy, priority, protocol, the
// destination port range, and one source.
type IngressRule struct {
	// Policy is what the rule does with the traffic it matches.
	Policy Policy `json:"policy"`
	// Priority orders the rules, 1 to 100, smaller first; at equal priority
	// a drop rule wins over an accept rule.
	Priority int `json:"priority"`
	// Protocol is the IP protocol the rule matches; ProtocolAll matches any.
	Protocol Protocol `json:"ipProtocol"`
	// Ports is the destination port range.
	Ports PortRange `json:"portRange"`
	// SourceCIDR is an IPv4 source block (SourceCidrIp).
	SourceCIDR netip.Prefix `json:"sourceCidrIp,omitzero"`
	// IPv6SourceCIDR is an IPv6 source block (Ipv6SourceCidrIp); it never
	// matches an IPv4 address.
	IPv6SourceCIDR netip.Prefix `json:"ipv6SourceCidrIp,omitzero"`
	// SourceGroupID is a source security group (SourceGroupId): the rule
	// matches traffic from its members.
	SourceGroupID string `json:"sourceGroupId,omitempty"`
	// SourcePrefixListID is a source prefix list (SourcePrefixListId),
	// whose entries are not known here.
	SourcePrefixListID string `json:"sourcePrefixListId,omitempty"`
	// Partial, when not empty, says why whether the rule matches is not
	// known, such as "it stands for a rule whose priority is known only
	// after apply": like a prefix list's rule, it leaves what is still
	// undecided when it comes Open, whatever its source.
	Partial string `json:"partial,omitempty"`
}

// Validate reports every problem of in's rules, each a field error at
// "rules[k]" or one of its fields matching [ErrInvalidSecurityGroup]: a
// policy, a priority from 1 to 100, a protocol, a valid port range (not
// "-1/-1" for TCP and UDP), and exactly one source, canonical.
func (in Inbound) Validate() error {
	var l field.List
	bad := func(at field.Path, what string) {
		l.Add(at, fmt.Errorf("%w: %s", ErrInvalidSecurityGroup, what))
	}
	for k, r := range in.Rules {
		at := field.Path("rules").Index(k)
		if r.Policy != PolicyAccept && r.Policy != PolicyDrop {
			bad(at.Child("policy"), "an inbound rule's policy is accept or drop")
		}
		if r.Priority < 1 || r.Priority > 100 {
			bad(at.Child("priority"), "an inbound rule's priority is 1 to 100, not "+strconv.Itoa(r.Priority))
		}
		if r.Protocol == 0 {
			bad(at.Child("ipProtocol"), "an inbound rule has a protocol")
		}
		if !r.Ports.IsValid() || r.Protocol.hasPorts() && r.Ports == AllPorts() {
			bad(at.Child("portRange"), fmt.Sprintf("port range %q", r.Ports))
		}
		n := 0
		for _, p := range []netip.Prefix{r.SourceCIDR, r.IPv6SourceCIDR} {
			if p.IsValid() {
				n++
				if p != p.Masked() {
					bad(at, fmt.Sprintf("source %s has host bits", p))
				}
			}
		}
		if r.SourceCIDR.IsValid() && !cidr.UnmapPrefix(r.SourceCIDR).Addr().Is4() || r.IPv6SourceCIDR.IsValid() && cidr.UnmapPrefix(r.IPv6SourceCIDR).Addr().Is4() {
			bad(at, "sourceCidrIp is IPv4 and ipv6SourceCidrIp IPv6")
		}
		if r.SourceGroupID != "" {
			n++
		}
		if r.SourcePrefixListID != "" {
			n++
		}
		if n != 1 {
			bad(at, "an inbound rule has exactly one source")
		}
	}
	return l.Err()
}

// Admission is what a security group's inbound rules do with TCP traffic
// to one port from a set of source addresses.
type Admission struct {
	// Admitted and Refused are the sources the group admits and refuses.
	Admitted, Refused cidr.Set
	// Rule is the index in Inbound.Rules of the rule that refuses the
	// lowest refused address, or -1 when no rule does (inbound traffic
	// that no rule admits is refused).
	Rule int
	// Open holds the sources not decided: the rules are not given, a rule
	// whose source is a prefix list (SourcePrefixListID), or a Partial
	// one, comes first, or
	// the internal access policy that would decide is not known.
	Open cidr.Set
	// Why says why Open is not decided.
	Why string
}

// Admit evaluates sg's inbound rules (sg.Inbound, which must be given and
// valid) for TCP to port from every address of from, sent by network
// interfaces in security group src, as ECS does: the rules by priority,
// smaller first, a drop rule before an accept rule of the same priority,
// the first that matches an address deciding it. What no rule decides is
// refused, but for traffic from the group itself (src is sg.ID) when the
// group lets its members reach each other (a basic group whose internal
// access policy is accept), a default of the lowest priority; when that
// policy is not known (InnerAccessUnknown) such traffic is Open. An IPv6
// source block never matches an IPv4 address. A rule whose source is a
// group matches all of from when the group is src, none otherwise; one
// whose source is a prefix list, or that is Partial, leaves what is still
// undecided Open.
// Cost: O(r log r) in sg's r inbound rules, plus the set operations.
func (sg SecurityGroup) Admit(from cidr.Set, port uint16, src string) Admission {
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
	f := newFirstMatch(from)
	for _, k := range order {
		r := rules[k]
		if f.rest.IsEmpty() {
			break
		}
		if r.Protocol != ProtocolAll && r.Protocol != ProtocolTCP || !r.Ports.Contains(port) && r.Ports != AllPorts() {
			continue
		}
		switch {
		case r.Partial != "":
			a.Admitted, a.Refused, a.Rule = f.admitted, f.refused, f.rule
			a.Open, a.Why = f.rest, fmt.Sprintf("inbound rule %d of security group %q may match: %s", k, sg.ID, r.Partial)
			return a
		case r.SourcePrefixListID != "":
			a.Admitted, a.Refused, a.Rule = f.admitted, f.refused, f.rule
			a.Open, a.Why = f.rest, fmt.Sprintf("inbound rule %d of security group %q has source prefix list %s, whose entries are not known", k, sg.ID, r.SourcePrefixListID)
			return a
		case r.SourceGroupID != "":
			if r.SourceGroupID == src {
				f.decide(f.rest, k, r.Policy)
			}
		case r.SourceCIDR.IsValid():
			s, err := cidr.NewSet(cidr.UnmapPrefix(r.SourceCIDR).Masked())
			if err != nil {
				continue
			}
			f.decide(f.rest.Intersect(s), k, r.Policy)
		}
	}
	inner := src == sg.ID && sg.Type != GroupEnterprise && !f.rest.IsEmpty()
	switch {
	case inner && sg.InnerAccessUnknown:
		a.Open, a.Why = f.rest, fmt.Sprintf("the internal access policy of security group %q is not known", sg.ID)
	case inner && sg.innerPolicy() == PolicyAccept:
		f.decide(f.rest, -1, PolicyAccept) // a default of the lowest priority, not a rule
	default:
		f.refuseRest()
	}
	a.Admitted, a.Refused, a.Rule = f.admitted, f.refused, f.rule
	return a
}

package remedy

import (
	"fmt"
	"net/netip"
	"strconv"

	"github.com/vpcgate/vpcgate/authz"
)

// MaxGroupRules is the cloud's limit of rules in one security group,
// inbound and outbound together (ECS AuthorizeSecurityGroupEgress: "The
// total number of outbound and inbound rules in each security group cannot
// exceed 200").
const MaxGroupRules = 200

// Undecided remembers, per security group, port and destination group of
// a flow, the drop rule of unknown match that comes first for it: what
// [AcceptRule] works out once for every flow that shares them. The zero
// value is not ready: make it with make(Undecided).
type Undecided map[undecidedKey]int

// undecidedKey is a security group (its index), a port and a flow's
// destination group: what the drop rules of unknown match that come first
// for a flow depend on.
type undecidedKey struct {
	j     int
	port  uint16
	group string
}

// InTheWay is the rule of a security group that no accept rule can come
// before, and whether that is because its match is unknown.
type InTheWay struct {
	// Rule is the rule's index in the group's Rules.
	Rule int
	// Unknown reports that the rule may drop the flow and whether it
	// matches is not known; otherwise it drops the flow at priority 1.
	Unknown bool
}

// AcceptRule returns the accept rule that lets flow out of sg, the
// security group at index j of the plan, which refuses it with verdict v:
// TCP to the flow's port and address alone (a /32 or /128; never a wider
// block, protocol ALL or ports -1/-1), at the largest priority that comes
// before the deciding drop rule (or 100 when the group's default or
// internal access policy decides) and before every drop rule of sg whose
// match is unknown. u caches the latter per group, port and destination
// group.
//
// When no rule can come first, it returns why instead, with the rule in
// the way when one is (at names that rule's place for the message, and is
// called only then).
func AcceptRule(sg *authz.SecurityGroup, j int, v authz.Verdict, flow authz.Flow, u Undecided, at func(rule int) string) (r authz.Rule, way *InTheWay, why string) {
	addr := flow.Addr.Unmap()
	if !addr.IsValid() || flow.Port == 0 || flow.Protocol != authz.ProtocolTCP {
		return authz.Rule{}, nil, "the flow's address or port is not known"
	}
	bound, by := 100, -1 // the largest priority that works, and the rule that limits it
	switch {
	case v.Outcome == authz.Denied && v.Source == authz.SourceRule:
		bound, by = v.Rule.Priority-1, v.Index
	case v.Outcome == authz.Denied && (v.Source == authz.SourceDefault || v.Source == authz.SourceInnerPolicy):
	case v.Outcome == authz.Allowed && v.NeedsRule:
	default:
		return authz.Rule{}, nil, "the verdict is not one an accept rule changes"
	}
	key := undecidedKey{j, flow.Port, flow.GroupID}
	first, ok := u[key]
	if !ok {
		// The drop rule of unknown match that comes first for this flow,
		// worked out once per group, port and destination group.
		first = -1
		for i, r := range sg.Rules {
			unknown := r.Partial != "" || r.DestPrefixListID != "" || r.DestGroupID != "" && r.DestGroupID != flow.GroupID
			if r.Policy == authz.PolicyDrop && unknown && (r.Protocol == authz.ProtocolTCP || r.Protocol == authz.ProtocolAll) && r.Ports.Contains(flow.Port) &&
				(first < 0 || r.Priority < sg.Rules[first].Priority) {
				first = i
			}
		}
		u[key] = first
	}
	unknownBy := -1
	if first >= 0 && sg.Rules[first].Priority-1 < bound {
		bound, by, unknownBy = sg.Rules[first].Priority-1, first, first
	}
	if bound < 1 {
		way = &InTheWay{Rule: by, Unknown: by == unknownBy}
		if way.Unknown {
			return authz.Rule{}, way, fmt.Sprintf("rule %s (%s) may drop the traffic at priority %d, and whether it matches is not known, so no accept rule can be shown to come first: change that rule", at(by), sg.Rules[by], sg.Rules[by].Priority)
		}
		return authz.Rule{}, way, fmt.Sprintf("rule %s (%s) drops the traffic at priority 1, the highest, and no rule can outrank it: change that rule (narrow its destination, protocol or ports)", at(by), sg.Rules[by])
	}
	r = authz.Rule{Policy: authz.PolicyAccept, Priority: bound, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: flow.Port, To: flow.Port}}
	if addr.Is4() {
		r.DestCIDR = netip.PrefixFrom(addr, 32)
	} else {
		r.IPv6DestCIDR = netip.PrefixFrom(addr, 128)
	}
	return r, nil, ""
}

// GroupRule is a rule to add to the security group at index Group of the
// plan.
type GroupRule struct {
	// Group is the group's index in the plan's security groups.
	Group int
	// Rule is the rule to add.
	Rule authz.Rule
}

// Limits counts the rules of each security group, those the plan gives
// and those remedies add, each added rule once however many remedies add
// it, against [MaxGroupRules]. The zero value counts nothing yet.
type Limits struct {
	count map[int]int     // rules of each group, with those added
	added map[string]bool // rules added: group index and rule
}

// Add adds the rules of one remedy to groups (the plan's security groups,
// indexed by GroupRule.Group), unless a group would then hold more than
// MaxGroupRules rules, inbound and outbound together: then it adds none
// and returns that group's index and why.
func (l *Limits) Add(rules []GroupRule, groups []authz.SecurityGroup) (over int, why string) {
	if l.count == nil {
		l.count, l.added = map[int]int{}, map[string]bool{}
	}
	key := func(rc GroupRule) string { return strconv.Itoa(rc.Group) + " " + rc.Rule.String() }
	fresh := map[int]int{}
	for _, rc := range rules {
		if !l.added[key(rc)] {
			fresh[rc.Group]++
		}
	}
	for _, rc := range rules {
		j := rc.Group
		sg := &groups[j]
		held := len(sg.Rules) + len(sg.Egress) // inbound and outbound together
		if sg.Inbound != nil {
			held += len(sg.Inbound.Rules)
		}
		if _, ok := l.count[j]; !ok {
			l.count[j] = held
		}
		if l.count[j]+fresh[j] > MaxGroupRules {
			return j, fmt.Sprintf("security group %q holds %d rules in the plan (and the remedies before this one add %d); one more would pass the cloud's limit of %d rules per group, inbound and outbound together: remove or merge rules first", sg.ID, held, l.count[j]-held, MaxGroupRules)
		}
	}
	for _, rc := range rules {
		if k := key(rc); !l.added[k] {
			l.added[k] = true
			l.count[rc.Group]++
		}
	}
	return -1, ""
}

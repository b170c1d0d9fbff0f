package authz

import (
	"fmt"
	"net/netip"
	"strconv"
)

// Outcome is what a security group does with a flow. The zero value is
// Unverified: what has not been decided is never allowed.
type Outcome uint8

// The outcomes.
const (
	// Unverified means the data given cannot decide: a rule whose match is
	// unknown (a prefix list, a destination group, an unknown address)
	// could change the outcome.
	Unverified Outcome = iota
	// Allowed means the group lets the flow out.
	Allowed
	// Denied means the group drops the flow.
	Denied
)

// String returns "unverified", "allowed" or "denied".
func (o Outcome) String() string {
	switch o {
	case Allowed:
		return "allowed"
	case Denied:
		return "denied"
	case Unverified:
		return "unverified"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// Source says what decided a [Verdict]. The zero value is SourceDefault.
type Source uint8

// The sources of a verdict.
const (
	// SourceDefault is the group type's implicit default for traffic that
	// no rule matches: a normal group allows it, an enterprise group and a
	// group without a type deny it.
	SourceDefault Source = iota
	// SourceRule is the rule Rules[Index].
	SourceRule
	// SourceEgress is the simple form's block Egress[Index], an accept rule
	// on every port and protocol evaluated after every rule in Rules.
	SourceEgress
	// SourceInnerPolicy is the group's internal access policy, for an ECS
	// backend in the same group: accept before every rule, drop after them.
	SourceInnerPolicy
)

// String returns "default", "rule", "egress" or "inner policy".
func (s Source) String() string {
	switch s {
	case SourceDefault:
		return "default"
	case SourceRule:
		return "rule"
	case SourceEgress:
		return "egress"
	case SourceInnerPolicy:
		return "inner policy"
	}
	return "Source(" + strconv.Itoa(int(s)) + ")"
}

// Flow is the traffic a security group decides on: from a member of the
// group (the instance's network interface) to a destination. The zero Flow
// has no protocol and cannot be decided.
type Flow struct {
	// Addr is the destination address; the zero Addr means unknown. An
	// IPv4-mapped address is the IPv4 address it maps; an address with an
	// IPv6 zone is invalid.
	Addr netip.Addr
	// Port is the destination port, for TCP and UDP.
	Port uint16
	// Protocol is the flow's protocol: TCP, UDP, ICMP, ICMPv6 or GRE (not
	// ProtocolAll, and not the zero value). API Gateway reaches its
	// backends over TCP.
	Protocol Protocol
	// Backend is the destination's kind, when known.
	Backend BackendKind
	// GroupID is the destination's security group, when known.
	GroupID string
}

// Flow returns the flow by which API Gateway reaches a's backend: TCP to
// a.Port at a's address (zero when not known), with a's backend kind and
// security group. An invalid a is [Authorization.Validate]'s error.
func (a Authorization) Flow() (Flow, error) {
	addr, _, err := a.resolve()
	if err != nil {
		return Flow{}, err
	}
	return Flow{Addr: addr, Port: a.Port, Protocol: ProtocolTCP, Backend: a.Backend, GroupID: a.SecurityGroupID}, nil
}

// check reports what is wrong with f, or nil.
func (f Flow) check() error {
	if f.Addr.Zone() != "" {
		return fmt.Errorf("%w: flow to %s: an address with an IPv6 zone", ErrInvalidFlow, f.Addr)
	}
	if f.Protocol == 0 || f.Protocol >= ProtocolAll {
		return fmt.Errorf("%w: protocol %q: want TCP, UDP, ICMP, ICMPv6 or GRE", ErrInvalidFlow, f.Protocol)
	}
	return nil
}

// Verdict is a security group's decision on a flow, and what decided it.
//
// For an Allowed or Denied verdict, Source says what decided: a rule
// (Index in Rules, and the Rule), a simple-form Egress block (Index in
// Egress, and Rule as the accept rule it stands for), the group type's
// default, or the internal access policy. For an Unverified verdict,
// Source, Index and Rule name the first rule, in the order the cloud
// evaluates them, whose match cannot be known and which could change the
// outcome.
//
// The zero Verdict is Unverified by the default: it allows nothing.
type Verdict struct {
	// Outcome is the decision.
	Outcome Outcome
	// Source is what decided (or, when unverified, what could not be
	// decided).
	Source Source
	// Index is the rule's index in Rules (SourceRule) or the block's in
	// Egress (SourceEgress); -1 otherwise.
	Index int
	// Rule is the rule at Index; for an Egress block, an accept rule on
	// every protocol and port with that destination and Priority 0; the
	// zero Rule otherwise.
	Rule Rule
	// Type is the group's type.
	Type GroupType
	// NeedsRule reports an Allowed verdict that rests only on a normal
	// group's implicit default while the backend is not a known ECS
	// instance: the document asks for an explicit outbound rule for a CLB
	// backend, so this is a warning, not a silent pass.
	NeedsRule bool
}

// String describes v: "denied by rule 3 (drop, priority 1, 10.0.0.0/8)",
// "allowed by egress 0 (10.0.0.0/8)", "denied by default (enterprise
// group)", "allowed by the internal access policy (accept)", or for an
// unverified verdict "unverified: rule 2 (accept, priority 5, TCP 80/80,
// prefix list pl-1) may match, and its entries are not given", "unverified:
// rule 0 (...) may match: " and the rule's Partial, or "unverified: the
// internal access policy decides, and it is not known". The rule's number
// is its index in Rules, as in the JSON path "rules[3]".
func (v Verdict) String() string {
	var what string
	switch v.Source {
	case SourceRule:
		what = "rule " + strconv.Itoa(v.Index) + " (" + v.Rule.String() + ")"
	case SourceEgress:
		what = "egress " + strconv.Itoa(v.Index) + " (" + v.Rule.destination() + ")"
	case SourceInnerPolicy:
		what = "the internal access policy"
	default:
		what = "default"
	}
	switch {
	case v.Outcome == Unverified && v.Source == SourceInnerPolicy:
		return "unverified: the internal access policy decides, and it is not known"
	case v.Outcome == Unverified && v.Rule.Partial != "":
		return "unverified: " + what + " may match: " + v.Rule.Partial
	case v.Outcome == Unverified:
		return "unverified: " + what + " may match, and " + v.unknownWhy()
	}
	s := v.Outcome.String() + " by " + what
	switch v.Source {
	case SourceInnerPolicy:
		s += " (" + v.innerPolicy().String() + ")"
	case SourceDefault:
		if v.Type == 0 {
			s += " (group without a type)"
		} else {
			s += " (" + v.Type.String() + " group)"
		}
	}
	if v.NeedsRule {
		s += ", but a CLB backend needs an explicit outbound rule"
	}
	return s
}

// innerPolicy is the internal access policy that decided v.
func (v Verdict) innerPolicy() Policy {
	if v.Outcome == Allowed {
		return PolicyAccept
	}
	return PolicyDrop
}

// unknownWhy says why v's rule cannot be decided.
func (v Verdict) unknownWhy() string {
	switch {
	case v.Rule.DestPrefixListID != "":
		return "its entries are not given"
	case v.Rule.DestGroupID != "":
		return "the addresses of that group's members are not given"
	}
	return "the backend's address is not known"
}

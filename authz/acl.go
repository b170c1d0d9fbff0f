package authz

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

// ErrInvalidNetworkACL matches every problem NetworkACL.Validate reports.
var ErrInvalidNetworkACL = errors.New("invalid network ACL")

// MaxACLEntries is the most entries one direction of a network ACL may
// hold: UpdateNetworkAclEntries numbers them 0 to 99.
const MaxACLEntries = 100

// NetworkACL is a VPC network ACL (DescribeNetworkAclAttributes'
// NetworkAclAttribute): the vSwitches it is bound to and its entries.
// Network ACLs are stateless and filter the traffic of the network
// interfaces in their vSwitches: outbound entries match the destination
// address, inbound entries the source address, and both the destination
// port.
type NetworkACL struct {
	// ID is the ACL's ID (NetworkAclId).
	ID string `json:"id"`
	// VSwitchIDs are the vSwitches the ACL is bound to (Resources.Resource[]
	// of ResourceType VSwitch).
	VSwitchIDs []string `json:"vSwitchIds"`
	// Ingress holds the inbound entries (IngressAclEntries); nil when not
	// given.
	Ingress *ACLEntries `json:"ingress,omitempty"`
	// Egress holds the outbound entries (EgressAclEntries); nil when not
	// given.
	Egress *ACLEntries `json:"egress,omitempty"`
}

// ACLEntries is one direction of a network ACL's entries.
type ACLEntries struct {
	// Entries are the entries in the cloud's order of priority, first
	// first, when Unordered is false.
	Entries []ACLEntry `json:"entries"`
	// Unordered says the order of Entries is not known to be the cloud's
	// priority (the API response has no priority field; only Terraform's
	// documentation says the list's order is the priority): an address that
	// entries of both policies match is then not decided.
	Unordered bool `json:"unordered,omitempty"`
}

// ACLEntry is one network ACL entry.
type ACLEntry struct {
	// ID is the entry's ID (NetworkAclEntryId), if known.
	ID string `json:"id,omitempty"`
	// Name is the entry's name (NetworkAclEntryName), if any.
	Name string `json:"name,omitempty"`
	// Policy is accept or drop.
	Policy Policy `json:"policy"`
	// Protocol is the protocol matched; ProtocolAll matches any.
	Protocol Protocol `json:"protocol"`
	// CIDR is the block matched: the source (SourceCidrIp) of an inbound
	// entry, the destination (DestinationCidrIp) of an outbound one. An
	// IPv6 block never matches an IPv4 address.
	CIDR netip.Prefix `json:"cidr"`
	// Ports is the destination port range ("1/200", or "-1/-1" for all).
	Ports PortRange `json:"port"`
	// EntryType is custom, system or service (EntryType), if known.
	EntryType string `json:"entryType,omitempty"`
}

// String names e for a report: its ID or name when known, then what it
// does, such as `nae-1 (drop TCP 1/200 10.0.0.0/8)`.
func (e ACLEntry) String() string {
	s := fmt.Sprintf("%s %s %s %s", e.Policy, e.Protocol, e.Ports, e.CIDR)
	switch {
	case e.ID != "":
		return e.ID + " (" + s + ")"
	case e.Name != "":
		return fmt.Sprintf("%q (%s)", e.Name, s)
	}
	return "(" + s + ")"
}

// Validate reports every problem of acl, each a field error matching
// [ErrInvalidNetworkACL]: an ID, at most MaxACLEntries entries a
// direction, and for each entry a policy, a protocol, a valid port range
// ("-1/-1" for protocols without ports, not for TCP and UDP) and a
// canonical block.
func (acl NetworkACL) Validate() error {
	var l field.List
	bad := func(at field.Path, what string) {
		l.Add(at, fmt.Errorf("%w: %s", ErrInvalidNetworkACL, what))
	}
	if acl.ID == "" {
		bad("id", "a network ACL has an ID")
	}
	for _, d := range []struct {
		name string
		es   *ACLEntries
	}{{"ingress", acl.Ingress}, {"egress", acl.Egress}} {
		if d.es == nil {
			continue
		}
		at := field.Path(d.name).Child("entries")
		if len(d.es.Entries) > MaxACLEntries {
			bad(at, fmt.Sprintf("%d entries: at most %d", len(d.es.Entries), MaxACLEntries))
			continue
		}
		for k, e := range d.es.Entries {
			ek := at.Index(k)
			if e.Policy != PolicyAccept && e.Policy != PolicyDrop {
				bad(ek.Child("policy"), "an entry's policy is accept or drop")
			}
			if e.Protocol == 0 {
				bad(ek.Child("protocol"), "an entry has a protocol")
			}
			if !e.Ports.IsValid() || e.Protocol.hasPorts() == (e.Ports == AllPorts()) && e.Protocol != 0 {
				bad(ek.Child("port"), fmt.Sprintf("port range %q for protocol %s", e.Ports, e.Protocol))
			}
			switch {
			case !e.CIDR.IsValid():
				bad(ek.Child("cidr"), "an entry has a block")
			case e.CIDR != e.CIDR.Masked():
				bad(ek.Child("cidr"), fmt.Sprintf("block %s has host bits", e.CIDR))
			}
		}
	}
	return l.Err()
}

// ACLResult is what one direction of a network ACL does with TCP traffic
// to one port for a set of peer addresses (the sources of inbound
// traffic, the destinations of outbound traffic).
type ACLResult struct {
	// Admitted, Refused and Open are the peers the entries accept, drop
	// (or that no entry matches: a network ACL denies what no entry
	// allows), and do not decide (entries of both policies match them and
	// their order is not known).
	Admitted, Refused, Open cidr.Set
	// Entry is the index of the entry that refuses the lowest refused
	// address, or -1 when no entry does (no entry matches it).
	Entry int
}

// Evaluate evaluates es (valid) for TCP to port and the peers in peers:
// the first entry in order that matches a peer decides it (the VPC
// documentation: "Rules are evaluated in ascending priority order starting
// from 1 ... The first matching rule applies its allow or deny policy, and
// evaluation stops"), and a peer no entry matches is refused ("Network
// ACLs deny all inbound and outbound traffic if no rules are configured").
// When es.Unordered, a peer that entries of both policies match is Open.
// An entry's IPv6 block never matches an IPv4 peer. Cost: O(n) set
// operations in the n entries.
func (es ACLEntries) Evaluate(peers cidr.Set, port uint16) ACLResult {
	if es.Unordered {
		return es.unordered(peers, port)
	}
	f := newFirstMatch(peers)
	for k, e := range es.Entries {
		if f.rest.IsEmpty() {
			break
		}
		s, ok := e.tcpTo(port)
		if !ok {
			continue
		}
		f.decide(f.rest.Intersect(s), k, e.Policy)
	}
	f.refuseRest()
	return ACLResult{Admitted: f.admitted, Refused: f.refused, Entry: f.rule}
}

// unordered is Evaluate of entries whose order is not known: a peer that
// entries of both policies match is Open; one that only accept entries
// match is admitted, only drop entries refused; the Entry is the first
// drop entry that matches the lowest refused address.
func (es ACLEntries) unordered(peers cidr.Set, port uint16) ACLResult {
	var acc, drop cidr.Set
	for _, e := range es.Entries {
		s, ok := e.tcpTo(port)
		if !ok {
			continue
		}
		if m := peers.Intersect(s); e.Policy == PolicyAccept {
			acc = acc.Union(m)
		} else {
			drop = drop.Union(m)
		}
	}
	f := firstMatch{rest: peers.Subtract(acc.Union(drop)), refused: drop.Subtract(acc), rule: -1}
	if !f.refused.IsEmpty() {
		f.lowest = f.refused.Prefixes()[0].Addr()
		for k, e := range es.Entries {
			if s, ok := e.tcpTo(port); ok && e.Policy == PolicyDrop && s.Contains(f.lowest) {
				f.rule = k
				break
			}
		}
	}
	f.refuseRest()
	return ACLResult{Admitted: acc.Subtract(drop), Refused: f.refused, Open: acc.Intersect(drop), Entry: f.rule}
}

// tcpTo returns the peers e matches in TCP traffic to port, and false
// when it matches no such traffic (or has no block).
func (e ACLEntry) tcpTo(port uint16) (cidr.Set, bool) {
	if e.Protocol != ProtocolAll && e.Protocol != ProtocolTCP || !e.Ports.Contains(port) {
		return cidr.Set{}, false
	}
	s, err := cidr.NewSet(cidr.UnmapPrefix(e.CIDR).Masked())
	return s, err == nil
}

// firstMatch is the admission both a network ACL ([ACLEntries.Evaluate])
// and a security group's inbound rules ([SecurityGroup.Admit]) make of a
// set of addresses: rules taken in their order decide, each, the
// addresses it matches that no rule before decided, by its policy; what no
// rule decides is refused. Which rules match, and in what order, is the
// caller's.
type firstMatch struct {
	// rest holds the addresses not decided yet; admitted and refused the
	// others.
	rest, admitted, refused cidr.Set
	// lowest is the lowest refused address, and rule the index of the
	// rule that refuses it, or -1 when no rule does.
	lowest netip.Addr
	rule   int
}

// newFirstMatch returns the admission of from before any rule.
func newFirstMatch(from cidr.Set) firstMatch { return firstMatch{rest: from, rule: -1} }

// decide gives m, addresses not decided yet, to rule k's policy: a policy
// other than accept refuses.
func (f *firstMatch) decide(m cidr.Set, k int, p Policy) {
	if m.IsEmpty() {
		return
	}
	f.rest = f.rest.Subtract(m)
	if p == PolicyAccept {
		f.admitted = f.admitted.Union(m)
		return
	}
	f.refused = f.refused.Union(m)
	if lo := m.Prefixes()[0].Addr(); !f.lowest.IsValid() || lo.Less(f.lowest) {
		f.lowest, f.rule = lo, k
	}
}

// refuseRest refuses the addresses no rule decided, by no rule: rule
// becomes -1 when one of them is lower than the lowest refused so far.
func (f *firstMatch) refuseRest() {
	if f.rest.IsEmpty() {
		return
	}
	if lo := f.rest.Prefixes()[0].Addr(); !f.lowest.IsValid() || lo.Less(f.lowest) {
		f.lowest, f.rule = lo, -1
	}
	f.refused = f.refused.Union(f.rest)
	f.rest = cidr.Set{}
}

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

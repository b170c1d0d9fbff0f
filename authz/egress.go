package authz

import (
	"cmp"
	"net/netip"
	"slices"
	"sort"

	"github.com/vpcgate/vpcgate/cidr"
)

// EgressChecker is a security group prepared for many decisions: built
// once with [NewEgressChecker], it decides each flow in O(log n) for n
// rules (times a constant bounded by the number of distinct prefix lengths,
// at most 33 for IPv4 and 129 for IPv6) and without allocating. It is
// immutable and safe for concurrent use, and keeps nothing of the group it
// was built from.
//
// A nil *EgressChecker stands for no group: its methods fail with an error
// matching [ErrInvalidSecurityGroup].
type EgressChecker struct {
	id    string
	typ   GroupType
	inner Policy // the internal access policy, resolved
	// innerUnknown: the internal access policy is not known (inner is
	// then drop, and what it would decide is unverified)
	innerUnknown bool
	entries      []entry // every rule and Egress block, in evaluation order
	byFamily     [2]family
	groups       map[string]*portIndex // DestGroupID rules, by group
	undecided    [3]*portIndex         // by policy: group and prefix list rules, whose match may be unknown
	addressed    [3]*portIndex         // by policy: CIDR rules and Egress blocks, unknown when the address is
}

// entry is a rule or an Egress block, as evaluated.
type entry struct {
	rule   Rule
	source Source // SourceRule or SourceEgress
	index  int
	dest   netip.Prefix // unmapped; invalid for group and prefix list rules
}

// family indexes the CIDR entries of one address family by prefix.
type family struct {
	lengths []int // the distinct prefix lengths, ascending
	nodes   map[netip.Prefix]*portIndex
}

// NewEgressChecker returns sg prepared for many decisions, or
// [SecurityGroup.Validate]'s error when sg is invalid: an invalid group
// decides nothing. Building it costs O(n log n) time and O(n) space for n
// rules and Egress blocks.
func NewEgressChecker(sg SecurityGroup) (*EgressChecker, error) {
	if err := sg.Validate(); err != nil {
		return nil, err
	}
	c := &EgressChecker{id: sg.ID, typ: sg.Type, inner: sg.innerPolicy()}
	if sg.InnerAccessUnknown && sg.Type != GroupEnterprise {
		c.inner, c.innerUnknown = PolicyDrop, true
	}
	c.entries = sg.entries()
	var (
		byPrefix  [2]map[netip.Prefix][]int32
		groups    = map[string][]int32{}
		undecided [3][]int32
		addressed [3][]int32
	)
	for i := range byPrefix {
		byPrefix[i] = map[netip.Prefix][]int32{}
	}
	for i, e := range c.entries {
		rank := int32(i)
		switch {
		case e.rule.Partial != "":
			undecided[e.rule.Policy] = append(undecided[e.rule.Policy], rank)
		case e.dest.IsValid():
			f := familyOf(e.dest.Addr())
			byPrefix[f][e.dest] = append(byPrefix[f][e.dest], rank)
			addressed[e.rule.Policy] = append(addressed[e.rule.Policy], rank)
		case e.rule.DestGroupID != "":
			groups[e.rule.DestGroupID] = append(groups[e.rule.DestGroupID], rank)
			undecided[e.rule.Policy] = append(undecided[e.rule.Policy], rank)
		default: // a prefix list
			undecided[e.rule.Policy] = append(undecided[e.rule.Policy], rank)
		}
	}
	b := &builder{entries: c.entries, arena: make([]portIndex, 0, len(byPrefix[0])+len(byPrefix[1])+len(groups)+4)}
	for f := range byPrefix {
		fam := family{nodes: make(map[netip.Prefix]*portIndex, len(byPrefix[f]))}
		for p, ranks := range byPrefix[f] {
			fam.nodes[p] = b.newPortIndex(ranks)
			if !slices.Contains(fam.lengths, p.Bits()) {
				fam.lengths = append(fam.lengths, p.Bits())
			}
		}
		slices.Sort(fam.lengths)
		c.byFamily[f] = fam
	}
	c.groups = make(map[string]*portIndex, len(groups))
	for id, ranks := range groups {
		c.groups[id] = b.newPortIndex(ranks)
	}
	for _, p := range []Policy{PolicyAccept, PolicyDrop} {
		c.undecided[p] = b.newPortIndex(undecided[p])
		c.addressed[p] = b.newPortIndex(addressed[p])
	}
	return c, nil
}

// innerPolicy is the policy for traffic to members of sg itself:
// InnerAccessPolicy when given, else accept when IntraGroup, else accept
// for a normal group and drop otherwise.
func (sg SecurityGroup) innerPolicy() Policy {
	switch {
	case sg.InnerAccessPolicy != 0:
		return sg.InnerAccessPolicy
	case sg.IntraGroup, sg.Type == GroupNormal:
		return PolicyAccept
	}
	return PolicyDrop
}

// entries returns sg's rules and Egress blocks in the order the cloud
// evaluates them: by priority, drop before accept at equal priority, then
// by index; the Egress blocks after every rule, in order.
func (sg SecurityGroup) entries() []entry {
	order := make([]int32, len(sg.Rules))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &sg.Rules[i], &sg.Rules[j]
		if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Policy, a.Policy); c != 0 {
			return c // drop (2) first
		}
		return cmp.Compare(i, j)
	})
	out := make([]entry, 0, len(sg.Rules)+len(sg.Egress))
	for _, i := range order {
		r := sg.Rules[i]
		e := entry{rule: r, source: SourceRule, index: int(i)}
		switch {
		case r.DestCIDR.IsValid():
			e.dest = cidr.UnmapPrefix(r.DestCIDR)
		case r.IPv6DestCIDR.IsValid():
			e.dest = r.IPv6DestCIDR
		}
		out = append(out, e)
	}
	for i, p := range sg.Egress {
		p = cidr.UnmapPrefix(p)
		r := Rule{Policy: PolicyAccept, Protocol: ProtocolAll, Ports: AllPorts()}
		if p.Addr().Is4() {
			r.DestCIDR = p
		} else {
			r.IPv6DestCIDR = p
		}
		out = append(out, entry{rule: r, source: SourceEgress, index: i, dest: p})
	}
	return out
}

func familyOf(a netip.Addr) int {
	if a.Is4() {
		return 0
	}
	return 1
}

// none is the rank of no entry: after every entry.
const none = int32(1<<31 - 1)

// portIndex finds the first entry, among a set, that matches a protocol
// and port: for TCP and UDP, the port space is cut into segments, each
// with its first entry; for the other protocols, one entry each.
type portIndex struct {
	starts [2][]uint16 // TCP, UDP: the first port of each segment
	first  [2][]int32  // TCP, UDP: each segment's first entry, or none
	other  [3]int32    // ICMP, ICMPv6, GRE: the first entry, or none
}

// builder builds port indexes over a checker's entries, reusing its
// scratch space from one index to the next.
type builder struct {
	entries []entry
	arena   []portIndex // every index, allocated at once; never grown
	match   []int32
	starts  []uint16
	next    []int
}

// newPortIndex indexes the entries of the given ranks (ascending).
func (b *builder) newPortIndex(ranks []int32) *portIndex {
	b.arena = append(b.arena, portIndex{other: [3]int32{none, none, none}})
	x := &b.arena[len(b.arena)-1]
	for i, p := range []Protocol{ProtocolICMP, ProtocolICMPv6, ProtocolGRE} {
		for _, r := range ranks {
			if q := b.entries[r].rule.Protocol; q == p || q == ProtocolAll {
				x.other[i] = r
				break
			}
		}
	}
	x.starts[0], x.first[0] = b.segments(ranks, ProtocolTCP)
	x.starts[1], x.first[1] = b.segments(ranks, ProtocolUDP)
	if slices.Equal(x.starts[0], x.starts[1]) && slices.Equal(x.first[0], x.first[1]) {
		x.starts[1], x.first[1] = x.starts[0], x.first[0] // read-only: shared
	}
	return x
}

// segments cuts the port space by the ranges of the entries (of the given
// ascending ranks) that match protocol p, and returns each segment's first
// port and first matching entry. Each segment is painted once: a union-find
// "next unpainted segment" keeps the cost O(k log k) for k entries.
func (b *builder) segments(ranks []int32, p Protocol) ([]uint16, []int32) {
	match, starts := b.match[:0], append(b.starts[:0], 0)
	for _, r := range ranks {
		e := b.entries[r].rule
		if e.Protocol != p && e.Protocol != ProtocolAll {
			continue
		}
		match = append(match, r)
		starts = append(starts, e.Ports.From)
		if e.Ports.To < 65535 {
			starts = append(starts, e.Ports.To+1)
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	b.match, b.starts = match, starts
	first := make([]int32, len(starts))
	next := slices.Grow(b.next[:0], len(starts)+1)[:len(starts)+1] // next[i]: the first unpainted segment >= i
	b.next = next
	for i := range first {
		first[i], next[i] = none, i
	}
	next[len(starts)] = len(starts)
	find := func(i int) int {
		for next[i] != i {
			next[i] = next[next[i]]
			i = next[i]
		}
		return i
	}
	for _, r := range match {
		ports := b.entries[r].rule.Ports
		lo, _ := slices.BinarySearch(starts, ports.From)
		hi := len(starts) // one past the last segment of the range
		if ports.To < 65535 {
			hi, _ = slices.BinarySearch(starts, ports.To+1)
		}
		for i := find(lo); i < hi; i = find(i) {
			first[i] = r
			next[i] = i + 1
		}
	}
	return slices.Clone(starts), first
}

// lookup returns the first entry of x matching protocol p and port, or
// none. A nil x has no entries.
func (x *portIndex) lookup(p Protocol, port uint16) int32 {
	if x == nil {
		return none
	}
	switch p {
	case ProtocolTCP, ProtocolUDP:
		i := int(p - ProtocolTCP)
		starts := x.starts[i]
		j := sort.Search(len(starts), func(j int) bool { return starts[j] > port }) - 1
		return x.first[i][j]
	case ProtocolICMP, ProtocolICMPv6, ProtocolGRE:
		return x.other[p-ProtocolICMP]
	}
	return none
}

// Decide returns the group's verdict on f, as [Decide] describes it. An
// invalid flow is an error matching [ErrInvalidFlow]. It does not allocate.
func (c *EgressChecker) Decide(f Flow) (Verdict, error) {
	if c == nil {
		return Verdict{}, errNoGroup
	}
	if err := f.check(); err != nil {
		return Verdict{}, err
	}
	sameGroup := f.Backend == ECS && f.GroupID == c.id
	if sameGroup && c.inner == PolicyAccept {
		// ECS: an Accept internal access policy takes precedence over
		// every rule.
		return Verdict{Outcome: Allowed, Source: SourceInnerPolicy, Index: -1, Type: c.typ}, nil
	}
	addr := f.Addr.Unmap()
	// The first entry that certainly matches.
	decider := none
	if addr.IsValid() {
		fam := &c.byFamily[familyOf(addr)]
		for _, bits := range fam.lengths {
			p, _ := addr.Prefix(bits)
			if x, ok := fam.nodes[p]; ok {
				decider = min(decider, x.lookup(f.Protocol, f.Port))
			}
		}
	}
	if f.GroupID != "" {
		decider = min(decider, c.groups[f.GroupID].lookup(f.Protocol, f.Port))
	}
	v := Verdict{Index: -1, Type: c.typ}
	var policy Policy
	if decider != none {
		e := &c.entries[decider]
		policy = e.rule.Policy
		v.Source, v.Index, v.Rule = e.source, e.index, e.rule
	} else if sameGroup {
		policy, v.Source = PolicyDrop, SourceInnerPolicy
	} else {
		policy = PolicyDrop
		if c.typ == GroupNormal {
			policy = PolicyAccept
			v.NeedsRule = f.Backend != ECS
		}
	}
	// The first entry before the decider whose match is unknown and whose
	// policy is the other one: it could change the outcome.
	other := PolicyAccept + PolicyDrop - policy
	first := c.undecided[other].lookup(f.Protocol, f.Port)
	if !addr.IsValid() {
		first = min(first, c.addressed[other].lookup(f.Protocol, f.Port))
	}
	if first < decider {
		e := &c.entries[first]
		return Verdict{Outcome: Unverified, Source: e.source, Index: e.index, Rule: e.rule, Type: c.typ}, nil
	}
	v.Outcome = Allowed
	if policy == PolicyDrop {
		v.Outcome, v.NeedsRule = Denied, false
		if sameGroup && c.innerUnknown {
			// An accept internal access policy would allow it.
			return Verdict{Outcome: Unverified, Source: SourceInnerPolicy, Index: -1, Type: c.typ}, nil
		}
	}
	return v, nil
}

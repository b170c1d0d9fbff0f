package authz

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

// GroupType is a security group's type, as ECS DescribeSecurityGroups
// reports it. It decides what happens to outbound traffic that no rule
// matches: a basic ([GroupNormal]) group allows it, an [GroupEnterprise]
// group denies it. The zero value means no type was given (the simple form
// of [SecurityGroup]): such a group denies what its rules do not allow.
type GroupType uint8

// The security group types.
const (
	// GroupNormal is a basic security group, text "normal".
	GroupNormal GroupType = 1 + iota
	// GroupEnterprise is an advanced (enterprise) security group, text
	// "enterprise".
	GroupEnterprise
)

// String returns "normal", "enterprise", "" for the zero value, or
// "GroupType(n)" for a value out of range.
func (t GroupType) String() string {
	switch t {
	case 0:
		return ""
	case GroupNormal:
		return "normal"
	case GroupEnterprise:
		return "enterprise"
	}
	return "GroupType(" + strconv.Itoa(int(t)) + ")"
}

// ParseGroupType returns the type named by s, "normal" or "enterprise",
// without regard to ASCII case. Anything else, the empty string and
// non-ASCII look-alikes included, is an error matching
// [ErrInvalidSecurityGroup].
func ParseGroupType(s string) (GroupType, error) {
	switch {
	case asciiEqualFold(s, "normal"):
		return GroupNormal, nil
	case asciiEqualFold(s, "enterprise"):
		return GroupEnterprise, nil
	}
	return 0, fmt.Errorf("%w: type %q: want normal or enterprise", ErrInvalidSecurityGroup, s)
}

// MarshalText returns the type's name, or "" for the zero value; a value
// out of range is an error.
func (t GroupType) MarshalText() ([]byte, error) {
	if t > GroupEnterprise {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSecurityGroup, t)
	}
	return []byte(t.String()), nil
}

// UnmarshalText sets *t with [ParseGroupType]'s rules; on error *t is
// unchanged.
func (t *GroupType) UnmarshalText(text []byte) error {
	v, err := ParseGroupType(string(text))
	if err == nil {
		*t = v
	}
	return err
}

// Policy is what a rule, or a group's internal access policy, does with the
// traffic it matches. The zero value means no policy was given.
type Policy uint8

// The policies.
const (
	// PolicyAccept lets the traffic through, text "accept".
	PolicyAccept Policy = 1 + iota
	// PolicyDrop drops it, text "drop".
	PolicyDrop
)

// String returns "accept", "drop", "" for the zero value, or "Policy(n)"
// for a value out of range.
func (p Policy) String() string {
	switch p {
	case 0:
		return ""
	case PolicyAccept:
		return "accept"
	case PolicyDrop:
		return "drop"
	}
	return "Policy(" + strconv.Itoa(int(p)) + ")"
}

// ParsePolicy returns the policy named by s without regard to ASCII case:
// "accept", "Accept" and "ACCEPT" are [PolicyAccept], "drop" and "Drop"
// [PolicyDrop]. Anything else, the empty string and non-ASCII look-alikes
// included, is an error matching [ErrInvalidSecurityGroup].
func ParsePolicy(s string) (Policy, error) {
	switch {
	case asciiEqualFold(s, "accept"):
		return PolicyAccept, nil
	case asciiEqualFold(s, "drop"):
		return PolicyDrop, nil
	}
	return 0, fmt.Errorf("%w: policy %q: want accept or drop", ErrInvalidSecurityGroup, s)
}

// MarshalText returns "accept", "drop", or "" for the zero value; a value
// out of range is an error.
func (p Policy) MarshalText() ([]byte, error) {
	if p > PolicyDrop {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSecurityGroup, p)
	}
	return []byte(p.String()), nil
}

// UnmarshalText sets *p with [ParsePolicy]'s rules; on error *p is
// unchanged.
func (p *Policy) UnmarshalText(text []byte) error {
	v, err := ParsePolicy(string(text))
	if err == nil {
		*p = v
	}
	return err
}

// Protocol is a rule's IP protocol (the API's IpProtocol). The zero value
// means no protocol was given. [ProtocolAll] matches every protocol.
type Protocol uint8

// The protocols.
const (
	// ProtocolTCP is TCP, text "TCP".
	ProtocolTCP Protocol = 1 + iota
	// ProtocolUDP is UDP, text "UDP".
	ProtocolUDP
	// ProtocolICMP is ICMP for IPv4, text "ICMP".
	ProtocolICMP
	// ProtocolICMPv6 is ICMP for IPv6, text "ICMPv6".
	ProtocolICMPv6
	// ProtocolGRE is GRE, text "GRE".
	ProtocolGRE
	// ProtocolAll is every protocol, text "ALL".
	ProtocolAll
)

var protocolNames = [...]string{"", "TCP", "UDP", "ICMP", "ICMPv6", "GRE", "ALL"}

// String returns the protocol's name as the API writes it ("TCP", "ICMPv6",
// "ALL"), "" for the zero value, or "Protocol(n)" for a value out of range.
func (p Protocol) String() string {
	if int(p) < len(protocolNames) {
		return protocolNames[p]
	}
	return "Protocol(" + strconv.Itoa(int(p)) + ")"
}

// ParseProtocol returns the protocol named by s without regard to ASCII
// case: "TCP", "tcp", "UDP", "ICMP", "ICMPv6", "GRE", "ALL". Anything else,
// the empty string, numbers and non-ASCII look-alikes included, is an error
// matching [ErrInvalidSecurityGroup].
func ParseProtocol(s string) (Protocol, error) {
	for i := 1; i < len(protocolNames); i++ {
		if asciiEqualFold(s, protocolNames[i]) {
			return Protocol(i), nil
		}
	}
	return 0, fmt.Errorf("%w: protocol %q: want TCP, UDP, ICMP, ICMPv6, GRE or ALL", ErrInvalidSecurityGroup, s)
}

// MarshalText returns the protocol's name, or "" for the zero value; a value
// out of range is an error.
func (p Protocol) MarshalText() ([]byte, error) {
	if p > ProtocolAll {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSecurityGroup, p)
	}
	return []byte(p.String()), nil
}

// UnmarshalText sets *p with [ParseProtocol]'s rules; on error *p is
// unchanged.
func (p *Protocol) UnmarshalText(text []byte) error {
	v, err := ParseProtocol(string(text))
	if err == nil {
		*p = v
	}
	return err
}

// hasPorts reports whether rules of protocol p name ports (TCP and UDP);
// the others take "-1/-1".
func (p Protocol) hasPorts() bool { return p == ProtocolTCP || p == ProtocolUDP }

// PortRange is a rule's destination port range, From to To inclusive, as
// the API's PortRange "80/80" or "1/1024" ({1, 1024}).
//
// The API's "-1/-1", every port (the only range ICMP, ICMPv6, GRE and ALL
// rules take), is [AllPorts], {0, 65535}: the only valid range that starts
// at 0, and one that contains every port. The zero value {0, 0} means no
// range was given. Any other range with From 0, or From > To, is invalid.
type PortRange struct {
	// From is the first port of the range, 1 to 65535, or 0 in AllPorts.
	From uint16
	// To is the last port of the range, From to 65535.
	To uint16
}

// AllPorts returns the API's "-1/-1", every port: PortRange{0, 65535}.
func AllPorts() PortRange { return PortRange{0, 65535} }

// IsValid reports whether r is AllPorts or a range with 1 <= From <= To.
func (r PortRange) IsValid() bool {
	return r == AllPorts() || 1 <= r.From && r.From <= r.To
}

// Contains reports whether port lies in r; an invalid r contains nothing.
func (r PortRange) Contains(port uint16) bool {
	return r.IsValid() && r.From <= port && port <= r.To
}

// String returns "-1/-1" for AllPorts, "" for the zero value, and "a/b"
// otherwise (an invalid range too, so that it can be reported).
func (r PortRange) String() string {
	switch r {
	case AllPorts():
		return "-1/-1"
	case PortRange{}:
		return ""
	}
	return strconv.Itoa(int(r.From)) + "/" + strconv.Itoa(int(r.To))
}

// ParsePortRange parses the API's PortRange strictly: "-1/-1" ([AllPorts])
// or "a/b" with a and b decimal numbers, 1 <= a <= b <= 65535, without
// signs, spaces or leading zeros. Anything else ("80", "80-90", "90/80",
// "0/80", "-1/80", "080/80", "") is an error matching
// [ErrInvalidSecurityGroup].
func ParsePortRange(s string) (PortRange, error) {
	if s == "-1/-1" {
		return AllPorts(), nil
	}
	bad := func(why string) (PortRange, error) {
		return PortRange{}, fmt.Errorf("%w: port range %q: %s", ErrInvalidSecurityGroup, s, why)
	}
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return bad(`want "from/to" or "-1/-1"`)
	}
	from, okA := parsePort(a)
	to, okB := parsePort(b)
	switch {
	case !okA || !okB:
		return bad(`want "from/to" with ports 1 to 65535, or "-1/-1"`)
	case from > to:
		return bad("the first port is greater than the last")
	}
	return PortRange{from, to}, nil
}

// parsePort parses a port 1..65535 in canonical decimal.
func parsePort(s string) (uint16, bool) {
	if s == "" || len(s) > 5 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return uint16(n), n <= 65535
}

// MarshalText returns [PortRange.String]'s text; an invalid range other
// than the zero value is an error.
func (r PortRange) MarshalText() ([]byte, error) {
	if r != (PortRange{}) && !r.IsValid() {
		return nil, fmt.Errorf("%w: port range %s", ErrInvalidSecurityGroup, r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText sets *r with [ParsePortRange]'s rules; on error *r is
// unchanged.
func (r *PortRange) UnmarshalText(text []byte) error {
	v, err := ParsePortRange(string(text))
	if err == nil {
		*r = v
	}
	return err
}

// Rule is one outbound (egress) rule of a security group, as ECS
// DescribeSecurityGroupAttribute reports it and AuthorizeSecurityGroupEgress
// creates it. A rule has exactly one destination: DestCIDR, IPv6DestCIDR,
// DestGroupID or DestPrefixListID.
//
// Readers of cloud data fill it with [ParsePolicy], [ParsePriority] (for a
// priority given as a string), [ParseProtocol], [ParsePortRange] and
// [ParseRuleCIDR], which turns a bare address in DestCidrIp into its /32
// (or /128) prefix and refuses a block with host bits set. In JSON the
// destinations are CIDR blocks; a block with host bits set decodes as
// written and [SecurityGroup.Validate] reports it: it is never silently
// masked. The zero Rule is invalid.
type Rule struct {
	// Policy is what the rule does with the traffic it matches.
	Policy Policy `json:"policy"`
	// Priority orders the rules, 1 to 100, smaller first; at equal priority
	// a drop rule wins over an accept rule.
	Priority int `json:"priority"`
	// Protocol is the IP protocol the rule matches; ProtocolAll matches any.
	Protocol Protocol `json:"ipProtocol"`
	// Ports is the destination port range: a range of ports for TCP and
	// UDP, AllPorts ("-1/-1") for the other protocols.
	Ports PortRange `json:"portRange"`
	// DestCIDR is an IPv4 destination block (the API's DestCidrIp). An
	// IPv4-mapped IPv6 prefix is read as the IPv4 block it maps.
	DestCIDR netip.Prefix `json:"destCidrIp,omitzero"`
	// IPv6DestCIDR is an IPv6 destination block (the API's Ipv6DestCidrIp).
	// It never matches an IPv4 address, not even as ::/0.
	IPv6DestCIDR netip.Prefix `json:"ipv6DestCidrIp,omitzero"`
	// DestGroupID is a destination security group: the rule matches its
	// members.
	DestGroupID string `json:"destGroupId,omitempty"`
	// DestPrefixListID is a destination prefix list: the rule matches its
	// entries.
	DestPrefixListID string `json:"destPrefixListId,omitempty"`
	// Partial, when not empty, says why the rule may match only part of
	// the traffic its destination, protocol and ports describe, such as
	// "it applies only to sources in 10.0.1.0/24" (a source restriction,
	// SourceCidrIp or SourcePortRange, that does not cover every member of
	// the group) or "its ports come from port range list prl-1". Whether
	// such a rule matches a flow is not known: it never decides a verdict,
	// and one of the other policy before the deciding rule makes the
	// verdict Unverified, as a prefix list's rule does.
	Partial string `json:"partial,omitempty"`
}

// String describes r for messages: "drop, priority 1, 10.0.0.0/8" for a
// rule on every protocol and port, "accept, priority 5, TCP 80/80,
// 10.0.0.0/8" otherwise; a group or prefix list destination reads
// "group sg-1" or "prefix list pl-1".
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString(r.Policy.String())
	b.WriteString(", priority ")
	b.WriteString(strconv.Itoa(r.Priority))
	if r.Protocol != ProtocolAll || r.Ports != AllPorts() {
		b.WriteString(", ")
		b.WriteString(r.Protocol.String())
		b.WriteByte(' ')
		b.WriteString(r.Ports.String())
	}
	b.WriteString(", ")
	b.WriteString(r.destination())
	return b.String()
}

// destination names r's destination (or destinations, when r is invalid).
func (r Rule) destination() string {
	var parts []string
	if r.DestCIDR.IsValid() {
		parts = append(parts, r.DestCIDR.String())
	}
	if r.IPv6DestCIDR.IsValid() {
		parts = append(parts, r.IPv6DestCIDR.String())
	}
	if r.DestGroupID != "" {
		parts = append(parts, "group "+r.DestGroupID)
	}
	if r.DestPrefixListID != "" {
		parts = append(parts, "prefix list "+r.DestPrefixListID)
	}
	if len(parts) == 0 {
		return "no destination"
	}
	return strings.Join(parts, " and ")
}

// SecurityGroup is the security group of an instance's network interface,
// as far as outbound traffic is concerned.
//
// It has two forms. The simple form names the group, whether its members
// reach each other (IntraGroup), and destination blocks allowed on every
// port and protocol (Egress); its Type is zero, so traffic that nothing
// allows is denied. The full form is the group as the cloud evaluates it:
// a Type, an InnerAccessPolicy and ordered Rules. Both may be combined; see
// [Decide] for how they are evaluated. The zero value is a group without an
// ID, which Validate rejects.
type SecurityGroup struct {
	// ID is the security group ID.
	ID string `json:"id"`
	// Type decides what no rule matches: GroupNormal allows it,
	// GroupEnterprise and the zero value deny it.
	Type GroupType `json:"type,omitzero"`
	// InnerAccessPolicy says whether members of the group reach each other
	// (PolicyAccept) or not (PolicyDrop); the zero value means not given.
	InnerAccessPolicy Policy `json:"innerAccessPolicy,omitzero"`
	// IntraGroup is the simple form's InnerAccessPolicy: true means
	// PolicyAccept.
	IntraGroup bool `json:"intraGroup,omitempty"`
	// InnerAccessUnknown reports that the internal access policy is not
	// known (a response that does not give InnerAccessPolicy): a flow to
	// an ECS backend in the group itself is then allowed only when a rule
	// allows it, and Unverified where the policy would decide. It
	// contradicts InnerAccessPolicy and IntraGroup, and has no effect on an
	// enterprise group, whose internal access policy is always drop.
	InnerAccessUnknown bool `json:"innerAccessUnknown,omitempty"`
	// Egress is the simple form's outbound rules: each block is allowed on
	// every port and protocol, after every rule in Rules.
	Egress []netip.Prefix `json:"egress,omitempty"`
	// Rules are the group's outbound rules, in any order.
	Rules []Rule `json:"rules,omitempty"`
	// Inbound holds the group's inbound rules when they are given (see
	// [SecurityGroup.Admit]); nil means not given.
	Inbound *Inbound `json:"inbound,omitempty"`
}

// Validate reports every problem with sg at once, joined; each is a
// [*field.Error] at the JSON path of its field ("id", "type",
// "innerAccessPolicy", "intraGroup", "egress[1]", "rules[2].portRange")
// matching [ErrInvalidSecurityGroup]:
//
//   - ID is required (also [instance.ErrRequired]) and is a resource ID
//     (ASCII letters, digits and '-', starting with a letter: "sg-bp1abc");
//   - Type and InnerAccessPolicy, when given, must be known values; an
//     enterprise group's internal access policy cannot be accept (ECS does
//     not let it change); IntraGroup true contradicts InnerAccessPolicy
//     PolicyDrop and an enterprise type; InnerAccessUnknown contradicts
//     InnerAccessPolicy and IntraGroup;
//   - each Egress block must be a valid prefix without host bits;
//   - each rule needs a Policy, a Priority from 1 to 100, a Protocol, a
//     Ports range valid for its protocol (a range for TCP and UDP, "-1/-1"
//     for the others), and exactly one destination; DestCIDR must be IPv4
//     (or IPv4-mapped), IPv6DestCIDR IPv6 outside ::ffff:0:0/96, both
//     without host bits; group and prefix list IDs are resource IDs (ASCII
//     letters, digits and '-', starting with a letter); an enterprise
//     group's rules cannot name a destination group (ECS: advanced
//     security groups do not authorize security groups).
//
// One mistake is one problem; n rules yield O(n) problems.
func (sg SecurityGroup) Validate() error {
	var l field.List
	bad := func(p field.Path, format string, args ...any) {
		l.Add(p, fmt.Errorf("%w: "+format, append([]any{ErrInvalidSecurityGroup}, args...)...))
	}
	switch {
	case sg.ID == "":
		l.Add("id", fmt.Errorf("%w: %w", ErrInvalidSecurityGroup, instance.ErrRequired))
	case !isResourceID(sg.ID):
		bad("id", "%q is not a resource ID", sg.ID)
	}
	if sg.Type > GroupEnterprise {
		bad("type", "unknown type %d", uint8(sg.Type))
	}
	switch {
	case sg.InnerAccessPolicy > PolicyDrop:
		bad("innerAccessPolicy", "unknown policy %d", uint8(sg.InnerAccessPolicy))
	case sg.Type == GroupEnterprise && sg.InnerAccessPolicy == PolicyAccept:
		bad("innerAccessPolicy", "an enterprise group's internal access policy is always drop")
	case sg.IntraGroup && sg.InnerAccessPolicy == PolicyDrop:
		bad("intraGroup", "true contradicts innerAccessPolicy drop")
	case sg.IntraGroup && sg.Type == GroupEnterprise:
		bad("intraGroup", "an enterprise group's members never reach each other by the internal access policy")
	case sg.InnerAccessUnknown && (sg.InnerAccessPolicy != 0 || sg.IntraGroup):
		bad("innerAccessUnknown", "true contradicts a given internal access policy")
	}
	for i, p := range sg.Egress {
		if why := prefixProblem(p); why != "" {
			bad(field.Path("egress").Index(i), "%s", why)
		}
	}
	for i, r := range sg.Rules {
		validateRule(&l, i, r)
		if sg.Type == GroupEnterprise && r.DestGroupID != "" {
			l.Add(field.Path("rules").Index(i).Child("destGroupId"), fmt.Errorf("%w: an enterprise group's rules cannot name a security group", ErrInvalidSecurityGroup))
		}
	}
	return l.Err()
}

// validateRule adds the problems of r, Rules[i], at its path. It
// allocates only for problems.
func validateRule(l *field.List, i int, r Rule) {
	bad := func(name string, format string, args ...any) {
		q := field.Path("rules").Index(i)
		if name != "" {
			q = q.Child(name)
		}
		l.Add(q, fmt.Errorf("%w: "+format, append([]any{ErrInvalidSecurityGroup}, args...)...))
	}
	switch r.Policy {
	case PolicyAccept, PolicyDrop:
	case 0:
		bad("policy", "%w: want accept or drop", instance.ErrRequired)
	default:
		bad("policy", "unknown policy %d", uint8(r.Policy))
	}
	if r.Priority < 1 || r.Priority > 100 {
		bad("priority", "%d is outside 1 to 100", r.Priority)
	}
	switch {
	case r.Protocol == 0:
		bad("ipProtocol", "%w: want TCP, UDP, ICMP, ICMPv6, GRE or ALL", instance.ErrRequired)
	case r.Protocol > ProtocolAll:
		bad("ipProtocol", "unknown protocol %d", uint8(r.Protocol))
	case r.Ports == PortRange{}:
		bad("portRange", "%w", instance.ErrRequired)
	case !r.Ports.IsValid():
		bad("portRange", "%d/%d is not a port range", r.Ports.From, r.Ports.To)
	case r.Protocol.hasPorts() && r.Ports == AllPorts():
		bad("portRange", `%s rules take a range of ports such as "1/65535", not "-1/-1"`, r.Protocol)
	case !r.Protocol.hasPorts() && r.Ports != AllPorts():
		bad("portRange", `%s rules take "-1/-1", not %q`, r.Protocol, r.Ports)
	}
	n := 0
	if r.DestCIDR.IsValid() {
		n++
		if why := prefixProblem(r.DestCIDR); why != "" {
			bad("destCidrIp", "%s", why)
		} else if !cidr.UnmapPrefix(r.DestCIDR).Addr().Is4() {
			bad("destCidrIp", "%s is not IPv4: use ipv6DestCidrIp", r.DestCIDR)
		}
	}
	if r.IPv6DestCIDR.IsValid() {
		n++
		if why := prefixProblem(r.IPv6DestCIDR); why != "" {
			bad("ipv6DestCidrIp", "%s", why)
		} else if !cidr.UnmapPrefix(r.IPv6DestCIDR).Addr().Is6() {
			bad("ipv6DestCidrIp", "%s is IPv4: use destCidrIp", r.IPv6DestCIDR)
		}
	}
	for _, d := range []struct{ name, v string }{{"destGroupId", r.DestGroupID}, {"destPrefixListId", r.DestPrefixListID}} {
		if d.v != "" {
			n++
			if !isResourceID(d.v) {
				bad(d.name, "%q is not a resource ID", d.v)
			}
		}
	}
	switch n {
	case 0:
		bad("", "%w: a destination: one of destCidrIp, ipv6DestCidrIp, destGroupId, destPrefixListId", instance.ErrRequired)
	case 1:
	default:
		bad("", "%d destinations (%s): a rule has exactly one", n, r.destination())
	}
}

// prefixProblem says what is wrong with a destination block, or "".
func prefixProblem(p netip.Prefix) string {
	switch {
	case !p.IsValid():
		return "invalid prefix"
	case p.Masked() != p:
		return fmt.Sprintf("%s has host bits set: did you mean %s?", p, p.Masked())
	}
	return ""
}

// isResourceID reports whether s is a well-formed resource ID: ASCII
// letters, digits and '-', starting with a letter.
func isResourceID(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !(c >= '0' && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// asciiEqualFold reports whether s equals the ASCII word want without regard
// to ASCII case. Unlike strings.EqualFold it never folds non-ASCII runes
// ("ſ", the Kelvin sign) onto ASCII letters.
func asciiEqualFold(s, want string) bool {
	if len(s) != len(want) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c, w := s[i], want[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if w >= 'A' && w <= 'Z' {
			w += 'a' - 'A'
		}
		if c != w {
			return false
		}
	}
	return true
}

// ParsePriority parses a rule's Priority as the cloud writes it in a
// string (DescribeSecurityGroupAttribute returns a number or a numeric
// string): a decimal number from 1 to 100, without sign, space or leading
// zeros. Anything else is an error matching [ErrInvalidSecurityGroup].
// Readers of JSON numbers check the range with [SecurityGroup.Validate].
func ParsePriority(s string) (int, error) {
	n := 0
	ok := s != "" && len(s) <= 3 && s[0] != '0'
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= '0' && s[i] <= '9'
		n = n*10 + int(s[i]-'0')
	}
	if !ok || n > 100 {
		return 0, fmt.Errorf("%w: priority %q: want a number from 1 to 100", ErrInvalidSecurityGroup, s)
	}
	return n, nil
}

// ParseRuleCIDR parses a rule's destination as the cloud writes DestCidrIp
// or Ipv6DestCidrIp: a CIDR block with [cidr.ParsePrefix]'s rules, or a bare
// address with [cidr.ParseAddr]'s, which becomes its /32 (or /128) prefix.
// A block with host bits set is an error (also [cidr.ErrNotCanonical]),
// never silently masked; an IPv4-mapped address is its IPv4 /32. Every
// error matches [ErrInvalidSecurityGroup]. The empty string, which the
// cloud writes for an unset destination, is an error too: test for it
// first.
func ParseRuleCIDR(s string) (netip.Prefix, error) {
	if strings.IndexByte(s, '/') < 0 {
		a, err := cidr.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%w: destination: %w", ErrInvalidSecurityGroup, err)
		}
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := cidr.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%w: destination: %w", ErrInvalidSecurityGroup, err)
	}
	return p, nil
}

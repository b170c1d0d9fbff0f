package openapi

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// SecurityGroupAttribute is a security group of ECS
// DescribeSecurityGroupAttribute with its outbound rules: the pages of
// one group put together. The rules are those of one call (a first page
// and the pages that answer its NextTokens) that holds all of them; every
// other call and page given must agree with it.
type SecurityGroupAttribute struct {
	// Place is the first page of the call whose rules are read, or the
	// group's first page given when no call holds every rule.
	Place
	// SecurityGroupId is the security group's ID.
	SecurityGroupId string
	// VpcId is the VPC's ID.
	VpcId string
	// InnerAccessPolicy is whether members of the group reach each other;
	// zero when no page gives it.
	InnerAccessPolicy authz.Policy
	// Permissions is the group's outbound rules; nil when Gap is set.
	Permissions []Permission
	// Gap, when not nil, says why the group's outbound rules are not all
	// known: a page not given, a rule that cannot be read, or responses
	// that hold only inbound rules. What depends on them is unverified.
	Gap *Gap
	// Inbound is the group's inbound rules (Direction "ingress"), read as
	// the outbound ones are: Rule's destination fields are the rule's
	// destination restrictions (zero when it has none) and Source its
	// source. Nil when InboundGap is set.
	Inbound []Permission
	// InboundGap, when not nil, says why the group's inbound rules are not
	// all known, as Gap does for the outbound ones.
	InboundGap *Gap
}

// Gap is what is missing from the responses, and where.
type Gap struct {
	// At is the place the gap is seen at.
	At field.Path
	// What says what is missing, such as `DescribeSecurityGroupAttribute
	// pages of "sg-1": the page of NextToken "t2" not given (...)`.
	What string
}

// Permission is one rule of a security group and its place.
type Permission struct {
	Place
	// SecurityGroupRuleId is the rule's ID, when given.
	SecurityGroupRuleId string
	// Rule is the rule, read strictly.
	Rule authz.Rule
	// Source is what the rule says of the traffic's source (the group's
	// members' side): zero when it does not restrict it.
	Source SourceLimit
}

// SourceLimit is what an outbound rule says of the source of the traffic
// it matches, beyond its destination (ECS's quintuple rules): the
// Permission fields SourceCidrIp, Ipv6SourceCidrIp, SourcePortRange,
// SourceGroupId and SourcePrefixListId, and PortRangeListId, the list a
// rule takes its destination ports from (the old Go SDK's
// services/ecs/struct_permission.go; cloud-shapes §2.3). Zero fields are
// not given.
type SourceLimit struct {
	// CIDR and IPv6CIDR are SourceCidrIp and Ipv6SourceCidrIp.
	CIDR, IPv6CIDR netip.Prefix
	// Ports is SourcePortRange.
	Ports authz.PortRange
	// GroupID is SourceGroupId, PrefixListID SourcePrefixListId.
	GroupID, PrefixListID string
	// PortRangeListID is PortRangeListId: the destination ports come
	// from that list.
	PortRangeListID string
}

// The classes of a DescribeSecurityGroupAttribute call by its request's
// Direction (egress, ingress or all; all when not given:
// cloud-shapes §2.3).
const (
	dirAll     = "all"
	dirEgress  = "egress"
	dirIngress = "ingress"
	dirUnknown = "?" // a page without an envelope, or a Direction of no known value
)

// The two directions of a security group's rules, as indexes of
// sgPage.side.
const (
	sideEgress = iota
	sideIngress
)

// sides names the directions: their Direction value and their word.
var sides = [2]struct{ dir, word, other string }{{dirEgress, "outbound", dirIngress}, {dirIngress, "inbound", dirEgress}}

// sgSide is what one page holds of the rules of one direction.
type sgSide struct {
	perms      []Permission
	seen       bool // the page holds a rule of the direction, read or not
	unreadable *Gap // the first rule of the direction that cannot be read
}

// sgPage is one page of DescribeSecurityGroupAttribute.
type sgPage struct {
	Place
	id, vpc   string
	inner     authz.Policy
	answers   string     // the request's NextToken: the page it is
	answersAt field.Path // where the request names it
	issues    string     // the response's NextToken: the page after it
	direction string     // the class of the call by its request's Direction
	side      [2]sgSide  // the outbound and the inbound rules
	sig       string
}

// readSecurityGroupPage reads a page of DescribeSecurityGroupAttribute of
// document doc at o, with its request r when enveloped.
func readSecurityGroupPage(o obj, doc int, r obj, enveloped bool) *sgPage {
	pg := &sgPage{Place: Place{Doc: doc, At: o.at}, id: o.id("SecurityGroupId"), vpc: o.str("VpcId"), issues: o.str("NextToken"), direction: dirUnknown}
	pg.inner = optional(o, "InnerAccessPolicy", authz.ParsePolicy)
	if enveloped {
		pg.answers, pg.answersAt = r.str("NextToken"), r.at.Child("NextToken")
		switch d := r.str("Direction"); d {
		case "", dirAll:
			pg.direction = dirAll
		case dirEgress, dirIngress:
			pg.direction = d
		}
		if id := r.str("SecurityGroupId"); id != "" && id != pg.id {
			o.errs.Add(r.at.Child("SecurityGroupId"), fmt.Errorf("%w: the request names security group %q, the response %q", ErrInvalid, id, pg.id))
		}
	}
	var sig []string
	for k, p := range o.list("Permissions", "Permission") {
		d := p.str("Direction")
		if d == "" && (pg.direction == dirEgress || pg.direction == dirIngress) {
			d = pg.direction // a call for one direction
		}
		x := sideEgress
		switch d {
		case dirIngress:
			x = sideIngress
		case dirEgress:
		case "":
			for x := range pg.side {
				sd := &pg.side[x]
				sd.seen = true
				if sd.unreadable == nil {
					sd.unreadable = &Gap{At: p.at.Child("Direction"), What: fmt.Sprintf("rule %d of security group %q gives no Direction, so whether it is an %s rule is not known", k, pg.id, sides[x].word)}
				}
			}
			continue
		default:
			o.errs.Add(p.at.Child("Direction"), fmt.Errorf("%w: %q, want \"ingress\" or \"egress\"", ErrInvalid, d))
			continue
		}
		sd := &pg.side[x]
		sd.seen = true
		var scratch reader
		if x == sideIngress {
			// An inbound rule that cannot be read is not an error: the
			// check did not read inbound rules before, and the vendor's
			// sample gives one with every field; it leaves the group's
			// inbound rules not known.
			scratch = *p.errs
			scratch.list = nil
			p.errs = &scratch
		}
		perm, missing, ok := readRule(p, x == sideIngress)
		switch {
		case !ok && x == sideIngress:
			if sd.unreadable == nil {
				sd.unreadable = &Gap{At: p.at, What: fmt.Sprintf("inbound rule %d of security group %q cannot be read: %v", k, pg.id, scratch.list.Err())}
			}
		case !ok:
		case missing != "":
			if sd.unreadable == nil {
				sd.unreadable = &Gap{At: p.at, What: fmt.Sprintf("%s rule %d of security group %q cannot be read: it gives no %s", sides[x].word, k, pg.id, missing)}
			}
		default:
			perm.Place = Place{Doc: doc, At: p.at}
			sd.perms = append(sd.perms, perm)
			sig = append(sig, sides[x].dir+"\x00"+perm.key()+"\x00"+perm.content())
		}
	}
	slices.Sort(sig)
	pg.sig = strings.Join(sig, "\x01")
	return pg
}

// readRule reads an outbound rule: Policy, Priority (1 to 100, a number or
// a numeric string), IpProtocol, PortRange (or PortRangeListId), exactly
// one destination, and the source restrictions; or, inbound, an inbound
// rule: the same with exactly one source (SourceCidrIp, Ipv6SourceCidrIp,
// SourceGroupId or SourcePrefixListId) and the destination restrictions. DestCidrIp and
// SourceCidrIp may be a block or a bare address (its /32); a block with
// host bits is the block it names. A value of the wrong type or invalid
// is an error (ok false); a field that is missing or empty ("" as the
// cloud writes unset fields) leaves the rule unread, and missing names the
// first such field.
func readRule(p obj, inbound bool) (perm Permission, missing string, ok bool) {
	n := len(p.errs.list)
	var r authz.Rule
	var src SourceLimit
	var absent []string
	need := func(key string) string {
		v := p.str(key)
		if v == "" {
			absent = append(absent, key)
		}
		return v
	}
	parse := func(key, v string, f func(string) error) {
		if v != "" {
			if err := f(v); err != nil {
				p.errs.Add(p.at.Child(key), fmt.Errorf("%w: %w", ErrInvalid, err))
			}
		}
	}
	parse("Policy", need("Policy"), func(s string) (err error) { r.Policy, err = authz.ParsePolicy(s); return })
	if v := p.member("Priority"); v == nil || v.kind == 'z' || v.kind == 's' && v.str == "" {
		absent = append(absent, "Priority")
	} else {
		prio, _ := p.integer("Priority", 1, 100, true)
		r.Priority = int(prio)
	}
	parse("IpProtocol", need("IpProtocol"), func(s string) (err error) { r.Protocol, err = authz.ParseProtocol(s); return })
	src.PortRangeListID = p.str("PortRangeListId")
	if ports := p.str("PortRange"); ports != "" || src.PortRangeListID == "" {
		parse("PortRange", need("PortRange"), func(s string) (err error) { r.Ports, err = authz.ParsePortRange(s); return })
	} else if r.Protocol == authz.ProtocolTCP || r.Protocol == authz.ProtocolUDP {
		r.Ports = authz.PortRange{From: 1, To: 65535} // the list's ports: some of these
	} else {
		r.Ports = authz.AllPorts()
	}
	if ports := (r.Protocol == authz.ProtocolTCP || r.Protocol == authz.ProtocolUDP); r.Protocol != 0 && r.Ports.IsValid() && ports == (r.Ports == authz.AllPorts()) {
		// A pair no request makes (ALL on "1/65535", TCP on "-1/-1"),
		// which the cloud holds: a fact, not a mistake of the plan's, of
		// which what it matches is not known.
		r.Partial = fmt.Sprintf("the cloud holds it with IpProtocol %s and PortRange %q, a pair no request makes, so what it matches is not known", r.Protocol, r.Ports)
		if ports {
			r.Ports = authz.PortRange{From: 1, To: 65535}
		} else {
			r.Ports = authz.AllPorts()
		}
	}
	dests := 0
	if s := p.str("DestCidrIp"); s != "" {
		dests++
		r.DestCIDR = ruleBlock(s, false, p.at.Child("DestCidrIp"), p.errs)
	}
	if s := p.str("Ipv6DestCidrIp"); s != "" {
		dests++
		r.IPv6DestCIDR = ruleBlock(s, true, p.at.Child("Ipv6DestCidrIp"), p.errs)
	}
	if r.DestGroupID = p.str("DestGroupId"); r.DestGroupID != "" {
		dests++
	}
	if r.DestPrefixListID = p.str("DestPrefixListId"); r.DestPrefixListID != "" {
		dests++
	}
	srcs := 0
	if s := p.str("SourceCidrIp"); s != "" {
		srcs++
		src.CIDR = ruleBlock(s, false, p.at.Child("SourceCidrIp"), p.errs)
	}
	if s := p.str("Ipv6SourceCidrIp"); s != "" {
		srcs++
		src.IPv6CIDR = ruleBlock(s, true, p.at.Child("Ipv6SourceCidrIp"), p.errs)
	}
	parse("SourcePortRange", p.str("SourcePortRange"), func(s string) (err error) { src.Ports, err = authz.ParsePortRange(s); return })
	src.GroupID, src.PrefixListID = p.str("SourceGroupId"), p.str("SourcePrefixListId")
	for _, s := range []string{src.GroupID, src.PrefixListID} {
		if s != "" {
			srcs++
		}
	}
	word, ends, ones := "an outbound rule", "DestCidrIp, Ipv6DestCidrIp, DestGroupId or DestPrefixListId", dests
	if inbound {
		word, ends, ones = "an inbound rule", "SourceCidrIp, Ipv6SourceCidrIp, SourceGroupId or SourcePrefixListId", srcs
	}
	switch {
	case ones == 0 && inbound:
		absent = append(absent, "source ("+ends+")")
	case ones == 0:
		absent = append(absent, "destination ("+ends+")")
	case ones > 1:
		p.errs.Add(p.at, fmt.Errorf("%w: %s needs exactly one of %s; it has %d", ErrInvalid, word, strings.Replace(ends, " or ", ", ", 1), ones))
	}
	perm = Permission{SecurityGroupRuleId: p.str("SecurityGroupRuleId"), Rule: r, Source: src}
	if len(absent) > 0 {
		missing = absent[0]
	}
	return perm, missing, len(p.errs.list) == n
}

// ruleBlock reads a rule's block: a block (with host bits, the block it
// names), or a bare address as its single-address block, of the family
// the field is for.
func ruleBlock(s string, v6 bool, at field.Path, r *reader) netip.Prefix {
	var p netip.Prefix
	if strings.Contains(s, "/") {
		p = parsePrefix(s, at, r)
	} else if a := parseAddr(s, at, r); a.IsValid() {
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.IsValid() && p.Addr().Is6() != v6 {
		r.Add(at, fmt.Errorf("%w: %s is not an %s block", ErrInvalid, p, map[bool]string{false: "IPv4", true: "IPv6"}[v6]))
		return netip.Prefix{}
	}
	return p
}

// key identifies a rule across pages: its SecurityGroupRuleId, else its
// content.
func (p *Permission) key() string {
	if p.SecurityGroupRuleId != "" {
		return "id:" + p.SecurityGroupRuleId
	}
	return "rule:" + p.content()
}

// content is what is read of the rule, as text.
func (p *Permission) content() string {
	return fmt.Sprintf("%s|%+v", p.Rule, p.Source)
}

// addSecurityGroupPage records a page, to be put together with the other
// pages of its group once every document is read.
func (s *Snapshot) addSecurityGroupPage(pg *sgPage) {
	if pg.id == "" {
		return
	}
	if s.sgPages == nil {
		s.sgPages = map[string][]*sgPage{}
	}
	if _, seen := s.sgPages[pg.id]; !seen {
		s.sgOrder = append(s.sgOrder, pg.id)
	}
	s.sgPages[pg.id] = append(s.sgPages[pg.id], pg)
}

// sgCall is a call of DescribeSecurityGroupAttribute as the pages given
// hold it: a first page and the pages that answer its NextTokens, in
// order, or a page whose first page is not given (an orphan).
type sgCall struct {
	pages    []*sgPage
	complete bool
	gap      *Gap // why it is not complete
}

// informative reports whether the call says what the group's rules of
// direction x are: it asked for every direction or for that one, or
// (without an envelope, so the direction is not known) it holds a rule of
// that direction.
func (c *sgCall) informative(x int) bool {
	switch c.pages[0].direction {
	case dirAll, sides[x].dir:
		return true
	case sides[x].other:
		return false
	}
	for _, pg := range c.pages {
		if pg.side[x].seen {
			return true
		}
	}
	return false
}

// finishSecurityGroups puts each group's pages together, in time linear
// in the pages and rules.
func (s *Snapshot) finishSecurityGroups(errs *reader) {
	for _, id := range s.sgOrder {
		s.SGAttributes[id] = resolveGroup(id, s.sgPages[id], errs)
	}
	s.sgPages, s.sgOrder = nil, nil
}

// resolveGroup puts the pages of group id together: the group's own fields
// must agree; a page given twice counts once; one NextToken is issued by
// one page and answered by one page (else the pages are of different
// times: a conflict), so that the calls are disjoint chains of pages; the
// rules are those of the first call that holds every outbound rule, and
// every other call or page must agree with it (a rule it does not have, or
// has otherwise, is a conflict: responses of different times); and the
// same for the inbound rules.
func resolveGroup(id string, pages []*sgPage, errs *reader) *SecurityGroupAttribute {
	first := pages[0]
	attr := &SecurityGroupAttribute{Place: first.Place, SecurityGroupId: id}
	byAnswer, byIssue := map[string]*sgPage{}, map[string]*sgPage{}
	seen := map[string]bool{}
	kept := pages[:0:0]
	for _, pg := range pages {
		if pg.vpc != "" && attr.VpcId != "" && pg.vpc != attr.VpcId || pg.inner != 0 && attr.InnerAccessPolicy != 0 && pg.inner != attr.InnerAccessPolicy {
			errs.Add(pg.At, fmt.Errorf("%w: security group %q differs from %s", ErrConflict, id, first.At))
			return attr
		}
		attr.VpcId = cmp.Or(attr.VpcId, pg.vpc)
		attr.InnerAccessPolicy = cmp.Or(attr.InnerAccessPolicy, pg.inner)
		if !once(seen, pg.answers+"\x00"+pg.issues+"\x00"+pg.sig) {
			continue // the same page again
		}
		for _, t := range []struct {
			m     map[string]*sgPage
			token string
			verb  string
		}{{byAnswer, pg.answers, "answers"}, {byIssue, pg.issues, "issues"}} {
			if t.token == "" {
				continue
			}
			if old := t.m[t.token]; old != nil {
				errs.Add(pg.At, fmt.Errorf("%w: this page %s NextToken %q, as the page at %s does, with other rules: responses of different times", ErrConflict, t.verb, t.token, old.At))
				return attr
			}
			t.m[t.token] = pg
		}
		kept = append(kept, pg)
	}
	// The calls, from each first page; then the pages no call reaches.
	// Each page has one page before it and one after it at most, so the
	// walk is linear.
	reached := make(map[*sgPage]bool, len(kept))
	var calls []*sgCall
	for _, pg := range kept {
		if pg.answers != "" {
			continue
		}
		c := &sgCall{pages: []*sgPage{pg}}
		reached[pg] = true
		for cur := pg; ; {
			if cur.issues == "" {
				c.complete = true
				break
			}
			next := byAnswer[cur.issues]
			if next == nil {
				c.gap = &Gap{At: cur.At.Child("NextToken"), What: fmt.Sprintf("DescribeSecurityGroupAttribute pages of %q: the page of NextToken %q not given (give it in the envelope {\"request\": {\"NextToken\": %q}, \"response\": <body>})", id, cur.issues, cur.issues)}
				break
			}
			if reached[next] {
				c.gap = &Gap{At: cur.At.Child("NextToken"), What: fmt.Sprintf("DescribeSecurityGroupAttribute pages of %q: their NextTokens go round, so the pages after %s are not given", id, cur.At)}
				break
			}
			reached[next] = true
			c.pages = append(c.pages, next)
			cur = next
		}
		calls = append(calls, c)
	}
	for _, pg := range kept {
		if !reached[pg] {
			calls = append(calls, &sgCall{pages: []*sgPage{pg}, gap: &Gap{At: pg.answersAt, What: fmt.Sprintf("DescribeSecurityGroupAttribute pages of %q: the page at %s answers NextToken %q, which no page given issued, so the pages before it are not given (give the first page, whose request names no NextToken)", id, pg.At, pg.answers)}})
		}
	}
	var at *Place
	attr.Permissions, attr.Gap, at = chooseRules(id, calls, sideEgress, errs)
	if at != nil {
		attr.Place = *at
	}
	attr.Inbound, attr.InboundGap, _ = chooseRules(id, calls, sideIngress, errs)
	return attr
}

// chooseRules returns group id's rules of direction x: those of the first
// complete call that says what they are, with which every other such
// call must agree, and the place of its first page; or why they are not
// known.
func chooseRules(id string, calls []*sgCall, x int, errs *reader) ([]Permission, *Gap, *Place) {
	var chosen *sgCall
	for _, c := range calls {
		if c.complete && c.informative(x) {
			chosen = c
			break
		}
	}
	if chosen == nil {
		return nil, missingRules(id, calls, x), nil
	}
	var out []Permission
	var gap *Gap
	rules := map[string]*Permission{}
	for _, pg := range chosen.pages {
		if u := pg.side[x].unreadable; u != nil && gap == nil {
			gap = u
		}
		for j := range pg.side[x].perms {
			p := &pg.side[x].perms[j]
			if old, dup := rules[p.key()]; !dup {
				rules[p.key()] = p
				out = append(out, *p)
			} else if old.content() != p.content() {
				errs.Add(p.At, fmt.Errorf("%w: rule %q differs from %s", ErrConflict, p.SecurityGroupRuleId, old.At))
			}
		}
	}
	for _, c := range calls {
		if c == chosen || !c.informative(x) {
			continue
		}
		agree(id, c, chosen, rules, x, errs)
	}
	if gap != nil {
		out = nil
	}
	return out, gap, &chosen.pages[0].Place
}

// agree checks that call c holds only rules of direction x of the chosen
// call, alike, and, when complete, all of them.
func agree(id string, c, chosen *sgCall, rules map[string]*Permission, x int, errs *reader) {
	keys := map[string]bool{}
	for _, pg := range c.pages {
		for j := range pg.side[x].perms {
			p := &pg.side[x].perms[j]
			old, ok := rules[p.key()]
			switch {
			case !ok:
				errs.Add(p.At, fmt.Errorf("%w: security group %q: this rule is not among the rules of the call at %s: responses of different times", ErrConflict, id, chosen.pages[0].At))
				return
			case old.content() != p.content():
				errs.Add(p.At, fmt.Errorf("%w: rule %q differs from %s", ErrConflict, p.SecurityGroupRuleId, old.At))
				return
			}
			keys[p.key()] = true
		}
	}
	if c.complete && len(keys) != len(rules) {
		errs.Add(c.pages[0].At, fmt.Errorf("%w: security group %q: this call holds %d %s rules, the call at %s %d: responses of different times", ErrConflict, id, len(keys), sides[x].word, chosen.pages[0].At, len(rules)))
	}
}

// missingRules says why no call given holds all of group id's rules of
// direction x: a page not given of a call that may hold some, or else
// that the calls given hold only rules of the other direction.
func missingRules(id string, calls []*sgCall, x int) *Gap {
	var gap, other *Gap
	otherDir := false
	sd := sides[x]
	for _, c := range calls {
		switch {
		case c.gap != nil && c.informative(x):
			if gap == nil {
				gap = c.gap
			}
		case c.gap != nil:
			other = cmp.Or(other, c.gap)
		}
		otherDir = otherDir || c.pages[0].direction == sd.other
	}
	switch {
	case gap != nil:
		return gap
	case other != nil:
		return other
	case otherDir:
		return &Gap{At: calls[0].pages[0].At, What: fmt.Sprintf("the %s rules of security group %q: DescribeSecurityGroupAttribute was called with Direction %q (give the call with Direction %q or \"all\")", sd.word, id, sd.other, sd.dir)}
	}
	return &Gap{At: calls[0].pages[0].At, What: fmt.Sprintf("the %s rules of security group %q: the responses given hold no %s rule, and none says it answers a call for every direction, so it may have been called with Direction %q (give it in the envelope {\"request\": {\"Direction\": \"all\"}, \"response\": <body>})", sd.word, id, sd.word, sd.other)}
}

// once reports whether key is new to seen, and adds it.
func once(seen map[string]bool, key string) bool {
	if seen[key] {
		return false
	}
	seen[key] = true
	return true
}

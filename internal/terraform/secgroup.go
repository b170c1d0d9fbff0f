package terraform

import (
	"cmp"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
)

// readSecurityGroups reads the security groups and their outbound rules.
// A group's security_group_type known only after apply (so in every create
// plan where it is not set: the cloud chooses it) leaves the default for
// traffic no rule matches unknown: the group gets, last of all (priority
// 100), an accept rule whose destination cannot be known, so that what only
// the default decides is unverified, never denied by a type guessed.
func (t *planReader) readSecurityGroups() {
	t.sgIDs = make(map[string]string)
	t.innerUnknown = make(map[int]string)
	byID := make(map[string]int)
	for _, r := range t.resources(tfSecGroup) {
		i := len(t.v.SecurityGroups)
		sg := SecurityGroup{SecurityGroup: authz.SecurityGroup{ID: t.id(r)}, At: SecurityGroupAt{Resource: r.Address, ID: r.Address + ".id"}}
		if sg.ID == r.Address {
			sg.ID = plannedID(r.Address, i)
			t.sgIDs[r.Address] = sg.ID
		}
		sg.Type, sg.At.Type = parseAttr(t, r, "the group's default for traffic that no rule matches (allow in a basic group, deny in an enterprise one) is not known, so what only it decides is unverified", "security_group_type", authz.ParseGroupType)
		if f := t.attr(r, "security_group_type"); f.Unknown {
			sg.add(unknownRule(authz.PolicyAccept, 100, "it stands for the group's default, as "+f.Where()+" is known only after apply (allow in a basic group, deny in an enterprise one)"), RuleAt{Rule: f.Where()})
		}
		// An unknown inner access policy matters only to an ECS backend
		// in the group: see innerPolicy, which notes it.
		if f := t.attr(r, "inner_access_policy"); f.Unknown {
			t.innerUnknown[i] = f.Where()
		} else {
			sg.InnerAccessPolicy, sg.At.InnerAccessPolicy = parseAttr(t, r, "", "inner_access_policy", authz.ParsePolicy)
		}
		// Its rules are all in the plan: its inbound rules are given, as
		// the plan's alicloud_security_group_rule resources of type
		// ingress add them.
		sg.Inbound = &authz.Inbound{Rules: []authz.IngressRule{}}
		byID[sg.ID] = i
		t.v.SecurityGroups = append(t.v.SecurityGroups, sg)
	}
	// A rule that may be an outbound rule of a group of the plan (its type
	// or its group known only after apply) makes what it might decide
	// unverified in each group it may be in: each such group gets one rule
	// per policy the rule may have, whose destination cannot be known, at
	// the smallest such priority. Two rules per group at most, however many
	// such rules: the cost stays linear.
	var (
		first    = make(map[int]*[2]uncertain) // a group's first uncertain rules, accept and drop
		anyGroup [2]uncertain                  // the first rules that may be in any group
		inFirst  = make(map[int]*uncertain)    // a group's first rule that may be inbound, not known
		inAny    uncertain                     // the first such rule that may be in any group
	)
	for _, r := range t.resources(tfSecGroupRule) {
		pols := t.policies(r)
		what := "what it might " + pols.verb() + " is unverified"
		typ, tf := t.text(r, "the rule may be an outbound one: "+what, "type")
		if typ != "egress" && typ != "ingress" && !tf.Unknown {
			continue
		}
		s, gf := t.text(r, "the rule may be in any of the plan's security groups: "+what+" in each", "security_group_id")
		id := t.groupID(s, gf)
		i, ok := byID[id]
		ok = ok && id != ""
		switch {
		case !ok && !gf.Unknown:
			continue // a group the plan does not describe
		case ok && typ == "ingress" && !tf.Unknown:
			t.ingressRule(r, i, pols)
			continue
		case ok && !tf.Unknown:
			t.egressRule(r, i, pols)
			continue
		case typ == "ingress" || tf.Unknown:
			// It may be an inbound rule of this group, or of any.
			u := &inAny
			if ok {
				if inFirst[i] == nil {
					inFirst[i] = new(uncertain)
				}
				u = inFirst[i]
			}
			u.add(r, cmp.Or(max(0, min(t.priority(r), 100)), 1))
			if typ == "ingress" {
				continue
			}
		}
		p := t.priority(r)
		if p < 1 || p > 100 {
			p = 1 // unknown or absent (the provider's default is 1)
		}
		u := &anyGroup
		if ok {
			if first[i] == nil {
				first[i] = new([2]uncertain)
			}
			u = first[i]
		}
		for k, may := range []bool{pols.accept, pols.drop} {
			if may {
				u[k].add(r, p)
			}
		}
	}
	for i := range t.v.SecurityGroups {
		var own [2]uncertain
		if first[i] != nil {
			own = *first[i]
		}
		for k, pol := range []authz.Policy{authz.PolicyAccept, authz.PolicyDrop} {
			u := own[k]
			if a := anyGroup[k]; a.r != nil && (u.r == nil || a.p < u.p) {
				u = a
			}
			if u.r != nil {
				t.v.SecurityGroups[i].add(unknownRule(pol, u.p, standsFor(u.r.Address)), RuleAt{Rule: u.r.Address})
			}
		}
		u := inAny
		if o := inFirst[i]; o != nil && (u.r == nil || o.p < u.p) {
			u = *o
		}
		if u.r != nil {
			t.v.SecurityGroups[i].addInbound(unknownInbound(u.p, standsFor(u.r.Address)), u.r.Address)
		}
	}
}

// addInbound appends inbound rule r, read at resource address at.
func (sg *SecurityGroup) addInbound(r authz.IngressRule, at string) {
	sg.Inbound.Rules = append(sg.Inbound.Rules, r)
	sg.At.Inbound = append(sg.At.Inbound, at)
}

// unknownInbound returns an inbound rule at priority p of which whether it
// matches cannot be known, for the reason why (a drop rule, so that it
// comes first among the rules of its priority, from anywhere, and Partial):
// what it and every later rule might decide is not decided
// (authz.SecurityGroup.Admit leaves it open).
func unknownInbound(p int, why string) authz.IngressRule {
	return authz.IngressRule{Policy: authz.PolicyDrop, Priority: p, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), SourceCIDR: anywhere(), Partial: why}
}

// ingressRule adds the inbound rule of r to security group i; pols is what
// its policy may be. A rule of which anything that decides what it matches
// or where it stands (protocol, ports, source, priority) or its policy is
// known only after apply stands as a rule whose source cannot be known, at
// its priority (the first, 1, when that is unknown): what it might decide
// is not decided.
func (t *planReader) ingressRule(r *Res, i int, pols policies) {
	const unchecked = "what the inbound rule might decide is unverified"
	var rule authz.IngressRule
	rule.Protocol, _ = parseAttr(t, r, unchecked, "ip_protocol", authz.ParseProtocol)
	rule.Ports, _ = parseAttr(t, r, unchecked, "port_range", authz.ParsePortRange)
	switch {
	case pols.accept != pols.drop && pols.accept:
		rule.Policy = authz.PolicyAccept
	case pols.accept != pols.drop:
		rule.Policy = authz.PolicyDrop
	case !pols.accept:
		rule.Policy, _ = parseAttr(t, r, unchecked, "policy", authz.ParsePolicy)
	default:
		t.text(r, unchecked, "policy") // unknown: noted
	}
	rule.Priority = t.priority(r)
	unknown := t.ruleEnds(r, pols, unchecked, [len(ruleEndAttrs)]func(string, Found){
		func(s string, f Found) { rule.SourceCIDR = t.ruleDest(f, s, false) },
		func(s string, f Found) { rule.IPv6SourceCIDR = t.ruleDest(f, s, true) },
		func(s string, _ Found) { rule.SourceGroupID = s },
		func(s string, _ Found) { rule.SourcePrefixListID = s },
	})
	// A valid ingress rule matches cidr_ip as a block without host bits.
	if rule.SourceCIDR.IsValid() {
		rule.SourceCIDR = cidr.UnmapPrefix(rule.SourceCIDR).Masked()
	}
	if rule.IPv6SourceCIDR.IsValid() {
		rule.IPv6SourceCIDR = rule.IPv6SourceCIDR.Masked()
	}
	sg := &t.v.SecurityGroups[i]
	if unknown {
		p := rule.Priority
		if t.attr(r, "priority").Unknown || p < 1 || p > 100 {
			p = 1
		}
		rule = unknownInbound(p, standsFor(r.Address))
	}
	sg.addInbound(rule, r.Address)
}

// add appends rule r, read at places at.
func (sg *SecurityGroup) add(r authz.Rule, at RuleAt) {
	sg.Rules = append(sg.Rules, r)
	sg.At.Rules = append(sg.At.Rules, at)
}

// uncertain is the first rule (and the smallest priority) of those that
// may be in a group.
type uncertain struct {
	r *Res
	p int
}

func (u *uncertain) add(r *Res, p int) {
	if u.r == nil {
		u.r, u.p = r, p
	}
	u.p = min(u.p, p)
}

// unknownRule returns a rule of policy pol at priority p of which whether
// it matches cannot be known, for the reason why (to anywhere, and
// Partial): whatever it might match is unverified.
func unknownRule(pol authz.Policy, p int, why string) authz.Rule {
	return authz.Rule{Policy: pol, Priority: p, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestCIDR: anywhere(), Partial: why}
}

// anywhere returns the destination or source of a rule that stands for one
// not known: every IPv4 address (a Partial rule matches IPv6 ones too).
func anywhere() netip.Prefix { return netip.PrefixFrom(netip.IPv4Unspecified(), 0) }

// standsFor says what a rule that stands for rule resource at does not
// know.
func standsFor(at string) string {
	return "it stands for " + at + ", whose policy, priority, protocol, ports or far end is known only after apply"
}

// policies is what a rule's policy may be: one, or both while it is known
// only after apply; neither when it is absent or invalid.
type policies struct{ accept, drop bool }

// verb says what a rule of these policies does: "allow", "deny" or
// "decide".
func (p policies) verb() string {
	switch {
	case p.accept && p.drop:
		return "decide"
	case p.accept:
		return "allow"
	}
	return "deny"
}

// policies reads a rule's policy: an unknown one may be either (noted).
func (t *planReader) policies(r *Res) policies {
	f := t.attr(r, "policy")
	if f.Unknown {
		return policies{accept: true, drop: true}
	}
	if pol, err := authz.ParsePolicy(t.str(r, "policy")); err == nil {
		return policies{accept: pol == authz.PolicyAccept, drop: pol == authz.PolicyDrop}
	}
	return policies{}
}

// innerPolicy makes the unknown inner access policy of the security group
// of each ECS backend unverified: an Accept policy lets the group's
// members reach each other whatever its rules say, so the group gets,
// first of all (priority 1), an accept rule whose destination cannot be
// known. Only a group an ECS backend is in gets it, and a note.
func (t *planReader) innerPolicy() {
	if len(t.innerUnknown) == 0 {
		return
	}
	byID := make(map[string][]int, len(t.innerUnknown)) // the groups whose policy is unknown, by ID
	for i := range t.v.SecurityGroups {
		if _, ok := t.innerUnknown[i]; ok {
			id := t.v.SecurityGroups[i].ID
			byID[id] = append(byID[id], i)
		}
	}
	for _, a := range t.v.Authorizations {
		if a.Backend != authz.ECS || a.SecurityGroupID == "" {
			continue
		}
		for _, i := range byID[a.SecurityGroupID] {
			where, ok := t.innerUnknown[i]
			if !ok {
				continue
			}
			delete(t.innerUnknown, i)
			t.unverified(where, where, fmt.Sprintf("%s is known only after apply, and ECS backend %q is in the group: if it is Accept, the group's members reach each other whatever its rules say, so what its rules deny is unverified", where, a.InstanceID))
			t.v.SecurityGroups[i].add(unknownRule(authz.PolicyAccept, 1, "it stands for the group's internal access policy, as "+where+" is known only after apply"), RuleAt{Rule: where})
			// The policy is the inbound default of the lowest priority:
			// what no inbound rule decides is not decided.
			t.v.SecurityGroups[i].addInbound(unknownInbound(100, "it stands for the group's internal access policy, as "+where+" is known only after apply"), where)
		}
		delete(byID, a.SecurityGroupID)
	}
}

// groupID returns the plan's ID of the security group that s names: s, or
// for the address of a group created with the plan, that group's planned ID.
func (t *planReader) groupID(s string, f Found) string {
	if id, ok := t.sgIDs[s]; ok && f.Placeholder {
		return id
	}
	return s
}

// egressRule adds the outbound rule of r to security group i; pols is what
// its policy may be. A rule of which anything that decides what it matches
// or where it stands (protocol, ports, destination, priority) or its
// policy is known only after apply is noted, and stands as one rule per
// policy it may have whose destination cannot be known, at its priority
// (the first, 1, when that is unknown): what it might decide is
// unverified, and nothing else.
func (t *planReader) egressRule(r *Res, i int, pols policies) {
	const unchecked = "what the rule might decide is unverified"
	var rule authz.Rule
	var at RuleAt
	rule.Protocol, at.Protocol = parseAttr(t, r, unchecked, "ip_protocol", authz.ParseProtocol)
	rule.Ports, at.Ports = parseAttr(t, r, unchecked, "port_range", authz.ParsePortRange)
	if pols.accept != pols.drop {
		rule.Policy = authz.PolicyDrop
		if pols.accept {
			rule.Policy = authz.PolicyAccept
		}
		at.Policy = r.Address + ".policy"
	} else if !pols.accept {
		// Absent or invalid (an error): left zero.
		rule.Policy, at.Policy = parseAttr(t, r, unchecked, "policy", authz.ParsePolicy)
	} else {
		t.text(r, unchecked, "policy") // unknown: noted
	}
	rule.Priority = t.priority(r)
	at.Priority = r.Address + ".priority"
	unknown := t.ruleEnds(r, pols, unchecked, [len(ruleEndAttrs)]func(string, Found){
		func(s string, f Found) { rule.DestCIDR, at.DestCIDR = t.ruleDest(f, s, false), f.Where() },
		func(s string, f Found) { rule.IPv6DestCIDR, at.IPv6DestCIDR = t.ruleDest(f, s, true), f.Where() },
		func(s string, f Found) { rule.DestGroupID, at.DestGroupID = s, f.Where() },
		func(s string, f Found) { rule.DestPrefixListID, at.DestPrefixListID = s, f.Where() },
	})
	sg := &t.v.SecurityGroups[i]
	if !unknown {
		at.Rule = r.Address
		sg.add(rule, at)
		return
	}
	p := rule.Priority
	if t.attr(r, "priority").Unknown || p < 1 || p > 100 {
		p = 1
	}
	// The rules that stand for it: the first keeps the places read.
	for k, pol := range []authz.Policy{authz.PolicyAccept, authz.PolicyDrop} {
		if k == 0 && !pols.accept || k == 1 && !pols.drop {
			continue
		}
		at.Rule = r.Address
		sg.add(unknownRule(pol, p, standsFor(r.Address)), at)
		at = RuleAt{}
	}
}

// ruleEndAttrs are the attributes of a rule's far end, in the order read:
// a block of each family, a peer group, a prefix list.
var ruleEndAttrs = [...]string{"cidr_ip", "ipv6_cidr_ip", "source_security_group_id", "prefix_list_id"}

// ruleEnds reads the far end of rule r: set[k] gets the text and place of
// ruleEndAttrs[k] when the plan gives one. It reports whether what the rule
// matches is not known: its policy may be either (pols), or its protocol,
// ports, priority or an end is known only after apply.
func (t *planReader) ruleEnds(r *Res, pols policies, unchecked string, set [len(ruleEndAttrs)]func(string, Found)) bool {
	unknown := pols.accept && pols.drop || t.attr(r, "ip_protocol").Unknown || t.attr(r, "port_range").Unknown || t.attr(r, "priority").Unknown
	for k, attr := range ruleEndAttrs {
		switch s, f, skip, unk := t.ruleEnd(r, attr, unchecked); {
		case skip:
		case unk:
			unknown = true
		case s != "":
			set[k](s, f)
		}
	}
	return unknown
}

// ruleEnd reads attribute attr of rule r, one of its destination (or
// source) forms: skip when it is computed and not given (prefix_list_id is
// Optional and Computed: the provider sends no such form); unknown when it
// is known only after apply (a reference to a resource of the plan is
// noted), with unchecked saying what that leaves.
func (t *planReader) ruleEnd(r *Res, attr, unchecked string) (s string, f Found, skip, unknown bool) {
	if t.attr(r, attr).Unknown && !t.ix.Configured(r, attr) {
		return "", f, true, false
	}
	s, f = t.text(r, unchecked, attr)
	if attr == "source_security_group_id" {
		if id := t.groupID(s, f); id != s {
			s, f.Placeholder = id, false
		}
	}
	if f.Placeholder {
		t.unverified(f.Where(), r.Address+"."+attr, r.Address+"."+attr+" refers to "+f.Where()+", known only after apply: "+unchecked)
	}
	return s, f, false, f.Unknown || f.Placeholder
}

// ruleDest reads a rule's destination: a CIDR block, or a bare address
// meaning its /32 (or /128) block, of the family of its attribute (cidr_ip
// IPv4, ipv6_cidr_ip IPv6, an IPv4-mapped address being IPv4), as the
// OpenAPI reader reads DestCidrIp and Ipv6DestCidrIp; a block with host
// bits, or of the other family, is an error.
func (t *planReader) ruleDest(f Found, s string, v6 bool) netip.Prefix {
	var p netip.Prefix
	if a, err := cidr.ParseAddr(s); err == nil && !strings.Contains(s, "/") {
		p = netip.PrefixFrom(a, a.BitLen())
	} else if p, err = cidr.ParsePrefix(s); err != nil {
		t.fail(f, err)
		return p
	}
	if p.Addr().Is6() != v6 {
		t.fail(f, fmt.Errorf("%w: %s is not an %s block", authz.ErrInvalidSecurityGroup, p, map[bool]string{false: "IPv4", true: "IPv6"}[v6]))
		return netip.Prefix{}
	}
	return p
}

// priority returns a rule's priority: a number, or a numeric string.
func (t *planReader) priority(r *Res) int {
	f := t.attr(r, "priority")
	switch {
	case f.Unknown:
		where := f.Where()
		t.unverified(where, r.Address+".priority", r.Address+".priority is known only after apply: the rule's effect is not checked")
		return 0
	case f.Value == nil:
		return 0
	}
	n, ok := t.integer(f)
	if !ok {
		return 0
	}
	return int(n)
}

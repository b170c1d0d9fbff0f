// This file implements the remedy phase of Check: the least change that
// clears each fixable finding (see Remedy), worked out once every other
// phase has reported, from what they registered with want.

package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/remedy"
)

// remedyState holds the findings that may have a remedy, registered by the
// phases that report them (want); the remedy phase (remedies) fills their
// remedies, and run drops those left empty.
type remedyState struct {
	needs  []remedyNeed
	byRule map[*Remedy]bool // outbound rule remedies that a rule of the plan stands in the way of
}

// needKind is the kind of change a finding may have.
type needKind uint8

const (
	needUnreachable   needKind = 1 + iota // an accessible block for addr
	needEgress                            // outbound rules for flow
	needLayout                            // a vSwitch block (z >= 0) or the instance CIDR block (z < 0)
	needAuthorization                     // the authorization name of group g
)

// remedyNeed is a finding that may have a remedy, and what the phase that
// reported it knew.
type remedyNeed struct {
	r    *Remedy // the finding's remedy, filled by the remedy phase
	kind needKind
	t    int // the target instance, but for needAuthorization

	addr netip.Addr // needUnreachable: the failing address

	flow   authz.Flow  // needEgress: the flow (TCP, its port, its address)
	groups []sgVerdict // needEgress: each refusing group of t and its verdict

	z    int          // needLayout: the placement, or -1 for the instance CIDR block
	fp   field.Path   // needLayout: the finding's path within the purchase form
	code Code         // needLayout: the finding's code
	sugg netip.Prefix // needLayout: the block the finding suggests

	g    int    // needAuthorization: the group
	name string // needAuthorization: the missing name
}

// sgVerdict is a security group's verdict on a flow that it refuses.
type sgVerdict struct {
	j int // index in Plan.SecurityGroups
	v authz.Verdict
}

// want registers f, just reported, as a finding that may have a remedy.
func (c *checker) want(f *Finding, n remedyNeed) {
	f.Remedy = &Remedy{}
	n.r = f.Remedy
	c.needs = append(c.needs, n)
}

// remedies works out the remedy of every finding registered with want.
// Cost: linear in the findings registered and in the instances' layouts,
// plus, per outbound rule remedy, one pass over the rules of each refusing
// group whose match is unknown (usually none).
func (c *checker) remedies() {
	if len(c.needs) == 0 {
		return
	}
	blocks := c.accessibleRemedies()
	c.layoutRemedies(blocks)
	c.egressRemedies()
	c.authorizationRemedies()
}

// needsByTarget returns the needs of kind by target (their indexes in
// c.needs), and the targets in the order of their first need.
func (c *checker) needsByTarget(kind needKind) (order []int, byTarget map[int][]int) {
	byTarget = map[int][]int{}
	for k, n := range c.needs {
		if n.kind != kind {
			continue
		}
		if _, ok := byTarget[n.t]; !ok {
			order = append(order, n.t)
		}
		byTarget[n.t] = append(byTarget[n.t], k)
	}
	return order, byTarget
}

// accessibleRemedies fills the remedies of unreachable backends: per
// instance, the smallest blocks covering exactly its failing addresses that
// lie in its VPC or connected networks ([remedy.Cover]). It returns those
// blocks by target.
func (c *checker) accessibleRemedies() map[int][]netip.Prefix {
	order, byTarget := c.needsByTarget(needUnreachable)
	out := map[int][]netip.Prefix{}
	for _, t := range order {
		tg := c.targets[t]
		needs := byTarget[t]
		cover := remedy.NewCover(tg.vpc, tg.pi.ID, tg.pi.VPCID, len(needs), func(k int) netip.Addr { return c.needs[needs[k]].addr })
		out[t] = cover.Blocks()
		for _, k := range needs {
			n := c.needs[k]
			b := cover.Of(n.addr)
			*n.r = Remedy{Kind: RemedyAccessible, Instance: tg.pi.ID, Path: tg.path, Blocked: b.Blocked, Wider: b.Wider}
			if b.Block.IsValid() {
				n.r.Accessible = []netip.Prefix{b.Block}
			}
		}
	}
	return out
}

// layoutRemedies fills the remedies of an instance's purchase form: the
// vSwitch and instance CIDR blocks the instance phase suggested, when all
// of the instance's changes together leave no new problem of the purchase
// form and every backend it reaches reachable. blocks holds, by target,
// the accessible blocks the other remedies add.
func (c *checker) layoutRemedies(blocks map[int][]netip.Prefix) {
	order, byTarget := c.needsByTarget(needLayout)
	for _, t := range order {
		tg := c.targets[t]
		s := tg.sugg
		if s == nil {
			continue
		}
		spec := tg.pi.Spec
		spec.Zones = slices.Clone(spec.Zones)
		var filled []int
		for _, k := range byTarget[t] {
			n := c.needs[k]
			switch p, ok := s.given[n.z]; {
			case n.z >= 0 && ok && p.IsValid() && (n.sugg == p || !n.sugg.IsValid() && n.code == CodeInvalidVSwitch):
				pl := spec.Zones[n.z]
				*n.r = Remedy{Kind: RemedyVSwitch, Instance: tg.pi.ID, Path: tg.path,
					VSwitch: &VSwitchChange{Zone: n.z, ZoneID: pl.ZoneID, VSwitchID: pl.VSwitchID, Block: p}}
				spec.Zones[n.z].VSwitchCIDR = p
			case s.changed && n.sugg.IsValid() && n.sugg == s.instCIDR:
				*n.r = Remedy{Kind: RemedyInstanceCIDR, Instance: tg.pi.ID, Path: tg.path, InstanceCIDR: s.instCIDR}
				spec.CIDR = s.instCIDR
			default:
				continue
			}
			filled = append(filled, k)
		}
		if len(filled) == 0 {
			continue
		}
		why := c.layoutProblem(tg, spec, filled)
		if why == "" {
			why = c.stranded(t, spec, blocks[t])
		}
		if why == "" {
			why = c.refusedAfter(t, spec)
		}
		if why != "" {
			for _, k := range filled {
				c.needs[k].r.Blocked = why
			}
		}
	}
}

// layoutProblem checks t's purchase form with the changes of the remedies
// filled: it returns "" when every problem of the new form was a problem of
// the old one and none of the remedied findings is left, else what is
// wrong.
func (c *checker) layoutProblem(t *target, spec instance.Spec, filled []int) string {
	problems := func(s instance.Spec) map[[2]string]int {
		errs := field.Split(s.Validate(c.cat))
		if t.vpc != nil {
			errs = append(errs, field.Split(s.CheckVPC(*t.vpc))...)
		}
		out := map[[2]string]int{}
		for _, e := range errs {
			fp, _ := field.PathOf(e)
			out[[2]string{string(fp), string(c.ex.codeOf(e).Code)}]++
		}
		return out
	}
	before, after := problems(t.pi.Spec), problems(spec)
	for _, k := range filled {
		n := c.needs[k]
		if after[[2]string{string(n.fp), string(n.code)}] > 0 {
			return fmt.Sprintf("the suggested blocks together leave %s at %s: choose the blocks by hand", n.code, c.where(t.path.Join(n.fp)))
		}
	}
	var fresh [][2]string
	for key, m := range after {
		if m > before[key] {
			fresh = append(fresh, key)
		}
	}
	if len(fresh) == 0 {
		return ""
	}
	key := slices.MinFunc(fresh, func(a, b [2]string) int { return strings.Compare(a[0]+" "+a[1], b[0]+" "+b[1]) })
	return fmt.Sprintf("the suggested blocks together would make a new %s problem at %s: choose the blocks by hand", key[1], c.where(t.path.Join(field.Path(key[0]))))
}

// stranded returns what the new vSwitch blocks of spec would leave
// unreachable on target t: a backend checked against t that its accessible
// blocks reach now and would not reach with spec's vSwitch blocks, the
// plan's other accessible blocks and the remedies' added blocks. "" when
// there is none.
func (c *checker) stranded(t int, spec instance.Spec, added []netip.Prefix) string {
	tg := c.targets[t]
	keep := slices.Clone(tg.added)
	keep = append(keep, added...)
	keep = vswitchBlocks(keep, spec.Zones, -1)
	after, _ := cidr.NewSet(keep...) // valid blocks
	var addrs []netip.Addr
	check := func(addr netip.Addr) {
		if addr.IsValid() && tg.checker.Accessible(addr) && !after.Contains(addr) {
			addrs = append(addrs, addr)
		}
	}
	for i := range c.p.Authorizations {
		if r := c.resAt(i, t); r != nil && r.reported && c.valid[i] {
			if a, _ := c.p.Authorizations[i].Address(); a.IsValid() {
				check(a)
			}
		}
	}
	for key, res := range c.direct {
		if key.t == t && res.reported && key.reg == "" {
			check(res.shown.Addr)
		}
	}
	if len(addrs) == 0 {
		return ""
	}
	slices.SortFunc(addrs, netip.Addr.Compare)
	var lost limited
	for _, a := range slices.Compact(addrs) {
		lost.add(a.String())
	}
	return fmt.Sprintf("the suggested vSwitch blocks would leave backend(s) %s, which instance %q reaches only through the vSwitch blocks it has now, unreachable: add blocks that hold them to its accessible blocks, or choose the blocks by hand", lost.join(", "), tg.pi.ID)
}

// refusedAfter returns what the new vSwitch blocks of spec would make
// refused on target t: a backend checked against t whose security group's
// inbound rules, given, admit some of t's vSwitch blocks now and none of
// spec's (a new backend-ingress-denied problem). "" when there is none.
func (c *checker) refusedAfter(t int, spec instance.Spec) string {
	tg := c.targets[t]
	for i, a := range c.p.Authorizations {
		if r := c.resAt(i, t); r == nil || !r.reported || !c.valid[i] || a.Port == 0 {
			continue
		}
		j, ok := c.sgs[a.SecurityGroupID]
		if a.SecurityGroupID == "" || !ok || c.p.SecurityGroups[j].Inbound == nil || c.inboundBad[j] {
			continue
		}
		sg := c.p.SecurityGroups[j]
		if refusesAll(admission(sg, spec.Zones, a.Port)) && !refusesAll(admission(sg, tg.inst.Zones, a.Port)) {
			return fmt.Sprintf("the suggested vSwitch blocks would be refused by the inbound rules of security group %q, which backend %q of authorization %q is in (TCP port %d): let them in first, or choose the blocks by hand", sg.ID, a.InstanceID, a.Name, a.Port)
		}
	}
	return ""
}

// resAt returns the result of authorization i against target t, or nil
// when it was never checked there.
func (c *checker) resAt(i, t int) *result {
	if len(c.targets) == 1 {
		if t != 0 || c.results1 == nil {
			return nil
		}
		return &c.results1[i]
	}
	return c.resultsN[[2]int{i, t}]
}

// egressRemedies fills the remedies of outbound rules that refuse a flow:
// an accept rule per refusing group, at the lowest precedence that still
// decides ([remedy.AcceptRule]), each rule added once, no group beyond the
// cloud's limit ([remedy.Limits]).
func (c *checker) egressRemedies() {
	var limits remedy.Limits
	undecided := remedy.Undecided{} // the first drop rule of unknown match, once per group, port and destination group
	var buf []remedy.GroupRule      // the rules of one remedy, reused
	for k := range c.needs {
		n := &c.needs[k]
		if n.kind != needEgress {
			continue
		}
		tg := c.targets[n.t]
		*n.r = Remedy{Kind: RemedyEgressRules, Instance: tg.pi.ID, Path: tg.path}
		rules := buf[:0]
		for _, gv := range n.groups {
			rulePath := func(k int) field.Path { return field.Path("securityGroups").Index(gv.j).Child("rules").Index(k) }
			rule, way, why := remedy.AcceptRule(&c.p.SecurityGroups[gv.j], gv.j, gv.v, n.flow, undecided,
				func(k int) string { return c.where(rulePath(k)) })
			if why != "" {
				n.r.Blocked = why
				if way != nil {
					n.r.Change = rulePath(way.Rule)
					if c.byRule == nil {
						c.byRule = map[*Remedy]bool{}
					}
					c.byRule[n.r] = true
				}
				break
			}
			rules = append(rules, remedy.GroupRule{Group: gv.j, Rule: rule})
		}
		buf = rules
		if n.r.Blocked != "" {
			continue
		}
		if j, why := limits.Add(rules, c.p.SecurityGroups); why != "" {
			n.r.Change = field.Path("securityGroups").Index(j).Child("rules")
			n.r.Blocked = why
			continue
		}
		for _, rc := range rules {
			n.r.Rules = append(n.r.Rules, RuleChange{SecurityGroup: c.p.SecurityGroups[rc.Group].ID, Path: field.Path("securityGroups").Index(rc.Group), Rule: rc.Rule})
		}
	}
}

// authorizationRemedies fills the remedies of missing authorizations: the
// authorization a name stands for, when the APIs that use it call its
// backend directly at one IP address and port, every group that names it
// agrees, and that backend passes on every instance those groups move to.
func (c *checker) authorizationRemedies() {
	type candidate struct {
		addr  netip.Addr
		port  uint16
		vpc   string
		known bool
		bad   bool // the groups disagree
	}
	byName := map[string]*candidate{}
	var order []string
	needsOf := map[string][]int{}        // the needs of each name, by index in c.needs
	apisOf := map[int]map[string][]int{} // a group's APIs by the name they use, once a need asks
	type groupName struct {
		g    int
		name string
	}
	seen := map[groupName]bool{}
	for k := range c.needs {
		n := &c.needs[k]
		if n.kind != needAuthorization {
			continue
		}
		cd := byName[n.name]
		if cd == nil {
			cd = &candidate{}
			byName[n.name] = cd
			order = append(order, n.name)
		}
		needsOf[n.name] = append(needsOf[n.name], k)
		if seen[groupName{n.g, n.name}] {
			continue // the same group's APIs weighed once
		}
		seen[groupName{n.g, n.name}] = true
		apis := apisOf[n.g]
		if apis == nil {
			apis = map[string][]int{}
			for j, api := range c.p.Groups[n.g].APIs {
				apis[api.VPCAccess] = append(apis[api.VPCAccess], j)
			}
			apisOf[n.g] = apis
			c.work += len(c.p.Groups[n.g].APIs)
		}
		t, _ := c.targetOf(n.g)
		c.work += len(apis[n.name])
		for _, j := range apis[n.name] {
			e := c.p.Groups[n.g].APIs[j].ServiceAddress
			if !e.Addr.IsValid() || e.Host != "" || e.Port == 0 {
				continue
			}
			vpc := ""
			if t >= 0 {
				vpc = c.targets[t].pi.VPCID
			}
			switch {
			case !cd.known:
				cd.addr, cd.port, cd.vpc, cd.known = e.Addr, e.Port, vpc, true
			case cd.addr != e.Addr || cd.port != e.Port || cd.vpc != vpc:
				cd.bad = true
			}
		}
	}
	// The instances each name is checked against once it exists.
	targets := map[string][]int{}
	for g := range c.p.Groups {
		t, _ := c.targetOf(g)
		if t < 0 {
			continue
		}
		c.eachRef(g, func(_ ref, name string, i int) {
			if cd := byName[name]; cd != nil && i < 0 && !slices.Contains(targets[name], t) {
				targets[name] = append(targets[name], t)
			}
		})
	}
	for _, name := range order {
		cd := byName[name]
		if !cd.known || cd.vpc == "" {
			continue
		}
		a := authz.Authorization{Name: name, VPCID: cd.vpc, InstanceID: cd.addr.String(), Port: cd.port}
		why := ""
		switch {
		case cd.bad:
			why = fmt.Sprintf("the APIs that use %q call different backends or move to different VPCs: create the authorization by hand", name)
		case a.Validate() != nil:
			continue
		}
		for _, t := range targets[name] {
			if why != "" {
				break
			}
			tg := c.targets[t]
			flow := authz.Flow{Addr: cd.addr, Port: cd.port, Protocol: authz.ProtocolTCP}
			switch {
			case tg.pi.VPCID != cd.vpc:
				why = fmt.Sprintf("instance %q, where a group that uses %q moves, is in VPC %q, not %q", tg.pi.ID, name, tg.pi.VPCID, cd.vpc)
			case !tg.checker.Accessible(cd.addr):
				why = fmt.Sprintf("instance %q does not reach %s: make it reachable first", tg.pi.ID, cd.addr)
			case c.egressOf(egressSubject{auth: name, port: cd.port}, flow, tg, nil) != egressYes:
				why = fmt.Sprintf("the outbound rules of instance %q do not certainly let TCP port %d out to %s: fix them first", tg.pi.ID, cd.port, cd.addr)
			}
		}
		for _, k := range needsOf[name] {
			*c.needs[k].r = Remedy{Kind: RemedyAuthorization, Path: "authorizations", Authorization: &a, Blocked: why}
		}
	}
}

// dropEmptyRemedies removes from the report's findings the remedies that
// the remedy phase left empty (findings without a remedy), and makes the
// fix of a finding whose outbound rule remedy is blocked by a rule say to
// change that rule: no rule added can come before it.
func (c *checker) dropEmptyRemedies(s *Section) {
	for _, fs := range [][]Finding{s.Problems, s.Warnings} {
		for i := range fs {
			switch rm := fs[i].Remedy; {
			case rm == nil:
			case rm.Kind == "":
				fs[i].Remedy = nil
			case c.byRule[rm]:
				fs[i].Fix = rm.Blocked
			}
		}
	}
}

// egressVerdicts returns each refusing group's verdict in errs (the errors
// of the groups of one class), or nil when one is not an *authz.EgressError
// (an invalid flow, an error no sentinel explains): no rule is known to
// help then.
func egressVerdicts(errs []sgErr) []sgVerdict {
	out := make([]sgVerdict, 0, len(errs))
	for _, e := range errs {
		var ee *authz.EgressError
		if !errors.As(e.err, &ee) {
			return nil
		}
		out = append(out, sgVerdict{j: e.j, v: ee.Verdict})
	}
	return out
}

// sgErr is a security group's error on a flow.
type sgErr struct {
	j   int
	err error
}

// remedyCodes says which codes a kind of change remedies.
func remedyCodes(kind needKind, code Code) bool {
	switch kind {
	case needUnreachable:
		return code == CodeUnreachable
	case needEgress:
		return code == CodeEgressDenied || code == CodeImplicitEgress
	case needLayout:
		return slices.Contains([]Code{CodeReservedConflict, CodeCIDRConflict, CodeInvalidVSwitch, CodeOutsideVPC, CodeCIDRNotAllowed, CodeRequired}, code)
	case needAuthorization:
		return code == CodeMissingAuthorization
	}
	return false
}

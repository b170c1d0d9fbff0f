// This file implements the authorization phase of Check: the security
// groups, each authorization once against the instances its groups move to
// (reachability and outbound rules), and the groups' references to it.

package vpcgate

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/arena"
	"github.com/vpcgate/vpcgate/internal/escape"
	"github.com/vpcgate/vpcgate/internal/locate"
	"github.com/vpcgate/vpcgate/internal/smallset"
	"github.com/vpcgate/vpcgate/migrate"
)

// authState is the state of the authorizations, indexed like
// Plan.Authorizations. The authorization phase (authorizations) sets it;
// the group and placement phases read it and add results for the pairs of
// authorization and instance that it did not check.
type authState struct {
	authByName map[string]int // the first authorization of each name
	dupOf      []int32        // the first of its name, or -1
	valid      []bool         // Validate passed and the name is its own
	useCount   []int32        // the references that name it
	uses       []refList[ref] // the first references, once a finding needs them

	// The outcome against each instance it is checked against.
	results1 []result           // with one instance
	resultsN map[[2]int]*result // by (authorization, instance), with several
	errs     []error            // the errors of results, which hold only an index

	egressCk []*authz.EgressChecker // per security group; nil when invalid

	// Marks for passes over references that meet each authorization once.
	mark  []int32 // the stamp of the pass that last saw it
	stamp int32   // the last stamp given

	line []byte      // a buffer for passed lines
	strs arena.Arena // the text of passed lines
}

// refState holds the groups' references to authorizations, each resolved
// once, the first time eachRef meets it.
type refState struct {
	resolved [][]int32 // per group, the authorization of each reference, or -1
	hint     int       // the authorization a reference named last
}

func (c *checker) authorizations() {
	p := c.p
	si := len(c.r.Sections)
	subject := "VPC access authorizations"
	if len(c.targets) == 1 {
		subject = fmt.Sprintf("VPC access authorizations against instance %q", c.targets[0].pi.ID)
	}
	c.section(subject)
	sec := func() *Section { return c.sectionAt(si) }
	add := func(f Finding) { sec().Problems = append(sec().Problems, f) }
	warn := func(f Finding) { sec().Warnings = append(sec().Warnings, f) }

	// Security groups: duplicates and invalid rules, once each; the
	// prepared form of each valid one.
	c.egressCk = make([]*authz.EgressChecker, len(p.SecurityGroups))
	seenSG := map[string]int{}
	for j, sg := range p.SecurityGroups {
		path := field.Path("securityGroups").Index(j)
		if sg.ID == "" {
			add(c.finding(path.Child("id"), field.New("", instance.ErrRequired)))
		} else if prev, dup := seenSG[sg.ID]; dup {
			add(c.finding(path.Child("id"), field.Duplicate(instance.ErrDuplicate, fmt.Sprintf("security group %q", sg.ID), string(field.Path("securityGroups").Index(prev)))))
		} else {
			seenSG[sg.ID] = j
		}
		errs := field.Split(sg.Validate())
		for _, e := range errs {
			fp, _ := field.PathOf(e)
			add(c.finding(path.Join(fp), e))
		}
		if len(errs) > 0 {
			// Its valid rules still decide what they decide; what its
			// invalid ones might is unverified (a waiver of their
			// problems must not leave a refusal unsaid).
			var ok bool
			if sg, ok = evaluable(sg, errs); !ok {
				continue
			}
		}
		if ck, err := authz.NewEgressChecker(sg); err == nil {
			c.egressCk[j] = ck
		}
	}

	c.authByName = make(map[string]int, len(p.Authorizations))
	c.useCount = make([]int32, len(p.Authorizations))
	c.resolved = make([][]int32, len(p.Groups))
	dupOf := make([]int32, len(p.Authorizations)) // the first of the name, or -1
	c.dupOf, c.hint = dupOf, -1
	for i, a := range p.Authorizations {
		dupOf[i] = -1
		if prev, dup := c.authByName[a.Name]; dup {
			dupOf[i] = int32(prev)
		} else if a.Name != "" {
			c.authByName[a.Name] = i
		}
	}

	// Which instances each authorization is checked against.
	targetsOf := smallset.New(len(p.Authorizations), len(c.targets))
	var tbuf [8]int
	addTarget := targetsOf.Add
	for g := range p.Groups {
		t, _ := c.targetOf(g)
		c.eachRef(g, func(r ref, _ string, i int) {
			if i < 0 {
				return
			}
			c.useCount[i]++
			if t >= 0 {
				addTarget(i, t)
			}
		})
	}
	c.valid = make([]bool, len(p.Authorizations))
	sec().Passed = slices.Grow(sec().Passed, len(p.Authorizations)) // most pass, once each
	for i, a := range p.Authorizations {
		path := func() field.Path { return field.Path("authorizations").Index(i) } // only for findings
		flow, err := a.Flow()                                                      // Validate's errors, and the address, found once
		for _, e := range field.Split(err) {
			fp, _ := field.PathOf(e)
			add(c.finding(path().Join(fp), e))
		}
		if dupOf[i] >= 0 {
			add(c.finding(path().Child("name"), field.Duplicate(migrate.ErrDuplicateAuthorization, fmt.Sprintf("authorization %q", a.Name), string(field.Path("authorizations").Index(int(dupOf[i]))))))
			continue
		}
		if err != nil {
			continue
		}
		c.valid[i] = true
		if targetsOf.Empty(i) && len(c.targets) == 1 && p.Instance != nil {
			addTarget(i, 0)
		}
		if targetsOf.Empty(i) {
			// No move of its groups to an instance, and no single-instance
			// form that names its instance: there is nothing to check it
			// against (placement advice weighs it for its groups; an
			// authorization no API uses is checked by the cloud nowhere).
			if c.useCount[i] == 0 {
				sec().Passed = append(sec().Passed, fmt.Sprintf("%q: used by no group, so checked against no instance", a.Name))
			}
			continue
		}
		ok := true
		decided := flow.Addr.IsValid() // every check decided, none left unverified
		unknownWarned := false
		for _, t := range targetsOf.Of(i, tbuf[:0]) {
			tg := c.targets[t]
			err := c.result(i, t)
			c.res(i, t).reported = true
			if c.res(i, t).reachOpen {
				// Said once, by the note that makes it unverified.
				decided = false
				if n := tg.openNoteOf(flow.Addr); n >= 0 {
					tg.open[n].deps.add(strconv.Quote(a.Name))
				}
			}
			mismatch := errors.Is(err, authz.ErrVPCMismatch)
			for _, e := range field.Split(err) {
				if mismatch && !errors.Is(e, authz.ErrVPCMismatch) && !errors.Is(e, authz.ErrUnknownAddr) {
					continue // one mistake: the backend is in another VPC
				}
				switch {
				case errors.Is(e, authz.ErrUnknownAddr):
					if !unknownWarned {
						unknownWarned = true
						f := c.finding(path().Child("instanceId"), e)
						f.Why = "without the backend's private IP address, reachability and outbound rules cannot be checked"
						f.Fix = "set the authorization's addr (or give the ECS or SLB response that holds it)"
						warn(f)
					}
				case errors.Is(e, authz.ErrVPCMismatch):
					ok = false
					add(c.withUses(c.finding(path().Child("vpcId"), e), i))
				case errors.Is(e, authz.ErrUnreachable):
					ok = false
					f := c.withUses(c.finding(c.addrPath(i), e), i)
					if flow.Addr.IsValid() {
						f.Fix = fmt.Sprintf("add a block that contains %s (inside VPC %q or a connected network) to the accessible blocks of instance %q", flow.Addr, tg.pi.VPCID, tg.pi.ID)
						if f.Code == CodeUnreachable {
							c.want(&f, remedyNeed{kind: needUnreachable, t: t, addr: flow.Addr})
						}
					}
					add(f)
				default:
					ok = false
					add(c.withUses(c.finding(path(), e), i))
				}
			}
			if mismatch {
				ok = false
			} else {
				st := c.egress(i, flow, tg, add, warn)
				c.res(i, t).egress = st
				ok = ok && st != egressNo
				decided = decided && st == egressYes
			}
			if a.SecurityGroupID != "" && !tg.hasGroup(a.SecurityGroupID) {
				warn(c.note("security-group", path().Child("securityGroupId"), fmt.Sprintf("the backend of authorization %q is in security group %q, which is none of instance %q's; the document asks for the same security group", a.Name, a.SecurityGroupID, tg.pi.ID)))
			}
		}
		if ok && decided {
			c.line = appendPassed(c.line[:0], a, flow.Addr)
			sec().Passed = append(sec().Passed, c.strs.String(c.line))
		}
	}
	switch n := len(sec().Passed); {
	case n == 0:
		sec().Passed = nil
	case n < cap(sec().Passed)/2:
		sec().Passed = slices.Clone(sec().Passed) // most failed: keep no room for them
	}
}

// egress checks the outbound rules of t's security groups for the flow of
// authorization i, a valid one, reports every problem and warning once, and
// returns whether they let it out.
func (c *checker) egress(i int, flow authz.Flow, t *target, add, warn func(Finding)) egressState {
	path := func() field.Path { return field.Path("authorizations").Index(i) } // only for findings
	uses := func(f Finding) Finding { return c.withUses(f, i) }
	return c.reportEgress(authSubject(&c.p.Authorizations[i]), flow, t, path, uses, add, warn, true)
}

// reportEgress checks the outbound rules of t's security groups for a flow
// to s, reports every problem and warning once at the place at names (a
// denial with the references that uses lists), and returns whether they
// let it out. When report is set, the findings add and warn receive are
// the report's, and a denial or an implicit allow may get a remedy.
func (c *checker) reportEgress(s egressSubject, flow authz.Flow, t *target, at func() field.Path, uses func(Finding) Finding, add, warn func(Finding), report bool) egressState {
	// One finding of each kind per subject and instance, however many of
	// the instance's groups say the same: the first, and a count.
	var denied, unverified, implicit struct {
		f Finding
		n int
	}
	var deniedBy, implicitBy []sgErr // each group's error, for the remedies
	state := c.egressOf(s, flow, t, func(j int, err error, k egressClass) {
		if report {
			switch k {
			case egressDenied:
				deniedBy = append(deniedBy, sgErr{j, err})
			case egressImplicit:
				implicitBy = append(implicitBy, sgErr{j, err})
			}
		}
		switch k {
		case egressOpen:
			if unverified.n++; unverified.n == 1 {
				unverified.f = c.finding(at(), err)
			}
		case egressBadGroup:
			if unverified.n++; unverified.n == 1 {
				unverified.f = c.note(CodeUnverified, at(), fmt.Sprintf("security group %q is not valid (see its problems), so whether it lets %s port %d out is not known", c.p.SecurityGroups[j].ID, flow.Addr, s.port))
			}
		case egressImplicit:
			if implicit.n++; implicit.n == 1 {
				implicit.f = c.finding(at(), err)
				implicit.f.Fix = fmt.Sprintf("add an outbound rule that accepts TCP to the backend's address and port %d to security group %q", s.port, c.p.SecurityGroups[j].ID)
			}
		case egressDenied:
			if denied.n++; denied.n == 1 {
				denied.f = uses(c.finding(at(), err))
				if flow.Addr.IsValid() {
					denied.f.Fix = fmt.Sprintf("add an outbound rule that accepts TCP to %s port %d to security group %q, before any rule that drops it", flow.Addr, s.port, c.p.SecurityGroups[j].ID)
				}
			}
		}
		// egressNoAddr is reported once with the subject.
	})
	more := func(f Finding, n int) Finding {
		if n > 1 {
			f.What += fmt.Sprintf(" (and %d more of instance %q's security groups)", n-1, t.pi.ID)
		}
		return f
	}
	remedy := func(f Finding, code Code, by []sgErr) Finding {
		if report && f.Code == code && flow.Addr.IsValid() {
			if gs := egressVerdicts(by); gs != nil {
				c.want(&f, remedyNeed{kind: needEgress, t: t.index, flow: flow, groups: gs})
			}
		}
		return f
	}
	if denied.n > 0 {
		add(remedy(more(denied.f, denied.n), CodeEgressDenied, deniedBy))
	}
	if unverified.n > 0 {
		warn(more(unverified.f, unverified.n))
	}
	if implicit.n > 0 {
		warn(remedy(more(implicit.f, implicit.n), CodeImplicitEgress, implicitBy))
	}
	return state
}

// egressOf decides the flow of authorization i, a valid one, through the
// security groups of t: the worst of their answers, each read by
// [classifyEgress], and unverified when a group of t is not described. It
// calls each, when not nil, with every group's index, error and class;
// without each it stops at the first group that refuses. The authorization
// phase (egress) and the group phase (passes) both decide through it.
func (c *checker) egressOf(s egressSubject, flow authz.Flow, t *target, each func(j int, err error, k egressClass)) egressState {
	state := egressYes
	if t.sgMissing {
		state = egressUnverified // reported once with the instance
	}
	for _, j := range t.groups {
		err := c.egressErr(j, s, flow)
		k := classifyEgress(err)
		state = max(state, k.state())
		if each != nil {
			each(j, err, k)
		} else if state == egressNo {
			break
		}
	}
	return state
}

// egressState is what the outbound rules of an instance's security groups
// say of an authorization's flow: the worst of the groups' answers, in
// this order.
type egressState int8

const (
	egressUndecided  egressState = iota // not worked out yet
	egressYes                           // every group lets it out
	egressUnverified                    // no group refuses it, but one cannot be decided
	egressNo                            // a group denies it
)

// evaluable returns sg with each rule that a problem of errs (sg's, from
// Validate) names replaced by a rule of its policy, at its priority (the
// first, 1, when that is not valid), that never decides (Partial: what it
// matches is not known), and whether sg can so be evaluated: not when a
// problem is of the group itself or of a rule whose policy is not valid.
func evaluable(sg authz.SecurityGroup, errs []error) (authz.SecurityGroup, bool) {
	rules := slices.Clone(sg.Rules)
	for _, e := range errs {
		fp, _ := field.PathOf(e)
		k, _, ok := locate.Index(fp, "rules")
		if !ok || k >= len(rules) {
			return sg, false
		}
		r := rules[k]
		if r.Policy != authz.PolicyAccept && r.Policy != authz.PolicyDrop {
			return sg, false
		}
		p := r.Priority
		if p < 1 || p > 100 {
			p = 1
		}
		rules[k] = authz.Rule{Policy: r.Policy, Priority: p, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(),
			DestCIDR: netip.PrefixFrom(netip.IPv4Unspecified(), 0), Partial: fmt.Sprintf("rule %d is not valid (see its problem), so what it matches is not known", k)}
	}
	sg.Rules = rules
	return sg, true
}

// egressClass is what one security group's decision on a flow
// ([checker.egressErr]) says, as [classifyEgress] reads it.
type egressClass int8

const (
	egressAllowed  egressClass = iota // nil: a rule or the internal access policy lets it out
	egressImplicit                    // authz.ErrImplicitEgress: only a basic group's default lets it out (a warning)
	egressNoAddr                      // authz.ErrUnknownAddr: the backend's address is unknown (reported with the authorization)
	egressOpen                        // authz.ErrEgressUnverified: a rule that could decide cannot be evaluated
	egressBadGroup                    // authz.ErrInvalidSecurityGroup: the group is invalid beyond its rules' policies (unverified)
	egressDenied                      // authz.ErrEgressDenied, authz.ErrInvalidFlow, or an error no sentinel explains
)

// classifyEgress reads err, one security group's decision on a flow, the
// one way every phase reads it. An error that matches several sentinels
// takes the class that refuses most (an invalid group, then a denial or an
// invalid flow, then what is unverified, then an implicit allow), and an
// error that no sentinel explains is a denial: never a pass.
func classifyEgress(err error) egressClass {
	switch {
	case err == nil:
		return egressAllowed
	case errors.Is(err, authz.ErrInvalidSecurityGroup):
		return egressBadGroup
	case errors.Is(err, authz.ErrEgressDenied), errors.Is(err, authz.ErrInvalidFlow):
		return egressDenied
	case errors.Is(err, authz.ErrUnknownAddr):
		return egressNoAddr
	case errors.Is(err, authz.ErrEgressUnverified):
		return egressOpen
	case errors.Is(err, authz.ErrImplicitEgress):
		return egressImplicit
	}
	return egressDenied
}

// state returns what class k makes of a flow: a pass (with a warning for
// an implicit allow), unverified, or a refusal.
func (k egressClass) state() egressState {
	switch k {
	case egressAllowed, egressImplicit:
		return egressYes
	case egressNoAddr, egressOpen, egressBadGroup:
		return egressUnverified
	}
	return egressNo
}

// egressSubject is what a flow goes to, for the messages of its egress
// errors: an authorization or a backend called directly.
type egressSubject struct {
	auth, endpoint string
	backend        authz.BackendKind
	port           uint16
}

func authSubject(a *authz.Authorization) egressSubject {
	return egressSubject{auth: a.Name, backend: a.Backend, port: a.Port}
}

// egressErr decides a flow to s with security group j, as
// authz.EgressChecker.Check does, from a flow resolved once: nil when it is
// allowed, an *authz.EgressError otherwise.
func (c *checker) egressErr(j int, a egressSubject, flow authz.Flow) error {
	ck := c.egressCk[j]
	if ck == nil {
		return authz.ErrInvalidSecurityGroup
	}
	v, err := ck.Decide(flow)
	if err != nil {
		return err
	}
	if v.Outcome == authz.Allowed && !v.NeedsRule {
		return nil
	}
	return &authz.EgressError{Authorization: a.auth, Endpoint: a.endpoint, SecurityGroup: c.p.SecurityGroups[j].ID, Backend: a.backend, Addr: flow.Addr, Port: a.port, Verdict: v}
}

// addrPath names the field that gave authorization i its address.
func (c *checker) addrPath(i int) field.Path {
	path := field.Path("authorizations").Index(i)
	if c.p.Authorizations[i].Addr.IsValid() {
		return path.Child("addr")
	}
	return path.Child("instanceId")
}

// withUses adds to f the references that use authorization i: the first
// few and how many more, so that a finding's size does not grow with them.
func (c *checker) withUses(f Finding, i int) Finding {
	if c.useCount[i] == 0 {
		return f
	}
	if c.uses == nil {
		// The first finding that needs them: the references of every
		// authorization, in one pass (a plan that passes needs none).
		c.uses = make([]refList[ref], len(c.p.Authorizations))
		for g := range c.p.Groups {
			c.eachRef(g, func(r ref, _ string, i int) {
				if i >= 0 {
					c.uses[i].add(r)
				}
			})
		}
	}
	uses := c.uses[i]
	return c.usedBy(f, int(uses.n), func(k int) field.Path { return c.refPath(uses.first[k]) })
}

// usedBy adds to f the first few of the n references that use what it is
// about, whose paths path gives, and how many more there are.
func (c *checker) usedBy(f Finding, n int, path func(k int) field.Path) Finding {
	var b strings.Builder
	b.WriteString(" (used by ")
	for k := range min(n, maxRefs) {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.where(path(k)))
	}
	if more := n - maxRefs; more > 0 {
		b.WriteString(" and ")
		b.WriteString(strconv.Itoa(more))
		b.WriteString(" more")
	}
	b.WriteString(")")
	f.What += b.String()
	return f
}

// result is the outcome of checking an authorization against a target.
type result struct {
	done      bool
	reported  bool        // checked by the authorization phase, whose findings the report holds
	reachOpen bool        // its address lies outside the blocks known to be accessible, where the instance's reach is unverified
	egress    egressState // what the outbound rules say: egressUndecided until worked out
	errAt     int32       // the error of the instance's Checker: 1 + its index in checker.errs, or 0 for none
}

// res returns the state of authorization i against target t: a slice with
// one instance, a map with several, so that memory grows with the pairs
// checked, not with authorizations times instances.
func (c *checker) res(i, t int) *result {
	if len(c.targets) == 1 {
		if c.results1 == nil {
			c.results1 = make([]result, len(c.p.Authorizations))
		}
		return &c.results1[i]
	}
	if c.resultsN == nil {
		c.resultsN = map[[2]int]*result{}
	}
	key := [2]int{i, t}
	r := c.resultsN[key]
	if r == nil {
		r = &result{}
		c.resultsN[key] = r
	}
	return r
}

// result checks authorization i against target t once.
func (c *checker) result(i, t int) error {
	r := c.res(i, t)
	if !r.done {
		r.done = true
		err := c.targets[t].checker.Check(c.p.Authorizations[i])
		err, r.reachOpen = c.targets[t].openReach(err)
		if err != nil {
			c.errs = append(c.errs, err)
			r.errAt = int32(len(c.errs))
		}
	}
	if r.errAt == 0 {
		return nil
	}
	return c.errs[r.errAt-1]
}

// ref is one authorization reference of a group: API j's vpcAccess, or
// plug-in j's vpcAccess[k]. Its path is built only when printed.
type ref struct {
	g, j, k int32
	plugin  bool
}

// refList counts references and keeps the first few.
type refList[T any] struct {
	n     int32
	first [maxRefs]T
}

func (l *refList[T]) add(r T) {
	if l.n < maxRefs {
		l.first[l.n] = r
	}
	l.n++
}

// refPath returns the JSON path of r.
func (c *checker) refPath(r ref) field.Path {
	var buf [64]byte // groups[g].plugins[j].vpcAccess[k], built once
	b := strconv.AppendInt(append(buf[:0], "groups["...), int64(r.g), 10)
	if r.plugin {
		b = strconv.AppendInt(append(b, "].plugins["...), int64(r.j), 10)
		b = strconv.AppendInt(append(b, "].vpcAccess["...), int64(r.k), 10)
		return field.Path(append(b, ']'))
	}
	b = strconv.AppendInt(append(b, "].apis["...), int64(r.j), 10)
	return field.Path(append(b, "].vpcAccess"...))
}

// eachRef calls f for every authorization reference of group g, with the
// index of the authorization it names (-1 when there is none). Names are
// looked up once per reference, the first time.
func (c *checker) eachRef(g int, f func(r ref, name string, i int)) {
	grp := &c.p.Groups[g]
	idx := c.resolved[g]
	fresh := idx == nil
	if fresh {
		refs := len(grp.APIs)
		for j := range grp.Plugins {
			refs += len(grp.Plugins[j].VPCAccess)
		}
		idx = make([]int32, 0, refs)
	}
	n := 0
	look := func(name string) int {
		if fresh {
			// References often name the authorizations in their order: try
			// the one after the last found before the map.
			i := c.hint + 1
			if i >= len(c.p.Authorizations) || c.dupOf[i] >= 0 || c.p.Authorizations[i].Name != name || name == "" {
				var ok bool
				if i, ok = c.authByName[name]; !ok {
					i = -1
				}
			}
			if i >= 0 {
				c.hint = i
			}
			idx = append(idx, int32(i))
		}
		n++
		return int(idx[n-1])
	}
	for j := range grp.APIs {
		if name := grp.APIs[j].VPCAccess; name != "" {
			f(ref{g: int32(g), j: int32(j)}, name, look(name))
		}
	}
	for j := range grp.Plugins {
		for k, name := range grp.Plugins[j].VPCAccess {
			if name != "" {
				f(ref{g: int32(g), j: int32(j), k: int32(k), plugin: true}, name, look(name))
			}
		}
	}
	if fresh {
		c.resolved[g] = idx
	}
}

// newStamp returns a stamp that no mark of an authorization holds yet, for
// marking authorizations once per pass over references without a set.
func (c *checker) newStamp() int32 {
	if c.mark == nil {
		c.mark = make([]int32, len(c.p.Authorizations))
	}
	if c.stamp == math.MaxInt32 {
		clear(c.mark)
		c.stamp = 0
	}
	c.stamp++
	return c.stamp
}

// appendPassed appends the line that says authorization a, whose address
// is ip, passed every check, such as `"orders" → 10.0.1.5 port 80: in VPC
// "vpc-1", reachable`, to b. An authorization with anything unverified
// (its address, its reach, outbound rules) has no such line.
func appendPassed(b []byte, a authz.Authorization, ip netip.Addr) []byte {
	b = escape.AppendQuote(b, a.Name)
	b = append(b, " → "...)
	b = ip.AppendTo(b)
	b = append(b, " port "...)
	b = strconv.AppendUint(b, uint64(a.Port), 10)
	b = append(b, ": in VPC "...)
	b = escape.AppendQuote(b, a.VPCID)
	return append(b, ", reachable"...)
}

// This file implements the direct-backend phase of Check: the addresses
// that APIs and plug-ins call directly (serviceAddress, serviceAddresses)
// and service-discovery backends, each checked once against each instance
// that the groups using it move to, as an authorization's backend is.

package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// directRef is one reference of a group to a backend it calls directly:
// API j's serviceAddress (k < 0) or discovery (disc), or plug-in j's
// serviceAddresses[k].
type directRef struct {
	g, j, k int32
	disc    bool
}

// directKey is a backend called directly, against target t: an endpoint
// without its scheme (http and https to one address and port are one
// flow), or a service-discovery registry when reg is set.
type directKey struct {
	e   authz.Endpoint
	reg string
	t   int
}

// keyOf returns the key of endpoint e, without a target.
func keyOf(e authz.Endpoint) directKey {
	e.Scheme = ""
	return directKey{e: e}
}

// directResult is what the phase learnt of one directKey.
type directResult struct {
	refList[directRef] // its references

	done     bool
	reported bool           // checked by the direct-backend phase, whose findings the report holds
	state    egressState    // egressYes: passes; egressUnverified; egressNo: fails
	shown    authz.Endpoint // the endpoint as its first reference wrote it
}

// directState is the direct-backend phase's state.
type directState struct {
	direct map[directKey]*directResult
}

// directPath returns the JSON path of r.
func directPath(r directRef) field.Path {
	p := field.Path("groups").Index(int(r.g))
	switch {
	case r.disc:
		return p.Child("apis").Index(int(r.j)).Child("discovery")
	case r.k < 0:
		return p.Child("apis").Index(int(r.j)).Child("serviceAddress")
	}
	return p.Child("plugins").Index(int(r.j)).Child("serviceAddresses").Index(int(r.k))
}

// eachDirect calls f with every reference of group g to a backend it calls
// directly, and the backend (its key, without a target).
func (c *checker) eachDirect(g int, f func(r directRef, key directKey)) {
	grp := &c.p.Groups[g]
	for j := range grp.APIs {
		api := &grp.APIs[j]
		if api.ServiceAddress != (authz.Endpoint{}) {
			f(directRef{g: int32(g), j: int32(j), k: -1}, keyOf(api.ServiceAddress))
		}
		if api.Discovery != "" {
			f(directRef{g: int32(g), j: int32(j), k: -1, disc: true}, directKey{reg: api.Discovery})
		}
	}
	for j := range grp.Plugins {
		for k, e := range grp.Plugins[j].ServiceAddresses {
			if e != (authz.Endpoint{}) {
				f(directRef{g: int32(g), j: int32(j), k: int32(k)}, keyOf(e))
			}
		}
	}
}

// directRes returns the result of key, made on first use.
func (c *checker) directRes(key directKey) *directResult {
	if c.direct == nil {
		c.direct = map[directKey]*directResult{}
	}
	r := c.direct[key]
	if r == nil {
		r = &directResult{}
		c.direct[key] = r
	}
	return r
}

// directBackends checks every backend that a group calls directly against
// the instance the group moves to, once per backend and instance, in a
// section of its own (none when no group calls a backend directly).
func (c *checker) directBackends() {
	var order []directKey
	for g := range c.p.Groups {
		t, _ := c.targetOf(g)
		if t < 0 {
			continue // placement weighs them
		}
		c.eachDirect(g, func(r directRef, key directKey) {
			key.t = t
			res := c.directRes(key)
			if res.n == 0 {
				order = append(order, key)
				res.shown = c.endpointOf(r)
			}
			res.add(r)
		})
	}
	if len(order) == 0 {
		return
	}
	subject := "backends called directly"
	if len(c.targets) == 1 {
		subject = fmt.Sprintf("backends called directly by instance %q", c.targets[0].pi.ID)
	}
	si := len(c.r.Sections)
	c.section(subject)
	sec := func() *Section { return c.sectionAt(si) }
	out := directOut{
		add:    func(f Finding) { sec().Problems = append(sec().Problems, f) },
		warn:   func(f Finding) { sec().Warnings = append(sec().Warnings, f) },
		passed: func(s string) { sec().Passed = append(sec().Passed, s) },
	}
	for _, key := range order {
		c.checkDirect(key, c.direct[key], &out)
	}
}

// directOut receives the findings of checkDirect; a nil directOut, for
// placement's weighing, receives none.
type directOut struct {
	add, warn func(Finding)
	passed    func(string)
}

// checkDirect checks the backend of key against its target once, reports
// what it finds to out (when not nil), and sets res.state.
func (c *checker) checkDirect(key directKey, res *directResult, out *directOut) {
	if res.done {
		return
	}
	res.done = true
	report := out != nil
	res.reported = report
	if !report {
		out = &directOut{add: func(Finding) {}, warn: func(Finding) {}, passed: func(string) {}}
	}
	tg := c.targets[key.t]
	at := func() field.Path { return directPath(res.first[0]) }
	uses := func(f Finding) Finding { return c.withDirectUses(f, res) }
	e := res.shown
	switch {
	case key.reg != "":
		res.state = egressUnverified
		out.warn(uses(c.note(CodeUnverified, at(), fmt.Sprintf("the backend is found through registry %q when the call is made, so whether instance %q reaches its members is unverified: their addresses must lie in the accessible blocks, and the outbound rules must allow them", key.reg, tg.pi.ID))))
		return
	case !e.IsValid():
		res.state = egressNo
		out.add(uses(c.finding(at(), fmt.Errorf("%w: %+v", authz.ErrInvalidEndpoint, e))))
		return
	case e.Host != "":
		res.state = egressUnverified
		f := uses(c.finding(at(), tg.checker.CheckEndpoint(e)))
		f.Fix = "check by hand that the name resolves to an address inside the accessible blocks that the outbound rules allow, or call the backend by its address"
		out.warn(f)
		return
	case !c.vpcBackend(e, tg) && !c.vpcKnown(tg):
		// Not private, and the VPC's blocks are not all known: it may be
		// a VPC that uses public ranges, or a network connected to it.
		res.state = egressUnverified
		out.warn(uses(c.note(CodeUnverified, at(), fmt.Sprintf("backend %s is not in private address space, and the blocks of VPC %q (its own, or its connected networks) are not all known, so whether it is a VPC backend that instance %q must reach is unverified", e, tg.pi.VPCID, tg.pi.ID))))
		return
	case !c.vpcBackend(e, tg):
		res.state = egressYes
		out.passed(e.String() + ": a public address, not a VPC backend: not checked against the accessible blocks or the outbound rules")
		return
	}
	res.state = egressYes
	decided := true
	err, open := tg.openReach(tg.checker.CheckEndpoint(e))
	if open {
		res.state, decided = egressUnverified, false
		if n := tg.openNoteOf(e.Addr); n >= 0 && report {
			tg.open[n].deps.add("backend " + e.String())
		}
	}
	if err != nil {
		res.state = egressNo
		f := uses(c.finding(at(), err))
		f.Fix = fmt.Sprintf("add a block that contains %s (inside VPC %q or a connected network) to the accessible blocks of instance %q", e.Addr, tg.pi.VPCID, tg.pi.ID)
		f.Suggested = netip.PrefixFrom(e.Addr, e.Addr.BitLen())
		if report && f.Code == CodeUnreachable && errors.Is(err, authz.ErrUnreachable) {
			c.want(&f, remedyNeed{kind: needUnreachable, t: key.t, addr: e.Addr})
		}
		out.add(f)
	}
	st := c.reportEgress(egressSubject{endpoint: e.String(), port: e.Port}, e.Flow(), tg, at, uses, out.add, out.warn, report)
	res.state = max(res.state, st)
	if res.state == egressYes && decided && st == egressYes {
		out.passed(fmt.Sprintf("%s: reachable from instance %q, and its outbound rules allow TCP port %d", e, tg.pi.ID, e.Port))
	}
}

// vpcBackend reports whether e's address is one a VPC backend of t may
// have: in private address space, in t's VPC or its connected networks, or
// in t's accessible blocks. Any other address is public: not a VPC
// backend.
// vpcKnown reports whether t's VPC is described with its CIDR blocks and
// a complete list of its connected networks, so that an address outside
// them and outside private space is surely not a VPC backend.
func (c *checker) vpcKnown(t *target) bool {
	return t.vpc != nil && len(t.vpc.CIDRs) > 0 && !t.vpc.ConnectedUnknown
}

func (c *checker) vpcBackend(e authz.Endpoint, t *target) bool {
	if e.Addr.IsPrivate() || t.checker.Accessible(e.Addr) {
		return true
	}
	return t.vpc != nil && e.InVPC(*t.vpc)
}

// withDirectUses adds to f the references that use a backend: the first
// few and how many more.
func (c *checker) withDirectUses(f Finding, res *directResult) Finding {
	if res.n == 1 {
		return f // its where is the one reference
	}
	return c.usedBy(f, int(res.n), func(k int) field.Path { return directPath(res.first[k]) })
}

// endpointOf returns the endpoint that reference r names (the zero
// Endpoint for a service-discovery backend).
func (c *checker) endpointOf(r directRef) authz.Endpoint {
	grp := &c.p.Groups[r.g]
	switch {
	case r.disc:
		return authz.Endpoint{}
	case r.k < 0:
		return grp.APIs[r.j].ServiceAddress
	}
	return grp.Plugins[r.j].ServiceAddresses[r.k]
}

// directPasses reports whether every backend that group g calls directly
// passes against target t (an unverified one does, unless Strict), and
// the names of those that are unverified.
func (c *checker) directPasses(g, t int) (ok bool, open []string) {
	ok = true
	c.eachDirect(g, func(r directRef, key directKey) {
		key.t = t
		res := c.directRes(key)
		if !res.done {
			if res.n == 0 {
				res.add(r)
				res.shown = c.endpointOf(r)
			}
			c.checkDirect(key, res, nil)
		}
		switch res.state {
		case egressNo:
			ok = false
		case egressUnverified:
			if c.opts.Strict {
				ok = false
			}
			name := key.reg
			if name == "" {
				name = res.shown.String()
			}
			if len(open) < maxRefs && !slices.Contains(open, name) {
				open = append(open, name)
			}
		}
	})
	return ok, open
}

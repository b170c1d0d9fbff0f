// This file implements the network ACLs of issue 23 (item 4): the outbound
// entries of the ACL bound to each network interface's vSwitch, and the
// inbound entries of the ACL bound to the backend's vSwitch, must let TCP
// to the backend's port through.

package vpcgate

import (
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

// aclState is the state of the network ACL checks, built by aclPhase.
type aclState struct {
	aclOf   map[string]int // vSwitch ID → index in Plan.NetworkACLs
	aclBad  map[int]bool   // ACLs whose entries are invalid: taken as not given
	vswIdx  cidr.Index     // the vSwitch blocks of the plan's instances
	vswOf   map[netip.Prefix]string
	aclSaid map[aclKey]bool
	// unplaced holds the ACLs bound to a vSwitch that is none of the
	// instances' (its block is not in the plan), each with such a vSwitch:
	// a backend outside the instances' blocks may lie in it.
	unplaced []unplacedACL
	// unplacedDone holds the (target, port) pairs whose traffic every
	// unplaced ACL has been weighed for: see unplacedACLs.
	unplacedDone map[[2]int]bool
}

// unplacedACL is an ACL bound to vSwitch, whose block the plan does not
// give.
type unplacedACL struct {
	acl     int
	vSwitch string
}

// aclKey is one (backend, ACL, target) flow whose finding is said.
type aclKey struct {
	acl, t int
	addr   netip.Addr
	port   uint16
}

// aclPhase checks the plan's network ACLs (authz.NetworkACL.Validate, a
// vSwitch bound to one ACL at most) and indexes them by vSwitch, with the
// vSwitch blocks of the plan's instances (to find a backend's vSwitch).
func (c *checker) aclPhase() {
	if len(c.p.NetworkACLs) == 0 {
		return
	}
	c.aclOf = map[string]int{}
	var bad []Finding
	for j, acl := range c.p.NetworkACLs {
		at := field.Path("networkAcls").Index(j)
		errs := field.Split(acl.Validate())
		for _, e := range errs {
			fp, _ := field.PathOf(e)
			bad = append(bad, c.finding(at.Join(fp), e))
		}
		if len(errs) > 0 {
			if c.aclBad == nil {
				c.aclBad = map[int]bool{}
			}
			c.aclBad[j] = true
		}
		for k, v := range acl.VSwitchIDs {
			if prev, dup := c.aclOf[v]; dup {
				if prev != j {
					bad = append(bad, c.finding(at.Child("vSwitchIds").Index(k), fmt.Errorf("%w: vSwitch %q is bound to network ACLs %q and %q: a vSwitch has one network ACL", ErrInvalidPlan, v, c.p.NetworkACLs[prev].ID, acl.ID)))
				}
				continue
			}
			c.aclOf[v] = j
		}
	}
	if len(bad) > 0 {
		i := len(c.r.Sections)
		c.section("network ACLs")
		c.sectionAt(i).Problems = bad
	}
	var blocks []netip.Prefix
	c.vswOf = map[netip.Prefix]string{}
	for _, t := range c.targets {
		for _, z := range t.pi.Zones {
			p := cidr.UnmapPrefix(z.VSwitchCIDR).Masked()
			if !p.IsValid() || z.VSwitchID == "" {
				continue
			}
			if _, dup := c.vswOf[p]; !dup {
				c.vswOf[p] = z.VSwitchID
				blocks = append(blocks, p)
			}
		}
	}
	c.vswIdx, _ = cidr.NewIndex(blocks) // the blocks are valid
	own := make(map[string]bool, len(c.vswOf))
	for _, v := range c.vswOf {
		own[v] = true
	}
	for j, acl := range c.p.NetworkACLs {
		for _, v := range acl.VSwitchIDs {
			if !own[v] && c.aclOf[v] == j {
				c.unplaced = append(c.unplaced, unplacedACL{j, v})
				break
			}
		}
	}
}

// backendVSwitch returns the vSwitch of the plan's instances whose block
// holds addr, and that block, or "" when none or several do.
func (c *checker) backendVSwitch(addr netip.Addr) (string, cidr.Set) {
	ov := c.vswIdx.Overlapping([]netip.Prefix{netip.PrefixFrom(addr, addr.BitLen())})
	if len(ov) != 1 {
		return "", cidr.Set{}
	}
	s, _ := cidr.NewSet(ov[0].B)
	return c.vswOf[ov[0].B], s
}

// networkACLs checks, for group g on target t, every backend of the group
// whose address and port are known (an authorization, or a backend called
// directly at an IP address): the outbound entries of the ACL bound to each
// zone's vSwitch for TCP to the backend, and the inbound entries of the ACL
// bound to the backend's vSwitch (found among the plan's vSwitch blocks)
// for TCP from every address of the target's vSwitch blocks. A refusal is
// a problem (acl-denied) naming the ACL and the entry; an ACL whose
// entries are not given (or invalid), or whose order leaves the answer
// open, is unverified. Each (backend, ACL, target) is said once. It
// returns whether a refusal was found.
func (c *checker) networkACLs(g, t int, add, warn func(Finding)) (denied bool) {
	if len(c.aclOf) == 0 {
		return false
	}
	tg := c.targets[t]
	var from cidr.Set
	for _, z := range tg.pi.Zones {
		if s, err := cidr.NewSet(cidr.UnmapPrefix(z.VSwitchCIDR).Masked()); err == nil && z.VSwitchCIDR.IsValid() {
			from = from.Union(s)
		}
	}
	check := func(backend string, addr netip.Addr, port uint16) {
		addr = addr.Unmap()
		to, _ := cidr.NewSet(netip.PrefixFrom(addr, addr.BitLen()))
		vsw, block := c.backendVSwitch(addr)
		for _, z := range tg.pi.Zones {
			if j, ok := c.aclOf[z.VSwitchID]; ok && z.VSwitchID != "" {
				var intra cidr.Set
				if z.VSwitchID == vsw {
					intra = to
				}
				denied = c.aclFlow(j, t, false, backend, addr, port, to, intra, fmt.Sprintf("from the network interface of zone %s (vSwitch %q)", z.ZoneID, z.VSwitchID), add, warn) || denied
			}
		}
		if vsw != "" && !from.IsEmpty() {
			if j, ok := c.aclOf[vsw]; ok {
				denied = c.aclFlow(j, t, true, backend, addr, port, from, block, fmt.Sprintf("into the backend's vSwitch %q", vsw), add, warn) || denied
			}
		}
		if vsw == "" && !from.IsEmpty() && len(c.unplaced) > 0 && !c.unplacedDone[[2]int{t, int(port)}] {
			// Each ACL's answer depends on the target and the port only:
			// weighed once for them.
			if c.unplacedDone == nil {
				c.unplacedDone = map[[2]int]bool{}
			}
			c.unplacedDone[[2]int{t, int(port)}] = true
			c.unplacedACLs(backend, port, from, warn)
		}
	}
	seen := map[int]bool{}
	c.eachRef(g, func(_ ref, _ string, i int) {
		if i < 0 || seen[i] {
			return
		}
		seen[i] = true
		a := c.p.Authorizations[i]
		if addr, ok := a.Address(); ok && a.Port != 0 {
			check(fmt.Sprintf("%s of authorization %q", addr, a.Name), addr, a.Port)
		}
	})
	keys := map[directKey]bool{}
	c.eachDirect(g, func(_ directRef, key directKey) {
		if key.reg != "" || !key.e.Addr.IsValid() || key.e.Port == 0 || keys[key] {
			return
		}
		keys[key] = true
		check(fmt.Sprintf("%s called directly", netip.AddrPortFrom(key.e.Addr.Unmap(), key.e.Port)), key.e.Addr, key.e.Port)
	})
	return denied
}

// unplacedACLs says, of a backend that lies in none of the instances'
// vSwitch blocks, that each ACL bound to a vSwitch whose block the plan
// does not give, and whose inbound entries could refuse TCP to port from
// the instance's vSwitch blocks (from), may filter its traffic: whether
// the backend lies in that vSwitch is not known. Each ACL is said once, at
// the first such backend.
func (c *checker) unplacedACLs(backend string, port uint16, from cidr.Set, warn func(Finding)) {
	for _, u := range c.unplaced {
		key := aclKey{acl: -1 - u.acl, t: -1}
		if c.aclSaid[key] {
			continue
		}
		acl := c.p.NetworkACLs[u.acl]
		if acl.Ingress != nil && !c.aclBad[u.acl] {
			if res := acl.Ingress.Evaluate(from, port); res.Refused.IsEmpty() && res.Open.IsEmpty() {
				continue // it lets that traffic in, wherever the backend is
			}
		}
		c.sayACL(key)
		warn(c.note(CodeUnverified, field.Path("networkAcls").Index(u.acl).Child("vSwitchIds"), fmt.Sprintf("network ACL %q is bound to vSwitch %q, whose block the plan does not give, and its inbound entries (or their absence) may refuse TCP port %d from the instance's vSwitch blocks: backend %s lies in none of the instances' vSwitch blocks, so whether it is in that vSwitch, and the ACL filters it, is not known (nor for other backends outside them)", acl.ID, u.vSwitch, port, backend)))
	}
}

// aclFlow evaluates one direction of ACL j for TCP to port of backend
// (addr), with peers the addresses the entries match (the backend for
// outbound entries, the target's vSwitch blocks for inbound ones), and
// reports the result once per (backend, ACL, target, direction). A
// refusal of traffic inside one vSwitch (intra: peers in the backend's own
// vSwitch) is unverified: the VPC documentation says "The traffic between
// ECS instances in a vSwitch is not filtered by the network ACL linked to
// that vSwitch", and whether that holds for API Gateway's network
// interfaces is not said.
func (c *checker) aclFlow(j, t int, in bool, backend string, addr netip.Addr, port uint16, peers, intra cidr.Set, how string, add, warn func(Finding)) (denied bool) {
	acl := c.p.NetworkACLs[j]
	dir, es := "outbound", acl.Egress
	if in {
		dir, es = "inbound", acl.Ingress
	}
	key := aclKey{acl: j, t: t, addr: addr, port: port}
	if in {
		key.acl = -1 - j
	}
	at := field.Path("networkAcls").Index(j).Child(map[bool]string{false: "egress", true: "ingress"}[in])
	if es == nil || c.aclBad[j] {
		if !c.aclSaid[key] {
			c.sayACL(key)
			warn(c.note(CodeUnverified, at, fmt.Sprintf("network ACL %q is bound, but its %s entries are not given (or not valid), so whether it lets TCP port %d to backend %s %s through is not known", acl.ID, dir, port, backend, how)))
		}
		return false
	}
	res := es.Evaluate(peers, port)
	if same := res.Refused.Intersect(intra); !same.IsEmpty() {
		res.Open, res.Refused = res.Open.Union(same), res.Refused.Subtract(same)
	}
	if res.Refused.IsEmpty() && res.Open.IsEmpty() {
		return false
	}
	if c.aclSaid[key] {
		return !res.Refused.IsEmpty()
	}
	c.sayACL(key)
	if res.Refused.IsEmpty() {
		warn(c.note(CodeUnverified, at.Child("entries"), fmt.Sprintf("network ACL %q: whether its %s entries let TCP port %d to backend %s %s through for %v is not known: entries of both policies match and their order is not known to be the cloud's priority, or the traffic stays inside one vSwitch, which network ACLs may not filter", acl.ID, dir, port, backend, how, res.Open)))
		return false
	}
	by := "no entry allows it (a network ACL denies what no entry allows)"
	if res.Entry >= 0 {
		at = at.Child("entries").Index(res.Entry)
		by = fmt.Sprintf("%s entry %d %s drops it", dir, res.Entry, es.Entries[res.Entry])
	}
	what := fmt.Sprintf("network ACL %q refuses TCP port %d to backend %s %s: %s", acl.ID, port, backend, how, by)
	if in {
		what = fmt.Sprintf("network ACL %q refuses TCP port %d to backend %s %s from %v of the instance's vSwitch blocks: %s", acl.ID, port, backend, how, res.Refused, by)
	}
	add(c.note(CodeACLDenied, at, what))
	return true
}

// sayACL marks key as said.
func (c *checker) sayACL(key aclKey) {
	if c.aclSaid == nil {
		c.aclSaid = map[aclKey]bool{}
	}
	c.aclSaid[key] = true
}

// This file implements the cloud's conditions that lie beyond the purchase
// form and the authorizations (issue 23): an instance in one zone, move
// sources the document does not describe, vSwitches without a free
// address, and the service-linked role the instance needs. The phases call
// them through small hooks.

package vpcgate

import (
	"fmt"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/cloud"
	"github.com/vpcgate/vpcgate/internal/terraform"
)

// condState is the state of the conditions: the plan's vSwitches by ID
// (the first of an ID with a valid count), indexed by the instance phase
// when an instance first needs it.
type condState struct {
	vswAt       map[string]int
	inboundBad  map[int]bool    // security groups (index in Plan.SecurityGroups) whose inbound rules are invalid
	ingressSaid map[[2]int]bool // (authorization, target) pairs whose refusal is reported
}

// zoneRedundancy notes, in t's section, an instance of exactly one zone:
// one network interface, no zone redundancy. No zone at all is a problem
// of the purchase form (required), reported there.
func (c *checker) zoneRedundancy(t *target, warn func(Finding)) {
	if len(t.pi.Zones) != 1 {
		return
	}
	z := t.pi.Zones[0]
	warn(c.note(CodeSingleZone, t.path.Child("zones"), fmt.Sprintf("instance %q has one zone (%s), so one network interface: no zone redundancy", t.pi.ID, z.ZoneID)))
}

// moveSource notes, in group g's section, a move that starts from an
// instance the document's moves do not start from: another VPC
// integration instance (the document describes moves from serverless and
// conventional dedicated instances only). A classic network shared
// instance has no kind in vpcgate: its note comes from the reader that
// sees it (the responses' InstanceType CLASSIC_SHARED). A group already on
// its target is not moved.
func (c *checker) moveSource(g int, tg *target, warn func(Finding)) {
	grp := c.p.Groups[g]
	if grp.Instance.Kind != instance.VPCIntegration || grp.Instance.ID == tg.pi.ID {
		return
	}
	warn(c.note(CodeMoveSource, field.Path("groups").Index(g).Child("instance").Child("kind"),
		fmt.Sprintf("group %q moves from instance %q, another VPC integration instance: the document describes moves from serverless and conventional dedicated instances only", grp.ID, grp.Instance.ID)))
}

// freeAddresses reports each placement of t, an instance to create, whose
// vSwitch the plan lists with no free address (Plan.VSwitches): the
// network interface cannot be created there. A vSwitch not listed is not
// known, and is not checked; an instance that exists has its interfaces.
// The plan's list is indexed once, on the first instance that needs it; a
// negative count or a vSwitch listed twice is a problem at the list.
func (c *checker) freeAddresses(t *target, add func(Finding)) {
	if len(c.p.VSwitches) == 0 {
		return
	}
	if c.vswAt == nil {
		c.vswAt = make(map[string]int, len(c.p.VSwitches))
		var bad []Finding
		for j, v := range c.p.VSwitches {
			at := field.Path("vSwitches").Index(j)
			if prev, dup := c.vswAt[v.ID]; dup {
				bad = append(bad, c.finding(at.Child("id"), fmt.Errorf("vSwitch %q %w (also vSwitches[%d])", v.ID, instance.ErrDuplicate, prev)))
				continue
			}
			if v.AvailableIPs != nil && *v.AvailableIPs < 0 {
				bad = append(bad, c.finding(at.Child("availableIps"), fmt.Errorf("%w: vSwitch %q: a count of free addresses is 0 or more, not %d", ErrInvalidPlan, v.ID, *v.AvailableIPs)))
				continue
			}
			c.vswAt[v.ID] = j
		}
		if len(bad) > 0 {
			i := len(c.r.Sections)
			c.section("vSwitches")
			c.sectionAt(i).Problems = bad
		}
	}
	if t.pi.Exists {
		return
	}
	for z, pl := range t.pi.Zones {
		j, ok := c.vswAt[pl.VSwitchID]
		if n := c.p.VSwitches[j].AvailableIPs; !ok || pl.VSwitchID == "" || n == nil || *n != 0 {
			continue
		}
		at := t.path.Child("zones").Index(z).Child("vSwitchId")
		if _, unknown := c.noted(at); unknown {
			continue
		}
		add(c.note(CodeVSwitchFull, at, fmt.Sprintf("vSwitch %q has no free address (AvailableIpAddressCount 0, at %s), so the network interface of zone %s cannot be created in it", pl.VSwitchID, c.where(field.Path("vSwitches").Index(j).Child("availableIps")), pl.ZoneID)))
	}
}

// serviceLinkedRole checks, when the plan creates an instance, that the
// account has the service-linked role (Plan.ServiceLinkedRole): absent is
// one problem for the plan, naming the instances to create; unknown, or
// not said, is unverified (at the first instance to create when not said).
// When the plan does not say, an instance of the plan that exists proves
// the role: its creation needed it, and the role cannot be deleted while an
// instance uses it (a reader that cannot tell whether that instance is of
// the same account says RoleUnknown).
func (c *checker) serviceLinkedRole() {
	state := c.p.ServiceLinkedRole
	if state == RoleExists {
		return
	}
	var creates nameSet
	at := field.Path("serviceLinkedRole")
	for _, t := range c.targets {
		if t.pi.Exists && state == "" {
			return
		}
		if !t.pi.Exists {
			if creates.n == 0 && state == "" {
				at = t.path // the plan is silent: the first instance to create needs it
			}
			creates.add(t.pi.ID)
		}
	}
	var f Finding
	switch state {
	case RoleAbsent, RoleUnknown, "":
		if creates.n == 0 {
			return
		}
		if state == RoleAbsent {
			f = c.note(CodeServiceLinkedRole, at, fmt.Sprintf("the account has no service-linked role %s, which instance(s) %s to create need", cloud.ServiceLinkedRole, creates.String()))
		} else {
			f = c.note(CodeUnverified, at, fmt.Sprintf("whether the account has the service-linked role %s, which instance(s) %s to create need, is not known: nothing in the plan shows it", cloud.ServiceLinkedRole, creates.String()))
			f.Fix = "say it: serviceLinkedRole \"exists\" or \"absent\" in a hand plan, or in Terraform an " + terraform.ServiceLinkedRoleType + " with service_name = \"" + cloud.ServiceLinkedRoleService + "\"; or look (aliyun ram GetRole --RoleName " + cloud.ServiceLinkedRole + ") and waive this warning"
		}
	default:
		f = c.finding(at, fmt.Errorf("%w: serviceLinkedRole %q: want %q, %q or %q", ErrInvalidPlan, state, RoleExists, RoleAbsent, RoleUnknown))
	}
	i := len(c.r.Sections)
	c.section("service-linked role " + cloud.ServiceLinkedRole)
	if f.Code == CodeUnverified {
		// A note of the plan's source at the instance (say, its name known
		// only after apply) does not say what this says.
		c.sectionAt(i).Warnings = append(c.sectionAt(i).Warnings, f)
		c.keep(i, 0)
		return
	}
	c.sectionAt(i).Problems = append(c.sectionAt(i).Problems, f)
}

// inboundRules checks the inbound rules the plan gives of its security
// groups (authz.Inbound.Validate): a bad rule is a problem at its place,
// and the group's inbound rules are then taken as not given.
func (c *checker) inboundRules() {
	var bad []Finding
	for j, sg := range c.p.SecurityGroups {
		if sg.Inbound == nil {
			continue
		}
		at := field.Path("securityGroups").Index(j).Child("inbound")
		errs := field.Split(sg.Inbound.Validate())
		for _, e := range errs {
			fp, _ := field.PathOf(e)
			bad = append(bad, c.finding(at.Join(fp), e))
		}
		if len(errs) > 0 {
			if c.inboundBad == nil {
				c.inboundBad = map[int]bool{}
			}
			c.inboundBad[j] = true
		}
	}
	if len(bad) > 0 {
		i := len(c.r.Sections)
		c.section("inbound rules of the security groups")
		c.sectionAt(i).Problems = bad
	}
}

// backendIngress evaluates, for group g moving to target t, the inbound
// rules of each backend's security group (an authorization's
// SecurityGroupID, with inbound rules given) for TCP on the backend's port
// from every address of the target's vSwitch blocks, sent by the network
// interface of each zone (authz.SecurityGroup.Admit). A backend that
// refuses all of them is a problem (backend-ingress-denied) naming the
// backend, the group and the deciding rule; one that refuses part of them
// is an egress-change warning that says which addresses. It returns
// whether every backend of the group is known to admit the new source
// (then the general egress-change warning is not said: nothing is left to
// add to an allow-list), and whether one refuses it all. A backend without
// a security group, or whose inbound rules are not given or not decided
// (a prefix list), leaves the general warning; so does a backend called
// directly (its security group is not known). Each authorization is
// reported once per target.
func (c *checker) backendIngress(g, t int, add, warn func(Finding)) (admitted, denied bool) {
	tg := c.targets[t]
	seen := map[int]bool{}
	known, unknown := 0, 0
	c.eachRef(g, func(_ ref, _ string, i int) {
		if i < 0 || seen[i] {
			return
		}
		seen[i] = true
		a := c.p.Authorizations[i]
		j, ok := c.sgs[a.SecurityGroupID]
		if a.SecurityGroupID == "" || !ok || c.p.SecurityGroups[j].Inbound == nil || c.inboundBad[j] || a.Port == 0 {
			unknown++
			return
		}
		sg := c.p.SecurityGroups[j]
		adm := admission(sg, tg.inst.Zones, a.Port)
		if !adm.Open.IsEmpty() || adm.Admitted.IsEmpty() && adm.Refused.IsEmpty() {
			unknown++
			return
		}
		if adm.Refused.IsEmpty() {
			known++
			return
		}
		unknown++ // something is still to add to its allow-list
		key := [2]int{i, t}
		if c.ingressSaid[key] {
			denied = denied || adm.Admitted.IsEmpty()
			return
		}
		if c.ingressSaid == nil {
			c.ingressSaid = map[[2]int]bool{}
		}
		c.ingressSaid[key] = true
		at := field.Path("authorizations").Index(i).Child("securityGroupId")
		by := "no inbound rule admits it (inbound traffic no rule allows is refused)"
		if adm.Rule >= 0 {
			at = field.Path("securityGroups").Index(j).Child("inbound").Child("rules").Index(adm.Rule)
			r := sg.Inbound.Rules[adm.Rule]
			by = fmt.Sprintf("inbound rule %d (%s, priority %d, %s %s) refuses it", adm.Rule, r.Policy, r.Priority, r.Protocol, r.Ports)
		}
		backend := a.InstanceID
		if a.Addr.IsValid() {
			backend = a.Addr.String()
		}
		if adm.Admitted.IsEmpty() {
			denied = true
			add(c.note(CodeBackendIngress, at, fmt.Sprintf("after group %q moves to instance %q, backend %s of authorization %q (security group %q) refuses TCP port %d from the instance's vSwitch blocks %v: %s", c.p.Groups[g].ID, tg.pi.ID, backend, a.Name, sg.ID, a.Port, adm.Refused, by)))
			return
		}
		warn(c.note(CodeEgressChange, at, fmt.Sprintf("after group %q moves to instance %q, backend %s of authorization %q (security group %q) refuses TCP port %d from %v of the instance's vSwitch blocks (it admits %v): %s", c.p.Groups[g].ID, tg.pi.ID, backend, a.Name, sg.ID, a.Port, adm.Refused, adm.Admitted, by)))
	})
	directs := 0
	c.eachDirect(g, func(directRef, directKey) { directs++ })
	return known > 0 && unknown == 0 && directs == 0, denied
}

// admission is what security group sg's inbound rules do with TCP to port
// from the vSwitch blocks of zones, each sent by its zone's security group
// ([authz.SecurityGroup.Admit]), together: Rule is the rule that refuses
// the first zone's refused addresses, or -1.
func admission(sg authz.SecurityGroup, zones []instance.ZonePlacement, port uint16) authz.Admission {
	adm := authz.Admission{Rule: -1}
	for _, z := range zones {
		from, err := cidr.NewSet(cidr.UnmapPrefix(z.VSwitchCIDR).Masked())
		if err != nil || !z.VSwitchCIDR.IsValid() {
			continue
		}
		zr := sg.Admit(from, port, z.SecurityGroupID)
		if adm.Rule < 0 && !zr.Refused.IsEmpty() {
			adm.Rule = zr.Rule
		}
		adm.Admitted, adm.Refused, adm.Open = adm.Admitted.Union(zr.Admitted), adm.Refused.Union(zr.Refused), adm.Open.Union(zr.Open)
	}
	return adm
}

// refusesAll reports whether adm refuses every source it decides and
// decides some, with none open: a backend-ingress-denied problem.
func refusesAll(adm authz.Admission) bool {
	return adm.Open.IsEmpty() && adm.Admitted.IsEmpty() && !adm.Refused.IsEmpty()
}

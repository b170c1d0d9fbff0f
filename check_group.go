// This file implements the group phase of Check: each group's move to its
// target instance, and whether an authorization passes there.

package vpcgate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// targetOf returns the index of group g's target instance, or -1, and the
// error when To names no instance.
func (c *checker) targetOf(g int) (int, error) {
	to := c.p.Groups[g].To
	if to == "" {
		if len(c.targets) == 1 {
			return 0, nil // with one instance, To may be left out
		}
		return -1, nil
	}
	if k, ok := c.byID[to]; ok {
		return k, nil
	}
	return -1, fmt.Errorf("instance %q: %w", to, ErrUnknownInstance)
}

func (c *checker) group(g int) {
	grp := c.p.Groups[g]
	gp := field.Path("groups").Index(g)
	t, toErr := c.targetOf(g)
	subject := fmt.Sprintf("group %q (%s)", grp.Name, grp.ID)
	switch {
	case t >= 0 && grp.Instance.ID == "":
		subject += fmt.Sprintf(": new on instance %q", c.targets[t].pi.ID)
	case t >= 0:
		subject += fmt.Sprintf(": move from %s instance %q to %q", grp.Instance.Kind, grp.Instance.ID, c.targets[t].pi.ID)
	default:
		subject += ": where it could go"
	}
	si := len(c.r.Sections)
	c.section(subject)
	sec := func() *Section { return c.sectionAt(si) }
	add := func(f Finding) { sec().Problems = append(sec().Problems, f) }
	warn := func(f Finding) { sec().Warnings = append(sec().Warnings, f) }

	if toErr != nil {
		add(c.finding(gp.Child("to"), toErr))
	}
	if prev, dup := c.groupAt[grp.ID]; dup {
		add(c.finding(gp.Child("id"), field.Duplicate(instance.ErrDuplicate, fmt.Sprintf("group %q", grp.ID), string(field.Path("groups").Index(prev)))))
	} else {
		c.groupAt[grp.ID] = g
	}
	// Missing authorizations: one finding per name.
	missing := map[string]*refList[ref]{}
	var order []string
	refs := 0
	c.eachRef(g, func(r ref, name string, i int) {
		refs++
		if i < 0 {
			if _, seen := missing[name]; !seen {
				order = append(order, name)
				missing[name] = &refList[ref]{}
			}
			missing[name].add(r)
		}
	})
	for _, name := range order {
		l := missing[name]
		f := c.finding(c.refPath(l.first[0]), fmt.Errorf("%w: no authorization named %q", migrate.ErrMissingAuthorization, name))
		if l.n > 1 {
			f.What += fmt.Sprintf(" (%d references)", l.n)
		}
		if f.Code == CodeMissingAuthorization {
			c.want(&f, remedyNeed{kind: needAuthorization, g: g, name: name})
		}
		add(f)
	}
	if t < 0 {
		c.placement(g, sec)
		return
	}
	tg := c.targets[t]
	moveOK := len(order) == 0 && toErr == nil && tg.specOK // an invalid spec is reported with the instance
	if grp.Instance.ID == "" {
		if grp.RegionID != tg.inst.RegionID {
			add(c.finding(gp.Child("regionId"), fmt.Errorf("%w: group %q is in %q, instance %q in %q", migrate.ErrRegion, grp.ID, grp.RegionID, tg.pi.ID, tg.inst.RegionID)))
			moveOK = false
		}
		if grp.DataWorks {
			add(c.finding(gp.Child("dataWorks"), fmt.Errorf("%w: group %q serves DataWorks, and instance %q is a VPC integration instance", migrate.ErrDataWorks, grp.ID, tg.pi.ID)))
			moveOK = false
		}
	} else {
		if !grp.Instance.Kind.Valid() {
			add(c.finding(gp.Child("instance").Child("kind"), fmt.Errorf("group %q's current instance %q: %w", grp.ID, grp.Instance.ID, instance.ErrInvalidKind)))
			moveOK = false
		}
		// The group-level rules of migrate, over the authorizations the
		// group uses (their failures are reported once, above).
		mg := grp.Migrate()
		mg.APIs, mg.Plugins = nil, nil
		r := migrate.Check(mg, grp.Instance, tg.inst, nil)
		for _, f := range r.Failures {
			if f.Subject.Kind != "group" || errors.Is(f.Err, migrate.ErrDuplicateAuthorization) {
				continue
			}
			path := gp
			switch {
			case errors.Is(f.Err, migrate.ErrRegion):
				path = gp.Child("regionId")
			case errors.Is(f.Err, migrate.ErrDataWorks):
				path = gp.Child("dataWorks")
			case errors.Is(f.Err, instance.ErrInvalidKind):
				path = gp.Child("instance").Child("kind")
			}
			add(c.finding(path, f.Err))
			moveOK = false
		}
		c.moveSource(g, tg, warn)
		admitted, denied := c.backendIngress(g, t, add, warn)
		if denied {
			moveOK = false
		}
		for _, w := range r.Warnings {
			if w.Code == migrate.WarnEgressChange && !admitted {
				warn(c.note(Code(w.Code), gp, w.Message))
			}
		}
	}
	if c.networkACLs(g, t, add, warn) {
		moveOK = false
	}
	c.eachRef(g, func(_ ref, _ string, i int) {
		if moveOK && i >= 0 && !c.passes(i, t) {
			moveOK = false
		}
	})
	directs := 0
	c.eachDirect(g, func(directRef, directKey) { directs++ })
	if directs > 0 {
		if ok, _ := c.directPasses(g, t); !ok {
			moveOK = false
		}
	}
	if moveOK {
		verdict := "the move would succeed"
		if grp.Instance.ID == "" {
			verdict = "the group would work on the instance"
		}
		counted := fmt.Sprintf("%d authorization reference(s)", refs)
		if directs > 0 {
			counted += fmt.Sprintf(" and %d backend(s) called directly", directs)
		}
		sec().Passed = append(sec().Passed, fmt.Sprintf("%s of %d API(s) and %d plug-in(s) checked: %s%s", counted, len(grp.APIs), len(grp.Plugins), verdict, c.caveat(g, t)))
		return
	}
	c.placement(g, sec)
}

// passes reports whether authorization i is valid and passes every check
// against target t (reachability and outbound rules); an unknown address
// does not fail.
func (c *checker) passes(i, t int) bool {
	if !c.valid[i] {
		return false
	}
	for _, e := range field.Split(c.result(i, t)) {
		if !errors.Is(e, authz.ErrUnknownAddr) || c.opts.Strict {
			return false
		}
	}
	r := c.res(i, t)
	if r.reachOpen && c.opts.Strict {
		return false
	}
	if r.egress == egressUndecided {
		r.egress = egressNo
		if flow, err := c.p.Authorizations[i].Flow(); err == nil {
			r.egress = c.egressOf(authSubject(&c.p.Authorizations[i]), flow, c.targets[t], nil)
		}
	}
	return r.egress == egressYes || r.egress == egressUnverified && !c.opts.Strict
}

// openParts says what of group g's move to target t is unverified: the
// authorizations it uses whose address, reach or outbound rules are, and
// the target's own unverified findings (its VPC, security groups or
// accessible blocks not known). Every authorization of g must have been
// checked against t.
func (c *checker) openParts(g, t int) []string {
	var parts []string
	var open nameSet
	stamp := c.newStamp()
	c.eachRef(g, func(_ ref, name string, i int) {
		if i < 0 || c.mark[i] == stamp || !c.valid[i] {
			return
		}
		c.mark[i] = stamp
		r := c.res(i, t)
		if r.reachOpen || r.egress == egressUnverified || errors.Is(c.result(i, t), authz.ErrUnknownAddr) {
			open.addNew(name)
		}
	})
	if open.n > 0 {
		parts = append(parts, "authorization(s) "+open.String()+" unverified")
	}
	if _, direct := c.directPasses(g, t); len(direct) > 0 {
		parts = append(parts, "backend(s) called directly "+strings.Join(direct, ", ")+" unverified")
	}
	if n := c.targets[t].unverified; n > 0 {
		parts = append(parts, fmt.Sprintf("%d unverified finding(s) of instance %q", n, c.targets[t].pi.ID))
	}
	return parts
}

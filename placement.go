// This file implements placement advice: which of the plan's instances
// would take a group, or why none would.

package vpcgate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// maxWeighed is how many candidate instances placement weighs reference by
// reference for one group, so that its cost does not grow with groups
// times instances times references.
const maxWeighed = 8

// placement says which instances would take group g (every reference
// passes, same region, no DataWorks), or that none would and why.
func (c *checker) placement(g int, sec func() *Section) {
	grp := c.p.Groups[g]
	gp := field.Path("groups").Index(g)
	// The VPC of the group's first valid authorization: an instance in
	// another VPC cannot take the group, whatever the rest says.
	vpc, hasVPC := "", false
	c.eachRef(g, func(_ ref, _ string, i int) {
		if !hasVPC && i >= 0 && c.valid[i] {
			vpc, hasVPC = c.p.Authorizations[i].VPCID, true
		}
	})
	var takers, blocked limited
	weighed, unweighed := 0, 0
	for t, tg := range c.targets {
		reason := ""
		switch {
		case grp.RegionID != tg.inst.RegionID:
			reason = fmt.Sprintf("region %s", tg.inst.RegionID)
		case grp.DataWorks:
			reason = "DataWorks"
		case !tg.specOK && tg.specOpen:
			reason = "its purchase form is unverified: it rests on values the plan's source does not give"
		case !tg.specOK:
			reason = "its purchase form has problems"
		case hasVPC && tg.pi.VPCID != vpc:
			reason = fmt.Sprintf("in VPC %q, the authorizations in %q", tg.pi.VPCID, vpc)
		case weighed == maxWeighed:
			unweighed++ // bounded work: the first candidates are weighed
			continue
		}
		if reason == "" {
			weighed++
			var bad nameSet
			stamp := c.newStamp()
			c.eachRef(g, func(_ ref, name string, i int) {
				switch {
				case i < 0:
					bad.add(name)
				case c.mark[i] != stamp: // each authorization once
					c.mark[i] = stamp
					if !c.passes(i, t) {
						bad.addNew(name)
					}
				}
			})
			if bad.n > 0 {
				reason = "authorization(s) " + bad.String() + " fail"
			} else if ok, _ := c.directPasses(g, t); !ok {
				reason = "a backend it calls directly fails"
			}
		}
		if reason == "" {
			taker := strconv.Quote(tg.pi.ID)
			if open := c.openParts(g, t); len(open) > 0 {
				taker += " (if what is unverified holds: " + strings.Join(open, "; ") + ")"
			}
			takers.add(taker)
		} else {
			blocked.add(fmt.Sprintf("%q: %s", tg.pi.ID, reason))
		}
	}
	var what string
	switch {
	case takers.n > 0:
		what = "instance(s) that would take the group: " + takers.join(", ") + c.caveat(g, -1)
	case blocked.n > 0:
		what = "no instance of the plan would take the group: " + blocked.join("; ")
	default:
		what = "the plan has no instance"
	}
	if unweighed > 0 {
		what += fmt.Sprintf(" (%d more instances in the group's region and VPC not weighed)", unweighed)
	}
	at := gp
	if grp.To != "" {
		at = gp.Child("to")
	}
	s := sec()
	s.Warnings = append(s.Warnings, c.note(CodePlacement, at, what))
}

// This file implements the advice of the instance phase: an instance CIDR
// block and vSwitch blocks that would work where the plan's conflict.

package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/zones"
)

// maxSuggestions is how many placements of one instance get a block
// suggested; the rest are told to use another block.
const maxSuggestions = 16

// maxPlanSuggestions bounds the placements of a whole plan that get a
// block worked out: each weighs its VPC's vSwitches, so that a plan of
// many instances in one VPC stays linear.
const maxPlanSuggestions = 64

// suggestions holds the advice for one instance's conflicting blocks.
type suggestions struct {
	c        *checker
	t        *target
	instCIDR netip.Prefix // the instance CIDR block to plan with
	changed  bool         // instCIDR differs from the spec's
	given    map[int]netip.Prefix
	weighed  map[int]bool // placements whose advice was worked out
	used     []netip.Prefix
}

// suggestions chooses the instance CIDR block first: the spec's, when it is
// allowed and overlaps no vSwitch, otherwise the first allowed block that
// overlaps none.
func (c *checker) suggestions(t *target) *suggestions {
	s := &suggestions{c: c, t: t, instCIDR: t.pi.CIDR, given: map[int]netip.Prefix{}, weighed: map[int]bool{}}
	var buf [4]netip.Prefix // most instances have few zones
	vsw := vswitchBlocks(buf[:0], t.pi.Zones, -1)
	// The allowed block that overlaps the fewest vSwitches, the spec's
	// first among equals; its conflicts are left to the vSwitch advice.
	best, bestN := netip.Prefix{}, len(vsw)+1
	for _, a := range append([]netip.Prefix{t.pi.CIDR}, instance.InstanceCIDRs()...) {
		if !slices.Contains(instance.InstanceCIDRs(), a) {
			continue
		}
		if n := overlapCount(vsw, a); n < bestN {
			best, bestN = a, n
		}
	}
	s.instCIDR, s.changed = best, best != t.pi.CIDR
	return s
}

func overlapCount(ps []netip.Prefix, p netip.Prefix) int {
	n := 0
	for _, q := range ps {
		if q.Overlaps(p) {
			n++
		}
	}
	return n
}

// applyCIDR sets the advice of a finding on the instance CIDR block.
func (s *suggestions) applyCIDR(f *Finding) {
	if s.changed {
		f.Fix = fmt.Sprintf("use %s as the instance CIDR block, and move the vSwitches that overlap it as suggested", s.instCIDR)
		if overlapCount(vswitchBlocks(nil, s.t.pi.Zones, -1), s.instCIDR) == 0 {
			f.Fix = fmt.Sprintf("use %s as the instance CIDR block: it overlaps none of the vSwitches", s.instCIDR)
		}
		f.Suggested = s.instCIDR
	}
}

// apply sets the advice of a finding on placement z's vSwitch block.
func (s *suggestions) apply(f *Finding, z int) {
	pl := s.t.pi.Zones[z]
	vs, err := zones.VSwitchPrefix(pl.VSwitchCIDR)
	if err != nil {
		return
	}
	if !s.weighed[z] && (len(s.weighed) >= maxSuggestions || s.c.suggested >= maxPlanSuggestions) {
		// Bounded work: each suggestion weighs every vSwitch, so only the
		// first placements in conflict get one.
		f.Fix = "use another vSwitch block"
		return
	}
	if !s.weighed[z] {
		s.c.suggested++
	}
	s.weighed[z] = true
	// A conflict with the instance CIDR block alone is solved by the other
	// allowed instance CIDR block.
	if s.changed && vs.Overlaps(s.t.pi.CIDR) && !vs.Overlaps(s.instCIDR) && errors.Is(f.Err, instance.ErrCIDRConflict) && overlapCount(vswitchBlocks(nil, s.t.pi.Zones, z), vs) == 0 {
		f.Fix = fmt.Sprintf("use %s as the instance CIDR block instead: it overlaps none of the vSwitches", s.instCIDR)
		f.Suggested = s.instCIDR
		return
	}
	if p, ok := s.given[z]; ok {
		s.fix(f, z, p)
		return
	}
	if s.t.vpc == nil || len(s.t.vpc.CIDRs) == 0 {
		f.Fix = "use another vSwitch block; describe the VPC's CIDR blocks in the plan to get a suggestion"
		return
	}
	others := vswitchBlocks(nil, s.t.pi.Zones, z)
	used, _ := cidr.NewSet(append(others, s.used...)...) // valid vSwitch blocks and suggestions
	// The VPC's other vSwitches: a vSwitch's block overlaps none of its
	// VPC's others (but the one it replaces).
	own, _ := cidr.NewSet(vs)
	used = used.Union(s.c.vpcVSwitchSet(s.t.vpc).Subtract(own))
	bits := min(max(vs.Bits(), 16), 29)
	for _, within := range s.t.vpc.CIDRs {
		if bits < within.Bits() {
			continue
		}
		if p, ok := instance.SuggestVSwitch(s.c.cat, pl.ZoneID, within, bits, s.instCIDR, used); ok {
			s.given[z] = p
			s.used = append(s.used, p)
			s.fix(f, z, p)
			return
		}
	}
	s.given[z] = netip.Prefix{}
	f.Fix = fmt.Sprintf("no free /%d block in the VPC's CIDR blocks %v avoids the reserved blocks, the instance CIDR block and the other vSwitches: use a smaller vSwitch or add a VPC CIDR block", bits, s.t.vpc.CIDRs)
}

func (s *suggestions) fix(f *Finding, z int, p netip.Prefix) {
	if !p.IsValid() {
		return
	}
	pl := s.t.pi.Zones[z]
	avoid := "the other vSwitches"
	if s.instCIDR.IsValid() {
		avoid = "the instance CIDR block " + s.instCIDR.String() + " and " + avoid
	}
	f.Fix = fmt.Sprintf("use %s instead: inside the VPC's CIDR blocks, clear of zone %s's reserved blocks, %s", p, pl.ZoneID, avoid)
	f.Suggested = p
}

// vswitchBlocks appends to out the vSwitch blocks of zs that are valid
// IPv4 vSwitch blocks ([zones.VSwitchPrefix]), but placement skip's.
func vswitchBlocks(out []netip.Prefix, zs []instance.ZonePlacement, skip int) []netip.Prefix {
	for j, z := range zs {
		if vs, err := zones.VSwitchPrefix(z.VSwitchCIDR); j != skip && err == nil {
			out = append(out, vs)
		}
	}
	return out
}

// vpcVSwitchSet returns the set of the blocks of v's listed vSwitches
// (VPC.VSwitches), made once per VPC ID.
func (c *checker) vpcVSwitchSet(v *instance.VPC) cidr.Set {
	if set, ok := c.vpcVSwitches[v.ID]; ok {
		return set
	}
	var blocks []netip.Prefix
	for _, p := range v.VSwitches {
		if p.IsValid() {
			blocks = append(blocks, cidr.UnmapPrefix(p).Masked())
		}
	}
	set, _ := cidr.NewSet(blocks...) // valid blocks
	if c.vpcVSwitches == nil {
		c.vpcVSwitches = map[string]cidr.Set{}
	}
	c.vpcVSwitches[v.ID] = set
	return set
}

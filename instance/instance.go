package instance

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/zones"
)

// VPC is a virtual private cloud as far as accessible blocks are concerned.
// The zero value is a VPC with no ID and no blocks.
type VPC struct {
	// ID is the VPC ID, such as "vpc-bp1...".
	ID string `json:"id"`
	// CIDRs holds the VPC's own CIDR blocks.
	CIDRs []netip.Prefix `json:"cidrs"`
	// Connected holds blocks of networks connected to the VPC (peered
	// VPCs, on-premises networks over VPN or Express Connect, ...).
	Connected []netip.Prefix `json:"connected,omitempty"`
}

// Reachable returns the set of the VPC's blocks and its connected networks'.
// Invalid prefixes add nothing; host bits are ignored.
func (v VPC) Reachable() cidr.Set { return setOf(v.CIDRs, v.Connected) }

// setOf returns the set of the valid prefixes in the lists.
func setOf(lists ...[]netip.Prefix) cidr.Set {
	var ps []netip.Prefix
	for _, l := range lists {
		for _, p := range l {
			if p.IsValid() {
				ps = append(ps, p)
			}
		}
	}
	s, _ := cidr.NewSet(ps...) // every prefix is valid
	return s
}

// Instance is an API Gateway instance. The zero value is no instance.
//
// An Instance is a plain value: its methods never modify it, and those that
// return a changed Instance give it slices of its own.
type Instance struct {
	// ID is the instance ID, such as "apigateway-hz-...".
	ID string `json:"id"`
	// Kind is the instance type.
	Kind Kind `json:"kind"`
	// RegionID is the instance's region.
	RegionID string `json:"regionId"`
	// VPCID is the connected VPC (VPC integration instances only).
	VPCID string `json:"vpcId,omitempty"`
	// CIDR is the instance CIDR block (VPC integration instances only).
	CIDR netip.Prefix `json:"cidr,omitzero"`
	// Zones holds the instance's network interfaces (VPC integration
	// instances only).
	Zones []ZonePlacement `json:"zones,omitempty"`
	// Accessible holds the CIDR blocks the instance can reach: its vSwitch
	// blocks, then those added with AllowCIDR. Invalid entries grant
	// nothing.
	Accessible []netip.Prefix `json:"accessible,omitempty"`
}

// New returns the VPC integration instance that s describes, with the given
// ID, after [Spec.Validate] against c (nil means [zones.Default]); a
// missing id is one more problem (ErrRequired, field "ID"). Its accessible
// blocks start as the vSwitch blocks, in IPv4 form. New keeps no slice of s.
func New(id string, s Spec, c *zones.Catalog) (Instance, error) {
	var p problems
	if id == "" {
		p.add("ID", ErrRequired)
	}
	s.validate(c, &p)
	if err := p.err(); err != nil {
		return Instance{}, err
	}
	inst := Instance{
		ID:       id,
		Kind:     VPCIntegration,
		RegionID: s.RegionID,
		VPCID:    s.VPCID,
		CIDR:     s.CIDR,
		Zones:    slices.Clone(s.Zones),
	}
	for i, z := range inst.Zones {
		vs, _ := zones.VSwitchPrefix(z.VSwitchCIDR) // validated
		inst.Zones[i].VSwitchCIDR = vs
		inst.Accessible = append(inst.Accessible, vs)
	}
	return inst, nil
}

// AccessibleSet returns the set of the instance's accessible blocks. It is
// built on each call: build it once when checking many backends.
func (i Instance) AccessibleSet() cidr.Set { return setOf(i.Accessible) }

// AllowCIDR returns a copy of i that can also reach p (the console's "Add"
// in "Access Allowed From"), or an error. A block already listed leaves the
// copy equal to i. The checks, in order:
//
//  1. i must be a VPC integration instance ([ErrNotVPCIntegration]);
//  2. v must be i's VPC ([ErrWrongVPC]);
//  3. p must be a canonical prefix ([cidr.ErrInvalidPrefix], and
//     [cidr.ErrNotCanonical] for host bits); an IPv4-mapped p is added in
//     IPv4 form;
//  4. p must lie within v's CIDR blocks or its connected networks
//     ([ErrOutsideVPC]).
//
// The receiver is not modified.
func (i Instance) AllowCIDR(p netip.Prefix, v VPC) (Instance, error) {
	if i.Kind != VPCIntegration {
		return i, fmt.Errorf("instance %q (%s): %w", i.ID, i.Kind, ErrNotVPCIntegration)
	}
	if v.ID != i.VPCID {
		return i, fmt.Errorf("VPC %q: %w (the instance's is %q)", v.ID, ErrWrongVPC, i.VPCID)
	}
	p, err := canonical(p)
	if err != nil {
		return i, err
	}
	if !v.Reachable().ContainsPrefix(p) {
		return i, fmt.Errorf("CIDR block %s: %w (VPC %q has %v, connected networks %v)", p, ErrOutsideVPC, v.ID, v.CIDRs, v.Connected)
	}
	out := i.clone()
	if !slices.Contains(out.Accessible, p) {
		out.Accessible = append(out.Accessible, p)
	}
	return out, nil
}

// RemoveCIDR returns a copy of i without the accessible block p, which must
// have been added with AllowCIDR: removing a block i does not list is
// [ErrNotAccessible], and removing a vSwitch's own block is
// [ErrDefaultCIDR]. Only VPC integration instances have accessible blocks
// ([ErrNotVPCIntegration]). The receiver is not modified.
func (i Instance) RemoveCIDR(p netip.Prefix) (Instance, error) {
	if i.Kind != VPCIntegration {
		return i, fmt.Errorf("instance %q (%s): %w", i.ID, i.Kind, ErrNotVPCIntegration)
	}
	p, err := canonical(p)
	if err != nil {
		return i, err
	}
	for _, z := range i.Zones {
		if vs, _ := zones.VSwitchPrefix(z.VSwitchCIDR); vs == p {
			return i, fmt.Errorf("CIDR block %s of vSwitch %q: %w", p, z.VSwitchID, ErrDefaultCIDR)
		}
	}
	k := slices.Index(i.Accessible, p)
	if k < 0 {
		return i, fmt.Errorf("CIDR block %s: %w %q", p, ErrNotAccessible, i.ID)
	}
	out := i.clone()
	out.Accessible = slices.Delete(out.Accessible, k, k+1)
	return out, nil
}

// canonical returns p in canonical form, IPv4 if it is IPv4-mapped.
func canonical(p netip.Prefix) (netip.Prefix, error) {
	if !p.IsValid() {
		return p, fmt.Errorf("CIDR block %s: %w", p, cidr.ErrInvalidPrefix)
	}
	p = cidr.UnmapPrefix(p)
	if m := p.Masked(); m != p {
		return p, fmt.Errorf("CIDR block %s: %w: %w; the canonical form is %s", p, cidr.ErrInvalidPrefix, cidr.ErrNotCanonical, m)
	}
	return p, nil
}

// clone returns i with slices of its own.
func (i Instance) clone() Instance {
	i.Zones = slices.Clone(i.Zones)
	i.Accessible = slices.Clone(i.Accessible)
	return i
}

// ValidateUpdate reports every change from old to new that the document
// forbids after creation, each a [*FieldError] matching [ErrImmutable]: the
// ID, Kind, RegionID, VPCID, CIDR and each zone placement. The accessible
// blocks may change, but each must be a valid prefix
// ([cidr.ErrInvalidPrefix], field Accessible[i]). It returns nil when the
// update is allowed.
func ValidateUpdate(old, new Instance) error {
	var p problems
	fixed := func(field string, changed bool, was, now any) {
		if changed {
			p.add(field, fmt.Errorf("%w: was %v, now %v", ErrImmutable, was, now))
		}
	}
	fixed("ID", old.ID != new.ID, fmt.Sprintf("%q", old.ID), fmt.Sprintf("%q", new.ID))
	fixed("Kind", old.Kind != new.Kind, old.Kind, new.Kind)
	fixed("RegionID", old.RegionID != new.RegionID, fmt.Sprintf("%q", old.RegionID), fmt.Sprintf("%q", new.RegionID))
	fixed("VPCID", old.VPCID != new.VPCID, fmt.Sprintf("%q", old.VPCID), fmt.Sprintf("%q", new.VPCID))
	fixed("CIDR", old.CIDR != new.CIDR, old.CIDR, new.CIDR)
	if len(old.Zones) != len(new.Zones) {
		fixed("Zones", true, fmt.Sprintf("%d placements", len(old.Zones)), fmt.Sprintf("%d", len(new.Zones)))
	} else {
		for k := range old.Zones {
			fixed(fmt.Sprintf("Zones[%d]", k), old.Zones[k] != new.Zones[k], fmt.Sprintf("%+v", old.Zones[k]), fmt.Sprintf("%+v", new.Zones[k]))
		}
	}
	for k, a := range new.Accessible {
		if !a.IsValid() {
			p.add(fmt.Sprintf("Accessible[%d]", k), cidr.ErrInvalidPrefix)
		}
	}
	return p.err()
}

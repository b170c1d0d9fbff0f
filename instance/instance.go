package instance

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
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
	// ConnectedUnknown reports that the networks connected to the VPC are
	// not known (a reader of cloud responses or of a Terraform plan cannot
	// see them), so Connected is not the whole list: a block outside CIDRs
	// may still lie in a connected network, and whether it does is
	// unverified rather than outside. The zero value says Connected is the
	// whole list, as a hand-written plan that lists it says.
	ConnectedUnknown bool `json:"connectedUnknown,omitempty"`
	// VSwitches holds the blocks of the VPC's vSwitches, when known: the
	// subnets its backends live in. Nothing is checked against them, and
	// they grant nothing: a remedy that adds an accessible block for a
	// backend offers the vSwitch block that holds the backend (when it
	// lies in CIDRs or Connected) as a wider alternative, and a vSwitch
	// block suggested for an instance overlaps none of them (but the one
	// it replaces).
	VSwitches []netip.Prefix `json:"vSwitches,omitempty"`
}

// Reachable returns the set of the VPC's blocks and its connected networks'.
// Invalid prefixes add nothing; host bits are ignored.
func (v VPC) Reachable() cidr.Set { return setOf(v.CIDRs, v.Connected) }

// familySet returns the set of the valid prefixes in the lists that are of
// one address family: IPv4 (IPv4-mapped prefixes included, as IPv4) when
// is4, else IPv6. The families never contain each other's addresses.
func familySet(is4 bool, lists ...[]netip.Prefix) cidr.Set {
	var ps []netip.Prefix
	for _, l := range lists {
		for _, p := range l {
			if p = cidr.UnmapPrefix(p); p.IsValid() && p.Addr().Is4() == is4 {
				ps = append(ps, p)
			}
		}
	}
	s, _ := cidr.NewSet(ps...) // every prefix is valid
	return s
}

// reach answers whether a canonical prefix lies in a VPC or the networks
// connected to it, building each family's set once, on first need.
type reach struct {
	v        VPC
	built    [2]bool
	families [2]cidr.Set // [0]: IPv6, [1]: IPv4
}

func (r *reach) contains(p netip.Prefix) bool {
	f := 0
	if p.Addr().Is4() {
		f = 1
	}
	if !r.built[f] {
		r.families[f], r.built[f] = familySet(f == 1, r.v.CIDRs, r.v.Connected), true
	}
	return r.families[f].ContainsPrefix(p)
}

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
	// Egress holds the blocks that the requests of a serverless or
	// dedicated instance to backends in a VPC come from, when known (the
	// VpcEgressAddress and NewVpcEgressAddress of DescribeInstances). It
	// names addresses for allow-lists and grants nothing; a VPC integration
	// instance's requests come from its vSwitch blocks instead.
	Egress []netip.Prefix `json:"egress,omitempty"`
}

// New returns the VPC integration instance that s describes, with the given
// ID, after [Spec.Validate] against c (nil means [zones.Default]); a
// missing id is one more problem ([ErrRequired] at "id"). Its accessible
// blocks start as the vSwitch blocks, in IPv4 form. New keeps no slice of s.
func New(id string, s Spec, c *zones.Catalog) (Instance, error) {
	var p field.List
	if id == "" {
		p.Add("id", ErrRequired)
	}
	s.validate(c, &p)
	if err := p.Err(); err != nil {
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
//     ([ErrOutsideVPC]), of its own address family: an IPv6 block, even
//     ::/0, never holds an IPv4 one.
//
// The receiver is not modified. Each call copies the accessible list and
// scans it: to add many blocks, use [Instance.AllowCIDRs].
func (i Instance) AllowCIDR(p netip.Prefix, v VPC) (Instance, error) {
	if err := i.canAllow(v); err != nil {
		return i, err
	}
	r := reach{v: v}
	p, err := r.check(p)
	if err != nil {
		return i, err
	}
	out := i.clone()
	if !slices.Contains(out.Accessible, p) {
		out.Accessible = append(out.Accessible, p)
	}
	return out, nil
}

// AllowCIDRs is [Instance.AllowCIDR] for many blocks at once, all or
// nothing: it returns a copy of i that can also reach every block of ps
// (in IPv4 form when mapped, in the order given, each block once, none
// already listed added again), or i itself and an error.
//
// The instance's kind and the VPC are checked first, as AllowCIDR does,
// and fail the whole call with one error. Then every block is checked once
// and every bad one is reported, joined, as a [*FieldError] at its index
// in ps ("[3]"), matching what AllowCIDR's error for it would match. When
// any block is bad none is added.
//
// It costs O(n log n + m) for n blocks and m already listed, where n calls
// of AllowCIDR would cost O(n·(n+m)). The receiver and ps are not modified.
func (i Instance) AllowCIDRs(ps []netip.Prefix, v VPC) (Instance, error) {
	if err := i.canAllow(v); err != nil {
		return i, err
	}
	r := reach{v: v}
	var errs field.List
	good := make([]netip.Prefix, 0, len(ps))
	for k, p := range ps {
		p, err := r.check(p)
		if err != nil {
			errs.Add(field.Path("").Index(k), err)
			continue
		}
		good = append(good, p)
	}
	if err := errs.Err(); err != nil {
		return i, err
	}
	out := i.clone()
	listed := make(map[netip.Prefix]bool, len(out.Accessible)+len(good))
	for _, p := range out.Accessible {
		listed[p] = true
	}
	for _, p := range good {
		if !listed[p] {
			listed[p] = true
			out.Accessible = append(out.Accessible, p)
		}
	}
	return out, nil
}

// canAllow checks the first two rules of AllowCIDR.
func (i Instance) canAllow(v VPC) error {
	if i.Kind != VPCIntegration {
		return fmt.Errorf("instance %q (%s): %w", i.ID, i.Kind, ErrNotVPCIntegration)
	}
	if v.ID != i.VPCID {
		return fmt.Errorf("VPC %q: %w (the instance's is %q)", v.ID, ErrWrongVPC, i.VPCID)
	}
	return nil
}

// check returns p in canonical form when it may be added, else the problem.
func (r *reach) check(p netip.Prefix) (netip.Prefix, error) {
	p, err := canonical(p)
	if err != nil {
		return p, err
	}
	if !r.contains(p) {
		return p, fmt.Errorf("CIDR block %s: %w (VPC %q has %v, connected networks %v)", p, ErrOutsideVPC, r.v.ID, r.v.CIDRs, r.v.Connected)
	}
	return p, nil
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
	i.Egress = slices.Clone(i.Egress)
	return i
}

// ValidateUpdate reports every change from old to new that the document
// forbids after creation, each a [*FieldError] matching [ErrImmutable] at
// the field's JSON path: "id", "kind", "regionId", "vpcId", "cidr", and
// each placement ("zones[1]", or "zones" when their number changes). The
// accessible blocks may change, but each must be a canonical prefix: an
// invalid one is [cidr.ErrInvalidPrefix] and one with host bits also
// [cidr.ErrNotCanonical] (so "1.2.3.4/0" is an error, never allow-all), at
// "accessible[k]"; an IPv4-mapped block counts as the IPv4 block. It
// returns nil when the update is allowed, and modifies neither instance.
func ValidateUpdate(old, new Instance) error {
	var p field.List
	fixed := func(at field.Path, changed bool, was, now any) {
		if changed {
			p.Add(at, fmt.Errorf("%w: was %v, now %v", ErrImmutable, was, now))
		}
	}
	fixed("id", old.ID != new.ID, fmt.Sprintf("%q", old.ID), fmt.Sprintf("%q", new.ID))
	fixed("kind", old.Kind != new.Kind, old.Kind, new.Kind)
	fixed("regionId", old.RegionID != new.RegionID, fmt.Sprintf("%q", old.RegionID), fmt.Sprintf("%q", new.RegionID))
	fixed("vpcId", old.VPCID != new.VPCID, fmt.Sprintf("%q", old.VPCID), fmt.Sprintf("%q", new.VPCID))
	fixed("cidr", old.CIDR != new.CIDR, old.CIDR, new.CIDR)
	if len(old.Zones) != len(new.Zones) {
		fixed("zones", true, fmt.Sprintf("%d placements", len(old.Zones)), fmt.Sprintf("%d", len(new.Zones)))
	} else {
		for k := range old.Zones {
			fixed(field.Path("zones").Index(k), old.Zones[k] != new.Zones[k], fmt.Sprintf("%+v", old.Zones[k]), fmt.Sprintf("%+v", new.Zones[k]))
		}
	}
	for k, a := range new.Accessible {
		if _, err := canonical(a); err != nil {
			p.Add(field.Path("accessible").Index(k), err)
		}
	}
	return p.Err()
}

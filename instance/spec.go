package instance

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/zones"
)

// InstanceCIDRs returns the CIDR blocks a VPC integration instance may use,
// 192.168.0.0/16 and 172.16.0.0/12, in that order. A [Spec]'s CIDR must
// equal one of them. The result is a new slice on each call.
func InstanceCIDRs() []netip.Prefix {
	return []netip.Prefix{
		netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 168, 0, 0}), 16),
		netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, 0, 0}), 12),
	}
}

// The vSwitch sizes the cloud accepts (VPC CreateVSwitch): a vSwitch
// block's mask is MinVSwitchBits (/16) to MaxVSwitchBits (/29).
const (
	// MinVSwitchBits is the shortest vSwitch mask: /16, the largest block.
	MinVSwitchBits = 16
	// MaxVSwitchBits is the longest vSwitch mask: /29, the smallest block.
	MaxVSwitchBits = 29
)

// ZonePlacement is one elastic network interface of an instance: the zone,
// the vSwitch and the security group it is created in (the API's
// ZoneVSwitchSecurityGroup item). The zero value is an empty placement.
type ZonePlacement struct {
	// ZoneID is the zone, such as "cn-hangzhou-b"; it must be in the
	// instance's region.
	ZoneID string `json:"zoneId"`
	// VSwitchID is the vSwitch the interface is created in.
	VSwitchID string `json:"vSwitchId"`
	// VSwitchCIDR is the vSwitch's CIDR block: IPv4, /16 to /29, clear of
	// the instance CIDR block, of the other vSwitches and of the zone's
	// reserved blocks.
	VSwitchCIDR netip.Prefix `json:"vSwitchCidr"`
	// SecurityGroupID is the security group the interface joins.
	SecurityGroupID string `json:"securityGroupId"`
}

// Spec is the purchase form of a VPC integration instance. The zero value
// is an empty form, which Validate rejects field by field.
type Spec struct {
	// Name is the instance's name.
	Name string `json:"name"`
	// RegionID is the region, such as "cn-hangzhou".
	RegionID string `json:"regionId"`
	// VPCID is the VPC the instance connects to; fixed after creation.
	VPCID string `json:"vpcId"`
	// CIDR is the instance CIDR block: one of InstanceCIDRs().
	CIDR netip.Prefix `json:"cidr"`
	// Zones holds one placement per zone, at least one.
	Zones []ZonePlacement `json:"zones"`
}

// Validate reports every problem with the spec at once, checked against the
// catalog c (nil means [zones.Default]). It returns nil or the problems
// joined with [errors.Join]; each is a [*FieldError] naming its field by
// its JSON path ("zones[1].vSwitchCidr") and matching, with [errors.Is]:
//
//   - [ErrRequired]: name, regionId, vpcId, cidr, zones, and in each
//     placement zoneId, vSwitchId, vSwitchCidr, securityGroupId;
//   - [zones.ErrUnknownRegion], [zones.ErrUnknownZone]: not in the catalog;
//   - [ErrZoneRegion]: a zone that the catalog lists in another region (a
//     zone's region is the catalog's data, not a guess from its ID);
//   - [ErrDuplicate]: the same zone, or the same vSwitch, twice;
//   - [ErrCIDRNotAllowed]: cidr is not one of [InstanceCIDRs] (exactly:
//     no host bits, no IPv4-mapped form);
//   - [zones.ErrInvalidVSwitch]: a vSwitch block that is IPv6, has host
//     bits, or is of a size the cloud refuses (a mask outside
//     [MinVSwitchBits]..[MaxVSwitchBits]); an IPv4-mapped block is read as
//     the IPv4 block it maps. Such a block is checked no further;
//   - [ErrCIDRConflict]: a vSwitch block that overlaps the instance CIDR
//     block, or an earlier placement's vSwitch block (reported once per
//     placement, naming the first earlier block it overlaps);
//   - [zones.ErrReservedConflict]: a vSwitch block that overlaps its zone's
//     reserved blocks, with the [*zones.ConflictError] reachable through
//     [errors.As].
//
// n placements yield O(n) problems in O(n log n) time. Validate does not
// modify s.
func (s Spec) Validate(c *zones.Catalog) error {
	var p field.List
	s.validate(c, &p)
	return p.Err()
}

// vSwitchBlock returns a placement's vSwitch block in IPv4 form, or the
// problem with it (ErrRequired for none, zones.ErrInvalidVSwitch).
func vSwitchBlock(p netip.Prefix) (netip.Prefix, error) {
	if p == (netip.Prefix{}) {
		return p, ErrRequired
	}
	vs, err := zones.VSwitchPrefix(p)
	if err != nil {
		return vs, err
	}
	if vs.Bits() < MinVSwitchBits || vs.Bits() > MaxVSwitchBits {
		return netip.Prefix{}, fmt.Errorf("%w: vSwitch %s: a vSwitch mask is /%d to /%d", zones.ErrInvalidVSwitch, vs, MinVSwitchBits, MaxVSwitchBits)
	}
	return vs, nil
}

func (s Spec) validate(c *zones.Catalog, p *field.List) {
	required := func(at field.Path, v string) bool {
		if v == "" {
			p.Add(at, ErrRequired)
			return false
		}
		return true
	}
	required("name", s.Name)
	required("vpcId", s.VPCID)
	regionKnown := false
	if required("regionId", s.RegionID) {
		if _, err := c.Region(s.RegionID); err != nil {
			p.Add("regionId", err)
		} else {
			regionKnown = true
		}
	}
	cidrOK := false
	switch {
	case s.CIDR == netip.Prefix{}:
		p.Add("cidr", ErrRequired)
	case !allowedCIDR(s.CIDR):
		p.Add("cidr", fmt.Errorf("%w: %s is neither 192.168.0.0/16 nor 172.16.0.0/12", ErrCIDRNotAllowed, s.CIDR))
	default:
		cidrOK = true
	}
	if len(s.Zones) == 0 {
		p.Add("zones", fmt.Errorf("%w: at least one zone", ErrRequired))
	}
	blocks := make([]netip.Prefix, len(s.Zones)) // the valid vSwitch blocks; zero for the others
	blockErrs := make([]error, len(s.Zones))
	for i, z := range s.Zones {
		blocks[i], blockErrs[i] = vSwitchBlock(z.VSwitchCIDR)
	}
	earlier := firstOverlaps(blocks)
	zoneAt := map[string]int{}
	vswitchAt := map[string]int{}
	for i, z := range s.Zones {
		at := field.Path("zones").Index(i)
		if required(at.Child("zoneId"), z.ZoneID) {
			region, known := c.ZoneRegion(z.ZoneID)
			switch prev, dup := zoneAt[z.ZoneID]; {
			case dup:
				p.Add(at.Child("zoneId"), field.Duplicate(ErrDuplicate, fmt.Sprintf("zone %q", z.ZoneID), string(field.Path("zones").Index(prev))))
			case !known:
				p.Add(at.Child("zoneId"), fmt.Errorf("zone %q: %w", z.ZoneID, zones.ErrUnknownZone))
			case regionKnown && region != s.RegionID:
				p.Add(at.Child("zoneId"), fmt.Errorf("zone %q: %w %q (it is in %q)", z.ZoneID, ErrZoneRegion, s.RegionID, region))
			}
			if _, dup := zoneAt[z.ZoneID]; !dup {
				zoneAt[z.ZoneID] = i
			}
		}
		if required(at.Child("vSwitchId"), z.VSwitchID) {
			if prev, dup := vswitchAt[z.VSwitchID]; dup {
				p.Add(at.Child("vSwitchId"), field.Duplicate(ErrDuplicate, fmt.Sprintf("vSwitch %q", z.VSwitchID), string(field.Path("zones").Index(prev))))
			} else {
				vswitchAt[z.VSwitchID] = i
			}
		}
		required(at.Child("securityGroupId"), z.SecurityGroupID)
		vsAt := at.Child("vSwitchCidr")
		if blockErrs[i] != nil {
			p.Add(vsAt, blockErrs[i])
			continue
		}
		vs := blocks[i]
		if cidrOK && vs.Overlaps(s.CIDR) {
			p.Add(vsAt, fmt.Errorf("%w: vSwitch %s overlaps the instance CIDR block %s", ErrCIDRConflict, vs, s.CIDR))
		}
		if j := earlier[i]; j >= 0 {
			p.Add(vsAt, fmt.Errorf("%w: vSwitch %s overlaps %s of zones[%d]", ErrCIDRConflict, vs, blocks[j], j))
		}
		if err := c.CheckVSwitch(z.ZoneID, vs); err != nil && !errors.Is(err, zones.ErrUnknownZone) {
			p.Add(vsAt, err)
		}
	}
}

// CheckVPC reports whether s fits the VPC v, the two rules that need the
// VPC itself. It returns nil or the problems joined, each a [*FieldError]:
//
//   - at "vpcId", [ErrWrongVPC] when s.VPCID is set and is not v.ID
//     (compared exactly; an empty VPCID is [Spec.Validate]'s to report);
//   - at "zones[k].vSwitchCidr", [ErrOutsideVPC] for each valid vSwitch
//     block (as Validate accepts it) that does not lie inside v's own CIDR
//     blocks: a vSwitch is created in its VPC, so networks connected to it
//     do not count. Invalid blocks are Validate's to report.
//
// When v.CIDRs is empty the second rule cannot be checked and CheckVPC says
// nothing about it: the caller must report it as unverified, never as
// passed. IPv6 VPC blocks never contain a vSwitch block. CheckVPC does not
// modify s or v.
func (s Spec) CheckVPC(v VPC) error {
	var p field.List
	if s.VPCID != "" && s.VPCID != v.ID {
		p.Add("vpcId", fmt.Errorf("VPC %q: %w (the spec names %q)", v.ID, ErrWrongVPC, s.VPCID))
	}
	if len(v.CIDRs) > 0 {
		own := familySet(true, v.CIDRs)
		for k, z := range s.Zones {
			vs, err := vSwitchBlock(z.VSwitchCIDR)
			if err == nil && !own.ContainsPrefix(vs) {
				p.Add(field.Path("zones").Index(k).Child("vSwitchCidr"),
					fmt.Errorf("%w: vSwitch %s is not inside VPC %q's CIDR blocks %v", ErrOutsideVPC, vs, v.ID, v.CIDRs))
			}
		}
	}
	return p.Err()
}

func allowedCIDR(p netip.Prefix) bool {
	for _, a := range InstanceCIDRs() {
		if p == a {
			return true
		}
	}
	return false
}

// SuggestVSwitch returns the lowest block of length bits inside within (a
// VPC CIDR block) that a vSwitch in zone zoneID could use: one that
// overlaps none of the zone's reserved blocks, not instanceCIDR, and none of
// the blocks in used (other vSwitches, say). It returns false when there is
// none, when the zone is unknown, when within is not a valid IPv4 prefix
// (an IPv4-mapped one is read as IPv4), or when bits is not a vSwitch size
// the cloud accepts ([MinVSwitchBits] to [MaxVSwitchBits]) at least as long
// as within's: it never proposes a block [Spec.Validate] would refuse.
// c nil means [zones.Default].
func SuggestVSwitch(c *zones.Catalog, zoneID string, within netip.Prefix, bits int, instanceCIDR netip.Prefix, used cidr.Set) (netip.Prefix, bool) {
	if bits < MinVSwitchBits || bits > MaxVSwitchBits {
		return netip.Prefix{}, false
	}
	z, err := c.Zone(zoneID)
	if err != nil {
		return netip.Prefix{}, false
	}
	within = cidr.UnmapPrefix(within)
	if !within.IsValid() || !within.Addr().Is4() {
		return netip.Prefix{}, false
	}
	taken := used.Union(z.ReservedSet())
	if instanceCIDR.IsValid() {
		s, _ := cidr.NewSet(instanceCIDR) // valid, so no error
		taken = taken.Union(s)
	}
	return taken.FreePrefix(within, bits)
}

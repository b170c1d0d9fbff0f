package instance

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
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

// ZonePlacement is one elastic network interface of an instance: the zone,
// the vSwitch and the security group it is created in (the API's
// ZoneVSwitchSecurityGroup item). The zero value is an empty placement.
type ZonePlacement struct {
	ZoneID          string       `json:"zoneId"`
	VSwitchID       string       `json:"vSwitchId"`
	VSwitchCIDR     netip.Prefix `json:"vSwitchCidr"`
	SecurityGroupID string       `json:"securityGroupId"`
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
// its Go path and matching, with [errors.Is]:
//
//   - [ErrRequired]: Name, RegionID, VPCID, CIDR, Zones, and in each
//     placement ZoneID, VSwitchID, VSwitchCIDR, SecurityGroupID;
//   - [zones.ErrUnknownRegion], [zones.ErrUnknownZone]: not in the catalog;
//   - [ErrZoneRegion]: a zone of another region;
//   - [ErrDuplicate]: the same zone, or the same vSwitch, twice;
//   - [ErrCIDRNotAllowed]: CIDR is not one of [InstanceCIDRs] (exactly:
//     no host bits, no IPv4-mapped form);
//   - [zones.ErrInvalidVSwitch]: a vSwitch block that is IPv6 or has host
//     bits (an IPv4-mapped block is read as the IPv4 block it maps);
//   - [ErrCIDRConflict]: a vSwitch block that overlaps the instance CIDR
//     block or another placement's vSwitch block;
//   - [zones.ErrReservedConflict]: a vSwitch block that overlaps its zone's
//     reserved blocks, with the [*zones.ConflictError] reachable through
//     [errors.As].
//
// Validate does not modify s.
func (s Spec) Validate(c *zones.Catalog) error {
	var p problems
	s.validate(c, &p)
	return p.err()
}

func (s Spec) validate(c *zones.Catalog, p *problems) {
	if c == nil {
		c = zones.Default()
	}
	required := func(field, v string) bool {
		if v == "" {
			p.add(field, ErrRequired)
			return false
		}
		return true
	}
	required("Name", s.Name)
	required("VPCID", s.VPCID)
	regionKnown := false
	if required("RegionID", s.RegionID) {
		if _, err := c.Region(s.RegionID); err != nil {
			p.add("RegionID", err)
		} else {
			regionKnown = true
		}
	}
	cidrOK := false
	switch {
	case s.CIDR == netip.Prefix{}:
		p.add("CIDR", ErrRequired)
	case !allowedCIDR(s.CIDR):
		p.add("CIDR", fmt.Errorf("%w: %s is neither 192.168.0.0/16 nor 172.16.0.0/12", ErrCIDRNotAllowed, s.CIDR))
	default:
		cidrOK = true
	}
	if len(s.Zones) == 0 {
		p.add("Zones", fmt.Errorf("%w: at least one zone", ErrRequired))
	}

	zoneAt := map[string]int{}
	vswitchAt := map[string]int{}
	var blocks []netip.Prefix // the valid vSwitch blocks so far
	var blockAt []int
	for i, z := range s.Zones {
		at := func(field string) string { return fmt.Sprintf("Zones[%d].%s", i, field) }
		if required(at("ZoneID"), z.ZoneID) {
			switch prev, dup := zoneAt[z.ZoneID]; {
			case dup:
				p.add(at("ZoneID"), fmt.Errorf("zone %q %w (also Zones[%d])", z.ZoneID, ErrDuplicate, prev))
			case !c.HasZone(z.ZoneID):
				p.add(at("ZoneID"), fmt.Errorf("zone %q: %w", z.ZoneID, zones.ErrUnknownZone))
			case regionKnown && zones.RegionOf(z.ZoneID) != s.RegionID:
				p.add(at("ZoneID"), fmt.Errorf("zone %q: %w %q", z.ZoneID, ErrZoneRegion, s.RegionID))
			}
			if _, dup := zoneAt[z.ZoneID]; !dup {
				zoneAt[z.ZoneID] = i
			}
		}
		if required(at("VSwitchID"), z.VSwitchID) {
			if prev, dup := vswitchAt[z.VSwitchID]; dup {
				p.add(at("VSwitchID"), fmt.Errorf("vSwitch %q %w (also Zones[%d])", z.VSwitchID, ErrDuplicate, prev))
			} else {
				vswitchAt[z.VSwitchID] = i
			}
		}
		required(at("SecurityGroupID"), z.SecurityGroupID)
		if z.VSwitchCIDR == (netip.Prefix{}) {
			p.add(at("VSwitchCIDR"), ErrRequired)
			continue
		}
		vs, err := zones.VSwitchPrefix(z.VSwitchCIDR)
		if err != nil {
			p.add(at("VSwitchCIDR"), err)
			continue
		}
		if cidrOK && vs.Overlaps(s.CIDR) {
			p.add(at("VSwitchCIDR"), fmt.Errorf("%w: vSwitch %s overlaps the instance CIDR block %s", ErrCIDRConflict, vs, s.CIDR))
		}
		for k, other := range blocks {
			if vs.Overlaps(other) {
				p.add(at("VSwitchCIDR"), fmt.Errorf("%w: vSwitch %s overlaps %s of Zones[%d]", ErrCIDRConflict, vs, other, blockAt[k]))
			}
		}
		blocks, blockAt = append(blocks, vs), append(blockAt, i)
		if err := c.CheckVSwitch(z.ZoneID, vs); err != nil && !errors.Is(err, zones.ErrUnknownZone) {
			p.add(at("VSwitchCIDR"), err)
		}
	}
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
// none, when the zone is unknown, or when within is not a valid IPv4 prefix
// (an IPv4-mapped one is read as IPv4) or bits is not between within's
// length and 32. c nil means [zones.Default].
func SuggestVSwitch(c *zones.Catalog, zoneID string, within netip.Prefix, bits int, instanceCIDR netip.Prefix, used cidr.Set) (netip.Prefix, bool) {
	if c == nil {
		c = zones.Default()
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

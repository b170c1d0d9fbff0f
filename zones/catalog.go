package zones

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

// Zone is one zone and the CIDR blocks that VPC integration instances
// reserve in it.
//
// The zero value is no zone. A Zone obtained from a [Catalog] is a copy:
// changing it changes nothing else.
type Zone struct {
	// ID is the zone ID, such as "cn-hangzhou-b".
	ID string `json:"id"`
	// RegionID is the ID of the zone's region, such as "cn-hangzhou".
	RegionID string `json:"regionId"`
	// Reserved holds the zone's reserved blocks, canonical IPv4 prefixes,
	// in the document's order.
	Reserved []netip.Prefix `json:"reserved"`
}

// ReservedSet returns the set of the zone's reserved blocks. It builds the
// set on each call; [Catalog.CheckVSwitch] uses sets built once. Only a
// Zone built by hand can hold an invalid (zero) prefix, which adds nothing.
func (z Zone) ReservedSet() cidr.Set {
	valid := make([]netip.Prefix, 0, len(z.Reserved))
	for _, p := range z.Reserved {
		if p.IsValid() {
			valid = append(valid, p)
		}
	}
	s, _ := cidr.NewSet(valid...) // every prefix is valid
	return s
}

// Region is a region and its zones.
//
// The zero value is no region. A Region obtained from a [Catalog] is a deep
// copy.
type Region struct {
	// ID is the region ID, such as "cn-hangzhou": its zones' ID without the
	// zone letter.
	ID string `json:"id"`
	// Name is the region's title in the document, such as "China (Hangzhou)".
	Name string `json:"name"`
	// Zones holds the region's zones in the document's order.
	Zones []Zone `json:"zones"`
}

// Catalog is an immutable table of regions, zones and their reserved
// blocks, indexed for lookups and overlap checks.
//
// Obtain one from [Default], [NewCatalog] or JSON decoding. The zero Catalog
// holds nothing (every zone is unknown), and a nil *Catalog is [Default]:
// every method, and every function of this module that takes a *Catalog,
// reads nil as the document's table. A Catalog is safe for concurrent use,
// and every slice it returns is a new copy.
//
// A Catalog value is a handle on an immutable table: decoding JSON into a
// Catalog points that handle at a new table and changes no other Catalog,
// least of all the one [Default] returns.
type Catalog struct {
	t *table // nil: the zero Catalog, which holds nothing
}

// table is the data behind a Catalog; it never changes once built.
type table struct {
	regions  []Region
	zones    []Zone                 // every zone, in catalog order, sharing regions' storage
	sets     []cidr.Set             // sets[i]: zones[i]'s reserved blocks
	all      cidr.Set               // every reserved block of every zone
	index    cidr.Index             // the same blocks, for listing those a prefix overlaps
	owners   map[netip.Prefix][]int // the zones that reserve each block, in order
	byZone   map[string]int
	byRegion map[string]int
}

// noTable is what the zero Catalog reads: nothing. It is never written.
var noTable table

// tab returns c's table: the default one for a nil c, an empty one for the
// zero Catalog.
func (c *Catalog) tab() *table {
	switch {
	case c == nil:
		return defaultTable()
	case c.t == nil:
		return &noTable
	}
	return c.t
}

// NewCatalog validates a table and returns it as a Catalog.
//
// Every problem is reported at once, joined, each a [*field.Error] naming
// its place by the JSON path of the table ("regions[2].zones[0].reserved[1]")
// and matching [ErrInvalidCatalog]: an empty table, an empty or duplicate
// region or zone ID, a zone ID that does not start with its region's ID
// followed by more, a zone whose RegionID is set and differs from its
// region's, a zone with no reserved block, and a block that is not a
// canonical IPv4 prefix (IPv6, IPv4-mapped, host bits, the zero Prefix).
// A zone's empty RegionID is filled in: a zone's region is always the one
// that lists it, never one guessed from the zone's ID.
//
// NewCatalog keeps no reference to regions or anything in it.
func NewCatalog(regions []Region) (*Catalog, error) {
	t, err := newTable(regions, "regions")
	if err != nil {
		return nil, err
	}
	return &Catalog{t: t}, nil
}

// newTable validates regions, naming problems by paths under root, and
// indexes them.
func newTable(regions []Region, root field.Path) (*table, error) {
	var errs field.List
	bad := func(p field.Path, format string, args ...any) {
		errs.Add(p, fmt.Errorf("%w: %s", ErrInvalidCatalog, fmt.Sprintf(format, args...)))
	}
	if len(regions) == 0 {
		bad(root, "no region")
	}
	c := &table{
		regions:  make([]Region, len(regions)),
		byZone:   make(map[string]int),
		byRegion: make(map[string]int, len(regions)),
	}
	for i, r := range regions {
		path := root.Index(i)
		switch _, dup := c.byRegion[r.ID]; {
		case r.ID == "":
			bad(path.Child("id"), "empty region ID")
		case dup:
			bad(path.Child("id"), "duplicate region ID %q", r.ID)
		default:
			c.byRegion[r.ID] = i
		}
		if len(r.Zones) == 0 {
			bad(path.Child("zones"), "region %q has no zone", r.ID)
		}
		own := Region{ID: r.ID, Name: r.Name, Zones: make([]Zone, len(r.Zones))}
		for j, z := range r.Zones {
			zpath := path.Child("zones").Index(j)
			switch _, dup := c.byZone[z.ID]; {
			case z.ID == "":
				bad(zpath.Child("id"), "empty zone ID")
			case dup:
				bad(zpath.Child("id"), "duplicate zone ID %q", z.ID)
			case r.ID != "" && (len(z.ID) <= len(r.ID) || z.ID[:len(r.ID)] != r.ID):
				bad(zpath.Child("id"), "zone %q is not in region %q: its ID must start with the region's", z.ID, r.ID)
			}
			if z.RegionID != "" && z.RegionID != r.ID {
				bad(zpath.Child("regionId"), "zone %q says region %q but is listed in %q", z.ID, z.RegionID, r.ID)
			}
			if len(z.Reserved) == 0 {
				bad(zpath.Child("reserved"), "zone %q has no reserved block", z.ID)
			}
			for k, p := range z.Reserved {
				at := zpath.Child("reserved").Index(k)
				switch {
				case !p.IsValid():
					bad(at, "zero or invalid prefix")
				case !p.Addr().Is4():
					bad(at, "%s is not IPv4", p)
				case p != p.Masked():
					bad(at, "%s has host bits set; the canonical form is %s", p, p.Masked())
				}
			}
			own.Zones[j] = Zone{ID: z.ID, RegionID: r.ID, Reserved: slices.Clone(z.Reserved)}
			if _, dup := c.byZone[z.ID]; !dup && z.ID != "" {
				c.byZone[z.ID] = len(c.zones)
			}
			c.zones = append(c.zones, own.Zones[j])
		}
		c.regions[i] = own
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	c.sets = make([]cidr.Set, len(c.zones))
	c.owners = map[netip.Prefix][]int{}
	var all []netip.Prefix
	for i, z := range c.zones {
		c.sets[i], _ = cidr.NewSet(z.Reserved...) // validated above
		all = append(all, z.Reserved...)
		for _, p := range z.Reserved {
			if o := c.owners[p]; len(o) == 0 || o[len(o)-1] != i {
				c.owners[p] = append(o, i)
			}
		}
	}
	c.all, _ = cidr.NewSet(all...)
	c.index, _ = cidr.NewIndex(all) // validated above
	return c, nil
}

// copyZone returns z with a Reserved of its own.
func copyZone(z Zone) Zone {
	z.Reserved = slices.Clone(z.Reserved)
	return z
}

func copyRegion(r Region) Region {
	zones := make([]Zone, len(r.Zones))
	for i, z := range r.Zones {
		zones[i] = copyZone(z)
	}
	r.Zones = zones
	return r
}

// Zone returns the zone with the given ID, or an error matching
// [ErrUnknownZone]. IDs match exactly: no trimming, no case folding.
// The result is a copy; the lookup costs one map access and one small
// allocation for the copy of Reserved.
func (c *Catalog) Zone(id string) (Zone, error) {
	t := c.tab()
	i, ok := t.byZone[id]
	if !ok {
		return Zone{}, unknownZone(id)
	}
	return copyZone(t.zones[i]), nil
}

func unknownZone(id string) error { return fmt.Errorf("zone %q: %w", id, ErrUnknownZone) }

// HasZone reports whether the catalog holds a zone with the given ID.
// It does not allocate.
func (c *Catalog) HasZone(id string) bool {
	_, ok := c.tab().byZone[id]
	return ok
}

// ZoneRegion returns the ID of the region that holds the zone in the
// catalog's data (never one guessed from the zone's ID), and whether the
// catalog holds the zone. It does not allocate.
func (c *Catalog) ZoneRegion(zoneID string) (string, bool) {
	t := c.tab()
	i, ok := t.byZone[zoneID]
	if !ok {
		return "", false
	}
	return t.zones[i].RegionID, true
}

// Region returns the region with the given ID, or an error matching
// [ErrUnknownRegion]. The result is a deep copy.
func (c *Catalog) Region(id string) (Region, error) {
	t := c.tab()
	i, ok := t.byRegion[id]
	if !ok {
		return Region{}, fmt.Errorf("region %q: %w", id, ErrUnknownRegion)
	}
	return copyRegion(t.regions[i]), nil
}

// Regions returns every region in catalog order, as deep copies.
func (c *Catalog) Regions() []Region {
	t := c.tab()
	out := make([]Region, len(t.regions))
	for i, r := range t.regions {
		out[i] = copyRegion(r)
	}
	return out
}

// Zones returns every zone of every region in catalog order, as copies.
func (c *Catalog) Zones() []Zone {
	t := c.tab()
	out := make([]Zone, len(t.zones))
	for i, z := range t.zones {
		out[i] = copyZone(z)
	}
	return out
}

// CheckVSwitch reports whether a vSwitch block may be used in a zone.
//
// It returns nil when vswitch overlaps none of the zone's reserved blocks,
// and otherwise a [*ConflictError] (matching [ErrReservedConflict]) that
// names exactly the overlapping blocks; a vSwitch inside a reserved block
// and one that contains a reserved block both conflict.
//
// vSwitch blocks are IPv4. An IPv4-mapped prefix (::ffff:172.20.0.0/112) is
// checked as the IPv4 prefix it maps. The zero Prefix, an IPv6 prefix and a
// prefix with host bits set are errors matching [ErrInvalidVSwitch], never a
// pass. An unknown zone is an error matching [ErrUnknownZone], never "no
// reserved blocks". It answers for an IPv4 block of any size, /0 to /32:
// the /16 to /29 vSwitch size rule is [instance.Spec.Validate]'s, so a /32
// or a /0 still reports the reserved blocks it overlaps.
//
// It costs one map lookup and an O(log n) set query, and allocates only
// when it reports an error.
//
// [instance.Spec.Validate]: https://pkg.go.dev/github.com/vpcgate/vpcgate/instance#Spec.Validate
func (c *Catalog) CheckVSwitch(zoneID string, vswitch netip.Prefix) error {
	t := c.tab()
	i, ok := t.byZone[zoneID]
	if !ok {
		return unknownZone(zoneID)
	}
	p, err := VSwitchPrefix(vswitch)
	if err != nil {
		return err
	}
	if !t.sets[i].OverlapsPrefix(p) {
		return nil
	}
	e := &ConflictError{Zone: zoneID, VSwitch: p}
	for _, r := range t.zones[i].Reserved {
		if r.Overlaps(p) {
			e.Reserved = append(e.Reserved, r)
		}
	}
	return e
}

// VSwitchPrefix returns p as a vSwitch block: a canonical IPv4 prefix, with
// an IPv4-mapped prefix returned in IPv4 form. The zero Prefix, IPv6 and host
// bits are errors matching [ErrInvalidVSwitch] (the zero Prefix also matches
// [cidr.ErrInvalidPrefix], host bits also [cidr.ErrNotCanonical]).
func VSwitchPrefix(p netip.Prefix) (netip.Prefix, error) {
	if !p.IsValid() {
		return netip.Prefix{}, fmt.Errorf("%w: the zero or an out-of-range prefix: %w", ErrInvalidVSwitch, cidr.ErrInvalidPrefix)
	}
	p = cidr.UnmapPrefix(p)
	if !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("%w: %s is not IPv4", ErrInvalidVSwitch, p)
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, fmt.Errorf("%w: %s has host bits set; the canonical form is %s: %w", ErrInvalidVSwitch, p, m, cidr.ErrNotCanonical)
	}
	return p, nil
}

// Conflicting returns every zone whose reserved blocks overlap p, in
// catalog order, as copies; nil when there is none.
//
// p follows [cidr.Set]'s rules: host bits are ignored, an IPv4-mapped
// prefix is the IPv4 prefix it maps, and the zero Prefix or an IPv6 prefix
// conflicts with nothing. A miss costs O(log n) against a catalog-wide set
// and allocates nothing.
func (c *Catalog) Conflicting(p netip.Prefix) []Zone {
	p = cidr.UnmapPrefix(p)
	if !p.IsValid() || !p.Addr().Is4() {
		return nil // reserved blocks are IPv4: IPv6 overlaps none of them
	}
	t := c.tab()
	if !t.all.OverlapsPrefix(p) {
		return nil
	}
	hit := make([]bool, len(t.zones))
	n := 0
	for _, o := range t.index.Overlapping([]netip.Prefix{p}) {
		for _, i := range t.owners[o.B] {
			if !hit[i] {
				hit[i] = true
				n++
			}
		}
	}
	out := make([]Zone, 0, n)
	for i, h := range hit {
		if h {
			out = append(out, copyZone(t.zones[i]))
		}
	}
	return out
}

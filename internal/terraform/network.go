package terraform

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

// readVPCs reads the VPCs (cidr_block, secondary_cidr_blocks) and the
// blocks alicloud_vpc_ipv4_cidr_block adds to them, and the blocks of
// their vSwitches.
func (t *planReader) readVPCs() {
	byID := make(map[string]int)
	for _, r := range t.resources(tfVPC) {
		// A plan cannot show the networks connected to the VPC (peered
		// VPCs, VPN or Express Connect): Connected is not the whole list.
		v := VPC{VPC: instance.VPC{ID: t.id(r), ConnectedUnknown: true}, At: r.Address}
		add := func(p netip.Prefix, f Found) {
			if p.IsValid() {
				v.CIDRs = append(v.CIDRs, f.Where())
				v.VPC.CIDRs = append(v.VPC.CIDRs, p)
			}
		}
		add(t.prefix(r, "the VPC's blocks are not checked", "cidr_block"))
		// Blocks not yet known can only make the check stricter: no note.
		t.list(r, "", func(i int) {
			add(t.prefix(r, "the VPC's blocks are not checked", "secondary_cidr_blocks", i))
		}, "secondary_cidr_blocks")
		byID[v.ID] = len(t.v.VPCs)
		t.v.VPCs = append(t.v.VPCs, v)
	}
	for _, r := range t.resources(tfVPCCIDR) {
		id, _ := t.text(r, "the block is not added to a VPC", "vpc_id")
		i, ok := byID[id]
		if id == "" || !ok {
			continue
		}
		p, f := t.prefix(r, "the block is not added to the VPC", "secondary_cidr_block")
		if p.IsValid() {
			v := &t.v.VPCs[i]
			v.CIDRs = append(v.CIDRs, f.Where())
			v.VPC.CIDRs = append(v.VPC.CIDRs, p)
		}
	}
	// The VPC's vSwitches that the plan holds, for a vSwitch block to
	// suggest clear of them; one not known, or not valid, adds nothing
	// and says nothing (the instance's own are read and checked with it).
	for _, r := range t.resources(tfVSwitch) {
		i, ok := byID[t.str(r, "vpc_id")]
		if !ok {
			continue
		}
		if p, err := cidr.ParsePrefix(t.str(r, "cidr_block")); err == nil && p.Addr().Is4() {
			t.v.VPCs[i].VPC.VSwitches = append(t.v.VPCs[i].VPC.VSwitches, p)
		}
	}
}

// zoneBlock is the nested block of an instance's network interfaces.
const zoneBlock = "zone_vswitch_security_group"

func (t *planReader) readInstances() {
	t.instances, t.others = make(map[string]int), make(map[string]bool)
	for _, r := range t.resources(tfInstance) {
		id := t.id(r)
		kind, _ := t.text(r, "the instance is not checked", "instance_type")
		if kind != vpcConnect {
			t.others[id] = true
			continue
		}
		in := Instance{ID: id, At: InstanceAt{Resource: r.Address, ID: r.Address + ".id", Name: r.Address + ".instance_name",
			VPCID: r.Address + ".user_vpc_id", CIDR: r.Address + ".instance_cidr"}}
		var nf Found
		if in.Spec.Name, nf = t.text(r, "the instance's name is not known", "instance_name"); nf.Unknown {
			// Nothing depends on a name: its resource's address stands
			// for it, never a missing field.
			in.Spec.Name = r.Address
		}
		if vpc, ok := t.vswitchVPC(r); ok {
			// CreateInstance places the network interfaces in vSwitches
			// of user_vpc_id: known only after apply, it is theirs.
			in.Spec.VPCID = vpc.Value.Text
			in.At.VPCID = vpc.Where()
		} else {
			in.Spec.VPCID, _ = t.text(r, "the instance's VPC is not checked", "user_vpc_id")
		}
		in.Spec.CIDR, _ = t.prefix(r, "the instance CIDR block is not checked", "instance_cidr")
		// Room for the zones, and their places: the list's length, as
		// t.list finds it (it calls for j below n).
		n, _ := t.ix.Len(r, zoneBlock)
		in.Spec.Zones = make([]instance.ZonePlacement, 0, n)
		places := zonePlaces(r.Address, n)
		in.At.Zones = places[:0]
		t.list(r, "the instance's zones are not checked", func(j int) {
			in.Spec.Zones = append(in.Spec.Zones, t.zone(r, j, in.Spec.VPCID, &places[j]))
			in.At.Zones = places[:j+1]
		}, zoneBlock)
		in.Spec.RegionID = t.regionOf(r, in.Spec.Zones)
		in.At.RegionID = t.region(r).where
		t.blocks(r, &in)
		t.forceNewInstance(r)
		t.instances[id] = len(t.v.Instances)
		t.v.Instances = append(t.v.Instances, in)
	}
}

// zone reads zone j of gateway r, in VPC vpcID, whose places are at (set
// in place).
func (t *planReader) zone(r *Res, j int, vpcID string, at *ZoneAt) instance.ZonePlacement {
	// The attributes' steps, from one array (a Found keeps its steps).
	var js Step = j
	steps := [...]Step{zoneBlock, js, "vswitch_id", zoneBlock, js, "zone_id", zoneBlock, js, "cidr_block", zoneBlock, js, "security_group"}
	vswitchID, zoneID, cidrBlock, group := steps[0:3], steps[3:6], steps[6:9], steps[9:12]
	// The zone's block as planned, found once for its attributes.
	block := walk(r.Values, steps[:2])
	var z instance.ZonePlacement
	z.VSwitchID, _ = t.textOf(r, "", vswitchID, t.attrUnder(r, block, vswitchID))
	// A zone or block known only after apply is the vSwitch's, when the
	// plan knows that.
	vs := t.vswitch(z.VSwitchID)
	// Each of the zone's attributes is looked up once.
	zf, cf := t.attrUnder(r, block, zoneID), t.attrUnder(r, block, cidrBlock)
	if f := t.fromVSwitch(zf, vs, "zone_id"); f.Value != nil {
		z.ZoneID, _ = t.text(vs, "", "zone_id")
		at.ZoneID = f.Where()
	} else {
		z.ZoneID, _ = t.textOf(r, "the zone's reserved blocks are not checked", zoneID, zf)
	}
	var cidrText string // the block's text, whose parse is z.VSwitchCIDR
	if f := t.fromVSwitch(cf, vs, "cidr_block"); f.Value != nil {
		cidrText, cf = t.text(vs, "", "cidr_block")
		if z.VSwitchCIDR, _ = t.prefixOf(cidrText, cf); z.VSwitchCIDR.IsValid() {
			at.VSwitchCIDR = f.Where()
		}
	} else {
		cidrText, cf = t.textOf(r, "the vSwitch block is not checked", cidrBlock, cf)
		z.VSwitchCIDR, _ = t.prefixOf(cidrText, cf)
	}
	if vs != nil {
		t.checkVSwitch(r, vswitchID, vs, vpcID, z, cidrText)
	}
	z.SecurityGroupID = t.groupID(t.textOf(r, "the security group is not checked", group, t.attrUnder(r, block, group)))
	return z
}

// vswitchVPC returns, when gateway r's user_vpc_id is known only after
// apply, the VPC of the first alicloud_vswitch of the plan its zones name
// whose vpc_id is known (or stands for a VPC the plan creates).
func (t *planReader) vswitchVPC(r *Res) (Found, bool) {
	if !t.attr(r, "user_vpc_id").Unknown {
		return Found{}, false
	}
	n, _ := t.ix.Len(r, zoneBlock)
	for j := range n {
		if vs := t.vswitch(t.str(r, zoneBlock, j, "vswitch_id")); vs != nil {
			if vpc := t.attr(vs, "vpc_id"); vpc.Value != nil && vpc.Value.Kind == String && vpc.Value.Text != "" {
				return vpc, true
			}
		}
	}
	return Found{}, false
}

// vswitch returns the alicloud_vswitch of the plan whose ID (or, while it
// is known only after apply, address) is id; nil when there is none.
func (t *planReader) vswitch(id string) *Res {
	if id == "" {
		return nil
	}
	if t.vswitches == nil {
		t.vswitches = t.byID(tfVSwitch)
	}
	return t.vswitches[id]
}

// fromVSwitch returns what vs, the vSwitch of a zone of a gateway, says of
// attr when the zone's attr (own, as t.attr found it) is known only after
// apply: f.Value is nil otherwise.
func (t *planReader) fromVSwitch(own Found, vs *Res, attr string) Found {
	if vs == nil || !own.Unknown {
		return Found{}
	}
	if f := t.attr(vs, attr); !f.Placeholder {
		return f
	}
	return Found{}
}

// checkVSwitch checks a zone of gateway r (in VPC vpcID, as placed in z)
// against vs, the vSwitch its vswitch_id (at steps of r) names. The cloud
// creates the network interface in that vSwitch, so a vSwitch in another
// VPC or another zone, or whose cidr_block is not the zone's, is a
// contradiction of the plan that CreateInstance refuses: an error of the
// plan, at the zone's vswitch_id, as the OpenAPI reader reports responses
// that contradict each other. A value known only after apply on either side
// is not compared, and gets an unverified note. cidrText is the text
// z.VSwitchCIDR was parsed from: a vSwitch block of the same text is the
// same block, not parsed again.
func (t *planReader) checkVSwitch(r *Res, steps []Step, vs *Res, vpcID string, z instance.ZonePlacement, cidrText string) {
	const unchecked = "the gateway's vSwitch is not checked against it"
	at := foundIn(r, steps, nil)
	if vpc, vf := t.text(vs, unchecked, "vpc_id"); vpcID != "" && vpc != "" && vpc != vpcID {
		t.differ(at, vs, "VPC", vpcID, r.Address+".user_vpc_id", vpc, vf, errVSwitchVPC)
	}
	zone, zf := t.text(vs, unchecked, "zone_id")
	if zone == "" && !zf.Unknown {
		zone, zf = t.text(vs, unchecked, "availability_zone")
	}
	if z.ZoneID != "" && zone != "" && zone != z.ZoneID {
		t.differ(at, vs, "zone", z.ZoneID, zoneAttr(at, "zone_id"), zone, zf, errVSwitchZone)
	}
	if !z.VSwitchCIDR.IsValid() {
		return // the zone's block is unknown or invalid, and says so
	}
	s, sf := t.text(vs, unchecked, "cidr_block")
	if s == cidrText {
		return
	}
	if p, pf := t.prefixOf(s, sf); p.IsValid() && p != z.VSwitchCIDR {
		t.differ(at, vs, "CIDR block", z.VSwitchCIDR.String(), zoneAttr(at, "cidr_block"), p.String(), pf, errVSwitchCIDR)
	}
}

// zoneAttr names attribute attr of the zone whose vswitch_id is at at.
func zoneAttr(at Found, attr string) string {
	w := at.Where()
	return w[:len(w)-len("vswitch_id")] + attr
}

// differ records, at the zone's vswitch_id (at), that vSwitch vs's what
// (other, found at of) is not the gateway's (gw, at gwWhere).
func (t *planReader) differ(at Found, vs *Res, what, gw, gwWhere, other string, of Found, err error) {
	t.fail(at, fmt.Errorf("%w: %s %q of %s is not %s's %q (%s)", err, what, other, vs.Address, gwWhere, gw, of.Where()))
}

// The contradictions between a gateway's zone and its vSwitch.
var (
	errVSwitchVPC  = fmt.Errorf("vSwitch in another VPC: %w", instance.ErrWrongVPC)
	errVSwitchZone = errors.New("vSwitch in another zone")
	errVSwitchCIDR = errors.New("vSwitch of another CIDR block")
)

// exists reports whether r is in the cloud before the plan is applied and
// stays there: an object the plan forgets, or one whose change neither
// creates nor replaces it (a no-op, an update); without a change entry,
// one whose ID is known (only an object that exists has one).
func (t *planReader) exists(r *Res) bool {
	switch {
	case r.Forgotten:
		return true
	case r.Change != nil:
		return !r.Change.Creates()
	}
	return t.str(r, "id") != ""
}

// blocks sets what instance in, read from r, reaches. An instance that
// exists (see exists) has Exists set, and its ConnectCidrBlocks are the
// blocks the cloud holds: connect_cidr_blocks as planned (else as before
// an update), exactly, vSwitch blocks only where listed, less
// delete_vpc_ip_block's block when Terraform sends it; facts, not
// requests. An instance created or replaced reaches its vSwitch blocks
// (the blocks a replaced one's old instance reaches go with it: noted).
// Either way, Accessible holds to_connect_vpc_ip_block's cidr_block when
// Terraform sends it (a request, checked), unless the instance reaches it
// already.
func (t *planReader) blocks(r *Res, in *Instance) {
	c := r.Change
	in.Exists = t.exists(r)
	var held []netip.Prefix
	heldAt := ""
	switch {
	case in.Exists:
		var ok bool
		held, heldAt, ok = t.connectCIDRBlocks(r)
		if !ok {
			held = nil
		}
	case c != nil && c.Replace() && c.Before.Get(connectCIDRBlocks) != nil:
		t.unverified(r.Address+"."+connectCIDRBlocks, "", r.Address+" is replaced, so the blocks the old instance reaches (connect_cidr_blocks) go with it: only the new instance's vSwitch blocks and the block to_connect_vpc_ip_block adds are taken as accessible")
	}
	// reached reports whether the instance reaches block p (valid): one
	// of held when it exists, else of its vSwitch blocks. It is asked
	// twice at most, so a scan costs less than a set.
	reached := func(p netip.Prefix) bool {
		if in.Exists {
			return slices.Contains(held, p)
		}
		return slices.ContainsFunc(in.Spec.Zones, func(z instance.ZonePlacement) bool { return z.VSwitchCIDR == p })
	}
	if sends(c, deleteBlock) || t.ix.Unknown(r, deleteBlock) {
		del, df := t.prefix(r, "the block it removes is not known, so the blocks the instance reaches are not checked", deleteBlock)
		switch {
		case !del.IsValid():
		case in.Exists:
			held = slices.DeleteFunc(held, func(p netip.Prefix) bool { return p == del })
		case reached(del):
			where := df.Where()
			t.unverified(where, "", fmt.Sprintf("%s removes %s from the blocks the new instance %s reaches, which are taken as its vSwitch blocks: what it reaches in %s is not checked", where, del, r.Address, del))
		}
	}
	if in.Exists {
		in.At.ConnectCidrBlocks = r.Address + "." + connectCIDRBlocks
	}
	if len(held) > 0 {
		in.At.ConnectCidrBlock = heldAt
	}
	in.ConnectCidrBlocks = held
	if sends(c, toConnectBlock) || t.ix.Unknown(r, toConnectBlock) {
		p, pf := t.prefix(r, "the block to add is not checked", toConnectBlock, "cidr_block")
		if p.IsValid() && !reached(p) {
			in.At.Accessible = pf.Where()
			in.Accessible = []netip.Prefix{p}
		}
	}
}

// connectCIDRBlocks returns the blocks that an instance that exists
// reaches now: its connect_cidr_blocks (as planned, else as before an
// update), once each, in order, and where they were read. ok is false, with
// an unverified note, when they are not known: known only after apply, not
// in the plan, or an empty list.
func (t *planReader) connectCIDRBlocks(r *Res) (blocks []netip.Prefix, where string, ok bool) {
	c := r.Change
	f := t.attr(r, connectCIDRBlocks)
	if f.Value == nil && c != nil {
		if b := c.Before.Get(connectCIDRBlocks); b != nil {
			f = At(r.Address, c.Path.With(".change.before"), connectCIDRBlocks)
			f.Value = b
		}
	}
	const unknown = ": the blocks the instance reaches now are not known, so whether it reaches a backend is unverified"
	where = f.Where()
	switch {
	case f.Unknown:
		t.unverified(where, r.Address+"."+connectCIDRBlocks, refers(r.Address+"."+connectCIDRBlocks, where)+unknown)
		return nil, where, false
	case f.Value == nil || f.Value.Kind == String && f.Value.Text == "":
		t.unverified(where, r.Address+"."+connectCIDRBlocks, where+" is not in the plan"+unknown)
		return nil, where, false
	}
	seen := make(map[netip.Prefix]bool)
	for _, p := range t.connectBlocks(f) {
		if !seen[p] {
			seen[p] = true
			blocks = append(blocks, p)
		}
	}
	if len(blocks) == 0 {
		t.unverified(where, r.Address+"."+connectCIDRBlocks, where+" lists no block"+unknown)
		return nil, where, false
	}
	return blocks, where, true
}

// sends reports whether applying change c sends the write-only attribute
// attr to the cloud. The provider sends to_connect_vpc_ip_block and
// delete_vpc_ip_block in ModifyInstanceAttribute only when d.HasChange
// says the attribute changed (resourceAliCloudApiGatewayInstanceUpdate,
// which Create also runs): on a create or a replacement, or when before
// and after differ. Otherwise the block was sent before, and the refreshed
// connect_cidr_blocks already says what the instance reaches. A resource
// without a change entry is sent nothing.
func sends(c *Change, attr string) bool {
	if c == nil {
		return false
	}
	if c.Replace() || slices.Contains(c.Actions, "create") {
		return true
	}
	return !c.Before.Get(attr).Equal(c.After.Get(attr))
}

// connectBlocks reads connect_cidr_blocks: a string holding a JSON array of
// CIDR blocks, as the cloud's ConnectCidrBlocks (`["172.16.0.0/16"]`), or
// in the over-escaped form of the API's documentation
// (`[\"172.16.0.0/16\"]`).
func (t *planReader) connectBlocks(f Found) []netip.Prefix {
	if f.Value.Kind != String {
		t.fail(f, fmt.Errorf("%w: %s, want string", ErrWrongType, f.Value.Kind))
		return nil
	}
	v, err := Parse([]byte(f.Value.Text))
	if err != nil && strings.Contains(f.Value.Text, `\"`) {
		v, err = Parse([]byte(strings.ReplaceAll(f.Value.Text, `\"`, `"`)))
	}
	if err != nil || v.Kind != Array {
		t.fail(f, fmt.Errorf("%w: want a JSON array of CIDR blocks in a string", ErrWrongType))
		return nil
	}
	var out []netip.Prefix
	for i, e := range v.Elems {
		if e.Kind != String {
			t.fail(f, fmt.Errorf("element %d: %w: %s, want string", i, ErrWrongType, e.Kind))
			continue
		}
		p, err := cidr.ParsePrefix(e.Text)
		if err != nil {
			t.fail(f, fmt.Errorf("element %d: %w", i, err))
			continue
		}
		out = append(out, p)
	}
	return out
}

// forceNewInstance notes an instance that the plan replaces because a
// ForceNew attribute of its network placement changes.
func (t *planReader) forceNewInstance(r *Res) {
	c := r.Change
	if c == nil || !c.Replace() {
		return
	}
	for _, attr := range instanceForceNew {
		if t.ix.Unknown(r, attr) || !c.Before.Get(attr).Equal(c.After.Get(attr)) {
			what := "the instance is destroyed and a new one created"
			if c.Forgets() {
				what = "a new instance is created, and the old one is forgotten: it stays in the cloud, no longer managed"
			}
			t.note(ForceNew, r.Address+"."+attr, r.Address+"."+attr, fmt.Sprintf("%s changes, so Terraform replaces %s: %s (%s is ForceNew); its groups must be re-created or moved", attr, r.Address, what, attr))
			return
		}
	}
}

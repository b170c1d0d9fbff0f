// This file implements the instance phase of Check: each instance's
// purchase form, its VPC and vSwitches, the security groups of its network
// interfaces, and its accessible blocks (the plan's, or the connected ones
// of an instance in the cloud, whose creation rules are facts).

package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/locate"
	"github.com/vpcgate/vpcgate/zones"
)

// objects holds the plan's instances as checked and its objects by ID. The
// instance phase (instances) sets it, except groupAt, which the group
// phase fills as it meets each group; later phases read it.
type objects struct {
	targets []*target      // the plan's instances, in their order
	byID    map[string]int // target index by instance ID, the first of an ID
	sgs     map[string]int // index in Plan.SecurityGroups by ID, the first of an ID
	groupAt map[string]int // index in Plan.Groups by ID, the first of an ID

	// For the vSwitch blocks suggested (suggest.go): the blocks of each
	// VPC's listed vSwitches, by VPC ID, made once; and how many
	// placements of the plan had a block worked out.
	vpcVSwitches map[string]cidr.Set
	suggested    int
}

// target is one instance of the plan, as checked.
type target struct {
	path    field.Path // "instance" or "instances[k]"
	accPath field.Path // "accessible" or "instances[k].accessible"
	vpcPath field.Path // "vpc", "vpcs[j]", or "instances[k].vpcId" when not found
	index   int        // in checker.targets
	pi      Instance
	acc     []netip.Prefix
	added   []netip.Prefix // the blocks of acc that were added (inside the VPC)
	sugg    *suggestions   // the advice for its purchase form; nil for an instance that exists
	vpc     *instance.VPC
	inst    instance.Instance
	checker *authz.Checker
	groups  []int // indexes into p.SecurityGroups of its security groups found
	specOK  bool  // the purchase form is valid
	// specOpen: the purchase form's only problems rest on values the
	// plan's source could not give (unverified, see checker.finding)
	specOpen bool
	// zoneGroups holds the security group IDs its zones name
	zoneGroups map[string]bool
	sgMissing  bool // a zone names a security group the plan does not describe

	// What cannot be known of its reach: when openAll, the instance exists
	// and its accessible blocks are not known; otherwise pending holds the
	// planned blocks whose place in the VPC is unverified. A backend
	// outside the accessible blocks and inside one of these is unverified,
	// not unreachable.
	openAll    bool
	pending    cidr.Set
	pendingIx  cidr.Index
	pendingAt  map[netip.Prefix]int // the open note of each pending block
	open       []openNote           // the warnings that say so
	vpcNote    int                  // the open note of an undescribed VPC, or -1
	allNote    int                  // the open note of openAll
	unverified int                  // its own unverified findings
}

// openNote is a warning that leaves unverified what an instance reaches
// (its accessible blocks), and the authorizations it leaves unverified,
// added to its text once they are known.
type openNote struct {
	sec, idx int // the warning: c.r.Sections[sec].Warnings[idx]
	deps     limited
}

func (c *checker) instances() {
	p := c.p
	c.byID = map[string]int{}
	c.sgs = map[string]int{}
	c.groupAt = map[string]int{}
	if p.Instance == nil && len(p.Instances) == 0 {
		i := len(c.r.Sections)
		c.section("instance")
		c.sectionAt(i).Problems = append(c.sectionAt(i).Problems, c.finding("instance", field.New("", fmt.Errorf("the plan describes no VPC integration instance: %w", instance.ErrRequired))))
	}
	if p.Instance != nil && (len(p.Instances) > 0 || len(p.VPCs) > 0) {
		i := len(c.r.Sections)
		c.section("the plan's form")
		c.sectionAt(i).Problems = append(c.sectionAt(i).Problems, c.finding("instances",
			fmt.Errorf("%w: a plan has either instance, vpc and accessible (one instance) or instances and vpcs (several), not both", ErrInvalidPlan)))
	}
	if p.Instance != nil {
		t := &target{path: "instance", accPath: "accessible", vpcPath: "vpc", pi: *p.Instance, acc: p.Accessible, vpc: p.VPC}
		if t.pi.ID == "" {
			t.pi.ID = "planned-instance"
		}
		c.targets = append(c.targets, t)
	}
	// VPCs by ID: the first of an ID is used, a later one is a duplicate.
	vpcAt := make(map[string]int, len(p.VPCs))
	var dupVPCs []Finding
	for j, v := range p.VPCs {
		if prev, dup := vpcAt[v.ID]; dup {
			dupVPCs = append(dupVPCs, c.finding(field.Path("vpcs").Index(j).Child("id"), field.Duplicate(instance.ErrDuplicate, fmt.Sprintf("VPC %q", v.ID), string(field.Path("vpcs").Index(prev)))))
			continue
		}
		vpcAt[v.ID] = j
	}
	for k, pi := range p.Instances {
		path := field.Path("instances").Index(k)
		t := &target{path: path, accPath: path.Child("accessible"), vpcPath: path.Child("vpcId"), pi: pi, acc: pi.Accessible}
		if j, ok := vpcAt[pi.VPCID]; ok && pi.VPCID != "" {
			t.vpc = &p.VPCs[j]
			t.vpcPath = field.Path("vpcs").Index(j)
		}
		c.targets = append(c.targets, t)
	}
	for j, sg := range p.SecurityGroups {
		if _, dup := c.sgs[sg.ID]; dup || sg.ID == "" {
			continue // reported in the authorizations' section
		}
		c.sgs[sg.ID] = j
	}
	for k, t := range c.targets {
		t.index = k
		c.instance(k, t)
	}
	if len(dupVPCs) > 0 {
		i := len(c.r.Sections)
		c.section("VPCs")
		c.sectionAt(i).Problems = dupVPCs
	}
}

func (c *checker) instance(k int, t *target) {
	s := t.pi.Spec
	multi := c.p.Instance == nil
	exists := t.pi.Exists
	cidrText := "none"
	if s.CIDR.IsValid() {
		cidrText = s.CIDR.String()
	}
	subject := fmt.Sprintf("instance %q (%s), VPC %q, CIDR block %s", s.Name, s.RegionID, s.VPCID, cidrText)
	if multi {
		subject = fmt.Sprintf("instance %q (%q, %s), VPC %q, CIDR block %s", t.pi.ID, s.Name, s.RegionID, s.VPCID, cidrText)
	}
	if exists {
		subject += ", in the cloud"
	}
	si := len(c.r.Sections)
	c.section(subject)
	sec := func() *Section { return c.sectionAt(si) }
	add := func(f Finding) { sec().Problems = append(sec().Problems, f) }
	warn := func(f Finding) {
		if f.Code == CodeUnverified {
			t.unverified++
		}
		sec().Warnings = append(sec().Warnings, f)
	}
	t.vpcNote = -1

	if multi {
		switch prev, dup := c.byID[t.pi.ID]; {
		case t.pi.ID == "":
			add(c.finding(t.path.Child("id"), field.New("", instance.ErrRequired)))
		case dup:
			add(c.finding(t.path.Child("id"), field.Duplicate(instance.ErrDuplicate, fmt.Sprintf("instance %q", t.pi.ID), string(field.Path("instances").Index(prev)))))
		}
	}
	if _, dup := c.byID[t.pi.ID]; !dup && t.pi.ID != "" {
		c.byID[t.pi.ID] = k
	}

	// The purchase form. Of an instance that exists it is a fact: the
	// rules that hold only at creation were the cloud's to apply then.
	err := s.Validate(c.cat)
	var sugg *suggestions
	if !exists {
		sugg = c.suggestions(t)
		t.sugg = sugg
	}
	problems, open := 0, 0
	for _, e := range field.Split(err) {
		fp, _ := field.PathOf(e)
		if exists && creationRule(s, fp, e) {
			continue
		}
		problems++
		f := c.finding(t.path.Join(fp), e)
		if f.Code == CodeUnverified {
			open++
		}
		if sugg != nil {
			if z, ok := zoneIndex(fp); ok && (errors.Is(e, zones.ErrReservedConflict) || errors.Is(e, instance.ErrCIDRConflict)) {
				sugg.apply(&f, z)
			}
			if fp == "CIDR" || fp == "cidr" {
				sugg.applyCIDR(&f)
			}
			c.wantLayout(&f, k, fp)
		}
		add(f)
	}

	// The instance's VPC, and its vSwitches inside it.
	vpcPath := t.vpcPath
	vpcProblems := 0
	switch {
	case t.vpc == nil:
		t.vpcNote = len(t.open)
		t.open = append(t.open, openNote{sec: si, idx: len(sec().Warnings)})
		warn(c.note(CodeUnverified, vpcPath, fmt.Sprintf("VPC %q is not described in the plan, so neither the vSwitches' place in it nor the planned accessible blocks can be checked: a backend that only those blocks would reach is unverified", s.VPCID)))
	default:
		for _, e := range field.Split(s.CheckVPC(*t.vpc)) {
			fp, _ := field.PathOf(e)
			path := t.path.Join(fp)
			if fp == "vpcId" {
				path = vpcPath.Child("id")
			}
			if exists && errors.Is(e, instance.ErrOutsideVPC) {
				// The cloud holds the vSwitch in the VPC: the VPC's
				// blocks as given are not all of its blocks.
				warn(c.note(CodeUnverified, path, c.finding(path, e).What+"; the vSwitch is in the VPC, so the VPC's CIDR blocks given are not all of its blocks, and what is checked against them is unverified"))
				continue
			}
			f := c.finding(path, e)
			if z, ok := zoneIndex(fp); ok && sugg != nil {
				sugg.apply(&f, z)
				c.wantLayout(&f, k, fp)
			}
			if f.Code != CodeUnverified {
				vpcProblems++ // the instance cannot be made so: no group goes to it
			}
			add(f)
		}
		if len(t.vpc.CIDRs) == 0 {
			warn(c.note(CodeUnverified, vpcPath.Child("cidrs"), fmt.Sprintf("VPC %q lists no CIDR blocks, so whether the vSwitches lie in it cannot be checked", t.vpc.ID)))
		}
	}

	t.specOpen = problems > 0 && open == problems && vpcProblems == 0

	// The instance value the other checks use.
	t.inst = instance.Instance{ID: t.pi.ID, Kind: instance.VPCIntegration, RegionID: s.RegionID, VPCID: s.VPCID, CIDR: s.CIDR, Zones: s.Zones}
	if !exists {
		t.inst.Accessible = vswitchBlocks(t.inst.Accessible, s.Zones, -1)
	}
	switch {
	case exists:
		t.inst.Zones = slices.Clone(s.Zones)
		for z := range t.inst.Zones {
			t.inst.Zones[z].VSwitchCIDR = cidr.UnmapPrefix(t.inst.Zones[z].VSwitchCIDR)
		}
		c.connected(t, add)
		if problems == 0 && vpcProblems == 0 {
			t.specOK = true
			sec().Passed = append(sec().Passed, fmt.Sprintf("in the cloud: %d zone(s) in %s; the rules that hold at creation (the instance CIDR block, vSwitch sizes, reserved blocks, overlaps with the instance CIDR block) were applied then and are not checked again", len(s.Zones), s.RegionID))
		}
	case err == nil:
		if built, err := instance.New(t.pi.ID, s, c.cat); err == nil {
			t.inst, t.specOK = built, vpcProblems == 0
		}
		if vpcProblems == 0 {
			sec().Passed = append(sec().Passed, fmt.Sprintf("spec valid: %d zone(s) in %s; every vSwitch block is clear of its zone's reserved blocks and of %s", len(s.Zones), s.RegionID, s.CIDR))
		}
	}

	// Security groups of its network interfaces.
	seen := map[string]bool{}
	t.zoneGroups = seen
	for z, pl := range s.Zones {
		if pl.SecurityGroupID == "" || seen[pl.SecurityGroupID] {
			continue
		}
		seen[pl.SecurityGroupID] = true
		if j, ok := c.sgs[pl.SecurityGroupID]; ok {
			t.groups = append(t.groups, j)
			continue
		}
		t.sgMissing = true
		warn(c.note(CodeUnverified, t.path.Child("zones").Index(z).Child("securityGroupId"),
			fmt.Sprintf("security group %q is not described in securityGroups, so its outbound rules are not checked", pl.SecurityGroupID)))
	}

	c.zoneRedundancy(t, warn)
	c.freeAddresses(t, add)
	c.accessible(t, multi, si)
	t.checker = authz.NewChecker(t.inst)
}

// creationRule reports whether e, a problem of spec s at path fp, is one of
// the rules that hold only when an instance is created: the instance CIDR
// block (given and allowed), a vSwitch block's size, its overlap with the
// zone's reserved blocks, the instance CIDR block or another vSwitch. An
// instance that exists has passed them; a vSwitch block that is not an IPv4
// block at all is still a problem.
func creationRule(s instance.Spec, fp field.Path, e error) bool {
	switch {
	case errors.Is(e, instance.ErrCIDRNotAllowed), errors.Is(e, instance.ErrCIDRConflict), errors.Is(e, zones.ErrReservedConflict):
		return true
	case fp == "cidr" && errors.Is(e, instance.ErrRequired):
		return true
	case errors.Is(e, zones.ErrInvalidVSwitch):
		z, ok := zoneIndex(fp)
		if !ok || z >= len(s.Zones) {
			return false
		}
		_, err := zones.VSwitchPrefix(s.Zones[z].VSwitchCIDR)
		return err == nil // a valid IPv4 block: its size was the problem
	}
	return false
}

// connected sets the accessible blocks of t, an instance that exists, to
// those the cloud holds (ConnectCidrBlocks): facts, not checked against the
// VPC again. A block that is not a CIDR block at all is a problem. None
// given leaves its reach unknown (openAll).
func (c *checker) connected(t *target, add func(Finding)) {
	for k, p := range t.pi.ConnectCidrBlocks {
		if !p.IsValid() {
			add(c.finding(t.path.Child("connectCidrBlocks").Index(k), fmt.Errorf("CIDR block %s: %w", p, cidr.ErrInvalidPrefix)))
			continue
		}
		p = cidr.UnmapPrefix(p).Masked()
		if !slices.Contains(t.inst.Accessible, p) {
			t.inst.Accessible = append(t.inst.Accessible, p)
		}
	}
	t.openAll = len(t.inst.Accessible) == 0
}

// accessible adds the plan's extra accessible blocks to t's instance,
// whose section is section si. A block that cannot be placed in the VPC
// or outside it (the VPC is not described, lists no blocks, or its
// connected networks are not known) is unverified, and so is a backend
// that only it would make reachable.
func (c *checker) accessible(t *target, multi bool, si int) {
	exists := t.pi.Exists
	if len(t.acc) == 0 && !exists {
		return
	}
	subject := fmt.Sprintf("accessible CIDR blocks of VPC %q", t.pi.VPCID)
	if multi {
		subject = fmt.Sprintf("accessible CIDR blocks of instance %q (VPC %q)", t.pi.ID, t.pi.VPCID)
	}
	ai := len(c.r.Sections)
	c.section(subject)
	sec := func() *Section { return c.sectionAt(ai) }
	warn := func(f Finding) {
		t.unverified++
		sec().Warnings = append(sec().Warnings, f)
	}
	switch {
	case t.openAll:
		t.allNote = len(t.open)
		t.open = append(t.open, openNote{sec: ai, idx: len(sec().Warnings)})
		c.keep(ai, len(sec().Warnings))
		f := c.note(CodeUnverified, t.path.Child("exists"), fmt.Sprintf("instance %q exists, and the blocks it can reach now (its ConnectCidrBlocks) are not given, so whether it reaches a backend is unverified", t.pi.ID))
		if k, ok := c.notedAt(t.path.Child("connectCidrBlocks")); ok {
			// The source's note of the blocks (of them, not of the
			// instance) says no more than this, which names what it
			// leaves unverified: this takes its place.
			f.Where = c.cover(k)
		}
		warn(f)
	case exists:
		sec().Passed = append(sec().Passed, fmt.Sprintf("now, as the cloud holds them (ConnectCidrBlocks, not checked again): %v", t.inst.Accessible))
	default:
		sec().Passed = append(sec().Passed, fmt.Sprintf("by default: the vSwitch blocks %v", t.inst.Accessible))
	}
	if len(t.acc) == 0 || t.vpc != nil && t.pi.VPCID != "" && t.vpc.ID != t.pi.VPCID {
		return // nothing planned, or the wrong VPC: reported with the instance
	}
	v := instance.VPC{ID: t.inst.VPCID} // not described: nothing is known to lie in it
	if t.vpc != nil {
		v = *t.vpc
	}
	unknown := t.vpc == nil || len(v.CIDRs) == 0 || v.ConnectedUnknown // outside what is known is not outside
	next, err := t.inst.AllowCIDRs(t.acc, v)
	var bad map[int]bool // the blocks not added: problems, or pending
	if err != nil {
		var pending []netip.Prefix
		bad = make(map[int]bool)
		for _, e := range field.Split(err) {
			fp, _ := field.PathOf(e)
			k, isIndex := indexOf(fp, "")
			if isIndex {
				bad[k] = true
			}
			if !isIndex || !unknown || !errors.Is(e, instance.ErrOutsideVPC) {
				sec().Problems = append(sec().Problems, c.finding(t.accPath.Join(fp), e))
				continue
			}
			p := cidr.UnmapPrefix(t.acc[k])
			if t.pendingAt == nil {
				t.pendingAt = map[netip.Prefix]int{}
			}
			if _, dup := t.pendingAt[p]; dup {
				continue
			}
			pending = append(pending, p)
			if t.vpc == nil {
				t.pendingAt[p] = t.vpcNote // one note: the VPC's
				continue
			}
			what := fmt.Sprintf("CIDR block %s lies outside VPC %q's CIDR blocks %v, and the networks connected to the VPC are not known, so whether it lies in one is unverified", p, v.ID, v.CIDRs)
			if len(v.CIDRs) == 0 {
				what = fmt.Sprintf("CIDR block %s: VPC %q lists no CIDR blocks, so whether the block lies in it is unverified", p, v.ID)
			}
			t.pendingAt[p] = len(t.open)
			t.open = append(t.open, openNote{sec: ai, idx: len(sec().Warnings)})
			c.keep(ai, len(sec().Warnings))
			warn(c.note(CodeUnverified, t.accPath.Index(k), what))
		}
		t.pending, _ = cidr.NewSet(pending...) // canonical, as AllowCIDRs checked
		t.pendingIx, _ = cidr.NewIndex(pending)
		good := make([]netip.Prefix, 0, len(t.acc)-len(bad))
		for k, p := range t.acc {
			if !bad[k] {
				good = append(good, p)
			}
		}
		if next, err = t.inst.AllowCIDRs(good, v); err != nil || len(good) == 0 {
			return
		}
		t.added = good
	} else {
		t.added = t.acc
	}
	t.inst = next
	for k, a := range t.acc {
		if !bad[k] {
			sec().Passed = append(sec().Passed, fmt.Sprintf("%s: within the VPC or a connected network", a))
		}
	}
}

// zoneIndex returns k when path names zones[k] or a field of it.
func zoneIndex(path field.Path) (int, bool) {
	k, _, ok := locate.Index(path, "zones")
	return k, ok
}

// openDeps adds to each warning that leaves what an instance reaches
// unverified the authorizations it leaves unverified.
func (c *checker) openDeps() {
	for _, t := range c.targets {
		for _, o := range t.open {
			if o.deps.n > 0 {
				w := &c.r.Sections[o.sec].Warnings[o.idx]
				w.What += " (authorization(s) it leaves unverified: " + o.deps.join(", ") + ")"
			}
		}
	}
}

// hasGroup reports whether one of t's network interfaces is in security
// group id, or whether t names no group at all (then nothing is compared).
func (t *target) hasGroup(id string) bool {
	return len(t.zoneGroups) == 0 || t.zoneGroups[id]
}

// openReach returns err without its unreachable part, and true, when the
// address it finds unreachable may yet be reachable: t's reach is not known
// (openAll) or a pending block holds the address. Otherwise it returns err.
func (t *target) openReach(err error) (error, bool) {
	if err == nil || !t.openAll && t.pending.IsEmpty() {
		return err, false // the common case, without errors.As's allocation
	}
	var ue *authz.UnreachableError
	if !errors.As(err, &ue) || !t.openAll && !t.pending.Contains(ue.Addr) {
		return err, false
	}
	var rest []error
	for _, e := range field.Split(err) {
		if !errors.Is(e, authz.ErrUnreachable) {
			rest = append(rest, e)
		}
	}
	return errors.Join(rest...), true
}

// openNoteOf returns the index in t.open of the note that makes addr's
// reachability unverified.
func (t *target) openNoteOf(addr netip.Addr) int {
	if t.openAll {
		return t.allNote
	}
	for _, o := range t.pendingIx.Overlapping([]netip.Prefix{netip.PrefixFrom(addr, addr.BitLen())}) {
		return t.pendingAt[o.B]
	}
	return -1
}

// wantLayout registers f, a problem of target k's purchase form at fp
// (within the form), as one that a vSwitch block or an instance CIDR block
// may remedy: a vSwitch block's problem (of the codes a new block clears),
// or the instance CIDR block's when a block is suggested for it.
func (c *checker) wantLayout(f *Finding, k int, fp field.Path) {
	if c.targets[k].sugg == nil || !remedyCodes(needLayout, f.Code) {
		return
	}
	if z, ok := zoneIndex(fp); ok && fp == field.Path("zones").Index(z).Child("vSwitchCidr") {
		if f.Suggested.IsValid() || f.Code == CodeInvalidVSwitch {
			c.want(f, remedyNeed{kind: needLayout, t: k, z: z, fp: fp, code: f.Code, sugg: f.Suggested})
		}
		return
	}
	if (fp == "cidr" || fp == "CIDR") && f.Suggested.IsValid() {
		c.want(f, remedyNeed{kind: needLayout, t: k, z: -1, fp: fp, code: f.Code, sugg: f.Suggested})
	}
}

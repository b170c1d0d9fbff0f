package vpcgate

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// ErrUnknownInstance matches a group's To that names no instance of the
// plan.
var ErrUnknownInstance = errors.New("no instance of the plan has this ID")

// Options are the settings of [Check]. The zero value checks against
// [zones.Default] and reports unverified findings as warnings.
type Options struct {
	// Catalog is the zone catalog; nil means zones.Default().
	Catalog *zones.Catalog
	// Strict makes every unverified finding a problem, for CI gates that
	// must not pass what they could not check.
	Strict bool
	// Waivers silence the findings a team has accepted (see [Waiver] and
	// [ParseWaivers]); a waiver past its date, one that matches nothing and
	// one that cannot be applied are findings themselves.
	Waivers []Waiver
	// Today is today's date, against which the waivers' expiry dates are
	// compared in Today's location: the library reads no clock. When it is
	// the zero time, a waiver with an expiry date applies to nothing.
	Today time.Time
}

// maxRefs is how many references a finding lists before it counts the rest,
// so that a finding's size does not grow with the references.
const maxRefs = 3

// Check runs every rule of every package over the whole plan and returns
// the report. It never panics, whatever the plan holds: bad values are
// findings. One mistake is one finding: an authorization that fails is
// reported once per instance it is checked against, with the references
// that use it, not once per reference.
//
// What is checked:
//
//   - each instance's purchase form ([instance.Spec.Validate]), with a block
//     that would work for a conflicting instance CIDR block or vSwitch
//     (the instance CIDR block is chosen first, then vSwitch blocks that fit
//     it), that the instance's VPC is the plan's and each vSwitch lies in
//     it ([instance.Spec.CheckVPC]), and its extra accessible blocks
//     ([instance.Instance.AllowCIDRs]);
//   - each authorization ([authz.Authorization.Validate]), once, against
//     every instance that the groups using it move to (with one instance,
//     against it): same VPC, address inside the accessible blocks, and the
//     outbound rules of the instance's security groups;
//   - each group's move ([migrate.Check]'s group-level rules: region,
//     DataWorks, the source's kind; a group whose current instance has no
//     ID is new on its target) and, for a group without a target or whose
//     move fails, which of the plan's instances would take it (every
//     reference passes) or why none would;
//   - the security groups ([authz.SecurityGroup.Validate]) and duplicate
//     IDs of instances, VPCs, security groups, groups and authorizations.
//
// An instance that exists (Exists) is a fact: the rules that hold only at
// creation (its CIDR block, vSwitch sizes, reserved blocks, overlaps with
// its CIDR block) are not checked again, and it reaches exactly its
// ConnectCidrBlocks, as the cloud holds them, plus the blocks the plan adds.
//
// What cannot be checked from the plan (a missing VPC or security group,
// an unknown backend address, an existing instance without its
// ConnectCidrBlocks, a planned accessible block that may lie in a network
// connected to the VPC when those networks are not known, a reader's
// notes) is a warning with code "unverified", a problem with
// Options.Strict: never a passed line, and a backend that only such a block
// would reach is unverified, not unreachable. A verdict that a group would
// work says what it rests on that is unverified. A note is reported at the
// place its source gave (never rewritten, so that a waiver can name it),
// or at "notes[i]" when it gives none. Check does not modify p.
func Check(p Plan, opts Options) Report {
	c := &checker{p: p, opts: opts, ex: ruleTable, cat: opts.Catalog}
	if c.cat == nil {
		c.cat = zones.Default()
	}
	c.run()
	return finish(c.r, &c.p, opts)
}

type checker struct {
	p    Plan
	opts Options
	ex   *explainer
	cat  *zones.Catalog
	r    Report

	targets []*target
	byID    map[string]int // target index by instance ID
	groupAt map[string]int // group index by ID
	sgs     map[string]int // security group index by ID

	// authorization state
	authByName map[string]int
	useCount   []int32                // references per authorization
	mark       []int32                // per authorization, the stamp of the pass that last saw it
	stamp      int32                  // the last stamp given
	uses       []refList              // the first references per authorization, once a finding needs them
	valid      []bool                 // per authorization: Validate passed
	results1   []result               // per authorization, with one instance
	resultsN   map[[2]int]*result     // per (authorization, instance), with several
	resolved   [][]int32              // per group, the authorization of each reference
	dupOf      []int32                // per authorization, the first of its name, or -1
	errs       []error                // the errors of results, which hold only an index
	hint       int                    // the authorization a reference named last
	byVPC      map[string][]int       // targets by VPC ID
	egressCk   []*authz.EgressChecker // per security group; nil when invalid
	line       []byte                 // a buffer for passed lines
	strs       arena                  // the text of passed lines
	noteCount  map[int]int            // the plan's unverified notes per group they concern (-1: none in particular), once counted
	kept       map[[2]int]bool        // warnings (section, index) that a note of the source does not replace
	work       int                    // bytes of places hashed and compared: the cost of notes, for tests
}

// target is one instance of the plan, as checked.
type target struct {
	path    field.Path // "instance" or "instances[k]"
	accPath field.Path // "accessible" or "instances[k].accessible"
	vpcPath field.Path // "vpc", "vpcs[j]", or "instances[k].vpcId" when not found
	pi      Instance
	acc     []netip.Prefix
	vpc     *instance.VPC
	inst    instance.Instance
	checker *authz.Checker
	groups  []int // indexes into p.SecurityGroups of its security groups found
	specOK  bool  // the purchase form is valid
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

func (c *checker) run() {
	p := c.p
	c.r.Version = ReportVersion
	c.instances()
	c.authorizations()
	for i := range p.Groups {
		c.group(i)
	}
	c.notes()
	c.dropNoted()
	for i := range c.r.Sections {
		s := &c.r.Sections[i]
		if c.opts.Strict {
			keep := s.Warnings[:0:0]
			for _, f := range s.Warnings {
				if f.Code == codeUnverified {
					s.Problems = append(s.Problems, f)
				} else {
					keep = append(keep, f)
				}
			}
			s.Warnings = keep
		}
		c.r.Problems += len(s.Problems)
		c.r.Warnings += len(s.Warnings)
	}
	c.r.OK = c.r.Problems == 0
	c.r.Plan = fmt.Sprintf("%d instance(s), %d authorization(s), %d group(s)", len(c.targets), len(p.Authorizations), len(p.Groups))
}

// where returns the place of path: its entry in the plan's Source, or its
// nearest parent's, or the path itself.
func (c *checker) where(path field.Path) string {
	if len(c.p.Source) > 0 {
		for q := path; q != ""; q = parent(q) {
			if s, ok := c.p.Source[q]; ok {
				return s
			}
		}
	}
	return string(path)
}

// parent returns path without its last element.
func parent(p field.Path) field.Path {
	s := string(p)
	if strings.HasSuffix(s, "]") {
		if i := strings.LastIndexByte(s, '['); i >= 0 {
			return field.Path(s[:i])
		}
	}
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return field.Path(s[:i])
	}
	return ""
}

// finding explains err at path.
func (c *checker) finding(path field.Path, err error) Finding {
	r := c.ex.codeOf(err)
	what := err.Error()
	if fe, ok := err.(*field.Error); ok {
		what = fe.Err.Error()
	}
	if errors.Is(err, instance.ErrRequired) && (what == instance.ErrRequired.Error() || strings.HasSuffix(what, ": required")) {
		what = "missing: this field is required"
	}
	return Finding{Code: r.Code, Where: c.where(path), What: what, Why: r.Why, Fix: r.Fix, Err: err}
}

// note returns a finding with a code and no error.
func (c *checker) note(code string, path field.Path, what string) Finding {
	r := c.ex.rule(code)
	return Finding{Code: code, Where: c.where(path), What: what, Why: r.Why, Fix: r.Fix}
}

func (c *checker) section(subject string) *Section {
	c.r.Sections = append(c.r.Sections, Section{Subject: subject})
	return &c.r.Sections[len(c.r.Sections)-1]
}

// sectionAt returns a stable pointer to section i (sections are appended
// while others are being filled, so pointers are taken by index).
func (c *checker) sectionAt(i int) *Section { return &c.r.Sections[i] }

// ---- instances ----

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
			dupVPCs = append(dupVPCs, c.finding(field.Path("vpcs").Index(j).Child("id"), fmt.Errorf("VPC %q %w (also vpcs[%d])", v.ID, instance.ErrDuplicate, prev)))
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
		if f.Code == codeUnverified {
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
			add(c.finding(t.path.Child("id"), fmt.Errorf("instance %q %w (also instances[%d])", t.pi.ID, instance.ErrDuplicate, prev)))
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
	}
	problems := 0
	for _, e := range field.Split(err) {
		fp, _ := field.PathOf(e)
		if exists && creationRule(s, fp, e) {
			continue
		}
		problems++
		f := c.finding(t.path.Join(fp), e)
		if sugg != nil {
			if z, ok := zoneIndex(fp); ok && (f.Code == "reserved-conflict" || f.Code == "cidr-conflict") {
				sugg.apply(&f, z)
			}
			if fp == "CIDR" || fp == "cidr" {
				sugg.applyCIDR(&f)
			}
		}
		add(f)
	}

	// The instance's VPC, and its vSwitches inside it.
	vpcPath := t.vpcPath
	switch {
	case t.vpc == nil:
		t.vpcNote = len(t.open)
		t.open = append(t.open, openNote{sec: si, idx: len(sec().Warnings)})
		warn(c.note(codeUnverified, vpcPath, fmt.Sprintf("VPC %q is not described in the plan, so neither the vSwitches' place in it nor the planned accessible blocks can be checked: a backend that only those blocks would reach is unverified", s.VPCID)))
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
				warn(c.note(codeUnverified, path, c.finding(path, e).What+"; the vSwitch is in the VPC, so the VPC's CIDR blocks given are not all of its blocks, and what is checked against them is unverified"))
				continue
			}
			f := c.finding(path, e)
			if z, ok := zoneIndex(fp); ok && sugg != nil {
				sugg.apply(&f, z)
			}
			add(f)
		}
		if len(t.vpc.CIDRs) == 0 {
			warn(c.note(codeUnverified, vpcPath.Child("cidrs"), fmt.Sprintf("VPC %q lists no CIDR blocks, so whether the vSwitches lie in it cannot be checked", t.vpc.ID)))
		}
	}

	// The instance value the other checks use.
	t.inst = instance.Instance{ID: t.pi.ID, Kind: instance.VPCIntegration, RegionID: s.RegionID, VPCID: s.VPCID, CIDR: s.CIDR, Zones: s.Zones}
	if !exists {
		for _, z := range s.Zones {
			if vs, err := zones.VSwitchPrefix(z.VSwitchCIDR); err == nil {
				t.inst.Accessible = append(t.inst.Accessible, vs)
			}
		}
	}
	switch {
	case exists:
		t.inst.Zones = slices.Clone(s.Zones)
		for z := range t.inst.Zones {
			t.inst.Zones[z].VSwitchCIDR = cidr.UnmapPrefix(t.inst.Zones[z].VSwitchCIDR)
		}
		c.connected(t, add)
		if problems == 0 {
			t.specOK = true
			sec().Passed = append(sec().Passed, fmt.Sprintf("in the cloud: %d zone(s) in %s; the rules that hold at creation (the instance CIDR block, vSwitch sizes, reserved blocks, overlaps with the instance CIDR block) were applied then and are not checked again", len(s.Zones), s.RegionID))
		}
	case err == nil:
		if built, err := instance.New(t.pi.ID, s, c.cat); err == nil {
			t.inst, t.specOK = built, true
		}
		sec().Passed = append(sec().Passed, fmt.Sprintf("spec valid: %d zone(s) in %s; every vSwitch block is clear of its zone's reserved blocks and of %s", len(s.Zones), s.RegionID, s.CIDR))
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
		warn(c.note(codeUnverified, t.path.Child("zones").Index(z).Child("securityGroupId"),
			fmt.Sprintf("security group %q is not described in securityGroups, so its outbound rules are not checked", pl.SecurityGroupID)))
	}

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
		warn(c.note(codeUnverified, t.path.Child("exists"), fmt.Sprintf("instance %q exists, and the blocks it can reach now (its ConnectCidrBlocks) are not given, so whether it reaches a backend is unverified", t.pi.ID)))
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
			k, isIndex := arrayIndex(fp)
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
			warn(c.note(codeUnverified, t.accPath.Index(k), what))
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
	}
	t.inst = next
	for k, a := range t.acc {
		if !bad[k] {
			sec().Passed = append(sec().Passed, fmt.Sprintf("%s: within the VPC or a connected network", a))
		}
	}
}

// arrayIndex returns k when path is "[k]".
func arrayIndex(path field.Path) (int, bool) {
	rest, ok := strings.CutPrefix(string(path), "[")
	rest, ok2 := strings.CutSuffix(rest, "]")
	if !ok || !ok2 {
		return 0, false
	}
	k, err := strconv.Atoi(rest)
	return k, err == nil
}

// zoneIndex returns k when path names zones[k] or a field of it.
func zoneIndex(path field.Path) (int, bool) {
	rest, ok := strings.CutPrefix(string(path), "zones[")
	end := strings.IndexByte(rest, ']')
	if !ok || end < 0 {
		return 0, false
	}
	k, err := strconv.Atoi(rest[:end])
	return k, err == nil
}

// maxSuggestions is how many placements of one instance get a block
// suggested; the rest are told to use another block.
const maxSuggestions = 16

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
	var vsw []netip.Prefix
	for _, z := range t.pi.Zones {
		if vs, err := zones.VSwitchPrefix(z.VSwitchCIDR); err == nil {
			vsw = append(vsw, vs)
		}
	}
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
		if overlapCount(s.vsw(), s.instCIDR) == 0 {
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
	if !s.weighed[z] && len(s.weighed) >= maxSuggestions {
		// Bounded work: each suggestion weighs every vSwitch, so only the
		// first placements in conflict get one.
		f.Fix = "use another vSwitch block"
		return
	}
	s.weighed[z] = true
	// A conflict with the instance CIDR block alone is solved by the other
	// allowed instance CIDR block.
	if s.changed && vs.Overlaps(s.t.pi.CIDR) && !vs.Overlaps(s.instCIDR) && f.Code == "cidr-conflict" && !s.overlapsOther(z, vs) {
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
	var others []netip.Prefix
	for j, o := range s.t.pi.Zones {
		if ov, err := zones.VSwitchPrefix(o.VSwitchCIDR); j != z && err == nil {
			others = append(others, ov)
		}
	}
	used, _ := cidr.NewSet(append(others, s.used...)...) // valid vSwitch blocks and suggestions
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

func (s *suggestions) vsw() []netip.Prefix {
	var out []netip.Prefix
	for _, z := range s.t.pi.Zones {
		if vs, err := zones.VSwitchPrefix(z.VSwitchCIDR); err == nil {
			out = append(out, vs)
		}
	}
	return out
}

func (s *suggestions) overlapsOther(z int, vs netip.Prefix) bool {
	for j, o := range s.t.pi.Zones {
		if ov, err := zones.VSwitchPrefix(o.VSwitchCIDR); j != z && err == nil && ov.Overlaps(vs) {
			return true
		}
	}
	return false
}

// ---- authorizations ----

func (c *checker) authorizations() {
	p := c.p
	si := len(c.r.Sections)
	subject := "VPC access authorizations"
	if len(c.targets) == 1 {
		subject = fmt.Sprintf("VPC access authorizations against instance %q", c.targets[0].pi.ID)
	}
	c.section(subject)
	sec := func() *Section { return c.sectionAt(si) }
	add := func(f Finding) { sec().Problems = append(sec().Problems, f) }
	warn := func(f Finding) { sec().Warnings = append(sec().Warnings, f) }

	// Security groups: duplicates and invalid rules, once each; the
	// prepared form of each valid one.
	c.egressCk = make([]*authz.EgressChecker, len(p.SecurityGroups))
	seenSG := map[string]int{}
	for j, sg := range p.SecurityGroups {
		path := field.Path("securityGroups").Index(j)
		if sg.ID == "" {
			add(c.finding(path.Child("id"), field.New("", instance.ErrRequired)))
		} else if prev, dup := seenSG[sg.ID]; dup {
			add(c.finding(path.Child("id"), fmt.Errorf("security group %q %w (also securityGroups[%d])", sg.ID, instance.ErrDuplicate, prev)))
		} else {
			seenSG[sg.ID] = j
		}
		for _, e := range field.Split(sg.Validate()) {
			fp, _ := field.PathOf(e)
			add(c.finding(path.Join(fp), e))
		}
		if ck, err := authz.NewEgressChecker(sg); err == nil {
			c.egressCk[j] = ck
		}
	}

	c.authByName = make(map[string]int, len(p.Authorizations))
	c.useCount = make([]int32, len(p.Authorizations))
	c.resolved = make([][]int32, len(p.Groups))
	dupOf := make([]int32, len(p.Authorizations)) // the first of the name, or -1
	c.dupOf, c.hint = dupOf, -1
	for i, a := range p.Authorizations {
		dupOf[i] = -1
		if prev, dup := c.authByName[a.Name]; dup {
			dupOf[i] = int32(prev)
		} else if a.Name != "" {
			c.authByName[a.Name] = i
		}
	}

	// Which instances each authorization is checked against.
	targetsOf := newTargetSets(len(p.Authorizations), len(c.targets))
	var tbuf [8]int
	addTarget := targetsOf.add
	for g := range p.Groups {
		t, _ := c.targetOf(g)
		c.eachRef(g, func(r ref, _ string, i int) {
			if i < 0 {
				return
			}
			c.useCount[i]++
			if t >= 0 {
				addTarget(i, t)
			}
		})
	}
	c.valid = make([]bool, len(p.Authorizations))
	sec().Passed = slices.Grow(sec().Passed, len(p.Authorizations)) // most pass, once each
	c.byVPC = map[string][]int{}
	for t, tg := range c.targets {
		c.byVPC[tg.pi.VPCID] = append(c.byVPC[tg.pi.VPCID], t)
	}
	for i, a := range p.Authorizations {
		path := func() field.Path { return field.Path("authorizations").Index(i) } // only for findings
		flow, err := a.Flow()                                                      // Validate's errors, and the address, found once
		for _, e := range field.Split(err) {
			fp, _ := field.PathOf(e)
			add(c.finding(path().Join(fp), e))
		}
		if dupOf[i] >= 0 {
			add(c.finding(path().Child("name"), fmt.Errorf("%w: authorization %q (also authorizations[%d])", migrate.ErrDuplicateAuthorization, a.Name, dupOf[i])))
			continue
		}
		if err != nil {
			continue
		}
		c.valid[i] = true
		if targetsOf.empty(i) && len(c.targets) == 1 {
			addTarget(i, 0)
		}
		if targetsOf.empty(i) {
			// Several instances and no move to one: there is nothing to
			// check it against (placement advice weighs it for its groups).
			if c.useCount[i] == 0 {
				sec().Passed = append(sec().Passed, fmt.Sprintf("%q: used by no group, so checked against no instance", a.Name))
			}
			continue
		}
		ok := true
		decided := flow.Addr.IsValid() // every check decided, none left unverified
		unknownWarned := false
		for _, t := range targetsOf.of(i, tbuf[:0]) {
			tg := c.targets[t]
			err := c.result(i, t)
			if c.res(i, t).reachOpen {
				// Said once, by the note that makes it unverified.
				decided = false
				if n := tg.openNoteOf(flow.Addr); n >= 0 {
					tg.open[n].deps.add(strconv.Quote(a.Name))
				}
			}
			mismatch := errors.Is(err, authz.ErrVPCMismatch)
			for _, e := range field.Split(err) {
				if mismatch && !errors.Is(e, authz.ErrVPCMismatch) && !errors.Is(e, authz.ErrUnknownAddr) {
					continue // one mistake: the backend is in another VPC
				}
				switch {
				case errors.Is(e, authz.ErrUnknownAddr):
					if !unknownWarned {
						unknownWarned = true
						f := c.finding(path().Child("instanceId"), e)
						f.Why = "without the backend's private IP address, reachability and outbound rules cannot be checked"
						f.Fix = "set the authorization's addr (or give the ECS or SLB response that holds it)"
						warn(f)
					}
				case errors.Is(e, authz.ErrVPCMismatch):
					ok = false
					add(c.withUses(c.finding(path().Child("vpcId"), e), i))
				case errors.Is(e, authz.ErrUnreachable):
					ok = false
					f := c.withUses(c.finding(c.addrPath(i), e), i)
					if flow.Addr.IsValid() {
						f.Fix = fmt.Sprintf("add a block that contains %s (inside VPC %q or a connected network) to the accessible blocks of instance %q", flow.Addr, tg.pi.VPCID, tg.pi.ID)
					}
					add(f)
				default:
					ok = false
					add(c.withUses(c.finding(path(), e), i))
				}
			}
			if mismatch {
				ok = false
			} else {
				st := c.egress(i, flow, tg, add, warn)
				c.res(i, t).egress = st
				ok = ok && st != egressNo
				decided = decided && st == egressYes
			}
			if a.SecurityGroupID != "" && !tg.hasGroup(a.SecurityGroupID) {
				warn(c.note("security-group", path().Child("securityGroupId"), fmt.Sprintf("the backend of authorization %q is in security group %q, which is none of instance %q's; the document asks for the same security group", a.Name, a.SecurityGroupID, tg.pi.ID)))
			}
		}
		if ok && decided {
			c.line = appendPassed(c.line[:0], a, flow.Addr)
			sec().Passed = append(sec().Passed, c.strs.string(c.line))
		}
	}
	c.openDeps()
	switch n := len(sec().Passed); {
	case n == 0:
		sec().Passed = nil
	case n < cap(sec().Passed)/2:
		sec().Passed = slices.Clone(sec().Passed) // most failed: keep no room for them
	}
}

// keep marks warning k of section si as one that a note of the plan's
// source does not replace (see dropNoted).
func (c *checker) keep(si, k int) {
	if c.kept == nil {
		c.kept = map[[2]int]bool{}
	}
	c.kept[[2]int{si, k}] = true
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

// egress checks the outbound rules of t's security groups for the flow of
// authorization i, a valid one, reports every problem and warning once, and
// returns whether they let it out.
func (c *checker) egress(i int, flow authz.Flow, t *target, add, warn func(Finding)) int8 {
	a := c.p.Authorizations[i]
	path := func() field.Path { return field.Path("authorizations").Index(i) } // only for findings
	// One finding of each kind per authorization and instance, however
	// many of the instance's groups say the same: the first, and a count.
	var denied, unverified, implicit struct {
		f Finding
		n int
	}
	state := egressYes
	if t.sgMissing {
		state = egressUnverified // reported once with the instance
	}
	for _, j := range t.groups {
		sg := c.p.SecurityGroups[j]
		err := c.egressErr(j, a, flow)
		switch {
		case err == nil:
		case errors.Is(err, authz.ErrUnknownAddr):
			state = max(state, egressUnverified) // reported once with the authorization
		case errors.Is(err, authz.ErrInvalidSecurityGroup):
			state = egressNo // reported once with the group
		case errors.Is(err, authz.ErrEgressUnverified):
			state = max(state, egressUnverified)
			if unverified.n++; unverified.n == 1 {
				unverified.f = c.finding(path(), err)
			}
		case errors.Is(err, authz.ErrImplicitEgress):
			if implicit.n++; implicit.n == 1 {
				implicit.f = c.finding(path(), err)
				implicit.f.Fix = fmt.Sprintf("add an outbound rule that accepts TCP to the backend's address and port %d to security group %q", a.Port, sg.ID)
			}
		default:
			state = egressNo
			if denied.n++; denied.n == 1 {
				denied.f = c.withUses(c.finding(path(), err), i)
				if flow.Addr.IsValid() {
					denied.f.Fix = fmt.Sprintf("add an outbound rule that accepts TCP to %s port %d to security group %q, before any rule that drops it", flow.Addr, a.Port, sg.ID)
				}
			}
		}
	}
	more := func(f Finding, n int) Finding {
		if n > 1 {
			f.What += fmt.Sprintf(" (and %d more of instance %q's security groups)", n-1, t.pi.ID)
		}
		return f
	}
	if denied.n > 0 {
		add(more(denied.f, denied.n))
	}
	if unverified.n > 0 {
		warn(more(unverified.f, unverified.n))
	}
	if implicit.n > 0 {
		warn(more(implicit.f, implicit.n))
	}
	return state
}

// egressErr decides the flow of authorization a with security group j, as
// authz.EgressChecker.Check does, from a flow resolved once: nil when it is
// allowed, an *authz.EgressError otherwise.
func (c *checker) egressErr(j int, a authz.Authorization, flow authz.Flow) error {
	ck := c.egressCk[j]
	if ck == nil {
		return authz.ErrInvalidSecurityGroup
	}
	v, err := ck.Decide(flow)
	if err != nil {
		return err
	}
	if v.Outcome == authz.Allowed && !v.NeedsRule {
		return nil
	}
	return &authz.EgressError{Authorization: a.Name, SecurityGroup: c.p.SecurityGroups[j].ID, Backend: a.Backend, Addr: flow.Addr, Port: a.Port, Verdict: v}
}

// addrPath names the field that gave authorization i its address.
func (c *checker) addrPath(i int) field.Path {
	path := field.Path("authorizations").Index(i)
	if c.p.Authorizations[i].Addr.IsValid() {
		return path.Child("addr")
	}
	return path.Child("instanceId")
}

// withUses adds to f the references that use authorization i: the first
// few and how many more, so that a finding's size does not grow with them.
func (c *checker) withUses(f Finding, i int) Finding {
	if c.useCount[i] == 0 {
		return f
	}
	if c.uses == nil {
		// The first finding that needs them: the references of every
		// authorization, in one pass (a plan that passes needs none).
		c.uses = make([]refList, len(c.p.Authorizations))
		for g := range c.p.Groups {
			c.eachRef(g, func(r ref, _ string, i int) {
				if i >= 0 {
					c.uses[i].add(r)
				}
			})
		}
	}
	uses := c.uses[i]
	var b strings.Builder
	b.WriteString(" (used by ")
	for k, u := range uses.first[:min(int(uses.n), maxRefs)] {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.where(c.refPath(u)))
	}
	if n := int(uses.n) - maxRefs; n > 0 {
		b.WriteString(" and ")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" more")
	}
	b.WriteString(")")
	f.What += b.String()
	return f
}

// result is the outcome of checking an authorization against a target.
type result struct {
	done      bool
	reachOpen bool  // its address lies outside the blocks known to be accessible, where the instance's reach is unverified
	egress    int8  // egressUndecided, egressYes, ...
	errAt     int32 // the error of the instance's Checker: 1 + its index in checker.errs, or 0 for none
}

// res returns the state of authorization i against target t: a slice with
// one instance, a map with several, so that memory grows with the pairs
// checked, not with authorizations times instances.
func (c *checker) res(i, t int) *result {
	if len(c.targets) == 1 {
		if c.results1 == nil {
			c.results1 = make([]result, len(c.p.Authorizations))
		}
		return &c.results1[i]
	}
	if c.resultsN == nil {
		c.resultsN = map[[2]int]*result{}
	}
	key := [2]int{i, t}
	r := c.resultsN[key]
	if r == nil {
		r = &result{}
		c.resultsN[key] = r
	}
	return r
}

// result checks authorization i against target t once.
func (c *checker) result(i, t int) error {
	r := c.res(i, t)
	if !r.done {
		r.done = true
		err := c.targets[t].checker.Check(c.p.Authorizations[i])
		err, r.reachOpen = c.targets[t].openReach(err)
		if err != nil {
			c.errs = append(c.errs, err)
			r.errAt = int32(len(c.errs))
		}
	}
	if r.errAt == 0 {
		return nil
	}
	return c.errs[r.errAt-1]
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

// ref is one authorization reference of a group: API j's vpcAccess, or
// plug-in j's vpcAccess[k]. Its path is built only when printed.
type ref struct {
	g, j, k int32
	plugin  bool
}

// refList counts references and keeps the first few.
type refList struct {
	n     int32
	first [maxRefs]ref
}

func (l *refList) add(r ref) {
	if l.n < maxRefs {
		l.first[l.n] = r
	}
	l.n++
}

// refPath returns the JSON path of r.
func (c *checker) refPath(r ref) field.Path {
	var buf [64]byte // groups[g].plugins[j].vpcAccess[k], built once
	b := strconv.AppendInt(append(buf[:0], "groups["...), int64(r.g), 10)
	if r.plugin {
		b = strconv.AppendInt(append(b, "].plugins["...), int64(r.j), 10)
		b = strconv.AppendInt(append(b, "].vpcAccess["...), int64(r.k), 10)
		return field.Path(append(b, ']'))
	}
	b = strconv.AppendInt(append(b, "].apis["...), int64(r.j), 10)
	return field.Path(append(b, "].vpcAccess"...))
}

// eachRef calls f for every authorization reference of group g, with the
// index of the authorization it names (-1 when there is none). Names are
// looked up once per reference, the first time.
func (c *checker) eachRef(g int, f func(r ref, name string, i int)) {
	grp := &c.p.Groups[g]
	idx := c.resolved[g]
	fresh := idx == nil
	if fresh {
		refs := len(grp.APIs)
		for j := range grp.Plugins {
			refs += len(grp.Plugins[j].VPCAccess)
		}
		idx = make([]int32, 0, refs)
	}
	n := 0
	look := func(name string) int {
		if fresh {
			// References often name the authorizations in their order: try
			// the one after the last found before the map.
			i := c.hint + 1
			if i >= len(c.p.Authorizations) || c.dupOf[i] >= 0 || c.p.Authorizations[i].Name != name || name == "" {
				var ok bool
				if i, ok = c.authByName[name]; !ok {
					i = -1
				}
			}
			if i >= 0 {
				c.hint = i
			}
			idx = append(idx, int32(i))
		}
		n++
		return int(idx[n-1])
	}
	for j := range grp.APIs {
		if name := grp.APIs[j].VPCAccess; name != "" {
			f(ref{g: int32(g), j: int32(j)}, name, look(name))
		}
	}
	for j := range grp.Plugins {
		for k, name := range grp.Plugins[j].VPCAccess {
			if name != "" {
				f(ref{g: int32(g), j: int32(j), k: int32(k), plugin: true}, name, look(name))
			}
		}
	}
	if fresh {
		c.resolved[g] = idx
	}
}

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

// ---- groups ----

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
		add(c.finding(gp.Child("id"), fmt.Errorf("group %q %w (also groups[%d])", grp.ID, instance.ErrDuplicate, prev)))
	} else {
		c.groupAt[grp.ID] = g
	}
	// Missing authorizations: one finding per name.
	missing := map[string]*refList{}
	var order []string
	refs := 0
	c.eachRef(g, func(r ref, name string, i int) {
		refs++
		if i < 0 {
			if _, seen := missing[name]; !seen {
				order = append(order, name)
				missing[name] = &refList{}
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
		for _, w := range r.Warnings {
			if w.Code == migrate.WarnEgressChange {
				warn(c.note(string(w.Code), gp, w.Message))
			}
		}
	}
	c.eachRef(g, func(_ ref, _ string, i int) {
		if moveOK && i >= 0 && !c.passes(i, t) {
			moveOK = false
		}
	})
	if moveOK {
		verdict := "the move would succeed"
		if grp.Instance.ID == "" {
			verdict = "the group would work on the instance"
		}
		sec().Passed = append(sec().Passed, fmt.Sprintf("%d authorization reference(s) of %d API(s) and %d plug-in(s) checked: %s%s", refs, len(grp.APIs), len(grp.Plugins), verdict, c.caveat(g, t)))
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
		r.egress = egressYes
		if c.targets[t].sgMissing {
			r.egress = egressUnverified
		}
		a := c.p.Authorizations[i]
		flow, err := a.Flow()
		for _, j := range c.targets[t].groups {
			e := c.egressErr(j, a, flow)
			switch {
			case err != nil, errors.Is(e, authz.ErrEgressDenied), errors.Is(e, authz.ErrInvalidFlow), errors.Is(e, authz.ErrInvalidSecurityGroup):
				r.egress = egressNo
			case errors.Is(e, authz.ErrEgressUnverified):
				r.egress = max(r.egress, egressUnverified)
			}
			if r.egress == egressNo {
				break
			}
		}
	}
	return r.egress == egressYes || r.egress == egressUnverified && !c.opts.Strict
}

// What the outbound rules say of an authorization against an instance.
const (
	egressUndecided  int8 = iota
	egressYes             // every group lets it out
	egressUnverified      // no group denies it, but one cannot be decided
	egressNo              // a group denies it, or is invalid
)

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
	s.Warnings = append(s.Warnings, c.note(codePlacement, at, what))
}

// caveat qualifies a verdict that group g would work on target t (-1: the
// plan's notes only) when what it rests on is unverified: values the plan's
// source left unverified that may bear on it (those of the group itself,
// and those of no group: an instance, a VPC, an authorization, a security
// group, or a place the plan's Source does not name; not other groups'),
// and what [checker.openParts] finds.
func (c *checker) caveat(g, t int) string {
	if c.noteCount == nil {
		c.countNotes()
	}
	var parts []string
	if n := c.noteCount[-1] + c.noteCount[g]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d value(s) of its source that may bear on it are unverified: see %q", n, notesSubject))
	}
	if t >= 0 {
		parts = append(parts, c.openParts(g, t)...)
	}
	if len(parts) == 0 {
		return ""
	}
	return ", as far as the plan says (" + strings.Join(parts, "; ") + ")"
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
	if n := c.targets[t].unverified; n > 0 {
		parts = append(parts, fmt.Sprintf("%d unverified finding(s) of instance %q", n, c.targets[t].pi.ID))
	}
	return parts
}

// countNotes counts the plan's unverified notes per group they concern
// (-1 for none in particular), finding a note's group through the plan's
// Source: the nearest place at or above the note's that Source names.
func (c *checker) countNotes() {
	c.noteCount = map[int]int{}
	if len(c.p.Notes) == 0 {
		return
	}
	groupOf := make(map[string]int, len(c.p.Source)) // a source place: its group, or -1
	for path, place := range c.p.Source {
		g := groupIndex(path)
		if prev, seen := groupOf[place]; seen && prev != g {
			g = -1 // the place of several groups' values, or of other values too
		}
		groupOf[place] = g
	}
	ps := newPlaceSet(len(groupOf))
	groups := make([]int, 0, len(groupOf)) // by member of ps
	for place, g := range groupOf {
		ps.add(place)
		groups = append(groups, g)
	}
	for _, n := range c.p.Notes {
		if n.Code != codeUnverified {
			continue
		}
		g := -1
		ps.prefixes(n.Where)
		for k := len(ps.cuts) - 1; k >= 0; k-- { // the nearest first
			found := false
			ps.each(n.Where, k, nil, func(i int32) bool {
				g, found = groups[i], true
				return false
			})
			if found {
				break
			}
		}
		c.noteCount[g]++
	}
	c.work += ps.work
}

// groupIndex returns g for a path under "groups[g]", else -1.
func groupIndex(p field.Path) int {
	rest, ok := strings.CutPrefix(string(p), "groups[")
	if !ok {
		return -1
	}
	end := strings.IndexByte(rest, ']')
	g, err := strconv.Atoi(rest[:max(end, 0)])
	if end < 0 || err != nil {
		return -1
	}
	return g
}

// newStamp returns a stamp that no mark of an authorization holds yet, for
// marking authorizations once per pass over references without a set.
func (c *checker) newStamp() int32 {
	if c.mark == nil {
		c.mark = make([]int32, len(c.p.Authorizations))
	}
	if c.stamp == math.MaxInt32 {
		clear(c.mark)
		c.stamp = 0
	}
	c.stamp++
	return c.stamp
}

// maxWeighed is how many candidate instances placement weighs reference by
// reference for one group, so that its cost does not grow with groups
// times instances times references.
const maxWeighed = 8

// nameSet collects distinct names, keeping the first few for messages, so
// that a message's size does not grow with the names.
type nameSet struct {
	seen  map[string]bool
	first []string
	n     int
}

// add adds name if it is not there yet.
func (s *nameSet) add(name string) {
	if s.seen[name] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[name] = true
	s.addNew(name)
}

// addNew adds a name known not to be there yet; it costs no map.
func (s *nameSet) addNew(name string) {
	s.n++
	if len(s.first) < maxRefs {
		s.first = append(s.first, name)
	}
}

// String returns the first names quoted, and how many more there are.
func (s nameSet) String() string {
	q := make([]string, len(s.first))
	for i, n := range s.first {
		q[i] = strconv.Quote(n)
	}
	out := strings.Join(q, ", ")
	if s.n > len(s.first) {
		out += fmt.Sprintf(" and %d more", s.n-len(s.first))
	}
	return out
}

// ---- notes ----

// notesSubject is the subject of the section of the plan's notes.
const notesSubject = "what the plan's source leaves open"

func (c *checker) notes() {
	if len(c.p.Notes) == 0 {
		return
	}
	si := len(c.r.Sections)
	c.section(notesSubject)
	for k, n := range c.p.Notes {
		code, what, where := n.Code, n.What, n.Where
		if _, known := c.ex.byCode[code]; !known || code == codeError {
			// A note of no known rule is something not verified.
			code, what = codeUnverified, strconv.Quote(n.Code)+": "+n.What
		}
		if where == "" {
			// A finding always says where: the note's own place in the plan.
			where = string(field.Path("notes").Index(k))
		}
		r := c.ex.rule(code)
		f := Finding{Code: code, Where: where, What: what, Why: r.Why, Fix: r.Fix}
		c.sectionAt(si).Warnings = append(c.sectionAt(si).Warnings, f)
	}
}

// dropNoted removes Check's own unverified warnings (those without an
// error) at a place where, or above where, the plan's source left a note:
// the source says better what it could not give.
//
// The warnings that leave an instance's reach unverified are kept: what
// depends on them is said there. The cost is linear in the length of the
// notes' places and the warnings'.
func (c *checker) dropNoted() {
	if len(c.p.Notes) == 0 {
		return
	}
	sections := c.r.Sections[:len(c.r.Sections)-1] // the last is the notes'
	// Check's own warnings that a note could take the place of.
	var ps *placeSet
	member := map[string]int32{}
	for i := range sections {
		for k, f := range sections[i].Warnings {
			if f.Code != codeUnverified || f.Err != nil || c.kept[[2]int{i, k}] {
				continue
			}
			if _, dup := member[f.Where]; !dup {
				if ps == nil {
					ps = newPlaceSet(0)
				}
				member[f.Where] = ps.add(f.Where)
			}
		}
	}
	if ps == nil {
		return
	}
	noted := make([]bool, len(ps.places)) // by member: a note is there or below
	skip := func(i int32) bool { return noted[i] }
	for _, n := range c.p.Notes {
		if n.Code != codeUnverified {
			continue
		}
		ps.prefixes(n.Where)
		for k := range ps.cuts {
			ps.each(n.Where, k, skip, func(i int32) bool {
				noted[i] = true
				return true
			})
		}
	}
	c.work += ps.work
	for i := range sections {
		s := &sections[i]
		keep := s.Warnings[:0]
		for k, f := range s.Warnings {
			if m, ok := member[f.Where]; !ok || !noted[m] || f.Code != codeUnverified || f.Err != nil || c.kept[[2]int{i, k}] {
				keep = append(keep, f)
			}
		}
		s.Warnings = keep
	}
}

// appendPassed appends the line that says authorization a, whose address
// is ip, passed every check, such as `"orders" → 10.0.1.5 port 80: in VPC
// "vpc-1", reachable`, to b. An authorization with anything unverified
// (its address, its reach, outbound rules) has no such line.
func appendPassed(b []byte, a authz.Authorization, ip netip.Addr) []byte {
	b = appendQuote(b, a.Name)
	b = append(b, " → "...)
	b = ip.AppendTo(b)
	b = append(b, " port "...)
	b = strconv.AppendUint(b, uint64(a.Port), 10)
	b = append(b, ": in VPC "...)
	b = appendQuote(b, a.VPCID)
	return append(b, ", reachable"...)
}

// appendQuote appends s quoted, as strconv.AppendQuote does, without its
// rune-by-rune work when s is printable ASCII with nothing to escape.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// targetSets holds, per authorization, the targets it is checked against:
// a bit set when the plan has at most 64 instances (no allocation per
// authorization), lists otherwise.
type targetSets struct {
	bits  []uint64
	lists [][]int
}

func newTargetSets(auths, targets int) *targetSets {
	if targets <= 64 {
		return &targetSets{bits: make([]uint64, auths)}
	}
	return &targetSets{lists: make([][]int, auths)}
}

func (s *targetSets) add(i, t int) {
	if s.bits != nil {
		s.bits[i] |= 1 << t
	} else if !slices.Contains(s.lists[i], t) {
		s.lists[i] = append(s.lists[i], t)
	}
}

func (s *targetSets) empty(i int) bool {
	if s.bits != nil {
		return s.bits[i] == 0
	}
	return len(s.lists[i]) == 0
}

// of returns authorization i's targets in increasing order (bit set) or
// in the order added (lists), appended to buf.
func (s *targetSets) of(i int, buf []int) []int {
	if s.bits == nil {
		return s.lists[i]
	}
	out := buf
	for b := s.bits[i]; b != 0; b &= b - 1 {
		out = append(out, bits.TrailingZeros64(b))
	}
	return out
}

// limited keeps the first few of many items for a message and counts the
// rest, so that a message's size does not grow with the plan.
type limited struct {
	first []string
	n     int
}

func (l *limited) add(s string) {
	if len(l.first) < maxRefs {
		l.first = append(l.first, s)
	}
	l.n++
}

func (l limited) join(sep string) string {
	s := strings.Join(l.first, sep)
	if l.n > len(l.first) {
		s += fmt.Sprintf("%s and %d more", sep, l.n-len(l.first))
	}
	return s
}

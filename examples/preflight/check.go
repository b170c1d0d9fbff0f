package main

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// report is what preflight prints, as text or as JSON.
type report struct {
	Plan     string    `json:"plan"`
	OK       bool      `json:"ok"`
	Problems int       `json:"problems"`
	Warnings int       `json:"warnings"`
	Sections []section `json:"sections"`
}

// section gathers what concerns one subject: the instance, its accessible
// blocks, the authorizations, one group's move.
type section struct {
	Subject  string   `json:"subject"`
	Passed   []string `json:"passed"`
	Problems []item   `json:"problems"`
	Warnings []item   `json:"warnings"`
}

// item is one problem or warning: where it is, what is wrong, the rule
// behind it and what to do.
type item struct {
	Code  string `json:"code"`
	Where string `json:"where"`
	What  string `json:"what"`
	Why   string `json:"why"`
	Fix   string `json:"fix"`
}

// rule explains a sentinel: a short code, the document's rule, and a fix.
type rule struct {
	err  error
	code string
	why  string
	fix  string
}

var rules = []rule{
	{zones.ErrReservedConflict, "reserved-conflict", "API Gateway uses an internal CIDR block in each zone, and the vSwitch must not overlap it (go run ./examples/reserved lists them)", "use another vSwitch block"},
	{zones.ErrInvalidVSwitch, "invalid-vswitch", "a vSwitch block is a canonical IPv4 prefix", "write the block in canonical IPv4 form"},
	{zones.ErrUnknownZone, "unknown-zone", "only zones of the reserved-CIDR table (updated " + zones.Updated + ") are known", "use a zone of the region (go run ./examples/reserved -region <id> lists them)"},
	{zones.ErrUnknownRegion, "unknown-region", "only regions of the reserved-CIDR table (updated " + zones.Updated + ") are known", "use a region ID such as cn-hangzhou"},
	{instance.ErrRequired, "required", "the purchase form and the API need it", "fill it in"},
	{instance.ErrZoneRegion, "zone-region", "each network interface is created in a zone of the instance's region", "use a zone of the instance's region, or change the region"},
	{instance.ErrDuplicate, "duplicate", "an instance has one network interface per zone, each in its own vSwitch", "remove the duplicate placement"},
	{instance.ErrCIDRNotAllowed, "cidr-not-allowed", "a VPC integration instance's CIDR block is 192.168.0.0/16 or 172.16.0.0/12", "use 192.168.0.0/16 or 172.16.0.0/12, whichever does not overlap your vSwitches"},
	{instance.ErrCIDRConflict, "cidr-conflict", "the instance CIDR block must not conflict with the vSwitches' blocks, nor the vSwitches with each other, or creation fails", "use another vSwitch block"},
	{instance.ErrWrongVPC, "wrong-vpc", "an instance connects to the one VPC chosen at creation", "describe the instance's VPC in vpc"},
	{instance.ErrOutsideVPC, "outside-vpc", "a block must lie within the VPC's CIDR blocks or a network connected to the VPC", "use a block inside vpc.cidrs or vpc.connected, or list the connected network in vpc.connected"},
	{cidr.ErrInvalidPrefix, "invalid-cidr", "CIDR blocks are canonical prefixes", "write the block in canonical form"},
	{authz.ErrVPCMismatch, "vpc-mismatch", "the authorization's VPC ID must be the ID of the VPC connected to the instance", "keep this backend on a conventional instance, or connect its VPC and use an authorization in the instance's VPC"},
	{authz.ErrUnreachable, "unreachable", "the backend's private IP address must fall within the instance's accessible CIDR blocks", "add a block that contains the address to accessible"},
	{authz.ErrInvalidAuthorization, "invalid-authorization", "an authorization needs a name, a VPC, a backend and a port, and an IP written as a valid address", "fix the authorization"},
	{authz.ErrEgressDenied, "egress-denied", "the outbound rules of the instance's security group must allow the destination; for a CLB backend always, for an ECS backend unless it is in the same group with intra-group traffic allowed", "add an outbound rule for the address to the security group"},
	{authz.ErrUnknownAddr, "unverified", "without the backend's private IP address, the rule cannot be checked", "set the authorization's addr"},
	{migrate.ErrMissingAuthorization, "missing-authorization", "API Gateway validates every VPC access authorization the group's APIs and plug-ins use", "add the authorization to authorizations, or fix the name"},
	{migrate.ErrDuplicateAuthorization, "duplicate-authorization", "an authorization is found by its name", "give each authorization its own name"},
	{migrate.ErrRegion, "region", "a group moves to an instance of its own region", "use an instance in the group's region"},
	{migrate.ErrWrongSource, "wrong-source", "the move starts from the group's current instance", "set the group's instance to the one it is on"},
}

// explain returns the item for err, at where.
func explain(where string, err error) item {
	it := item{Code: "error", Where: where, What: err.Error()}
	for _, r := range rules {
		if errors.Is(err, r.err) {
			it.Code, it.Why, it.Fix = r.code, r.why, r.fix
			break
		}
	}
	if err == instance.ErrRequired {
		it.What = "missing: this field is required"
	}
	return it
}

var warningWhy = map[migrate.WarningCode][2]string{
	migrate.WarnEgressChange:  {"after migration, the egress IP address changes to that of the target instance", "add the new egress addresses to backend allow-lists before the move"},
	migrate.WarnUnverified:    {"without the backend's private IP address, reachability cannot be checked", "set the authorization's addr"},
	migrate.WarnSecurityGroup: {"the document asks that the backend be in the security group given when the instance was created", "move the backend into the instance's security group, or allow the traffic explicitly"},
	migrate.WarnDataWorks:     {"only conventional dedicated instances support DataWorks integration", "keep DataWorks APIs in a group on a dedicated instance"},
}

// goFieldToJSON maps the library's Go field names to the plan's.
var goFieldToJSON = strings.NewReplacer(
	"VSwitchCIDR", "vSwitchCidr", "VSwitchID", "vSwitchId", "SecurityGroupID", "securityGroupId",
	"ZoneID", "zoneId", "RegionID", "regionId", "VPCID", "vpcId", "InstanceID", "instanceId",
	"CIDR", "cidr", "Zones", "zones", "Name", "name", "Port", "port", "Addr", "addr", "ID", "id",
)

// fieldItems turns validator problems into items at JSON paths under root.
func fieldItems(root string, err error, fix func(field string, it *item)) []item {
	var out []item
	for _, e := range unjoin(err) {
		where := root
		var fe *instance.FieldError
		if errors.As(e, &fe) {
			where = root + "." + goFieldToJSON.Replace(fe.Field)
			e = fe.Err
		}
		it := explain(where, e)
		if fe != nil && fix != nil {
			fix(fe.Field, &it)
		}
		out = append(out, it)
	}
	return out
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// check runs every check of the plan.
func check(name string, p parsed) report {
	r := report{Plan: name}
	inst, sec := checkInstance(p)
	r.Sections = append(r.Sections, sec, checkAccessible(p, &inst), checkAuthorizations(p, inst))
	for i, g := range p.groups {
		r.Sections = append(r.Sections, checkGroup(i, g, p.sources[i], inst, p.auths))
	}
	for _, s := range r.Sections {
		r.Problems += len(s.Problems)
		r.Warnings += len(s.Warnings)
	}
	r.OK = r.Problems == 0
	return r
}

// checkInstance validates the spec and returns the instance it describes;
// for a spec with problems, the best instance it can describe, so that the
// other checks still run.
func checkInstance(p parsed) (instance.Instance, section) {
	s := p.spec
	sec := section{Subject: fmt.Sprintf("instance %q (%s), VPC %q, CIDR block %s", s.Name, s.RegionID, s.VPCID, s.CIDR)}
	err := s.Validate(nil)
	var suggested []netip.Prefix // so that two vSwitches are not offered the same block
	advice := map[int]string{}   // one suggestion per placement
	suggestFor := func(k int) string {
		if fix, ok := advice[k]; ok {
			return fix
		}
		fix, p := suggest(p, k, suggested)
		if p.IsValid() {
			suggested = append(suggested, p)
		}
		advice[k] = fix
		return fix
	}
	sec.Problems = fieldItems("instance", err, func(field string, it *item) {
		if !strings.HasSuffix(field, ".VSwitchCIDR") || (it.Code != "reserved-conflict" && it.Code != "cidr-conflict") {
			return
		}
		var k int
		fmt.Sscanf(field, "Zones[%d]", &k)
		it.Fix = suggestFor(k)
	})
	if s.VPCID != "" && p.vpc.ID != s.VPCID {
		sec.Problems = append(sec.Problems, explain("vpc.id", fmt.Errorf("VPC %q: %w %q", p.vpc.ID, instance.ErrWrongVPC, s.VPCID)))
	}
	inst := instance.Instance{ID: p.id, Kind: instance.VPCIntegration, RegionID: s.RegionID, VPCID: s.VPCID, CIDR: s.CIDR, Zones: s.Zones}
	for k, z := range s.Zones {
		vs, err := zones.VSwitchPrefix(z.VSwitchCIDR)
		if err != nil {
			continue
		}
		inst.Accessible = append(inst.Accessible, vs)
		if len(p.vpc.CIDRs) > 0 && !setOf(p.vpc.CIDRs).ContainsPrefix(vs) {
			it := explain(fmt.Sprintf("instance.zones[%d].vSwitchCidr", k),
				fmt.Errorf("vSwitch %s: %w: a vSwitch lies in its VPC's own CIDR blocks %v", vs, instance.ErrOutsideVPC, p.vpc.CIDRs))
			it.Fix = suggestFor(k)
			sec.Problems = append(sec.Problems, it)
		}
	}
	if err == nil {
		if built, err := instance.New(p.id, s, nil); err == nil {
			inst = built
		}
		sec.Passed = append(sec.Passed, fmt.Sprintf("spec valid: %d zone(s) in %s; every vSwitch block is clear of its zone's reserved blocks and of %s", len(s.Zones), s.RegionID, s.CIDR))
	}
	return inst, sec
}

func setOf(ps []netip.Prefix) cidr.Set {
	s, _ := cidr.NewSet(ps...)
	return s
}

// suggest proposes a block for placement k: the lowest block of the same
// length inside the VPC that avoids the zone's reserved blocks, the
// instance CIDR block, the other vSwitches and the blocks already
// suggested. It returns the advice and the block, if any.
func suggest(p parsed, k int, suggested []netip.Prefix) (string, netip.Prefix) {
	z := p.spec.Zones[k]
	bits := cidr.UnmapPrefix(z.VSwitchCIDR).Bits()
	var others []netip.Prefix
	for j, o := range p.spec.Zones {
		if vs, err := zones.VSwitchPrefix(o.VSwitchCIDR); j != k && err == nil {
			others = append(others, vs)
		}
	}
	used := setOf(append(others, suggested...))
	instCIDR := p.spec.CIDR
	if !instCIDR.IsValid() || instCIDR.Addr().Is4In6() {
		instCIDR = netip.Prefix{}
	}
	if len(p.vpc.CIDRs) == 0 {
		return "use another vSwitch block; list the VPC's CIDR blocks in vpc.cidrs to get a suggestion", netip.Prefix{}
	}
	for _, within := range p.vpc.CIDRs {
		if bits < within.Bits() {
			continue
		}
		if s, ok := instance.SuggestVSwitch(nil, z.ZoneID, within, bits, instCIDR, used); ok {
			return fmt.Sprintf("use %s instead: inside VPC block %s, clear of zone %s's reserved blocks, the instance CIDR block and the other vSwitches", s, within, z.ZoneID), s
		}
	}
	return fmt.Sprintf("no free /%d block in the VPC's CIDR blocks %v avoids the reserved blocks, the instance CIDR block and the other vSwitches: use a smaller vSwitch or add a VPC CIDR block", bits, p.vpc.CIDRs), netip.Prefix{}
}

// checkAccessible adds the plan's extra accessible blocks to inst.
func checkAccessible(p parsed, inst *instance.Instance) section {
	sec := section{Subject: fmt.Sprintf("accessible CIDR blocks of VPC %q", p.vpc.ID)}
	sec.Passed = append(sec.Passed, fmt.Sprintf("by default: the vSwitch blocks %v", inst.Accessible))
	for i, a := range p.accessible {
		next, err := inst.AllowCIDR(a, p.vpc)
		if err != nil {
			sec.Problems = append(sec.Problems, explain(fmt.Sprintf("accessible[%d]", i), err))
			continue
		}
		*inst = next
		sec.Passed = append(sec.Passed, fmt.Sprintf("%s: within the VPC or a connected network", a))
	}
	return sec
}

// checkAuthorizations checks each authorization against the instance and
// the egress rules of the instance's security groups given in the plan.
func checkAuthorizations(p parsed, inst instance.Instance) section {
	sec := section{Subject: fmt.Sprintf("VPC access authorizations against instance %q", inst.ID)}
	checker := authz.NewChecker(inst)
	var groups []authz.SecurityGroup
	for _, z := range inst.Zones {
		for _, sg := range p.sgs {
			if sg.ID == z.SecurityGroupID && !containsSG(groups, sg.ID) {
				groups = append(groups, sg)
			}
		}
	}
	if len(p.auths) > 0 && len(groups) == 0 {
		sec.Passed = append(sec.Passed, "outbound rules not checked: none of the instance's security groups is in securityGroups")
	}
	for i, a := range p.auths {
		where := fmt.Sprintf("authorizations[%d] (%q)", i, a.Name)
		ok := true
		for _, e := range unjoin(checker.Check(a)) {
			if fe := (*instance.FieldError)(nil); errors.As(e, &fe) {
				it := explain(where+"."+goFieldToJSON.Replace(fe.Field), e)
				sec.Problems = append(sec.Problems, it)
				ok = false
				continue
			}
			it := explain(where, e)
			if errors.Is(e, authz.ErrUnknownAddr) {
				sec.Warnings = append(sec.Warnings, it)
				continue
			}
			if errors.Is(e, authz.ErrUnreachable) {
				if ip, known := a.Address(); known {
					it.Fix = fmt.Sprintf("add a block that contains %s (inside VPC %q or a connected network) to accessible", ip, inst.VPCID)
				}
			}
			sec.Problems = append(sec.Problems, it)
			ok = false
		}
		egressOK := true
		for _, sg := range groups {
			err := authz.CheckEgress(sg, a)
			switch {
			case err == nil, errors.Is(err, authz.ErrInvalidAuthorization):
			case errors.Is(err, authz.ErrUnknownAddr):
				sec.Warnings = append(sec.Warnings, explain(where, err))
			default:
				egressOK = false
				it := explain(where, err)
				if ip, known := a.Address(); known {
					it.Fix = fmt.Sprintf("add an outbound rule for %s/32 (or its subnet) to security group %q", ip, sg.ID)
				}
				sec.Problems = append(sec.Problems, it)
			}
		}
		if ok && egressOK {
			if ip, known := a.Address(); known {
				sec.Passed = append(sec.Passed, fmt.Sprintf("%q → %s port %d: in VPC %q, reachable", a.Name, ip, a.Port, a.VPCID))
			} else {
				sec.Passed = append(sec.Passed, fmt.Sprintf("%q → %s port %d: in VPC %q, address unknown", a.Name, a.InstanceID, a.Port, a.VPCID))
			}
		}
	}
	return sec
}

func containsSG(list []authz.SecurityGroup, id string) bool {
	for _, sg := range list {
		if sg.ID == id {
			return true
		}
	}
	return false
}

// checkGroup checks the move of group i to the planned instance.
func checkGroup(i int, g migrate.Group, from, to instance.Instance, auths []authz.Authorization) section {
	sec := section{Subject: fmt.Sprintf("group %q (%s): move from %s instance %q to %q", g.Name, g.ID, from.Kind, from.ID, to.ID)}
	r := migrate.Check(g, from, to, auths)
	for _, f := range r.Failures {
		where := fmt.Sprintf("groups[%d]: %s", i, f.Subject)
		if f.Authorization != "" {
			where += fmt.Sprintf(", authorization %q", f.Authorization)
		}
		sec.Problems = append(sec.Problems, explain(where, f.Err))
	}
	for _, w := range r.Warnings {
		where := fmt.Sprintf("groups[%d]: %s", i, w.Subject)
		if w.Authorization != "" {
			where += fmt.Sprintf(", authorization %q", w.Authorization)
		}
		why := warningWhy[w.Code]
		sec.Warnings = append(sec.Warnings, item{Code: string(w.Code), Where: where, What: w.Message, Why: why[0], Fix: why[1]})
	}
	if r.OK() {
		sec.Passed = append(sec.Passed, fmt.Sprintf("%d authorization reference(s) of %d API(s) and %d plug-in(s) checked: the move would succeed", r.Checked, len(g.APIs), len(g.Plugins)))
	}
	return sec
}

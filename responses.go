package vpcgate

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/openapi"
	"github.com/vpcgate/vpcgate/migrate"
)

// errMove is the error of a move that cannot be planned.
var errMove = errors.New("invalid move")

// inputError is a problem of the responses or of the moves: the input a
// plan is made from. It matches [ErrInvalidPlan] and the error it wraps.
type inputError struct{ err error }

func (e inputError) Error() string   { return e.err.Error() }
func (e inputError) Unwrap() []error { return []error{ErrInvalidPlan, e.err} }

// asInput marks each problem of err, a join of *field.Error, as an
// inputError, keeping its path.
func asInput(err error) error {
	var l field.List
	for _, e := range field.Split(err) {
		if fe, ok := e.(*field.Error); ok {
			l = append(l, &field.Error{Field: fe.Field, Err: inputError{fe.Err}})
		} else {
			l = append(l, inputError{e})
		}
	}
	return l.Err()
}

// Move is an API group to move and the VPC integration instance it moves
// to, by their IDs.
type Move struct {
	// Group is the API group's ID (GroupId).
	Group string `json:"group"`
	// To is the target instance's ID (InstanceId).
	To string `json:"to"`
}

// ParseMove parses a move written "GROUP=INSTANCE", as the preflight
// command's -move flag takes it: exactly one "=", a group ID before it and
// an instance ID after it, neither empty nor with surrounding space (IDs
// are compared as given). Anything else is an error matching
// [ErrInvalidPlan].
func ParseMove(s string) (Move, error) {
	g, to, ok := strings.Cut(s, "=")
	switch {
	case !ok || strings.Contains(to, "="):
		return Move{}, inputError{fmt.Errorf("%w %q: want GROUP=INSTANCE", errMove, s)}
	case g == "" || to == "":
		return Move{}, inputError{fmt.Errorf("%w %q: want a group ID and an instance ID", errMove, s)}
	case strings.TrimSpace(g) != g || strings.TrimSpace(to) != to:
		return Move{}, inputError{fmt.Errorf("%w %q: space around an ID", errMove, s)}
	}
	return Move{Group: g, To: to}, nil
}

// String returns the move as ParseMove reads it: "GROUP=INSTANCE".
func (m Move) String() string { return m.Group + "=" + m.To }

// Snapshot is what a set of saved OpenAPI responses says about an account:
// instances, VPC access authorizations, API groups, APIs, plug-ins, VPCs,
// vSwitches, security groups, ECS instances and load balancers. It is
// immutable and safe for concurrent use. The zero Snapshot holds nothing:
// its Plan fails for every move, since no group is known.
type Snapshot struct {
	s *openapi.Snapshot
}

// ReadResponses reads saved OpenAPI response bodies, one document each, as
// the cloud's CLI prints them (aliyun apigateway DescribeInstances ...).
// Each document's kind is recognised by its shape, never by a name:
//
//   - API Gateway: DescribeInstances (Instances.InstanceAttribute[]),
//     DescribeVpcAccesses, DescribeApiGroups and DescribeApiGroup,
//     DescribeApi (ServiceConfig.ServiceVpcEnable "TRUE" and
//     ServiceConfig.VpcConfig.Name; BackendEnable and
//     BackendConfig.BackendId for an API that calls a backend service),
//     DescribeBackendInfo (a backend service's BackendModels[], whose VPC
//     ones name an authorization by BackendConfig.VpcConfig.Name or
//     VpcAccessId), DescribeApis (the list of a group's
//     APIs), DescribePlugins (a routing plug-in's PluginData, JSON or
//     YAML, names authorizations in routes[].backend.vpcAccessName), and
//     DescribePluginApis, which does not name its plug-in and so must come
//     in the envelope {"request": {"PluginId": "..."}, "response": <body>};
//   - VPC: DescribeVpcAttribute (CidrBlock, SecondaryCidrBlocks,
//     UserCidrs), DescribeVSwitches;
//   - ECS: DescribeSecurityGroupAttribute (outbound rules; the pages of
//     one group are merged), DescribeSecurityGroups (the group's type),
//     DescribeInstances (Instances.Instance[]: private addresses and
//     security groups of backends);
//   - SLB: DescribeLoadBalancers (the Address of an intranet CLB).
//
// Any document may come in the envelope. The pages of one call are
// several documents; the same resource in two documents must have the same
// content (what is read of it), else the error names both places, and so
// must an API's group as DescribeApi, DescribeApis and DescribePluginApis
// give it. The pages of DescribeApis, DescribePluginApis, DescribePlugins
// and DescribeVpcAccesses are told apart by the envelope's request filters
// (none without an envelope), TotalCount and PageSize, and counted against
// TotalCount; a page of DescribeSecurityGroupAttribute after the first
// names the NextToken it answers in the envelope's request. A
// DescribeVSwitchAttributes body (VpcId, VSwitchId, CidrBlock) is of no
// shape read here, not a VPC.
//
// Reading is strict about what it reads and tolerant only of the wire's
// documented quirks: null for an empty list, "" for an unset field,
// ConnectCidrBlocks as a string holding a JSON array (also over-escaped),
// Priority as a number or a numeric string. Fields it does not read are
// ignored; a field it reads spelled in another case (VSwitchId where the
// response has VswitchId) is an error, never a missing value. Malformed
// JSON, a duplicate key, invalid UTF-8, nesting deeper than 64 levels, a
// value of the wrong type, a CIDR block with host bits (errors.Is
// cidr.ErrNotCanonical) and an address cidr.ParseAddr rejects are errors.
// Every problem is reported at once, one per mistake, joined: each a
// *field.Error whose path names the document and the JSON path in it, such
// as "DescribeVpcAccesses[3].VpcAccessAttributes.VpcAccessAttribute[4].Port"
// (the document's kind, its index among docs, then the path), or
// "responses[3]" when the document's kind cannot be told, and each matches
// [ErrInvalidPlan]. ECS DescribeInstances is named "ecs.DescribeInstances",
// since API Gateway's has the same name.
//
// ReadResponses keeps no reference to docs; its cost is linear in their
// size.
func ReadResponses(docs ...[]byte) (Snapshot, error) {
	s, err := openapi.Read(docs)
	if err != nil {
		return Snapshot{}, asInput(err)
	}
	return Snapshot{s: s}, nil
}

// Plan returns the plan that moves each group onto its instance, as the
// cloud holds them, in the multi-instance form: Instances holds the target
// instances (their accessible blocks: ConnectCidrBlocks beyond the
// vSwitch blocks), VPCs their VPCs, SecurityGroups the security groups of
// their network interfaces, Groups the moved groups (each with To set and
// Instance its current instance), Authorizations every authorization whose
// name a moved group's API or plug-in uses. An API that calls a backend
// service (BackendEnable) is one entry for its ServiceConfig; the group's
// first API that calls a service gets one more entry for each other
// authorization the service names in an environment, named
// "GetOrder (backend service "b-1", RELEASE)", so that each is checked
// once; a model of type VPC names its authorization by
// BackendConfig.VpcConfig.Name or VpcAccessId (both given must agree). An authorization that names an
// ECS or SLB instance ID gets that backend's address and kind when ECS
// DescribeInstances or SLB DescribeLoadBalancers gives it: an ECS
// instance's first private address and its security group (the first
// that is a target's network interface group, else its first); an
// internal-facing load balancer's (AddressType "intranet") Address, of
// kind CLB. An internet-facing one (AddressType "internet") is refused as
// a conflict: it is no backend in the VPC, and its address must never pass
// as reachable; any other AddressType leaves the address unknown.
//
// What the responses do not settle is a Note with code "unverified" and a
// What starting "not checked:": a VPC, vSwitch or security group (or its
// type) that the targets use and no response gives, a security group
// whose rules go on to a page (NextToken) not given (left out of the plan,
// as if not given), an API of a moved group without its DescribeApi, the
// pages of a moved group's DescribeApis fewer than its TotalCount, a
// routing plug-in whose attachments (DescribePluginApis) are not given or
// not all given, DescribePlugins pages not all given, an authorization
// name that no DescribeVpcAccesses page given holds while a page is
// missing (the reference is left out of the plan, so that Check counts it
// neither passing nor missing), the backends of an API whose backend
// service's DescribeBackendInfo is not given, a backend service
// environment of a type not read or whose authorization is not known, a
// current instance whose kind is
// not known (CLASSIC_SHARED has none in vpcgate), and whether the group
// serves DataWorks, which no response says. The value stays zero, so
// Check cannot pass it.
//
// Plan.Source maps plan paths ("instances[0].zones[1].vSwitchCidr",
// "authorizations[2].instanceId", "groups[0].apis[1].vpcAccess",
// "securityGroups[0].rules[3]") to places in the documents, named as
// ReadResponses names them: "DescribeInstances[0].Instances.
// InstanceAttribute[1].NetworkInterfaceAttributes.NetworkInterfaceAttribute[1].CidrBlock".
// A block of ConnectCidrBlocks is named by its index in the array the
// string holds ("...ConnectCidrBlocks[2]"), and a name in a plug-in's
// data by its path inside PluginData ("...PluginData.routes[0].backend.vpcAccessName").
//
// A move that names no group or instance of the snapshot, a group moved
// twice, a target that is not a VPC integration instance
// (DedicatedInstanceType "vpc_connect"), and two responses that disagree
// (about a target's vSwitch, a group's instance kind, the VPC of an
// authorization's ECS or SLB backend, or the authorization a backend
// service's VPC configuration names) are errors matching
// [ErrInvalidPlan], at "moves[i].group" or "moves[i].to" or at the place
// in the responses; an unknown target also matches [ErrUnknownInstance].
// No move at all is an error. Plan does not modify s.
func (s Snapshot) Plan(moves ...Move) (Plan, error) {
	b := builder{s: s.s, p: Plan{Source: map[field.Path]string{}}}
	if b.s == nil {
		b.s = &openapi.Snapshot{}
	}
	if len(moves) == 0 {
		return Plan{}, inputError{fmt.Errorf("%w: no move given", errMove)}
	}
	b.checkMoves(moves)
	if len(b.errs) > 0 {
		return Plan{}, asInput(b.errs.Err())
	}
	for _, m := range moves {
		b.target(m.To)
	}
	b.idx = newIndex(b.s)
	for _, m := range moves {
		b.group(m)
	}
	b.unattached()
	b.authorizations()
	if len(b.errs) > 0 {
		return Plan{}, asInput(b.errs.Err())
	}
	return b.p, nil
}

// builder assembles one plan from a snapshot.
type builder struct {
	s       *openapi.Snapshot
	p       Plan
	errs    field.List
	targets map[string]bool
	vpcs    map[string]bool
	sgs     map[string]bool
	names   map[string]bool   // authorization names used
	firstAt map[string]string // where each name is first used
	noted   map[string]bool
	called  map[string]bool // group ID and backend service ID: the service's authorizations are in the group
	idx     index
}

// once reports whether key is new to *seen, and adds it.
func once(seen *map[string]bool, key string) bool {
	if *seen == nil {
		*seen = map[string]bool{}
	}
	if (*seen)[key] {
		return false
	}
	(*seen)[key] = true
	return true
}

func (b *builder) src(p field.Path, place field.Path) { b.p.Source[p] = string(place) }

// note adds an unverified note once per what.
func (b *builder) note(where field.Path, what string) {
	if !once(&b.noted, what) {
		return
	}
	b.p.Notes = append(b.p.Notes, Note{Code: "unverified", Where: string(where), What: what})
}

func (b *builder) checkMoves(moves []Move) {
	seen := map[string]bool{}
	for i, m := range moves {
		at := field.Path("moves").Index(i)
		switch g := b.s.Groups[m.Group]; {
		case m.Group == "":
			b.errs.Add(at.Child("group"), fmt.Errorf("%w: no group given", errMove))
		case g == nil:
			b.errs.Add(at.Child("group"), fmt.Errorf("%w: group %q is in no DescribeApiGroups or DescribeApiGroup response", errMove, m.Group))
		case seen[m.Group]:
			b.errs.Add(at.Child("group"), fmt.Errorf("%w: group %q moved twice", errMove, m.Group))
		}
		seen[m.Group] = true
		switch t := b.s.Instances[m.To]; {
		case m.To == "":
			b.errs.Add(at.Child("to"), fmt.Errorf("%w: no target instance given", errMove))
		case t == nil:
			b.errs.Add(at.Child("to"), fmt.Errorf("instance %q is in no API Gateway DescribeInstances response: %w", m.To, ErrUnknownInstance))
		case t.DedicatedInstanceType != "vpc_connect":
			b.errs.Add(at.Child("to"), fmt.Errorf("%w: instance %q is not a VPC integration instance (DedicatedInstanceType %q, want \"vpc_connect\", at %s)", errMove, m.To, t.DedicatedInstanceType, t.At.Child("DedicatedInstanceType")))
		}
	}
}

// target adds the target instance id, its VPC and its security groups,
// once.
func (b *builder) target(id string) {
	if !once(&b.targets, id) {
		return
	}
	ia := b.s.Instances[id]
	at := field.Path("instances").Index(len(b.p.Instances))
	inst := Instance{ID: ia.InstanceId, Spec: instance.Spec{
		Name: ia.InstanceName, RegionID: ia.RegionId, VPCID: ia.ConnectVpcId, CIDR: ia.InstanceCidrBlock,
	}}
	b.src(at, ia.At)
	for k, wire := range map[string]string{"id": "InstanceId", "name": "InstanceName", "regionId": "RegionId", "vpcId": "ConnectVpcId", "cidr": "InstanceCidrBlock"} {
		b.src(at.Child(k), ia.At.Child(wire))
	}
	own := map[netip.Prefix]bool{}
	for j, ni := range ia.NetworkInterfaces {
		nat, zat := openapi.NetworkInterfacePath(ia.At, j), at.Child("zones").Index(j)
		inst.Zones = append(inst.Zones, instance.ZonePlacement{ZoneID: ni.ZoneId, VSwitchID: ni.VswitchId, VSwitchCIDR: ni.CidrBlock, SecurityGroupID: ni.SecurityGroupId})
		own[ni.CidrBlock] = true
		b.src(zat, nat)
		for k, wire := range map[string]string{"zoneId": "ZoneId", "vSwitchId": "VswitchId", "vSwitchCidr": "CidrBlock", "securityGroupId": "SecurityGroupId"} {
			b.src(zat.Child(k), nat.Child(wire))
		}
		b.vswitch(ia, ni, nat)
		if ni.SecurityGroupId != "" {
			b.securityGroup(ni.SecurityGroupId, nat.Child("SecurityGroupId"))
		}
	}
	for k, p := range ia.ConnectCidrBlocks {
		if !own[p] {
			b.src(at.Child("accessible").Index(len(inst.Accessible)), ia.At.Child("ConnectCidrBlocks").Index(k))
			inst.Accessible = append(inst.Accessible, p)
		}
	}
	b.p.Instances = append(b.p.Instances, inst)
	if ia.ConnectVpcId != "" {
		b.vpc(ia.ConnectVpcId, ia.At.Child("ConnectVpcId"))
	}
}

// vswitch checks a network interface against DescribeVSwitches.
func (b *builder) vswitch(ia *openapi.InstanceAttribute, ni openapi.NetworkInterfaceAttribute, nat field.Path) {
	if ni.VswitchId == "" {
		return
	}
	vs := b.s.VSwitches[ni.VswitchId]
	if vs == nil {
		b.note(nat.Child("VswitchId"), fmt.Sprintf("not checked: DescribeVSwitches for %q not given", ni.VswitchId))
		return
	}
	differ := func(what, a, b2 string, other field.Path) {
		if a != b2 {
			b.errs.Add(nat, fmt.Errorf("%w: vSwitch %q: %s %q differs from %q at %s", openapi.ErrConflict, ni.VswitchId, what, a, b2, other))
		}
	}
	differ("CidrBlock", ni.CidrBlock.String(), vs.CidrBlock.String(), vs.At.Child("CidrBlock"))
	differ("ZoneId", ni.ZoneId, vs.ZoneId, vs.At.Child("ZoneId"))
	differ("VPC", ia.ConnectVpcId, vs.VpcId, vs.At.Child("VpcId"))
}

func (b *builder) vpc(id string, ref field.Path) {
	if !once(&b.vpcs, id) {
		return
	}
	v := b.s.Vpcs[id]
	if v == nil {
		b.note(ref, fmt.Sprintf("not checked: DescribeVpcAttribute for %q not given", id))
		return
	}
	at := field.Path("vpcs").Index(len(b.p.VPCs))
	out := instance.VPC{ID: v.VpcId}
	b.src(at, v.At)
	b.src(at.Child("id"), v.At.Child("VpcId"))
	if v.CidrBlock.IsValid() {
		b.src(at.Child("cidrs").Index(0), v.At.Child("CidrBlock"))
		out.CIDRs = append(out.CIDRs, v.CidrBlock)
	}
	for k, p := range v.SecondaryCidrBlocks {
		if !slices.Contains(out.CIDRs, p) {
			b.src(at.Child("cidrs").Index(len(out.CIDRs)), v.At.Child("SecondaryCidrBlocks").Child("SecondaryCidrBlock").Index(k))
			out.CIDRs = append(out.CIDRs, p)
		}
	}
	for k, p := range v.UserCidrs {
		b.src(at.Child("connected").Index(k), v.At.Child("UserCidrs").Child("UserCidr").Index(k))
		out.Connected = append(out.Connected, p)
	}
	b.p.VPCs = append(b.p.VPCs, out)
}

func (b *builder) securityGroup(id string, ref field.Path) {
	if !once(&b.sgs, id) {
		return
	}
	attr := b.s.SGAttributes[id]
	if attr == nil {
		b.note(ref, fmt.Sprintf("not checked: DescribeSecurityGroupAttribute for %q not given", id))
		return
	}
	if next := attr.Unanswered(); len(next) > 0 {
		// A rule on a page not given (a Drop before an Accept, or the
		// other way) can change any verdict: the group is left out, as
		// if not given.
		b.note(attr.At.Child("NextToken"), fmt.Sprintf("not checked: DescribeSecurityGroupAttribute pages of %q: the page of NextToken %q not given (give it in the envelope {\"request\": {\"NextToken\": %q}, \"response\": <body>})", id, next[0], next[0]))
		return
	}
	at := field.Path("securityGroups").Index(len(b.p.SecurityGroups))
	sg := authz.SecurityGroup{ID: id, InnerAccessPolicy: attr.InnerAccessPolicy, IntraGroup: attr.InnerAccessPolicy == authz.PolicyAccept}
	b.src(at, attr.At)
	b.src(at.Child("id"), attr.At.Child("SecurityGroupId"))
	b.src(at.Child("innerAccessPolicy"), attr.At.Child("InnerAccessPolicy"))
	if t := b.s.SecurityGroups[id]; t != nil {
		sg.Type = t.SecurityGroupType
		b.src(at.Child("type"), t.At.Child("SecurityGroupType"))
	}
	if sg.Type == 0 {
		b.note(attr.At, fmt.Sprintf("not checked: DescribeSecurityGroups for %q not given (its type decides what no rule matches; read as denied)", id))
	}
	for k, perm := range attr.Permissions {
		sg.Rules = append(sg.Rules, perm.Rule)
		b.src(at.Child("rules").Index(k), perm.At)
	}
	b.p.SecurityGroups = append(b.p.SecurityGroups, sg)
}

// group adds the moved group with its APIs and plug-ins.
func (b *builder) group(m Move) {
	g := b.s.Groups[m.Group]
	at := field.Path("groups").Index(len(b.p.Groups))
	out := Group{ID: g.GroupId, Name: g.GroupName, RegionID: g.RegionId, To: m.To}
	out.Instance = b.currentInstance(g, at.Child("instance"))
	b.src(at, g.At)
	for k, wire := range map[string]string{"id": "GroupId", "name": "GroupName", "regionId": "RegionId", "instance": "InstanceId", "instance.id": "InstanceId", "instance.kind": "InstanceType"} {
		b.src(at.Join(field.Path(k)), g.At.Child(wire))
	}
	b.note(g.At, fmt.Sprintf("not checked: whether group %q serves DataWorks (no response says)", g.GroupId))

	for _, api := range b.idx.apis[g.GroupId] {
		b.api(api, at, &out)
	}
	// The APIs known to be the group's (DescribeApis, DescribePluginApis)
	// without their DescribeApi.
	for _, a := range b.idx.listed[g.GroupId] {
		if b.s.Apis[a.ApiId] == nil {
			b.note(a.At, fmt.Sprintf("not checked: DescribeApi for %q not given", a.ApiId))
		}
	}
	for _, a := range b.idx.attached[g.GroupId] {
		if b.s.Apis[a.att.ApiId] == nil {
			b.note(a.att.At, fmt.Sprintf("not checked: DescribeApi for %q not given", a.att.ApiId))
		}
	}
	b.apiPages(g)
	b.plugins(g, at, &out)
	b.p.Groups = append(b.p.Groups, out)
}

// api adds api to the group out, at path at: an entry for the
// authorization its ServiceConfig names (or none), and one more for each
// other authorization that its backend service, when BackendEnable is set,
// names in an environment (DescribeBackendInfo), so that the move checks
// every backend the API may call. The group's first API that calls a
// backend service carries the service's authorizations for all of them,
// so that the cost grows with APIs plus environments, not their product.
func (b *builder) api(api *openapi.Api, at field.Path, out *Group) {
	add := func(name string, where field.Path, suffix string, from field.Path) {
		if !b.settled(name, where) {
			name = ""
		}
		aat := at.Child("apis").Index(len(out.APIs))
		out.APIs = append(out.APIs, migrate.API{ID: api.ApiId, Name: api.ApiName + suffix, VPCAccess: name})
		b.src(aat, from)
		b.src(aat.Child("id"), api.At.Child("ApiId"))
		b.src(aat.Child("name"), api.At.Child("ApiName"))
		if name != "" {
			b.src(aat.Child("vpcAccess"), where)
			b.use(name, where)
		}
	}
	add(api.VpcName, openapi.VpcNamePath(api.At), "", api.At)
	if !api.BackendEnable || !once(&b.called, out.ID+"\x00"+api.BackendId) {
		return
	}
	bi := b.s.Backends[api.BackendId]
	if bi == nil {
		b.note(api.At.Child("BackendEnable"), fmt.Sprintf("not checked: the backends of API %q, which calls backend service %q (DescribeBackendInfo for %q not given)", api.ApiId, api.BackendId, api.BackendId))
		return
	}
	if len(bi.Models) == 0 && !nonVPCBackend(bi.BackendType) {
		b.note(bi.At.Child("BackendModels"), fmt.Sprintf("not checked: backend service %q, of type %q, gives no environment (BackendModels), so what it calls is not known", bi.BackendId, bi.BackendType))
	}
	seen := map[string]bool{api.VpcName: true}
	for j, m := range bi.Models {
		mat := openapi.BackendModelPath(bi.At, j)
		cfg := mat.Child("BackendConfig")
		typ := cmp.Or(m.Type, bi.BackendType)
		if typ != "VPC" && m.Type != "" && bi.BackendType != "" && m.Type != bi.BackendType {
			// Which one the stage calls is not settled: not a pass.
			b.note(cfg.Child("Type"), fmt.Sprintf("not checked: backend service %q in environment %q is of type %q, but the service is of type %q", bi.BackendId, m.StageName, m.Type, bi.BackendType))
			continue
		}
		switch {
		case typ == "VPC":
		case nonVPCBackend(typ):
			continue
		default:
			b.note(cfg.Child("Type"), fmt.Sprintf("not checked: backend service %q in environment %q, of type %q, which is not read", bi.BackendId, m.StageName, typ))
			continue
		}
		name, where := m.VpcName, cfg.Child("VpcConfig").Child("Name")
		if m.VpcAccessId != "" {
			byID := b.idx.accessByID[m.VpcAccessId]
			switch {
			case byID == nil:
				b.note(cfg.Child("VpcConfig").Child("VpcAccessId"), fmt.Sprintf("not checked: backend service %q in environment %q uses VPC access %q, which no DescribeVpcAccesses page given lists", bi.BackendId, m.StageName, m.VpcAccessId))
				continue
			case name == "":
				name, where = byID.Name, cfg.Child("VpcConfig").Child("VpcAccessId")
			case name != byID.Name:
				b.errs.Add(where, fmt.Errorf("%w: backend service %q names authorization %q, but its VpcAccessId %q is authorization %q at %s", openapi.ErrConflict, bi.BackendId, name, m.VpcAccessId, byID.Name, byID.At))
				continue
			}
		}
		if name == "" {
			b.note(cfg.Child("VpcConfig"), fmt.Sprintf("not checked: backend service %q in environment %q is a VPC backend that names no VPC access authorization", bi.BackendId, m.StageName))
			continue
		}
		if !seen[name] {
			seen[name] = true
			add(name, where, fmt.Sprintf(" (backend service %q, %s)", bi.BackendId, m.StageName), mat)
		}
	}
}

// currentInstance is the group's instance, at path at: its ID, region and
// kind, from the group's response and, when given, the instance's, with
// its egress blocks (VpcEgressAddress, NewVpcEgressAddress).
func (b *builder) currentInstance(g *openapi.ApiGroupAttribute, at field.Path) instance.Instance {
	cur := instance.Instance{ID: g.InstanceId, RegionID: g.RegionId}
	fromGroup, okG := kindOf(g.InstanceType, g.DedicatedInstanceType)
	var fromInst instance.Kind
	okI := false
	if ia := b.s.Instances[g.InstanceId]; ia != nil {
		cur.RegionID = ia.RegionId
		fromInst, okI = kindOf(ia.InstanceType, ia.DedicatedInstanceType)
		for _, e := range []struct {
			p   netip.Prefix
			key string
		}{{ia.VpcEgressAddress, "VpcEgressAddress"}, {ia.NewVpcEgressAddress, "NewVpcEgressAddress"}} {
			if e.p.IsValid() && !slices.Contains(cur.Egress, e.p) {
				b.src(at.Child("egress").Index(len(cur.Egress)), ia.At.Child(e.key))
				cur.Egress = append(cur.Egress, e.p)
			}
		}
		if okG && okI && fromGroup != fromInst {
			b.errs.Add(g.At.Child("InstanceType"), fmt.Errorf("%w: group %q says its instance is %s, %s says %s", openapi.ErrConflict, g.GroupId, fromGroup, ia.At, fromInst))
		}
	}
	switch {
	case okI:
		cur.Kind = fromInst
	case okG:
		cur.Kind = fromGroup
	case g.InstanceType == "CLASSIC_SHARED":
		b.note(g.At.Child("InstanceType"), fmt.Sprintf("not checked: the kind of instance %q (CLASSIC_SHARED, a classic network shared instance, is no kind vpcgate knows)", g.InstanceId))
	default:
		b.note(g.At.Child("InstanceId"), fmt.Sprintf("not checked: the kind of instance %q (DescribeInstances for %q not given)", g.InstanceId, g.InstanceId))
	}
	return cur
}

// kindOf maps the API's instance type fields to a kind with
// instance.ParseKind: InstanceType VPC_SHARED is serverless; VPC_DEDICATED
// is told apart by DedicatedInstanceType ("normal" or "vpc_connect").
func kindOf(typ, dedicated string) (instance.Kind, bool) {
	name := ""
	switch typ {
	case "VPC_SHARED":
		name = typ
	case "VPC_DEDICATED":
		name = dedicated
	}
	if name == "VPC_SHARED" || name == "normal" || name == "vpc_connect" {
		k, err := instance.ParseKind(name)
		return k, err == nil
	}
	return 0, false
}

// index holds the snapshot's resources by group, built once per plan so
// that the cost stays linear in the responses and the moves.
type index struct {
	apis        map[string][]*openapi.Api              // DescribeApi, by GroupId, in document order
	listed      map[string][]*openapi.ApiSummary       // DescribeApis, by GroupId, in document order
	attached    map[string][]attachment                // DescribePluginApis, by GroupId, plug-ins in document order
	accessNames map[string]bool                        // the names of DescribeVpcAccesses' authorizations
	accessByID  map[string]*openapi.VpcAccessAttribute // DescribeVpcAccesses' authorizations, by VpcAccessId

	// The calls of the paged lists that cover a subject.
	apiCalls       map[string]*calls // DescribeApis, by GroupId
	accessCalls    map[string]*calls // DescribeVpcAccesses filtered by Name, by Name
	accessAll      calls             // DescribeVpcAccesses not filtered
	pluginApiCalls map[string]*calls // DescribePluginApis, by PluginId
	pluginsAll     calls             // DescribePlugins not filtered, or only by PluginType "routing"
}

// listings sorts the calls of the paged lists by what they cover. A
// DescribeApis call of no known filter (given without an envelope) covers
// only the groups of the APIs it lists, since it may have been filtered by
// another group; the other lists' calls without one cover all.
func (idx *index) listings(s *openapi.Snapshot) {
	idx.apiCalls, idx.accessCalls, idx.pluginApiCalls = map[string]*calls{}, map[string]*calls{}, map[string]*calls{}
	byDoc := map[int]*openapi.Listing{}
	for _, l := range s.Listings {
		for _, d := range l.Docs {
			byDoc[d] = l
		}
		switch l.Kind {
		case openapi.DescribeApis:
			if g, ok := l.Filter["GroupId"]; ok && len(l.Filter) == 1 {
				addTo(idx.apiCalls, g, l)
			}
		case openapi.DescribeVpcAccesses:
			if n, ok := l.Filter["Name"]; ok && l.Only(map[string]string{"Name": n, "AccurateQuery": "true"}) {
				addTo(idx.accessCalls, n, l)
			} else if l.Only(map[string]string{"AccurateQuery": "true"}) {
				idx.accessAll.add(l)
			}
		case openapi.DescribePluginApis:
			if id, ok := l.Filter["PluginId"]; ok && len(l.Filter) == 1 {
				addTo(idx.pluginApiCalls, id, l)
			}
		case openapi.DescribePlugins:
			if l.Only(map[string]string{"PluginType": "routing"}) {
				idx.pluginsAll.add(l)
			}
		}
	}
	for g, list := range idx.listed {
		for _, a := range list {
			if l := byDoc[a.Doc]; l != nil && len(l.Filter) == 0 {
				addTo(idx.apiCalls, g, l)
			}
		}
	}
}

// attachment is a plug-in attached to an API of a group.
type attachment struct {
	plugin string
	att    *openapi.ApiPluginSummary
}

func byPlace(x, y openapi.Place) int {
	return cmp.Or(cmp.Compare(x.Doc, y.Doc), cmp.Compare(x.At, y.At))
}

func newIndex(s *openapi.Snapshot) index {
	idx := index{apis: map[string][]*openapi.Api{}, listed: map[string][]*openapi.ApiSummary{}, attached: map[string][]attachment{}, accessNames: map[string]bool{}}
	idx.accessByID = map[string]*openapi.VpcAccessAttribute{}
	for _, v := range s.VpcAccesses {
		idx.accessNames[v.Name] = true
		if _, dup := idx.accessByID[v.VpcAccessId]; v.VpcAccessId != "" && !dup {
			idx.accessByID[v.VpcAccessId] = v
		}
	}
	for _, a := range s.Apis {
		idx.apis[a.GroupId] = append(idx.apis[a.GroupId], a)
	}
	for _, list := range idx.apis {
		slices.SortFunc(list, func(x, y *openapi.Api) int { return byPlace(x.Place, y.Place) })
	}
	for _, a := range s.ApiLists {
		idx.listed[a.GroupId] = append(idx.listed[a.GroupId], a)
	}
	for _, list := range idx.listed {
		slices.SortFunc(list, func(x, y *openapi.ApiSummary) int { return byPlace(x.Place, y.Place) })
	}
	idx.listings(s)
	// Plug-ins in document order, then those DescribePlugins does not give.
	plugins := slices.Clone(s.PluginOrder)
	var unknown []string
	for id := range s.PluginApis {
		if s.Plugins[id] == nil {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	for _, id := range append(plugins, unknown...) {
		for _, att := range s.PluginApis[id] {
			idx.attached[att.GroupId] = append(idx.attached[att.GroupId], attachment{id, att})
		}
	}
	return idx
}

// plugins adds the plug-ins attached to the group's APIs, each once.
func (b *builder) plugins(g *openapi.ApiGroupAttribute, at field.Path, out *Group) {
	if !b.s.Given(openapi.DescribePlugins) {
		b.note(g.At, "not checked: DescribePlugins not given (the plug-ins of the moved groups)")
		return
	}
	seen := map[string]bool{}
	for _, a := range b.idx.attached[g.GroupId] {
		if seen[a.plugin] {
			continue
		}
		seen[a.plugin] = true
		p := b.s.Plugins[a.plugin]
		if p == nil {
			b.note(a.att.At, fmt.Sprintf("not checked: DescribePlugins for plug-in %q not given", a.plugin))
			continue
		}
		pat := at.Child("plugins").Index(len(out.Plugins))
		b.src(pat, p.At)
		b.src(pat.Child("id"), p.At.Child("PluginId"))
		b.src(pat.Child("name"), p.At.Child("PluginName"))
		b.src(pat.Child("type"), p.At.Child("PluginType"))
		var names []string
		for k, name := range p.VpcAccess {
			where := p.At.Join(p.VpcAccessAt[k])
			if !b.settled(name, where) {
				continue
			}
			b.src(pat.Child("vpcAccess").Index(len(names)), where)
			b.use(name, where)
			names = append(names, name)
		}
		out.Plugins = append(out.Plugins, migrate.Plugin{ID: p.PluginId, Name: p.PluginName, Type: p.PluginType, VPCAccess: names})
	}
}

// unattached notes each routing plug-in that names authorizations and
// whose attachments are not given: whether a moved group uses it is not
// known. One note per plug-in, whatever the number of groups.
func (b *builder) unattached() {
	for _, id := range b.s.PluginOrder {
		p := b.s.Plugins[id]
		if len(p.VpcAccess) == 0 {
			continue
		}
		if _, given := b.s.PluginApis[id]; !given {
			b.note(p.At, fmt.Sprintf("not checked: DescribePluginApis for plug-in %q not given (whether the moved groups use it)", id))
		} else if c := b.idx.pluginApiCalls[id]; c == nil || !c.done {
			l := c.first
			b.note(l.At, fmt.Sprintf("not checked: DescribePluginApis pages of plug-in %q: %s (whether the moved groups use it)", id, pages(l)))
		}
	}
	if b.s.Given(openapi.DescribePlugins) {
		if c := b.idx.pluginsAll; !c.done {
			what, l := "no call lists every plug-in", c.first
			if l != nil {
				what = pages(l)
			}
			b.note(b.listingAt(l), "not checked: DescribePlugins pages: "+what+" (a routing plug-in on a page not given may serve the moved groups)")
		}
	}
}

// calls is what the calls of a paged list that cover a subject (a group,
// a plug-in, an authorization name, or all) say: whether one of them holds
// every item, else the first that does not (nil when there is none).
type calls struct {
	done  bool
	first *openapi.Listing
}

func (c *calls) add(l *openapi.Listing) {
	switch {
	case l.Complete():
		c.done = true
	case c.first == nil || l.Docs[0] < c.first.Docs[0]:
		c.first = l
	}
}

// addTo adds l to the calls of key in m.
func addTo(m map[string]*calls, key string, l *openapi.Listing) {
	if m[key] == nil {
		m[key] = &calls{}
	}
	m[key].add(l)
}

// listingAt is where a call's first page is, or "" for none.
func (b *builder) listingAt(l *openapi.Listing) field.Path {
	if l == nil {
		return ""
	}
	return l.At
}

// pages says how much of a call the pages given hold.
func pages(l *openapi.Listing) string {
	switch {
	case l.Ambiguous:
		return "pages of different calls that cannot be told apart (the same PageNumber with other items; give each call's pages in the envelope {\"request\": {...}, \"response\": <body>} with its filters)"
	case l.Total < 0:
		return "TotalCount not given"
	}
	return fmt.Sprintf("%d of %d given", l.Given, l.Total)
}

// apiPages notes when the group's APIs may be on a page of DescribeApis
// not given: no call that lists all of the group's APIs (filtered by
// GroupId, or not filtered) holds all its items. A call given without an
// envelope counts for the group only if it lists one of its APIs, since
// it may have been filtered by another group.
func (b *builder) apiPages(g *openapi.ApiGroupAttribute) {
	c := b.idx.apiCalls[g.GroupId]
	switch {
	case c != nil && c.done:
	case c != nil && c.first != nil:
		b.note(c.first.At, fmt.Sprintf("not checked: DescribeApis pages of group %q: %s", g.GroupId, pages(c.first)))
	default:
		b.note(g.At, fmt.Sprintf("not checked: DescribeApis for group %q not given (only the APIs given by DescribeApi are checked)", g.GroupId))
	}
}

// settled reports whether the authorization name, used at where, is
// known: given by DescribeVpcAccesses, or surely missing (a call that
// lists every authorization, or every one of that name, holds all its
// items). An unsettled name is noted and left out of the plan, so that
// Check counts it neither as passing nor as missing.
func (b *builder) settled(name string, where field.Path) bool {
	if name == "" || b.idx.accessNames[name] {
		return true
	}
	if !b.s.Given(openapi.DescribeVpcAccesses) {
		b.note(where, "not checked: DescribeVpcAccesses not given")
		return false
	}
	c := b.idx.accessCalls[name]
	if b.idx.accessAll.done || c != nil && c.done {
		return true
	}
	l := b.idx.accessAll.first
	if c != nil && c.first != nil && (l == nil || c.first.Docs[0] < l.Docs[0]) {
		l = c.first
	}
	what := "no call lists every authorization"
	if l != nil {
		what = "pages: " + pages(l)
	}
	b.note(where, fmt.Sprintf("not checked: authorization %q is on no DescribeVpcAccesses page given (%s)", name, what))
	return false
}

// use records that an authorization name is referenced at where.
func (b *builder) use(name string, where field.Path) {
	if b.names == nil {
		b.names, b.firstAt = map[string]bool{}, map[string]string{}
	}
	if !b.names[name] {
		b.names[name], b.firstAt[name] = true, string(where)
	}
}

// authorizations adds every authorization whose name is used, in document
// order, with backends resolved from ECS and SLB responses.
func (b *builder) authorizations() {
	for _, v := range b.s.VpcAccesses {
		if !b.names[v.Name] {
			continue
		}
		at := field.Path("authorizations").Index(len(b.p.Authorizations))
		a := authz.Authorization{Name: v.Name, VPCID: v.VpcId, InstanceID: v.InstanceId, Port: v.Port, HostName: v.VpcTargetHostName}
		b.src(at, v.At)
		for k, wire := range map[string]string{"name": "Name", "vpcId": "VpcId", "instanceId": "InstanceId", "port": "Port", "hostName": "VpcTargetHostName"} {
			b.src(at.Child(k), v.At.Child(wire))
		}
		b.sameVPC(v, b.s.EcsInstances[v.InstanceId], b.s.LoadBalancers[v.InstanceId])
		if e := b.s.EcsInstances[v.InstanceId]; e != nil {
			a.Backend = authz.ECS
			b.src(at.Child("backend"), e.At)
			if addr, p := e.Addr(); addr.IsValid() {
				a.Addr = addr
				b.src(at.Child("addr"), e.At.Join(p))
			}
			if k := b.backendGroup(e.SecurityGroupIds); k >= 0 {
				a.SecurityGroupID = e.SecurityGroupIds[k]
				b.src(at.Child("securityGroupId"), e.At.Child("SecurityGroupIds").Child("SecurityGroupId").Index(k))
			}
		} else if lb := b.s.LoadBalancers[v.InstanceId]; lb != nil {
			b.loadBalancer(v, lb, at, &a)
		}
		b.p.Authorizations = append(b.p.Authorizations, a)
	}
}

// loadBalancer resolves an authorization's load balancer backend. Only an
// internal-facing one (AddressType "intranet") is a backend in the VPC:
// its Address is the backend's, of kind CLB. An internet-facing one is
// refused: an authorization in a VPC that names it contradicts the SLB
// response, and its public address must never pass as reachable. Any other
// AddressType leaves the address unknown, so the check is unverified.
func (b *builder) loadBalancer(v *openapi.VpcAccessAttribute, lb *openapi.LoadBalancer, at field.Path, a *authz.Authorization) {
	switch lb.AddressType {
	case "intranet":
		if lb.Address.IsValid() {
			a.Addr, a.Backend = lb.Address, authz.CLB
			b.src(at.Child("addr"), lb.At.Child("Address"))
			b.src(at.Child("backend"), lb.At.Child("AddressType"))
		}
	case "internet":
		b.errs.Add(v.At.Child("InstanceId"), fmt.Errorf("%w: authorization %q in VPC %q names load balancer %q, which %s says is internet-facing (AddressType \"internet\"): not a backend in a VPC, which a VPC integration instance could reach", openapi.ErrConflict, v.Name, v.VpcId, v.InstanceId, lb.At.Child("AddressType")))
	default:
		b.note(lb.At.Child("AddressType"), fmt.Sprintf("not checked: load balancer %q has AddressType %q, neither \"intranet\" nor \"internet\" (its address is not used)", lb.LoadBalancerId, lb.AddressType))
	}
}

// sameVPC checks that the backend an authorization names lies in the
// authorization's VPC, as the ECS or SLB response has it.
func (b *builder) sameVPC(v *openapi.VpcAccessAttribute, e *openapi.EcsInstance, lb *openapi.LoadBalancer) {
	vpc, at := "", field.Path("")
	switch {
	case e != nil:
		vpc, at = e.VpcId, e.At.Child("VpcAttributes").Child("VpcId")
	case lb != nil:
		vpc, at = lb.VpcId, lb.At.Child("VpcId")
	}
	if vpc != "" && vpc != v.VpcId {
		b.errs.Add(v.At.Child("VpcId"), fmt.Errorf("%w: authorization %q is in VPC %q, but its backend %q is in %q at %s", openapi.ErrConflict, v.Name, v.VpcId, v.InstanceId, vpc, at))
	}
}

// backendGroup returns the index of the ECS backend's security group that
// the authorization is checked with: the first that is a target's network
// interface group, else the first; -1 when there is none.
func (b *builder) backendGroup(ids []string) int {
	for k, id := range ids {
		if b.sgs[id] {
			return k
		}
	}
	if len(ids) == 0 {
		return -1
	}
	return 0
}

// String returns a short summary of the snapshot: how many documents of
// each kind it read, such as "3 responses: DescribeInstances×1, ...".
func (s Snapshot) String() string {
	if s.s == nil {
		return "0 responses"
	}
	counts := map[openapi.Kind]int{}
	var order []openapi.Kind
	for _, k := range s.s.Kinds {
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	out := strconv.Itoa(len(s.s.Kinds)) + " responses"
	for i, k := range order {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		out += sep + string(k) + "×" + strconv.Itoa(counts[k])
	}
	return out
}

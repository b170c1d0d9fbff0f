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
		return Move{}, &InputError{Err: fmt.Errorf("%w %q: want GROUP=INSTANCE", errMove, s)}
	case g == "" || to == "":
		return Move{}, &InputError{Err: fmt.Errorf("%w %q: want a group ID and an instance ID", errMove, s)}
	case strings.TrimSpace(g) != g || strings.TrimSpace(to) != to:
		return Move{}, &InputError{Err: fmt.Errorf("%w %q: space around an ID", errMove, s)}
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
// the cloud's CLI prints them (aliyun cloudapi DescribeInstances ..., aliyun
// vpc DescribeVpcAttribute ..., aliyun ecs DescribeSecurityGroupAttribute
// ..., aliyun slb DescribeLoadBalancers ...). Each document's kind is
// recognised by its shape, never by a name. The calls read, for moving
// groups onto VPC integration instances:
//
//   - needed: API Gateway (cloudapi) DescribeInstances
//     (Instances.InstanceAttribute[]: the target instances, with
//     ConnectCidrBlocks, NetworkInterfaceAttributes and ConnectVpcId), and
//     DescribeApiGroup or DescribeApiGroups (the moved groups and the
//     instance each is on);
//   - optional, each settling what is otherwise unverified: cloudapi
//     DescribeApis (the list of a group's APIs), DescribeApi
//     (ServiceConfig.ServiceVpcEnable "TRUE", and ServiceConfig.VpcConfig:
//     the authorization's Name and the backend's VpcId, InstanceId and
//     Port as the cloud resolved them; BackendEnable and
//     BackendConfig.BackendId for an API that calls a backend service),
//     DescribeBackendInfo (a backend service's BackendModels[], whose VPC
//     ones name an authorization by BackendConfig.VpcConfig.Name or
//     VpcAccessId), DescribeVpcAccesses (the authorizations),
//     DescribePlugins (a routing plug-in's PluginData, JSON or YAML, names
//     authorizations in routes[].backend.vpcAccessName),
//     DescribePluginApis (the APIs a plug-in is attached to),
//     DescribePluginGroups (the groups a plug-in is bound to as a whole)
//     or DescribePluginsByGroup (the plug-ins bound to a group as a whole,
//     per stage); VPC DescribeVpcAttribute (CidrBlock,
//     SecondaryCidrBlocks), DescribeVSwitches; ECS
//     DescribeSecurityGroupAttribute (outbound rules), DescribeSecurityGroups
//     (the group's type), DescribeInstances (Instances.Instance[]: private
//     addresses and security groups of backends); SLB DescribeLoadBalancers
//     (the Address, AddressType and network of a CLB backend).
//
// DescribePluginApis and DescribePluginGroups do not name their plug-in,
// and DescribePluginsByGroup (a DescribePlugins body) does not name its
// group: they must come in the envelope {"request": {"PluginId": "..."},
// "response": <body>} (for DescribePluginsByGroup {"request": {"GroupId":
// "...", "StageName": "..."}, ...}); any document may. The envelope's
// request says what a call was: its filters (a list saved from a call
// filtered by name or ID is not the whole list), its NextToken (a page of
// DescribeSecurityGroupAttribute after the first), its Direction.
//
// The responses are facts: what they hold is read as the cloud holds it,
// never validated again as if it were requested. A CIDR block with host
// bits ("172.16.0.1/24", as the vendor's DescribeVpcAttribute sample has
// it) is the block it names, and the plan says so in a note of code
// "invalid-cidr"; a field that is missing leaves what depends on it
// unverified. A document is refused only when it cannot be read: malformed
// JSON, a duplicate key, invalid UTF-8, nesting deeper than 64 levels, no
// known shape, a value of the wrong type, or an invalid value (an address
// cidr.ParseAddr rejects, a port range that is no range). Fields it does
// not read are ignored; a field it reads spelled in another case
// (VSwitchId where the response has VswitchId) is an error, never a
// missing value. The wire's documented quirks are read: null for an empty
// list, "" for an unset field, ConnectCidrBlocks as a string holding a
// JSON array (also over-escaped), Priority as a number or a numeric
// string, and the CLI's --pager output (the collection alone, without
// TotalCount, PageNumber or RequestId), which is the whole list.
//
// The pages of one call are several documents. The same resource in two
// documents must have the same content (what is read of it), else the
// error names both places: two snapshots of different times are a
// conflict, never merged into their union. So must two calls of one
// request that each hold every item (a deleted authorization, a revoked
// rule), a call and a wider one that holds every item, and an API's group
// as DescribeApi, DescribeApis and DescribePluginApis give it. The pages
// of the paged lists are told apart by the envelope's request filters
// (none without an envelope), TotalCount and PageSize, and counted against
// TotalCount; a page of DescribeSecurityGroupAttribute after the first
// names the NextToken it answers in the envelope's request. A
// DescribeVSwitchAttributes body (VpcId, VSwitchId, CidrBlock) is of no
// shape read here, not a VPC.
//
// Every problem is reported at once, one per mistake, joined: each a
// *field.Error whose path names the document and the JSON path in it, such
// as "DescribeVpcAccesses[3].VpcAccessAttributes.VpcAccessAttribute[4].Port"
// (the document's kind, its index among docs, then the path), or
// "responses[3]" when the document's kind cannot be told, and each matches
// [ErrInvalidPlan]. ECS DescribeInstances is named "ecs.DescribeInstances",
// since API Gateway's has the same name. [ReadNamedResponses] names each
// document by its name instead of its index.
//
// ReadResponses keeps no reference to docs; its cost is linear in their
// size.
func ReadResponses(docs ...[]byte) (Snapshot, error) {
	s, err := openapi.Read(docs)
	if err != nil {
		return Snapshot{}, inputErrors(err, docs, responsePlaces(nil))
	}
	return Snapshot{s: s}, nil
}

// Plan returns the plan that moves each group onto its instance, as the
// cloud holds them, in the multi-instance form: Instances holds the target
// instances, each with Exists set and ConnectCidrBlocks as
// DescribeInstances gives them (the accessible blocks the cloud holds,
// vSwitch blocks included only when listed; Accessible, the blocks to add,
// is empty), VPCs their VPCs (ConnectedUnknown set: no response read here
// shows the networks connected to a VPC, and UserCidrs, blocks the cloud
// keeps its own addresses out of, are none of them), SecurityGroups the
// security groups of their network interfaces, Groups the moved groups
// (each with To set and Instance its current instance), Authorizations
// every authorization whose name a moved group's API or plug-in uses. An
// API that calls a backend service (BackendEnable) is one entry for its
// ServiceConfig; the group's first API that calls a service gets one more
// entry for each other authorization the service names in an environment,
// named "GetOrder (backend service "b-1", RELEASE)", so that each is
// checked once; a model of type VPC names its authorization by
// BackendConfig.VpcConfig.Name or VpcAccessId (both given must agree). A
// plug-in bound to the group as a whole (DescribePluginGroups,
// DescribePluginsByGroup) is the group's plug-in, as one attached to its
// APIs is.
//
// An authorization that names an ECS or SLB instance ID gets that
// backend's address and kind when ECS DescribeInstances or SLB
// DescribeLoadBalancers gives it: an ECS instance's first private address
// and its security group (the first that is a target's network interface
// group, else its first); an internal-facing load balancer's (AddressType
// "intranet") Address, of kind CLB, when it is in a VPC (VpcId given). A
// load balancer that is internet-facing (AddressType "internet") or in the
// classic network (NetworkType "classic") is refused as a conflict: it is
// no backend in the VPC, and its address must never pass as reachable; one
// of another AddressType, or without VpcId, leaves the address unknown.
// DescribeApi's VpcConfig (VpcId, InstanceId, Port) is the cloud's own
// statement of the backend: one that contradicts the authorization of its
// Name is a conflict; when that authorization is on no response given, an
// authorization made of the VpcConfig (when it gives all three) is checked
// in its place, beside the note that the authorization is not verified.
//
// A security group's outbound rules are those of one call given whole.
// An outbound rule restricted to some sources (SourceCidrIp,
// Ipv6SourceCidrIp, SourcePortRange, SourceGroupId, SourcePrefixListId)
// applies to API Gateway's traffic, which comes from the network
// interfaces' addresses in their vSwitch blocks on ports not known, only
// when its SourceCidrIp holds every vSwitch block of the targets' network
// interfaces in that group and it sets no other source restriction (or
// SourceGroupId names the group itself); any other such rule, and one
// whose ports come from a port range list (PortRangeListId), is
// authz.Rule.Partial: whether it matches is unverified. A group whose
// InnerAccessPolicy is not given is authz.SecurityGroup.InnerAccessUnknown.
//
// What the responses do not settle is a Note with code "unverified" and a
// What starting "not checked:": a VPC, vSwitch or security group (or its
// type) that the targets use and no response gives; a target's
// ConnectCidrBlocks missing, unreadable or empty; a security group whose
// outbound rules are not all given (a page of NextToken not given, a later
// page without its first, a rule that cannot be read, responses that hold
// only inbound rules; the group is then left out of the plan, as if not
// given); an API of a moved group without its DescribeApi, or whose
// DescribeApi does not say what it calls; the pages of a moved group's
// DescribeApis fewer than its TotalCount, or only filtered calls; a
// routing plug-in whose attachments (DescribePluginApis) or group
// bindings (DescribePluginGroups, or DescribePluginsByGroup in every stage)
// are not given or not all given; DescribePlugins pages not all given; an
// authorization name that no DescribeVpcAccesses page given holds while a
// page is missing or the calls given were filtered (the reference is left
// out of the plan, so that Check counts it neither passing nor missing),
// or that DescribeVpcAccesses gives without VpcId, InstanceId or Port
// (left out likewise);
// the backends of an API whose backend service's DescribeBackendInfo is
// not given; a backend service environment of a type not read or whose
// authorization is not known; a group's current instance not given, or
// whose kind is not known (CLASSIC_SHARED has none in vpcgate); and
// whether the group serves DataWorks, which no response says: that note's
// Where is the group's place with ".dataWorks" added
// ("DescribeApiGroup[4].dataWorks"), the same in every run, so that a
// waiver can name it. The value stays zero, so Check cannot pass it. A
// block read with its host bits masked is a Note of code "invalid-cidr"
// at its place.
//
// Plan.Source maps plan paths ("instances[0].zones[1].vSwitchCidr",
// "instances[0].connectCidrBlocks[2]", "authorizations[2].instanceId",
// "groups[0].apis[1].vpcAccess", "securityGroups[0].rules[3]") to places
// in the documents, named as ReadResponses (or ReadNamedResponses) names
// them: "DescribeInstances[0].Instances.InstanceAttribute[1].
// NetworkInterfaceAttributes.NetworkInterfaceAttribute[1].CidrBlock". A
// block of ConnectCidrBlocks is named by its index in the array the string
// holds ("...ConnectCidrBlocks[2]"), and a name in a plug-in's data by its
// path inside PluginData ("...PluginData.routes[0].backend.vpcAccessName").
//
// A move that names no group or instance of the snapshot, a group moved
// twice, a target that is not a VPC integration instance (InstanceType
// "VPC_DEDICATED" and DedicatedInstanceType "vpc_connect": the vendor's
// DescribeInstances sample, VPC_SHARED with vpc_connect, is none), and two
// responses that disagree (about a target's vSwitch, a group's instance
// kind, the VPC of an authorization's ECS or SLB backend, the backend an
// API's VpcConfig states, or the authorization a backend service's VPC
// configuration names) are errors matching [ErrInvalidPlan], at
// "moves[i].group" or "moves[i].to" or at the place in the responses; an
// unknown target also matches [ErrUnknownInstance]. No move at all is an
// error. Plan does not modify s.
func (s Snapshot) Plan(moves ...Move) (Plan, error) {
	b := builder{s: s.s, p: Plan{Source: map[field.Path]string{}}}
	if b.s == nil {
		b.s = &openapi.Snapshot{}
	}
	if len(moves) == 0 {
		return Plan{}, &InputError{Err: fmt.Errorf("%w: no move given", errMove)}
	}
	b.checkMoves(moves)
	if len(b.errs) > 0 {
		return Plan{}, inputErrors(b.errs.Err(), nil, responsePlaces(nil))
	}
	for _, m := range moves {
		b.target(m.To)
	}
	b.securityGroups()
	b.idx = newIndex(b.s)
	for _, m := range moves {
		b.group(m)
	}
	b.unattached()
	b.authorizations()
	if len(b.errs) > 0 {
		return Plan{}, inputErrors(b.errs.Err(), nil, responsePlaces(nil))
	}
	return b.p, nil
}

// builder assembles one plan from a snapshot.
type builder struct {
	s        *openapi.Snapshot
	p        Plan
	errs     field.List
	targets  map[string]bool
	vpcs     map[string]bool
	sgs      map[string]bool           // the targets' network interface groups
	sgRefs   []sgRef                   // each once, in the order first met
	sgBlocks map[string][]netip.Prefix // the vSwitch blocks of each group's network interfaces
	names    map[string]bool           // authorization names used
	firstAt  map[string]string         // where each name is first used
	noted    map[string]bool
	called   map[string]bool // group ID and backend service ID: the service's authorizations are in the group
	stated   map[string]*stated
	statedBy []string // the names of stated, in the order first met
	idx      index
}

// sgRef is a security group and where a target first names it.
type sgRef struct {
	id  string
	ref field.Path
}

// stated is an authorization as DescribeApi's VpcConfig states it, for a
// name that no DescribeVpcAccesses given holds.
type stated struct {
	cfg openapi.VpcConfig
	at  field.Path // the VpcConfig
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

// src maps plan path p to the place in the responses; a block read there
// with its host bits masked is noted.
func (b *builder) src(p field.Path, place field.Path) {
	b.p.Source[p] = string(place)
	b.masked(place)
}

// masked notes, once, a block that the response at place writes with host
// bits set and that is read as the block it names.
func (b *builder) masked(place field.Path) {
	m, ok := b.s.Masked[place]
	if !ok || !once(&b.noted, "masked\x00"+string(place)) {
		return
	}
	b.p.Notes = append(b.p.Notes, Note{Code: CodeInvalidCIDR, Where: string(place),
		What: fmt.Sprintf("the cloud holds %q, with host bits set: read as the block it names, %s", m.Given, m.Block)})
}

// note adds an unverified note once per what.
func (b *builder) note(where field.Path, what string) {
	if !once(&b.noted, what) {
		return
	}
	b.p.Notes = append(b.p.Notes, Note{Code: CodeUnverified, Where: string(where), What: what})
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
		case t.DedicatedInstanceType != "vpc_connect" || t.InstanceType != "VPC_DEDICATED":
			// A VPC integration instance is a dedicated one
			// (InstanceType VPC_DEDICATED) of DedicatedInstanceType
			// vpc_connect (cloud-shapes §0.1); a shared instance
			// (VPC_SHARED) with vpc_connect, as the vendor's sample has
			// it, is a contradiction that never passes as one.
			b.errs.Add(at.Child("to"), fmt.Errorf("%w: instance %q is not a VPC integration instance (InstanceType %q and DedicatedInstanceType %q at %s, want \"VPC_DEDICATED\" and \"vpc_connect\")", errMove, m.To, t.InstanceType, t.DedicatedInstanceType, t.At))
		}
	}
}

// target adds the target instance id and its VPC once, and records its
// network interfaces' security groups.
func (b *builder) target(id string) {
	if !once(&b.targets, id) {
		return
	}
	ia := b.s.Instances[id]
	at := field.Path("instances").Index(len(b.p.Instances))
	inst := Instance{ID: ia.InstanceId, Exists: true, Spec: instance.Spec{
		Name: ia.InstanceName, RegionID: ia.RegionId, VPCID: ia.ConnectVpcId, CIDR: ia.InstanceCidrBlock,
	}}
	b.src(at, ia.At)
	for _, kw := range [][2]string{{"id", "InstanceId"}, {"name", "InstanceName"}, {"regionId", "RegionId"}, {"vpcId", "ConnectVpcId"}, {"cidr", "InstanceCidrBlock"}} {
		b.src(at.Child(kw[0]), ia.At.Child(kw[1]))
	}
	for j, ni := range ia.NetworkInterfaces {
		nat, zat := openapi.NetworkInterfacePath(ia.At, j), at.Child("zones").Index(j)
		inst.Zones = append(inst.Zones, instance.ZonePlacement{ZoneID: ni.ZoneId, VSwitchID: ni.VswitchId, VSwitchCIDR: ni.CidrBlock, SecurityGroupID: ni.SecurityGroupId})
		b.src(zat, nat)
		for _, kw := range [][2]string{{"zoneId", "ZoneId"}, {"vSwitchId", "VswitchId"}, {"vSwitchCidr", "CidrBlock"}, {"securityGroupId", "SecurityGroupId"}} {
			b.src(zat.Child(kw[0]), nat.Child(kw[1]))
		}
		b.vswitch(ia, ni, nat)
		if ni.SecurityGroupId != "" {
			if once(&b.sgs, ni.SecurityGroupId) {
				b.sgRefs = append(b.sgRefs, sgRef{ni.SecurityGroupId, nat.Child("SecurityGroupId")})
			}
			if b.sgBlocks == nil {
				b.sgBlocks = map[string][]netip.Prefix{}
			}
			b.sgBlocks[ni.SecurityGroupId] = append(b.sgBlocks[ni.SecurityGroupId], ni.CidrBlock)
		}
	}
	// The accessible blocks the cloud holds, as it holds them: facts, not
	// blocks to add.
	switch {
	case ia.ConnectCidrBlocksUnknown != "":
		b.note(ia.ConnectCidrBlocksAt, fmt.Sprintf("not checked: the accessible blocks of instance %q (ConnectCidrBlocks: %s)", id, ia.ConnectCidrBlocksUnknown))
	case len(ia.ConnectCidrBlocks) == 0:
		b.note(ia.ConnectCidrBlocksAt, fmt.Sprintf("not checked: the accessible blocks of instance %q (ConnectCidrBlocks lists none)", id))
	}
	for k, p := range ia.ConnectCidrBlocks {
		b.src(at.Child("connectCidrBlocks").Index(k), ia.At.Child("ConnectCidrBlocks").Index(k))
		inst.ConnectCidrBlocks = append(inst.ConnectCidrBlocks, p)
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
	b.masked(vs.At.Child("CidrBlock"))
}

// vpc adds the VPC id once: its own blocks, and ConnectedUnknown, since
// no response read here shows the networks connected to it (peered VPCs,
// VPN, Express Connect). UserCidrs are blocks the cloud keeps its own
// addresses out of (the user's side), not networks connected to the VPC:
// they are not read as such.
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
	out := instance.VPC{ID: v.VpcId, ConnectedUnknown: true}
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
	for k := range v.UserCidrs {
		b.masked(v.At.Child("UserCidrs").Child("UserCidr").Index(k))
	}
	b.p.VPCs = append(b.p.VPCs, out)
}

// securityGroups adds the targets' security groups, once each, in the
// order the targets name them.
func (b *builder) securityGroups() {
	for _, r := range b.sgRefs {
		b.securityGroup(r.id, r.ref)
	}
}

func (b *builder) securityGroup(id string, ref field.Path) {
	attr := b.s.SGAttributes[id]
	if attr == nil {
		b.note(ref, fmt.Sprintf("not checked: DescribeSecurityGroupAttribute for %q not given", id))
		return
	}
	if attr.Gap != nil {
		// A rule not known (a Drop before an Accept, or the other way)
		// can change any verdict: the group is left out, as if not given.
		b.note(attr.Gap.At, "not checked: "+attr.Gap.What)
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
	// No InnerAccessPolicy: whether members reach each other is not known
	// (an enterprise group's never do).
	sg.InnerAccessUnknown = attr.InnerAccessPolicy == 0 && sg.Type != authz.GroupEnterprise
	for k, perm := range attr.Permissions {
		r := perm.Rule
		r.Partial = partial(perm.Source, id, b.sgBlocks[id])
		sg.Rules = append(sg.Rules, r)
		rat := at.Child("rules").Index(k)
		b.src(rat, perm.At)
		for _, kw := range [][2]string{{"destCidrIp", "DestCidrIp"}, {"ipv6DestCidrIp", "Ipv6DestCidrIp"}} {
			if _, ok := b.s.Masked[perm.At.Child(kw[1])]; ok {
				b.src(rat.Child(kw[0]), perm.At.Child(kw[1]))
			}
		}
		for _, wire := range []string{"SourceCidrIp", "Ipv6SourceCidrIp"} {
			b.masked(perm.At.Child(wire))
		}
	}
	b.p.SecurityGroups = append(b.p.SecurityGroups, sg)
}

// partial says why an outbound rule of security group id with the source
// restrictions src may not apply to API Gateway's traffic, which leaves
// from the network interfaces in that group, from an address of their
// vSwitch blocks, on a port not known: "" when it applies to all of it.
func partial(src openapi.SourceLimit, id string, blocks []netip.Prefix) string {
	switch {
	case src.PortRangeListID != "":
		return fmt.Sprintf("its ports come from port range list %q, which is not given", src.PortRangeListID)
	case src.PrefixListID != "":
		return fmt.Sprintf("it applies only to sources in prefix list %q, which is not given", src.PrefixListID)
	case src.GroupID != "" && src.GroupID != id:
		return fmt.Sprintf("it applies only to sources in security group %q", src.GroupID)
	case src.IPv6CIDR.IsValid():
		return fmt.Sprintf("it applies only to IPv6 sources in %s, and the network interfaces' IPv6 addresses are not known", src.IPv6CIDR)
	case src.Ports != (authz.PortRange{}) && src.Ports != authz.AllPorts() && src.Ports != (authz.PortRange{From: 1, To: 65535}):
		return fmt.Sprintf("it applies only to source ports %s, and API Gateway's source ports are not known", src.Ports)
	case !src.CIDR.IsValid():
		return ""
	}
	if len(blocks) == 0 {
		return fmt.Sprintf("it applies only to sources in %s, and the network interfaces' vSwitch blocks are not known", src.CIDR)
	}
	for _, v := range blocks {
		if !v.IsValid() || !v.Addr().Is4() || v.Bits() < src.CIDR.Bits() || !src.CIDR.Contains(v.Addr()) {
			return fmt.Sprintf("it applies only to sources in %s, which does not hold every vSwitch block of the network interfaces in this group (%s)", src.CIDR, v)
		}
	}
	return ""
}

// group adds the moved group with its APIs and plug-ins.
func (b *builder) group(m Move) {
	g := b.s.Groups[m.Group]
	at := field.Path("groups").Index(len(b.p.Groups))
	out := Group{ID: g.GroupId, Name: g.GroupName, RegionID: g.RegionId, To: m.To}
	out.Instance = b.currentInstance(g, at.Child("instance"))
	b.src(at, g.At)
	for _, kw := range [][2]string{{"id", "GroupId"}, {"name", "GroupName"}, {"regionId", "RegionId"}, {"instance", "InstanceId"}, {"instance.id", "InstanceId"}, {"instance.kind", "InstanceType"}} {
		b.src(at.Join(field.Path(kw[0])), g.At.Child(kw[1]))
	}
	// No response says whether the group serves DataWorks: the note's
	// place is the group's with ".dataWorks", the same in every run.
	dw := g.At.Child("dataWorks")
	b.src(at.Child("dataWorks"), dw)
	b.note(dw, fmt.Sprintf("not checked: whether group %q serves DataWorks (no response says)", g.GroupId))

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
		if a.apiId != "" && b.s.Apis[a.apiId] == nil {
			b.note(a.at, fmt.Sprintf("not checked: DescribeApi for %q not given", a.apiId))
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
	if api.VpcUnknown != "" {
		b.note(api.VpcUnknownAt, fmt.Sprintf("not checked: whether API %q calls a backend in a VPC, and which (%s)", api.ApiId, api.VpcUnknown))
	}
	name := b.vpcConfig(api)
	add(name, openapi.VpcNamePath(api.At), "", api.At)
	if !api.BackendEnable || !once(&b.called, out.ID+"\x00"+api.BackendId) {
		return
	}
	if api.BackendId == "" {
		b.note(api.At.Child("BackendConfig").Child("BackendId"), fmt.Sprintf("not checked: the backends of API %q, which calls a backend service (BackendEnable) that the response does not name", api.ApiId))
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

// vpcConfig checks what api's VpcConfig says of its backend (VpcId,
// InstanceId, Port, as the cloud resolved the authorization) against the
// authorization of that name, when DescribeVpcAccesses gives it: a
// difference is a conflict. When no response given holds that name, and
// the VpcConfig states all three, it stands for the authorization: the
// cloud's own statement of the backend, checked as one. It returns the
// name the API uses.
func (b *builder) vpcConfig(api *openapi.Api) string {
	name, cfg := api.VpcName, api.Vpc
	if name == "" || cfg.VpcId == "" && cfg.InstanceId == "" && cfg.Port == 0 {
		return name
	}
	vat := openapi.VpcConfigPath(api.At)
	if v := b.idx.accessByName[name]; v != nil {
		for _, d := range []struct {
			key       string
			got, want string
		}{
			{"VpcId", cfg.VpcId, v.VpcId},
			{"InstanceId", cfg.InstanceId, v.InstanceId},
			{"Port", portText(cfg.Port), portText(v.Port)},
		} {
			if d.got != "" && d.got != d.want {
				b.errs.Add(vat.Child(d.key), fmt.Errorf("%w: API %q reaches authorization %q's backend at %s %q, but the authorization at %s says %q", openapi.ErrConflict, api.ApiId, name, d.key, d.got, v.At, d.want))
			}
		}
		return name
	}
	if cfg.VpcId == "" || cfg.InstanceId == "" || cfg.Port == 0 || b.surelyMissing(name) {
		return name
	}
	if old := b.stated[name]; old != nil {
		if old.cfg.VpcId != cfg.VpcId || old.cfg.InstanceId != cfg.InstanceId || old.cfg.Port != cfg.Port {
			b.errs.Add(vat, fmt.Errorf("%w: API %q states authorization %q's backend otherwise than %s", openapi.ErrConflict, api.ApiId, name, old.at))
		}
		return name
	}
	if b.stated == nil {
		b.stated = map[string]*stated{}
	}
	b.stated[name] = &stated{cfg: cfg, at: vat}
	b.statedBy = append(b.statedBy, name)
	return name
}

// portText is a port as text, "" for 0 (not given).
func portText(p uint16) string {
	if p == 0 {
		return ""
	}
	return strconv.Itoa(int(p))
}

// currentInstance is the group's instance, at path at: its ID, region and
// kind, from the group's response and, when given, the instance's, with
// its egress blocks (VpcEgressAddress, NewVpcEgressAddress).
func (b *builder) currentInstance(g *openapi.ApiGroupAttribute, at field.Path) instance.Instance {
	if g.InstanceId == "" {
		b.note(g.At.Child("InstanceId"), fmt.Sprintf("not checked: the instance group %q is on now (the response gives no InstanceId): where the move starts, its kind and its egress addresses", g.GroupId))
		return instance.Instance{RegionID: g.RegionId}
	}
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
	apis         map[string][]*openapi.Api              // DescribeApi, by group, in document order
	listed       map[string][]*openapi.ApiSummary       // DescribeApis, by GroupId, in document order
	attached     map[string][]attachment                // DescribePluginApis, by group, plug-ins in document order
	bound        map[string][]attachment                // DescribePluginGroups and DescribePluginsByGroup, by GroupId
	accessNames  map[string]bool                        // the names of DescribeVpcAccesses' authorizations
	accessPart   map[string]*openapi.VpcAccessAttribute // the first authorization of each name that lacks a field
	accessByID   map[string]*openapi.VpcAccessAttribute // DescribeVpcAccesses' authorizations, by VpcAccessId
	accessByName map[string]*openapi.VpcAccessAttribute // DescribeVpcAccesses' first authorization of each name
	groupless    []placedNote                           // APIs and attachments whose group no response gives

	// The calls of the paged lists that cover a subject.
	apiCalls       map[string]*calls // DescribeApis, by GroupId
	accessCalls    map[string]*calls // DescribeVpcAccesses filtered by Name, by Name
	accessAll      calls             // DescribeVpcAccesses not filtered
	pluginApiCalls map[string]*calls // DescribePluginApis, by PluginId
	pluginsAll     calls             // DescribePlugins not filtered, or only by PluginType "routing"
	bindingCalls   map[string]*calls // DescribePluginGroups not filtered but by PluginId, by PluginId
	pairCalls      map[[2]string]bool
	stagesDone     map[string]map[string]bool // DescribePluginsByGroup calls that hold every item, by GroupId: their stages
}

// placedNote is a note to make and its place.
type placedNote struct {
	at   field.Path
	what string
}

// stages are the environments a plug-in is bound to a group in.
var stages = []string{"RELEASE", "PRE", "TEST"}

// listings sorts the calls of the paged lists by what they cover. A
// DescribeApis call of no known filter (given without an envelope) covers
// only the groups of the APIs it lists, since it may have been filtered by
// another group; the other lists' calls without one cover all.
func (idx *index) listings(s *openapi.Snapshot) {
	idx.apiCalls, idx.accessCalls, idx.pluginApiCalls = map[string]*calls{}, map[string]*calls{}, map[string]*calls{}
	idx.bindingCalls, idx.pairCalls, idx.stagesDone = map[string]*calls{}, map[[2]string]bool{}, map[string]map[string]bool{}
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
		case openapi.DescribePluginGroups:
			id, g := l.Filter["PluginId"], l.Filter["GroupId"]
			switch {
			case len(l.Filter) == 1:
				addTo(idx.bindingCalls, id, l)
			case len(l.Filter) == 2 && g != "" && l.Complete():
				idx.pairCalls[[2]string{id, g}] = true
			}
		case openapi.DescribePluginsByGroup:
			g, stage := l.Filter["GroupId"], l.Filter["StageName"]
			if len(l.Filter) == 2 && stage != "" && l.Complete() {
				if idx.stagesDone[g] == nil {
					idx.stagesDone[g] = map[string]bool{}
				}
				idx.stagesDone[g][stage] = true
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

// byGroupDone reports whether DescribePluginsByGroup gives every plug-in
// bound to group g as a whole, in every stage.
func (idx *index) byGroupDone(g string) bool {
	for _, st := range stages {
		if !idx.stagesDone[g][st] {
			return false
		}
	}
	return true
}

// attachment is a plug-in attached to an API of a group, or bound to the
// group as a whole, and where.
type attachment struct {
	plugin string
	at     field.Path
	apiId  string
}

func byPlace(x, y openapi.Place) int {
	return cmp.Or(cmp.Compare(x.Doc, y.Doc), cmp.Compare(x.At, y.At))
}

func newIndex(s *openapi.Snapshot) index {
	idx := index{apis: map[string][]*openapi.Api{}, listed: map[string][]*openapi.ApiSummary{}, attached: map[string][]attachment{}, bound: map[string][]attachment{}, accessNames: map[string]bool{}}
	idx.accessByID, idx.accessByName, idx.accessPart = map[string]*openapi.VpcAccessAttribute{}, map[string]*openapi.VpcAccessAttribute{}, map[string]*openapi.VpcAccessAttribute{}
	for _, v := range s.VpcAccesses {
		if _, dup := idx.accessByID[v.VpcAccessId]; v.VpcAccessId != "" && !dup {
			idx.accessByID[v.VpcAccessId] = v
		}
		if lacks(v) != "" {
			if _, dup := idx.accessPart[v.Name]; !dup {
				idx.accessPart[v.Name] = v
			}
			continue
		}
		idx.accessNames[v.Name] = true
		if _, dup := idx.accessByName[v.Name]; !dup {
			idx.accessByName[v.Name] = v
		}
	}
	// groupOf is an API's group: DescribeApi's, else DescribeApis'.
	groupOf := func(apiID string) string {
		if a := s.Apis[apiID]; a != nil && a.GroupId != "" {
			return a.GroupId
		}
		if a := s.ApiLists[apiID]; a != nil {
			return a.GroupId
		}
		return ""
	}
	for _, a := range s.Apis {
		g := groupOf(a.ApiId)
		if g == "" {
			idx.groupless = append(idx.groupless, placedNote{a.At.Child("GroupId"), fmt.Sprintf("not checked: the group of API %q (no response gives its GroupId)", a.ApiId)})
			continue
		}
		idx.apis[g] = append(idx.apis[g], a)
	}
	for _, list := range idx.apis {
		slices.SortFunc(list, func(x, y *openapi.Api) int { return byPlace(x.Place, y.Place) })
	}
	for _, a := range s.ApiLists {
		if a.GroupId == "" && s.Apis[a.ApiId] == nil {
			idx.groupless = append(idx.groupless, placedNote{a.At.Child("GroupId"), fmt.Sprintf("not checked: the group of API %q (no response gives its GroupId)", a.ApiId)})
		}
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
			g := cmp.Or(att.GroupId, groupOf(att.ApiId))
			if g == "" {
				idx.groupless = append(idx.groupless, placedNote{att.At, fmt.Sprintf("not checked: the group of the API that plug-in %q is attached to (no response gives it)", id)})
				continue
			}
			idx.attached[g] = append(idx.attached[g], attachment{id, att.At, att.ApiId})
		}
	}
	// Group bindings: DescribePluginGroups by plug-in, then
	// DescribePluginsByGroup by group, each in order.
	var bound []string
	for id := range s.PluginGroups {
		bound = append(bound, id)
	}
	slices.Sort(bound)
	for _, id := range bound {
		for _, g := range s.PluginGroups[id] {
			if g.GroupId == "" {
				idx.groupless = append(idx.groupless, placedNote{g.At, fmt.Sprintf("not checked: a group that plug-in %q is bound to (no response names it)", id)})
				continue
			}
			idx.bound[g.GroupId] = append(idx.bound[g.GroupId], attachment{plugin: id, at: g.At})
		}
	}
	// Maps were walked above: the notes in the order of their places.
	slices.SortFunc(idx.groupless, func(x, y placedNote) int { return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.what, y.what)) })
	groups := make([]string, 0, len(s.GroupPlugins))
	for g := range s.GroupPlugins {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for _, g := range groups {
		for _, p := range s.GroupPlugins[g] {
			idx.bound[g] = append(idx.bound[g], attachment{plugin: p.PluginId, at: p.At})
		}
	}
	return idx
}

// plugins adds the plug-ins attached to the group's APIs and those bound
// to the group as a whole, each once.
func (b *builder) plugins(g *openapi.ApiGroupAttribute, at field.Path, out *Group) {
	if !b.s.Given(openapi.DescribePlugins) {
		b.note(g.At, "not checked: DescribePlugins not given (the plug-ins of the moved groups)")
		if !b.s.Given(openapi.DescribePluginsByGroup) {
			return
		}
	}
	seen := map[string]bool{}
	for _, a := range slices.Concat(b.idx.attached[g.GroupId], b.idx.bound[g.GroupId]) {
		if !once(&seen, a.plugin) {
			continue
		}
		p := b.s.Plugins[a.plugin]
		if p == nil {
			b.note(a.at, fmt.Sprintf("not checked: DescribePlugins for plug-in %q not given", a.plugin))
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
// of which it is not known whether a moved group uses it: its attachments
// to APIs (DescribePluginApis) not all given, or its binding to a moved
// group as a whole that neither DescribePluginGroups nor
// DescribePluginsByGroup settles. One note per plug-in, whatever the
// number of groups, so that the cost is linear.
func (b *builder) unattached() {
	for _, n := range b.idx.groupless {
		b.note(n.at, n.what)
	}
	// The moved groups whose group-level plug-ins DescribePluginsByGroup
	// does not give, and each plug-in's groups already settled.
	open := map[string]bool{}
	settled := map[[2]string]bool{}
	for _, g := range b.p.Groups {
		if !b.idx.byGroupDone(g.ID) {
			open[g.ID] = true
		}
		for _, p := range g.Plugins {
			settled[[2]string{p.ID, g.ID}] = true
		}
	}
	for pair := range b.idx.pairCalls {
		settled[pair] = true
	}
	count := map[string]int{} // by plug-in: the open groups whose binding is settled
	for pair := range settled {
		if open[pair[1]] {
			count[pair[0]]++
		}
	}
	for _, id := range b.s.PluginOrder {
		p := b.s.Plugins[id]
		if len(p.VpcAccess) == 0 {
			continue
		}
		var parts []string
		_, given := b.s.PluginApis[id]
		switch c := b.idx.pluginApiCalls[id]; {
		case !given:
			parts = append(parts, fmt.Sprintf("DescribePluginApis for plug-in %q not given", id))
		case c == nil:
			parts = append(parts, fmt.Sprintf("DescribePluginApis of plug-in %q: only calls filtered by more than PluginId given", id))
		case !c.done:
			parts = append(parts, fmt.Sprintf("DescribePluginApis pages of plug-in %q: %s", id, pages(c.first)))
		}
		_, given = b.s.PluginGroups[id]
		switch c := b.idx.bindingCalls[id]; {
		case c != nil && c.done || count[id] == len(open):
		case !given:
			parts = append(parts, fmt.Sprintf("DescribePluginGroups for plug-in %q not given (nor DescribePluginsByGroup in every stage of each moved group)", id))
		case c == nil:
			parts = append(parts, fmt.Sprintf("DescribePluginGroups of plug-in %q: only calls filtered by more than PluginId given", id))
		default:
			parts = append(parts, fmt.Sprintf("DescribePluginGroups pages of plug-in %q: %s", id, pages(c.first)))
		}
		if len(parts) > 0 {
			b.note(p.At, "not checked: "+strings.Join(parts, "; ")+" (whether the moved groups use it)")
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
func addTo[K comparable](m map[K]*calls, key K, l *openapi.Listing) {
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
// it may have been filtered by another group; a call filtered by more
// than the group (ApiName, ApiId, ...) lists only some of its APIs.
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
// items; a call filtered otherwise, by VpcId, InstanceId or Port, does
// not settle a name it lacks). An unsettled name is noted and left out of
// the plan, so that Check counts it neither as passing nor as missing;
// one that DescribeApi's VpcConfig states (b.stated) stays, checked with
// what the VpcConfig says.
func (b *builder) settled(name string, where field.Path) bool {
	if name == "" || b.idx.accessNames[name] {
		return true
	}
	_, stated := b.stated[name]
	if v := b.idx.accessPart[name]; v != nil {
		b.lacking(v)
		return stated
	}
	if !b.s.Given(openapi.DescribeVpcAccesses) {
		b.note(where, "not checked: DescribeVpcAccesses not given")
		return stated
	}
	if b.surelyMissing(name) {
		return true
	}
	c := b.idx.accessCalls[name]
	l := b.idx.accessAll.first
	if c != nil && c.first != nil && (l == nil || c.first.Docs[0] < l.Docs[0]) {
		l = c.first
	}
	what := "no call lists every authorization"
	if l != nil {
		what = "pages: " + pages(l)
	}
	b.note(where, fmt.Sprintf("not checked: authorization %q is on no DescribeVpcAccesses page given (%s)", name, what))
	return stated
}

// surelyMissing reports whether no authorization of that name exists: a
// call that lists every authorization, or every one of that name, holds
// all its items and not it.
func (b *builder) surelyMissing(name string) bool {
	if b.idx.accessNames[name] || b.idx.accessPart[name] != nil || !b.s.Given(openapi.DescribeVpcAccesses) {
		return false
	}
	c := b.idx.accessCalls[name]
	return b.idx.accessAll.done || c != nil && c.done
}

// lacks returns the first of the fields an authorization needs (VpcId,
// InstanceId, Port) that DescribeVpcAccesses does not give, or "".
func lacks(v *openapi.VpcAccessAttribute) string {
	switch {
	case v.VpcId == "":
		return "VpcId"
	case v.InstanceId == "":
		return "InstanceId"
	case v.Port == 0:
		return "Port"
	}
	return ""
}

// lacking notes an authorization that a response gives without a field it
// needs: it is no fact to check, and no proof that the name is missing.
func (b *builder) lacking(v *openapi.VpcAccessAttribute) {
	f := lacks(v)
	b.note(v.At.Child(f), fmt.Sprintf("not checked: authorization %q (DescribeVpcAccesses gives no %s)", v.Name, f))
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

// access is an authorization as a response gives it: DescribeVpcAccesses'
// item, or DescribeApi's VpcConfig.
type access struct {
	name, vpc, backend string
	port               uint16
	host               string
	at                 field.Path
	wire               [][2]string // plan field, wire member
}

// authorizations adds every authorization whose name is used, in document
// order, with backends resolved from ECS and SLB responses; then those
// that only DescribeApi's VpcConfig states.
func (b *builder) authorizations() {
	for _, v := range b.s.VpcAccesses {
		if b.names[v.Name] && lacks(v) != "" {
			b.lacking(v)
			continue
		}
		if b.names[v.Name] {
			b.authorization(access{v.Name, v.VpcId, v.InstanceId, v.Port, v.VpcTargetHostName, v.At,
				[][2]string{{"name", "Name"}, {"vpcId", "VpcId"}, {"instanceId", "InstanceId"}, {"port", "Port"}, {"hostName", "VpcTargetHostName"}}})
		}
	}
	for _, name := range b.statedBy {
		if st := b.stated[name]; b.names[name] && !b.idx.accessNames[name] {
			b.authorization(access{name, st.cfg.VpcId, st.cfg.InstanceId, st.cfg.Port, "", st.at,
				[][2]string{{"name", "Name"}, {"vpcId", "VpcId"}, {"instanceId", "InstanceId"}, {"port", "Port"}}})
		}
	}
}

func (b *builder) authorization(v access) {
	at := field.Path("authorizations").Index(len(b.p.Authorizations))
	a := authz.Authorization{Name: v.name, VPCID: v.vpc, InstanceID: v.backend, Port: v.port, HostName: v.host}
	b.src(at, v.at)
	for _, kw := range v.wire {
		b.src(at.Child(kw[0]), v.at.Child(kw[1]))
	}
	e, lb := b.s.EcsInstances[v.backend], b.s.LoadBalancers[v.backend]
	b.sameVPC(v, e, lb)
	if e != nil {
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
	} else if lb != nil {
		b.loadBalancer(v, lb, at, &a)
	}
	b.p.Authorizations = append(b.p.Authorizations, a)
}

// loadBalancer resolves an authorization's load balancer backend. Only an
// internal-facing one (AddressType "intranet") in a VPC is a backend in
// the VPC: its Address is the backend's, of kind CLB. One that is
// internet-facing, or in the classic network (NetworkType "classic"), is
// refused: an authorization in a VPC that names it contradicts the SLB
// response (the document asks for a backend in the VPC), and its address
// must never pass as reachable. Any other AddressType, or a load balancer
// without VpcId, leaves the address unknown, so the check is unverified.
func (b *builder) loadBalancer(v access, lb *openapi.LoadBalancer, at field.Path, a *authz.Authorization) {
	iat := v.at.Child("InstanceId")
	switch {
	case lb.AddressType == "internet":
		b.errs.Add(iat, fmt.Errorf("%w: authorization %q in VPC %q names load balancer %q, which %s says is internet-facing (AddressType \"internet\"): not a backend in a VPC, which a VPC integration instance could reach", openapi.ErrConflict, v.name, v.vpc, v.backend, lb.At.Child("AddressType")))
	case lb.NetworkType == "classic":
		b.errs.Add(iat, fmt.Errorf("%w: authorization %q in VPC %q names load balancer %q, which %s says is in the classic network (NetworkType \"classic\"): not a backend in a VPC, which a VPC integration instance could reach", openapi.ErrConflict, v.name, v.vpc, v.backend, lb.At.Child("NetworkType")))
	case lb.AddressType != "intranet":
		b.note(lb.At.Child("AddressType"), fmt.Sprintf("not checked: load balancer %q has AddressType %q, neither \"intranet\" nor \"internet\" (its address is not used)", lb.LoadBalancerId, lb.AddressType))
	case lb.VpcId == "":
		b.note(lb.At.Child("VpcId"), fmt.Sprintf("not checked: load balancer %q gives no VpcId, so whether it is a backend in VPC %q is not known (its address is not used)", lb.LoadBalancerId, v.vpc))
	case lb.Address.IsValid():
		a.Addr, a.Backend = lb.Address, authz.CLB
		b.src(at.Child("addr"), lb.At.Child("Address"))
		b.src(at.Child("backend"), lb.At.Child("AddressType"))
	}
}

// sameVPC checks that the backend an authorization names lies in the
// authorization's VPC, as the ECS or SLB response has it.
func (b *builder) sameVPC(v access, e *openapi.EcsInstance, lb *openapi.LoadBalancer) {
	vpc, at := "", field.Path("")
	switch {
	case e != nil:
		vpc, at = e.VpcId, e.At.Child("VpcAttributes").Child("VpcId")
	case lb != nil:
		vpc, at = lb.VpcId, lb.At.Child("VpcId")
	}
	if vpc != "" && vpc != v.vpc {
		b.errs.Add(v.at.Child("VpcId"), fmt.Errorf("%w: authorization %q is in VPC %q, but its backend %q is in %q at %s", openapi.ErrConflict, v.name, v.vpc, v.backend, vpc, at))
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

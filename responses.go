package vpcgate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/openapi"
)

// errMove is the error of a move that cannot be planned.
var errMove = openapi.ErrMove

// unknownTargets makes each problem of err, a join of *field.Error, that
// is a move's target no response holds also match [ErrUnknownInstance].
func unknownTargets(err error) error {
	var l field.List
	for _, e := range field.Split(err) {
		if fe, ok := e.(*field.Error); ok {
			if u := (*openapi.UnknownTargetError)(nil); errors.As(fe.Err, &u) {
				e = &field.Error{Field: fe.Field, Err: fmt.Errorf("%w: %w", fe.Err, ErrUnknownInstance)}
			}
		}
		l = append(l, e)
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
//     Port as the cloud resolved them; else ServiceConfig.ServiceAddress,
//     the address an HTTP API calls directly, by the provider's
//     precedence: Mock "TRUE", then the VPC channel, then ServiceProtocol
//     "FunctionCompute" call no address; BackendEnable and
//     BackendConfig.BackendId for an API that calls a backend service),
//     DescribeBackendInfo (a backend service's BackendModels[], whose VPC
//     ones name an authorization by BackendConfig.VpcConfig.Name or
//     VpcAccessId, HTTP ones an address by BackendConfig.ServiceAddress,
//     each one more API of the group, and whose BackendConfig with a
//     DiscoveryConfig (its RcType) or an EdasConfig is a service-discovery
//     backend), DescribeVpcAccesses (the authorizations),
//     DescribePlugins (a routing plug-in's PluginData, JSON or YAML, names
//     authorizations in routes[].backend.vpcAccessName, and addresses in
//     routes[].backend.address of type "HTTP"),
//     DescribePluginApis (the APIs a plug-in is attached to),
//     DescribePluginGroups (the groups a plug-in is bound to as a whole)
//     or DescribePluginsByGroup (the plug-ins bound to a group as a whole,
//     per stage); VPC DescribeVpcAttribute (CidrBlock,
//     SecondaryCidrBlocks), DescribeVSwitches; ECS
//     DescribeSecurityGroupAttribute (outbound rules), DescribeSecurityGroups
//     (the group's type), DescribeInstances (Instances.Instance[]: private
//     addresses and security groups of backends); SLB DescribeLoadBalancers
//     (the Address, AddressType and network of a CLB backend); VPC
//     DescribeNetworkAclAttributes and DescribeNetworkAcls (network ACLs:
//     their entries, unordered since the API gives no priority, and the
//     vSwitches of Resources.Resource[]).
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
// unverified, and so does an address the cloud holds that
// authz.ParseEndpoint rejects, or that names no scheme or port (the
// vendor's sample of DescribeBackendInfo has "10.0.0.1"). A document is refused only when it cannot be read: malformed
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
// Every problem is reported at once, one per mistake, joined: each an
// [*InputError] whose path names the document and the JSON path in it,
// such as "DescribeVpcAccesses[3].VpcAccessAttributes.VpcAccessAttribute[4].Port"
// (the document's kind, its index among docs, then the path), or
// "responses[3]" when the document's kind cannot be told, with its line and
// column in the document (of the nearest value above one that is missing),
// worded as every reader words the same mistake, and each matches
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
// at its place; a group on a CLASSIC_SHARED instance also gets a Note of
// code "move-source" (the document describes moves from serverless and
// conventional dedicated instances only) at the group's InstanceType,
// Path its instance's kind. A note's Path is the plan path of the value it concerns
// when that value is in the plan: one that stands for what is not known
// ("groups[0].dataWorks", "instances[0].connectCidrBlocks", an API's
// "vpcAccess" left empty, a group's "instance" or its "kind", a security
// group's "type", an authorization's "addr"), a reference whose target is
// not verified (a zone's "vSwitchId" or "securityGroupId", an instance's
// "vpcId"), or where a block with host bits is read into; a note of what
// the plan leaves out (the APIs of a DescribeApi not given, a backend
// service's environments, a plug-in no moved group is known to use) has
// none.
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
	if len(moves) == 0 {
		return Plan{}, &InputError{Err: fmt.Errorf("%w: no move given", errMove)}
	}
	ms := make([]openapi.Move, len(moves))
	for i, m := range moves {
		ms[i] = openapi.Move{Group: m.Group, To: m.To}
	}
	r, err := s.s.Plan(ms)
	if err != nil {
		return Plan{}, inputErrors(unknownTargets(err), nil, responsePlaces(nil))
	}
	return assemble(r), nil
}

// noteCodes are the rule codes of the reader's notes.
var noteCodes = map[openapi.NoteKind]Code{openapi.Unverified: CodeUnverified, openapi.HostBits: CodeInvalidCIDR, openapi.MoveSource: CodeMoveSource}

// assemble makes the Plan of what the responses say, in the
// multi-instance form: the targets are instances the cloud holds (Exists,
// their ConnectCidrBlocks facts), and every value keeps its place in the
// responses in Source.
func assemble(r *openapi.Plan) Plan {
	p := Plan{VPCs: r.VPCs, SecurityGroups: r.SecurityGroups, Authorizations: r.Authorizations, NetworkACLs: r.NetworkACLs, Source: make(map[field.Path]string, len(r.Source))}
	for _, t := range r.Instances {
		p.Instances = append(p.Instances, Instance{ID: t.ID, Spec: t.Spec, Exists: true, ConnectCidrBlocks: t.ConnectCidrBlocks})
	}
	for _, g := range r.Groups {
		p.Groups = append(p.Groups, Group{ID: g.ID, Name: g.Name, RegionID: g.RegionID, Instance: g.Instance, To: g.To, APIs: g.APIs, Plugins: g.Plugins})
	}
	for _, n := range r.Notes {
		p.Notes = append(p.Notes, Note{Code: noteCodes[n.Kind], Where: string(n.Where), Path: n.Path, What: n.What})
	}
	for _, src := range r.Source {
		p.Source[src.Path] = string(src.At)
	}
	return p
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

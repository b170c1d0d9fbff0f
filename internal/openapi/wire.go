package openapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

// Place is where a resource was read: the index of its document among
// Read's arguments and its JSON path, such as
// "DescribeInstances[0].Instances.InstanceAttribute[1]".
type Place struct {
	// Doc is the index of the document among Read's arguments.
	Doc int
	// At is the JSON path of the resource, starting with its document's name.
	At field.Path
}

func (p *Place) place() *Place { return p }

// reader collects the problems of a read and the blocks it read with
// their host bits masked, and makes the read's paths.
type reader struct {
	list   field.List
	masked map[field.Path]Masked
	paths
	tree build // the documents' trees
}

// Add appends err at path p.
func (r *reader) Add(p field.Path, err error) { r.list.Add(p, err) }

// AddUnder appends every problem of err moved under root.
func (r *reader) AddUnder(root field.Path, err error) { r.list.AddUnder(root, err) }

// prefix parses a CIDR block read at key; "" is the zero Prefix.
func (o obj) prefix(key string) netip.Prefix {
	return parsePrefix(o.str(key), o.at.Child(key), o.errs)
}

// parsePrefix parses a CIDR block of a response. A block whose only fault
// is host bits is the block it names, recorded in r.masked: the cloud's
// responses are facts. Anything else cidr.ParsePrefix rejects is an error.
func parsePrefix(s string, at field.Path, r *reader) netip.Prefix {
	if s == "" {
		return netip.Prefix{}
	}
	p, err := cidr.ParsePrefix(s)
	if err == nil {
		return p
	}
	if pe := (*cidr.ParseError)(nil); errors.As(err, &pe) && pe.Canonical.IsValid() {
		r.masked[at] = Masked{Given: s, Block: pe.Canonical}
		return pe.Canonical
	}
	r.Add(at, fmt.Errorf("%w: %w", ErrInvalid, err))
	return netip.Prefix{}
}

// addr parses an IP address; "" is the zero Addr.
func parseAddr(s string, at field.Path, r *reader) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := cidr.ParseAddr(s)
	if err != nil {
		r.Add(at, fmt.Errorf("%w: %w", ErrInvalid, err))
	}
	return a
}

// prefixes parses the wrapped list wrapper.item[] of CIDR blocks; an
// empty entry holds no block.
func (o obj) prefixes(wrapper, item string) []netip.Prefix {
	strs, ats := o.strings(wrapper, item)
	var out []netip.Prefix
	for i, s := range strs {
		if p := parsePrefix(s, ats[i], o.errs); p.IsValid() {
			out = append(out, p)
		}
	}
	return out
}

// id returns the required string member key: the ID a resource is known by.
func (o obj) id(key string) string {
	s := o.str(key)
	if s != "" {
		return s
	}
	if v := o.n.get(key); v == nil || v.kind == 's' || v.kind == 'z' {
		o.errs.Add(o.at.Child(key), fmt.Errorf("%w: missing %s", ErrInvalid, key))
	}
	return s
}

// InstanceAttribute is an API Gateway instance of DescribeInstances
// (Instances.InstanceAttribute[]).
type InstanceAttribute struct {
	Place
	// InstanceId is the instance's ID.
	InstanceId string
	// InstanceName is the instance's name.
	InstanceName string
	// InstanceType is the instance type: VPC_SHARED or VPC_DEDICATED (CLASSIC_SHARED for a group's).
	InstanceType string
	// DedicatedInstanceType is vpc_connect (a VPC integration instance) or normal; DescribeApiGroups does not give it.
	DedicatedInstanceType string
	// RegionId is the region.
	RegionId string
	// ConnectVpcId is the VPC a VPC integration instance is connected to.
	ConnectVpcId string
	// InstanceCidrBlock is the instance CIDR block.
	InstanceCidrBlock netip.Prefix
	// ConnectCidrBlocks holds the blocks of the JSON array that the
	// string field ConnectCidrBlocks holds; entry k is named
	// "ConnectCidrBlocks[k]". Nil when the field is not known.
	ConnectCidrBlocks []netip.Prefix
	// ConnectCidrBlocksUnknown says why ConnectCidrBlocks is not known
	// ("" when it is): the field is missing or empty, or its text cannot
	// be read; ConnectCidrBlocksAt is where.
	ConnectCidrBlocksUnknown string
	ConnectCidrBlocksAt      field.Path
	// NetworkInterfaces holds NetworkInterfaceAttributes.NetworkInterfaceAttribute[].
	NetworkInterfaces []NetworkInterfaceAttribute
	// VpcEgressAddress and NewVpcEgressAddress are the blocks the
	// instance's requests to VPC backends come from ("100.104.254.0/26").
	VpcEgressAddress, NewVpcEgressAddress netip.Prefix
}

// NetworkInterfaceAttribute is one network interface of a VPC integration
// instance: its zone, vSwitch (VswitchId, lower-case s on this wire), the
// vSwitch's block and its security group.
type NetworkInterfaceAttribute struct {
	// ZoneId is the zone.
	ZoneId string
	// VswitchId is the vSwitch (VswitchId, with a lower-case s on this wire).
	VswitchId string
	// CidrBlock is the CIDR block.
	CidrBlock netip.Prefix
	// SecurityGroupId is the security group's ID.
	SecurityGroupId string
}

// networkInterfacePath is the path of network interface j of an instance.
func networkInterfacePath(inst field.Path, j int) field.Path {
	return inst.Child("NetworkInterfaceAttributes").Child("NetworkInterfaceAttribute").Index(j)
}

func readInstanceAttribute(o obj) InstanceAttribute {
	a := InstanceAttribute{
		InstanceId:            o.id("InstanceId"),
		InstanceName:          o.str("InstanceName"),
		InstanceType:          o.str("InstanceType"),
		DedicatedInstanceType: o.str("DedicatedInstanceType"),
		RegionId:              o.str("RegionId"),
		ConnectVpcId:          o.str("ConnectVpcId"),
		InstanceCidrBlock:     o.prefix("InstanceCidrBlock"),
		VpcEgressAddress:      o.prefix("VpcEgressAddress"),
		NewVpcEgressAddress:   o.prefix("NewVpcEgressAddress"),
	}
	a.ConnectCidrBlocksAt = o.at.Child("ConnectCidrBlocks")
	a.ConnectCidrBlocks, a.ConnectCidrBlocksUnknown, a.ConnectCidrBlocksAt = connectCidrBlocks(o.str("ConnectCidrBlocks"), a.ConnectCidrBlocksAt, o.errs)
	for _, ni := range o.list("NetworkInterfaceAttributes", "NetworkInterfaceAttribute") {
		a.NetworkInterfaces = append(a.NetworkInterfaces, NetworkInterfaceAttribute{
			ZoneId:          ni.str("ZoneId"),
			VswitchId:       ni.str("VswitchId"),
			CidrBlock:       ni.prefix("CidrBlock"),
			SecurityGroupId: ni.str("SecurityGroupId"),
		})
	}
	return a
}

// connectCidrBlocks decodes the string field ConnectCidrBlocks, a JSON
// array of CIDR strings held in a string: `["172.16.0.0/16"]`, or the
// over-escaped form of the documentation's sample, `[\"172.16.0.0/24\"]`
// (each quote preceded by a backslash); a block with host bits is the
// block it names. It returns the blocks, or nil and why they are not
// known, with the place of the fault: "" (the field missing or empty),
// text that is not such an array, or an entry that is no block. These are
// facts of the cloud that cannot be read, not errors: what depends on
// them is unverified.
func connectCidrBlocks(s string, at field.Path, r *reader) ([]netip.Prefix, string, field.Path) {
	if s == "" {
		return nil, "not given", at
	}
	var strs []string
	if err := json.Unmarshal([]byte(s), &strs); err != nil {
		unescaped := strings.ReplaceAll(s, `\"`, `"`)
		if unescaped == s || json.Unmarshal([]byte(unescaped), &strs) != nil {
			return nil, fmt.Sprintf("%q is not a JSON array of CIDR blocks in a string", s), at
		}
	}
	out := make([]netip.Prefix, 0, len(strs))
	for k, p := range strs {
		v, err := cidr.ParsePrefix(p)
		if pe := (*cidr.ParseError)(nil); err != nil && errors.As(err, &pe) && pe.Canonical.IsValid() {
			v, err = parsePrefix(p, at.Index(k), r), nil
		}
		if err != nil {
			return nil, fmt.Sprintf("entry %d, %q, is no CIDR block", k, p), at.Index(k)
		}
		out = append(out, v)
	}
	return out, "", at
}

// VpcAccessAttribute is a VPC access authorization of DescribeVpcAccesses
// (VpcAccessAttributes.VpcAccessAttribute[]). InstanceId is an ECS or SLB
// instance ID or an IP address.
type VpcAccessAttribute struct {
	Place
	// Name is the authorization's name, which APIs and plug-ins use.
	Name string
	// VpcId is the VPC's ID.
	VpcId string
	// InstanceId is the backend: an ECS or SLB instance ID, or an IP address.
	InstanceId string
	// Port is the backend's port; 0 when missing.
	Port uint16
	// VpcTargetHostName is the host header sent to the backend, if any.
	VpcTargetHostName string
	// VpcAccessId is the authorization's own ID, when given.
	VpcAccessId string
}

func readVpcAccess(o obj) VpcAccessAttribute {
	port, _ := o.integer("Port", 0, math.MaxUint16, false)
	return VpcAccessAttribute{
		Name:              o.str("Name"),
		VpcId:             o.str("VpcId"),
		InstanceId:        o.str("InstanceId"),
		Port:              uint16(port),
		VpcTargetHostName: o.str("VpcTargetHostName"),
		VpcAccessId:       o.str("VpcAccessId"),
	}
}

// itemKey is the authorization's identity: its VpcAccessId when given,
// else the four parts Terraform names it by.
func (v *VpcAccessAttribute) itemKey() itemKey {
	if v.VpcAccessId != "" {
		return itemKey{form: byAccessID, id: v.VpcAccessId}
	}
	return itemKey{form: byParts, id: fmt.Sprintf("%q:%q:%q:%d", v.Name, v.VpcId, v.InstanceId, v.Port)}
}

// ApiGroupAttribute is an API group of DescribeApiGroups
// (ApiGroupAttributes.ApiGroupAttribute[]) or of DescribeApiGroup (the
// body itself, which alone has DedicatedInstanceType).
type ApiGroupAttribute struct {
	Place
	// GroupId is the API group's ID.
	GroupId string
	// GroupName is the API group's name.
	GroupName string
	// InstanceId is the instance the group is on; "" when the response
	// does not give it.
	InstanceId string
	// InstanceType is the instance type: VPC_SHARED or VPC_DEDICATED (CLASSIC_SHARED for a group's).
	InstanceType string
	// DedicatedInstanceType is vpc_connect (a VPC integration instance) or normal; DescribeApiGroups does not give it.
	DedicatedInstanceType string
	// RegionId is the region.
	RegionId string
}

func readApiGroup(o obj) ApiGroupAttribute {
	return ApiGroupAttribute{
		GroupId:               o.id("GroupId"),
		GroupName:             o.str("GroupName"),
		InstanceId:            o.str("InstanceId"),
		InstanceType:          o.str("InstanceType"),
		DedicatedInstanceType: o.str("DedicatedInstanceType"),
		RegionId:              o.str("RegionId"),
	}
}

// Api is an API of DescribeApi: its group and, when ServiceConfig.
// ServiceVpcEnable is "TRUE", the VPC access authorization named by
// ServiceConfig.VpcConfig.Name and what VpcConfig says of its backend.
type Api struct {
	Place
	// ApiId is the API's ID.
	ApiId string
	// ApiName is the API's name.
	ApiName string
	// GroupId is the API group's ID; "" when the response does not give it.
	GroupId string
	// RegionId is the region.
	RegionId string
	// VpcEnable is whether ServiceConfig.ServiceVpcEnable is "TRUE".
	VpcEnable bool
	// VpcUnknown says why whether the API calls a VPC backend is not
	// known ("" when it is): ServiceConfig or its ServiceVpcEnable is not
	// given, or ServiceVpcEnable is "TRUE" and VpcConfig names no
	// authorization.
	VpcUnknown string
	// VpcUnknownAt is where VpcUnknown is seen.
	VpcUnknownAt field.Path
	// VpcName is ServiceConfig.VpcConfig.Name when VpcEnable: the authorization the API uses.
	VpcName string
	// Vpc holds VpcConfig's other members when VpcEnable: the cloud's own
	// statement of the backend that the authorization resolves to.
	Vpc VpcConfig
	// BackendEnable is whether the API calls a backend service, whose
	// configuration per environment DescribeBackendInfo gives.
	BackendEnable bool
	// BackendId is BackendConfig.BackendId: the backend service; "" when
	// BackendEnable is set and the response does not name it.
	BackendId string
	// ServiceAddress is ServiceConfig.ServiceAddress, read by
	// [authz.ParseEndpoint], when the API calls it directly (see
	// directAddress); the zero Endpoint when it calls none.
	ServiceAddress authz.Endpoint
	// AddressUnknown says why the address the API calls directly is not
	// read ("" when it is, or when there is none); it is at
	// serviceAddressAt below the API.
	AddressUnknown string
}

// VpcConfig is what DescribeApi's ServiceConfig.VpcConfig says of the
// backend beside the authorization's Name (cloud-shapes §1.6, the SDK's
// struct_vpc_config.go): zero values are not given.
type VpcConfig struct {
	// VpcId is the backend's VPC.
	VpcId string
	// InstanceId is the backend: an ECS or SLB ID, or an IP address.
	InstanceId string
	// Port is the backend's port; 0 when not given.
	Port uint16
	// VpcScheme is HTTP or HTTPS.
	VpcScheme string
}

// The paths, below an API of DescribeApi, of its ServiceConfig.VpcConfig
// and of the authorization's name in it.
const (
	vpcConfigAt = "ServiceConfig.VpcConfig"
	vpcNameAt   = vpcConfigAt + ".Name"
)

// Why whether an API calls a VPC backend is not known (Api.VpcUnknown),
// as readApi and apiText.api say it.
const (
	noServiceConfig    = "the response gives no ServiceConfig"
	noServiceVpcEnable = "its ServiceConfig gives no ServiceVpcEnable"
	noVpcName          = "ServiceVpcEnable is \"TRUE\" and VpcConfig names no VPC access authorization"
)

func readApi(o obj) Api {
	a := Api{
		ApiId:    o.id("ApiId"),
		ApiName:  o.str("ApiName"),
		GroupId:  o.str("GroupId"),
		RegionId: o.str("RegionId"),
	}
	// BackendEnable and BackendConfig.BackendId: the SDK's
	// services/cloudapi/describe_api.go and struct_backend_config.go.
	a.BackendEnable = o.boolean("BackendEnable")
	if bc, ok := o.child("BackendConfig"); ok {
		a.BackendId = bc.str("BackendId")
	}
	sc, ok := o.child("ServiceConfig")
	vpcEnable := ""
	if ok {
		vpcEnable = sc.str("ServiceVpcEnable")
	}
	calls, valid := a.service(o.at, ok, vpcEnable)
	if !valid {
		o.errs.Add(sc.at.Child("ServiceVpcEnable"), fmt.Errorf("%w: %q, want \"TRUE\" or \"FALSE\"", ErrInvalid, vpcEnable))
	}
	switch calls {
	case callsDirect:
		a.ServiceAddress, a.AddressUnknown = directAddress(sc.str("ServiceAddress"), sc.str("Mock"), sc.str("ServiceProtocol"))
	case callsVPC:
		if vc, ok := sc.child("VpcConfig"); ok {
			a.VpcName = vc.str("Name")
			port, _ := vc.integer("Port", 0, math.MaxUint16, false)
			a.Vpc = VpcConfig{VpcId: vc.str("VpcId"), InstanceId: vc.str("InstanceId"), Port: uint16(port), VpcScheme: vc.str("VpcScheme")}
		}
		a.vpcNamed(o.at)
	}
	return a
}

// What an API's ServiceConfig says it calls (see Api.service).
const (
	callsUnknown = iota // no ServiceConfig: not known
	callsDirect         // what its ServiceAddress names, if anything
	callsVPC            // the VPC backend its VpcConfig names
)

// service decides what the ServiceConfig of API a, at path at, says of its
// backend, as readApi and the fast read both decide it, from whether the
// response gives a ServiceConfig and its ServiceVpcEnable: what the API
// calls, which the caller then reads (its ServiceAddress, read by
// directAddress; or its VpcConfig, then vpcNamed). It is false for a
// ServiceVpcEnable other than "TRUE", "FALSE" and none, a problem of the
// caller's to report (the API is then taken as for "FALSE").
func (a *Api) service(at field.Path, given bool, vpcEnable string) (calls int, ok bool) {
	if !given {
		a.VpcUnknown, a.VpcUnknownAt = noServiceConfig, at.Child("ServiceConfig")
		return callsUnknown, true
	}
	switch vpcEnable {
	case "TRUE":
		a.VpcEnable = true
		return callsVPC, true
	case "FALSE":
	case "":
		a.VpcUnknown, a.VpcUnknownAt = noServiceVpcEnable, at.Child("ServiceConfig").Child("ServiceVpcEnable")
	default:
		return callsDirect, false
	}
	return callsDirect, true
}

// vpcNamed says, of an API at path at that calls a VPC backend, when its
// VpcConfig names no authorization (so which one it calls is not known).
func (a *Api) vpcNamed(at field.Path) {
	if a.VpcName == "" {
		a.VpcUnknown, a.VpcUnknownAt = noVpcName, at.Child(vpcNameAt)
	}
}

// BackendInfo is a backend service of DescribeBackendInfo (its member
// BackendInfo): its type and its configuration in each environment. The
// shape is the SDK's (services/cloudapi/describe_backend_info.go,
// struct_backend_info.go, struct_backend_model.go,
// struct_backend_config_in_describe_backend_info.go,
// struct_vpc_config_in_describe_backend_info.go).
type BackendInfo struct {
	Place
	// BackendId is the backend service's ID.
	BackendId string
	// BackendName is its name.
	BackendName string
	// BackendType is its type: HTTP, VPC, FC_EVENT, FC_HTTP, OSS, MOCK, ...
	BackendType string
	// Models holds BackendModels[], one per environment, in order; model j
	// is at backendModelPath(At, j).
	Models []BackendModel
}

// BackendModel is a backend service's configuration in one environment.
type BackendModel struct {
	// StageName is the environment: RELEASE, PRE, TEST.
	StageName string
	// Type is BackendConfig.Type: VPC for a backend in a VPC.
	Type string
	// VpcName is BackendConfig.VpcConfig.Name, the VPC access
	// authorization's name, and VpcAccessId its VpcAccessId.
	VpcName, VpcAccessId string
	// ServiceAddress is BackendConfig.ServiceAddress, read by
	// [authz.ParseEndpoint]: the address an HTTP backend calls. The zero
	// Endpoint when not given or not read; AddressUnknown says why not
	// read ("" when read or not given).
	ServiceAddress authz.Endpoint
	AddressUnknown string
	// Discovery names the registry of a service-discovery backend (see
	// discovery); "" for none. DiscoveryAt is the member it is read from,
	// DiscoveryConfig or EdasConfig.
	Discovery, DiscoveryAt string
}

// backendModelPath is the path of model j of the backend service at b.
func backendModelPath(b field.Path, j int) field.Path {
	return b.Child("BackendModels").Index(j)
}

func readBackendInfo(o obj) BackendInfo {
	b := BackendInfo{BackendId: o.id("BackendId"), BackendName: o.str("BackendName"), BackendType: o.str("BackendType")}
	elems, at := o.array("BackendModels")
	for j := range elems {
		if e := &elems[j]; e.kind != 'o' {
			o.errs.Add(at.Index(j), fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(e)))
			continue
		}
		m := obj{n: &elems[j], at: at.Index(j), errs: o.errs}
		bm := BackendModel{StageName: m.str("StageName")}
		if c, ok := m.child("BackendConfig"); ok {
			bm.Type = c.str("Type")
			if v, ok := c.child("VpcConfig"); ok {
				bm.VpcName, bm.VpcAccessId = v.str("Name"), v.str("VpcAccessId")
			}
			if s := c.str("ServiceAddress"); s != "" {
				bm.ServiceAddress, bm.AddressUnknown = endpoint(s)
			}
			bm.Discovery, bm.DiscoveryAt = discovery(c)
		}
		b.Models = append(b.Models, bm)
	}
	return b
}

// ApiSummary is an API of DescribeApis (ApiSummarys.ApiSummary[]): the
// list of a group's APIs, without their backends.
type ApiSummary struct {
	Place
	// ApiId is the API's ID.
	ApiId string
	// ApiName is the API's name.
	ApiName string
	// GroupId is the group the API belongs to; "" when neither the item
	// nor its call's filter gives it.
	GroupId string
}

func readApiSummary(o obj) ApiSummary {
	return ApiSummary{ApiId: o.id("ApiId"), ApiName: o.str("ApiName"), GroupId: o.str("GroupId")}
}

// PluginAttribute is a plug-in of DescribePlugins (Plugins.PluginAttribute[]).
// For a routing plug-in, VpcAccess holds the authorization names its
// PluginData routes to, and VpcAccessAt the path of each inside PluginData
// (such as "routes[0].backend.vpcAccessName").
type PluginAttribute struct {
	Place
	// PluginId is the plug-in's ID.
	PluginId string
	// PluginName is the plug-in's name.
	PluginName string
	// PluginType is the plug-in's type, such as "routing".
	PluginType string
	// VpcAccess is the authorization names a routing plug-in's PluginData routes to.
	VpcAccess []string
	// VpcAccessAt is the path of each name inside PluginData, relative to the plug-in, such as "PluginData.routes[0].backend.vpcAccessName".
	VpcAccessAt []field.Path
	// ServiceAddresses holds the addresses a routing plug-in's HTTP routes
	// call directly, each once; ServiceAddressesAt the path of each, as
	// VpcAccessAt ("PluginData.routes[2].backend.address").
	ServiceAddresses   []authz.Endpoint
	ServiceAddressesAt []field.Path
	// Unread holds the route addresses that are not read, with why; their
	// paths are as ServiceAddressesAt.
	Unread []Unread
}

func readPlugin(o obj) PluginAttribute {
	p := PluginAttribute{PluginId: o.id("PluginId"), PluginName: o.str("PluginName"), PluginType: o.str("PluginType")}
	if p.PluginType == "routing" {
		r := routingVpcAccess(o.str("PluginData"), o.at.Child("PluginData"), o.errs)
		p.VpcAccess, p.VpcAccessAt = r.names, r.namesAt
		p.ServiceAddresses, p.ServiceAddressesAt, p.Unread = r.addrs, r.addrsAt, r.unread
	}
	return p
}

// ApiPluginSummary is an API a plug-in is attached to, of
// DescribePluginApis (ApiSummarys.ApiPluginSummary[]).
type ApiPluginSummary struct {
	Place
	// ApiId is the API the plug-in is attached to; "" when not given.
	ApiId string
	// GroupId is the group of the API the plug-in is attached to; "" when
	// not given.
	GroupId string
	// StageName is the stage the plug-in is attached in.
	StageName string
}

// itemKey identifies an attachment on the pages of DescribePluginApis.
func (a *ApiPluginSummary) itemKey() itemKey {
	return itemKey{form: byStage, id: a.ApiId, stage: a.StageName}
}

func readPluginApi(o obj) ApiPluginSummary {
	return ApiPluginSummary{ApiId: o.str("ApiId"), GroupId: o.str("GroupId"), StageName: o.str("StageName")}
}

// GroupPluginSummary is a group a plug-in is bound to as a whole, of
// DescribePluginGroups (GroupSummarys.GroupPluginSummary[]; the new Go
// SDK's cloudapi-20160714 describe_plugin_groups_response_body_model.go):
// the plug-in applies to every API of the group in that stage.
type GroupPluginSummary struct {
	Place
	// GroupId is the group; "" when the item does not give it.
	GroupId string
	// StageName is the stage the plug-in is bound in: RELEASE, PRE, TEST.
	StageName string
}

// itemKey identifies a binding on the pages of DescribePluginGroups.
func (g *GroupPluginSummary) itemKey() itemKey {
	return itemKey{form: byStage, id: g.GroupId, stage: g.StageName}
}

func readPluginGroup(o obj) GroupPluginSummary {
	return GroupPluginSummary{GroupId: o.str("GroupId"), StageName: o.str("StageName")}
}

// GroupPlugin is a plug-in bound to a group as a whole, of
// DescribePluginsByGroup (a DescribePlugins body, Plugins.PluginAttribute[],
// in the envelope whose request names GroupId and StageName): the
// plug-in's data is in Snapshot.Plugins.
type GroupPlugin struct {
	Place
	// PluginId is the plug-in.
	PluginId string
	// StageName is the stage of the call's request; "" when not given.
	StageName string
}

// VpcAttribute is a VPC of DescribeVpcAttribute (the body itself).
type VpcAttribute struct {
	Place
	// VpcId is the VPC's ID.
	VpcId string
	// RegionId is the region.
	RegionId string
	// CidrBlock is the CIDR block.
	CidrBlock netip.Prefix
	// SecondaryCidrBlocks.SecondaryCidrBlock[].
	SecondaryCidrBlocks []netip.Prefix
	// UserCidrs.UserCidr[].
	UserCidrs []netip.Prefix
}

func readVpc(o obj) VpcAttribute {
	return VpcAttribute{
		VpcId:               o.id("VpcId"),
		RegionId:            o.str("RegionId"),
		CidrBlock:           o.prefix("CidrBlock"),
		SecondaryCidrBlocks: o.prefixes("SecondaryCidrBlocks", "SecondaryCidrBlock"),
		UserCidrs:           o.prefixes("UserCidrs", "UserCidr"),
	}
}

// VSwitch is a vSwitch of DescribeVSwitches (VSwitches.VSwitch[]).
type VSwitch struct {
	Place
	// VSwitchId is the vSwitch's ID.
	VSwitchId string
	// VpcId is the VPC's ID.
	VpcId string
	// ZoneId is the zone.
	ZoneId string
	// CidrBlock is the CIDR block.
	CidrBlock netip.Prefix
}

func readVSwitch(o obj) VSwitch {
	return VSwitch{VSwitchId: o.id("VSwitchId"), VpcId: o.str("VpcId"), ZoneId: o.str("ZoneId"), CidrBlock: o.prefix("CidrBlock")}
}

// optional parses the string member key with parse; "" (unset) is the
// zero value.
func optional[T any](o obj, key string, parse func(string) (T, error)) T {
	var v T
	if s := o.str(key); s != "" {
		var err error
		if v, err = parse(s); err != nil {
			o.errs.Add(o.at.Child(key), fmt.Errorf("%w: %w", ErrInvalid, err))
		}
	}
	return v
}

// SecurityGroup is a security group of ECS DescribeSecurityGroups
// (SecurityGroups.SecurityGroup[]): its type (SecurityGroupType, "normal"
// or "enterprise"; zero when empty).
type SecurityGroup struct {
	Place
	// SecurityGroupId is the security group's ID.
	SecurityGroupId string
	// SecurityGroupType is the group's type (SecurityGroupType "normal" or "enterprise"); zero when empty.
	SecurityGroupType authz.GroupType
	// VpcId is the VPC's ID.
	VpcId string
}

func readSecurityGroup(o obj) SecurityGroup {
	return SecurityGroup{
		SecurityGroupId:   o.id("SecurityGroupId"),
		SecurityGroupType: optional(o, "SecurityGroupType", authz.ParseGroupType),
		VpcId:             o.str("VpcId"),
	}
}

// EcsInstance is an ECS instance of ECS DescribeInstances
// (Instances.Instance[]): its private addresses and security groups.
type EcsInstance struct {
	Place
	// InstanceId is the ECS instance's ID.
	InstanceId string
	// RegionId is the region.
	RegionId string
	// VpcId is the VPC's ID.
	VpcId string
	// PrivateIpAddress holds VpcAttributes.PrivateIpAddress.IpAddress[].
	PrivateIpAddress []netip.Addr
	// PrimaryIpAddress holds NetworkInterfaces.NetworkInterface[].PrimaryIpAddress.
	PrimaryIpAddress []netip.Addr
	// SecurityGroupIds.SecurityGroupId[].
	SecurityGroupIds []string
}

func readEcsInstance(o obj) EcsInstance {
	e := EcsInstance{InstanceId: o.id("InstanceId"), RegionId: o.str("RegionId")}
	if va, ok := o.child("VpcAttributes"); ok {
		e.VpcId = va.str("VpcId")
		strs, ats := va.strings("PrivateIpAddress", "IpAddress")
		for i, s := range strs {
			if a := parseAddr(s, ats[i], o.errs); a.IsValid() {
				e.PrivateIpAddress = append(e.PrivateIpAddress, a)
			}
		}
	}
	for _, ni := range o.list("NetworkInterfaces", "NetworkInterface") {
		if a := parseAddr(ni.str("PrimaryIpAddress"), ni.at.Child("PrimaryIpAddress"), o.errs); a.IsValid() {
			e.PrimaryIpAddress = append(e.PrimaryIpAddress, a)
		}
	}
	e.SecurityGroupIds, _ = o.strings("SecurityGroupIds", "SecurityGroupId")
	return e
}

// Addr returns the instance's private address and its path below the
// item: the first of VpcAttributes.PrivateIpAddress.IpAddress[], else the
// first network interface's PrimaryIpAddress.
func (e *EcsInstance) Addr() (netip.Addr, field.Path) {
	if len(e.PrivateIpAddress) > 0 {
		return e.PrivateIpAddress[0], "VpcAttributes.PrivateIpAddress.IpAddress[0]"
	}
	if len(e.PrimaryIpAddress) > 0 {
		return e.PrimaryIpAddress[0], "NetworkInterfaces.NetworkInterface[0].PrimaryIpAddress"
	}
	return netip.Addr{}, ""
}

// LoadBalancer is a load balancer of SLB DescribeLoadBalancers
// (LoadBalancers.LoadBalancer[]).
type LoadBalancer struct {
	Place
	// LoadBalancerId is the load balancer's ID.
	LoadBalancerId string
	// Address is the load balancer's address.
	Address netip.Addr
	// AddressType is intranet or internet.
	AddressType string
	// VpcId is the VPC's ID; "" for a load balancer in the classic network.
	VpcId string
	// NetworkType is "vpc" or "classic" (the old Go SDK's
	// services/slb/struct_load_balancer.go).
	NetworkType string
	// RegionId is the region.
	RegionId string
}

func readLoadBalancer(o obj) LoadBalancer {
	return LoadBalancer{
		LoadBalancerId: o.id("LoadBalancerId"),
		Address:        parseAddr(o.str("Address"), o.at.Child("Address"), o.errs),
		AddressType:    o.str("AddressType"),
		NetworkType:    o.str("NetworkType"),
		VpcId:          o.str("VpcId"),
		RegionId:       o.str("RegionId"),
	}
}

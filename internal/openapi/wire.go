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

// prefix parses a CIDR block read at key; "" is the zero Prefix.
func (o obj) prefix(key string) netip.Prefix {
	return parsePrefix(o.str(key), o.at.Child(key), o.errs)
}

func parsePrefix(s string, at field.Path, errs *field.List) netip.Prefix {
	if s == "" {
		return netip.Prefix{}
	}
	p, err := cidr.ParsePrefix(s)
	if err != nil {
		errs.Add(at, fmt.Errorf("%w: %w", ErrInvalid, err))
	}
	return p
}

// addr parses an IP address; "" is the zero Addr.
func parseAddr(s string, at field.Path, errs *field.List) netip.Addr {
	if s == "" {
		return netip.Addr{}
	}
	a, err := cidr.ParseAddr(s)
	if err != nil {
		errs.Add(at, fmt.Errorf("%w: %w", ErrInvalid, err))
	}
	return a
}

// prefixes parses the wrapped list wrapper.item[] of CIDR blocks.
func (o obj) prefixes(wrapper, item string) []netip.Prefix {
	strs, ats := o.strings(wrapper, item)
	var out []netip.Prefix
	for i, s := range strs {
		if p := parsePrefix(s, ats[i], o.errs); p.IsValid() {
			out = append(out, p)
		} else if s == "" {
			o.errs.Add(ats[i], fmt.Errorf("%w: empty CIDR block", ErrInvalid))
		}
	}
	return out
}

// id returns the required string member key: the ID a resource is known by.
func (o obj) id(key string) string {
	s := o.str(key)
	if v := o.n.get(key); s == "" && (v == nil || v.kind == 's' || v.kind == 'z') {
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
	// "ConnectCidrBlocks[k]".
	ConnectCidrBlocks []netip.Prefix
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

// NetworkInterfacePath is the path of network interface j of an instance.
func NetworkInterfacePath(inst field.Path, j int) field.Path {
	return inst.Child("NetworkInterfaceAttributes").Child("NetworkInterfaceAttribute").Index(j)
}

func readInstanceAttribute(o obj) *InstanceAttribute {
	a := &InstanceAttribute{
		InstanceId:            o.id("InstanceId"),
		InstanceName:          o.str("InstanceName"),
		InstanceType:          o.str("InstanceType"),
		DedicatedInstanceType: o.str("DedicatedInstanceType"),
		RegionId:              o.str("RegionId"),
		ConnectVpcId:          o.str("ConnectVpcId"),
		InstanceCidrBlock:     o.prefix("InstanceCidrBlock"),
		ConnectCidrBlocks:     connectCidrBlocks(o.str("ConnectCidrBlocks"), o.at.Child("ConnectCidrBlocks"), o.errs),
		VpcEgressAddress:      o.prefix("VpcEgressAddress"),
		NewVpcEgressAddress:   o.prefix("NewVpcEgressAddress"),
	}
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
// (each quote preceded by a backslash). "" is no blocks. Anything else is
// an error.
func connectCidrBlocks(s string, at field.Path, errs *field.List) []netip.Prefix {
	if s == "" {
		return nil
	}
	var strs []string
	if err := json.Unmarshal([]byte(s), &strs); err != nil {
		unescaped := strings.ReplaceAll(s, `\"`, `"`)
		if unescaped == s || json.Unmarshal([]byte(unescaped), &strs) != nil {
			errs.Add(at, fmt.Errorf("%w: %q is not a JSON array of CIDR blocks in a string", ErrInvalid, s))
			return nil
		}
	}
	var out []netip.Prefix
	for k, p := range strs {
		if v := parsePrefix(p, at.Index(k), errs); v.IsValid() {
			out = append(out, v)
		} else if p == "" {
			errs.Add(at.Index(k), fmt.Errorf("%w: empty CIDR block", ErrInvalid))
		}
	}
	return out
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

func readVpcAccess(o obj) *VpcAccessAttribute {
	port, _ := o.integer("Port", 0, math.MaxUint16, false)
	return &VpcAccessAttribute{
		Name:              o.str("Name"),
		VpcId:             o.str("VpcId"),
		InstanceId:        o.str("InstanceId"),
		Port:              uint16(port),
		VpcTargetHostName: o.str("VpcTargetHostName"),
		VpcAccessId:       o.str("VpcAccessId"),
	}
}

// key is the authorization's identity: its VpcAccessId when given, else
// the four parts Terraform names it by.
func (v *VpcAccessAttribute) key() string {
	if v.VpcAccessId != "" {
		return "id:" + v.VpcAccessId
	}
	return fmt.Sprintf("%q:%q:%q:%d", v.Name, v.VpcId, v.InstanceId, v.Port)
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
	// InstanceId is the instance the group is on.
	InstanceId string
	// InstanceType is the instance type: VPC_SHARED or VPC_DEDICATED (CLASSIC_SHARED for a group's).
	InstanceType string
	// DedicatedInstanceType is vpc_connect (a VPC integration instance) or normal; DescribeApiGroups does not give it.
	DedicatedInstanceType string
	// RegionId is the region.
	RegionId string
}

func readApiGroup(o obj) *ApiGroupAttribute {
	return &ApiGroupAttribute{
		GroupId:               o.id("GroupId"),
		GroupName:             o.str("GroupName"),
		InstanceId:            o.id("InstanceId"),
		InstanceType:          o.str("InstanceType"),
		DedicatedInstanceType: o.str("DedicatedInstanceType"),
		RegionId:              o.str("RegionId"),
	}
}

// Api is an API of DescribeApi: its group and, when ServiceConfig.
// ServiceVpcEnable is "TRUE", the VPC access authorization named by
// ServiceConfig.VpcConfig.Name.
type Api struct {
	Place
	// ApiId is the API's ID.
	ApiId string
	// ApiName is the API's name.
	ApiName string
	// GroupId is the API group's ID.
	GroupId string
	// RegionId is the region.
	RegionId string
	// VpcEnable is whether ServiceConfig.ServiceVpcEnable is "TRUE".
	VpcEnable bool
	// VpcName is ServiceConfig.VpcConfig.Name when VpcEnable: the authorization the API uses.
	VpcName string
	// BackendEnable is whether the API calls a backend service, whose
	// configuration per environment DescribeBackendInfo gives.
	BackendEnable bool
	// BackendId is BackendConfig.BackendId: the backend service.
	BackendId string
}

// VpcNamePath is the path of an API's authorization name.
func VpcNamePath(api field.Path) field.Path {
	return api.Child("ServiceConfig").Child("VpcConfig").Child("Name")
}

func readApi(o obj) *Api {
	a := &Api{
		ApiId:    o.id("ApiId"),
		ApiName:  o.str("ApiName"),
		GroupId:  o.str("GroupId"),
		RegionId: o.str("RegionId"),
	}
	if a.GroupId == "" {
		o.errs.Add(o.at.Child("GroupId"), fmt.Errorf("%w: missing GroupId", ErrInvalid))
	}
	sc, ok := o.child("ServiceConfig")
	if !ok {
		return a
	}
	switch v := sc.str("ServiceVpcEnable"); v {
	case "TRUE":
		a.VpcEnable = true
	case "FALSE", "":
	default:
		o.errs.Add(sc.at.Child("ServiceVpcEnable"), fmt.Errorf("%w: %q, want \"TRUE\" or \"FALSE\"", ErrInvalid, v))
	}
	if vc, ok := sc.child("VpcConfig"); ok {
		a.VpcName = vc.str("Name")
	}
	if a.VpcEnable && a.VpcName == "" {
		o.errs.Add(VpcNamePath(o.at), fmt.Errorf("%w: ServiceVpcEnable is \"TRUE\" but no VPC access authorization is named", ErrInvalid))
	}
	if !a.VpcEnable {
		a.VpcName = ""
	}
	// BackendEnable and BackendConfig.BackendId: the SDK's
	// services/cloudapi/describe_api.go and struct_backend_config.go.
	a.BackendEnable = o.boolean("BackendEnable")
	if bc, ok := o.child("BackendConfig"); ok {
		a.BackendId = bc.str("BackendId")
	}
	if a.BackendEnable && a.BackendId == "" {
		o.errs.Add(o.at.Child("BackendConfig").Child("BackendId"), fmt.Errorf("%w: BackendEnable is true but no backend service is named", ErrInvalid))
	}
	return a
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
	// is at BackendModelPath(At, j).
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
}

// BackendModelPath is the path of model j of the backend service at b.
func BackendModelPath(b field.Path, j int) field.Path {
	return b.Child("BackendModels").Index(j)
}

func readBackendInfo(o obj) *BackendInfo {
	b := &BackendInfo{BackendId: o.id("BackendId"), BackendName: o.str("BackendName"), BackendType: o.str("BackendType")}
	elems, at := o.array("BackendModels")
	for j, e := range elems {
		if e.kind != 'o' {
			o.errs.Add(at.Index(j), fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(e)))
			continue
		}
		m := obj{n: e, at: at.Index(j), errs: o.errs}
		bm := BackendModel{StageName: m.str("StageName")}
		if c, ok := m.child("BackendConfig"); ok {
			bm.Type = c.str("Type")
			if v, ok := c.child("VpcConfig"); ok {
				bm.VpcName, bm.VpcAccessId = v.str("Name"), v.str("VpcAccessId")
			}
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
	// GroupId is the group the API belongs to.
	GroupId string
}

func readApiSummary(o obj) *ApiSummary {
	return &ApiSummary{ApiId: o.id("ApiId"), ApiName: o.str("ApiName"), GroupId: o.id("GroupId")}
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
}

func readPlugin(o obj) *PluginAttribute {
	p := &PluginAttribute{PluginId: o.id("PluginId"), PluginName: o.str("PluginName"), PluginType: o.str("PluginType")}
	if p.PluginType == "routing" {
		p.VpcAccess, p.VpcAccessAt = routingVpcAccess(o.str("PluginData"), o.at.Child("PluginData"), o.errs)
	}
	return p
}

// ApiPluginSummary is an API a plug-in is attached to, of
// DescribePluginApis (ApiSummarys.ApiPluginSummary[]).
type ApiPluginSummary struct {
	Place
	// ApiId is the API the plug-in is attached to.
	ApiId string
	// GroupId is the group of the API the plug-in is attached to.
	GroupId string
	// StageName is the stage the plug-in is attached in.
	StageName string
}

// key identifies an attachment on the pages of DescribePluginApis.
func (a *ApiPluginSummary) key() string { return a.ApiId + "\x00" + a.StageName }

func readPluginApi(o obj) *ApiPluginSummary {
	return &ApiPluginSummary{ApiId: o.id("ApiId"), GroupId: o.id("GroupId"), StageName: o.str("StageName")}
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

func readVpc(o obj) *VpcAttribute {
	return &VpcAttribute{
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

func readVSwitch(o obj) *VSwitch {
	return &VSwitch{VSwitchId: o.id("VSwitchId"), VpcId: o.str("VpcId"), ZoneId: o.str("ZoneId"), CidrBlock: o.prefix("CidrBlock")}
}

// SecurityGroupAttribute is a security group of ECS
// DescribeSecurityGroupAttribute (the body itself) with its outbound rules
// (the Permissions.Permission[] whose Direction is "egress"; inbound rules
// are checked for their Direction only); the pages of one group are merged.
type SecurityGroupAttribute struct {
	Place
	// SecurityGroupId is the security group's ID.
	SecurityGroupId string
	// VpcId is the VPC's ID.
	VpcId string
	// InnerAccessPolicy is whether members of the group reach each other; zero when not given.
	InnerAccessPolicy authz.Policy
	// Permissions is the group's outbound rules.
	Permissions []Permission
	// NextTokens holds the non-empty NextToken of each page: more rules
	// are on the page that token asks for.
	NextTokens []string
	// Answers holds the NextToken of each page's request (given in the
	// envelope {"request": {"NextToken": ...}, "response": <body>}): the
	// pages that answer a NextToken.
	Answers []string
}

// Unanswered returns the NextTokens of the group's pages that no page
// given answers, in document order: the rules on those pages are not
// known.
func (a *SecurityGroupAttribute) Unanswered() []string {
	done := make(map[string]bool, len(a.Answers))
	for _, t := range a.Answers {
		done[t] = true
	}
	var out []string
	for _, t := range a.NextTokens {
		if !done[t] {
			done[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Permission is one outbound rule of a security group and its place.
type Permission struct {
	Place
	// SecurityGroupRuleId is the rule's ID, when given.
	SecurityGroupRuleId string
	// Rule is the rule, read strictly.
	Rule authz.Rule
}

func readSecurityGroupAttribute(o obj) *SecurityGroupAttribute {
	sg := &SecurityGroupAttribute{SecurityGroupId: o.id("SecurityGroupId"), VpcId: o.str("VpcId")}
	if t := o.str("NextToken"); t != "" {
		sg.NextTokens = []string{t}
	}
	sg.InnerAccessPolicy = optional(o, "InnerAccessPolicy", authz.ParsePolicy)
	for _, p := range o.list("Permissions", "Permission") {
		switch d := p.str("Direction"); d {
		case "ingress":
			continue
		case "egress":
		default:
			o.errs.Add(p.at.Child("Direction"), fmt.Errorf("%w: %q, want \"ingress\" or \"egress\"", ErrInvalid, d))
			continue
		}
		if r, ok := readRule(p); ok {
			sg.Permissions = append(sg.Permissions, Permission{Place: Place{At: p.at}, SecurityGroupRuleId: p.str("SecurityGroupRuleId"), Rule: r})
		}
	}
	return sg
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

// readRule reads an outbound rule strictly: Policy, Priority (1 to 100, a
// number or a numeric string), IpProtocol, PortRange, and exactly one
// destination. DestCidrIp may be a block or a bare address (its /32);
// a block with host bits set is an error.
func readRule(p obj) (authz.Rule, bool) {
	n := len(*p.errs)
	var r authz.Rule
	add := func(key string, err error) {
		if err != nil {
			p.errs.Add(p.at.Child(key), fmt.Errorf("%w: %w", ErrInvalid, err))
		}
	}
	var err error
	r.Policy, err = authz.ParsePolicy(p.str("Policy"))
	add("Policy", err)
	prio, ok := p.integer("Priority", 1, 100, true)
	if !ok && p.n.get("Priority") == nil {
		add("Priority", errors.New("missing"))
	}
	r.Priority = int(prio)
	r.Protocol, err = authz.ParseProtocol(p.str("IpProtocol"))
	add("IpProtocol", err)
	r.Ports, err = authz.ParsePortRange(p.str("PortRange"))
	add("PortRange", err)
	dests := 0
	if s := p.str("DestCidrIp"); s != "" {
		dests++
		r.DestCIDR = destBlock(s, false, p.at.Child("DestCidrIp"), p.errs)
	}
	if s := p.str("Ipv6DestCidrIp"); s != "" {
		dests++
		r.IPv6DestCIDR = destBlock(s, true, p.at.Child("Ipv6DestCidrIp"), p.errs)
	}
	if r.DestGroupID = p.str("DestGroupId"); r.DestGroupID != "" {
		dests++
	}
	if r.DestPrefixListID = p.str("DestPrefixListId"); r.DestPrefixListID != "" {
		dests++
	}
	if dests != 1 {
		p.errs.Add(p.at, fmt.Errorf("%w: an outbound rule needs exactly one of DestCidrIp, Ipv6DestCidrIp, DestGroupId, DestPrefixListId; it has %d", ErrInvalid, dests))
	}
	return r, len(*p.errs) == n
}

// destBlock reads a rule's destination: a canonical block, or a bare
// address as its single-address block, of the family the field is for.
func destBlock(s string, v6 bool, at field.Path, errs *field.List) netip.Prefix {
	var p netip.Prefix
	if strings.Contains(s, "/") {
		p = parsePrefix(s, at, errs)
	} else if a := parseAddr(s, at, errs); a.IsValid() {
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if p.IsValid() && p.Addr().Is6() != v6 {
		errs.Add(at, fmt.Errorf("%w: %s is not an %s block", ErrInvalid, p, map[bool]string{false: "IPv4", true: "IPv6"}[v6]))
		return netip.Prefix{}
	}
	return p
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

func readSecurityGroup(o obj) *SecurityGroup {
	return &SecurityGroup{
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

func readEcsInstance(o obj) *EcsInstance {
	e := &EcsInstance{InstanceId: o.id("InstanceId"), RegionId: o.str("RegionId")}
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
	// VpcId is the VPC's ID.
	VpcId string
	// RegionId is the region.
	RegionId string
}

func readLoadBalancer(o obj) *LoadBalancer {
	return &LoadBalancer{
		LoadBalancerId: o.id("LoadBalancerId"),
		Address:        parseAddr(o.str("Address"), o.at.Child("Address"), o.errs),
		AddressType:    o.str("AddressType"),
		VpcId:          o.str("VpcId"),
		RegionId:       o.str("RegionId"),
	}
}

package terraform

import (
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// Values is what a plan says, as the library's values, in document order,
// each with the places it was read from: a resource address and attribute
// ("alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block").
// A place is "" where the value has none (its field is then not mapped).
type Values struct {
	// Instances holds the alicloud_api_gateway_instance resources of
	// type vpc_connect.
	Instances []Instance
	// VPCs holds the alicloud_vpc resources.
	VPCs []VPC
	// Authorizations holds the alicloud_api_gateway_vpc_access resources.
	Authorizations []Authorization
	// SecurityGroups holds the alicloud_security_group resources.
	SecurityGroups []SecurityGroup
	// Groups holds the alicloud_api_gateway_group resources on Instances.
	Groups []Group
	// NetworkACLs holds the alicloud_network_acl resources.
	NetworkACLs []NetworkACL
	// VSwitches holds the vSwitches the alicloud_vswitches data sources
	// list, once per ID.
	VSwitches []VSwitch
	// Notes holds what the plan leaves open or wants said, in the order
	// found, each once per kind and place.
	Notes []Note
	// Role says whether the account will have the service-linked role the
	// instances to create need, and RoleAt the place that says so.
	Role   RoleState
	RoleAt string
}

// RoleState is what a plan says of the service-linked role.
type RoleState uint8

// The states of the service-linked role.
const (
	// RoleNotSaid: the plan creates no instance, for which the role does
	// not matter.
	RoleNotSaid RoleState = iota
	// RoleCreated: the plan creates or keeps the role.
	RoleCreated
	// RoleHeld: a VPC integration instance the account holds proves the
	// role.
	RoleHeld
	// RoleUnknown: the plan creates an instance and cannot say.
	RoleUnknown
)

// Instance is a VPC integration instance of the plan.
type Instance struct {
	// ID is its ID, or its address while the ID is known only after apply.
	ID string
	// Spec is its purchase form.
	Spec instance.Spec
	// Accessible holds the block to_connect_vpc_ip_block adds, when
	// Terraform sends it and the instance does not reach it already.
	Accessible []netip.Prefix
	// Exists reports an instance in the cloud that the plan keeps.
	Exists bool
	// ConnectCidrBlocks holds, when Exists, the blocks the cloud holds.
	ConnectCidrBlocks []netip.Prefix
	// At holds the places of its fields.
	At InstanceAt
}

// InstanceAt holds the places of an Instance's fields.
type InstanceAt struct {
	Resource, ID, Name, VPCID, CIDR, RegionID string
	// ConnectCidrBlocks is the attribute's place, when Exists;
	// ConnectCidrBlock each block's.
	ConnectCidrBlocks, ConnectCidrBlock string
	// Accessible is the place of Accessible[0].
	Accessible string
	// Zones holds the places of Spec.Zones, by index.
	Zones []ZoneAt
}

// ZoneAt holds the places of an instance.ZonePlacement's fields.
type ZoneAt struct {
	Zone, ZoneID, VSwitchID, VSwitchCIDR, SecurityGroupID string
}

// VPC is a VPC of the plan, with the blocks of its
// alicloud_vpc_ipv4_cidr_block resources.
type VPC struct {
	instance.VPC
	// At is the resource's address; CIDRs the place of each block.
	At    string
	CIDRs []string
}

// Authorization is a VPC access authorization of the plan.
type Authorization struct {
	authz.Authorization
	// At holds the places of its fields.
	At AuthorizationAt
}

// AuthorizationAt holds the places of an authz.Authorization's fields.
type AuthorizationAt struct {
	Resource, Name, VPCID, InstanceID, Port, HostName, Addr string
}

// SecurityGroup is a security group of the plan with its outbound rules.
type SecurityGroup struct {
	authz.SecurityGroup
	// At holds the places of its fields.
	At SecurityGroupAt
}

// SecurityGroupAt holds the places of an authz.SecurityGroup's fields.
type SecurityGroupAt struct {
	Resource, ID, Type, InnerAccessPolicy string
	// Rules holds the places of Rules, by index.
	Rules []RuleAt
	// Inbound holds the places (resource addresses) of Inbound.Rules, by
	// index.
	Inbound []string
}

// RuleAt holds the places of an authz.Rule's fields.
type RuleAt struct {
	Rule, Policy, Priority, Protocol, Ports, DestCIDR, IPv6DestCIDR, DestGroupID, DestPrefixListID string
}

// Group is an API group of the plan on one of its instances.
type Group struct {
	ID, Name, RegionID string
	// To is the ID of the instance the group is on.
	To string
	// APIs holds the group's APIs, and after the first API that calls a
	// backend service one more for each address the service's HTTP
	// backend models name (once per group).
	APIs    []migrate.API
	Plugins []migrate.Plugin
	// At holds the places of its fields.
	At GroupAt
}

// GroupAt holds the places of a Group's fields.
type GroupAt struct {
	Resource, To, Name, RegionID string
	// APIs and Plugins hold the places of APIs and Plugins, by index.
	APIs    []APIAt
	Plugins []PluginAt
}

// APIAt holds the places of a migrate.API's fields; ServiceAddress is ""
// when the API may call no address directly.
type APIAt struct{ API, Name, VPCAccess, ServiceAddress string }

// PluginAt holds the places of a migrate.Plugin's fields; ServiceAddresses
// is "" when the plug-in has none.
type PluginAt struct{ Plugin, VPCAccess, ServiceAddresses string }

// NoteKind says what a Note is.
type NoteKind uint8

// The kinds of note.
const (
	// Unverified is a value that cannot be known from the plan (one known
	// only after apply, a region from the environment): what depends on
	// it is unverified.
	Unverified NoteKind = iota + 1
	// ForceNew is a change that destroys and re-creates what a check
	// cares about.
	ForceNew
)

// Note is something the plan leaves open or wants said.
type Note struct {
	Kind NoteKind
	// Where names the place: a resource address and attribute, or a
	// provider configuration's attribute.
	Where string
	// Use names the attribute read that the note bears on, when it bears
	// on one (it may refer to Where): its value's plan path is the note's.
	Use string
	// What says it in a sentence.
	What string
}

// Read decodes a plan document (see [Decode]) and reads its alicloud
// resources into Values; the errors are *field.Error values at JSON paths
// of the document, joined: those of Decode, or else every value the
// library rejects and every contradiction of the plan.
func Read(data []byte) (*Values, error) {
	p, err := Decode(data)
	if err != nil {
		return nil, err
	}
	t := newPlanReader(NewIndex(p))
	t.read()
	if err := t.errs.Err(); err != nil {
		return nil, err
	}
	return &t.v, nil
}

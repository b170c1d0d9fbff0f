package vpcgate

import (
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// Plan is a whole plan: the VPC integration instances to check, the VPCs
// they connect to, the VPC access authorizations, the security groups of
// the instances' network interfaces, and the API groups to move. Its JSON
// form is the document [ParsePlan] reads; the field names are the JSON
// names of the library's types (lowerCamel).
//
// A plan has one of two forms. The single-instance form sets Instance, VPC
// and Accessible; the multi-instance form sets Instances and VPCs (an
// instance reaches one VPC, so a team with several VPCs has several
// instances). A plan may not mix them.
//
// The zero Plan is an empty plan: [Check] reports that it describes no
// instance.
type Plan struct {
	// Comment is free text, ignored by Check.
	Comment string `json:"comment,omitempty"`

	// Instance is the instance of the single-instance form.
	Instance *Instance `json:"instance,omitempty"`
	// VPC is the VPC of the single-instance form.
	VPC *instance.VPC `json:"vpc,omitempty"`
	// Accessible holds, in the single-instance form, the blocks to make
	// accessible beyond the instance's vSwitch blocks.
	Accessible []netip.Prefix `json:"accessible,omitempty"`

	// Instances holds the instances of the multi-instance form, each with
	// its own Accessible.
	Instances []Instance `json:"instances,omitempty"`
	// VPCs holds the VPCs of the multi-instance form, found by ID.
	VPCs []instance.VPC `json:"vpcs,omitempty"`

	// Authorizations holds the VPC access authorizations the groups use,
	// found by name. Each is checked against the instances its groups go
	// to; one that no group uses, against the instance of the
	// single-instance form (Instance), and in the multi-instance form
	// against none: the cloud checks an authorization only where an API
	// that uses it is published.
	Authorizations []authz.Authorization `json:"authorizations,omitempty"`
	// SecurityGroups holds the security groups of the instances' network
	// interfaces, found by ID. A group not given here is not checked, and
	// the report says so.
	SecurityGroups []authz.SecurityGroup `json:"securityGroups,omitempty"`
	// Groups holds the API groups to move.
	Groups []Group `json:"groups,omitempty"`

	// VSwitches holds what is known of the vSwitches the instances'
	// network interfaces use beyond their blocks, found by ID. A vSwitch
	// listed here has a known number of free addresses (0 is none); one not
	// listed has an unknown number, which is not checked.
	VSwitches []VSwitch `json:"vSwitches,omitempty"`

	// ServiceLinkedRole says whether the account has the service-linked
	// role AliyunServiceRoleForApiGatewayConnectUserVpc, which an instance
	// to create needs: [RoleExists], [RoleAbsent] (a problem when the plan
	// creates an instance), or [RoleUnknown] (unverified). Left empty, an
	// instance of the plan that exists proves the role (its creation
	// needed it, and the role cannot be deleted while an instance uses
	// it); without one the role is not known either, and a plan that
	// creates an instance gets one unverified warning at the first.
	// ReadTerraformPlan says RoleExists when the plan declares the
	// provider's alicloud_resource_manager_service_linked_role for API
	// Gateway's service or holds a VPC integration instance of the same
	// provider configuration in its prior state, and RoleUnknown otherwise;
	// a plan of ReadResponses creates no instance.
	ServiceLinkedRole string `json:"serviceLinkedRole,omitempty"`

	// NetworkACLs holds the VPC network ACLs bound to the vSwitches of the
	// instances' network interfaces and of the backends, found by the
	// vSwitch IDs they are bound to. An ACL's outbound entries must let
	// TCP to each backend through, and the inbound entries of the ACL bound
	// to a backend's vSwitch (one whose block in the plan's instances holds
	// the backend) TCP from the instance's vSwitch blocks. A vSwitch not
	// bound here is not checked; an ACL bound whose entries are not given
	// is unverified. An ACL bound to a vSwitch that is none of the
	// instances' (its block not in the plan) may hold a backend that lies
	// outside their blocks: unless its inbound entries let that traffic in
	// wherever the backend is, whether it filters the backend is
	// unverified (said once per ACL).
	NetworkACLs []authz.NetworkACL `json:"networkAcls,omitempty"`

	// Notes holds what the plan's source could not settle or wants said:
	// values unknown until apply, responses not given, resources that a
	// change replaces. The readers fill it; Check reports each note.
	Notes []Note `json:"notes,omitempty"`

	// Source maps paths in the plan to places in the document the plan was
	// read from (a Terraform resource address and attribute, or an OpenAPI
	// response and its JSON path). Check names a finding's place by the
	// longest path of the finding that Source maps; a plan read with
	// ParsePlan has none, so findings name their JSON path in the plan.
	Source map[field.Path]string `json:"-"`
}

// Instance is a VPC integration instance of a plan: its purchase form, its
// ID, and the blocks to make accessible beyond its vSwitch blocks.
type Instance struct {
	// ID is the instance ID; optional for an instance yet to be created,
	// required in the multi-instance form, where groups name it in To.
	ID string `json:"id,omitempty"`
	// Spec is the purchase form; its fields are the instance's in JSON.
	instance.Spec
	// Accessible holds blocks of the VPC or of networks connected to it to
	// add to the accessible blocks.
	Accessible []netip.Prefix `json:"accessible,omitempty"`
	// Exists reports that the instance is already in the cloud (read from
	// DescribeInstances, or from Terraform state that the plan does not
	// replace). Its purchase form is then a fact, not a request: the rules
	// that hold only at creation (the instance CIDR block, vSwitch sizes,
	// reserved blocks) are not checked again, and its accessible blocks are
	// ConnectCidrBlocks plus Accessible.
	Exists bool `json:"exists,omitempty"`
	// ConnectCidrBlocks holds, for an instance that exists, the accessible
	// blocks the cloud holds now (DescribeInstances' ConnectCidrBlocks),
	// exactly: a vSwitch block counts only when listed. They are facts and
	// are not checked against the VPC again. For an existing instance an
	// empty list means they are not known, and what depends on them is
	// unverified. Ignored for an instance to create, whose accessible
	// blocks start as its vSwitch blocks.
	ConnectCidrBlocks []netip.Prefix `json:"connectCidrBlocks,omitempty"`
}

// The values of Plan.ServiceLinkedRole.
const (
	// RoleExists says the account has the role, or that the plan creates
	// it (a Terraform alicloud_resource_manager_service_linked_role).
	RoleExists = "exists"
	// RoleAbsent says the account does not have the role.
	RoleAbsent = "absent"
	// RoleUnknown says the plan's source could not know, as an empty
	// value does.
	RoleUnknown = "unknown"
)

// VSwitch is what a plan knows of a vSwitch beyond its block.
type VSwitch struct {
	// ID is the vSwitch ID.
	ID string `json:"id"`
	// AvailableIPs is the number of free addresses in the vSwitch, as VPC
	// DescribeVSwitches' AvailableIpAddressCount gives it: 0 means none,
	// so that an instance to create cannot place its network interface
	// there. Nil (JSON absent) means the count is not known, and nothing
	// is checked; so is a vSwitch not listed in Plan.VSwitches.
	AvailableIPs *int `json:"availableIps,omitempty"`
}

// Group is an API group of a plan and where it goes.
type Group struct {
	// ID is the group ID.
	ID string `json:"id"`
	// Name is the group's name.
	Name string `json:"name"`
	// RegionID is the group's region.
	RegionID string `json:"regionId"`
	// Instance is the instance the group is on now: its ID, kind and region.
	Instance instance.Instance `json:"instance"`
	// To is the ID of the plan's instance the group moves to; it may be
	// left empty when the plan has one instance. A group without To, or
	// whose move fails, gets placement advice.
	To string `json:"to,omitempty"`
	// APIs holds the group's APIs.
	APIs []migrate.API `json:"apis,omitempty"`
	// Plugins holds the plug-ins bound to the group's APIs.
	Plugins []migrate.Plugin `json:"plugins,omitempty"`
	// DataWorks reports whether the group serves DataWorks.
	DataWorks bool `json:"dataWorks,omitempty"`
}

// Migrate returns g as the migrate package's group, on g.Instance.
func (g Group) Migrate() migrate.Group {
	return migrate.Group{ID: g.ID, Name: g.Name, RegionID: g.RegionID, InstanceID: g.Instance.ID, APIs: g.APIs, Plugins: g.Plugins, DataWorks: g.DataWorks}
}

// Note is something a plan's reader could not settle or wants said.
//
// Notes of one Code and one place (Where, or Path's place) are one value
// the source could not give, read into several values of the plan, one
// note per value (each Path): the report says it once, and what rests on
// any of those values is unverified.
type Note struct {
	// Code is a rule code of [Rules]: [CodeUnverified] for a value that
	// cannot be known from the source (Strict makes it a problem), or a
	// warning code such as [CodeForceNew]. A code of no rule is reported as
	// unverified.
	Code Code `json:"code"`
	// Where names the place in the source (a Terraform address and
	// attribute, an OpenAPI response and path). A note without Where is
	// reported at Path's place (as Source maps it), or, without either, at
	// its own index in Notes ("notes[i]").
	Where string `json:"where"`
	// Path is the path in the plan of the value the note concerns, such as
	// instances[0].connectCidrBlocks or groups[2].dataWorks, when the
	// reader knows it: Check takes the group a note bears on from it
	// (a path under groups[g] is group g's; any other, no group's). A note
	// without Path is placed through Source instead: the group of the
	// nearest place at or above Where that Source maps, which costs a pass
	// over Source; a place Source does not map is no group's.
	Path field.Path `json:"path,omitempty"`
	// What says what is not known, or what happens.
	What string `json:"what"`
}

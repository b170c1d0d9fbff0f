package vpcgate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/terraform"
)

// ReadTerraformPlan reads the JSON that `terraform show -json PLANFILE`
// prints (format_version 0.x or 1.x) and returns the plan of its alicloud
// resources in the multi-instance form, for [Check]:
//
//   - each alicloud_api_gateway_instance with instance_type "vpc_connect"
//     is an instance of Plan.Instances: instance_name, instance_cidr,
//     user_vpc_id, and zone_vswitch_security_group's zone_id, vswitch_id,
//     cidr_block and security_group. An instance that exists (in the
//     state, and not created or replaced by the plan: a no-op, an update,
//     a forgotten object; without a change entry, one whose ID is known)
//     has Exists set, and its ConnectCidrBlocks are the blocks the cloud
//     holds: connect_cidr_blocks (a JSON array in a string; as planned,
//     else as before an update), exactly, a vSwitch block only where
//     listed, less delete_vpc_ip_block's block when Terraform sends it:
//     facts, not requests (while they are known only after apply, absent
//     or empty, they are left empty, with an unverified note). An instance
//     created or replaced reaches its vSwitch blocks (a replaced one's old
//     blocks go with the old instance: noted; a block delete_vpc_ip_block
//     removes from them is noted). Either way Accessible holds
//     to_connect_vpc_ip_block's cidr_block when Terraform sends it (on a
//     create or a replacement, or when the attribute changes: the provider
//     sends it only then, and otherwise the refreshed connect_cidr_blocks
//     hold it), unless the instance reaches it already: a request, checked;
//   - each resource's region is the region of the provider configuration
//     it uses (its configuration block's provider_config_key: the default
//     "alicloud", an alias such as "alicloud.sh", the configuration a
//     module is passed or inherits, or one a module declares, whose region
//     may be a variable of the module, followed through its module calls):
//     a constant or a variable's value. A region the plan does not give
//     (an environment variable, an expression, a variable whose value is
//     not known) gets an unverified note where it was looked for, once per
//     configuration, and an instance's region is then the region of its
//     first known zone;
//   - each zone whose vswitch_id names an alicloud_vswitch of the plan (by
//     ID, or by address while the ID is known only after apply) is checked
//     against it: a vSwitch whose vpc_id is not the instance's user_vpc_id
//     (matching [instance.ErrWrongVPC]), whose zone_id is not the zone's, or
//     whose cidr_block is not the zone's cidr_block is a contradiction that
//     CreateInstance refuses, so it is an error of the plan at the zone's
//     vswitch_id, as [ReadResponses] reports responses that contradict
//     each other; a side known only after apply is not compared and gets
//     an unverified note. A zone's zone_id or cidr_block known only after
//     apply is the vSwitch's, when that is known, and is checked like any;
//   - each alicloud_vpc is a VPC of Plan.VPCs (cidr_block,
//     secondary_cidr_blocks), with the secondary_cidr_block of each
//     alicloud_vpc_ipv4_cidr_block whose vpc_id names it, the IPv4
//     cidr_block of each alicloud_vswitch whose vpc_id names it in
//     VSwitches (one not known is left out, quietly: a vSwitch block
//     suggested for an instance avoids those listed), and
//     ConnectedUnknown set: a plan cannot show the networks connected to
//     it;
//   - each alicloud_api_gateway_vpc_access is an authorization (name,
//     vpc_id, instance_id, port, vpc_target_host_name). When instance_id
//     is the ID of an alicloud_instance of the plan, or refers to one
//     created with it (the provider's documented pattern), the backend is
//     that ECS instance, at its private_ip, in its security group (the one
//     security_groups lists), and its VPC (vpc_id, else its vswitch_id's
//     alicloud_vswitch's vpc_id) must be the authorization's: another is a
//     contradiction SetVpcAccess refuses, an error of the plan at the
//     authorization's vpc_id matching [authz.ErrVPCMismatch], as
//     [ReadResponses] reports it. An ECS instance created with the plan
//     stands for its ID as a security group does
//     ("alicloud-instance-web-0"), and any other instance_id known only
//     after apply is "unknown-until-apply": the backend's address is then
//     unverified, never a missing field;
//   - each alicloud_security_group is a security group, with the outbound
//     rules of the alicloud_security_group_rule resources (type "egress")
//     whose security_group_id names it; cidr_ip is an IPv4 block or
//     address and ipv6_cidr_ip an IPv6 one (the other family is an error,
//     as in [ReadResponses]);
//   - each alicloud_network_acl is a network ACL, its ingress_acl_entries
//     and egress_acl_entries in order (the provider's documentation makes
//     the order the priority), bound to the vSwitches of its resources
//     blocks and of the alicloud_network_acl_attachment and
//     alicloud_vpc_network_acl_attachment resources naming it;
//   - each vSwitch an alicloud_vswitches data source lists (by id) is one of
//     Plan.VSwitches, its free addresses its available_ip_address_count as
//     the data source read it when the plan was made (a count not known,
//     as in a data source read during apply, is left out; a vSwitch listed
//     twice has the fewer);
//   - each alicloud_api_gateway_group on one of the plan's instances is a
//     group whose To is its instance_id, as a group created there (Terraform
//     never moves a group: see below), with the alicloud_api_gateway_api
//     resources whose group_id names it (an API with service_type
//     "HTTP-VPC" uses the authorization named by
//     http_vpc_service_config[0].name) and the routing plug-ins
//     (alicloud_api_gateway_plugin with plugin_type "routing", whose
//     plugin_data names authorizations in routes[].backend.vpcAccessName)
//     that an alicloud_api_gateway_plugin_attachment binds to one of its
//     APIs or an alicloud_api_gateway_group_plugin_attachment binds to the
//     whole group (and so to every API of it); a binding to a plug-in the
//     plan does not hold gets an unverified note. An API
//     whose backend_enabled is true, or known only after apply, calls the
//     backend service backend_id names, whose VPC access authorization is
//     given only per stage in an alicloud_api_gateway_backend_model's
//     backend_model_data, which is not read: it gets an unverified note at
//     its backend_enabled, unless backend_id names an
//     alicloud_api_gateway_backend of the plan whose backend_type is one
//     the provider accepts other than "VPC" (HTTP, FC_*, OSS, MOCK), and
//     no alicloud_api_gateway_backend_model of it may be of type "VPC";
//   - backends called directly (issue #20): an API with service_type
//     "HTTP" calls http_service_config[0].address, its ServiceAddress
//     (Source maps `groups[g].apis[a].serviceAddress` to that attribute);
//     "MOCK" and "FunctionCompute" call nothing in a VPC. An address known
//     only after apply, or one an API whose service_type is known only
//     after apply, not given or not one the provider lists may call, gets
//     an unverified note whose Path is the API's serviceAddress; an
//     address [authz.ParseEndpoint] rejects is the plan's error, at the
//     attribute. A routing plug-in's plugin_data, JSON or YAML (the subset
//     the cloud's PluginData is read with), names its ServiceAddresses in
//     routes[].backend.address where backend.type is "HTTP" (each once; a
//     route without an address calls the API's own); text neither reads
//     as is noted, and a bad address is an error at plugin_data naming
//     the route. The backend service of such an API that is not in a VPC
//     calls, per stage, the ServiceAddress of the backend_model_data (a
//     JSON object in a string, as the provider documents it:
//     {"ServiceAddress": "http://...:8080"}) of each of its
//     alicloud_api_gateway_backend_model resources of backend_type "HTTP":
//     each address is one more API of the group, once per group, named
//     as the API with the service and the stage ("list (backend service
//     "bk-1", RELEASE)"), at the model's backend_model_data; data known
//     only after apply or not a JSON object, and an address without a
//     scheme or port (the cloud's own sample has "10.0.0.1"), are noted.
//
// Resources come from planned_values (the root module and its
// child_modules), with data sources from prior_state (a data source that
// the plan reads again during apply has its change's values, never the
// stale prior ones), and the objects the plan forgets (a removed block
// with destroy = false: action "forget", or the old object of a
// ["create","forget"] replacement), which stay in the cloud as their
// change's before describes them; existing resources are facts like
// planned ones. Only managed resources are read as the types above: a
// data source describes what exists, and is read only where a resource's
// value refers to it. A value Terraform knows only after apply
// (after_unknown) is followed through the configuration's references
// (user_vpc_id = alicloud_vpc.vpc.id, a module's output, a module's input
// variable): an ID known only after apply of a resource the plan manages
// becomes the address of its resource, so that references still connect
// (an instance "alicloud_api_gateway_instance.gw", a group's To the same;
// a security group's ID must be a resource ID, so it is the address with
// every byte other than a letter or digit made '-', then '-' and the
// group's index in Plan.SecurityGroups: "alicloud-security-group-sg-0");
// a data source's ID read during apply is whatever it finds, so it stays
// unknown. Such an address stands for an ID only in an attribute that holds
// one: elsewhere (a policy, a port range) the reference is part of an
// expression Terraform evaluates during apply, whose references the plan
// lists as a bare reference's (`alicloud_vpc.vpc.id == "" ? "drop" :
// "accept"`), so the value is unknown. Any other value that stays unknown is left zero and gets a Note
// with Code "unverified" naming the resource address and attribute the
// reference reaches ("alicloud_vswitch.b.cidr_block"), never a pass. What
// depends on it, and only that, is unverified: an outbound rule whose
// policy, protocol, ports, priority or destination is unknown (a
// destination attribute the configuration does not give, as prefix_list_id,
// which is Optional and Computed and unknown on every create, is no
// destination: the provider sends none) stands as
// one rule per policy it may have (accept, drop, or both while the policy
// is unknown) whose destination cannot be known, at its priority (the
// first, 1, while that is unknown); a rule whose type or
// security_group_id is unknown may be an outbound rule of any group of
// the plan: each group it may be in gets one such rule per policy, at the
// smallest such priority; a security group whose security_group_type is
// unknown (the cloud chooses it) gets such an accept rule last (priority
// 100), since its default may allow what no rule decides, and one whose
// inner_access_policy is unknown, with an ECS backend in it, such an
// accept rule first (priority 1), since Accept lets its members reach
// each other whatever the rules say; and a routing plug-in whose
// plugin_data is neither JSON nor YAML this reader reads is noted.
//
// A change that destroys and re-creates what a check cares about gets a
// Note with Code "force-new": an alicloud_api_gateway_group whose
// instance_id changes (ForceNew: the group, its APIs, domains and app
// authorizations are deleted and a new group is created, where
// ModifyApiGroupInstance would have moved it), and an
// alicloud_api_gateway_instance replaced because zone_vswitch_security_group,
// instance_cidr or user_vpc_id change.
//
// Plan.Source maps the plan's paths to Terraform addresses and attributes
// (`instances[0].zones[1].vSwitchCidr` to
// `alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block`),
// so that findings name them. A note's Path is the plan path of the value
// read from the attribute it bears on (`instances[0].vpcId` for a
// user_vpc_id known only after apply), when that attribute gave one value:
// what Check would find wrong there is unverified, never a problem.
//
// Malformed JSON, invalid UTF-8, keys given twice, a value of the wrong JSON
// type where the reader looks, a missing format_version or planned_values,
// a format_version it does not know, values the library rejects (a CIDR
// block with host bits, an invalid port, a backend address
// [authz.ParseEndpoint] rejects, matching [authz.ErrInvalidEndpoint]) and
// contradictions of the plan are errors: every one at once, each an
// [*InputError] naming its JSON path in the document (the message names
// the Terraform address too) and its line and column there (of the nearest
// value above a missing one), worded as every reader words the same
// mistake, joined, all matching [ErrInvalidPlan] (and the sentinel of the
// library behind the problem, such as [cidr.ErrNotCanonical]). Members the
// reader does not use are ignored, as
// the format grows. ReadTerraformPlan does not keep data; it is safe for
// concurrent use.
func ReadTerraformPlan(data []byte) (Plan, error) {
	v, err := terraform.Read(data)
	if err != nil {
		return Plan{}, inputErrors(err, [][]byte{data}, tfDocument)
	}
	return tfPlan(v), nil
}

// tfDocument says, for inputErrors, that every place of a Terraform plan's
// problems is a JSON path in its one document.
func tfDocument(p field.Path) (int, string, field.Path) { return 0, "", p }

// tfPlan assembles what internal/terraform read into a plan in the
// multi-instance form, with Source mapping each value's plan path to the
// place it was read from, and Notes.
func tfPlan(v *terraform.Values) Plan {
	p := Plan{Source: make(map[field.Path]string, tfPlaces(v))}
	src := func(at field.Path, where string) {
		if where != "" {
			p.Source[at] = where
		}
	}
	for i, in := range v.VPCs {
		at := field.Path("vpcs").Index(i)
		src(at, in.At)
		for j, where := range in.CIDRs {
			src(at.Child("cidrs").Index(j), where)
		}
		p.VPCs = append(p.VPCs, in.VPC)
	}
	for i, sg := range v.SecurityGroups {
		at := field.Path("securityGroups").Index(i)
		src(at, sg.At.Resource)
		src(at.Child("id"), sg.At.ID)
		src(at.Child("type"), sg.At.Type)
		src(at.Child("innerAccessPolicy"), sg.At.InnerAccessPolicy)
		for j, r := range sg.At.Rules {
			rp := at.Child("rules").Index(j)
			src(rp, r.Rule)
			src(rp.Child("policy"), r.Policy)
			src(rp.Child("priority"), r.Priority)
			src(rp.Child("ipProtocol"), r.Protocol)
			src(rp.Child("portRange"), r.Ports)
			src(rp.Child("destCidrIp"), r.DestCIDR)
			src(rp.Child("ipv6DestCidrIp"), r.IPv6DestCIDR)
			src(rp.Child("destGroupId"), r.DestGroupID)
			src(rp.Child("destPrefixListId"), r.DestPrefixListID)
		}
		for j, where := range sg.At.Inbound {
			src(at.Child("inbound").Child("rules").Index(j), where)
		}
		p.SecurityGroups = append(p.SecurityGroups, sg.SecurityGroup)
	}
	for i, in := range v.Instances {
		at := field.Path("instances").Index(i)
		src(at, in.At.Resource)
		src(at.Child("id"), in.At.ID)
		src(at.Child("name"), in.At.Name)
		src(at.Child("vpcId"), in.At.VPCID)
		src(at.Child("cidr"), in.At.CIDR)
		src(at.Child("regionId"), in.At.RegionID)
		for j, z := range in.At.Zones {
			zp := zonePaths(at, j)
			src(zp[0], z.Zone)
			src(zp[1], z.ZoneID)
			src(zp[2], z.VSwitchID)
			src(zp[3], z.VSwitchCIDR)
			src(zp[4], z.SecurityGroupID)
		}
		src(at.Child("connectCidrBlocks"), in.At.ConnectCidrBlocks)
		for j := range in.ConnectCidrBlocks {
			src(at.Child("connectCidrBlocks").Index(j), in.At.ConnectCidrBlock)
		}
		if len(in.Accessible) > 0 {
			src(at.Child("accessible").Index(0), in.At.Accessible)
		}
		p.Instances = append(p.Instances, Instance{ID: in.ID, Spec: in.Spec, Accessible: in.Accessible, Exists: in.Exists, ConnectCidrBlocks: in.ConnectCidrBlocks})
	}
	for i, a := range v.NetworkACLs {
		at := field.Path("networkAcls").Index(i)
		src(at, a.At)
		for _, d := range []struct {
			name, attr string
			es         *authz.ACLEntries
		}{{"ingress", "ingress_acl_entries", a.Ingress}, {"egress", "egress_acl_entries", a.Egress}} {
			src(at.Child(d.name), a.At+"."+d.attr)
			if d.es != nil {
				for j := range d.es.Entries {
					src(at.Child(d.name).Child("entries").Index(j), fmt.Sprintf("%s.%s[%d]", a.At, d.attr, j))
				}
			}
		}
		p.NetworkACLs = append(p.NetworkACLs, a.NetworkACL)
	}
	for i, w := range v.VSwitches {
		at := field.Path("vSwitches").Index(i)
		src(at, w.At)
		src(at.Child("availableIps"), w.CountAt)
		p.VSwitches = append(p.VSwitches, VSwitch{ID: w.ID, AvailableIPs: w.Available})
	}
	switch v.Role {
	case terraform.RoleCreated, terraform.RoleHeld:
		p.ServiceLinkedRole = RoleExists
		src("serviceLinkedRole", v.RoleAt)
	case terraform.RoleUnknown:
		p.ServiceLinkedRole = RoleUnknown
		src("serviceLinkedRole", v.RoleAt)
	}
	for i, a := range v.Authorizations {
		at := field.Path("authorizations").Index(i)
		src(at, a.At.Resource)
		src(at.Child("name"), a.At.Name)
		src(at.Child("vpcId"), a.At.VPCID)
		src(at.Child("instanceId"), a.At.InstanceID)
		src(at.Child("port"), a.At.Port)
		src(at.Child("hostName"), a.At.HostName)
		src(at.Child("addr"), a.At.Addr)
		p.Authorizations = append(p.Authorizations, a.Authorization)
	}
	for i, g := range v.Groups {
		at := field.Path("groups").Index(i)
		src(at, g.At.Resource)
		src(at.Child("to"), g.At.To)
		src(at.Child("name"), g.At.Name)
		src(at.Child("regionId"), g.At.RegionID)
		for j, api := range g.At.APIs {
			ap := at.Child("apis").Index(j)
			src(ap, api.API)
			src(ap.Child("name"), api.Name)
			src(ap.Child("vpcAccess"), api.VPCAccess)
			src(ap.Child("serviceAddress"), api.ServiceAddress)
		}
		for j, pl := range g.At.Plugins {
			pp := at.Child("plugins").Index(j)
			src(pp, pl.Plugin)
			src(pp.Child("vpcAccess"), pl.VPCAccess)
			src(pp.Child("serviceAddresses"), pl.ServiceAddresses)
		}
		p.Groups = append(p.Groups, Group{ID: g.ID, Name: g.Name, RegionID: g.RegionID, To: g.To, APIs: g.APIs, Plugins: g.Plugins})
	}
	// A note's Path is the plan path of the one value read from the
	// attribute it bears on; none when that attribute gave no value, or
	// several.
	var pathOf map[string]field.Path
	if len(v.Notes) > 0 {
		pathOf = make(map[string]field.Path, len(p.Source))
		for at, where := range p.Source {
			if _, seen := pathOf[where]; seen {
				at = ""
			}
			pathOf[where] = at
		}
	}
	for _, n := range v.Notes {
		code := CodeUnverified
		if n.Kind == terraform.ForceNew {
			code = CodeForceNew
		}
		p.Notes = append(p.Notes, Note{Code: code, Where: n.Where, Path: pathOf[n.Use], What: n.What})
	}
	return p
}

// tfPlaces returns about how many places v holds, for sizing Source.
func tfPlaces(v *terraform.Values) int {
	n := 2*len(v.VPCs) + 2*len(v.VSwitches) + 4*len(v.SecurityGroups) + 8*len(v.Instances) + 8*len(v.Authorizations) + 4*len(v.Groups)
	for _, sg := range v.SecurityGroups {
		n += 5 * len(sg.Rules)
	}
	for _, in := range v.Instances {
		n += 5*len(in.Spec.Zones) + len(in.ConnectCidrBlocks)
	}
	for _, g := range v.Groups {
		n += 3*len(g.APIs) + 2*len(g.Plugins)
	}
	return n
}

// zoneFields are the paths of a zone's fields, after its own: see
// zonePaths.
var zoneFields = [...]string{".zoneId", ".vSwitchId", ".vSwitchCidr", ".securityGroupId"}

// zonePaths returns the path of zone j of the instance at at
// (`at.zones[j]`), then of its fields (zoneFields), as substrings of one
// string, the zone's own the start of its zoneId's: a zone's five paths
// cost one allocation, not nine.
func zonePaths(at field.Path, j int) [1 + len(zoneFields)]field.Path {
	var tail [32]byte // ".zones[j]"
	t := append(strconv.AppendInt(append(tail[:0], ".zones["...), int64(j), 10), ']')
	base := len(at) + len(t)
	n := 0
	for _, f := range zoneFields {
		n += base + len(f)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range zoneFields {
		b.WriteString(string(at))
		b.Write(t)
		b.WriteString(f)
	}
	all := field.Path(b.String())
	var out [1 + len(zoneFields)]field.Path
	for i, f := range zoneFields {
		out[i+1], all = all[:base+len(f)], all[base+len(f):]
	}
	out[0] = out[1][:base]
	return out
}

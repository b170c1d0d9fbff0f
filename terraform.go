package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/terraform"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// The alicloud resource types the reader reads.
const (
	tfInstance     = "alicloud_api_gateway_instance"
	tfVPC          = "alicloud_vpc"
	tfVPCCIDR      = "alicloud_vpc_ipv4_cidr_block"
	tfVSwitch      = "alicloud_vswitch"
	tfSecGroup     = "alicloud_security_group"
	tfSecGroupRule = "alicloud_security_group_rule"
	tfVPCAccess    = "alicloud_api_gateway_vpc_access"
	tfGroup        = "alicloud_api_gateway_group"
	tfAPI          = "alicloud_api_gateway_api"
	tfPlugin       = "alicloud_api_gateway_plugin"
	tfPluginAttach = "alicloud_api_gateway_plugin_attachment"
	// tfGroupPluginAttach binds a plug-in to a whole group (provider
	// v1.278.0 and later).
	tfGroupPluginAttach = "alicloud_api_gateway_group_plugin_attachment"
	tfECS               = "alicloud_instance"
	tfBackend           = "alicloud_api_gateway_backend"
	tfBackendModel      = "alicloud_api_gateway_backend_model"
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
//     alicloud_vpc_ipv4_cidr_block whose vpc_id names it, and
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
//     no alicloud_api_gateway_backend_model of it may be of type "VPC".
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
// plugin_data is not JSON is noted.
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
// so that findings name them.
//
// Malformed JSON, invalid UTF-8, keys given twice, a value of the wrong JSON
// type where the reader looks, a missing format_version or planned_values,
// a format_version it does not know, values the library rejects (a CIDR
// block with host bits, an invalid port) and contradictions of the plan
// are errors: every one at once, each
// a [*field.Error] naming its JSON path in the document (the message names
// the Terraform address too), joined, all matching [ErrInvalidPlan] (and
// the sentinel of the library behind the problem, such as
// [cidr.ErrNotCanonical]). Members the reader does not use are ignored, as
// the format grows. ReadTerraformPlan does not keep data; it is safe for
// concurrent use.
func ReadTerraformPlan(data []byte) (Plan, error) {
	tp, err := terraform.Decode(data)
	if err != nil {
		return Plan{}, inputErrors(err, [][]byte{data}, tfPlaces)
	}
	t := &tfReader{ix: terraform.NewIndex(tp), seen: make(map[string]bool), regions: make(map[string]tfRegion), p: Plan{Source: make(map[field.Path]string)}}
	t.read()
	if err := t.errs.Err(); err != nil {
		return Plan{}, inputErrors(err, [][]byte{data}, tfPlaces)
	}
	return t.p, nil
}

// tfPlaces says, for inputErrors, that every place of a Terraform plan's
// problems is a JSON path in its one document.
func tfPlaces(p field.Path) (int, string, field.Path) { return 0, "", p }

type tfReader struct {
	ix   *terraform.Index
	p    Plan
	errs field.List
	seen map[string]bool // notes added, by code and place

	regions map[string]tfRegion // by provider configuration key

	instances    map[string]int // plan instance index by ID
	others       map[string]bool
	groups       map[string]int // plan group index by ID
	ecs          map[string]int // alicloud_instance resources by ID (their address while it is unknown): 1 + their index in ecsList
	ecsList      []*terraform.Res
	sgIDs        map[string]string         // a security group's address to its ID in the plan, for those created with it
	innerUnknown map[int]string            // security groups whose inner_access_policy is known only after apply: where, by index
	vswitches    map[string]*terraform.Res // alicloud_vswitch resources by ID (their address while it is unknown)
	backends     map[string]*terraform.Res // alicloud_api_gateway_backend resources by ID (their address while it is unknown)
	vpcModels    map[string]*terraform.Res // a backend model that may be of type "VPC", by its backend_id
}

func (t *tfReader) read() {
	t.region(nil) // the default configuration's, said first
	t.readVPCs()
	t.readSecurityGroups()
	t.readInstances()
	t.readAuthorizations()
	t.innerPolicy()
	t.readGroups()
}

// note adds a note, once per code and place: one unknown value is one note
// however many attributes refer to it.
func (t *tfReader) note(code Code, where, what string) {
	k := string(code) + " " + where
	if !t.seen[k] {
		t.seen[k] = true
		t.p.Notes = append(t.p.Notes, Note{Code: code, Where: where, What: what})
	}
}

// source maps plan path p to the place where, when where is known.
func (t *tfReader) source(p field.Path, where string) {
	if where != "" {
		t.p.Source[p] = where
	}
}

// fail records a problem with the value found at f.
func (t *tfReader) fail(f terraform.Found, err error) {
	t.errs.Add(f.Path, fmt.Errorf("%s: %w", f.Where, err))
}

// resources returns the managed resources of type typ in document order.
// A data source is never one: it describes what exists, in the shape of
// its own schema (a data source that shared a resource type's name would
// otherwise count as, say, an authorization the plan creates).
func (t *tfReader) resources(typ string) []*terraform.Res {
	var out []*terraform.Res
	for _, r := range t.ix.Resources() {
		if r.Type == typ && r.Mode != "data" {
			out = append(out, r)
		}
	}
	return out
}

// attr returns what the plan says of the attribute at steps of r
// ([terraform.Index.Attr]). Only an attribute that holds a resource ID
// (idAttr) takes the address of a resource created with the plan for that
// resource's ID known only after apply: elsewhere a reference to such an ID
// is part of an expression that Terraform evaluates during apply
// (`policy = alicloud_vpc.vpc.id == "" ? "drop" : "accept"`), whose
// references the plan lists as a bare reference's, so the value is
// unknown.
func (t *tfReader) attr(r *terraform.Res, steps ...terraform.Step) terraform.Found {
	f := t.ix.Attr(r, steps...)
	if f.Placeholder && !idAttr(steps) {
		return terraform.Found{Unknown: true, Where: f.Where}
	}
	return f
}

// idAttr reports whether the attribute at steps holds resource IDs: the
// alicloud attributes the reader reads that name another resource.
func idAttr(steps []terraform.Step) bool {
	name := ""
	for _, s := range steps {
		if n, ok := s.(string); ok {
			name = n
		}
	}
	switch name {
	case "id", "vpc_id", "user_vpc_id", "vswitch_id", "security_group", "security_groups", "security_group_id",
		"source_security_group_id", "prefix_list_id", "instance_id", "group_id", "plugin_id", "backend_id", "api_id":
		return true
	}
	return false
}

// text returns the string at steps of r: "" when absent, or when known only
// after apply, then with an unverified note that says what is not checked.
// An ID known only after apply is its resource's address (f.Placeholder).
func (t *tfReader) text(r *terraform.Res, unchecked string, steps ...terraform.Step) (string, terraform.Found) {
	f := t.attr(r, steps...)
	if f.Where == "" {
		f.Where = r.Address + terraform.Format(steps)
	}
	switch {
	case f.Unknown:
		use := r.Address + terraform.Format(steps)
		what := use + " is known only after apply"
		if f.Where != use {
			what = use + " refers to " + f.Where + ", known only after apply"
		}
		if unchecked != "" {
			what += ": " + unchecked
		}
		t.note(CodeUnverified, f.Where, what)
		return "", f
	case f.Value == nil:
		return "", f
	case f.Value.Kind != terraform.String:
		t.fail(f, fmt.Errorf("%w: %s, want string", terraform.ErrWrongType, f.Value.Kind))
		return "", f
	}
	return f.Value.Text, f
}

// prefix returns the CIDR block at steps of r, invalid when absent or
// unknown; a block cidr.ParsePrefix rejects is an error.
func (t *tfReader) prefix(r *terraform.Res, unchecked string, steps ...terraform.Step) (netip.Prefix, terraform.Found) {
	s, f := t.text(r, unchecked, steps...)
	if s == "" {
		return netip.Prefix{}, f
	}
	p, err := cidr.ParsePrefix(s)
	if err != nil {
		t.fail(f, err)
	}
	return p, f
}

// list calls fn for each element index of the list at steps of r; a list
// whose length is known only after apply gets an unverified note, unless
// unchecked is empty.
func (t *tfReader) list(r *terraform.Res, unchecked string, fn func(i int), steps ...terraform.Step) {
	n, ok := t.ix.Len(r, steps...)
	if !ok && unchecked != "" {
		where := r.Address + terraform.Format(steps)
		t.note(CodeUnverified, where, where+" is known only after apply: "+unchecked)
	}
	for i := range n {
		fn(i)
	}
}

// id returns r's ID, or its address while the ID is known only after apply.
func (t *tfReader) id(r *terraform.Res) string {
	f := t.attr(r, "id")
	if f.Value != nil && f.Value.Kind == terraform.String && f.Value.Text != "" {
		return f.Value.Text
	}
	return r.Address
}

// tfRegion is the region of a provider configuration: "" when the plan
// does not give it, where the place it was looked for.
type tfRegion struct{ id, where string }

// region returns the region of the provider configuration r uses (its
// provider_config_key: an aliased configuration has its own region, and so
// may a module's), noting once per configuration a region the plan does not
// give (an environment variable, an expression, a variable whose value is
// not known): "" then.
func (t *tfReader) region(r *terraform.Res) tfRegion {
	key := "alicloud"
	if r != nil {
		key = r.ProviderKey()
	}
	if reg, ok := t.regions[key]; ok {
		return reg
	}
	v, where, ok := t.ix.ProviderValue(key, "region")
	reg := tfRegion{where: where}
	switch {
	case ok && v.Kind == terraform.String && v.Text != "":
		reg.id = v.Text
	case key == "alicloud":
		t.note(CodeUnverified, where, "the alicloud provider's region is not in the plan (an environment variable, perhaps): each instance's region is taken from its zones")
	default:
		t.note(CodeUnverified, where, fmt.Sprintf("the region of provider configuration %q is not in the plan (an environment variable, an expression or a variable not known, perhaps): the region of each instance that uses it is taken from its zones", key))
	}
	t.regions[key] = reg
	return reg
}

// regionOf returns the region of r's provider configuration, or else the
// region that the catalog gives the first known zone.
func (t *tfReader) regionOf(r *terraform.Res, zoneIDs []string) string {
	if reg := t.region(r); reg.id != "" {
		return reg.id
	}
	for _, z := range zoneIDs {
		if zone, err := zones.Default().Zone(z); err == nil {
			return zone.RegionID
		}
	}
	return ""
}

func (t *tfReader) readVPCs() {
	byID := make(map[string]int)
	for _, r := range t.resources(tfVPC) {
		at := field.Path("vpcs").Index(len(t.p.VPCs))
		// A plan cannot show the networks connected to the VPC (peered
		// VPCs, VPN or Express Connect): Connected is not the whole list.
		v := instance.VPC{ID: t.id(r), ConnectedUnknown: true}
		t.source(at, r.Address)
		add := func(p netip.Prefix, f terraform.Found) {
			if p.IsValid() {
				t.source(at.Child("cidrs").Index(len(v.CIDRs)), f.Where)
				v.CIDRs = append(v.CIDRs, p)
			}
		}
		add(t.prefix(r, "the VPC's blocks are not checked", "cidr_block"))
		// Blocks not yet known can only make the check stricter: no note.
		t.list(r, "", func(i int) {
			add(t.prefix(r, "the VPC's blocks are not checked", "secondary_cidr_blocks", i))
		}, "secondary_cidr_blocks")
		byID[v.ID] = len(t.p.VPCs)
		t.p.VPCs = append(t.p.VPCs, v)
	}
	for _, r := range t.resources(tfVPCCIDR) {
		id, _ := t.text(r, "the block is not added to a VPC", "vpc_id")
		i, ok := byID[id]
		if id == "" || !ok {
			continue
		}
		p, f := t.prefix(r, "the block is not added to the VPC", "secondary_cidr_block")
		if p.IsValid() {
			t.source(field.Path("vpcs").Index(i).Child("cidrs").Index(len(t.p.VPCs[i].CIDRs)), f.Where)
			t.p.VPCs[i].CIDRs = append(t.p.VPCs[i].CIDRs, p)
		}
	}
}

func (t *tfReader) readInstances() {
	t.instances, t.others = make(map[string]int), make(map[string]bool)
	for _, r := range t.resources(tfInstance) {
		id := t.id(r)
		kind, _ := t.text(r, "the instance is not checked", "instance_type")
		if kind != instance.VPCIntegration.APIValue() {
			t.others[id] = true
			continue
		}
		i := len(t.p.Instances)
		at := field.Path("instances").Index(i)
		t.source(at, r.Address)
		in := Instance{ID: id}
		t.source(at.Child("id"), r.Address+".id")
		var nf terraform.Found
		if in.Name, nf = t.text(r, "the instance's name is not known", "instance_name"); nf.Unknown {
			// Nothing depends on a name: its resource's address stands
			// for it, never a missing field.
			in.Name = r.Address
		}
		t.source(at.Child("name"), r.Address+".instance_name")
		t.source(at.Child("vpcId"), r.Address+".user_vpc_id")
		if vpc, ok := t.vswitchVPC(r); ok {
			// CreateInstance places the network interfaces in vSwitches
			// of user_vpc_id: known only after apply, it is theirs.
			in.VPCID = vpc.Value.Text
			t.source(at.Child("vpcId"), vpc.Where)
		} else {
			in.VPCID, _ = t.text(r, "the instance's VPC is not checked", "user_vpc_id")
		}
		in.CIDR, _ = t.prefix(r, "the instance CIDR block is not checked", "instance_cidr")
		t.source(at.Child("cidr"), r.Address+".instance_cidr")
		var zoneIDs []string
		t.list(r, "the instance's zones are not checked", func(j int) {
			zp := at.Child("zones").Index(j)
			use := r.Address + terraform.Format([]terraform.Step{"zone_vswitch_security_group", j})
			t.source(zp, use)
			var z instance.ZonePlacement
			z.VSwitchID, _ = t.text(r, "", "zone_vswitch_security_group", j, "vswitch_id")
			for name, attr := range map[string]string{"zoneId": "zone_id", "vSwitchId": "vswitch_id", "vSwitchCidr": "cidr_block", "securityGroupId": "security_group"} {
				t.source(zp.Child(name), use+"."+attr)
			}
			// A zone or block known only after apply is the vSwitch's, when
			// the plan knows that.
			vs := t.vswitch(z.VSwitchID)
			if f := t.fromVSwitch(r, j, vs, "zone_id"); f.Value != nil {
				z.ZoneID, _ = t.text(vs, "", "zone_id")
				t.source(zp.Child("zoneId"), f.Where)
			} else {
				z.ZoneID, _ = t.text(r, "the zone's reserved blocks are not checked", "zone_vswitch_security_group", j, "zone_id")
			}
			if f := t.fromVSwitch(r, j, vs, "cidr_block"); f.Value != nil {
				if z.VSwitchCIDR, _ = t.prefix(vs, "", "cidr_block"); z.VSwitchCIDR.IsValid() {
					t.source(zp.Child("vSwitchCidr"), f.Where)
				}
			} else {
				z.VSwitchCIDR, _ = t.prefix(r, "the vSwitch block is not checked", "zone_vswitch_security_group", j, "cidr_block")
			}
			if vs != nil {
				t.checkVSwitch(r, j, vs, in.VPCID, z)
			}
			z.SecurityGroupID = t.groupID(t.text(r, "the security group is not checked", "zone_vswitch_security_group", j, "security_group"))
			zoneIDs = append(zoneIDs, z.ZoneID)
			in.Zones = append(in.Zones, z)
		}, "zone_vswitch_security_group")
		in.RegionID = t.regionOf(r, zoneIDs)
		t.source(at.Child("regionId"), t.region(r).where)
		t.blocks(r, at, &in)
		t.forceNewInstance(r)
		t.instances[id] = i
		t.p.Instances = append(t.p.Instances, in)
	}
}

// vswitchVPC returns, when gateway r's user_vpc_id is known only after
// apply, the VPC of the first alicloud_vswitch of the plan its zones name
// whose vpc_id is known (or stands for a VPC the plan creates).
func (t *tfReader) vswitchVPC(r *terraform.Res) (terraform.Found, bool) {
	if !t.attr(r, "user_vpc_id").Unknown {
		return terraform.Found{}, false
	}
	n, _ := t.ix.Len(r, "zone_vswitch_security_group")
	for j := range n {
		f := t.attr(r, "zone_vswitch_security_group", j, "vswitch_id")
		if f.Value == nil || f.Value.Kind != terraform.String {
			continue
		}
		if vs := t.vswitch(f.Value.Text); vs != nil {
			if vpc := t.attr(vs, "vpc_id"); vpc.Value != nil && vpc.Value.Kind == terraform.String && vpc.Value.Text != "" {
				return vpc, true
			}
		}
	}
	return terraform.Found{}, false
}

// vswitch returns the alicloud_vswitch of the plan whose ID (or, while it
// is known only after apply, address) is id; nil when there is none.
func (t *tfReader) vswitch(id string) *terraform.Res {
	if id == "" {
		return nil
	}
	if t.vswitches == nil {
		t.vswitches = make(map[string]*terraform.Res)
		for _, r := range t.resources(tfVSwitch) {
			if id := t.id(r); t.vswitches[id] == nil {
				t.vswitches[id] = r
			}
		}
	}
	return t.vswitches[id]
}

// fromVSwitch returns what vs, the vSwitch of zone j of gateway r, says of
// attr when the zone's attr is known only after apply: f.Value is nil
// otherwise.
func (t *tfReader) fromVSwitch(r *terraform.Res, j int, vs *terraform.Res, attr string) terraform.Found {
	if vs == nil || !t.attr(r, "zone_vswitch_security_group", j, attr).Unknown {
		return terraform.Found{}
	}
	if f := t.attr(vs, attr); !f.Placeholder {
		return f
	}
	return terraform.Found{}
}

// checkVSwitch checks zone j of gateway r (in VPC vpcID, as placed in z)
// against vs, the vSwitch its vswitch_id names. The cloud creates the
// network interface in that vSwitch, so a vSwitch in another VPC or another
// zone, or whose cidr_block is not the zone's, is a contradiction of the
// plan that CreateInstance refuses: an error of the plan, at the zone's
// vswitch_id, as ReadResponses reports responses that contradict each other.
// A value known only after apply on either side is not compared, and gets
// an unverified note.
func (t *tfReader) checkVSwitch(r *terraform.Res, j int, vs *terraform.Res, vpcID string, z instance.ZonePlacement) {
	const unchecked = "the gateway's vSwitch is not checked against it"
	at := terraform.Found{Where: r.Address + terraform.Format([]terraform.Step{"zone_vswitch_security_group", j, "vswitch_id"}),
		Path: r.Path.Child("zone_vswitch_security_group").Index(j).Child("vswitch_id")}
	if f := t.attr(r, "zone_vswitch_security_group", j, "vswitch_id"); len(f.Path) > 0 {
		at.Path = f.Path
	}
	differ := func(what, gw, gwWhere, other string, of terraform.Found, err error) {
		if gw == "" || other == "" || gw == other {
			return
		}
		t.fail(at, fmt.Errorf("%w: %s %q of %s is not %s's %q (%s)", err, what, other, vs.Address, gwWhere, gw, of.Where))
	}
	vpc, vf := t.text(vs, unchecked, "vpc_id")
	differ("VPC", vpcID, r.Address+".user_vpc_id", vpc, vf, errVSwitchVPC)
	zone, zf := t.text(vs, unchecked, "zone_id")
	if zone == "" && !zf.Unknown {
		zone, zf = t.text(vs, unchecked, "availability_zone")
	}
	differ("zone", z.ZoneID, at.Where[:len(at.Where)-len("vswitch_id")]+"zone_id", zone, zf, errVSwitchZone)
	if !z.VSwitchCIDR.IsValid() {
		return // the zone's block is unknown or invalid, and says so
	}
	if p, pf := t.prefix(vs, unchecked, "cidr_block"); p.IsValid() {
		differ("CIDR block", z.VSwitchCIDR.String(), at.Where[:len(at.Where)-len("vswitch_id")]+"cidr_block", p.String(), pf, errVSwitchCIDR)
	}
}

// The contradictions between a gateway's zone and its vSwitch.
var (
	errVSwitchVPC  = fmt.Errorf("vSwitch in another VPC: %w", instance.ErrWrongVPC)
	errVSwitchZone = errors.New("vSwitch in another zone")
	errVSwitchCIDR = errors.New("vSwitch of another CIDR block")
)

// exists reports whether r is in the cloud before the plan is applied and
// stays there: an object the plan forgets, or one whose change neither
// creates nor replaces it (a no-op, an update); without a change entry,
// one whose ID is known (only an object that exists has one).
func (t *tfReader) exists(r *terraform.Res) bool {
	switch {
	case r.Forgotten:
		return true
	case r.Change != nil:
		return !r.Change.Creates()
	}
	f := t.attr(r, "id")
	return f.Value != nil && f.Value.Kind == terraform.String && f.Value.Text != ""
}

// blocks sets what instance in (at plan path at), read from r, reaches.
// An instance that exists (see exists) has Exists set, and its
// ConnectCidrBlocks are the blocks the cloud holds: connect_cidr_blocks as
// planned (else as before an update), exactly, vSwitch blocks only where
// listed, less delete_vpc_ip_block's block when Terraform sends it; facts,
// not requests. An instance created or replaced reaches its vSwitch blocks
// (the blocks a replaced one's old instance reaches go with it: noted).
// Either way, Accessible holds to_connect_vpc_ip_block's cidr_block when
// Terraform sends it (a request, checked), unless the instance reaches it
// already.
func (t *tfReader) blocks(r *terraform.Res, at field.Path, in *Instance) {
	c := r.Change
	in.Exists = t.exists(r)
	var held []netip.Prefix
	reached := make(map[netip.Prefix]bool, len(in.Zones))
	heldAt := ""
	switch {
	case in.Exists:
		var ok bool
		held, heldAt, ok = t.connectCIDRBlocks(r)
		for _, p := range held {
			reached[p] = true
		}
		if !ok {
			held = nil
		}
	case c != nil && c.Replace() && c.Before.Get("connect_cidr_blocks") != nil:
		t.note(CodeUnverified, r.Address+".connect_cidr_blocks", r.Address+" is replaced, so the blocks the old instance reaches (connect_cidr_blocks) go with it: only the new instance's vSwitch blocks and the block to_connect_vpc_ip_block adds are taken as accessible")
		fallthrough
	default:
		for _, z := range in.Zones {
			reached[z.VSwitchCIDR] = true
		}
	}
	if sends(c, "delete_vpc_ip_block") || t.ix.Unknown(r, "delete_vpc_ip_block") {
		del, df := t.prefix(r, "the block it removes is not known, so the blocks the instance reaches are not checked", "delete_vpc_ip_block")
		switch {
		case !del.IsValid():
		case in.Exists:
			held = slices.DeleteFunc(held, func(p netip.Prefix) bool { return p == del })
			delete(reached, del)
		case reached[del]:
			t.note(CodeUnverified, df.Where, fmt.Sprintf("%s removes %s from the blocks the new instance %s reaches, which are taken as its vSwitch blocks: what it reaches in %s is not checked", df.Where, del, r.Address, del))
		}
	}
	if in.Exists {
		t.source(at.Child("connectCidrBlocks"), r.Address+".connect_cidr_blocks")
	}
	for j := range held {
		t.source(at.Child("connectCidrBlocks").Index(j), heldAt)
	}
	in.ConnectCidrBlocks = held
	if sends(c, "to_connect_vpc_ip_block") || t.ix.Unknown(r, "to_connect_vpc_ip_block") {
		p, pf := t.prefix(r, "the block to add is not checked", "to_connect_vpc_ip_block", "cidr_block")
		if p.IsValid() && !reached[p] {
			t.source(at.Child("accessible").Index(0), pf.Where)
			in.Accessible = []netip.Prefix{p}
		}
	}
}

// connectCIDRBlocks returns the blocks that an instance that exists
// reaches now: its connect_cidr_blocks (as planned, else as before an
// update), once each, in order, and where they were read. ok is false, with
// an unverified note, when they are not known: known only after apply, not
// in the plan, or an empty list.
func (t *tfReader) connectCIDRBlocks(r *terraform.Res) (blocks []netip.Prefix, where string, ok bool) {
	c := r.Change
	f := t.attr(r, "connect_cidr_blocks")
	if f.Value == nil && c != nil {
		if b := c.Before.Get("connect_cidr_blocks"); b != nil {
			f = terraform.Found{Value: b, Where: r.Address + ".connect_cidr_blocks", Path: c.Path.Child("change").Child("before").Child("connect_cidr_blocks")}
		}
	}
	const unknown = ": the blocks the instance reaches now are not known, so whether it reaches a backend is unverified"
	switch {
	case f.Unknown:
		what := f.Where + " is known only after apply"
		if use := r.Address + ".connect_cidr_blocks"; f.Where != use {
			what = use + " refers to " + f.Where + ", known only after apply"
		}
		t.note(CodeUnverified, f.Where, what+unknown)
		return nil, f.Where, false
	case f.Value == nil || f.Value.Kind == terraform.String && f.Value.Text == "":
		t.note(CodeUnverified, f.Where, f.Where+" is not in the plan"+unknown)
		return nil, f.Where, false
	}
	seen := make(map[netip.Prefix]bool)
	for _, p := range t.connectBlocks(f) {
		if !seen[p] {
			seen[p] = true
			blocks = append(blocks, p)
		}
	}
	if len(blocks) == 0 {
		t.note(CodeUnverified, f.Where, f.Where+" lists no block"+unknown)
		return nil, f.Where, false
	}
	return blocks, f.Where, true
}

// sends reports whether applying change c sends the write-only attribute
// attr to the cloud. The provider sends to_connect_vpc_ip_block and
// delete_vpc_ip_block in ModifyInstanceAttribute only when d.HasChange
// says the attribute changed (resourceAliCloudApiGatewayInstanceUpdate,
// which Create also runs): on a create or a replacement, or when before
// and after differ. Otherwise the block was sent before, and the refreshed
// connect_cidr_blocks already says what the instance reaches. A resource
// without a change entry is sent nothing.
func sends(c *terraform.Change, attr string) bool {
	if c == nil {
		return false
	}
	if c.Replace() || slices.Contains(c.Actions, "create") {
		return true
	}
	return !c.Before.Get(attr).Equal(c.After.Get(attr))
}

// connectBlocks reads connect_cidr_blocks: a string holding a JSON array of
// CIDR blocks, as the cloud's ConnectCidrBlocks (`["172.16.0.0/16"]`), or
// in the over-escaped form of the API's documentation
// (`[\"172.16.0.0/16\"]`).
func (t *tfReader) connectBlocks(f terraform.Found) []netip.Prefix {
	if f.Value.Kind != terraform.String {
		t.fail(f, fmt.Errorf("%w: %s, want string", terraform.ErrWrongType, f.Value.Kind))
		return nil
	}
	v, err := terraform.Parse([]byte(f.Value.Text))
	if err != nil && strings.Contains(f.Value.Text, `\"`) {
		v, err = terraform.Parse([]byte(strings.ReplaceAll(f.Value.Text, `\"`, `"`)))
	}
	if err != nil || v.Kind != terraform.Array {
		t.fail(f, fmt.Errorf("%w: want a JSON array of CIDR blocks in a string", terraform.ErrWrongType))
		return nil
	}
	var out []netip.Prefix
	for i, e := range v.Elems {
		if e.Kind != terraform.String {
			t.fail(f, fmt.Errorf("element %d: %w: %s, want string", i, terraform.ErrWrongType, e.Kind))
			continue
		}
		p, err := cidr.ParsePrefix(e.Text)
		if err != nil {
			t.fail(f, fmt.Errorf("element %d: %w", i, err))
			continue
		}
		out = append(out, p)
	}
	return out
}

// forceNewInstance notes an instance that the plan replaces because a
// ForceNew attribute of its network placement changes.
func (t *tfReader) forceNewInstance(r *terraform.Res) {
	c := r.Change
	if c == nil || !c.Replace() {
		return
	}
	for _, attr := range []string{"zone_vswitch_security_group", "instance_cidr", "user_vpc_id"} {
		if t.ix.Unknown(r, attr) || !c.Before.Get(attr).Equal(c.After.Get(attr)) {
			what := "the instance is destroyed and a new one created"
			if c.Forgets() {
				what = "a new instance is created, and the old one is forgotten: it stays in the cloud, no longer managed"
			}
			t.note(CodeForceNew, r.Address+"."+attr, fmt.Sprintf("%s changes, so Terraform replaces %s: %s (%s is ForceNew); its groups must be re-created or moved", attr, r.Address, what, attr))
			return
		}
	}
}

func (t *tfReader) readAuthorizations() {
	for _, r := range t.resources(tfVPCAccess) {
		at := field.Path("authorizations").Index(len(t.p.Authorizations))
		t.source(at, r.Address)
		var a authz.Authorization
		a.Name, _ = t.text(r, "the APIs using it cannot be matched to it", "name")
		a.VPCID, _ = t.text(r, "the authorization's VPC is not checked", "vpc_id")
		a.Port = t.port(r)
		a.HostName, _ = t.text(r, "", "vpc_target_host_name")
		for name, attr := range map[string]string{"name": "name", "vpcId": "vpc_id", "instanceId": "instance_id", "port": "port", "hostName": "vpc_target_host_name"} {
			t.source(at.Child(name), r.Address+"."+attr)
		}
		t.backend(r, &a, at)
		if t.p.Source[at.Child("addr")] == "" {
			t.source(at.Child("addr"), r.Address+".instance_id")
		}
		t.p.Authorizations = append(t.p.Authorizations, a)
	}
}

// unknownID stands for an authorization's backend (instance_id) known only
// after apply that is no resource of the plan: a resource ID, so that the
// authorization is whole, whose address is unknown, so that its
// reachability is unverified, never missing.
const unknownID = "unknown-until-apply"

// backend reads the backend of authorization a (at plan path at), read
// from VPC access r. An instance_id that is the ID of an alicloud_instance
// of the plan, or refers to one whose ID is known only after apply (the
// provider's documented pattern creates the ECS instance and its
// authorization in one apply), is that ECS instance: its address is its
// private_ip (unverified while unknown), its security group the one
// security_groups lists, when exactly one, and its VPC (vpc_id, else its
// vswitch_id's alicloud_vswitch's vpc_id) must be the authorization's,
// else the plan contradicts itself (SetVpcAccess refuses a backend in
// another VPC): an error at the authorization's vpc_id, as ReadResponses
// reports responses that disagree. An ECS instance created with the plan
// stands for its ID as security groups do: "alicloud-instance-web-0". Any
// other instance_id known only after apply is unknownID: the backend's
// address is unverified, and nothing else.
func (t *tfReader) backend(r *terraform.Res, a *authz.Authorization, at field.Path) {
	inst, f := t.text(r, "the backend is not checked", "instance_id")
	if f.Unknown {
		a.InstanceID = unknownID
		return
	}
	if inst == "" {
		return
	}
	if t.ecs == nil {
		t.ecs = make(map[string]int)
		t.ecsList = t.resources(tfECS)
		for i, e := range t.ecsList {
			if id := t.id(e); t.ecs[id] == 0 {
				t.ecs[id] = i + 1
			}
		}
	}
	i := t.ecs[inst] - 1
	if i < 0 {
		a.InstanceID = inst
		if f.Placeholder {
			t.note(CodeUnverified, f.Where, r.Address+".instance_id refers to "+f.Where+", known only after apply: the backend's address is not known, so the backend is not checked")
			a.InstanceID = unknownID
		}
		return
	}
	e := t.ecsList[i]
	a.InstanceID = inst
	if f.Placeholder {
		a.InstanceID = plannedID(e.Address, i)
	}
	a.Backend = authz.ECS
	t.source(at.Child("addr"), e.Address+".private_ip")
	if s, f := t.text(e, "the backend's address is not known, so the backend is not checked", "private_ip"); s != "" {
		addr, err := cidr.ParseAddr(s)
		if err != nil {
			t.fail(f, err)
		}
		a.Addr = addr
		t.source(at.Child("addr"), f.Where)
	}
	a.SecurityGroupID = t.ecsGroup(e)
	t.sameVPC(r, a, e)
}

// ecsGroup returns the ID of the one security group of ECS instance e
// (security_groups, a set): "" when it lists several or none, or is known
// only after apply (noted). A set that refers to the ID of one security
// group the plan creates (security_groups = [alicloud_security_group.sg.id],
// known only after apply as a whole) is that group.
func (t *tfReader) ecsGroup(e *terraform.Res) string {
	if n, ok := t.ix.Len(e, "security_groups"); ok {
		if n != 1 {
			return ""
		}
		return t.groupID(t.text(e, "", "security_groups", 0))
	}
	f := t.attr(e, "security_groups")
	if f.Placeholder {
		if id, ok := t.sgIDs[f.Value.Text]; ok {
			return id
		}
	}
	where := e.Address + ".security_groups"
	what := where + " is known only after apply"
	if f.Where != where {
		what = where + " refers to " + f.Where + ", known only after apply"
	}
	t.note(CodeUnverified, f.Where, what+": the backend's security group is not known, so whether it is one of the gateway's groups, whose members may reach each other, is not checked")
	return ""
}

// sameVPC checks that ECS instance e, the backend of authorization a read
// from r, is in a's VPC: e's vpc_id, or else the vpc_id of the
// alicloud_vswitch of the plan its vswitch_id names. A VPC known only after
// apply on either side is not compared, and is noted.
func (t *tfReader) sameVPC(r *terraform.Res, a *authz.Authorization, e *terraform.Res) {
	if a.VPCID == "" {
		return // unknown, and noted
	}
	vpc := t.attr(e, "vpc_id")
	if vpc.Value == nil {
		if vs := t.vswitch(t.ecsVSwitch(e)); vs != nil {
			vpc = t.attr(vs, "vpc_id")
		}
	}
	unchecked := fmt.Sprintf("whether %s, the backend of %s, is in the authorization's VPC %q is not checked", e.Address, r.Address, a.VPCID)
	switch {
	case vpc.Unknown:
		t.note(CodeUnverified, vpc.Where, vpc.Where+" is known only after apply: "+unchecked)
		return
	case vpc.Value == nil:
		t.note(CodeUnverified, e.Address+".vpc_id", "neither "+e.Address+".vpc_id nor the VPC of its vSwitch is in the plan: "+unchecked)
		return
	case vpc.Value.Kind != terraform.String:
		t.fail(vpc, fmt.Errorf("%w: %s, want string", terraform.ErrWrongType, vpc.Value.Kind))
		return
	case vpc.Value.Text == "" || vpc.Value.Text == a.VPCID:
		return
	}
	at := t.attr(r, "vpc_id")
	if len(at.Path) == 0 {
		at.Path = r.Path.Child("vpc_id")
	}
	t.fail(at, fmt.Errorf("%w: authorization %q is in VPC %q, but its backend %s is in %q (%s)", authz.ErrVPCMismatch, a.Name, a.VPCID, e.Address, vpc.Value.Text, vpc.Where))
}

// ecsVSwitch returns the ID (or the address, while it is known only after
// apply) of the vSwitch of ECS instance e; "" when unknown.
func (t *tfReader) ecsVSwitch(e *terraform.Res) string {
	f := t.attr(e, "vswitch_id")
	if f.Value == nil || f.Value.Kind != terraform.String {
		return ""
	}
	return f.Value.Text
}

// port returns the port of a VPC access authorization; 0 when unknown or
// absent.
func (t *tfReader) port(r *terraform.Res) uint16 {
	f := t.attr(r, "port")
	switch {
	case f.Unknown:
		t.note(CodeUnverified, f.Where, r.Address+".port is known only after apply: the port is not checked")
		return 0
	case f.Value == nil:
		return 0
	}
	n, ok := t.integer(f)
	if ok && (n < 1 || n > 65535) {
		t.fail(f, fmt.Errorf("port %d: want 1 to 65535", n))
		return 0
	}
	return uint16(n)
}

// integer reads a whole number written as a JSON number or a numeric
// string; anything else is an error.
func (t *tfReader) integer(f terraform.Found) (int64, bool) {
	n, ok := f.Value.Int()
	if f.Value.Kind == terraform.String {
		v, err := strconv.ParseInt(f.Value.Text, 10, 64)
		n, ok = v, err == nil
	}
	if !ok {
		t.fail(f, fmt.Errorf("%w: %s %q, want a whole number", terraform.ErrWrongType, f.Value.Kind, f.Value.Text))
	}
	return n, ok
}

// readGroups reads the API groups on the plan's instances, their APIs and
// routing plug-ins.
func (t *tfReader) readGroups() {
	t.groups = make(map[string]int)
	for _, r := range t.resources(tfGroup) {
		to, f := t.text(r, "the group's target is not known", "instance_id")
		if to != "" {
			if _, ok := t.instances[to]; !ok {
				if !t.others[to] {
					t.note(CodeUnverified, f.Where, fmt.Sprintf("instance %q of %s is not in the plan: the group is not checked", to, r.Address))
				}
				continue
			}
		}
		i := len(t.p.Groups)
		at := field.Path("groups").Index(i)
		reg := t.region(r)
		g := Group{ID: t.id(r), To: to, RegionID: reg.id}
		g.Name, _ = t.text(r, "", "name")
		if g.RegionID == "" && to != "" {
			g.RegionID = t.p.Instances[t.instances[to]].RegionID
		}
		t.source(at, r.Address)
		t.source(at.Child("to"), r.Address+".instance_id")
		t.source(at.Child("name"), r.Address+".name")
		t.source(at.Child("regionId"), reg.where)
		t.forceNewGroup(r)
		t.groups[g.ID] = i
		t.p.Groups = append(t.p.Groups, g)
	}
	t.readAPIs()
	t.readPlugins()
}

// forceNewGroup notes a group that the plan replaces to change its instance.
func (t *tfReader) forceNewGroup(r *terraform.Res) {
	c := r.Change
	if c == nil || !c.Replace() {
		return
	}
	before, after := c.Before.Get("instance_id"), c.After.Get("instance_id")
	if !t.ix.Unknown(r, "instance_id") && before.Equal(after) {
		return
	}
	from, to := "an instance", "another"
	if !before.IsNull() && before.Kind == terraform.String {
		from = strconv.Quote(before.Text)
	}
	if s, f := t.text(r, "", "instance_id"); f.Placeholder {
		to = "the instance " + s + " creates"
	} else if s != "" {
		to = strconv.Quote(s)
	}
	what := "the group is destroyed with its APIs, domains and app authorizations and a new, empty group is created"
	if c.Forgets() {
		what = "a new, empty group is created, and the old one is forgotten: it stays on its instance, no longer managed"
	}
	t.note(CodeForceNew, r.Address+".instance_id", fmt.Sprintf("instance_id changes from %s to %s, so Terraform replaces %s: %s (instance_id is ForceNew); ModifyApiGroupInstance would move the group instead", from, to, r.Address, what))
}

// groupOf returns the index of the plan group that attribute attr of r
// names, or false.
func (t *tfReader) groupOf(r *terraform.Res, attr string) (int, bool) {
	id, _ := t.text(r, "it is not matched to its group", attr)
	i, ok := t.groups[id]
	return i, ok && id != ""
}

func (t *tfReader) readAPIs() {
	for _, r := range t.resources(tfAPI) {
		gi, ok := t.groupOf(r, "group_id")
		if !ok {
			continue
		}
		g := &t.p.Groups[gi]
		at := field.Path("groups").Index(gi).Child("apis").Index(len(g.APIs))
		api := migrate.API{ID: t.id(r)}
		api.Name, _ = t.text(r, "", "name")
		// An API whose service type is unknown counts as a VPC one when it
		// has a VPC service configuration.
		st, sf := t.text(r, "the API counts as an HTTP-VPC one when it has http_vpc_service_config", "service_type")
		n, _ := t.ix.Len(r, "http_vpc_service_config")
		if st == "HTTP-VPC" || sf.Unknown && n > 0 {
			name, f := t.text(r, "the API's backend is not checked", "http_vpc_service_config", 0, "name")
			if name == "" {
				// Never read an unknown name as "not in a VPC".
				name = f.Where
			}
			api.VPCAccess = name
		}
		t.source(at, r.Address)
		t.source(at.Child("name"), r.Address+".name")
		t.source(at.Child("vpcAccess"), r.Address+".http_vpc_service_config[0].name")
		t.backendService(r)
		g.APIs = append(g.APIs, api)
	}
}

// backendService notes an API that calls a backend service the reader
// cannot check. In the provider (alicloud/resource_alicloud_api_gateway_api.go),
// CreateApi and ModifyApi send BackendEnable from backend_enabled (false
// when absent) and, when it is true, BackendId from backend_id; the
// gateway then calls that backend service's configuration for the stage,
// not only http_vpc_service_config. An alicloud_api_gateway_backend
// (alicloud/resource_alicloud_api_gateway_backend.go) holds only
// backend_name, backend_type, description and
// create_event_bridge_service_linked_role: what a VPC backend reaches
// (its VPC access authorization) is given per stage in the
// backend_model_data of an alicloud_api_gateway_backend_model
// (alicloud/resource_alicloud_api_gateway_backend_model.go), a JSON
// document whose shape the provider leaves to the cloud and this reader
// does not read. So an API whose backend_enabled is true, or known only
// after apply, gets an unverified note at its backend_enabled, unless its
// backend_id names a backend service of the plan whose backend_type is one
// nonVPCBackend accepts (exactly: the provider's validation is case-sensitive)
// and no backend model of the plan for it (by backend_id) has a
// backend_type that may be "VPC".
func (t *tfReader) backendService(r *terraform.Res) {
	where := r.Address + ".backend_enabled"
	const unchecked = "the API's backend is not checked"
	f := t.attr(r, "backend_enabled")
	switch {
	case f.Unknown:
		what := where + " is known only after apply"
		if f.Where != where {
			what = where + " refers to " + f.Where + ", known only after apply"
		}
		t.note(CodeUnverified, where, what+": if it is true, the API calls its backend service, whose VPC configuration is not read, so "+unchecked)
		return
	case f.Value == nil:
		return
	case f.Value.Kind != terraform.Bool:
		t.fail(f, fmt.Errorf("%w: %s, want bool", terraform.ErrWrongType, f.Value.Kind))
		return
	case !f.Value.True:
		return
	}
	what := where + " is true, so the API calls its backend service"
	idf := t.attr(r, "backend_id")
	switch {
	case idf.Unknown:
		t.note(CodeUnverified, where, what+", and "+r.Address+".backend_id refers to "+idf.Where+", known only after apply: the backend service is not known, so "+unchecked)
		return
	case idf.Value == nil || idf.Value.Kind == terraform.String && idf.Value.Text == "":
		t.note(CodeUnverified, where, what+", but "+r.Address+".backend_id is not given: the backend service is not known, so "+unchecked)
		return
	case idf.Value.Kind != terraform.String:
		t.fail(idf, fmt.Errorf("%w: %s, want string", terraform.ErrWrongType, idf.Value.Kind))
		return
	}
	id := idf.Value.Text
	if t.backends == nil {
		t.readBackends()
	}
	b := t.backends[id]
	if b == nil {
		t.note(CodeUnverified, where, fmt.Sprintf("%s %q, which is not in the plan: its type and VPC configuration are not read, so %s", what, id, unchecked))
		return
	}
	typ, vpc := backendType(t.attr(b, "backend_type"))
	what = fmt.Sprintf("%s %s (backend_type %s)", what, b.Address, typ)
	m := t.vpcModels[id]
	if m == nil {
		m = t.vpcModels[""]
	}
	if !vpc && m != nil {
		// A stage's model of another type than its backend's: the
		// model's type is what the stage calls.
		typ, vpc = backendType(t.attr(m, "backend_type"))
		what = fmt.Sprintf("%s, which backend model %s may be of (backend_type %s)", what, m.Address, typ)
	}
	if !vpc {
		return // not in a VPC: no VPC access authorization
	}
	t.note(CodeUnverified, where, fmt.Sprintf("%s; a backend service names the VPC access authorization it calls only per stage, in an %s's backend_model_data, which is not read: nothing read names the authorization, so %s", what, tfBackendModel, unchecked))
}

// readBackends indexes the plan's backend services by ID (their address
// while it is known only after apply), and the first backend model of
// each whose backend_type may be "VPC" (under "" when its backend_id is
// not known: it may be any backend's).
func (t *tfReader) readBackends() {
	t.backends, t.vpcModels = make(map[string]*terraform.Res), make(map[string]*terraform.Res)
	for _, b := range t.resources(tfBackend) {
		if id := t.id(b); t.backends[id] == nil {
			t.backends[id] = b
		}
	}
	for _, m := range t.resources(tfBackendModel) {
		if _, vpc := backendType(t.attr(m, "backend_type")); !vpc {
			continue
		}
		// A model whose backend_id is not known may be any backend's.
		id := ""
		if f := t.attr(m, "backend_id"); f.Value != nil && f.Value.Kind == terraform.String {
			id = f.Value.Text
		}
		if t.vpcModels[id] == nil {
			t.vpcModels[id] = m
		}
	}
}

// backendType returns a backend_type as a note quotes it, and whether it
// may be "VPC": anything nonVPCBackend does not accept, exactly (the
// provider's validation is case-sensitive), unknown and absent included.
func backendType(f terraform.Found) (string, bool) {
	switch {
	case f.Unknown:
		return "known only after apply", true
	case f.Value == nil || f.Value.Kind != terraform.String:
		return "not given", true
	}
	return strconv.Quote(f.Value.Text), !nonVPCBackend(f.Value.Text)
}

// readPlugins reads the plug-ins bound to the plan's groups: by an
// alicloud_api_gateway_plugin_attachment (a plug-in bound to one API of
// the group: group_id, api_id, plugin_id, stage_name) or an
// alicloud_api_gateway_group_plugin_attachment (provider v1.278.0 and
// later: a plug-in bound to the whole group, and so to every API of it:
// group_id, plugin_id, stage_name; AttachGroupPlugin). Either way a routing
// plug-in is one of the group's plug-ins, once however many bindings. A
// binding whose plug-in is not in the plan is noted: its type and routes
// are not known.
func (t *tfReader) readPlugins() {
	type bound struct {
		group  int
		plugin string
	}
	plugins := make(map[string]*terraform.Res)
	for _, r := range t.resources(tfPlugin) {
		if id := t.id(r); plugins[id] == nil {
			plugins[id] = r
		}
	}
	read := make(map[string]*migrate.Plugin) // routing plug-ins read, by ID; nil for others
	seen := make(map[bound]bool)
	for _, a := range slices.Concat(t.resources(tfPluginAttach), t.resources(tfGroupPluginAttach)) {
		gi, ok := t.groupOf(a, "group_id")
		if !ok {
			continue
		}
		pid, f := t.text(a, "the plug-in is not checked", "plugin_id")
		r := plugins[pid]
		if r == nil {
			if pid != "" {
				t.note(CodeUnverified, f.Where, fmt.Sprintf("plug-in %q, which %s binds to group %q, is not in the plan: its type and routes are not known, so the backends it may route to are not checked", pid, a.Address, t.p.Groups[gi].ID))
			}
			continue
		}
		if seen[bound{gi, pid}] {
			continue
		}
		seen[bound{gi, pid}] = true
		p, ok := read[pid]
		if !ok {
			if typ, _ := t.text(r, "the plug-in is not checked", "plugin_type"); typ == "routing" {
				p = &migrate.Plugin{ID: pid, Type: typ, VPCAccess: t.routes(r)}
				p.Name, _ = t.text(r, "", "plugin_name")
			}
			read[pid] = p
		}
		if p == nil {
			continue
		}
		g := &t.p.Groups[gi]
		at := field.Path("groups").Index(gi).Child("plugins").Index(len(g.Plugins))
		t.source(at, r.Address)
		t.source(at.Child("vpcAccess"), r.Address+".plugin_data")
		g.Plugins = append(g.Plugins, migrate.Plugin{ID: p.ID, Name: p.Name, Type: p.Type, VPCAccess: slices.Clone(p.VPCAccess)})
	}
}

// routes returns the authorization names a routing plug-in's plugin_data
// names: routes[].backend.vpcAccessName where backend.type is "HTTP-VPC"
// (or the older "HTTP_VPC").
func (t *tfReader) routes(r *terraform.Res) []string {
	data, f := t.text(r, "the plug-in's backends are not checked", "plugin_data")
	if data == "" {
		return nil
	}
	v, err := terraform.Parse([]byte(data))
	if err != nil || v.Kind != terraform.Object {
		t.note(CodeUnverified, f.Where, r.Address+".plugin_data is not a JSON object (YAML is not read): the plug-in's backends are not checked")
		return nil
	}
	var names []string
	seen := make(map[string]bool)
	routes := v.Get("routes")
	if routes == nil || routes.Kind != terraform.Array {
		return nil
	}
	for _, route := range routes.Elems {
		b := route.Get("backend")
		typ, name := b.Get("type"), b.Get("vpcAccessName")
		if typ == nil || typ.Kind != terraform.String || typ.Text != "HTTP-VPC" && typ.Text != "HTTP_VPC" {
			continue
		}
		if name == nil || name.Kind != terraform.String || name.Text == "" {
			t.note(CodeUnverified, f.Where, r.Address+".plugin_data has an HTTP-VPC route without vpcAccessName: that route is not checked")
			continue
		}
		if !seen[name.Text] {
			seen[name.Text] = true
			names = append(names, name.Text)
		}
	}
	return names
}

// readSecurityGroups reads the security groups and their outbound rules.
// A group's security_group_type known only after apply (so in every create
// plan where it is not set: the cloud chooses it) leaves the default for
// traffic no rule matches unknown: the group gets, last of all (priority
// 100), an accept rule whose destination cannot be known, so that what only
// the default decides is unverified, never denied by a type guessed.
func (t *tfReader) readSecurityGroups() {
	t.sgIDs = make(map[string]string)
	t.innerUnknown = make(map[int]string)
	byID := make(map[string]int)
	for _, r := range t.resources(tfSecGroup) {
		i := len(t.p.SecurityGroups)
		at := field.Path("securityGroups").Index(i)
		sg := authz.SecurityGroup{ID: t.id(r)}
		if sg.ID == r.Address {
			sg.ID = plannedID(r.Address, i)
			t.sgIDs[r.Address] = sg.ID
		}
		t.source(at, r.Address)
		t.source(at.Child("id"), r.Address+".id")
		sg.Type = parseAttr(t, r, "the group's default for traffic that no rule matches (allow in a basic group, deny in an enterprise one) is not known, so what only it decides is unverified", "security_group_type", authz.ParseGroupType, at.Child("type"))
		if f := t.attr(r, "security_group_type"); f.Unknown {
			t.source(at.Child("rules").Index(0), f.Where)
			sg.Rules = append(sg.Rules, unknownRule(authz.PolicyAccept, 100))
		}
		// An unknown inner access policy matters only to an ECS backend
		// in the group: see innerPolicy, which notes it.
		if f := t.attr(r, "inner_access_policy"); f.Unknown {
			t.innerUnknown[i] = f.Where
		} else {
			sg.InnerAccessPolicy = parseAttr(t, r, "", "inner_access_policy", authz.ParsePolicy, at.Child("innerAccessPolicy"))
		}
		byID[sg.ID] = i
		t.p.SecurityGroups = append(t.p.SecurityGroups, sg)
	}
	// A rule that may be an outbound rule of a group of the plan (its type
	// or its group known only after apply) makes what it might decide
	// unverified in each group it may be in: each such group gets one rule
	// per policy the rule may have, whose destination cannot be known, at
	// the smallest such priority. Two rules per group at most, however many
	// such rules: the cost stays linear.
	var (
		first    = make(map[int]*[2]uncertain) // a group's first uncertain rules, accept and drop
		anyGroup [2]uncertain                  // the first rules that may be in any group
	)
	for _, r := range t.resources(tfSecGroupRule) {
		pols := t.policies(r)
		what := "what it might " + pols.verb() + " is unverified"
		typ, tf := t.text(r, "the rule may be an outbound one: "+what, "type")
		if typ != "egress" && !tf.Unknown {
			continue
		}
		s, gf := t.text(r, "the rule may be in any of the plan's security groups: "+what+" in each", "security_group_id")
		id := t.groupID(s, gf)
		i, ok := byID[id]
		ok = ok && id != ""
		switch {
		case !ok && !gf.Unknown:
			continue // a group the plan does not describe
		case ok && !tf.Unknown:
			t.egressRule(r, i, pols)
			continue
		}
		p := t.priority(r)
		if p < 1 || p > 100 {
			p = 1 // unknown or absent (the provider's default is 1)
		}
		u := &anyGroup
		if ok {
			if first[i] == nil {
				first[i] = new([2]uncertain)
			}
			u = first[i]
		}
		for k, may := range []bool{pols.accept, pols.drop} {
			if may {
				u[k].add(r, p)
			}
		}
	}
	for i := range t.p.SecurityGroups {
		var own [2]uncertain
		if first[i] != nil {
			own = *first[i]
		}
		for k, pol := range []authz.Policy{authz.PolicyAccept, authz.PolicyDrop} {
			u := own[k]
			if a := anyGroup[k]; a.r != nil && (u.r == nil || a.p < u.p) {
				u = a
			}
			if u.r == nil {
				continue
			}
			sg := &t.p.SecurityGroups[i]
			t.source(field.Path("securityGroups").Index(i).Child("rules").Index(len(sg.Rules)), u.r.Address)
			sg.Rules = append(sg.Rules, unknownRule(pol, u.p))
		}
	}
}

// uncertain is the first rule (and the smallest priority) of those that
// may be in a group.
type uncertain struct {
	r *terraform.Res
	p int
}

func (u *uncertain) add(r *terraform.Res, p int) {
	if u.r == nil {
		u.r, u.p = r, p
	}
	u.p = min(u.p, p)
}

// unknownRule returns a rule of policy pol at priority p whose destination
// cannot be known: whatever it might match is unverified.
func unknownRule(pol authz.Policy, p int) authz.Rule {
	return authz.Rule{Policy: pol, Priority: p, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), DestPrefixListID: unknownDest}
}

// policies is what a rule's policy may be: one, or both while it is known
// only after apply; neither when it is absent or invalid.
type policies struct{ accept, drop bool }

// verb says what a rule of these policies does: "allow", "deny" or
// "decide".
func (p policies) verb() string {
	switch {
	case p.accept && p.drop:
		return "decide"
	case p.accept:
		return "allow"
	}
	return "deny"
}

// policies reads a rule's policy: an unknown one may be either (noted).
func (t *tfReader) policies(r *terraform.Res) policies {
	f := t.attr(r, "policy")
	if f.Unknown {
		return policies{accept: true, drop: true}
	}
	if pol, err := authz.ParsePolicy(t.ruleText(r, "policy")); err == nil {
		return policies{accept: pol == authz.PolicyAccept, drop: pol == authz.PolicyDrop}
	}
	return policies{}
}

// innerPolicy makes the unknown inner access policy of the security group
// of each ECS backend unverified: an Accept policy lets the group's
// members reach each other whatever its rules say, so the group gets,
// first of all (priority 1), an accept rule whose destination cannot be
// known. Only a group an ECS backend is in gets it, and a note.
func (t *tfReader) innerPolicy() {
	if len(t.innerUnknown) == 0 {
		return
	}
	byID := make(map[string][]int, len(t.innerUnknown)) // the groups whose policy is unknown, by ID
	for i := range t.p.SecurityGroups {
		if _, ok := t.innerUnknown[i]; ok {
			id := t.p.SecurityGroups[i].ID
			byID[id] = append(byID[id], i)
		}
	}
	for _, a := range t.p.Authorizations {
		if a.Backend != authz.ECS || a.SecurityGroupID == "" {
			continue
		}
		for _, i := range byID[a.SecurityGroupID] {
			where, ok := t.innerUnknown[i]
			if !ok {
				continue
			}
			delete(t.innerUnknown, i)
			sg := &t.p.SecurityGroups[i]
			t.note(CodeUnverified, where, fmt.Sprintf("%s is known only after apply, and ECS backend %q is in the group: if it is Accept, the group's members reach each other whatever its rules say, so what its rules deny is unverified", where, a.InstanceID))
			t.source(field.Path("securityGroups").Index(i).Child("rules").Index(len(sg.Rules)), where)
			sg.Rules = append(sg.Rules, unknownRule(authz.PolicyAccept, 1))
		}
		delete(byID, a.SecurityGroupID)
	}
}

// ruleText returns the string at attr of r, "" when absent, unknown or
// not a string; it notes nothing.
func (t *tfReader) ruleText(r *terraform.Res, attr string) string {
	if f := t.attr(r, attr); f.Value != nil && f.Value.Kind == terraform.String {
		return f.Value.Text
	}
	return ""
}

// plannedID returns the ID that stands, in the plan, for security
// group i created with the Terraform plan at addr, whose ID is known only
// after apply. Security group IDs must be resource IDs (ASCII letters,
// digits and '-'), which an address is not, so the ID is the address with
// every other byte made a '-', then '-' and i, which keeps IDs unique:
// "alicloud_security_group.sg" (the first group) is
// "alicloud-security-group-sg-0".
func plannedID(addr string, i int) string {
	b := []byte(addr)
	for j, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[j] = '-'
		}
	}
	return string(b) + "-" + strconv.Itoa(i)
}

// groupID returns the plan's ID of the security group that s names: s, or
// for the address of a group created with the plan, that group's planned ID.
func (t *tfReader) groupID(s string, f terraform.Found) string {
	if id, ok := t.sgIDs[s]; ok && f.Placeholder {
		return id
	}
	return s
}

// parseAttr reads attribute attr of r with parse, maps plan path at to it,
// and records a value parse rejects as a problem; the zero T when absent or
// unknown (noted unless unchecked is empty).
func parseAttr[T any](t *tfReader, r *terraform.Res, unchecked, attr string, parse func(string) (T, error), at field.Path) T {
	var v T
	s, f := t.text(r, unchecked, attr)
	if s == "" {
		return v
	}
	t.source(at, f.Where)
	v, err := parse(s)
	if err != nil {
		t.fail(f, err)
	}
	return v
}

// unknownDest stands for a destination known only after apply: a prefix
// list, whose entries are never known, so that the check reports every
// address the rule might match as unverified.
const unknownDest = "unknown-until-apply"

// egressRule adds the outbound rule of r to security group i; pols is what
// its policy may be. A rule of which anything that decides what it matches
// or where it stands (protocol, ports, destination, priority) or its
// policy is known only after apply is noted, and stands as one rule per
// policy it may have whose destination cannot be known, at its priority
// (the first, 1, when that is unknown): what it might decide is
// unverified, and nothing else.
func (t *tfReader) egressRule(r *terraform.Res, i int, pols policies) {
	const unchecked = "what the rule might decide is unverified"
	sg := &t.p.SecurityGroups[i]
	at := field.Path("securityGroups").Index(i).Child("rules").Index(len(sg.Rules))
	rule := authz.Rule{
		Protocol: parseAttr(t, r, unchecked, "ip_protocol", authz.ParseProtocol, at.Child("ipProtocol")),
		Ports:    parseAttr(t, r, unchecked, "port_range", authz.ParsePortRange, at.Child("portRange")),
	}
	if pols.accept != pols.drop {
		rule.Policy = authz.PolicyDrop
		if pols.accept {
			rule.Policy = authz.PolicyAccept
		}
		t.source(at.Child("policy"), r.Address+".policy")
	} else if !pols.accept {
		// Absent or invalid (an error): left zero.
		rule.Policy = parseAttr(t, r, unchecked, "policy", authz.ParsePolicy, at.Child("policy"))
	} else {
		t.text(r, unchecked, "policy") // unknown: noted
	}
	rule.Priority = t.priority(r)
	t.source(at.Child("priority"), r.Address+".priority")
	unknown := pols.accept && pols.drop || t.attr(r, "ip_protocol").Unknown || t.attr(r, "port_range").Unknown || t.attr(r, "priority").Unknown
	for _, d := range []struct {
		attr, json string
		set        func(string, terraform.Found)
	}{
		{"cidr_ip", "destCidrIp", func(s string, f terraform.Found) { rule.DestCIDR = t.ruleDest(f, s, false) }},
		{"ipv6_cidr_ip", "ipv6DestCidrIp", func(s string, f terraform.Found) { rule.IPv6DestCIDR = t.ruleDest(f, s, true) }},
		{"source_security_group_id", "destGroupId", func(s string, _ terraform.Found) { rule.DestGroupID = s }},
		{"prefix_list_id", "destPrefixListId", func(s string, _ terraform.Found) { rule.DestPrefixListID = s }},
	} {
		if t.attr(r, d.attr).Unknown && !t.ix.Configured(r, d.attr) {
			// Computed, and not given (prefix_list_id is Optional and
			// Computed): the provider sends no such destination.
			continue
		}
		s, f := t.text(r, unchecked, d.attr)
		if d.attr == "source_security_group_id" {
			if id := t.groupID(s, f); id != s {
				s, f.Placeholder = id, false
			}
		}
		if f.Unknown || f.Placeholder {
			unknown = true
			if f.Placeholder {
				t.note(CodeUnverified, f.Where, r.Address+"."+d.attr+" refers to "+f.Where+", known only after apply: "+unchecked)
			}
			continue
		}
		if s != "" {
			d.set(s, f)
			t.source(at.Child(d.json), f.Where)
		}
	}
	if !unknown {
		t.source(at, r.Address)
		sg.Rules = append(sg.Rules, rule)
		return
	}
	p := rule.Priority
	if t.attr(r, "priority").Unknown || p < 1 || p > 100 {
		p = 1
	}
	for k, pol := range []authz.Policy{authz.PolicyAccept, authz.PolicyDrop} {
		if k == 0 && !pols.accept || k == 1 && !pols.drop {
			continue
		}
		t.source(field.Path("securityGroups").Index(i).Child("rules").Index(len(sg.Rules)), r.Address)
		sg.Rules = append(sg.Rules, unknownRule(pol, p))
	}
}

// ruleDest reads a rule's destination: a CIDR block, or a bare address
// meaning its /32 (or /128) block, of the family of its attribute (cidr_ip
// IPv4, ipv6_cidr_ip IPv6, an IPv4-mapped address being IPv4), as the
// OpenAPI reader reads DestCidrIp and Ipv6DestCidrIp; a block with host
// bits, or of the other family, is an error.
func (t *tfReader) ruleDest(f terraform.Found, s string, v6 bool) netip.Prefix {
	var p netip.Prefix
	if a, err := cidr.ParseAddr(s); err == nil && !strings.Contains(s, "/") {
		p = netip.PrefixFrom(a, a.BitLen())
	} else if p, err = cidr.ParsePrefix(s); err != nil {
		t.fail(f, err)
		return p
	}
	if p.Addr().Is6() != v6 {
		t.fail(f, fmt.Errorf("%w: %s is not an %s block", authz.ErrInvalidSecurityGroup, p, map[bool]string{false: "IPv4", true: "IPv6"}[v6]))
		return netip.Prefix{}
	}
	return p
}

// priority returns a rule's priority: a number, or a numeric string.
func (t *tfReader) priority(r *terraform.Res) int {
	f := t.attr(r, "priority")
	switch {
	case f.Unknown:
		t.note(CodeUnverified, f.Where, r.Address+".priority is known only after apply: the rule's effect is not checked")
		return 0
	case f.Value == nil:
		return 0
	}
	n, ok := t.integer(f)
	if !ok {
		return 0
	}
	return int(n)
}

package terraform

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/vpcgate/vpcgate/internal/cloud"
	"github.com/vpcgate/vpcgate/migrate"
)

// readGroups reads the API groups on the plan's instances, their APIs and
// routing plug-ins.
func (t *planReader) readGroups() {
	t.groups = make(map[string]int)
	for _, r := range t.resources(tfGroup) {
		to, f := t.text(r, "the group's target is not known", "instance_id")
		if to != "" {
			if _, ok := t.instances[to]; !ok {
				if !t.others[to] {
					t.unverified(f.Where(), "", fmt.Sprintf("instance %q of %s is not in the plan: the group is not checked", to, r.Address))
				}
				continue
			}
		}
		reg := t.region(r)
		g := Group{ID: t.id(r), To: to, RegionID: reg.id,
			At: GroupAt{Resource: r.Address, To: r.Address + ".instance_id", Name: r.Address + ".name", RegionID: reg.where}}
		g.Name, _ = t.text(r, "", "name")
		if g.RegionID == "" && to != "" {
			g.RegionID = t.v.Instances[t.instances[to]].Spec.RegionID
		}
		t.forceNewGroup(r)
		t.groups[g.ID] = len(t.v.Groups)
		t.v.Groups = append(t.v.Groups, g)
	}
	t.readAPIs()
	t.readPlugins()
}

// forceNewGroup notes a group that the plan replaces to change its instance.
func (t *planReader) forceNewGroup(r *Res) {
	c := r.Change
	if c == nil || !c.Replace() {
		return
	}
	before, after := c.Before.Get("instance_id"), c.After.Get("instance_id")
	if !t.ix.Unknown(r, "instance_id") && before.Equal(after) {
		return
	}
	from, to := "an instance", "another"
	if !before.IsNull() && before.Kind == String {
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
	t.note(ForceNew, r.Address+".instance_id", r.Address+".instance_id", fmt.Sprintf("instance_id changes from %s to %s, so Terraform replaces %s: %s (instance_id is ForceNew); ModifyApiGroupInstance would move the group instead", from, to, r.Address, what))
}

// groupOf returns the index of the plan group that attribute attr of r
// names, or false.
func (t *planReader) groupOf(r *Res, attr string) (int, bool) {
	id, _ := t.text(r, "it is not matched to its group", attr)
	i, ok := t.groups[id]
	return i, ok && id != ""
}

func (t *planReader) readAPIs() {
	for _, r := range t.resources(tfAPI) {
		gi, ok := t.groupOf(r, "group_id")
		if !ok {
			continue
		}
		api := migrate.API{ID: t.id(r)}
		api.Name, _ = t.text(r, "", "name")
		// An API whose service type is unknown counts as a VPC one when it
		// has a VPC service configuration.
		st, sf := t.text(r, "the API counts as an HTTP-VPC one when it has http_vpc_service_config", "service_type")
		n, _ := t.ix.Len(r, "http_vpc_service_config")
		if st == httpVPCService || sf.Unknown && n > 0 {
			name, f := t.text(r, "the API's backend is not checked", "http_vpc_service_config", 0, "name")
			if name == "" {
				// Never read an unknown name as "not in a VPC".
				name = f.Where()
			}
			api.VPCAccess = name
		}
		t.backendService(r)
		g := &t.v.Groups[gi]
		g.APIs = append(g.APIs, api)
		g.At.APIs = append(g.At.APIs, APIAt{API: r.Address, Name: r.Address + ".name", VPCAccess: r.Address + ".http_vpc_service_config[0].name"})
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
// [cloud.NonVPCBackend] accepts and no backend model of the plan for it
// (by backend_id) has a backend_type that may be "VPC".
func (t *planReader) backendService(r *Res) {
	where := r.Address + ".backend_enabled"
	const unchecked = "the API's backend is not checked"
	f := t.attr(r, "backend_enabled")
	switch {
	case f.Unknown:
		t.unverified(where, where, refers(where, f.Where())+": if it is true, the API calls its backend service, whose VPC configuration is not read, so "+unchecked)
		return
	case f.Value == nil:
		return
	case f.Value.Kind != Bool:
		t.fail(f, fmt.Errorf("%w: %s, want bool", ErrWrongType, f.Value.Kind))
		return
	case !f.Value.True:
		return
	}
	what := where + " is true, so the API calls its backend service"
	idf := t.attr(r, "backend_id")
	switch {
	case idf.Unknown:
		t.unverified(where, where, what+", and "+r.Address+".backend_id refers to "+idf.Where()+", known only after apply: the backend service is not known, so "+unchecked)
		return
	case idf.Value == nil || idf.Value.Kind == String && idf.Value.Text == "":
		t.unverified(where, where, what+", but "+r.Address+".backend_id is not given: the backend service is not known, so "+unchecked)
		return
	case idf.Value.Kind != String:
		t.fail(idf, fmt.Errorf("%w: %s, want string", ErrWrongType, idf.Value.Kind))
		return
	}
	id := idf.Value.Text
	if t.backends == nil {
		t.readBackends()
	}
	b := t.backends[id]
	if b == nil {
		t.unverified(where, where, fmt.Sprintf("%s %q, which is not in the plan: its type and VPC configuration are not read, so %s", what, id, unchecked))
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
	t.unverified(where, where, fmt.Sprintf("%s; a backend service names the VPC access authorization it calls only per stage, in an %s's backend_model_data, which is not read: nothing read names the authorization, so %s", what, tfBackendModel, unchecked))
}

// readBackends indexes the plan's backend services by ID (their address
// while it is known only after apply), and the first backend model of
// each whose backend_type may be "VPC" (under "" when its backend_id is
// not known: it may be any backend's).
func (t *planReader) readBackends() {
	t.backends, t.vpcModels = t.byID(tfBackend), make(map[string]*Res)
	for _, m := range t.resources(tfBackendModel) {
		if _, vpc := backendType(t.attr(m, "backend_type")); !vpc {
			continue
		}
		// A model whose backend_id is not known may be any backend's.
		id := t.str(m, "backend_id")
		if t.vpcModels[id] == nil {
			t.vpcModels[id] = m
		}
	}
}

// backendType returns a backend_type as a note quotes it, and whether it
// may be "VPC": anything cloud.NonVPCBackend does not accept, unknown and
// absent included.
func backendType(f Found) (string, bool) {
	switch {
	case f.Unknown:
		return "known only after apply", true
	case f.Value == nil || f.Value.Kind != String:
		return "not given", true
	}
	return strconv.Quote(f.Value.Text), !cloud.NonVPCBackend(f.Value.Text)
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
func (t *planReader) readPlugins() {
	type bound struct {
		group  int
		plugin string
	}
	plugins := t.byID(tfPlugin)
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
				t.unverified(f.Where(), "", fmt.Sprintf("plug-in %q, which %s binds to group %q, is not in the plan: its type and routes are not known, so the backends it may route to are not checked", pid, a.Address, t.v.Groups[gi].ID))
			}
			continue
		}
		if seen[bound{gi, pid}] {
			continue
		}
		seen[bound{gi, pid}] = true
		p, ok := read[pid]
		if !ok {
			if typ, _ := t.text(r, "the plug-in is not checked", "plugin_type"); typ == routingPlugin {
				p = &migrate.Plugin{ID: pid, Type: typ, VPCAccess: t.routes(r)}
				p.Name, _ = t.text(r, "", "plugin_name")
			}
			read[pid] = p
		}
		if p == nil {
			continue
		}
		g := &t.v.Groups[gi]
		g.Plugins = append(g.Plugins, migrate.Plugin{ID: p.ID, Name: p.Name, Type: p.Type, VPCAccess: slices.Clone(p.VPCAccess)})
		g.At.Plugins = append(g.At.Plugins, PluginAt{Plugin: r.Address, VPCAccess: r.Address + ".plugin_data"})
	}
}

// routes returns the authorization names a routing plug-in's plugin_data
// (JSON in a string) names: routes[].backend.vpcAccessName where
// backend.type is "HTTP-VPC" (or the older "HTTP_VPC").
func (t *planReader) routes(r *Res) []string {
	data, f := t.text(r, "the plug-in's backends are not checked", "plugin_data")
	if data == "" {
		return nil
	}
	v, err := Parse([]byte(data))
	if err != nil || v.Kind != Object {
		t.unverified(f.Where(), r.Address+".plugin_data", r.Address+".plugin_data is not a JSON object (YAML is not read): the plug-in's backends are not checked")
		return nil
	}
	var names []string
	seen := make(map[string]bool)
	routes := v.Get("routes")
	if routes == nil || routes.Kind != Array {
		return nil
	}
	for _, route := range routes.Elems {
		b := route.Get("backend")
		typ, name := b.Get("type"), b.Get("vpcAccessName")
		if typ == nil || typ.Kind != String || !httpVPCRoute(typ.Text) {
			continue
		}
		if name == nil || name.Kind != String || name.Text == "" {
			t.unverified(f.Where(), r.Address+".plugin_data", r.Address+".plugin_data has an HTTP-VPC route without vpcAccessName: that route is not checked")
			continue
		}
		if !seen[name.Text] {
			seen[name.Text] = true
			names = append(names, name.Text)
		}
	}
	return names
}

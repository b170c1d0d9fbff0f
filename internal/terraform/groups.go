package terraform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/internal/cloud"
	"github.com/vpcgate/vpcgate/internal/routing"
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
		at := APIAt{API: r.Address, Name: r.Address + ".name", VPCAccess: r.Address + ".http_vpc_service_config[0].name"}
		t.apiBackend(r, &api, &at)
		g := &t.v.Groups[gi]
		g.APIs = append(g.APIs, api)
		g.At.APIs = append(g.At.APIs, at)
		t.backendService(r, gi, api)
	}
}

// apiBackend reads the backend that r's service_type says the API calls:
// for "HTTP-VPC" the authorization http_vpc_service_config[0].name names,
// for "HTTP" the address http_service_config[0].address gives (the
// provider sends it as ServiceConfig.ServiceAddress), for "MOCK" and
// "FunctionCompute" none in a VPC. A service_type known only after apply
// counts as HTTP-VPC when the API has http_vpc_service_config (as before);
// one that is unknown or not given while the API has http_service_config
// leaves the address unverified, at the API's serviceAddress, and so does
// a service_type the provider does not list.
func (t *planReader) apiBackend(r *Res, api *migrate.API, at *APIAt) {
	const unchecked = "the API's backend is not checked"
	sf := t.attr(r, "service_type")
	st := ""
	switch {
	case sf.Unknown || sf.Value == nil:
	case sf.Value.Kind != String:
		t.fail(sf, fmt.Errorf("%w: %s, want string", ErrWrongType, sf.Value.Kind))
		return
	default:
		st = sf.Value.Text
	}
	nVPC, _ := t.ix.Len(r, "http_vpc_service_config")
	nHTTP, known := t.ix.Len(r, "http_service_config")
	mayCall := nHTTP > 0 || !known // the API may have an address
	switch {
	case st == httpVPCService || sf.Unknown && nVPC > 0:
		if sf.Unknown {
			use := r.Address + ".service_type"
			what := refers(use, sf.Where()) + ": the API counts as an HTTP-VPC one when it has http_vpc_service_config"
			if mayCall {
				what += ", and " + r.Address + ".http_service_config[0].address, which it calls if it is \"HTTP\", is not checked"
			}
			t.unverified(sf.Where(), use, what)
		}
		name, f := t.text(r, unchecked, "http_vpc_service_config", 0, "name")
		if name == "" {
			// Never read an unknown name as "not in a VPC".
			name = f.Where()
		}
		api.VPCAccess = name
	case st == httpService:
		at.ServiceAddress = r.Address + ".http_service_config[0].address"
		api.ServiceAddress = t.serviceAddress(r, at.ServiceAddress)
	case st == mockService || st == fcService:
	case !mayCall && sf.Unknown:
		use := r.Address + ".service_type"
		t.unverified(sf.Where(), use, refers(use, sf.Where())+": the API counts as an HTTP-VPC one when it has http_vpc_service_config")
	case !mayCall && st != "":
		use := r.Address + ".service_type"
		t.unverified(use, use, fmt.Sprintf("%s is %q, which the provider does not list (%s): %s", use, st, serviceTypes, unchecked))
	case mayCall:
		// Unknown, not given or not listed: the API may call its
		// http_service_config's address.
		use := r.Address + ".service_type"
		what := use + " is not given"
		switch {
		case sf.Unknown:
			what = refers(use, sf.Where())
		case st != "":
			what = fmt.Sprintf("%s is %q, which the provider does not list (%s)", use, st, serviceTypes)
		}
		at.ServiceAddress = r.Address + ".http_service_config[0].address"
		t.unverified(at.ServiceAddress, at.ServiceAddress, what+": if it is \"HTTP\", the API calls "+at.ServiceAddress+" directly, so the address it calls is not checked")
	}
}

// serviceAddress returns the address an HTTP API r calls directly,
// http_service_config[0].address at addrAt: the zero Endpoint when absent
// or empty (the provider's example of an API that calls a backend service
// gives ""), or when known only after apply (noted); an address
// [authz.ParseEndpoint] rejects is a problem of the plan.
func (t *planReader) serviceAddress(r *Res, addrAt string) authz.Endpoint {
	const unchecked = "the address the API calls is not checked"
	n, known := t.ix.Len(r, "http_service_config")
	if !known {
		where := r.Address + ".http_service_config"
		t.unverified(where, addrAt, where+" is known only after apply: "+unchecked)
	}
	if n == 0 {
		return authz.Endpoint{}
	}
	s, f := t.text(r, unchecked, "http_service_config", 0, "address")
	if s == "" {
		return authz.Endpoint{}
	}
	e, err := authz.ParseEndpoint(s)
	if err != nil {
		t.fail(f, err)
	}
	return e
}

// backendService reads the backend service that API r of group gi calls,
// or notes what it cannot read. In the provider
// (alicloud/resource_alicloud_api_gateway_api.go), CreateApi and ModifyApi
// send BackendEnable from backend_enabled (false when absent) and, when it
// is true, BackendId from backend_id; the gateway then calls that backend
// service's configuration for the stage, not only the API's own. An
// alicloud_api_gateway_backend
// (alicloud/resource_alicloud_api_gateway_backend.go) holds only
// backend_name, backend_type, description and
// create_event_bridge_service_linked_role: what it calls is given per
// stage in the backend_model_data of an alicloud_api_gateway_backend_model
// (alicloud/resource_alicloud_api_gateway_backend_model.go, provider
// v1.280.0), a JSON object in a string with the keys of
// CreateBackendModel's BackendModelData. The provider documents the shape
// of an HTTP model's ({"ServiceAddress": "http://...:8080", ...}), which
// this reader reads (see [planReader.backendAddresses]); a VPC model's
// (VpcConfig.VpcAccessId, the authorization's ID, not its name) it does
// not. So an API whose backend_enabled is true, or known only after
// apply, gets an unverified note at its backend_enabled, unless its
// backend_id names a backend service of the plan whose backend_type is one
// [cloud.NonVPCBackend] accepts and no backend model of the plan for it
// (by backend_id) has a backend_type that may be "VPC"; then the addresses
// its HTTP models name are the group's.
func (t *planReader) backendService(r *Res, gi int, api migrate.API) {
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
		t.backendAddresses(gi, api, id)
		return
	}
	t.unverified(where, where, fmt.Sprintf("%s; a backend service names the VPC access authorization it calls only per stage, in an %s's backend_model_data, which is not read: nothing read names the authorization, so %s", what, tfBackendModel, unchecked))
}

// modelAddr is an address an HTTP backend model names.
type modelAddr struct {
	model *Res
	stage string
	addr  authz.Endpoint
	at    string // the place of backend_model_data
}

// readBackends indexes the plan's backend services by ID (their address
// while it is known only after apply), the first backend model of each
// whose backend_type may be "VPC" (under "" when its backend_id is not
// known: it may be any backend's), and the addresses of the models whose
// backend_type is "HTTP", by backend_id (a model whose backend_id is known
// only after apply is noted: which service's its address is, is not
// known).
func (t *planReader) readBackends() {
	t.backends, t.vpcModels, t.httpModels = t.byID(tfBackend), make(map[string]*Res), make(map[string][]modelAddr)
	t.called = make(map[string]bool)
	for _, m := range t.resources(tfBackendModel) {
		f := t.attr(m, "backend_type")
		if _, vpc := backendType(f); vpc {
			// A model whose backend_id is not known may be any backend's.
			id := t.str(m, "backend_id")
			if t.vpcModels[id] == nil {
				t.vpcModels[id] = m
			}
			continue
		}
		if f.Value.Text != httpBackend {
			continue
		}
		a, ok := t.modelAddress(m)
		if !ok {
			continue
		}
		if id, _ := t.text(m, "which backend service calls its address is not known, so the address is not checked", "backend_id"); id != "" {
			t.httpModels[id] = append(t.httpModels[id], a)
		}
	}
}

// modelAddress reads the address that HTTP backend model m's
// backend_model_data names (its ServiceAddress), if any. Data that is not
// a JSON object, known only after apply, a ServiceAddress spelt in
// another case, or one that names no scheme or port (the cloud's own
// sample of DescribeBackendInfo has "10.0.0.1") leave the address
// unverified; a ServiceAddress that is not a string, or that
// [authz.ParseEndpoint] rejects otherwise, is a problem of the plan.
func (t *planReader) modelAddress(m *Res) (modelAddr, bool) {
	const unchecked = "the address the backend service calls in this stage is not checked"
	data, f := t.text(m, unchecked, "backend_model_data")
	if data == "" {
		return modelAddr{}, false
	}
	at := m.Address + ".backend_model_data"
	v, err := Parse([]byte(data))
	if err != nil || v.Kind != Object {
		t.unverified(at, at, at+" is not a JSON object: "+unchecked)
		return modelAddr{}, false
	}
	a := v.Get(modelAddress)
	if a == nil {
		for _, k := range v.Keys() {
			if strings.EqualFold(k, modelAddress) {
				t.unverified(at, at, fmt.Sprintf("%s has %q where the provider writes %q: %s", at, k, modelAddress, unchecked))
			}
		}
		return modelAddr{}, false
	}
	switch {
	case a.Kind == Null || a.Kind == String && a.Text == "":
		return modelAddr{}, false
	case a.Kind != String:
		t.fail(f, fmt.Errorf("%s: %w: %s, want string", modelAddress, ErrWrongType, a.Kind))
		return modelAddr{}, false
	}
	e, err := authz.ParseEndpoint(a.Text)
	if err != nil {
		if _, err2 := authz.ParseEndpoint("http://" + a.Text); err2 == nil && !strings.Contains(a.Text, "://") {
			t.unverified(at, at, fmt.Sprintf("%s's %s %q names no scheme or port: the port it is called on is not known, so %s", at, modelAddress, a.Text, unchecked))
		} else {
			t.fail(f, fmt.Errorf("%s: %w", modelAddress, err))
		}
		return modelAddr{}, false
	}
	return modelAddr{model: m, stage: t.str(m, "stage_name"), addr: e, at: at}, true
}

// backendAddresses adds to group gi, once per group and backend service
// id, an API for each address that an HTTP backend model of the service
// names (once each), named as the API with the service and the stage:
// "list (backend service "bk-1", RELEASE)", so that every address the
// group's APIs may call is checked once, as the responses reader does.
func (t *planReader) backendAddresses(gi int, api migrate.API, id string) {
	g := &t.v.Groups[gi]
	key := g.ID + "\x00" + id
	if t.called[key] || len(t.httpModels[id]) == 0 {
		return
	}
	t.called[key] = true
	seen := make(map[authz.Endpoint]bool)
	for _, m := range t.httpModels[id] {
		if seen[m.addr] {
			continue
		}
		seen[m.addr] = true
		stage := m.stage
		if stage == "" {
			stage = "stage not known"
		}
		g.APIs = append(g.APIs, migrate.API{ID: api.ID, Name: fmt.Sprintf("%s (backend service %q, %s)", api.Name, id, stage), ServiceAddress: m.addr})
		g.At.APIs = append(g.At.APIs, APIAt{API: m.model.Address, ServiceAddress: m.at})
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
				p = &migrate.Plugin{ID: pid, Type: typ}
				p.VPCAccess, p.ServiceAddresses = t.routes(r)
				p.Name, _ = t.text(r, "", "plugin_name")
			}
			read[pid] = p
		}
		if p == nil {
			continue
		}
		g := &t.v.Groups[gi]
		g.Plugins = append(g.Plugins, migrate.Plugin{ID: p.ID, Name: p.Name, Type: p.Type, VPCAccess: slices.Clone(p.VPCAccess), ServiceAddresses: slices.Clone(p.ServiceAddresses)})
		at := PluginAt{Plugin: r.Address, VPCAccess: r.Address + ".plugin_data"}
		if len(p.ServiceAddresses) > 0 {
			// Only then: a note on plugin_data keeps its one plan path.
			at.ServiceAddresses = at.VPCAccess
		}
		g.At.Plugins = append(g.At.Plugins, at)
	}
}

// routes returns what a routing plug-in's plugin_data (JSON or YAML in a
// string, read as internal/routing reads the cloud's PluginData) routes
// to: the authorization names of routes[].backend.vpcAccessName where
// backend.type is "HTTP-VPC" (or the older "HTTP_VPC"), and the addresses
// of routes[].backend.address where backend.type is "HTTP", each once. An
// HTTP route without an address calls the API's own (the route's backend
// is laid over the API's). Text neither reads as leaves the plug-in's
// backends unverified; an address that is not a string, or that
// [authz.ParseEndpoint] rejects, is a problem of the plan.
func (t *planReader) routes(r *Res) ([]string, []authz.Endpoint) {
	data, f := t.text(r, "the plug-in's backends are not checked", "plugin_data")
	if data == "" {
		return nil, nil
	}
	at := r.Address + ".plugin_data"
	text, isJSON := routing.Split(data)
	var v *Value
	var err error
	if isJSON {
		v, err = Parse([]byte(text))
	} else {
		v, err = routing.ParseYAML(text, &build{})
	}
	switch {
	case err != nil && isJSON:
		t.unverified(f.Where(), at, at+" is not well-formed JSON: the plug-in's backends are not checked")
		return nil, nil
	case err != nil:
		t.unverified(f.Where(), at, fmt.Sprintf("%s is neither JSON nor YAML this reader reads (%v): the plug-in's backends are not checked", at, err))
		return nil, nil
	case v.Kind == Null:
		return nil, nil
	case v.Kind != Object:
		t.unverified(f.Where(), at, fmt.Sprintf("%s is a %s, not an object of routes: the plug-in's backends are not checked", at, v.Kind))
		return nil, nil
	}
	var names []string
	var addrs []authz.Endpoint
	seen := make(map[string]bool)
	seenAddr := make(map[authz.Endpoint]bool)
	routes := v.Get("routes")
	switch {
	case routes == nil || routes.IsNull():
		return nil, nil
	case routes.Kind != Array:
		t.unverified(f.Where(), at, fmt.Sprintf("%s: routes is a %s, not an array: the plug-in's backends are not checked", at, routes.Kind))
		return nil, nil
	}
	for i, route := range routes.Elems {
		b := route.Get("backend")
		typ := b.Get("type")
		switch {
		case typ == nil || typ.Kind != String:
			t.unverified(f.Where(), at, fmt.Sprintf("%s: routes[%d] has no backend type: where it sends is not checked", at, i))
		case typ.Text == mockRoute:
			// answers itself: no backend
		case httpVPCRoute(typ.Text):
			name := b.Get("vpcAccessName")
			if name == nil || name.Kind != String || name.Text == "" {
				t.unverified(f.Where(), at, at+" has an HTTP-VPC route without vpcAccessName: that route is not checked")
				continue
			}
			if !seen[name.Text] {
				seen[name.Text] = true
				names = append(names, name.Text)
			}
		case typ.Text == httpRoute:
			a := b.Get("address")
			switch {
			case a.IsNull() || a.Kind == String && a.Text == "":
				continue // the API's own address
			case a.Kind != String:
				t.fail(f, fmt.Errorf("routes[%d].backend.address: %w: %s, want string", i, ErrWrongType, a.Kind))
				continue
			}
			e, err := authz.ParseEndpoint(a.Text)
			if err != nil {
				t.fail(f, fmt.Errorf("routes[%d].backend.address: %w", i, err))
				continue
			}
			if !seenAddr[e] {
				seenAddr[e] = true
				addrs = append(addrs, e)
			}
		default:
			t.unverified(f.Where(), at, fmt.Sprintf("%s: routes[%d] has backend type %q, which this reader does not know: where it sends is not checked", at, i, typ.Text))
		}
	}
	return names, addrs
}

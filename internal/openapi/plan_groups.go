// This file implements the moved groups: their current instance, APIs
// (with the backend services they call) and plug-ins.

package openapi

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/cloud"
	"github.com/vpcgate/vpcgate/migrate"
)

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
	b.note(dw, at.Child("dataWorks"), fmt.Sprintf("not checked: whether group %q serves DataWorks (no response says)", g.GroupId))

	for _, api := range b.idx.apis[g.GroupId] {
		b.api(api, at, &out)
	}
	// The APIs known to be the group's (DescribeApis, DescribePluginApis)
	// without their DescribeApi.
	for _, a := range b.idx.listed[g.GroupId] {
		if b.s.Apis[a.ApiId] == nil {
			b.note(a.At, "", fmt.Sprintf("not checked: DescribeApi for %q not given", a.ApiId))
		}
	}
	for _, a := range b.idx.attached[g.GroupId] {
		if a.apiId != "" && b.s.Apis[a.apiId] == nil {
			b.note(a.at, "", fmt.Sprintf("not checked: DescribeApi for %q not given", a.apiId))
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
func (b *builder) api(api *Api, at field.Path, out *Group) {
	apis := b.child(at, "apis")
	first := b.index(apis, len(out.APIs)) // the API's first entry
	// entry adds the entry d of the API, named with suffix, read from
	// place from, and returns its path.
	entry := func(d migrate.API, suffix string, from field.Path) field.Path {
		aat := b.index(apis, len(out.APIs))
		d.ID, d.Name = api.ApiId, api.ApiName+suffix
		out.APIs = append(out.APIs, d)
		b.src(aat, from)
		b.field(aat, "id", api.At, "ApiId")
		b.field(aat, "name", api.At, "ApiName")
		return aat
	}
	add := func(name string, where field.Path, suffix string, from field.Path) {
		va := b.child(b.index(apis, len(out.APIs)), "vpcAccess")
		if !b.settled(name, where, va, true) {
			name = ""
		}
		entry(migrate.API{VPCAccess: name}, suffix, from)
		if name != "" {
			b.src(va, where)
			b.use(name, va)
		}
	}
	if api.VpcUnknown != "" {
		b.note(api.VpcUnknownAt, first.Child("vpcAccess"), fmt.Sprintf("not checked: whether API %q calls a backend in a VPC, and which (%s)", api.ApiId, api.VpcUnknown))
	}
	name := b.vpcConfig(api)
	add(name, b.child(api.At, vpcNameAt), "", api.At)
	// The address the API calls directly: a fact of the cloud, so one
	// that is not read is unverified, never an input error.
	if sa, where := b.child(first, "serviceAddress"), b.child(api.At, serviceAddressAt); api.AddressUnknown != "" {
		b.src(sa, where)
		b.note(where, sa, fmt.Sprintf("not checked: the address API %q calls directly (%s)", api.ApiId, api.AddressUnknown))
	} else if api.ServiceAddress != (authz.Endpoint{}) {
		out.APIs[len(out.APIs)-1].ServiceAddress = api.ServiceAddress
		b.src(sa, where)
	}
	if !api.BackendEnable || !once(b.called, out.ID+"\x00"+api.BackendId) {
		return
	}
	if api.BackendId == "" {
		b.note(api.At.Child("BackendConfig").Child("BackendId"), "", fmt.Sprintf("not checked: the backends of API %q, which calls a backend service (BackendEnable) that the response does not name", api.ApiId))
		return
	}
	bi := b.s.Backends[api.BackendId]
	if bi == nil {
		b.note(api.At.Child("BackendEnable"), "", fmt.Sprintf("not checked: the backends of API %q, which calls backend service %q (DescribeBackendInfo for %q not given)", api.ApiId, api.BackendId, api.BackendId))
		return
	}
	if len(bi.Models) == 0 && !cloud.NonVPCBackend(bi.BackendType) {
		b.note(bi.At.Child("BackendModels"), "", fmt.Sprintf("not checked: backend service %q, of type %q, gives no environment (BackendModels), so what it calls is not known", bi.BackendId, bi.BackendType))
	}
	seen := map[string]bool{api.VpcName: true}
	seenAddr := map[authz.Endpoint]bool{api.ServiceAddress: true}
	for j, m := range bi.Models {
		mat := backendModelPath(bi.At, j)
		cfg := mat.Child("BackendConfig")
		suffix := fmt.Sprintf(" (backend service %q, %s)", bi.BackendId, m.StageName)
		if m.Discovery != "" {
			// A service-discovery backend whatever its Type says.
			if once(seen, "\x00discovery\x00"+m.Discovery) {
				aat := entry(migrate.API{Discovery: m.Discovery}, suffix, mat)
				b.src(b.child(aat, "discovery"), cfg.Child(m.DiscoveryAt))
			}
			continue
		}
		typ := cmp.Or(m.Type, bi.BackendType)
		if typ != "VPC" && m.Type != "" && bi.BackendType != "" && m.Type != bi.BackendType {
			// Which one the stage calls is not settled: not a pass.
			b.note(cfg.Child("Type"), "", fmt.Sprintf("not checked: backend service %q in environment %q is of type %q, but the service is of type %q", bi.BackendId, m.StageName, m.Type, bi.BackendType))
			continue
		}
		switch {
		case typ == "VPC":
		case typ == "HTTP" && m.AddressUnknown != "":
			b.note(cfg.Child("ServiceAddress"), "", fmt.Sprintf("not checked: the address backend service %q calls in environment %q (%s)", bi.BackendId, m.StageName, m.AddressUnknown))
			continue
		case typ == "HTTP" && m.ServiceAddress != (authz.Endpoint{}):
			if !seenAddr[m.ServiceAddress] {
				seenAddr[m.ServiceAddress] = true
				aat := entry(migrate.API{ServiceAddress: m.ServiceAddress}, suffix, mat)
				b.src(b.child(aat, "serviceAddress"), cfg.Child("ServiceAddress"))
			}
			continue
		case cloud.NonVPCBackend(typ):
			continue
		default:
			b.note(cfg.Child("Type"), "", fmt.Sprintf("not checked: backend service %q in environment %q, of type %q, which is not read", bi.BackendId, m.StageName, typ))
			continue
		}
		name, where := m.VpcName, cfg.Child("VpcConfig").Child("Name")
		if m.VpcAccessId != "" {
			byID := b.idx.byAccessID(b.s, m.VpcAccessId)
			switch {
			case byID == nil:
				b.note(cfg.Child("VpcConfig").Child("VpcAccessId"), "", fmt.Sprintf("not checked: backend service %q in environment %q uses VPC access %q, which no DescribeVpcAccesses page given lists", bi.BackendId, m.StageName, m.VpcAccessId))
				continue
			case name == "":
				name, where = byID.Name, cfg.Child("VpcConfig").Child("VpcAccessId")
			case name != byID.Name:
				b.errs.Add(where, fmt.Errorf("%w: backend service %q names authorization %q, but its VpcAccessId %q is authorization %q at %s", ErrConflict, bi.BackendId, name, m.VpcAccessId, byID.Name, byID.At))
				continue
			}
		}
		if name == "" {
			b.note(cfg.Child("VpcConfig"), "", fmt.Sprintf("not checked: backend service %q in environment %q is a VPC backend that names no VPC access authorization", bi.BackendId, m.StageName))
			continue
		}
		if !seen[name] {
			seen[name] = true
			add(name, where, suffix, mat)
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
func (b *builder) vpcConfig(api *Api) string {
	name, cfg := api.VpcName, api.Vpc
	if name == "" || cfg.VpcId == "" && cfg.InstanceId == "" && cfg.Port == 0 {
		return name
	}
	vat := api.At.Child(vpcConfigAt)
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
				b.errs.Add(vat.Child(d.key), fmt.Errorf("%w: API %q reaches authorization %q's backend at %s %q, but the authorization at %s says %q", ErrConflict, api.ApiId, name, d.key, d.got, v.At, d.want))
			}
		}
		return name
	}
	if cfg.VpcId == "" || cfg.InstanceId == "" || cfg.Port == 0 || b.surelyMissing(name) {
		return name
	}
	if old := b.stated[name]; old != nil {
		if old.cfg.VpcId != cfg.VpcId || old.cfg.InstanceId != cfg.InstanceId || old.cfg.Port != cfg.Port {
			b.errs.Add(vat, fmt.Errorf("%w: API %q states authorization %q's backend otherwise than %s", ErrConflict, api.ApiId, name, old.at))
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
func (b *builder) currentInstance(g *ApiGroupAttribute, at field.Path) instance.Instance {
	if g.InstanceId == "" {
		b.note(g.At.Child("InstanceId"), at, fmt.Sprintf("not checked: the instance group %q is on now (the response gives no InstanceId): where the move starts, its kind and its egress addresses", g.GroupId))
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
			b.errs.Add(g.At.Child("InstanceType"), fmt.Errorf("%w: group %q says its instance is %s, %s says %s", ErrConflict, g.GroupId, fromGroup, ia.At, fromInst))
		}
	}
	switch {
	case okI:
		cur.Kind = fromInst
	case okG:
		cur.Kind = fromGroup
	case g.InstanceType == "CLASSIC_SHARED":
		b.note(g.At.Child("InstanceType"), at.Child("kind"), fmt.Sprintf("not checked: the kind of instance %q (CLASSIC_SHARED, a classic network shared instance, is no kind vpcgate knows)", g.InstanceId))
	default:
		b.note(g.At.Child("InstanceId"), at.Child("kind"), fmt.Sprintf("not checked: the kind of instance %q (DescribeInstances for %q not given)", g.InstanceId, g.InstanceId))
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

// plugins adds the plug-ins attached to the group's APIs and those bound
// to the group as a whole, each once.
func (b *builder) plugins(g *ApiGroupAttribute, at field.Path, out *Group) {
	if !b.s.Given(DescribePlugins) {
		b.note(g.At, "", "not checked: DescribePlugins not given (the plug-ins of the moved groups)")
		if !b.s.Given(DescribePluginsByGroup) {
			return
		}
	}
	seen := map[string]bool{}
	for _, a := range slices.Concat(b.idx.attached[g.GroupId], b.idx.bound[g.GroupId]) {
		if !once(seen, a.plugin) {
			continue
		}
		p := b.s.Plugins[a.plugin]
		if p == nil {
			b.note(a.at, "", fmt.Sprintf("not checked: DescribePlugins for plug-in %q not given", a.plugin))
			continue
		}
		pat := b.index(b.child(at, "plugins"), len(out.Plugins))
		b.src(pat, p.At)
		b.field(pat, "id", p.At, "PluginId")
		b.field(pat, "name", p.At, "PluginName")
		b.field(pat, "type", p.At, "PluginType")
		var names []string
		for k, name := range p.VpcAccess {
			where := b.child(p.At, string(p.VpcAccessAt[k]))
			nat := b.index(b.child(pat, "vpcAccess"), len(names))
			if !b.settled(name, where, nat, false) {
				continue
			}
			b.src(nat, where)
			b.use(name, nat)
			names = append(names, name)
		}
		sas := b.child(pat, "serviceAddresses")
		for k := range p.ServiceAddresses {
			b.src(b.index(sas, k), b.child(p.At, string(p.ServiceAddressesAt[k])))
		}
		for _, u := range p.Unread {
			where := b.child(p.At, string(u.At))
			b.note(where, sas, fmt.Sprintf("not checked: the address plug-in %q routes to at %s (%s)", p.PluginId, where, u.Why))
		}
		out.Plugins = append(out.Plugins, migrate.Plugin{ID: p.PluginId, Name: p.PluginName, Type: p.PluginType, VPCAccess: names, ServiceAddresses: slices.Clone(p.ServiceAddresses)})
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
		b.note(n.at, "", n.what)
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
		if len(p.VpcAccess) == 0 && len(p.ServiceAddresses) == 0 && len(p.Unread) == 0 {
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
			b.note(p.At, "", "not checked: "+strings.Join(parts, "; ")+" (whether the moved groups use it)")
		}
	}
	if b.s.Given(DescribePlugins) {
		if c := b.idx.pluginsAll; !c.done {
			what, l := "no call lists every plug-in", c.first
			if l != nil {
				what = pages(l)
			}
			b.note(b.listingAt(l), "", "not checked: DescribePlugins pages: "+what+" (a routing plug-in on a page not given may serve the moved groups)")
		}
	}
}

// apiPages notes when the group's APIs may be on a page of DescribeApis
// not given: no call that lists all of the group's APIs (filtered by
// GroupId, or not filtered) holds all its items. A call given without an
// envelope counts for the group only if it lists one of its APIs, since
// it may have been filtered by another group; a call filtered by more
// than the group (ApiName, ApiId, ...) lists only some of its APIs.
func (b *builder) apiPages(g *ApiGroupAttribute) {
	c := b.idx.apiCalls[g.GroupId]
	switch {
	case c != nil && c.done:
	case c != nil && c.first != nil:
		b.note(c.first.At, "", fmt.Sprintf("not checked: DescribeApis pages of group %q: %s", g.GroupId, pages(c.first)))
	default:
		b.note(g.At, "", fmt.Sprintf("not checked: DescribeApis for group %q not given (only the APIs given by DescribeApi are checked)", g.GroupId))
	}
}

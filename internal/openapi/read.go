package openapi

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrInvalid matches a document that is malformed, of no known shape,
	// or holds a value of the wrong type or an invalid value.
	ErrInvalid = errors.New("invalid OpenAPI response")
	// ErrConflict matches the same resource read twice with different
	// content.
	ErrConflict = errors.New("conflicting OpenAPI responses")
)

// Kind names a response by its API, as document paths name it.
type Kind string

// The responses Read knows. ECS DescribeInstances is "ecs.DescribeInstances",
// since API Gateway's has the same name.
const (
	DescribeInstances              Kind = "DescribeInstances" // API Gateway
	DescribeVpcAccesses            Kind = "DescribeVpcAccesses"
	DescribeApiGroups              Kind = "DescribeApiGroups"
	DescribeApiGroup               Kind = "DescribeApiGroup"
	DescribeApi                    Kind = "DescribeApi"
	DescribeApis                   Kind = "DescribeApis"
	DescribeBackendInfo            Kind = "DescribeBackendInfo"
	DescribePlugins                Kind = "DescribePlugins"
	DescribePluginApis             Kind = "DescribePluginApis"
	DescribeVpcAttribute           Kind = "DescribeVpcAttribute"
	DescribeVSwitches              Kind = "DescribeVSwitches"
	DescribeSecurityGroupAttribute Kind = "DescribeSecurityGroupAttribute"
	DescribeSecurityGroups         Kind = "DescribeSecurityGroups"
	EcsDescribeInstances           Kind = "ecs.DescribeInstances"
	DescribeLoadBalancers          Kind = "DescribeLoadBalancers"
)

// Snapshot is what a set of documents says, resources found by ID. It is
// not modified after Read returns it.
type Snapshot struct {
	// Kinds holds the kind of each document, by index.
	Kinds []Kind
	// Instances holds the API Gateway instances, by InstanceId.
	Instances map[string]*InstanceAttribute
	// VpcAccesses holds the VPC access authorizations in document order,
	// each once.
	VpcAccesses []*VpcAccessAttribute
	// Groups holds the API groups, by GroupId.
	Groups map[string]*ApiGroupAttribute
	// Apis holds the APIs of DescribeApi, by ApiId.
	Apis map[string]*Api
	// Backends holds the backend services of DescribeBackendInfo, by BackendId.
	Backends map[string]*BackendInfo
	// ApiLists holds the APIs of DescribeApis, by ApiId.
	ApiLists map[string]*ApiSummary
	// Plugins holds the plug-ins, by PluginId.
	Plugins map[string]*PluginAttribute
	// PluginOrder holds the plug-ins' IDs in document order.
	PluginOrder []string
	// PluginApis holds each plug-in's attachments, by PluginId; a plug-in
	// is present when its DescribePluginApis was given, even if empty.
	PluginApis map[string][]*ApiPluginSummary
	// Vpcs holds the VPCs, by VpcId.
	Vpcs map[string]*VpcAttribute
	// VSwitches holds the vSwitches, by VSwitchId.
	VSwitches map[string]*VSwitch
	// SGAttributes holds the security groups' rules, by SecurityGroupId.
	SGAttributes map[string]*SecurityGroupAttribute
	// SecurityGroups holds the security groups' types, by SecurityGroupId.
	SecurityGroups map[string]*SecurityGroup
	// EcsInstances holds the ECS instances, by InstanceId.
	EcsInstances map[string]*EcsInstance
	// LoadBalancers holds the load balancers, by LoadBalancerId.
	LoadBalancers map[string]*LoadBalancer
	// Listings holds the calls of the paged lists (DescribeApis,
	// DescribePluginApis, DescribePlugins, DescribeVpcAccesses), each with
	// what its pages say of its completeness, in document order.
	Listings []*Listing

	listingAt map[string]int // a call's key: its index in Listings, while reading
}

// Listing is the pages given of one call of a paged list. The pages of one
// call share its request's filters (from the envelope's request; none
// without an envelope), TotalCount and PageSize.
type Listing struct {
	// Kind is the call.
	Kind Kind
	// Filter holds the members of the envelope's request other than
	// RegionId, PageNumber, PageSize, NextToken and MaxResults; empty
	// without an envelope.
	Filter map[string]string
	// Total is the call's TotalCount; -1 when a page does not give it.
	Total int
	// Given is how many distinct items the pages given hold.
	Given int
	// Ambiguous is set when two pages with the same PageNumber hold
	// different items: pages of different calls that cannot be told apart.
	Ambiguous bool
	// At is the path of the call's first page given.
	At field.Path
	// Docs holds the indexes of the call's pages among the documents.
	Docs []int

	items map[string]bool
	pages map[int64]string // PageNumber: the page's items
}

// Complete reports whether the pages given hold every item of the call.
func (l *Listing) Complete() bool {
	return !l.Ambiguous && l.Total >= 0 && l.Given >= l.Total
}

// Only reports whether the call's filters are among allowed, each with
// the value given there (a missing filter is no filter).
func (l *Listing) Only(allowed map[string]string) bool {
	for k, v := range l.Filter {
		if w, ok := allowed[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// pagingKeys are the request members that choose a page, not the items.
var pagingKeys = []string{"RegionId", "PageNumber", "PageSize", "NextToken", "MaxResults"}

// addPage records a page of a paged list: the call it belongs to (by the
// envelope's filters, TotalCount and PageSize) and its items' keys.
func addPage[T any](s *Snapshot, k Kind, i int, o obj, req *node, got []T, key func(T) string) {
	total, ok := o.integer("TotalCount", 0, math.MaxInt32, false)
	if !ok {
		total = -1
	}
	size, _ := o.integer("PageSize", 0, math.MaxInt32, false)
	num, _ := o.integer("PageNumber", 0, math.MaxInt32, false)
	filter := map[string]string{}
	var parts []string
	if req != nil {
		for j, name := range req.keys {
			if slices.Contains(pagingKeys, name) {
				continue
			}
			v := req.vals[j]
			val := typeName(v)
			switch v.kind {
			case 's', 'n':
				val = v.str
			case 'b':
				val = strconv.FormatBool(v.b)
			}
			filter[name] = val
			parts = append(parts, strconv.Quote(name)+"="+strconv.Quote(val))
		}
	}
	slices.Sort(parts)
	id := fmt.Sprintf("%s\x00%s\x00%d\x00%d", k, strings.Join(parts, "&"), total, size)
	if s.listingAt == nil {
		s.listingAt = map[string]int{}
	}
	j, seen := s.listingAt[id]
	if !seen {
		j = len(s.Listings)
		s.listingAt[id] = j
		s.Listings = append(s.Listings, &Listing{Kind: k, Filter: filter, Total: int(total), At: o.at, items: map[string]bool{}, pages: map[int64]string{}})
	}
	l := s.Listings[j]
	l.Docs = append(l.Docs, i)
	keys := make([]string, len(got))
	for n, v := range got {
		keys[n] = key(v)
		l.items[keys[n]] = true
	}
	if num > 0 {
		sig := strings.Join(keys, "\x00")
		if old, ok := l.pages[num]; ok && old != sig {
			l.Ambiguous = true
		}
		l.pages[num] = sig
	}
}

// finishListings counts each call's items and drops what reading needed.
func (s *Snapshot) finishListings() {
	for _, l := range s.Listings {
		l.Given = len(l.items)
		l.items, l.pages = nil, nil
	}
	s.listingAt = nil
}

// crossCheck compares what documents of different kinds say of one API:
// its group in DescribeApi, DescribeApis and DescribePluginApis. A
// difference is an ErrConflict naming both places.
func (s *Snapshot) crossCheck(errs *field.List) {
	listed := make([]*ApiSummary, 0, len(s.ApiLists))
	for _, a := range s.ApiLists {
		listed = append(listed, a)
	}
	slices.SortFunc(listed, func(x, y *ApiSummary) int { return byPlace(x.Place, y.Place) })
	for _, a := range listed {
		if api := s.Apis[a.ApiId]; api != nil && api.GroupId != a.GroupId {
			errs.Add(api.At.Child("GroupId"), fmt.Errorf("%w: API %q is in group %q, but %s says group %q", ErrConflict, a.ApiId, api.GroupId, a.At.Child("GroupId"), a.GroupId))
		}
	}
	plugins := make([]string, 0, len(s.PluginApis))
	for id := range s.PluginApis {
		plugins = append(plugins, id)
	}
	slices.Sort(plugins)
	for _, id := range plugins {
		for _, att := range s.PluginApis[id] {
			group, at := "", field.Path("")
			if api := s.Apis[att.ApiId]; api != nil {
				group, at = api.GroupId, api.At.Child("GroupId")
			} else if a := s.ApiLists[att.ApiId]; a != nil {
				group, at = a.GroupId, a.At.Child("GroupId")
			}
			if at != "" && group != att.GroupId {
				errs.Add(att.At.Child("GroupId"), fmt.Errorf("%w: plug-in %q is attached to API %q of group %q, but %s says group %q", ErrConflict, id, att.ApiId, att.GroupId, at, group))
			}
		}
	}
}

// byPlace orders places by document, then path.
func byPlace(x, y Place) int {
	if x.Doc != y.Doc {
		return x.Doc - y.Doc
	}
	return strings.Compare(string(x.At), string(y.At))
}

// Given reports whether at least one document of kind k was read.
func (s *Snapshot) Given(k Kind) bool {
	for _, d := range s.Kinds {
		if d == k {
			return true
		}
	}
	return false
}

// DocPath returns the path that names document i of kind k: "Kind[i]".
func DocPath(k Kind, i int) field.Path {
	return field.Path(string(k) + "[" + strconv.Itoa(i) + "]")
}

// Read reads the documents, one response body each. It returns every
// problem at once, joined: each a *field.Error naming the document and
// path, matching ErrInvalid or ErrConflict.
func Read(docs [][]byte) (*Snapshot, error) {
	s := &Snapshot{
		Kinds:          make([]Kind, len(docs)),
		Instances:      map[string]*InstanceAttribute{},
		Groups:         map[string]*ApiGroupAttribute{},
		Apis:           map[string]*Api{},
		Backends:       map[string]*BackendInfo{},
		ApiLists:       map[string]*ApiSummary{},
		Plugins:        map[string]*PluginAttribute{},
		PluginApis:     map[string][]*ApiPluginSummary{},
		Vpcs:           map[string]*VpcAttribute{},
		VSwitches:      map[string]*VSwitch{},
		SGAttributes:   map[string]*SecurityGroupAttribute{},
		SecurityGroups: map[string]*SecurityGroup{},
		EcsInstances:   map[string]*EcsInstance{},
		LoadBalancers:  map[string]*LoadBalancer{},
	}
	var errs field.List
	access := map[string]*VpcAccessAttribute{}
	for i, data := range docs {
		s.read(i, data, access, &errs)
	}
	s.crossCheck(&errs)
	s.finishListings()
	return s, errs.Err()
}

func (s *Snapshot) read(i int, data []byte, access map[string]*VpcAccessAttribute, errs *field.List) {
	anon := field.Path("responses[" + strconv.Itoa(i) + "]")
	root, err := parse(data, anon)
	if err != nil {
		errs.AddUnder("", err)
		return
	}
	if root.kind != 'o' {
		errs.Add(anon, fmt.Errorf("%w: want a JSON object, got %s", ErrInvalid, typeName(root)))
		return
	}
	body, req, inner := root, (*node)(nil), field.Path("")
	if len(root.keys) == 2 && root.has("request") && root.has("response") {
		req, body, inner = root.get("request"), root.get("response"), "response"
		if req.kind != 'o' || body.kind != 'o' {
			errs.Add(anon, fmt.Errorf("%w: an envelope's request and response must be objects", ErrInvalid))
			return
		}
	}
	kinds := recognise(body, req)
	switch len(kinds) {
	case 0:
		if code, msg := body.get("Code"), body.get("Message"); code != nil && msg != nil && code.kind == 's' && msg.kind == 's' {
			errs.Add(anon.Join(inner), fmt.Errorf("%w: an error response: %s: %s", ErrInvalid, code.str, msg.str))
			return
		}
		errs.Add(anon.Join(inner), fmt.Errorf("%w: no known response shape", ErrInvalid))
		return
	case 1:
	default:
		names := make([]string, len(kinds))
		for j, k := range kinds {
			names[j] = string(k)
		}
		errs.Add(anon.Join(inner), fmt.Errorf("%w: the shape of several responses (%s)", ErrInvalid, strings.Join(names, ", ")))
		return
	}
	k := kinds[0]
	s.Kinds[i] = k
	o := obj{n: body, at: DocPath(k, i).Join(inner), errs: errs}
	switch k {
	case DescribeInstances:
		for _, v := range items(o, i, "Instances", "InstanceAttribute", readInstanceAttribute) {
			merge(s.Instances, v.InstanceId, v, "instance", errs)
		}
	case DescribeVpcAccesses:
		got := items(o, i, "VpcAccessAttributes", "VpcAccessAttribute", readVpcAccess)
		for _, v := range got {
			if merge(access, v.key(), v, "VPC access authorization", errs) {
				s.VpcAccesses = append(s.VpcAccesses, v)
			}
		}
		addPage(s, k, i, o, req, got, (*VpcAccessAttribute).key)
	case DescribeApiGroups:
		for _, v := range items(o, i, "ApiGroupAttributes", "ApiGroupAttribute", readApiGroup) {
			s.mergeGroup(v, errs)
		}
	case DescribeApiGroup:
		s.mergeGroup(body1(o, i, readApiGroup), errs)
	case DescribeApi:
		v := body1(o, i, readApi)
		merge(s.Apis, v.ApiId, v, "API", errs)
	case DescribeBackendInfo:
		if bo, ok := o.child("BackendInfo"); ok {
			v := body1(bo, i, readBackendInfo)
			merge(s.Backends, v.BackendId, v, "backend service", errs)
		}
	case DescribeApis:
		got := items(o, i, "ApiSummarys", "ApiSummary", readApiSummary)
		for _, v := range got {
			merge(s.ApiLists, v.ApiId, v, "API", errs)
		}
		addPage(s, k, i, o, req, got, func(v *ApiSummary) string { return v.ApiId })
	case DescribePlugins:
		got := items(o, i, "Plugins", "PluginAttribute", readPlugin)
		addPage(s, k, i, o, req, got, func(v *PluginAttribute) string { return v.PluginId })
		for _, v := range got {
			for j, a := range v.VpcAccessAt {
				v.VpcAccessAt[j] = field.Path(strings.TrimPrefix(string(a), string(v.At)+"."))
			}
			if merge(s.Plugins, v.PluginId, v, "plug-in", errs) {
				s.PluginOrder = append(s.PluginOrder, v.PluginId)
			}
		}
	case DescribePluginApis:
		if req == nil {
			// The body does not name its plug-in.
			errs.Add(DocPath(k, i), fmt.Errorf("%w: DescribePluginApis does not name its plug-in: it needs the envelope {\"request\": {\"PluginId\": ...}, \"response\": <body>}", ErrInvalid))
			return
		}
		r := obj{n: req, at: DocPath(k, i).Child("request"), errs: errs}
		id := r.id("PluginId")
		got := items(o, i, "ApiSummarys", "ApiPluginSummary", readPluginApi)
		list := append(s.PluginApis[id], got...)
		if id != "" {
			s.PluginApis[id] = list
			addPage(s, k, i, o, req, got, (*ApiPluginSummary).key)
		}
	case DescribeVpcAttribute:
		v := body1(o, i, readVpc)
		merge(s.Vpcs, v.VpcId, v, "VPC", errs)
	case DescribeVSwitches:
		for _, v := range items(o, i, "VSwitches", "VSwitch", readVSwitch) {
			merge(s.VSwitches, v.VSwitchId, v, "vSwitch", errs)
		}
	case DescribeSecurityGroupAttribute:
		v := body1(o, i, readSecurityGroupAttribute)
		for j := range v.Permissions {
			v.Permissions[j].Doc = i
		}
		if req != nil {
			r := obj{n: req, at: DocPath(k, i).Child("request"), errs: errs}
			if t := r.str("NextToken"); t != "" {
				v.Answers = []string{t}
			}
		}
		s.mergeSecurityGroupAttribute(v, errs)
	case DescribeSecurityGroups:
		for _, v := range items(o, i, "SecurityGroups", "SecurityGroup", readSecurityGroup) {
			merge(s.SecurityGroups, v.SecurityGroupId, v, "security group", errs)
		}
	case EcsDescribeInstances:
		for _, v := range items(o, i, "Instances", "Instance", readEcsInstance) {
			merge(s.EcsInstances, v.InstanceId, v, "ECS instance", errs)
		}
	case DescribeLoadBalancers:
		for _, v := range items(o, i, "LoadBalancers", "LoadBalancer", readLoadBalancer) {
			merge(s.LoadBalancers, v.LoadBalancerId, v, "load balancer", errs)
		}
	}
}

// items reads the wrapped list wrapper.item[] of document doc with read,
// each resource placed at its item.
func items[T any, P placed[T]](o obj, doc int, wrapper, item string, read func(obj) P) []P {
	var out []P
	for _, it := range o.list(wrapper, item) {
		out = append(out, body1(it, doc, read))
	}
	return out
}

// body1 reads the resource that o is with read, placed at o.
func body1[T any, P placed[T]](o obj, doc int, read func(obj) P) P {
	v := read(o)
	*v.place() = Place{Doc: doc, At: o.at}
	return v
}

// wrapped reports whether n has the wrapped list wrapper.item: the
// wrapper holds item, or (when empty is set) is null or an empty object.
func wrapped(n *node, wrapper, item string, empty bool) bool {
	w := n.get(wrapper)
	switch {
	case w == nil:
		return false
	case w.kind == 'o' && w.has(item):
		return true
	}
	return empty && (w.kind == 'z' || w.kind == 'o' && len(w.keys) == 0)
}

// recognise returns the kinds whose shape body has. A response is known by
// its top-level keys, never by a name.
func recognise(body, req *node) []Kind {
	var out []Kind
	add := func(ok bool, k Kind) {
		if ok {
			out = append(out, k)
		}
	}
	add(wrapped(body, "Instances", "InstanceAttribute", true) && !wrapped(body, "Instances", "Instance", false), DescribeInstances)
	add(wrapped(body, "Instances", "Instance", false), EcsDescribeInstances)
	add(wrapped(body, "VpcAccessAttributes", "VpcAccessAttribute", true), DescribeVpcAccesses)
	add(wrapped(body, "ApiGroupAttributes", "ApiGroupAttribute", true), DescribeApiGroups)
	pluginReq := req.get("PluginId") != nil
	add(wrapped(body, "ApiSummarys", "ApiPluginSummary", false) || pluginReq && wrapped(body, "ApiSummarys", "", true), DescribePluginApis)
	add(wrapped(body, "ApiSummarys", "ApiSummary", false) || !pluginReq && wrapped(body, "ApiSummarys", "", true), DescribeApis)
	add(wrapped(body, "Plugins", "PluginAttribute", true), DescribePlugins)
	add(wrapped(body, "VSwitches", "VSwitch", true), DescribeVSwitches)
	add(wrapped(body, "SecurityGroups", "SecurityGroup", true), DescribeSecurityGroups)
	add(wrapped(body, "LoadBalancers", "LoadBalancer", true), DescribeLoadBalancers)
	add(body.has("ApiId"), DescribeApi)
	add(body.has("BackendInfo"), DescribeBackendInfo)
	add(body.has("GroupId") && !body.has("ApiId") && !body.has("ApiGroupAttributes"), DescribeApiGroup)
	add(body.has("SecurityGroupId") && (body.has("Permissions") || body.has("InnerAccessPolicy")), DescribeSecurityGroupAttribute)
	// A VPC's own body: the ID of another resource beside VpcId and
	// CidrBlock (DescribeVSwitchAttributes has VSwitchId) is another
	// response, of no shape read here.
	add(body.has("VpcId") && body.has("CidrBlock") && !slices.ContainsFunc(otherIDs, body.has), DescribeVpcAttribute)
	return out
}

// otherIDs are the IDs of resources that are not a VPC: a body with one
// of them beside VpcId and CidrBlock answers for that resource.
var otherIDs = []string{"VSwitchId", "SecurityGroupId", "InstanceId", "LoadBalancerId", "ApiId", "GroupId", "NetworkInterfaceId"}

// placed is a wire struct with its Place.
type placed[T any] interface {
	*T
	place() *Place
}

// merge adds v to m under id, or checks it against the resource already
// there: the same content (what this package reads, places aside) is one
// resource read twice; different content is an ErrConflict naming both
// places. It reports whether v was added.
func merge[T any, P placed[T]](m map[string]P, id string, v P, what string, errs *field.List) bool {
	old, ok := m[id]
	if !ok {
		m[id] = v
		return true
	}
	if !same[T, P](old, v) {
		errs.Add(v.place().At, fmt.Errorf("%w: %s %q differs from %s", ErrConflict, what, id, old.place().At))
	}
	return false
}

// key identifies a rule across pages: its SecurityGroupRuleId, else its
// content.
func (p *Permission) key() string {
	if p.SecurityGroupRuleId != "" {
		return "id:" + p.SecurityGroupRuleId
	}
	return "rule:" + p.Rule.String()
}

func same[T any, P placed[T]](a, b P) bool {
	x, y := *a, *b
	*P(&x).place() = Place{}
	*P(&y).place() = Place{}
	return reflect.DeepEqual(x, y)
}

// mergeGroup merges an API group read from DescribeApiGroups or
// DescribeApiGroup; only the latter has DedicatedInstanceType, so an empty
// one does not differ.
func (s *Snapshot) mergeGroup(v *ApiGroupAttribute, errs *field.List) {
	old, ok := s.Groups[v.GroupId]
	if !ok {
		s.Groups[v.GroupId] = v
		return
	}
	x, y := *old, *v
	if x.DedicatedInstanceType == "" || y.DedicatedInstanceType == "" {
		x.DedicatedInstanceType, y.DedicatedInstanceType = "", ""
	}
	if !same(&x, &y) {
		errs.Add(v.At, fmt.Errorf("%w: API group %q differs from %s", ErrConflict, v.GroupId, old.At))
		return
	}
	if old.DedicatedInstanceType == "" && v.DedicatedInstanceType != "" {
		s.Groups[v.GroupId] = v
	}
}

// mergeSecurityGroupAttribute merges the pages of one group's rules: the
// group's own fields must agree, and a rule given twice (by
// SecurityGroupRuleId, else by content) must be the same.
func (s *Snapshot) mergeSecurityGroupAttribute(v *SecurityGroupAttribute, errs *field.List) {
	old, ok := s.SGAttributes[v.SecurityGroupId]
	if !ok {
		s.SGAttributes[v.SecurityGroupId] = v
		return
	}
	if old.VpcId != v.VpcId || old.InnerAccessPolicy != v.InnerAccessPolicy {
		errs.Add(v.At, fmt.Errorf("%w: security group %q differs from %s", ErrConflict, v.SecurityGroupId, old.At))
		return
	}
	merged := *old
	merged.NextTokens = append(slices.Clip(old.NextTokens), v.NextTokens...)
	merged.Answers = append(slices.Clip(old.Answers), v.Answers...)
	merged.Permissions = append([]Permission(nil), old.Permissions...)
	seen := make(map[string]int, len(old.Permissions))
	for j, q := range old.Permissions {
		seen[q.key()] = j
	}
	for _, p := range v.Permissions {
		j, dup := seen[p.key()]
		switch {
		case !dup:
			seen[p.key()] = len(merged.Permissions)
			merged.Permissions = append(merged.Permissions, p)
		case !same(&p, &merged.Permissions[j]):
			q := merged.Permissions[j]
			errs.Add(p.At, fmt.Errorf("%w: rule %q differs from %s", ErrConflict, p.SecurityGroupRuleId, q.At))
		}
	}
	s.SGAttributes[v.SecurityGroupId] = &merged
}

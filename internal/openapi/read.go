package openapi

import (
	"errors"
	"fmt"
	"reflect"
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
		for _, v := range items(o, i, "VpcAccessAttributes", "VpcAccessAttribute", readVpcAccess) {
			if merge(access, v.key(), v, "VPC access authorization", errs) {
				s.VpcAccesses = append(s.VpcAccesses, v)
			}
		}
	case DescribeApiGroups:
		for _, v := range items(o, i, "ApiGroupAttributes", "ApiGroupAttribute", readApiGroup) {
			s.mergeGroup(v, errs)
		}
	case DescribeApiGroup:
		s.mergeGroup(body1(o, i, readApiGroup), errs)
	case DescribeApi:
		v := body1(o, i, readApi)
		merge(s.Apis, v.ApiId, v, "API", errs)
	case DescribeApis:
		for _, v := range items(o, i, "ApiSummarys", "ApiSummary", readApiSummary) {
			merge(s.ApiLists, v.ApiId, v, "API", errs)
		}
	case DescribePlugins:
		for _, v := range items(o, i, "Plugins", "PluginAttribute", readPlugin) {
			for j, a := range v.VpcAccessAt {
				v.VpcAccessAt[j] = field.Path(strings.TrimPrefix(string(a), string(v.At)+"."))
			}
			if merge(s.Plugins, v.PluginId, v, "plug-in", errs) {
				s.PluginOrder = append(s.PluginOrder, v.PluginId)
			}
		}
	case DescribePluginApis:
		r := obj{n: req, at: DocPath(k, i).Child("request"), errs: errs}
		id := r.id("PluginId")
		list := append(s.PluginApis[id], items(o, i, "ApiSummarys", "ApiPluginSummary", readPluginApi)...)
		if id != "" {
			s.PluginApis[id] = list
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
	add(body.has("GroupId") && !body.has("ApiId") && !body.has("ApiGroupAttributes"), DescribeApiGroup)
	add(body.has("SecurityGroupId") && (body.has("Permissions") || body.has("InnerAccessPolicy")), DescribeSecurityGroupAttribute)
	add(body.has("VpcId") && body.has("CidrBlock") && !body.has("SecurityGroupId"), DescribeVpcAttribute)
	return out
}

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

package openapi

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
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
	DescribePluginGroups           Kind = "DescribePluginGroups"
	DescribePluginsByGroup         Kind = "DescribePluginsByGroup"
	DescribeVpcAttribute           Kind = "DescribeVpcAttribute"
	DescribeVSwitches              Kind = "DescribeVSwitches"
	DescribeSecurityGroupAttribute Kind = "DescribeSecurityGroupAttribute"
	DescribeSecurityGroups         Kind = "DescribeSecurityGroups"
	EcsDescribeInstances           Kind = "ecs.DescribeInstances"
	DescribeLoadBalancers          Kind = "DescribeLoadBalancers"
	DescribeNetworkAclAttributes   Kind = "DescribeNetworkAclAttributes"
	DescribeNetworkAcls            Kind = "DescribeNetworkAcls"
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
	// ApiOrder holds the APIs of Apis in document order.
	ApiOrder []*Api
	// Backends holds the backend services of DescribeBackendInfo, by BackendId.
	Backends map[string]*BackendInfo
	// ApiLists holds the APIs of DescribeApis, by ApiId.
	ApiLists map[string]*ApiSummary
	// Plugins holds the plug-ins of DescribePlugins and
	// DescribePluginsByGroup, by PluginId.
	Plugins map[string]*PluginAttribute
	// PluginOrder holds the plug-ins' IDs in document order.
	PluginOrder []string
	// PluginApis holds each plug-in's attachments, by PluginId; a plug-in
	// is present when its DescribePluginApis was given, even if empty.
	PluginApis map[string][]*ApiPluginSummary
	// PluginGroups holds the groups each plug-in is bound to as a whole
	// (DescribePluginGroups), by PluginId; a plug-in is present when its
	// DescribePluginGroups was given, even if empty.
	PluginGroups map[string][]*GroupPluginSummary
	// GroupPlugins holds the plug-ins bound to each group as a whole
	// (DescribePluginsByGroup), by GroupId; a group is present when its
	// DescribePluginsByGroup was given, even if empty.
	GroupPlugins map[string][]*GroupPlugin
	// Vpcs holds the VPCs, by VpcId.
	Vpcs map[string]*VpcAttribute
	// VSwitches holds the vSwitches, by VSwitchId.
	VSwitches map[string]*VSwitch
	// SGAttributes holds the security groups' outbound rules, by
	// SecurityGroupId: the pages of one group put together.
	SGAttributes map[string]*SecurityGroupAttribute
	// SecurityGroups holds the security groups' types, by SecurityGroupId.
	SecurityGroups map[string]*SecurityGroup
	// EcsInstances holds the ECS instances, by InstanceId.
	EcsInstances map[string]*EcsInstance
	// LoadBalancers holds the load balancers, by LoadBalancerId.
	LoadBalancers map[string]*LoadBalancer
	// NetworkAcls holds the network ACLs, by NetworkAclId.
	NetworkAcls map[string]*NetworkAcl
	// AclOrder holds the network ACLs' IDs in document order.
	AclOrder []string
	// Listings holds the calls of the paged lists (DescribeApis,
	// DescribePluginApis, DescribePlugins, DescribePluginGroups,
	// DescribePluginsByGroup, DescribeVpcAccesses), each with what its
	// pages say of its completeness, in document order.
	Listings []*Listing
	// Masked holds the CIDR blocks that a response writes with host bits
	// set, by the path of the value: each is read as the block it names.
	Masked map[field.Path]Masked

	given     map[Kind]bool  // the kinds of Kinds
	names     []string       // the documents' names; nil: named by index
	listingAt map[string]int // a call's key: its index in Listings, while reading
	sgPages   map[string][]*sgPage
	sgOrder   []string // the security groups in document order, while reading
	apiChunk  []Api    // where newApi allocates, while reading
}

// Masked is a CIDR block that a response writes with host bits set
// ("172.16.0.1/24"), read as the block it names (172.16.0.0/24): the
// cloud's responses are facts, not requests to validate.
type Masked struct {
	// Given is the text of the response.
	Given string
	// Block is the block read.
	Block netip.Prefix
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
	// Bare reports a call given without an envelope, whose filters are
	// therefore not known: a DescribeApis call may have been filtered by a
	// group; the other lists given bare are read as not filtered.
	Bare bool
	// Total is the call's TotalCount; -1 when a page does not give it. For
	// the output of the CLI's --pager (the collection alone), the number
	// of items it holds: it is the whole list.
	Total int
	// Given is how many distinct items the pages given hold.
	Given int
	// Ambiguous is set when two pages with the same PageNumber hold
	// different items in a call whose filters are not known: pages of
	// different calls that cannot be told apart.
	Ambiguous bool
	// At is the path of the call's first page given.
	At field.Path
	// Docs holds the indexes of the call's pages among the documents.
	Docs []int

	items map[itemKey]field.Path // each item's place, by its key
	pages map[int64]page         // PageNumber: the page
	// lazy lists the items of the call's only page while they are not in
	// items: a page whose items no page read before holds (a
	// DescribeVpcAccesses page of an account, of 200k items) costs no
	// map until another page of the call, or another call, asks for one.
	lazy  func(add func(itemKey, field.Path))
	lazyN int // how many items lazy lists, each once
}

// page is one page of a call: its items' keys (keys, or keysOf while they
// are not needed) and its place.
type page struct {
	keys   []itemKey
	keysOf func() []itemKey
	at     field.Path
}

// itemKeys returns the page's items' keys.
func (p page) itemKeys() []itemKey {
	if p.keys == nil && p.keysOf != nil {
		return p.keysOf()
	}
	return p.keys
}

// index puts the items of lazy in items.
func (l *Listing) index() {
	if l.lazy == nil {
		return
	}
	lazy := l.lazy
	l.lazy, l.lazyN = nil, 0
	if l.items == nil {
		l.items = make(map[itemKey]field.Path)
	}
	lazy(func(k itemKey, at field.Path) { l.items[k] = at })
}

// count returns how many distinct items the pages given hold.
func (l *Listing) count() int { return len(l.items) + l.lazyN }

// itemKey identifies an item of a paged list across pages and calls, and
// a VPC access authorization across documents: by its ID (ApiId,
// PluginId, VpcAccessId), by its ID and stage (an attachment or binding),
// or, for an authorization without VpcAccessId, by the four parts
// Terraform names it by (Name, VpcId, InstanceId and Port, as text).
type itemKey struct {
	form  keyForm
	id    string
	stage string
}

// keyForm says what an itemKey's id is.
type keyForm uint8

const (
	byID       keyForm = iota // an ID
	byStage                   // an ID, with stage
	byAccessID                // a VpcAccessId
	byParts                   // an authorization's four parts
)

// String is the key as text: the order of keys in messages is that of
// their texts.
func (k itemKey) String() string {
	switch k.form {
	case byStage:
		return k.id + "\x00" + k.stage
	case byAccessID:
		return "id:" + k.id
	}
	return k.id
}

// compareKeys orders keys for telling two pages' items apart; it is no
// order a message shows.
func compareKeys(x, y itemKey) int {
	return cmp.Or(cmp.Compare(x.form, y.form), strings.Compare(x.id, y.id), strings.Compare(x.stage, y.stage))
}

// sameItems reports whether two pages hold the same items, as many times
// each: the order of items on a page is not read.
func sameItems(a, b []itemKey) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, compareKeys)
	slices.SortFunc(b, compareKeys)
	return slices.Equal(a, b)
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

// pagerOutput reports whether body is the CLI's --pager output: the
// collection alone, {"Wrapper": {"Item": [...]}}, without TotalCount,
// PageNumber, PageSize or RequestId (aliyun-cli openapi/pager.go,
// Pager.GetResponseCollection): the whole list.
func pagerOutput(body *node) bool {
	if len(body.keys) != 1 {
		return false
	}
	w := body.vals[0]
	return w.kind == 'o' && len(w.keys) == 1
}

// filterOf returns the request's filters (its members but the paging
// keys) and their canonical text.
func filterOf(req *node) (map[string]string, string) {
	filter := map[string]string{}
	if req == nil {
		return filter, ""
	}
	var parts []string
	for j, name := range req.keys {
		if slices.Contains(pagingKeys, name) {
			continue
		}
		v := &req.vals[j]
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
	slices.Sort(parts)
	return filter, strings.Join(parts, "&")
}

// addPage records a page of a paged list: the call it belongs to (by the
// envelope's filters, TotalCount and PageSize) and its items' keys. Item n
// is known to be on no page read before when fresh[n] is set (fresh may be
// nil).
func addPage[T any, P placed[T]](s *Snapshot, k Kind, i int, o obj, req *node, got []P, key func(P) itemKey, fresh []bool) {
	total, ok := o.integer("TotalCount", 0, 1<<31-1, false)
	if !ok {
		total = -1
	}
	size, _ := o.integer("PageSize", 0, 1<<31-1, false)
	num, _ := o.integer("PageNumber", 0, 1<<31-1, false)
	filter, text := filterOf(req)
	id := fmt.Sprintf("%s\x00%t\x00%s\x00%d\x00%d", k, req == nil, text, total, size)
	if pagerOutput(o.n) {
		// The whole list, in one document: a call of its own.
		total = int64(len(got))
		id += "\x00pager\x00" + strconv.Itoa(i)
	}
	if s.listingAt == nil {
		s.listingAt = map[string]int{}
	}
	j, seen := s.listingAt[id]
	if !seen {
		j = len(s.Listings)
		s.listingAt[id] = j
		s.Listings = append(s.Listings, &Listing{Kind: k, Filter: filter, Bare: req == nil, Total: int(total), At: o.at, pages: map[int64]page{}})
	}
	l := s.Listings[j]
	l.Docs = append(l.Docs, i)
	if !seen && allSet(fresh, len(got)) {
		// The call's first page, of items no page read before holds:
		// distinct, so that they are counted without a map.
		l.lazy = func(add func(itemKey, field.Path)) {
			for _, v := range got {
				add(key(v), v.place().At)
			}
		}
		l.lazyN = len(got)
		if num > 0 {
			l.pages[num] = page{keysOf: func() []itemKey { return keysOf(got, key) }, at: o.at}
		}
		return
	}
	l.index()
	if l.items == nil {
		l.items = make(map[itemKey]field.Path, len(got))
	}
	keys := make([]itemKey, len(got))
	for n, v := range got {
		keys[n] = key(v)
		if fresh != nil && fresh[n] {
			l.items[keys[n]] = v.place().At
		} else if _, dup := l.items[keys[n]]; !dup {
			l.items[keys[n]] = v.place().At
		}
	}
	if num <= 0 {
		return
	}
	old, ok := l.pages[num]
	switch {
	case !ok:
		l.pages[num] = page{keys: keys, at: o.at}
	case sameItems(old.itemKeys(), keys):
	case l.unknownFilter():
		l.Ambiguous = true
	default:
		o.errs.Add(o.at, fmt.Errorf("%w: page %d of this call lists other items than the page %d at %s: responses of different times", ErrConflict, num, num, old.at))
	}
}

// allSet reports whether the n flags of set are all set; false for nil.
func allSet(set []bool, n int) bool {
	if set == nil || len(set) != n {
		return false
	}
	for _, b := range set {
		if !b {
			return false
		}
	}
	return true
}

// keysOf returns the keys of got's items.
func keysOf[T any, P placed[T]](got []P, key func(P) itemKey) []itemKey {
	keys := make([]itemKey, len(got))
	for n, v := range got {
		keys[n] = key(v)
	}
	return keys
}

// unknownFilter reports whether the call's filters are not known: a
// DescribeApis call given without an envelope may have been filtered by
// a group, so two such calls cannot be told apart.
func (l *Listing) unknownFilter() bool { return l.Bare && l.Kind == DescribeApis }

// query is the text that names the call's request, its kind and filters:
// calls of one query list the same items. "" for a call whose filters are
// not known.
func (l *Listing) query(filter map[string]string) string {
	if l.unknownFilter() {
		return ""
	}
	var parts []string
	for k, v := range filter {
		parts = append(parts, strconv.Quote(k)+"="+strconv.Quote(v))
	}
	slices.Sort(parts)
	return string(l.Kind) + "\x00" + strings.Join(parts, "&")
}

// baseFilters are, by kind, the filters whose calls list a superset of
// the items of any call with more filters: DescribePluginApis and
// DescribePluginGroups by PluginId, DescribePluginsByGroup by GroupId and
// StageName, DescribeApis by GroupId.
var baseFilters = map[Kind][]string{
	DescribePluginApis:     {"PluginId"},
	DescribePluginGroups:   {"PluginId"},
	DescribePluginsByGroup: {"GroupId", "StageName"},
	DescribeApis:           {"GroupId"},
}

// finishListings counts each call's items, checks the calls against each
// other, and drops what reading needed. Two calls of one request that both
// hold every item must hold the same items, and a call whose filters are a
// subset of another's (none, or the base filters of its kind) holds every
// item of the other: anything else is a conflict, two responses of
// different times. The cost is linear in the items.
func (s *Snapshot) finishListings(errs *reader) {
	// complete: the first call of each query that holds every item.
	complete := map[string]*Listing{}
	for _, l := range s.Listings {
		l.Given = l.count()
		if l.Total >= 0 && l.Given > l.Total && !l.Ambiguous {
			if l.unknownFilter() {
				l.Ambiguous = true
			} else {
				errs.Add(l.At, fmt.Errorf("%w: the pages of this call hold %d items, more than its TotalCount %d: pages of different times", ErrConflict, l.Given, l.Total))
			}
		}
		if q := l.query(l.Filter); q != "" && l.Complete() && complete[q] == nil {
			complete[q] = l
		}
	}
	for _, l := range s.Listings {
		seen := map[*Listing]bool{l: true}
		for _, q := range l.universes() {
			u := complete[q]
			if u == nil || seen[u] {
				continue
			}
			seen[u] = true
			if l.query(l.Filter) == q && l.Complete() && l.Given != u.Given {
				errs.Add(l.At, fmt.Errorf("%w: this call lists %d items and the call at %s, of the same request, %d: responses of different times", ErrConflict, l.Given, u.At, u.Given))
				continue
			}
			// The first item, in the order of their texts, that the
			// whole list lacks.
			l.index()
			u.index()
			var first *itemKey
			var text string
			for key := range l.items {
				if _, ok := u.items[key]; !ok {
					if t := key.String(); first == nil || t < text {
						first, text = &key, t
					}
				}
			}
			if first != nil {
				errs.Add(l.items[*first], fmt.Errorf("%w: this item is not in the whole list at %s: responses of different times", ErrConflict, u.At))
			}
		}
	}
	for _, l := range s.Listings {
		l.items, l.pages, l.lazy = nil, nil, nil
	}
	s.listingAt = nil
}

// universes returns the queries of the calls that list every item of l:
// l's own, that without filters (unless l's kind needs a filter), and
// that of its kind's base filters.
func (l *Listing) universes() []string {
	var out []string
	if q := l.query(l.Filter); q != "" {
		out = append(out, q)
	}
	base := baseFilters[l.Kind]
	if len(base) == 0 || l.Kind == DescribeApis {
		out = append(out, (&Listing{Kind: l.Kind}).query(nil))
	}
	if len(base) > 0 {
		f := map[string]string{}
		for _, k := range base {
			v, ok := l.Filter[k]
			if !ok {
				return out
			}
			f[k] = v
		}
		out = append(out, (&Listing{Kind: l.Kind}).query(f))
	}
	return out
}

// sortedKeys returns m's keys in order, for messages that do not depend
// on map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// crossCheck compares what documents of different kinds say of one API:
// its group in DescribeApi, DescribeApis and DescribePluginApis. A
// difference is an ErrConflict naming both places.
func (s *Snapshot) crossCheck(errs *reader) {
	listed := make([]*ApiSummary, 0, len(s.ApiLists))
	for _, a := range s.ApiLists {
		listed = append(listed, a)
	}
	slices.SortFunc(listed, func(x, y *ApiSummary) int { return byPlace(x.Place, y.Place) })
	for _, a := range listed {
		if api := s.Apis[a.ApiId]; api != nil && api.GroupId != "" && a.GroupId != "" && api.GroupId != a.GroupId {
			errs.Add(api.At.Child("GroupId"), fmt.Errorf("%w: API %q is in group %q, but %s says group %q", ErrConflict, a.ApiId, api.GroupId, a.At.Child("GroupId"), a.GroupId))
		}
	}
	for _, id := range sortedKeys(s.PluginApis) {
		for _, att := range s.PluginApis[id] {
			group, at := "", field.Path("")
			if api := s.Apis[att.ApiId]; api != nil && api.GroupId != "" {
				group, at = api.GroupId, api.At.Child("GroupId")
			} else if a := s.ApiLists[att.ApiId]; a != nil && a.GroupId != "" {
				group, at = a.GroupId, a.At.Child("GroupId")
			}
			if at != "" && att.GroupId != "" && group != att.GroupId {
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
	return s.given[k]
}

// docPath returns the path that names document i of kind k: "Kind[i]", or
// `Kind["name"]` for a named document.
func (s *Snapshot) docPath(k Kind, i int, r *reader) field.Path {
	if s.names == nil {
		return r.index(field.Path(k), i)
	}
	return r.quoted(field.Path(k), s.names[i])
}

// Read reads the documents, one response body each, named by their index
// ("DescribeVpcAccesses[3]"). It returns every problem at once, joined:
// each a *field.Error naming the document and path, matching ErrInvalid or
// ErrConflict.
func Read(docs [][]byte) (*Snapshot, error) {
	return read(docs, nil)
}

// ReadNamed is Read for documents that have names, such as their file
// names: every path names document i by names[i], quoted
// (`DescribeVpcAccesses["vpc-accesses.json"]`, `responses["notes.json"]`).
// A name that is empty or given twice is an error: the paths would not
// tell the documents apart.
func ReadNamed(docs [][]byte, names []string) (*Snapshot, error) {
	if len(names) != len(docs) {
		return nil, field.New("", fmt.Errorf("%w: %d documents and %d names", ErrInvalid, len(docs), len(names)))
	}
	var errs field.List
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		switch {
		case n == "":
			errs.Add(field.Path("responses").Index(i), fmt.Errorf("%w: a document without a name", ErrInvalid))
		case seen[n]:
			errs.Add(field.Path("responses["+strconv.Quote(n)+"]"), fmt.Errorf("%w: two documents named %q", ErrInvalid, n))
		}
		seen[n] = true
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return read(docs, slices.Clone(names))
}

func read(docs [][]byte, names []string) (*Snapshot, error) {
	s, _, err := readWith(docs, names, true)
	return s, err
}

// readWith is read, reading the documents it can straight from their
// bytes (readFast) when fast is set, and every other one through its
// tree; it also returns how many were read fast.
func readWith(docs [][]byte, names []string, fast bool) (*Snapshot, int, error) {
	s := &Snapshot{
		Kinds:          make([]Kind, len(docs)),
		Instances:      map[string]*InstanceAttribute{},
		Groups:         map[string]*ApiGroupAttribute{},
		Apis:           map[string]*Api{},
		Backends:       map[string]*BackendInfo{},
		ApiLists:       map[string]*ApiSummary{},
		Plugins:        map[string]*PluginAttribute{},
		PluginApis:     map[string][]*ApiPluginSummary{},
		PluginGroups:   map[string][]*GroupPluginSummary{},
		GroupPlugins:   map[string][]*GroupPlugin{},
		Vpcs:           map[string]*VpcAttribute{},
		VSwitches:      map[string]*VSwitch{},
		SGAttributes:   map[string]*SecurityGroupAttribute{},
		SecurityGroups: map[string]*SecurityGroup{},
		EcsInstances:   map[string]*EcsInstance{},
		LoadBalancers:  map[string]*LoadBalancer{},
		NetworkAcls:    map[string]*NetworkAcl{},
		Masked:         map[field.Path]Masked{},
		names:          names,
	}
	errs := &reader{masked: s.Masked}
	var access accesses
	var f fastReader
	fastDocs := 0
	for i, data := range docs {
		if fast && (s.readApiFast(i, data, &f, errs) || s.readFast(i, data, &f, &access, errs)) {
			fastDocs++
		} else {
			s.read(i, data, &access, errs)
		}
	}
	s.apiChunk = nil
	s.given = map[Kind]bool{}
	for _, k := range s.Kinds {
		s.given[k] = true
	}
	s.crossCheck(errs)
	s.finishListings(errs)
	s.finishSecurityGroups(errs)
	return s, fastDocs, errs.list.Err()
}

// anonPath names document i before its kind is known: "responses[i]", or
// `responses["name"]`.
func (s *Snapshot) anonPath(i int) field.Path {
	if s.names == nil {
		return field.Path("responses").Index(i)
	}
	return field.Path("responses[" + strconv.Quote(s.names[i]) + "]")
}

func (s *Snapshot) read(i int, data []byte, access *accesses, errs *reader) {
	errs.tree.recycle() // no node of the documents before is in use
	root, err := parse(data, "", &errs.tree)
	if err != nil {
		errs.AddUnder(s.anonPath(i), err)
		return
	}
	if root.kind != 'o' {
		errs.Add(s.anonPath(i), fmt.Errorf("%w: want a JSON object, got %s", ErrInvalid, typeName(root)))
		return
	}
	body, req, inner := root, (*node)(nil), field.Path("")
	if len(root.keys) == 2 && root.has("request") && root.has("response") {
		req, body, inner = root.get("request"), root.get("response"), "response"
		if req.kind != 'o' || body.kind != 'o' {
			errs.Add(s.anonPath(i), fmt.Errorf("%w: an envelope's request and response must be objects", ErrInvalid))
			return
		}
	}
	var buf [4]Kind
	kinds := recognise(body, req, buf[:0])
	switch len(kinds) {
	case 0:
		anon := s.anonPath(i)
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
		errs.Add(s.anonPath(i).Join(inner), fmt.Errorf("%w: the shape of several responses (%s)", ErrInvalid, strings.Join(names, ", ")))
		return
	}
	k := kinds[0]
	s.Kinds[i] = k
	doc := s.docPath(k, i, errs)
	o := obj{n: body, at: doc, errs: errs}
	if inner != "" {
		o.at = errs.child(doc, string(inner))
	}
	r := obj{n: req, errs: errs}
	if req != nil {
		r.at = errs.child(doc, "request")
	}
	switch k {
	case DescribeInstances:
		for _, v := range items(o, i, "Instances", "InstanceAttribute", readInstanceAttribute) {
			merge(s.Instances, v.InstanceId, v, "instance", errs)
		}
	case DescribeVpcAccesses:
		got := items(o, i, "VpcAccessAttributes", "VpcAccessAttribute", readVpcAccess)
		s.addAccesses(k, i, o, req, got, access, errs)
	case DescribeApiGroups:
		for _, v := range items(o, i, "ApiGroupAttributes", "ApiGroupAttribute", readApiGroup) {
			s.mergeGroup(v, errs)
		}
	case DescribeApiGroup:
		s.mergeGroup(body1(o, i, readApiGroup), errs)
	case DescribeApi:
		s.addApi(i, readApi(o), o.at, errs)
	case DescribeBackendInfo:
		if bo, ok := o.child("BackendInfo"); ok {
			v := body1(bo, i, readBackendInfo)
			merge(s.Backends, v.BackendId, v, "backend service", errs)
		}
	case DescribeApis:
		got := items(o, i, "ApiSummarys", "ApiSummary", readApiSummary)
		filter, _ := filterOf(req)
		for _, v := range got {
			if v.GroupId == "" {
				// A call filtered by one group lists that group's APIs.
				v.GroupId = filter["GroupId"]
			}
			merge(s.ApiLists, v.ApiId, v, "API", errs)
		}
		addPage(s, k, i, o, req, got, func(v *ApiSummary) itemKey { return itemKey{id: v.ApiId} }, nil)
	case DescribePlugins, DescribePluginsByGroup:
		got := items(o, i, "Plugins", "PluginAttribute", readPlugin)
		addPage(s, k, i, o, req, got, func(v *PluginAttribute) itemKey { return itemKey{id: v.PluginId} }, nil)
		for _, v := range got {
			below := func(a field.Path) field.Path { return field.Path(strings.TrimPrefix(string(a), string(v.At)+".")) }
			for j, a := range v.VpcAccessAt {
				v.VpcAccessAt[j] = below(a)
			}
			for j, a := range v.ServiceAddressesAt {
				v.ServiceAddressesAt[j] = below(a)
			}
			for j := range v.Unread {
				v.Unread[j].At = below(v.Unread[j].At)
			}
			if merge(s.Plugins, v.PluginId, v, "plug-in", errs) {
				s.PluginOrder = append(s.PluginOrder, v.PluginId)
			}
		}
		if k == DescribePluginsByGroup {
			group, stage := r.id("GroupId"), r.str("StageName")
			if group == "" {
				return
			}
			list := s.GroupPlugins[group]
			for _, v := range got {
				list = append(list, &GroupPlugin{Place: v.Place, PluginId: v.PluginId, StageName: stage})
			}
			s.GroupPlugins[group] = list
		}
	case DescribePluginApis, DescribePluginGroups:
		if req == nil {
			// The body does not name its plug-in.
			errs.Add(doc, fmt.Errorf("%w: %s does not name its plug-in: it needs the envelope {\"request\": {\"PluginId\": ...}, \"response\": <body>}", ErrInvalid, k))
			return
		}
		id := r.id("PluginId")
		if k == DescribePluginApis {
			got := items(o, i, "ApiSummarys", "ApiPluginSummary", readPluginApi)
			if id != "" {
				s.PluginApis[id] = append(s.PluginApis[id], got...)
				addPage(s, k, i, o, req, got, (*ApiPluginSummary).itemKey, nil)
			}
			return
		}
		got := items(o, i, "GroupSummarys", "GroupPluginSummary", readPluginGroup)
		if id != "" {
			s.PluginGroups[id] = append(s.PluginGroups[id], got...)
			addPage(s, k, i, o, req, got, (*GroupPluginSummary).itemKey, nil)
		}
	case DescribeVpcAttribute:
		v := body1(o, i, readVpc)
		merge(s.Vpcs, v.VpcId, v, "VPC", errs)
	case DescribeVSwitches:
		for _, v := range items(o, i, "VSwitches", "VSwitch", readVSwitch) {
			merge(s.VSwitches, v.VSwitchId, v, "vSwitch", errs)
		}
	case DescribeSecurityGroupAttribute:
		s.addSecurityGroupPage(readSecurityGroupPage(o, i, r, req != nil))
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
	case DescribeNetworkAclAttributes:
		if a, ok := o.child("NetworkAclAttribute"); ok {
			s.addAcl(body1(a, i, readNetworkAcl), errs)
		}
	case DescribeNetworkAcls:
		for _, v := range items(o, i, "NetworkAcls", "NetworkAcl", readNetworkAcl) {
			s.addAcl(v, errs)
		}
	}
}

// accesses holds the VPC access authorizations read, by their itemKey:
// those with a VpcAccessId by it alone, in a map of strings (hashed and
// compared faster than an itemKey), the others by their four parts.
type accesses struct {
	byID    map[accessID]*VpcAccessAttribute
	byParts map[itemKey]*VpcAccessAttribute
}

// accessID is a VpcAccessId as a key of accesses: it prints as its
// itemKey does.
type accessID string

func (a accessID) String() string { return itemKey{form: byAccessID, id: string(a)}.String() }

// add merges v (see merge), each map made on first need for size
// authorizations; it reports whether v was added.
func (a *accesses) add(v *VpcAccessAttribute, size int, errs *reader) bool {
	const what = "VPC access authorization"
	if v.VpcAccessId != "" {
		if a.byID == nil {
			a.byID = make(map[accessID]*VpcAccessAttribute, size)
		}
		return merge(a.byID, accessID(v.VpcAccessId), v, what, errs)
	}
	if a.byParts == nil {
		a.byParts = make(map[itemKey]*VpcAccessAttribute, size)
	}
	return merge(a.byParts, v.itemKey(), v, what, errs)
}

// addAccesses adds the authorizations got of a DescribeVpcAccesses page,
// document i read as o (its envelope's request req), and the page.
func (s *Snapshot) addAccesses(k Kind, i int, o obj, req *node, got []*VpcAccessAttribute, access *accesses, errs *reader) {
	s.VpcAccesses = slices.Grow(s.VpcAccesses, len(got))
	fresh := make([]bool, len(got))
	for n, v := range got {
		if access.add(v, len(got), errs) {
			s.VpcAccesses = append(s.VpcAccesses, v)
			fresh[n] = true
		}
	}
	addPage(s, k, i, o, req, got, (*VpcAccessAttribute).itemKey, fresh)
}

// addApi adds the API a of DescribeApi document i, at its path at.
func (s *Snapshot) addApi(i int, a Api, at field.Path, errs *reader) {
	if len(s.ApiOrder) == 0 {
		// An account has a DescribeApi for each API: room for as
		// many as there are documents left, so that the map is not
		// rebuilt as it grows.
		s.Apis = make(map[string]*Api, len(s.Kinds)-i)
		s.ApiOrder = make([]*Api, 0, len(s.Kinds)-i)
	}
	v := s.newApi()
	*v = a
	v.Place = Place{Doc: i, At: at}
	if merge(s.Apis, v.ApiId, v, "API", errs) {
		s.ApiOrder = append(s.ApiOrder, v)
	}
}

// items reads the wrapped list wrapper.item[] of document doc with read,
// each resource placed at its item. The resources share one allocation.
func items[T any, P placed[T]](o obj, doc int, wrapper, item string, read func(obj) T) []P {
	list := o.list(wrapper, item)
	if len(list) == 0 {
		return nil
	}
	vals := make([]T, len(list))
	out := make([]P, len(list))
	for j, it := range list {
		vals[j] = read(it)
		out[j] = &vals[j]
		*out[j].place() = Place{Doc: doc, At: it.at}
	}
	return out
}

// newApi returns a new Api, allocated in chunks: an account has as many
// DescribeApi documents as APIs.
func (s *Snapshot) newApi() *Api { return next(&s.apiChunk) }

// body1 reads the resource that o is with read, placed at o.
func body1[T any, P placed[T]](o obj, doc int, read func(obj) T) P {
	v := P(new(T))
	*v = read(o)
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
// its top-level keys, never by a name; DescribePluginsByGroup has the
// shape of DescribePlugins and is told apart by the GroupId of its
// envelope's request (DescribePlugins takes no GroupId). The keys are
// looked at once each.
func recognise(body, req *node, out []Kind) []Kind {
	var keys shapeKeys
	for _, k := range body.keys {
		keys |= shapeKeyOf(k)
	}
	has := func(k shapeKeys) bool { return keys&k != 0 }
	// w reports whether body has the wrapped list wrapper.item (see wrapped).
	w := func(k shapeKeys, wrapper, item string, empty bool) bool {
		return has(k) && wrapped(body, wrapper, item, empty)
	}
	add := func(ok bool, k Kind) {
		if ok {
			out = append(out, k)
		}
	}
	add(w(kInstances, "Instances", "InstanceAttribute", true) && !w(kInstances, "Instances", "Instance", false), DescribeInstances)
	add(w(kInstances, "Instances", "Instance", false), EcsDescribeInstances)
	add(w(kVpcAccessAttributes, "VpcAccessAttributes", "VpcAccessAttribute", true), DescribeVpcAccesses)
	add(w(kApiGroupAttributes, "ApiGroupAttributes", "ApiGroupAttribute", true), DescribeApiGroups)
	pluginReq, groupReq := req.get("PluginId") != nil, req.get("GroupId") != nil
	add(w(kApiSummarys, "ApiSummarys", "ApiPluginSummary", false) || pluginReq && w(kApiSummarys, "ApiSummarys", "", true), DescribePluginApis)
	add(w(kApiSummarys, "ApiSummarys", "ApiSummary", false) || !pluginReq && w(kApiSummarys, "ApiSummarys", "", true), DescribeApis)
	add(w(kGroupSummarys, "GroupSummarys", "GroupPluginSummary", false) || pluginReq && w(kGroupSummarys, "GroupSummarys", "", true), DescribePluginGroups)
	plugins := w(kPlugins, "Plugins", "PluginAttribute", true)
	add(plugins && !groupReq, DescribePlugins)
	add(plugins && groupReq, DescribePluginsByGroup)
	add(w(kVSwitches, "VSwitches", "VSwitch", true), DescribeVSwitches)
	add(w(kSecurityGroups, "SecurityGroups", "SecurityGroup", true), DescribeSecurityGroups)
	add(w(kLoadBalancers, "LoadBalancers", "LoadBalancer", true), DescribeLoadBalancers)
	add(has(kNetworkAclAttribute), DescribeNetworkAclAttributes)
	add(w(kNetworkAcls, "NetworkAcls", "NetworkAcl", true), DescribeNetworkAcls)
	add(has(kApiId), DescribeApi)
	add(has(kBackendInfo), DescribeBackendInfo)
	add(has(kGroupId) && !has(kApiId) && !has(kApiGroupAttributes), DescribeApiGroup)
	add(has(kSecurityGroupId) && (has(kPermissions) || has(kInnerAccessPolicy)), DescribeSecurityGroupAttribute)
	// A VPC's own body: the ID of another resource beside VpcId and
	// CidrBlock (DescribeVSwitchAttributes has VSwitchId) is another
	// response, of no shape read here.
	add(has(kVpcId) && has(kCidrBlock) && !has(otherIDs), DescribeVpcAttribute)
	return out
}

// shapeKeys is a set of the top-level keys that recognise reads.
type shapeKeys uint32

const (
	kInstances shapeKeys = 1 << iota
	kVpcAccessAttributes
	kApiGroupAttributes
	kApiSummarys
	kGroupSummarys
	kPlugins
	kVSwitches
	kSecurityGroups
	kLoadBalancers
	kApiId
	kBackendInfo
	kGroupId
	kSecurityGroupId
	kPermissions
	kInnerAccessPolicy
	kVpcId
	kCidrBlock
	kVSwitchId
	kInstanceId
	kLoadBalancerId
	kNetworkInterfaceId
	kNetworkAclAttribute
	kNetworkAcls
)

// otherIDs are the IDs of resources that are not a VPC: a body with one
// of them beside VpcId and CidrBlock answers for that resource.
const otherIDs = kVSwitchId | kSecurityGroupId | kInstanceId | kLoadBalancerId | kApiId | kGroupId | kNetworkInterfaceId

// shapeKeyOf returns the key's member of shapeKeys, or none.
func shapeKeyOf(k string) shapeKeys {
	switch k {
	case "Instances":
		return kInstances
	case "VpcAccessAttributes":
		return kVpcAccessAttributes
	case "ApiGroupAttributes":
		return kApiGroupAttributes
	case "ApiSummarys":
		return kApiSummarys
	case "GroupSummarys":
		return kGroupSummarys
	case "Plugins":
		return kPlugins
	case "VSwitches":
		return kVSwitches
	case "SecurityGroups":
		return kSecurityGroups
	case "LoadBalancers":
		return kLoadBalancers
	case "ApiId":
		return kApiId
	case "BackendInfo":
		return kBackendInfo
	case "GroupId":
		return kGroupId
	case "SecurityGroupId":
		return kSecurityGroupId
	case "Permissions":
		return kPermissions
	case "InnerAccessPolicy":
		return kInnerAccessPolicy
	case "VpcId":
		return kVpcId
	case "CidrBlock":
		return kCidrBlock
	case "VSwitchId":
		return kVSwitchId
	case "InstanceId":
		return kInstanceId
	case "LoadBalancerId":
		return kLoadBalancerId
	case "NetworkInterfaceId":
		return kNetworkInterfaceId
	case "NetworkAclAttribute":
		return kNetworkAclAttribute
	case "NetworkAcls":
		return kNetworkAcls
	}
	return 0
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
func merge[K comparable, T any, P placed[T]](m map[K]P, id K, v P, what string, errs *reader) bool {
	old, ok := m[id]
	if !ok {
		m[id] = v
		return true
	}
	if !same[T, P](old, v) {
		errs.Add(v.place().At, fmt.Errorf("%w: %s %q differs from %s", ErrConflict, what, fmt.Sprint(id), old.place().At))
	}
	return false
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
func (s *Snapshot) mergeGroup(v *ApiGroupAttribute, errs *reader) {
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

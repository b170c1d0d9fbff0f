// This file implements the index of a snapshot by group and the calls of
// its paged lists, built once per plan so that the cost stays linear.

package openapi

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/vpcgate/vpcgate/field"
)

// index holds the snapshot's resources by group, built once per plan so
// that the cost stays linear in the responses and the moves.
type index struct {
	apis         map[string][]*Api              // DescribeApi, by group, in document order
	listed       map[string][]*ApiSummary       // DescribeApis, by GroupId, in document order
	attached     map[string][]attachment        // DescribePluginApis, by group, plug-ins in document order
	bound        map[string][]attachment        // DescribePluginGroups and DescribePluginsByGroup, by GroupId
	accessPart   map[string]*VpcAccessAttribute // the first authorization of each name that lacks a field
	accessByID   map[string]*VpcAccessAttribute // DescribeVpcAccesses' authorizations, by VpcAccessId; made when first needed
	accessByName map[string]*VpcAccessAttribute // DescribeVpcAccesses' first authorization of each name that lacks no field
	groupless    []placedNote                   // APIs and attachments whose group no response gives

	// The calls of the paged lists that cover a subject.
	apiCalls       map[string]*calls // DescribeApis, by GroupId
	accessCalls    map[string]*calls // DescribeVpcAccesses filtered by Name, by Name
	accessAll      calls             // DescribeVpcAccesses not filtered
	pluginApiCalls map[string]*calls // DescribePluginApis, by PluginId
	pluginsAll     calls             // DescribePlugins not filtered, or only by PluginType "routing"
	bindingCalls   map[string]*calls // DescribePluginGroups not filtered but by PluginId, by PluginId
	pairCalls      map[[2]string]bool
	stagesDone     map[string]map[string]bool // DescribePluginsByGroup calls that hold every item, by GroupId: their stages
}

// placedNote is a note to make and its place.
type placedNote struct {
	at   field.Path
	what string
}

// stages are the environments a plug-in is bound to a group in.
var stages = []string{"RELEASE", "PRE", "TEST"}

// listings sorts the calls of the paged lists by what they cover. A
// DescribeApis call of no known filter (given without an envelope) covers
// only the groups of the APIs it lists, since it may have been filtered by
// another group; the other lists' calls without one cover all.
func (idx *index) listings(s *Snapshot) {
	idx.apiCalls, idx.accessCalls, idx.pluginApiCalls = map[string]*calls{}, map[string]*calls{}, map[string]*calls{}
	idx.bindingCalls, idx.pairCalls, idx.stagesDone = map[string]*calls{}, map[[2]string]bool{}, map[string]map[string]bool{}
	byDoc := map[int]*Listing{}
	for _, l := range s.Listings {
		for _, d := range l.Docs {
			byDoc[d] = l
		}
		switch l.Kind {
		case DescribeApis:
			if g, ok := l.Filter["GroupId"]; ok && len(l.Filter) == 1 {
				addTo(idx.apiCalls, g, l)
			}
		case DescribeVpcAccesses:
			if n, ok := l.Filter["Name"]; ok && l.Only(map[string]string{"Name": n, "AccurateQuery": "true"}) {
				addTo(idx.accessCalls, n, l)
			} else if l.Only(map[string]string{"AccurateQuery": "true"}) {
				idx.accessAll.add(l)
			}
		case DescribePluginApis:
			if id, ok := l.Filter["PluginId"]; ok && len(l.Filter) == 1 {
				addTo(idx.pluginApiCalls, id, l)
			}
		case DescribePlugins:
			if l.Only(map[string]string{"PluginType": "routing"}) {
				idx.pluginsAll.add(l)
			}
		case DescribePluginGroups:
			id, g := l.Filter["PluginId"], l.Filter["GroupId"]
			switch {
			case len(l.Filter) == 1:
				addTo(idx.bindingCalls, id, l)
			case len(l.Filter) == 2 && g != "" && l.Complete():
				idx.pairCalls[[2]string{id, g}] = true
			}
		case DescribePluginsByGroup:
			g, stage := l.Filter["GroupId"], l.Filter["StageName"]
			if len(l.Filter) == 2 && stage != "" && l.Complete() {
				if idx.stagesDone[g] == nil {
					idx.stagesDone[g] = map[string]bool{}
				}
				idx.stagesDone[g][stage] = true
			}
		}
	}
	for g, list := range idx.listed {
		for _, a := range list {
			if l := byDoc[a.Doc]; l != nil && len(l.Filter) == 0 {
				addTo(idx.apiCalls, g, l)
			}
		}
	}
}

// byAccessID returns the first authorization of DescribeVpcAccesses whose
// VpcAccessId is id, or nil.
func (idx *index) byAccessID(s *Snapshot, id string) *VpcAccessAttribute {
	if idx.accessByID == nil {
		idx.accessByID = map[string]*VpcAccessAttribute{}
		for _, v := range s.VpcAccesses {
			if _, dup := idx.accessByID[v.VpcAccessId]; v.VpcAccessId != "" && !dup {
				idx.accessByID[v.VpcAccessId] = v
			}
		}
	}
	return idx.accessByID[id]
}

// byGroupDone reports whether DescribePluginsByGroup gives every plug-in
// bound to group g as a whole, in every stage.
func (idx *index) byGroupDone(g string) bool {
	for _, st := range stages {
		if !idx.stagesDone[g][st] {
			return false
		}
	}
	return true
}

// attachment is a plug-in attached to an API of a group, or bound to the
// group as a whole, and where.
type attachment struct {
	plugin string
	at     field.Path
	apiId  string
}

func newIndex(s *Snapshot) index {
	idx := index{apis: map[string][]*Api{}, listed: map[string][]*ApiSummary{}, attached: map[string][]attachment{}, bound: map[string][]attachment{}}
	idx.accessByName, idx.accessPart = make(map[string]*VpcAccessAttribute, len(s.VpcAccesses)), map[string]*VpcAccessAttribute{}
	for _, v := range s.VpcAccesses {
		if lacks(v) != "" {
			if _, dup := idx.accessPart[v.Name]; !dup {
				idx.accessPart[v.Name] = v
			}
		} else if _, dup := idx.accessByName[v.Name]; !dup {
			idx.accessByName[v.Name] = v
		}
	}
	// groupOf is an API's group: DescribeApi's, else DescribeApis'.
	groupOf := func(apiID string) string {
		if a := s.Apis[apiID]; a != nil && a.GroupId != "" {
			return a.GroupId
		}
		if a := s.ApiLists[apiID]; a != nil {
			return a.GroupId
		}
		return ""
	}
	for _, a := range s.ApiOrder { // in the order of their places
		g := groupOf(a.ApiId)
		if g == "" {
			idx.groupless = append(idx.groupless, placedNote{a.At.Child("GroupId"), fmt.Sprintf("not checked: the group of API %q (no response gives its GroupId)", a.ApiId)})
			continue
		}
		idx.apis[g] = append(idx.apis[g], a)
	}
	for _, a := range s.ApiLists {
		if a.GroupId == "" && s.Apis[a.ApiId] == nil {
			idx.groupless = append(idx.groupless, placedNote{a.At.Child("GroupId"), fmt.Sprintf("not checked: the group of API %q (no response gives its GroupId)", a.ApiId)})
		}
		idx.listed[a.GroupId] = append(idx.listed[a.GroupId], a)
	}
	for _, list := range idx.listed {
		slices.SortFunc(list, func(x, y *ApiSummary) int { return byPlace(x.Place, y.Place) })
	}
	idx.listings(s)
	// Plug-ins in document order, then those DescribePlugins does not give.
	plugins := slices.Clone(s.PluginOrder)
	var unknown []string
	for id := range s.PluginApis {
		if s.Plugins[id] == nil {
			unknown = append(unknown, id)
		}
	}
	slices.Sort(unknown)
	for _, id := range append(plugins, unknown...) {
		for _, att := range s.PluginApis[id] {
			g := cmp.Or(att.GroupId, groupOf(att.ApiId))
			if g == "" {
				idx.groupless = append(idx.groupless, placedNote{att.At, fmt.Sprintf("not checked: the group of the API that plug-in %q is attached to (no response gives it)", id)})
				continue
			}
			idx.attached[g] = append(idx.attached[g], attachment{id, att.At, att.ApiId})
		}
	}
	// Group bindings: DescribePluginGroups by plug-in, then
	// DescribePluginsByGroup by group, each in order.
	var bound []string
	for id := range s.PluginGroups {
		bound = append(bound, id)
	}
	slices.Sort(bound)
	for _, id := range bound {
		for _, g := range s.PluginGroups[id] {
			if g.GroupId == "" {
				idx.groupless = append(idx.groupless, placedNote{g.At, fmt.Sprintf("not checked: a group that plug-in %q is bound to (no response names it)", id)})
				continue
			}
			idx.bound[g.GroupId] = append(idx.bound[g.GroupId], attachment{plugin: id, at: g.At})
		}
	}
	// Maps were walked above: the notes in the order of their places.
	slices.SortFunc(idx.groupless, func(x, y placedNote) int { return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.what, y.what)) })
	groups := make([]string, 0, len(s.GroupPlugins))
	for g := range s.GroupPlugins {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for _, g := range groups {
		for _, p := range s.GroupPlugins[g] {
			idx.bound[g] = append(idx.bound[g], attachment{plugin: p.PluginId, at: p.At})
		}
	}
	return idx
}

// calls is what the calls of a paged list that cover a subject (a group,
// a plug-in, an authorization name, or all) say: whether one of them holds
// every item, else the first that does not (nil when there is none).
type calls struct {
	done  bool
	first *Listing
}

func (c *calls) add(l *Listing) {
	switch {
	case l.Complete():
		c.done = true
	case c.first == nil || l.Docs[0] < c.first.Docs[0]:
		c.first = l
	}
}

// addTo adds l to the calls of key in m.
func addTo[K comparable](m map[K]*calls, key K, l *Listing) {
	if m[key] == nil {
		m[key] = &calls{}
	}
	m[key].add(l)
}

// listingAt is where a call's first page is, or "" for none.
func (b *builder) listingAt(l *Listing) field.Path {
	if l == nil {
		return ""
	}
	return l.At
}

// pages says how much of a call the pages given hold.
func pages(l *Listing) string {
	switch {
	case l.Ambiguous:
		return "pages of different calls that cannot be told apart (the same PageNumber with other items; give each call's pages in the envelope {\"request\": {...}, \"response\": <body>} with its filters)"
	case l.Total < 0:
		return "TotalCount not given"
	}
	return fmt.Sprintf("%d of %d items given", l.Given, l.Total)
}

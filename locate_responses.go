package vpcgate

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// LocateResponses is [Report.Locate] for a plan read with
// [ReadNamedResponses] from docs, which the caller read from the directory
// dir: a finding whose where names one of the documents
// (`DescribeVpcAccesses["vpc-accesses.json"].VpcAccessAttributes.VpcAccessAttribute[4].Port`)
// gets that document's file, dir joined with its name as [path.Join] joins
// them, and the line and column of the value at the rest of the where (or
// of the nearest value above it there). Findings that name no document,
// and findings that already name a file, are left as they are. It reads
// each document that a finding names once.
func (r *Report) LocateResponses(dir string, docs ...NamedResponse) {
	byName := make(map[string]int, len(docs))
	for i, d := range docs {
		if _, dup := byName[d.Name]; !dup {
			byName[d.Name] = i
		}
	}
	// The findings of each document, by the index of their where in order.
	type ref struct {
		doc  int
		path field.Path
	}
	var refs []ref
	r.eachFinding(func(f *Finding) {
		if f.File != "" {
			return
		}
		if name, rest, ok := documentOf(f.Where); ok {
			if i, ok := byName[name]; ok {
				refs = append(refs, ref{i, rest})
				return
			}
		}
		refs = append(refs, ref{-1, ""})
	})
	perDoc := make(map[int][]field.Path)
	for _, x := range refs {
		if x.doc >= 0 {
			perDoc[x.doc] = append(perDoc[x.doc], x.path)
		}
	}
	found := make(map[int][]jsonPos, len(perDoc))
	for i, paths := range perDoc {
		found[i] = locateJSON(docs[i].Body, paths)
	}
	next := make(map[int]int, len(perDoc))
	k := 0
	r.eachFinding(func(f *Finding) {
		if f.File != "" {
			return
		}
		x := refs[k]
		k++
		if x.doc < 0 {
			return
		}
		pos := found[x.doc][next[x.doc]]
		next[x.doc]++
		f.File = path.Join(dir, docs[x.doc].Name)
		f.Line, f.Column = pos.line, pos.col
	})
}

// eachFinding calls f with every finding of r, problems, warnings and
// waived ones, after giving r lists of its own, so that a copy of r made
// before shares nothing that f changes.
func (r *Report) eachFinding(f func(*Finding)) {
	r.Sections = cloneSections(r.Sections)
	for i := range r.Sections {
		s := &r.Sections[i]
		for j := range s.Problems {
			f(&s.Problems[j])
		}
		for j := range s.Warnings {
			f(&s.Warnings[j])
		}
		for j := range s.Waived {
			f(&s.Waived[j].Finding)
		}
	}
}

// documentOf splits a where of a named response, Kind["name"] followed by
// a JSON path, into the name and the path.
func documentOf(where string) (name string, rest field.Path, ok bool) {
	open := strings.Index(where, `["`)
	if open <= 0 {
		return "", "", false
	}
	quoted, err := strconv.QuotedPrefix(where[open+1:])
	if err != nil {
		return "", "", false
	}
	end := open + 1 + len(quoted)
	if end >= len(where) || where[end] != ']' {
		return "", "", false
	}
	name, err = strconv.Unquote(quoted)
	if err != nil {
		return "", "", false
	}
	rest = field.Path(strings.TrimPrefix(where[end+1:], "."))
	return name, rest, true
}

// cloneSections returns a copy of ss whose lists of findings are copies.
func cloneSections(ss []Section) []Section {
	out := slices.Clone(ss)
	for i := range out {
		s := &out[i]
		s.Problems, s.Warnings, s.Waived = slices.Clone(s.Problems), slices.Clone(s.Warnings), slices.Clone(s.Waived)
	}
	return out
}

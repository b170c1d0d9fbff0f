package vpcgate

import (
	"path"
	"slices"

	"github.com/vpcgate/vpcgate/internal/locate"
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
	view := make([]locate.Doc, len(docs))
	for i, d := range docs {
		view[i] = locate.Doc{Name: d.Name, Body: d.Body}
	}
	var wheres []string
	r.eachFinding(func(f *Finding) {
		if f.File == "" {
			wheres = append(wheres, f.Where)
		}
	})
	hits := locate.Responses(view, wheres)
	k := 0
	r.eachFinding(func(f *Finding) {
		if f.File != "" {
			return
		}
		h := hits[k]
		k++
		if h.Doc < 0 {
			return
		}
		f.File = path.Join(dir, docs[h.Doc].Name)
		f.Line, f.Column = h.Line, h.Col
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

// cloneSections returns a copy of ss whose lists of findings are copies.
func cloneSections(ss []Section) []Section {
	out := slices.Clone(ss)
	for i := range out {
		s := &out[i]
		s.Problems, s.Warnings, s.Waived = slices.Clone(s.Problems), slices.Clone(s.Warnings), slices.Clone(s.Waived)
	}
	return out
}

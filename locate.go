package vpcgate

import (
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/locate"
)

// Position is a place in an input document.
type Position struct {
	// File names the document, as the caller gave it.
	File string `json:"file,omitempty"`
	// Line counts from 1; 0 when not known.
	Line int `json:"line,omitempty"`
	// Column counts Unicode characters from 1; 0 when not known.
	Column int `json:"column,omitempty"`
}

// Locate records where each finding of r lies in doc, the JSON document
// its plan was read from with [ParsePlan], named file: every finding
// without a File gets file, and the line and column of the value its
// where names, or of the nearest value above it that doc holds (a missing
// field's object). A where that is no JSON path of doc (a place of a
// Terraform plan or of OpenAPI responses) gets the file alone, as every
// finding does when doc is nil. Findings that already name a file, such as
// those about waivers, are left as they are.
//
// Locate reads doc once, whatever the number of findings, and keeps no
// part of it; malformed JSON stops the reading, and what was not reached
// has no line. It replaces the lists of findings it changes, so that a
// copy of r made before shares nothing with the new r.
func (r *Report) Locate(file string, doc []byte) {
	r.locate(file, doc, func(where string) field.Path { return field.Path(where) })
}

// LocateTerraform is [Report.Locate] for a plan read with
// [ReadTerraformPlan] from doc, the JSON of "terraform show -json", named
// file: a finding whose where is a resource address and an attribute
// (alicloud_api_gateway_instance.gw.zone_vswitch_security_group[1].cidr_block)
// gets the line and column of that attribute in the resource's planned
// values, resource_changes[k].change.after (or of the nearest value above
// it there: a value unknown until apply is not in the plan), k being the
// resource change whose address is the longest that leads the where. Other
// findings get the file alone. It reads doc twice.
func (r *Report) LocateTerraform(file string, doc []byte) {
	t, ok := locate.NewTerraform(doc)
	if !ok {
		r.locate(file, nil, nil)
		return
	}
	r.locate(file, doc, t.Path)
}

// locate sets the file of every finding that names none, and the line and
// column in doc of the value at pathOf(where), when doc is not nil and
// pathOf gives a path.
func (r *Report) locate(file string, doc []byte, pathOf func(where string) field.Path) {
	var paths []field.Path
	each := r.eachFinding
	each(func(f *Finding) {
		if f.File == "" && doc != nil {
			paths = append(paths, pathOf(f.Where))
		}
	})
	pos := locate.JSON(doc, paths)
	k := 0
	each(func(f *Finding) {
		if f.File != "" {
			return
		}
		f.File = file
		if doc != nil {
			f.Line, f.Column = pos[k].Line, pos[k].Col
			k++
		}
	})
}

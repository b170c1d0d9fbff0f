package vpcgate

import (
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/locate"
	"github.com/vpcgate/vpcgate/internal/openapi"
)

// NamedResponse is a saved OpenAPI response body with the name of the file
// it came from, for [ReadNamedResponses].
type NamedResponse struct {
	// Name is the document's name, usually its file name; errors and
	// findings name the document by it.
	Name string
	// Body is the document.
	Body []byte
}

// ReadNamedResponses is [ReadResponses] for documents that have names:
// every error, every place in the snapshot (Plan.Source, a Note's Where,
// and so every finding's where) names the document by its Name, quoted in
// brackets where ReadResponses puts its index:
//
//	DescribeVpcAccesses["vpc-accesses.json"].VpcAccessAttributes.VpcAccessAttribute[4].InstanceId
//	responses["notes.json"]
//
// (the second for a document whose kind cannot be told: unrecognised or
// malformed). The name is quoted as Go quotes strings, so that any
// character may appear in it and the path still reads as one; the same
// names give the same places on every run. A name that is empty or given
// twice is an error matching [ErrInvalidPlan], at "responses[i]" or
// `responses["name"]`: places would not tell the documents apart.
// ReadNamedResponses keeps no reference to docs.
func ReadNamedResponses(docs ...NamedResponse) (Snapshot, error) {
	bodies := make([][]byte, len(docs))
	names := make([]string, len(docs))
	for i, d := range docs {
		bodies[i], names[i] = d.Body, d.Name
	}
	s, err := openapi.ReadNamed(bodies, names)
	if err != nil {
		return Snapshot{}, inputErrors(err, bodies, responsePlaces(names))
	}
	return Snapshot{s: s}, nil
}

// responsePlaces returns, for inputErrors, where a place in responses lies:
// the document its path names (by index, or by its name when names are
// given) and the path inside it.
func responsePlaces(names []string) func(field.Path) (int, string, field.Path) {
	byName := make(map[string]int, len(names))
	for i, n := range names {
		if _, dup := byName[n]; !dup {
			byName[n] = i
		}
	}
	return func(p field.Path) (int, string, field.Path) {
		i, name, inner, ok := locate.Document(string(p))
		switch {
		case !ok:
			return -1, "", ""
		case name == "":
			return i, "", inner
		}
		if j, ok := byName[name]; ok {
			return j, name, inner
		}
		return -1, name, inner
	}
}

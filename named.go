package vpcgate

import "github.com/vpcgate/vpcgate/internal/openapi"

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
		return Snapshot{}, asInput(err)
	}
	return Snapshot{s: s}, nil
}

package vpcgate

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
// every error and every place in the snapshot names the document by its
// Name instead of its index.
func ReadNamedResponses(docs ...NamedResponse) (Snapshot, error) {
	bodies := make([][]byte, len(docs))
	for i, d := range docs {
		bodies[i] = d.Body
	}
	return ReadResponses(bodies...)
}

package locate

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// Doc is one of several documents: its name and its bytes.
type Doc struct {
	// Name is the document's name, as places name it.
	Name string
	// Body is the document's JSON.
	Body []byte
}

// Hit is where a place lies among documents: the index of its document
// (-1 when it names none of them) and the position of its value there.
type Hit struct {
	// Doc is the index of the document, or -1.
	Doc int
	Pos
}

// Responses returns, for each where, a place of a plan read from the
// named documents docs (`Kind["name"]` followed by a JSON path), the
// document it names (the first of that name) and the position in it of the
// value at the rest of the where, or of the nearest value above it. It
// reads each document that a where names once.
func Responses(docs []Doc, wheres []string) []Hit {
	byName := make(map[string]int, len(docs))
	for i, d := range docs {
		if _, dup := byName[d.Name]; !dup {
			byName[d.Name] = i
		}
	}
	// The places of each document, by the index of their where.
	type ref struct {
		doc  int
		path field.Path
	}
	refs := make([]ref, len(wheres))
	for i, where := range wheres {
		refs[i] = ref{-1, ""}
		if k, name, rest, ok := Document(where); ok && k < 0 {
			if d, ok := byName[name]; ok {
				refs[i] = ref{d, rest}
			}
		}
	}
	perDoc := make(map[int][]field.Path)
	for _, x := range refs {
		if x.doc >= 0 {
			perDoc[x.doc] = append(perDoc[x.doc], x.path)
		}
	}
	found := make(map[int][]Pos, len(perDoc))
	for i, paths := range perDoc {
		found[i] = JSON(docs[i].Body, paths)
	}
	next := make(map[int]int, len(perDoc))
	out := make([]Hit, len(wheres))
	for i, x := range refs {
		out[i].Doc = x.doc
		if x.doc < 0 {
			continue
		}
		out[i].Pos = found[x.doc][next[x.doc]]
		next[x.doc]++
	}
	return out
}

// Document splits a place in responses, as the OpenAPI reader names it,
// Kind[i] or Kind["name"] followed by a JSON path
// (`DescribeVpcAccesses[3].VpcAccessAttributes`, `responses["notes.json"]`),
// into the document's index (-1 for a name) or name and the path inside
// the document; ok is false for a place that names no document.
func Document(where string) (index int, name string, rest field.Path, ok bool) {
	open := strings.IndexByte(where, '[')
	if open <= 0 || open+1 >= len(where) {
		return 0, "", "", false
	}
	after := where[open+1:]
	if after[0] == '"' {
		q, err := strconv.QuotedPrefix(after)
		if err != nil || len(q) >= len(after) || after[len(q)] != ']' {
			return 0, "", "", false
		}
		name, _ = strconv.Unquote(q)
		return -1, name, field.Path(strings.TrimPrefix(after[len(q)+1:], ".")), true
	}
	index, rest, ok = Index(field.Path(where[open:]), "")
	return index, "", rest, ok
}

// Terraform maps the places of a plan read from the JSON of "terraform
// show -json" to JSON paths in that document.
type Terraform struct {
	at map[string]int // a resource change's address: its index (the first)
}

// NewTerraform reads the resource changes' addresses of doc; false when
// doc is not such a document.
func NewTerraform(doc []byte) (Terraform, bool) {
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
		} `json:"resource_changes"`
	}
	if json.Unmarshal(doc, &plan) != nil {
		return Terraform{}, false
	}
	at := make(map[string]int, len(plan.ResourceChanges))
	for k, rc := range plan.ResourceChanges {
		if _, dup := at[rc.Address]; !dup {
			at[rc.Address] = k
		}
	}
	return Terraform{at}, true
}

// Path returns the path of where, a resource address and an attribute, in
// the planned values of its resource, resource_changes[k].change.after, k
// being the resource change whose address is the longest that leads where
// (ending where an attribute or an index starts); "" when none does.
func (t Terraform) Path(where string) field.Path {
	for end := len(where); end > 0; end-- {
		if end < len(where) && where[end] != '.' && where[end] != '[' {
			continue
		}
		if k, ok := t.at[where[:end]]; ok {
			return field.Path("resource_changes").Index(k).Child("change").Child("after").Join(field.Path(strings.TrimPrefix(where[end:], ".")))
		}
	}
	return ""
}

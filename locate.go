package vpcgate

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
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
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
		} `json:"resource_changes"`
	}
	if json.Unmarshal(doc, &plan) != nil {
		r.locate(file, nil, nil)
		return
	}
	at := make(map[string]int, len(plan.ResourceChanges))
	for k, rc := range plan.ResourceChanges {
		if _, dup := at[rc.Address]; !dup {
			at[rc.Address] = k
		}
	}
	r.locate(file, doc, func(where string) field.Path {
		// The longest address that leads where, ending where an attribute
		// or an index starts.
		for end := len(where); end > 0; end-- {
			if end < len(where) && where[end] != '.' && where[end] != '[' {
				continue
			}
			if k, ok := at[where[:end]]; ok {
				return field.Path("resource_changes").Index(k).Child("change").Child("after").Join(field.Path(strings.TrimPrefix(where[end:], ".")))
			}
		}
		return ""
	})
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
	pos := locateJSON(doc, paths)
	k := 0
	each(func(f *Finding) {
		if f.File != "" {
			return
		}
		f.File = file
		if doc != nil {
			f.Line, f.Column = pos[k].line, pos[k].col
			k++
		}
	})
}

// jsonPos is where a path's value lies: its line, its column in bytes and
// in characters (0 when nothing of the path was found), and whether the
// value itself was found rather than one above it.
type jsonPos struct {
	line, byteCol, col int
	exact              bool
}

// locateJSON returns, for each path, where its value lies in doc, or the
// nearest value above it that doc holds. It reads doc once, following only
// the members and elements on the paths, so its cost is linear in len(doc)
// plus the paths' length. A path that does not parse as a JSON path, and
// anything after malformed JSON, is not found.
func locateJSON(doc []byte, paths []field.Path) []jsonPos {
	out := make([]jsonPos, len(paths))
	if len(doc) == 0 || len(paths) == 0 {
		return out
	}
	root := &locNode{off: -1}
	ends := make([][]*locNode, len(paths))
	for i, p := range paths {
		segs, ok := splitPath(string(p))
		if !ok {
			continue
		}
		n := root
		chain := []*locNode{root}
		for _, s := range segs {
			n = n.child(s)
			chain = append(chain, n)
		}
		ends[i] = chain
	}
	sc := scanner{Lexer: jsonlex.Lexer{Data: doc, LoneSurrogates: true}}
	sc.Space()
	sc.value(root, 0)
	// Offsets to lines and columns, in the order of the document.
	type req struct{ off, i int }
	var reqs []req
	for i, chain := range ends {
		for j := len(chain) - 1; j >= 1; j-- { // the document itself is no answer
			if chain[j].off >= 0 {
				reqs = append(reqs, req{chain[j].off, i})
				out[i].exact = j == len(chain)-1
				break
			}
		}
	}
	slices.SortFunc(reqs, func(a, b req) int { return a.off - b.off })
	lines := jsonlex.NewLines(doc)
	for _, q := range reqs {
		out[q.i].line, out[q.i].byteCol, out[q.i].col = lines.Columns(q.off)
	}
	return out
}

// pathSeg is one step of a JSON path: an object key or an array index.
type pathSeg struct {
	key   string
	index int // -1 for a key
}

// splitPath splits a path as field.Path writes it: names joined by dots,
// indexes in brackets, other keys quoted in brackets.
func splitPath(p string) ([]pathSeg, bool) {
	return splitPathInto(nil, p)
}

// splitPathInto is splitPath appending to segs.
func splitPathInto(segs []pathSeg, p string) ([]pathSeg, bool) {
	for i := 0; i < len(p); {
		switch c := p[i]; {
		case c == '.' && i > 0:
			i++
		case c == '[' && i+1 < len(p) && p[i+1] == '"':
			q, err := strconv.QuotedPrefix(p[i+1:])
			if err != nil || i+1+len(q) >= len(p) || p[i+1+len(q)] != ']' {
				return nil, false
			}
			k, _ := strconv.Unquote(q)
			segs = append(segs, pathSeg{key: k, index: -1})
			i += len(q) + 2
		case c == '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, false
			}
			n, err := strconv.Atoi(p[i+1 : i+end])
			if err != nil || n < 0 {
				return nil, false
			}
			segs = append(segs, pathSeg{index: n})
			i += end + 1
		case c == '.':
			return nil, false
		default:
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			segs = append(segs, pathSeg{key: p[i:j], index: -1})
			i = j
		}
	}
	return segs, len(segs) > 0
}

// locNode is a node of the tree of paths locateJSON follows: the offset
// of its value once found (-1 before), and its children.
type locNode struct {
	off   int
	keys  map[string]*locNode
	elems map[int]*locNode
}

func (n *locNode) child(s pathSeg) *locNode {
	if s.index >= 0 {
		if c, ok := n.elems[s.index]; ok {
			return c
		}
		if n.elems == nil {
			n.elems = map[int]*locNode{}
		}
		c := &locNode{off: -1}
		n.elems[s.index] = c
		return c
	}
	if c, ok := n.keys[s.key]; ok {
		return c
	}
	if n.keys == nil {
		n.keys = map[string]*locNode{}
	}
	c := &locNode{off: -1}
	n.keys[s.key] = c
	return c
}

// maxLocateDepth bounds how deep locateJSON follows paths, so that its
// recursion stays small whatever it is asked.
const maxLocateDepth = 64

// scanner reads a JSON document for locateJSON: it follows the members and
// elements on the paths and skips the rest.
type scanner struct {
	jsonlex.Lexer
	bad bool // malformed JSON was met: stop
}

// value reads the value at Pos, the value of node n.
func (s *scanner) value(n *locNode, depth int) {
	if s.Pos >= len(s.Data) {
		s.bad = true
		return
	}
	if n.off < 0 {
		n.off = s.Pos // the first of a key given twice
	}
	if (n.keys == nil && n.elems == nil) || depth >= maxLocateDepth {
		s.skip()
		return
	}
	switch s.Data[s.Pos] {
	case '{':
		s.Pos++
		if s.Is('}') {
			return
		}
		for !s.bad {
			if s.Peek() != '"' {
				s.bad = true
				return
			}
			key, err := s.String()
			if err != nil || !s.Is(':') {
				s.bad = true
				return
			}
			s.Space()
			if c := n.keys[string(key)]; c != nil {
				s.value(c, depth+1)
			} else {
				s.skip()
			}
			if !s.next('}') {
				return
			}
		}
	case '[':
		s.Pos++
		if s.Is(']') {
			return
		}
		for i := 0; !s.bad; i++ {
			s.Space()
			if c := n.elems[i]; c != nil {
				s.value(c, depth+1)
			} else {
				s.skip()
			}
			if !s.next(']') {
				return
			}
		}
	default:
		s.skip()
	}
}

// next reads the comma before another member or element, and reports
// whether there is one; it reads the closing byte otherwise.
func (s *scanner) next(closing byte) bool {
	switch {
	case s.Is(','):
		return true
	case s.Is(closing):
		return false
	}
	s.bad = true
	return false
}

// skip reads over one value of any kind.
func (s *scanner) skip() {
	if s.Skip() != nil {
		s.bad = true
	}
}

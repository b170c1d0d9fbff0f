// Package locate finds where values lie in JSON documents: the line and
// column of the value at each of many JSON paths, in one pass over the
// document whatever their number ([JSON]), and the paths of the places
// that findings name in a plan read from responses or from Terraform
// ([Document], [Terraform]). It is the format half of the root's
// Report.Locate, LocateTerraform and LocateResponses, and of the waiver
// file's positions: the root picks the findings and sets what is found.
//
// Nothing here does I/O, keeps state, or keeps any part of the documents
// it reads.
package locate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// Pos is where a path's value lies: its line, its column in bytes and in
// characters (0 when nothing of the path was found), and whether the value
// itself was found rather than one above it.
type Pos struct {
	// Line, ByteCol and Col are the line, the column in bytes and the
	// column in characters, counting from 1; 0 when nothing was found.
	Line, ByteCol, Col int
	// Exact is set when the value itself was found.
	Exact bool
}

// JSON returns, for each path, where its value lies in doc, or the
// nearest value above it that doc holds. It reads doc once, following only
// the members and elements on the paths, so its cost is linear in len(doc)
// plus the paths' length. A path that does not parse as a JSON path, and
// anything after malformed JSON, is not found.
func JSON(doc []byte, paths []field.Path) []Pos {
	out := make([]Pos, len(paths))
	if len(doc) == 0 || len(paths) == 0 {
		return out
	}
	root := &locNode{off: -1}
	ends := make([][]*locNode, len(paths))
	for i, p := range paths {
		segs, ok := Split(string(p))
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
				out[i].Exact = j == len(chain)-1
				break
			}
		}
	}
	slices.SortFunc(reqs, func(a, b req) int { return a.off - b.off })
	lines := jsonlex.NewLines(doc)
	for _, q := range reqs {
		out[q.i].Line, out[q.i].ByteCol, out[q.i].Col = lines.Columns(q.off)
	}
	return out
}

// JSONOrDocument is JSON, but a path of which nothing is found (the empty
// path, a path that does not parse, a member missing from the document's
// own object, anything after malformed JSON) gets the position of the
// document's own value, after its leading white space: the place of a
// problem with the document as a whole.
func JSONOrDocument(doc []byte, paths []field.Path) []Pos {
	out := JSON(doc, paths)
	start := Pos{}
	for i := range out {
		if out[i].Line != 0 {
			continue
		}
		if start.Line == 0 {
			l := jsonlex.Lexer{Data: doc}
			l.Space()
			start.Line, start.ByteCol, start.Col = jsonlex.NewLines(doc).Columns(l.Pos)
		}
		out[i] = start
	}
	return out
}

// Seg is one step of a JSON path: an object key or an array index.
type Seg struct {
	// Key is the object key, when Index is -1.
	Key string
	// Index is the array index, or -1 for a key.
	Index int
}

// Split splits a path as field.Path writes it: names joined by dots,
// indexes in brackets, other keys quoted in brackets. It is false for
// anything else, and for the empty path.
func Split(p string) ([]Seg, bool) {
	return SplitInto(nil, p)
}

// SplitInto is Split appending to segs.
func SplitInto(segs []Seg, p string) ([]Seg, bool) {
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
			segs = append(segs, Seg{Key: k, Index: -1})
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
			segs = append(segs, Seg{Index: n})
			i += end + 1
		case c == '.':
			return nil, false
		default:
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			segs = append(segs, Seg{Key: p[i:j], Index: -1})
			i = j
		}
	}
	return segs, len(segs) > 0
}

// Index returns k when p starts with name followed by an index in
// brackets, name[k] (k >= 0, written as field.Path writes it; name may be
// empty, for a path that starts with [k]), and the path that follows it
// (without its leading dot). It is false for anything else.
func Index(p field.Path, name string) (k int, rest field.Path, ok bool) {
	s, ok := strings.CutPrefix(string(p), name+"[")
	end := strings.IndexByte(s, ']')
	if !ok || end <= 0 {
		return 0, "", false
	}
	for i := range end {
		if s[i] < '0' || s[i] > '9' {
			return 0, "", false
		}
	}
	k, err := strconv.Atoi(s[:end])
	if err != nil {
		return 0, "", false
	}
	return k, field.Path(strings.TrimPrefix(s[end+1:], ".")), true
}

// PathOf writes segments back as a path, as Split reads it.
func PathOf(segs []Seg) field.Path {
	var p field.Path
	for _, s := range segs {
		if s.Index >= 0 {
			p = p.Index(s.Index)
		} else {
			p = p.Key(s.Key)
		}
	}
	return p
}

// locNode is a node of the tree of paths JSON follows: the offset
// of its value once found (-1 before), and its children.
type locNode struct {
	off   int
	keys  map[string]*locNode
	elems map[int]*locNode
}

// child returns the node of step s below n, made when new.
func (n *locNode) child(s Seg) *locNode {
	if s.Index >= 0 {
		if c, ok := n.elems[s.Index]; ok {
			return c
		}
		if n.elems == nil {
			n.elems = map[int]*locNode{}
		}
		c := &locNode{off: -1}
		n.elems[s.Index] = c
		return c
	}
	if c, ok := n.keys[s.Key]; ok {
		return c
	}
	if n.keys == nil {
		n.keys = map[string]*locNode{}
	}
	c := &locNode{off: -1}
	n.keys[s.Key] = c
	return c
}

// maxLocateDepth bounds how deep JSON follows paths, so that its
// recursion stays small whatever it is asked.
const maxLocateDepth = 64

// scanner reads a JSON document for JSON: it follows the members and
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

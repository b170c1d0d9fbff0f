package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
)

// maxDepth bounds the nesting of a document: responses nest a few levels,
// and a bound keeps hostile input from exhausting the stack.
const maxDepth = 64

// node is one JSON value of a document, kept with its object keys in
// document order so that every value can be named by its path.
type node struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	str   string
	b     bool
	keys  []string
	vals  []*node
	elems []*node
}

// get returns the member named key of an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != 'o' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// has reports whether an object node has a member named key.
func (n *node) has(key string) bool { return n.get(key) != nil }

// parse reads one JSON document into a tree. Duplicate object keys,
// invalid UTF-8, trailing data and nesting deeper than maxDepth are errors;
// each names the JSON path below root where it was found. Paths are built
// only for errors, so that the cost stays linear in the document's size.
func parse(data []byte, root field.Path) (*node, error) {
	if !utf8.Valid(data) {
		return nil, field.New(root, fmt.Errorf("%w: not valid UTF-8", ErrInvalid))
	}
	if json.Valid(data) {
		p := fastParser{data: data, trail: trail{root: root}}
		return p.value(0)
	}
	// Invalid JSON: the decoder's tokens say where and why.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := tokenParser{dec: dec, trail: trail{root: root}}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, field.New(root, fmt.Errorf("%w: data after the JSON value (offset %d)", ErrInvalid, dec.InputOffset()))
	}
	return n, nil
}

// trail is the path to the value being parsed, as segments.
type trail struct {
	root field.Path
	segs []seg
}

type seg struct {
	key   string
	index int // -1 for a key
}

func (t *trail) push(s seg) { t.segs = append(t.segs, s) }
func (t *trail) pop()       { t.segs = t.segs[:len(t.segs)-1] }

func (t *trail) path() field.Path {
	p := t.root
	for _, s := range t.segs {
		if s.index >= 0 {
			p = p.Index(s.index)
		} else {
			p = p.Key(s.key)
		}
	}
	return p
}

func (t *trail) errorf(format string, args ...any) error {
	return field.New(t.path(), fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...))
}

// object is an object node being built; it refuses a key twice.
type object struct {
	n    *node
	seen map[string]bool
}

func (o *object) add(t *trail, k string) error {
	dup := false
	switch {
	case o.seen != nil:
		dup = o.seen[k]
	case len(o.n.keys) < 16:
		// Small objects, the usual ones, are searched without a map.
		dup = slices.Contains(o.n.keys, k)
	default:
		o.seen = make(map[string]bool, 2*len(o.n.keys))
		for _, key := range o.n.keys {
			o.seen[key] = true
		}
		dup = o.seen[k]
	}
	if dup {
		t.push(seg{key: k, index: -1})
		return t.errorf("duplicate key %q", k)
	}
	if o.seen != nil {
		o.seen[k] = true
	}
	o.n.keys = append(o.n.keys, k)
	return nil
}

// fastParser reads a document that json.Valid accepts.
type fastParser struct {
	data []byte
	i    int
	trail
}

func (p *fastParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// str reads the string at p.i.
func (p *fastParser) str() string {
	start, esc := p.i, false
	for p.i++; p.data[p.i] != '"'; p.i++ {
		if p.data[p.i] == '\\' {
			esc = true
			p.i++
		}
	}
	p.i++
	if !esc {
		return string(p.data[start+1 : p.i-1])
	}
	var s string
	_ = json.Unmarshal(p.data[start:p.i], &s) // valid, as json.Valid said
	return s
}

func (p *fastParser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested deeper than %d levels", maxDepth)
	}
	p.space()
	switch c := p.data[p.i]; c {
	case '{':
		o := object{n: &node{kind: 'o'}}
		p.i++
		for p.space(); p.data[p.i] != '}'; p.space() {
			if p.data[p.i] == ',' {
				p.i++
				p.space()
			}
			k := p.str()
			if err := o.add(&p.trail, k); err != nil {
				return nil, err
			}
			p.space()
			p.i++ // ':'
			p.push(seg{key: k, index: -1})
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			p.pop()
			o.n.vals = append(o.n.vals, v)
		}
		p.i++
		return o.n, nil
	case '[':
		n := &node{kind: 'a'}
		p.i++
		for p.space(); p.data[p.i] != ']'; p.space() {
			if p.data[p.i] == ',' {
				p.i++
			}
			p.push(seg{index: len(n.elems)})
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			p.pop()
			n.elems = append(n.elems, v)
		}
		p.i++
		return n, nil
	case '"':
		return &node{kind: 's', str: p.str()}, nil
	case 't':
		p.i += 4
		return &node{kind: 'b', b: true}, nil
	case 'f':
		p.i += 5
		return &node{kind: 'b'}, nil
	case 'n':
		p.i += 4
		return &node{kind: 'z'}, nil
	}
	start := p.i
	for p.i < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[p.i]) >= 0 {
		p.i++
	}
	return &node{kind: 'n', str: string(p.data[start:p.i])}, nil
}

// tokenParser reads a document that json.Valid rejects, to say where.
type tokenParser struct {
	dec *json.Decoder
	trail
}

func (p *tokenParser) syntax(err error) error {
	var se *json.SyntaxError
	off := p.dec.InputOffset()
	if errors.As(err, &se) {
		off = se.Offset
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return p.errorf("malformed JSON at offset %d: %v", off, err)
}

func (p *tokenParser) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested deeper than %d levels", maxDepth)
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n := &node{kind: 'a'}
			for p.dec.More() {
				p.push(seg{index: len(n.elems)})
				e, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				p.pop()
				n.elems = append(n.elems, e)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.syntax(err)
			}
			return n, nil
		}
		o := object{n: &node{kind: 'o'}}
		for p.dec.More() {
			kt, err := p.dec.Token()
			if err != nil {
				return nil, p.syntax(err)
			}
			k, _ := kt.(string)
			if err := o.add(&p.trail, k); err != nil {
				return nil, err
			}
			p.push(seg{key: k, index: -1})
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			p.pop()
			o.n.vals = append(o.n.vals, v)
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.syntax(err)
		}
		return o.n, nil
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		return &node{kind: 'n', str: string(t)}, nil
	case bool:
		return &node{kind: 'b', b: t}, nil
	}
	return &node{kind: 'z'}, nil
}

// typeName names a node's JSON type for messages.
func typeName(n *node) string {
	switch n.kind {
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case 'b':
		return "a boolean"
	}
	return "null"
}

// obj is an object of a document and its path, with accessors that read
// members strictly and record every problem in errs.
type obj struct {
	n    *node
	at   field.Path
	errs *field.List
}

func (o obj) wrong(key, want string, got *node) {
	o.errs.Add(o.at.Child(key), fmt.Errorf("%w: want %s, got %s", ErrInvalid, want, typeName(got)))
}

// member returns the member key, or nil when it is missing. A member
// whose name differs from key only in case is an error: the wire's casing
// is part of its shape (VswitchId here, VSwitchId there), never guessed.
func (o obj) member(key string) *node {
	if v := o.n.get(key); v != nil {
		return v
	}
	for _, k := range o.n.keys {
		if strings.EqualFold(k, key) {
			o.errs.Add(o.at.Key(k), fmt.Errorf("%w: %q where this response has %q", ErrInvalid, k, key))
			break
		}
	}
	return nil
}

// str returns the string member key; a missing or null member is "".
func (o obj) str(key string) string {
	v := o.member(key)
	if v == nil || v.kind == 'z' {
		return ""
	}
	if v.kind != 's' {
		o.wrong(key, "a string", v)
		return ""
	}
	return v.str
}

// boolean returns the boolean member key; a missing or null member is false.
func (o obj) boolean(key string) bool {
	v := o.member(key)
	if v == nil || v.kind == 'z' {
		return false
	}
	if v.kind != 'b' {
		o.wrong(key, "true or false", v)
		return false
	}
	return v.b
}

// integer returns the member key as an integer in [lo, hi]: a JSON number,
// or, when numOrString is set (the cloud writes some fields both ways), a
// string holding one. A missing or null member is 0 and false.
func (o obj) integer(key string, lo, hi int64, numOrString bool) (int64, bool) {
	v := o.member(key)
	if v == nil || v.kind == 'z' {
		return 0, false
	}
	if v.kind != 'n' && !(numOrString && v.kind == 's') {
		if numOrString {
			o.wrong(key, "a number or a numeric string", v)
		} else {
			o.wrong(key, "a number", v)
		}
		return 0, false
	}
	i, err := strconv.ParseInt(v.str, 10, 64)
	if err != nil || i < lo || i > hi {
		o.errs.Add(o.at.Child(key), fmt.Errorf("%w: %q is not an integer from %d to %d", ErrInvalid, v.str, lo, hi))
		return 0, false
	}
	return i, true
}

// child returns the object member key; ok is false when it is missing or
// null (the cloud writes null for an empty wrapper) or not an object (an
// error).
func (o obj) child(key string) (obj, bool) {
	v := o.member(key)
	if v == nil || v.kind == 'z' {
		return obj{}, false
	}
	if v.kind != 'o' {
		o.wrong(key, "an object", v)
		return obj{}, false
	}
	return obj{n: v, at: o.at.Child(key), errs: o.errs}, true
}

// array returns the elements of the array member key with their paths;
// missing or null is an empty list.
func (o obj) array(key string) ([]*node, field.Path) {
	v := o.member(key)
	at := o.at.Child(key)
	if v == nil || v.kind == 'z' {
		return nil, at
	}
	if v.kind != 'a' {
		o.wrong(key, "an array", v)
		return nil, at
	}
	return v.elems, at
}

// list returns the objects of the Alibaba-style wrapped list
// wrapper.item[] ("Instances": {"InstanceAttribute": [...]}). A missing or
// null wrapper or list is empty; an element that is not an object is an
// error.
func (o obj) list(wrapper, item string) []obj {
	w, ok := o.child(wrapper)
	if !ok {
		return nil
	}
	elems, at := w.array(item)
	var out []obj
	for i, e := range elems {
		if e.kind != 'o' {
			o.errs.Add(at.Index(i), fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(e)))
			continue
		}
		out = append(out, obj{n: e, at: at.Index(i), errs: o.errs})
	}
	return out
}

// strings returns the strings of the wrapped list wrapper.item[] with the
// path of each; an element that is not a string is an error.
func (o obj) strings(wrapper, item string) ([]string, []field.Path) {
	w, ok := o.child(wrapper)
	if !ok {
		return nil, nil
	}
	elems, at := w.array(item)
	var out []string
	var ats []field.Path
	for i, e := range elems {
		if e.kind != 's' {
			o.errs.Add(at.Index(i), fmt.Errorf("%w: want a string, got %s", ErrInvalid, typeName(e)))
			continue
		}
		out = append(out, e.str)
		ats = append(ats, at.Index(i))
	}
	return out, ats
}

package openapi

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// maxDepth bounds the nesting of a document: responses nest a few levels,
// and a bound keeps hostile input from exhausting the stack. No value, a
// string as much as an array, is nested deeper than maxDepth levels.
const maxDepth = 64

// node is one JSON value of a document, kept with its object keys in
// document order so that every value can be named by its path. A node is
// a value, not a pointer: the decoder keeps an object's members and an
// array's elements in one slice, so that a document of n values takes
// allocations for its containers, not for each of its values.
type node struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	b    bool
	str  string
	*kids
}

// kids are the members of an object or the elements of an array.
type kids struct {
	keys  []string
	vals  []node         // an object's members (by keys) or an array's elements
	index map[string]int // an object's member positions, when it has more than jsontree.SmallObject
	ascii bool           // every key is ASCII (false: not known)
}

// get returns the member named key of an object node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != 'o' {
		return nil
	}
	if n.index != nil {
		if i, ok := n.index[key]; ok {
			return &n.vals[i]
		}
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return &n.vals[i]
		}
	}
	return nil
}

// has reports whether an object node has a member named key.
func (n *node) has(key string) bool { return n.get(key) != nil }

// parse reads one JSON document into a tree made by b. Duplicate object
// keys, invalid UTF-8, trailing data and nesting deeper than maxDepth are
// errors, and so is malformed JSON, which stops the reading: every problem
// at once, each naming the JSON path below root where it was found, with
// its line and column (a *jsonlex.Error, matching ErrInvalid too), in the
// words every reader of the module uses. Paths are built only for errors,
// so that the cost stays linear in the document's size.
func parse(data []byte, root field.Path, b *build) (*node, error) {
	if b.dec == nil {
		b.dec = jsontree.NewDecoder[node](b, jsontree.Options{MaxDepth: maxDepth + 1, LeafDepth: true})
	}
	n, problems := b.dec.Parse(data)
	if problems != nil {
		return nil, jsontree.Errors(problems, root, ErrInvalid)
	}
	r := next(&b.roots)
	*r = n
	return r, nil
}

// parseText is parse for JSON held in a string of a document (a routing
// plug-in's data): a problem's line and column count in the string's
// text, not in the document, so they are told in its words ("JSON line 1,
// column 5: ...") and the problem has no position of its own.
func parseText(data []byte, root field.Path, b *build) (*node, error) {
	n, err := parse(data, root, b)
	if err == nil {
		return n, nil
	}
	var errs field.List
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		var je *jsonlex.Error
		if errors.As(e, &je) {
			e = fmt.Errorf("%w: JSON %s: %w", ErrInvalid, jsonlex.At(je.Line, je.Column), je.Err)
		}
		errs.Add(p, e)
	}
	return nil, errs.Err()
}

// build makes nodes for jsontree.Parse. The containers' members are
// allocated in chunks, not one each, and so are their slices and strings
// (by dec); a chunk, and with it the trees it holds, is freed when no node
// of it is left, so that one build serves the documents of a read one
// after another. The zero build is ready to use.
type build struct {
	chunk   []kids
	roots   []node                          // the documents' roots
	dec     *jsontree.Decoder[node, *build] // the decoder of the documents, made on first use
	asciiOf [8]keysASCII                    // see ascii
}

func (*build) Null() node           { return node{kind: 'z'} }
func (*build) Bool(b bool) node     { return node{kind: 'b', b: b} }
func (*build) Number(s string) node { return node{kind: 'n', str: s} }
func (*build) String(s string) node { return node{kind: 's', str: s} }
func (b *build) Array(elems []node) node {
	return node{kind: 'a', kids: b.kids(kids{vals: elems})}
}
func (b *build) Object(keys []string, vals []node, index map[string]int) node {
	return node{kind: 'o', kids: b.kids(kids{keys: keys, vals: vals, index: index, ascii: b.ascii(keys)})}
}

// ascii reports whether every key is ASCII, looked at once for each slice
// of keys that objects share (the decoder hands objects of the same keys
// one slice): asciiOf holds the last few slices seen, by their first key's
// address and their length, which the slices they hold keep to themselves.
func (b *build) ascii(keys []string) bool {
	if len(keys) == 0 {
		return true
	}
	seen := &b.asciiOf[uint(len(keys)*7+len(keys[0]))%uint(len(b.asciiOf))]
	if seen.first == &keys[0] && seen.n == len(keys) {
		return seen.ascii
	}
	ascii := true
	for _, k := range keys {
		for i := 0; i < len(k) && ascii; i++ {
			ascii = k[i] < utf8.RuneSelf
		}
	}
	*seen = keysASCII{&keys[0], len(keys), ascii}
	return ascii
}

// keysASCII is a slice of keys seen by build.ascii: its first key's
// address, its length, and whether every key is ASCII.
type keysASCII struct {
	first *string
	n     int
	ascii bool
}

// recycle lets the next documents reuse the memory of the trees read so
// far, but for their strings: call it only when no node of them is in use
// any more (Snapshot.read, before each document, as no node outlives the
// reading of its document).
func (b *build) recycle() {
	clear(b.chunk)
	clear(b.roots)
	b.chunk, b.roots = b.chunk[:0], b.roots[:0]
	if b.dec != nil {
		b.dec.Recycle()
	}
}

// kids returns k stored in the current chunk.
func (b *build) kids(k kids) *kids {
	p := next(&b.chunk)
	*p = k
	return p
}

// next returns a new zero value stored in *chunk, starting a chunk twice
// the last one's size (4 to 1024 values) when it is full: values that a
// read makes by the thousand are allocated a chunk at a time.
func next[T any](chunk *[]T) *T {
	if len(*chunk) == cap(*chunk) {
		*chunk = make([]T, 0, min(max(2*cap(*chunk), 4), 1024))
	}
	*chunk = append(*chunk, *new(T))
	return &(*chunk)[len(*chunk)-1]
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
	errs *reader
}

func (o obj) wrong(key, want string, got *node) {
	o.errs.Add(o.at.Child(key), fmt.Errorf("%w: want %s, got %s", ErrInvalid, want, typeName(got)))
}

// member returns the member key, or nil when it is missing. A member
// whose name differs from key only in case is an error: the wire's casing
// is part of its shape (VswitchId here, VSwitchId there), never guessed.
func (o obj) member(key string) *node {
	if n := o.n; n != nil && n.kind == 'o' && n.index == nil {
		// One scan finds the member, or else the first that differs
		// only in case: a member the shape has not costs no second.
		fold := -1
		for i, k := range n.keys {
			if len(k) != len(key) && n.ascii {
				continue
			}
			if k == key {
				return &n.vals[i]
			}
			if fold < 0 && strings.EqualFold(k, key) {
				fold = i
			}
		}
		if fold >= 0 {
			o.caseDiffers(n.keys[fold], key)
		}
		return nil
	}
	if v := o.n.get(key); v != nil {
		return v
	}
	for _, k := range o.n.keys {
		// Folding keeps the length of ASCII text (but the Kelvin sign
		// folds to k): the wire's names are ASCII.
		if (!o.n.ascii || len(k) == len(key)) && strings.EqualFold(k, key) {
			o.caseDiffers(k, key)
			break
		}
	}
	return nil
}

// caseDiffers records member k, which differs from key only in case.
func (o obj) caseDiffers(k, key string) {
	o.errs.Add(o.at.Key(k), fmt.Errorf("%w: %q where this response has %q", ErrInvalid, k, key))
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
	return obj{n: v, at: o.errs.child(o.at, key), errs: o.errs}, true
}

// array returns the elements of the array member key with their paths;
// missing or null is an empty list.
func (o obj) array(key string) ([]node, field.Path) {
	v := o.member(key)
	at := o.errs.child(o.at, key)
	if v == nil || v.kind == 'z' {
		return nil, at
	}
	if v.kind != 'a' {
		o.wrong(key, "an array", v)
		return nil, at
	}
	return v.vals, at
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
	out := make([]obj, 0, len(elems))
	for i := range elems {
		if e := &elems[i]; e.kind != 'o' {
			o.errs.Add(at.Index(i), fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(e)))
		} else {
			out = append(out, obj{n: e, at: o.errs.index(at, i), errs: o.errs})
		}
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
	for i := range elems {
		if e := &elems[i]; e.kind != 's' {
			o.errs.Add(at.Index(i), fmt.Errorf("%w: want a string, got %s", ErrInvalid, typeName(e)))
			continue
		}
		out = append(out, elems[i].str)
		ats = append(ats, o.errs.index(at, i))
	}
	return out, ats
}

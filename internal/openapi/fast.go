package openapi

import (
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/arena"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// The documents whose size grows with an account, a DescribeVpcAccesses
// page (of every authorization) and the DescribeApi of each API, are read
// straight from their bytes on internal/jsonlex, as internal/jsondecode
// reads a plan, instead of through a tree of every value. What is read is
// a pruned tree: every object keeps all its keys, in order, but only the
// values of the members that the readers of these kinds look at (a want);
// every other value is checked as the tree decoder checks it (its syntax,
// UTF-8, keys given twice however spelt, nesting) and kept as a
// placeholder. The readers (recognise, readApi, addPage) then run
// unchanged on the pruned tree: they see the same keys and the same
// values, so they find the same kind and the same resources. The elements
// of a page's list, of which there are many, are each read typed
// (vpcAccess), as readVpcAccess reads them, which decides nothing.
//
// A DescribeApi body is first read by a typed decoder of its own
// (fast_api.go), which gives up more readily; the pruned read is its
// fallback, and the tree theirs.
//
// The fast read gives up, and the document is read the tree's way, on
// anything out of the ordinary: a problem of the JSON, a document of
// another kind or of an envelope, or any problem that a reader reports
// (collected aside, in the fast read's own reader). So every problem of a
// document is found, and worded, by the tree path alone, and a document
// that reads without one gives the same Snapshot either way
// (TestFastAgreesWithTree, TestFastAgreesOnFixtures, TestApiFast,
// FuzzFastRead).

// want is what a fast read keeps of an object: the values of the members
// named, each a scalar (any JSON value but an object or array, which a
// reader of a scalar refuses: the read gives up) or an object or list
// read by a want of its own. The want of a list's elements has elem
// instead, which reads each element, an object, on its own; the list is
// kept without its elements, so that a page of many holds none.
type want struct {
	members []wanted
	elem    func(f *fastReader, depth int) bool // false: give up
	id      int                                 // its index among the wants (see numberWants)
}

// numberWants gives w and the wants below it their ids, from next on, and
// returns the next id free.
func numberWants(w *want, next int) int {
	w.id = next
	next++
	for _, m := range w.members {
		for _, sub := range [...]*want{m.obj, m.list} {
			if sub != nil {
				next = numberWants(sub, next)
			}
		}
	}
	return next
}

// wants is how many wants there are, each numbered once, when the package
// is initialised.
var wants = numberWants(topWant, 0)

// wanted is a member a want keeps: by obj when an object, by list (whose
// each is set) when an array of objects; a scalar when both are nil.
type wanted struct {
	name      string
	obj, list *want
}

// find returns the member named key, or nil.
func (w *want) find(key string) *wanted {
	for i := range w.members {
		if w.members[i].name == key {
			return &w.members[i]
		}
	}
	return nil
}

// scalars returns wanted scalars of the names.
func scalars(names ...string) []wanted {
	out := make([]wanted, len(names))
	for i, n := range names {
		out[i].name = n
	}
	return out
}

// topWant is what the readers of a DescribeVpcAccesses page (addPage, and
// vpcAccess for readVpcAccess) and of a DescribeApi body (readApi,
// directAddress) look at, the union of the two: the kind is known once
// the document's keys are all read.
var topWant = &want{members: append(scalars(
	"TotalCount", "PageSize", "PageNumber",
	"ApiId", "ApiName", "GroupId", "RegionId", "BackendEnable"),
	wanted{name: "VpcAccessAttributes", obj: &want{members: []wanted{{name: "VpcAccessAttribute", list: &want{elem: (*fastReader).vpcAccess}}}}},
	wanted{name: "BackendConfig", obj: &want{members: scalars("BackendId")}},
	wanted{name: "ServiceConfig", obj: &want{members: append(scalars("ServiceVpcEnable", "ServiceAddress", "Mock", "ServiceProtocol"),
		wanted{name: "VpcConfig", obj: &want{members: scalars("Name", "Port", "VpcId", "InstanceId", "VpcScheme")}})}},
)}

// unread is the kind of a pruned tree's placeholder: a value no reader of
// the fast kinds looks at. A reader that did would see neither a string,
// a number nor an object, and report it: the read would give up.
const unread = 'x'

// fastReader is the state of the fast reads of one Read, shared by its
// documents: scratch space, the strings' arena, and a reader of its own
// for the problems that make a read give up.
type fastReader struct {
	jsonlex.Lexer
	strs     arena.Arena
	interned [256]internedKey // keys read before, so that a key seen again is the same string
	escaped  internedKey      // the last key read with escapes
	keys     []string         // the keys of the open objects
	vals     []node           // the members of the open objects
	// The pruned trees' slices and members, reused from document to
	// document (and from element to element of a list): no node of a
	// pruned tree outlives its document.
	keyBlock []string
	valBlock []node
	kidBlock []kids
	dups     map[string]bool
	errs     reader // the readers' problems: any makes the read give up
	// The authorizations of the page being read, allocated in chunks.
	accesses    []*VpcAccessAttribute
	accessChunk []VpcAccessAttribute
	// pred holds, by want, the keys of the last object read of it whose
	// keys are distinct and plain: objects of one want mostly have the
	// same keys in the same order, and a key as predicted is read by a
	// comparison, without looking it up; an object of predicted keys
	// alone has no key twice. read holds the keys of the open objects
	// from the first that was not as predicted on, for pred.
	pred [][]keyPred
	read []keyPred
	// typedPred is pred for the objects read by members, by levelOf.
	typedPred [5][]keyPred
	// The root of the document being read (kept here, not on the heap
	// each).
	top node
}

// giveUp is false, for a read that gives up.
const giveUp = false

// readFast reads document i as read does when it is a DescribeVpcAccesses
// page or a DescribeApi body without an envelope and without a problem,
// and reports whether it did; false leaves s as it was, for the tree.
func (s *Snapshot) readFast(i int, data []byte, f *fastReader, access *accesses, errs *reader) bool {
	var ok bool
	f.top, ok = f.document(data)
	top := &f.top
	if !ok {
		return giveUp
	}
	var buf [4]Kind
	kinds := recognise(top, nil, buf[:0])
	if len(kinds) != 1 {
		return giveUp
	}
	k := kinds[0]
	switch k {
	case DescribeVpcAccesses:
		// The problems the tree path's items would report of the list
		// (its elements were read as they came).
		obj{n: top, errs: &f.errs}.list("VpcAccessAttributes", "VpcAccessAttribute")
		if !f.clean() {
			return giveUp
		}
		s.Kinds[i] = k
		doc := s.docPath(k, i, errs)
		var got []*VpcAccessAttribute
		if len(f.accesses) > 0 {
			at := errs.child(errs.child(doc, "VpcAccessAttributes"), "VpcAccessAttribute")
			got = f.accesses
			f.accesses, f.accessChunk = nil, nil // the Snapshot's now
			for j, v := range got {
				v.Place = Place{Doc: i, At: errs.index(at, j)}
			}
		}
		s.addAccesses(k, i, obj{n: top, at: doc, errs: errs}, nil, got, access, errs)
	case DescribeApi:
		// readApi places what it reads below the document's path (as
		// VpcUnknownAt): the tree's, made before it reads.
		doc := s.docPath(k, i, errs)
		a := readApi(obj{n: top, at: doc, errs: &f.errs})
		if !f.clean() {
			return giveUp
		}
		s.Kinds[i] = k
		s.addApi(i, a, doc, errs)
	default:
		return giveUp
	}
	return true
}

// rootKey reports whether k, a key of a document's root, may be one of a
// document whose shape is of the keys allowed: not of an envelope, and no
// other key by which recognise could find another kind (or that it looks
// into, as a wrapped list other than a page's, whose value the pruned
// tree does not keep). It is asked before the value is read, so that a
// document of another kind is not read twice.
func rootKey(k string, allowed shapeKeys) bool {
	return shapeKeyOf(k)&^allowed == 0 && k != "request" && k != "response"
}

// clean reports whether the readers run on the pruned tree found no
// problem, and forgets those they found.
func (f *fastReader) clean() bool {
	ok := len(f.errs.list) == 0 && len(f.errs.masked) == 0
	clear(f.errs.list)
	f.errs.list = f.errs.list[:0]
	clear(f.errs.masked)
	return ok
}

// vpcAccess reads an authorization of a page, the element of its list at
// Pos (an object), depth deep, typed, as readVpcAccess reads it: it gives
// up on anything readVpcAccess would report.
func (f *fastReader) vpcAccess(depth int) bool {
	v := next(&f.accessChunk)
	strs := [...]*string{&v.Name, &v.VpcId, &v.InstanceId, &v.VpcTargetHostName, &v.VpcAccessId}
	if !f.members(depth, vpcAccessNames, func(j, d int) bool {
		if j < len(strs) {
			return f.strTo(strs[j], d)
		}
		return f.portTo(&v.Port, d)
	}) {
		return giveUp
	}
	f.accesses = append(f.accesses, v)
	return true
}

// vpcAccessNames are the members readVpcAccess reads, the strings first.
var vpcAccessNames = []string{"Name", "VpcId", "InstanceId", "VpcTargetHostName", "VpcAccessId", "Port"}

// document reads data into a pruned tree of topWant: its root, an object,
// or false when the read gives up.
func (f *fastReader) document(data []byte) (node, bool) {
	f.Lexer = jsonlex.Lexer{Data: data, LoneSurrogates: true} // as the tree reads strings
	if len(f.accesses) > 0 {
		// A read that gave up: start again.
		clear(f.accesses)
		f.accesses, f.accessChunk = f.accesses[:0], nil
	}
	f.keys, f.vals = f.keys[:0], f.vals[:0]
	f.keyBlock, f.valBlock, f.kidBlock = f.keyBlock[:0], f.valBlock[:0], f.kidBlock[:0]
	if f.errs.masked == nil {
		f.errs.masked = map[field.Path]Masked{}
		f.pred = make([][]keyPred, wants)
	}
	f.read = f.read[:0]
	if jsonlex.HasBOM(data) || f.Peek() != '{' {
		return node{}, giveUp
	}
	top, ok := f.object(topWant, 0, true)
	if f.Space(); !ok || f.Pos != len(data) {
		return node{}, giveUp
	}
	return top, true
}

// object reads the object whose '{' is at Pos, depth containers deep,
// keeping what w wants of it (nothing when w is nil: the object is only
// checked, and a placeholder). With direct set, the node refers to the
// scratch space of the open objects, and is good only until the next
// value is read: for the root, and for an element of a list, handed over
// at once.
func (f *fastReader) object(w *want, depth int, direct bool) (node, bool) {
	f.Pos++
	kbase, pbase := len(f.keys), len(f.read)
	ascii := true
	var pred []keyPred // the keys of the last object of w, if distinct and plain
	if w != nil {
		pred = f.pred[w.id]
	}
	predicted, plain := true, true // every key as pred has it; every key plain
	if !f.Is('}') {
		for j := 0; ; j++ {
			if f.Peek() != '"' {
				return node{}, giveUp
			}
			var k keyPred
			if predicted && j < len(pred) && f.match(pred[j].s) {
				k = pred[j]
			} else {
				if predicted && w != nil {
					// The keys so far were as predicted: read holds
					// those read from here on.
					f.read = append(f.read, pred[:j]...)
				}
				predicted = false
				key, ok := f.key()
				if !ok {
					return node{}, giveUp
				}
				k = keyPred{s: key.s, ascii: key.ascii}
				plain = plain && key != &f.escaped
				if depth == 0 && !rootKey(k.s, kVpcAccessAttributes|kApiId|kGroupId) {
					return node{}, giveUp // before its value is read
				}
				if w != nil {
					if k.m = key.find(w); k.m != nil {
						k.s = k.m.name // the readers' own string: comparing it is comparing pointers
					}
				}
			}
			if !f.Is(':') {
				return node{}, giveUp
			}
			ascii = ascii && k.ascii
			v, ok := f.value(k.m, depth+1)
			if !ok {
				return node{}, giveUp
			}
			f.keys = append(f.keys, k.s)
			if w != nil {
				f.vals = append(f.vals, v)
				if !predicted {
					f.read = append(f.read, k)
				}
			}
			if f.Is('}') {
				break
			}
			if !f.Is(',') {
				return node{}, giveUp
			}
		}
	}
	keys := f.keys[kbase:]
	// Keys as a list of distinct keys has them are distinct.
	if !predicted && f.twice(keys) {
		return node{}, giveUp
	}
	if w == nil {
		f.keys = f.keys[:kbase]
		return node{kind: unread}, true
	}
	if !predicted && plain {
		f.pred[w.id] = append(pred[:0], f.read[pbase:]...)
	}
	f.read = f.read[:pbase]
	k := kids{keys: keys, vals: f.vals[kbase:], ascii: ascii}
	if len(keys) == 0 {
		k.keys, k.vals = nil, nil
	} else if !direct {
		at := len(f.keyBlock)
		f.keyBlock = append(f.keyBlock, keys...)
		k.keys = f.keyBlock[at:len(f.keyBlock):len(f.keyBlock)]
		at = len(f.valBlock)
		f.valBlock = append(f.valBlock, f.vals[kbase:]...)
		k.vals = f.valBlock[at:len(f.valBlock):len(f.valBlock)]
	}
	f.keys, f.vals = f.keys[:kbase], f.vals[:kbase]
	f.kidBlock = append(f.kidBlock, k)
	return node{kind: 'o', kids: &f.kidBlock[len(f.kidBlock)-1]}, true
}

// keyPred is a key read in an object of a want: its text (the want's
// member's name when it names one), whether it is ASCII, and the member.
type keyPred struct {
	s     string
	ascii bool
	m     *wanted
	j     int // for readApiFast: its index in the names of its object, -1 for none
}

// match reads the key at Pos when it is s, written plain, and reports
// whether it was.
func (f *fastReader) match(s string) bool {
	at, end := f.Pos+1, f.Pos+1+len(s)
	if end >= len(f.Data) || f.Data[end] != '"' || string(f.Data[at:end]) != s {
		return false
	}
	f.Pos = end + 1
	return true
}

// twice reports whether keys holds a key twice: by a scan while they are
// few, else with a map.
func (f *fastReader) twice(keys []string) bool {
	if len(keys) <= 16 {
		for i := 1; i < len(keys); i++ {
			for _, k := range keys[:i] {
				if k == keys[i] {
					return true
				}
			}
		}
		return false
	}
	if f.dups == nil {
		f.dups = map[string]bool{}
	}
	defer clear(f.dups)
	for _, k := range keys {
		if f.dups[k] {
			return true
		}
		f.dups[k] = true
	}
	return false
}

// key reads the object key at Pos. A key without escapes read before is
// the same string again, found in interned, which also remembers which
// member of the want last looked it up it names.
func (f *fastReader) key() (*internedKey, bool) {
	at := f.Pos
	end := jsonlex.PlainEnd(f.Data, at+1)
	if end <= at+1 {
		// Escaped (a copy of its own), not ASCII, or empty.
		raw, err := f.String()
		if err != nil {
			return nil, giveUp
		}
		f.escaped = internedKey{s: string(raw), ascii: isASCII(raw)}
		return &f.escaped, true
	}
	raw := f.Data[at+1 : end]
	f.Pos = end + 1
	h := uint(len(raw))*31 + uint(raw[0])*7 + uint(raw[len(raw)-1])*3 + uint(raw[len(raw)/2])
	slot := &f.interned[h%uint(len(f.interned))]
	if slot.s != string(raw) {
		*slot = internedKey{s: f.strs.String(raw), ascii: true}
	}
	return slot, true
}

// internedKey is a key read, and what it names in the want that last
// looked it up (a want is never nil when it has looked).
type internedKey struct {
	s     string
	ascii bool
	w     *want
	m     *wanted
}

// find returns the member of w that k names, or nil.
func (k *internedKey) find(w *want) *wanted {
	if k.w != w {
		k.w, k.m = w, w.find(k.s)
	}
	return k.m
}

// isASCII reports whether s is ASCII.
func isASCII(s []byte) bool {
	for _, c := range s {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// value reads the value at Pos (after white space), depth containers
// deep, as m wants it; nil m: checked and a placeholder.
func (f *fastReader) value(m *wanted, depth int) (node, bool) {
	if depth > maxDepth {
		return node{}, giveUp // the tree's TooDeep
	}
	switch c := f.Peek(); {
	case c == '{':
		if m == nil {
			return f.object(nil, depth, false)
		}
		if m.obj == nil {
			return node{}, giveUp
		}
		return f.object(m.obj, depth, false)
	case c == '[':
		if m != nil && m.list == nil {
			return node{}, giveUp
		}
		return f.array(m, depth)
	case c == '"':
		var s []byte
		var err error
		if end := jsonlex.PlainEnd(f.Data, f.Pos+1); end >= 0 {
			s, f.Pos = f.Data[f.Pos+1:end], end+1
		} else if s, err = f.String(); err != nil {
			return node{}, giveUp
		}
		if m == nil {
			return node{kind: unread}, true
		}
		return node{kind: 's', str: f.strs.String(s)}, true
	case c == '-' || c >= '0' && c <= '9':
		text, err := f.Number()
		if err != nil {
			return node{}, giveUp
		}
		if m == nil {
			return node{kind: unread}, true
		}
		return node{kind: 'n', str: f.strs.String(text)}, true
	}
	switch f.Literal() {
	case "null":
		return node{kind: 'z'}, true
	case "true":
		return node{kind: 'b', b: true}, true
	case "false":
		return node{kind: 'b'}, true
	}
	return node{}, giveUp
}

// array reads the array whose '[' is at Pos, depth containers deep: its
// elements, objects, each read by m.list's elem; nil m: checked and a placeholder. The array is kept without its
// elements.
func (f *fastReader) array(m *wanted, depth int) (node, bool) {
	f.Pos++
	if f.Is(']') {
		return f.noElements(m), true
	}
	for {
		if m == nil {
			if _, ok := f.value(nil, depth+1); !ok {
				return node{}, giveUp
			}
		} else {
			if depth+1 > maxDepth || f.Peek() != '{' {
				return node{}, giveUp
			}
			if !m.list.elem(f, depth+1) {
				return node{}, giveUp
			}
		}
		if f.Is(']') {
			return f.noElements(m), true
		}
		if !f.Is(',') {
			return node{}, giveUp
		}
	}
}

// noElements is a list read, kept without its elements; a placeholder for
// nil m.
func (f *fastReader) noElements(m *wanted) node {
	if m == nil {
		return node{kind: unread}
	}
	f.kidBlock = append(f.kidBlock, kids{ascii: true})
	return node{kind: 'a', kids: &f.kidBlock[len(f.kidBlock)-1]}
}

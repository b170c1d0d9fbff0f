package terraform

import (
	"slices"
	"strconv"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

// String returns the JSON name of the kind.
func (k Kind) String() string { return kindNames[k] }

// Value is a decoded JSON value. A nil *Value is an absent one. Values
// are never modified once decoded: null, true, false and the empty string
// are each one shared Value, strings and numbers of the same text read
// near each other may be one Value too, and so may arrays and objects of
// one or two such members (see build.small).
type Value struct {
	// Kind is the value's JSON type.
	Kind Kind
	// True is a boolean's value.
	True bool
	// Text is a string's text or a number's literal.
	Text string
	// Elems holds an array's elements, or an object's member values in
	// document order: Keys()[i] is the key of Elems[i].
	Elems []*Value

	obj *members // an object's keys; nil for other kinds and for {}
}

// members are the keys of an object, shared by the objects of a document
// that have the same keys: a Value is the smaller for not holding them,
// and a document's objects mostly have a few shapes.
type members struct {
	keys  []string       // unique, in document order
	index map[string]int // the keys' positions, for more than smallObject keys
	last  *Value         // the last object made of these keys, if small (see build.small)
}

// Keys returns an object's keys, unique, in document order (nil for any
// other value): Keys()[i] is the key of Elems[i]. The slice is shared and
// must not be modified.
func (v *Value) Keys() []string {
	if v == nil || v.obj == nil {
		return nil
	}
	return v.obj.keys
}

// smallObject is the most members an object has without an index: Get
// scans them.
const smallObject = jsontree.SmallObject

// Get returns the member key of an object, or nil when v is not an object
// or has no such member.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	if v.obj == nil {
		return nil
	}
	if v.obj.index != nil {
		if i, ok := v.obj.index[key]; ok {
			return v.Elems[i]
		}
		return nil
	}
	for i, k := range v.obj.keys {
		if k == key {
			return v.Elems[i]
		}
	}
	return nil
}

// IsNull reports whether v is absent or null.
func (v *Value) IsNull() bool { return v == nil || v.Kind == Null }

// Int returns the value of an integer number.
func (v *Value) Int() (int64, bool) {
	if v == nil || v.Kind != Number {
		return 0, false
	}
	n, err := strconv.ParseInt(v.Text, 10, 64)
	return n, err == nil
}

// Equal reports whether v and w are the same JSON value (numbers compared
// by their literal, objects by their members whatever their order).
func (v *Value) Equal(w *Value) bool {
	if v.IsNull() || w.IsNull() {
		return v.IsNull() == w.IsNull()
	}
	if v.Kind != w.Kind || v.Text != w.Text || v.True != w.True || len(v.Elems) != len(w.Elems) || len(v.Keys()) != len(w.Keys()) {
		return false
	}
	if v.Kind == Array {
		for i := range v.Elems {
			if !v.Elems[i].Equal(w.Elems[i]) {
				return false
			}
		}
		return true
	}
	if len(v.Keys()) <= 8 {
		for i, k := range v.Keys() {
			if !v.Elems[i].Equal(w.Get(k)) {
				return false
			}
		}
		return true
	}
	other := make(map[string]*Value, len(w.Keys()))
	for i, k := range w.Keys() {
		other[k] = w.Elems[i]
	}
	for i, k := range v.Keys() {
		if !v.Elems[i].Equal(other[k]) {
			return false
		}
	}
	return true
}

// Str returns a string value.
func Str(s string) *Value { return &Value{Kind: String, Text: s} }

// ErrSyntax matches a document that is not well-formed JSON: malformed,
// not UTF-8, empty, or with data after its value (internal/jsonlex's
// ErrSyntax).
var ErrSyntax = jsonlex.ErrSyntax

// ErrDuplicateKey matches an object key given twice: [field.ErrDuplicate].
var ErrDuplicateKey = field.ErrDuplicate

// maxDepth bounds the nesting of arrays and objects, as encoding/json's
// own decoder does.
const maxDepth = jsontree.DefaultMaxDepth

// maxDuplicates bounds the repeated keys reported one by one.
const maxDuplicates = jsontree.MaxDuplicates

// Parse decodes one JSON document (RFC 8259). Object keys given twice are
// errors (one per repeated key, at its path), and so are malformed JSON,
// invalid UTF-8, nesting deeper than 10000 and data after the document,
// which stop the decoding: every problem a *field.Error at its JSON path
// whose Err, a *jsonlex.Error, holds its line and column and says what is
// wrong in the words every reader of the module uses, joined. Strings
// decode as encoding/json decodes them (a lone UTF-16 surrogate escape
// becomes U+FFFD). The cost is linear in the document's size: paths are
// rendered only for errors.
func Parse(data []byte) (*Value, error) {
	v, problems := jsontree.Parse(data, &build{}, jsontree.Options{MaxDepth: maxDepth})
	if problems != nil {
		return nil, jsontree.Errors(problems, "", nil)
	}
	return v, nil
}

// build makes Values for jsontree.Parse, from slabs of slabSize: a
// document's values cost one allocation per slab, not one each, and null,
// true, false and the empty string none. A string or number whose text
// was read shortly before is the same Value again (Values are never
// modified): a plan repeats its types, names, zones and actions, and a
// Value is far larger than the text it holds.
type build struct {
	// slab holds the Values made, slab[used:] those to make: counting
	// them rather than reslicing keeps slab's pointer as it is, so that
	// making a Value costs no write barrier while the collector marks.
	slab    []Value
	used    int
	scalars [256]*Value // recent strings and numbers, by a hash of their text
	// shapes holds the members of objects made before, by a hash of their keys,
	// so that objects of the same keys (whose slices internal/jsontree
	// shares) share one members too.
	shapes    [64]*members
	shapeSlab []members
	shapeUsed int
	// lists holds recent arrays of one string or number, by a hash of
	// its text (see small).
	lists [64]*Value
}

// sameKeys reports whether a and b hold the same keys: at once when they
// are one slice (internal/jsontree hands out one slice for the objects of
// the same keys), else key by key.
func sameKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0] || slices.Equal(a, b)
}

// maxSmall is the most members of an array or object that small shares.
const maxSmall = 2

// small reports whether last, an array or object made before, has the
// same elements as elems, each a scalar or a literal, at most maxSmall:
// then it is the value again. A plan repeats such values in every
// resource of a kind (`"after_unknown":{"id":true}`, `"actions":["create"]`),
// and a Value is far larger than the pointers it holds; sharing those
// whose elements are the same Values, compared by pointer, costs no more
// than the comparison.
func small(last *Value, elems []*Value) bool {
	if last == nil || len(elems) == 0 || len(elems) > maxSmall || len(last.Elems) != len(elems) {
		return false
	}
	for i, e := range elems {
		if e != last.Elems[i] || e.Kind == Array || e.Kind == Object {
			return false
		}
	}
	return true
}

// slabSize is the Values of a slab: as many 56-byte Values as fit the
// runtime's 8 KB size class.
const slabSize = 146

// shapeSlabSize is the members of a slab of them: 2 KB.
const shapeSlabSize = 64

// The literals, shared.
var (
	nullValue  = &Value{Kind: Null}
	trueValue  = &Value{Kind: Bool, True: true}
	falseValue = &Value{Kind: Bool}
	emptyValue = &Value{Kind: String}
)

func (b *build) new(k Kind) *Value {
	if b.used == len(b.slab) {
		b.slab, b.used = make([]Value, slabSize), 0
	}
	v := &b.slab[b.used]
	b.used++
	v.Kind = k
	return v
}

// scalar returns a string or number Value of text s: the one in scalars
// when it has the same kind and text, else a new one, kept there.
func (b *build) scalar(k Kind, s string) *Value {
	if s == "" {
		if k == String {
			return emptyValue
		}
		v := b.new(k)
		return v
	}
	slot := &b.scalars[(uint(len(s))*31+uint(s[0])*7+uint(s[len(s)/2])*3+uint(s[len(s)-1])+uint(k))%uint(len(b.scalars))]
	if v := *slot; v != nil && v.Kind == k && v.Text == s {
		return v
	}
	v := b.new(k)
	v.Text = s
	*slot = v
	return v
}

func (b *build) Null() *Value { return nullValue }

func (b *build) Bool(t bool) *Value {
	if t {
		return trueValue
	}
	return falseValue
}

func (b *build) Number(s string) *Value { return b.scalar(Number, s) }

func (b *build) String(s string) *Value { return b.scalar(String, s) }

func (b *build) Array(e []*Value) *Value {
	var slot **Value
	if len(e) == 1 && (e[0].Kind == String || e[0].Kind == Number) && e[0].Text != "" {
		s := e[0].Text
		slot = &b.lists[(uint(len(s))*31+uint(s[0])*7+uint(s[len(s)/2])*3+uint(s[len(s)-1]))%uint(len(b.lists))]
		if small(*slot, e) {
			return *slot
		}
	}
	v := b.new(Array)
	v.Elems = e
	if slot != nil {
		*slot = v
	}
	return v
}

func (b *build) Object(keys []string, vals []*Value, index map[string]int) *Value {
	if len(keys) == 0 {
		v := b.new(Object)
		v.Elems = vals
		return v
	}
	k := keys[0]
	h := uint(len(keys))*7 + uint(len(k))
	if k != "" {
		h += uint(k[0])*3 + uint(k[len(k)-1])
	}
	slot := &b.shapes[h%uint(len(b.shapes))]
	m := *slot
	if m == nil || !sameKeys(m.keys, keys) {
		if b.shapeUsed == len(b.shapeSlab) {
			b.shapeSlab, b.shapeUsed = make([]members, shapeSlabSize), 0
		}
		m = &b.shapeSlab[b.shapeUsed]
		b.shapeUsed++
		m.keys, m.index = keys, index
		*slot = m
	} else if small(m.last, vals) {
		return m.last
	}
	v := b.new(Object)
	v.Elems, v.obj = vals, m
	if len(vals) <= maxSmall {
		m.last = v
	}
	return v
}

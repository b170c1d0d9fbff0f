// Package jsondecode reads a JSON document strictly into a Go value by
// reflection: the typed decoder behind the root's ParsePlan and
// ParseWaivers. It reports every problem at once, each with its JSON path,
// line and column, in the one vocabulary of internal/jsonlex, so that what
// a reader of the document sees is what the library reads: unknown fields,
// keys given twice (however spelt), nulls and values of the wrong type are
// problems, not silently dropped or overwritten.
//
// Nothing here does I/O or keeps state beyond one call of [Decode].
package jsondecode

import (
	"encoding"
	"errors"
	"net/netip"
	"reflect"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/arena"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// errStop ends the reading of a document whose syntax is broken.
var errStop = errors.New("stop")

// decoder reads one document into one value.
type decoder struct {
	jsonlex.Lexer
	stack  []pathNode     // the path to the value being read
	lines  *jsonlex.Lines // made at the first problem
	errs   []Problem
	types  map[reflect.Type]*typeInfo
	strs   arena.Arena
	checks []Check
	depth  int // the arrays and objects open
}

// MaxDepth is the most arrays and objects a value read into a Go value may
// be inside, as internal/jsontree's default: a type that holds itself
// (through a pointer or a slice) could otherwise be read as deep as the
// document nests, on the goroutine's stack.
const MaxDepth = jsontree.DefaultMaxDepth

// open counts an array or object opened at the current position, or stops
// the reading when it is inside MaxDepth others.
func (d *decoder) open() {
	if d.depth >= MaxDepth {
		d.stop(jsonlex.TooDeep(MaxDepth))
	}
	d.depth++
}

// Decode reads the JSON document data into v, strictly, and returns every
// problem met, in the order of the document: malformed JSON, invalid UTF-8,
// a byte order mark, data after the value, an array or object read into v
// inside more than [MaxDepth] others (these stop the reading); keys
// that name no field of a struct (matched with case), keys given twice
// however they are spelled, inside unknown fields' values too; null where
// an object or a scalar is expected, and values of the wrong JSON type (a
// null array is an absent one); numbers that are not integers or out of
// their field's range; CIDR blocks and addresses that cidr.ParsePrefix and
// cidr.ParseAddr reject, and text that a field's UnmarshalText rejects (an
// empty string is a value not given and is not parsed). A struct is read
// by its fields' JSON names, as encoding/json names them ([Fields]), and
// has fewer than 64 of them. checks are called as [Check] says.
//
// Decode keeps no part of data; v's strings are copied into a few shared
// blocks of memory (internal/arena). Its cost is linear in len(data).
func Decode(data []byte, v reflect.Value, checks ...Check) []Problem {
	d := decoder{Lexer: jsonlex.Lexer{Data: data}, types: map[reflect.Type]*typeInfo{}, checks: checks}
	d.document(v)
	return d.errs
}

// Problem is one problem of a document: the JSON path of the value, its
// line and column (counting from 1; the column in characters), and what is
// wrong, in the words of internal/jsonlex for the JSON itself.
type Problem struct {
	// Path is the value's JSON path; empty for the document itself.
	Path field.Path
	// Line and Column locate the problem, counting from 1.
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Check is a problem of a struct's value that no one member shows: when an
// object read into a value of Type gives the key Key, Err is called with
// the value once the object is read, and an error it returns is a problem
// placed at that key (the first time it is given).
type Check struct {
	// Type is the struct type checked.
	Type reflect.Type
	// Key is the JSON name of the field whose key calls Err.
	Key string
	// Err returns the problem of v, a value of Type once read, or nil.
	Err func(v reflect.Value) error
}

// fail records a problem at offset off.
func (d *decoder) fail(off int, err error) {
	line, col := d.position(off)
	d.errs = append(d.errs, Problem{Path: d.path(), Line: line, Column: col, Err: err})
}

// stop records a problem at the current position and stops the reading.
func (d *decoder) stop(err error) {
	d.fail(d.Pos, err)
	panic(errStop)
}

// position returns the line and column of offset off.
func (d *decoder) position(off int) (line, col int) { return d.positions().Position(off) }

// positions returns the positions of the document, made at the first
// problem and shared by all.
func (d *decoder) positions() *jsonlex.Lines {
	if d.lines == nil {
		d.lines = jsonlex.NewLines(d.Data)
	}
	return d.lines
}

// document reads the whole document into v.
func (d *decoder) document(v reflect.Value) {
	defer func() {
		if r := recover(); r != nil && r != errStop {
			panic(r)
		}
	}()
	if jsonlex.HasBOM(d.Data) {
		d.stop(jsonlex.ErrBOM)
	}
	d.Space()
	if d.Pos == len(d.Data) {
		d.stop(jsonlex.ErrEmpty)
	}
	d.value(v, d.typeOf(v.Type()))
	d.Space()
	if d.Pos < len(d.Data) {
		d.stop(jsonlex.Trailing())
	}
}

// expect reads the byte c, or stops.
func (d *decoder) expect(c byte) {
	if d.Peek() != c {
		d.stop(d.Want(strconv.QuoteRune(rune(c))))
	}
	d.Pos++
}

// The types read in a way of their own; never written.
var (
	prefixType = reflect.TypeFor[netip.Prefix]()
	addrType   = reflect.TypeFor[netip.Addr]()
	textType   = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// The JSON types, as value tells them apart.
const (
	jsonObject = iota
	jsonArray
	jsonString
	jsonBool
	jsonNumber
	jsonNull
	jsonNone // no JSON value starts so; for a type, none is read into it
)

// jsonNames name the JSON types in messages: "want an array, got a string"
// (jsonNone is never named: it stops the reading or has words of its own).
var jsonNames = [...]string{
	jsonObject: "an object",
	jsonArray:  "an array",
	jsonString: "a string",
	jsonBool:   "true or false",
	jsonNumber: "a number",
	jsonNull:   "null",
}

// How a type is read, beyond its reflect.Kind.
const (
	_ = iota // read by its reflect.Kind
	specialPrefix
	specialAddr
	specialText // a non-string type read with encoding.TextUnmarshaler
)

// typeInfo is what value needs to know of a type, found once per type and
// linked to the types inside it, so that reading a value looks nothing up.
type typeInfo struct {
	t       reflect.Type
	kind    reflect.Kind
	want    uint8 // the JSON type it is read from
	special uint8
	elem    *typeInfo   // a slice's element or a pointer's target, once looked at
	st      *structInfo // a struct's fields, once looked at

	// For slice types: a zeroed block to read an array's first elements
	// into, invalid while an array of the type is being read.
	first reflect.Value
}

// typeOf returns the typeInfo of t, made at its first use.
func (d *decoder) typeOf(t reflect.Type) *typeInfo {
	if ti, ok := d.types[t]; ok {
		return ti
	}
	ti := &typeInfo{t: t, kind: t.Kind(), want: jsonKind(t)}
	switch {
	case t == prefixType:
		ti.special = specialPrefix
	case t == addrType:
		ti.special = specialAddr
	case t.Kind() != reflect.String && reflect.PointerTo(t).Implements(textType):
		ti.special = specialText
	}
	d.types[t] = ti
	return ti
}

// elemOf returns the typeInfo of ti's element type.
func (d *decoder) elemOf(ti *typeInfo) *typeInfo {
	if ti.elem == nil {
		ti.elem = d.typeOf(ti.t.Elem())
	}
	return ti.elem
}

// jsonKind says which JSON type a Go type is read from.
func jsonKind(t reflect.Type) uint8 {
	if t == prefixType || t == addrType || reflect.PointerTo(t).Implements(textType) {
		return jsonString
	}
	switch t.Kind() {
	case reflect.String:
		return jsonString
	case reflect.Bool:
		return jsonBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return jsonNumber
	case reflect.Slice:
		return jsonArray
	case reflect.Pointer:
		return jsonKind(t.Elem()) // absent: nil; given: the value's own kind
	case reflect.Struct:
		return jsonObject
	}
	return jsonNone // floats, maps, interfaces, ...: not read
}

// gotKind says which JSON type the value starting with c is.
func gotKind(c byte) uint8 {
	switch c {
	case '{':
		return jsonObject
	case '[':
		return jsonArray
	case '"':
		return jsonString
	case 't', 'f':
		return jsonBool
	case 'n':
		return jsonNull
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return jsonNumber
	}
	return jsonNone
}

// value reads the JSON value at the current position into v, whose type is
// ti. A value of the wrong type is recorded and skipped.
func (d *decoder) value(v reflect.Value, ti *typeInfo) {
	t := ti.t
	c := d.Peek()
	start := d.Pos
	got := gotKind(c)
	if got == jsonNone {
		d.stop(d.Want("a value")) // as internal/jsontree words it
	}
	if ti.want == jsonNone {
		d.skipValue()
		d.fail(start, errors.New("this field cannot be read from JSON"))
		return
	}
	if c == 'n' && ti.want == jsonArray && d.Literal() == "null" {
		return // a null array is an absent one, as encoding/json writes a nil slice
	}
	if got != ti.want {
		d.skipValue()
		name := jsonNames[got]
		if got == jsonBool {
			name = "a boolean"
		}
		d.fail(start, errors.New("want "+jsonNames[ti.want]+", got "+name))
		return
	}
	switch ti.special {
	case specialPrefix:
		s := d.str()
		if s == "" {
			return
		}
		p, err := cidr.ParsePrefix(s)
		if err != nil {
			d.fail(start, err)
			return
		}
		*v.Addr().Interface().(*netip.Prefix) = p
		return
	case specialAddr:
		s := d.str()
		if s == "" {
			return
		}
		a, err := cidr.ParseAddr(s)
		if err != nil {
			d.fail(start, err)
			return
		}
		*v.Addr().Interface().(*netip.Addr) = a
		return
	case specialText:
		b := d.strBytes()
		if len(b) == 0 {
			return
		}
		// b may be the document's bytes: the plan's text types must copy
		// what they keep and change nothing (all of them do), as
		// encoding.TextUnmarshaler asks.
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(b); err != nil {
			d.fail(start, err)
		}
		return
	}
	switch ti.kind {
	case reflect.String:
		v.SetString(d.str())
	case reflect.Bool:
		switch d.Literal() {
		case "true":
			v.SetBool(true)
		case "false":
		default:
			d.stop(d.Want("true or false"))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		text := d.number()
		n, err := strconv.ParseInt(string(text), 10, t.Bits())
		if err != nil || v.OverflowInt(n) {
			d.fail(start, errors.New("want an integer from "+strconv.FormatInt(minInt(t), 10)+" to "+strconv.FormatInt(maxInt(t), 10)+", got "+string(text)))
			return
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		text := d.number()
		n, err := strconv.ParseUint(string(text), 10, t.Bits())
		if err != nil {
			d.fail(start, errors.New("want an integer from 0 to "+strconv.FormatUint(1<<t.Bits()-1, 10)+", got "+string(text)))
			return
		}
		v.SetUint(n)
	case reflect.Slice:
		d.array(v, ti)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.value(v.Elem(), d.elemOf(ti))
	case reflect.Struct:
		d.object(v, ti)
	}
}

// minInt and maxInt are the bounds of the signed integer type t.
func minInt(t reflect.Type) int64 { return -1 << (t.Bits() - 1) }
func maxInt(t reflect.Type) int64 { return 1<<(t.Bits()-1) - 1 }

// Sizes of the blocks array reads elements into.
const (
	blockFirst = 4
	blockMax   = 4096
)

// array reads a JSON array into the slice v, whose type is ti.
//
// Elements are read into blocks that double in size up to blockMax and are
// then copied once into a slice of the exact length: no element is copied
// twice, the plan keeps no spare capacity, and appending to one of its
// slices never writes into another. The first block is kept for the next
// array of the type, so that a short array costs one allocation.
func (d *decoder) array(v reflect.Value, ti *typeInfo) {
	d.open()
	d.expect('[')
	if d.Is(']') {
		v.Set(reflect.MakeSlice(ti.t, 0, 0))
		d.depth--
		return
	}
	elem := d.elemOf(ti)
	first := ti.first
	if first.IsValid() {
		ti.first = reflect.Value{} // an array of the type inside this one takes its own
	} else {
		first = reflect.MakeSlice(ti.t, blockFirst, blockFirst)
	}
	var full []reflect.Value // the blocks filled before block
	block, used := first, 0
	for n := 0; ; n++ {
		if used == block.Len() {
			full = append(full, block)
			size := min(2*used, blockMax)
			block, used = reflect.MakeSlice(ti.t, size, size), 0
		}
		d.stack = append(d.stack, pathNode{index: n})
		d.value(block.Index(used), elem)
		used++
		d.stack = d.stack[:len(d.stack)-1]
		switch d.Peek() {
		case ',':
			d.Pos++
			continue
		case ']':
			d.Pos++
		default:
			d.stop(d.Want("',' or ']' after an array element"))
		}
		// Grow may round the capacity up; SetCap takes it back down.
		v.SetZero()
		v.Grow(n + 1)
		v.SetLen(n + 1)
		v.SetCap(n + 1)
		if len(full) == 0 {
			reflect.Copy(v, block) // the used elements: v is no longer
		} else {
			at := 0
			for _, b := range append(full, block) {
				at += reflect.Copy(v.Slice(at, n+1), b)
			}
		}
		first.Clear()
		ti.first = first
		d.depth--
		return
	}
}

// pathNode is one step of the path to the value being read: an object
// member's key, by where it is in the document, or an array element's
// index. It holds no pointer, so keeping the path costs no write barrier.
type pathNode struct {
	keyAt int // the offset of the key's opening quote, when index < 0
	index int // the element's index, or -1
}

// path returns the path of the value being read, for an error. Keys are
// read again from the document: they were read once without a problem.
func (d *decoder) path() field.Path {
	var p field.Path
	for _, n := range d.stack {
		if n.index >= 0 {
			p = p.Index(n.index)
		} else {
			l := jsonlex.Lexer{Data: d.Data, Pos: n.keyAt}
			key, _ := l.String()
			p = p.Key(string(key))
		}
	}
	return p
}

// Fields calls f with each JSON field of struct type t, as
// encoding/json names them (the tag's name, else the field's; embedded
// structs without a name are flattened; unexported and "-" fields left
// out), in order, with its index path below index (for
// reflect.Value.FieldByIndex) and its type.
func Fields(t reflect.Type, index []int, f func(name string, index []int, t reflect.Type)) {
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		at := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			Fields(sf.Type, at, f)
			continue
		}
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f(name, at, sf.Type)
	}
}

// structInfo lists a struct's JSON fields, embedded structs' included.
type structInfo struct {
	names  []string
	fields [][]int // index paths, as for reflect.Value.FieldByIndex
	kinds  []*typeInfo
	known  string // the names, for messages
	check  int    // the field whose key calls checkF, or -1
	checkF func(reflect.Value) error
}

// info returns the fields of ti, a struct type.
func (d *decoder) info(ti *typeInfo) *structInfo {
	if ti.st != nil {
		return ti.st
	}
	si := &structInfo{check: -1}
	Fields(ti.t, nil, func(name string, index []int, t reflect.Type) {
		si.names = append(si.names, name)
		si.fields = append(si.fields, index)
		si.kinds = append(si.kinds, d.typeOf(t))
	})
	si.known = strings.Join(si.names, ", ")
	for _, c := range d.checks {
		if c.Type == ti.t {
			for k, n := range si.names {
				if n == c.Key {
					si.check, si.checkF = k, c.Err
				}
			}
		}
	}
	ti.st = si
	return si
}

// object reads a JSON object into the struct v, whose type is ti.
func (d *decoder) object(v reflect.Value, ti *typeInfo) {
	si := d.info(ti)
	start := d.Pos
	d.open()
	d.expect('{')
	if d.Is('}') {
		d.depth--
		return
	}
	var seen uint64            // the fields read; structs here have fewer than 64
	var firstAt []int          // where the fields read are, from the first key given twice on
	var unknown map[string]int // the unknown keys read, and where
	var checkAt *Problem       // where si's check's key is, once read
	for {
		if d.Peek() != '"' {
			d.stop(d.Want("an object key"))
		}
		keyAt := d.Pos
		kb := d.strBytes()
		d.expect(':')
		k := -1
		for i, n := range si.names {
			if n == string(kb) {
				k = i
				break
			}
		}
		d.stack = append(d.stack, pathNode{keyAt: keyAt, index: -1})
		switch {
		case k < 0:
			key := string(kb)
			if unknown == nil {
				unknown = map[string]int{}
			}
			if first, dup := unknown[key]; dup {
				d.fail(keyAt, jsonlex.Duplicate(d.position(first)))
			} else {
				unknown[key] = keyAt
				d.fail(keyAt, jsonlex.UnknownField(si.known))
			}
			d.skipValue()
		case k < 64 && seen&(1<<k) != 0:
			if firstAt == nil {
				firstAt = d.fieldsAt(si, start, keyAt)
			}
			d.fail(keyAt, jsonlex.Duplicate(d.position(firstAt[k])))
			d.skipValue()
		default:
			if k < 64 {
				seen |= 1 << k
			}
			if firstAt != nil {
				firstAt[k] = keyAt
			}
			if k == si.check && checkAt == nil {
				// Placed now, in the document's order, so that finding
				// lines stays linear.
				line, col := d.position(keyAt)
				checkAt = &Problem{Path: d.path(), Line: line, Column: col}
			}
			var f reflect.Value
			if at := si.fields[k]; len(at) == 1 {
				f = v.Field(at[0])
			} else {
				f = v.FieldByIndex(at)
			}
			d.value(f, si.kinds[k])
		}
		d.stack = d.stack[:len(d.stack)-1]
		switch d.Peek() {
		case ',':
			d.Pos++
		case '}':
			d.Pos++
			d.depth--
			if checkAt != nil {
				if err := si.checkF(v); err != nil {
					checkAt.Err = err
					d.errs = append(d.errs, *checkAt)
				}
			}
			return
		default:
			d.stop(d.Want("',' or '}' after an object member"))
		}
	}
}

// fieldsAt returns where the first key of each field of si lies in the
// object read from start up to end, the offset of a key: what the first
// key given twice in an object needs, found by reading the object again
// once, so that reading one without costs nothing.
func (d *decoder) fieldsAt(si *structInfo, start, end int) []int {
	at := make([]int, len(si.names))
	l := jsonlex.Lexer{Data: d.Data, Pos: start + 1}
	for l.Peek() == '"' && l.Pos < end {
		keyAt := l.Pos
		key, err := l.String()
		if err != nil || !l.Is(':') {
			break // read once without a problem: not met
		}
		for i, n := range si.names {
			if n == string(key) && at[i] == 0 {
				at[i] = keyAt
			}
		}
		if l.Peek(); l.Skip() != nil || !l.Is(',') {
			break
		}
	}
	return at
}

// str reads a JSON string and returns its value. Invalid UTF-8, raw control
// characters and malformed escapes stop the reading.
func (d *decoder) str() string { return d.strs.String(d.strBytes()) }

// strBytes reads a JSON string and returns its value: a slice of the
// document when it has no escapes, a new slice otherwise.
func (d *decoder) strBytes() []byte {
	if d.Peek() != '"' {
		d.stop(d.Want("a string"))
	}
	v, err := d.String()
	if err != nil {
		d.stop(err)
	}
	return v
}

// number reads a JSON number and returns its text, a slice of the document.
func (d *decoder) number() []byte {
	text, err := d.Number()
	if err != nil {
		d.stop(err)
	}
	return text
}

// skipValue reads over one JSON value of any type, as internal/jsontree
// reads it: its syntax, its strings and its keys given twice, each
// problem at its own path below the value's. A syntax problem stops the
// reading.
func (d *decoder) skipValue() {
	end, problems := jsontree.Skip(d.Data, d.Pos, d.positions(), jsontree.Options{StrictStrings: true})
	if problems != nil {
		at := d.path()
		for _, p := range problems {
			d.errs = append(d.errs, Problem{Path: at.Join(p.Path), Line: p.Line, Column: p.Column, Err: p.Err})
		}
		if k := problems[len(problems)-1].Kind; k != jsontree.Duplicate && k != jsontree.ManyDuplicates {
			panic(errStop)
		}
	}
	d.Pos = end
}

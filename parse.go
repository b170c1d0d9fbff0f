package vpcgate

import (
	"bytes"
	"encoding"
	"errors"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonstr"
)

// ErrInvalidPlan matches every problem [ParsePlan] finds in a document; each
// such problem is an [*InputError].
var ErrInvalidPlan = errors.New("invalid plan")

// InputError is one problem in a plan's document: where it is, by JSON path
// and by line and column, and what is wrong. It unwraps to [ErrInvalidPlan]
// and to the error behind it, such as [cidr.ErrInvalidPrefix].
type InputError struct {
	// Path is the JSON path of the value ("authorizations[3].addr"); empty
	// for the document itself.
	Path field.Path
	// Line and Column locate the problem in the document, counting from 1;
	// Column counts bytes.
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Error returns, for example, `authorizations[3].addr (line 12, column 20):
// invalid IP address "10.0.0.256": ...`.
func (e *InputError) Error() string {
	where := "line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column)
	if e.Path != "" {
		where = string(e.Path) + " (" + where + ")"
	}
	if e.Err == nil {
		return where + ": <nil>"
	}
	return where + ": " + e.Err.Error()
}

// Unwrap returns ErrInvalidPlan and Err.
func (e *InputError) Unwrap() []error { return []error{ErrInvalidPlan, e.Err} }

// ParsePlan reads a plan from its JSON document, strictly: it reports every
// problem at once, each an [*InputError] naming its JSON path and its line
// and column, joined with [errors.Join] and all matching [ErrInvalidPlan]:
//
//   - malformed JSON, invalid UTF-8, a UTF-8 byte order mark, and data after
//     the plan (these stop the reading);
//   - object keys that name no field (matched with case: "VpcId" is not
//     "vpcId") and keys given twice, however they are spelled ("addr" and
//     "\u0061ddr" are the same key), so that a reader of the document and
//     the check never see different values;
//   - null where an object or a scalar is expected, and values of the wrong
//     JSON type (a null plan is bad input, not an empty plan); a null array
//     is an absent one, as encoding/json writes a nil slice;
//   - numbers that are not integers or out of their field's range (a port
//     is 0 to 65535);
//   - CIDR blocks and addresses that [cidr.ParsePrefix] or [cidr.ParseAddr]
//     reject (host bits, IPv6 zones, IPv4-mapped prefixes; a mapped address
//     is read as the IPv4 address it maps), and kinds, policies
//     and the like that their parsers reject.
//
// An empty string stands for a value not given, which [Check] reports when
// the value is required. A plan that mixes the single-instance form
// (instance, vpc, accessible) with the multi-instance form (instances, vpcs)
// is an error, and so are an instance's connectCidrBlocks (the blocks an
// instance in the cloud reaches) without "exists": true. The JSON of
// "terraform show -json" ([IsTerraformPlan]) is one problem that says to
// read it with [ReadTerraformPlan]. ParsePlan does not keep data; its cost is linear in the
// document's size. The plan's strings are copied into a few shared blocks
// of memory (64 KiB at most each), which stay allocated while any of them
// is in use.
func ParsePlan(data []byte) (Plan, error) {
	var p Plan
	d := decoder{line: 1, data: data, types: map[reflect.Type]*typeInfo{}}
	d.document(reflect.ValueOf(&p).Elem())
	if (p.Instance != nil || p.VPC != nil || p.Accessible != nil) && (p.Instances != nil || p.VPCs != nil) {
		d.errs = append(d.errs, &InputError{Path: "instances", Line: 1, Column: 1,
			Err: errors.New("a plan has either instance, vpc and accessible (one instance) or instances and vpcs (several), not both")})
	}
	if len(d.errs) > 0 {
		if IsTerraformPlan(data) {
			return Plan{}, &InputError{Line: 1, Column: 1, Err: errTerraformPlan}
		}
		return Plan{}, errors.Join(d.errs...)
	}
	return p, nil
}

// errTerraformPlan is ParsePlan's one problem with a Terraform plan.
var errTerraformPlan = errors.New(`this is the JSON of "terraform show -json" (it has format_version and terraform_version), not a plan: read it with ReadTerraformPlan`)

// IsTerraformPlan reports whether data is, at its top level, the JSON of
// "terraform show -json": an object with both "format_version" and
// "terraform_version", which [ReadTerraformPlan] reads and [ParsePlan]
// refuses (its one problem then says so). Only the top-level keys are
// looked at; malformed JSON is no Terraform plan. It costs at most one
// pass over data.
func IsTerraformPlan(data []byte) (is bool) {
	d := decoder{line: 1, data: data, types: map[reflect.Type]*typeInfo{}}
	defer func() {
		if r := recover(); r != nil && r != errStop {
			panic(r)
		}
	}()
	d.skipSpace()
	if d.peek() != '{' {
		return false
	}
	d.pos++
	format, version := false, false
	for d.peek() == '"' {
		switch string(d.strBytes()) {
		case "format_version":
			format = true
		case "terraform_version":
			version = true
		}
		if format && version {
			return true
		}
		d.expect(':')
		d.skipValue()
		if d.peek() != ',' {
			break
		}
		d.pos++
	}
	return false
}

// errStop ends the reading of a document whose syntax is broken.
var errStop = errors.New("stop")

type decoder struct {
	stack []pathNode // the path to the value being read
	// the line of offset lineAt, and where that line starts, for position
	line, lineAt, lineStart int
	data                    []byte
	pos                     int
	errs                    []error
	types                   map[reflect.Type]*typeInfo
	strs                    arena
}

// fail records a problem at offset off.
func (d *decoder) fail(off int, err error) {
	line, col := d.position(off)
	d.errs = append(d.errs, &InputError{Path: d.path(), Line: line, Column: col, Err: err})
}

// syntax records a syntax problem and stops the reading.
func (d *decoder) syntax(msg string) {
	d.fail(d.pos, errors.New(msg))
	panic(errStop)
}

// position returns the line and column of offset off, counting on from
// the last position asked for when off is after it, so that many problems
// cost time linear in the document.
func (d *decoder) position(off int) (line, col int) {
	off = min(max(off, 0), len(d.data))
	if off < d.lineAt {
		d.line, d.lineAt, d.lineStart = 1, 0, 0
	}
	seg := d.data[d.lineAt:off]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		d.line += n
		d.lineStart = d.lineAt + bytes.LastIndexByte(seg, '\n') + 1
	}
	d.lineAt = off
	return d.line, off - d.lineStart + 1
}

func (d *decoder) document(v reflect.Value) {
	defer func() {
		if r := recover(); r != nil && r != errStop {
			panic(r)
		}
	}()
	if bytes.HasPrefix(d.data, []byte("\xef\xbb\xbf")) {
		d.syntax("the document starts with a UTF-8 byte order mark (BOM); save it without one")
	}
	d.skipSpace()
	if d.pos == len(d.data) {
		d.syntax("empty document: want a JSON object")
	}
	d.value(v, d.typeOf(v.Type()))
	d.skipSpace()
	if d.pos < len(d.data) {
		d.syntax("data after the plan's JSON object")
	}
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (d *decoder) peek() byte {
	if d.pos < len(d.data) && d.data[d.pos] > ' ' {
		return d.data[d.pos] // no space to skip: the common case
	}
	d.skipSpace()
	if d.pos == len(d.data) {
		return 0
	}
	return d.data[d.pos]
}

func (d *decoder) expect(c byte) {
	if d.peek() != c {
		d.syntax("malformed JSON: want " + strconv.QuoteRune(rune(c)) + ", got " + d.found())
	}
	d.pos++
}

// found describes what is at the current position, for syntax errors.
func (d *decoder) found() string {
	if d.pos >= len(d.data) {
		return "the end of the document"
	}
	r, _ := utf8.DecodeRune(d.data[d.pos:])
	return strconv.QuoteRune(r)
}

var (
	prefixType   = reflect.TypeFor[netip.Prefix]()
	addrType     = reflect.TypeFor[netip.Addr]()
	textType     = reflect.TypeFor[encoding.TextUnmarshaler]()
	instanceType = reflect.TypeFor[Instance]()
)

// The JSON types, as value tells them apart.
const (
	jsonObject = iota
	jsonArray
	jsonString
	jsonBool
	jsonNumber
	jsonNull
)

// jsonNames name the JSON types in messages: "want an array, got a string".
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
	}
	return jsonObject
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
	}
	return jsonNumber
}

// value reads the JSON value at the current position into v, whose type is
// ti. A value of the wrong type is recorded and skipped.
func (d *decoder) value(v reflect.Value, ti *typeInfo) {
	t := ti.t
	c := d.peek()
	start := d.pos
	if c == 0 {
		d.syntax("malformed JSON: unexpected end of the document")
	}
	if c == 'n' && ti.want == jsonArray && bytes.HasPrefix(d.data[d.pos:], []byte("null")) {
		d.pos += 4 // a null array is an absent one, as encoding/json writes a nil slice
		return
	}
	if got := gotKind(c); got != ti.want {
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
		if bytes.HasPrefix(d.data[d.pos:], []byte("true")) {
			d.pos += 4
			v.SetBool(true)
		} else if bytes.HasPrefix(d.data[d.pos:], []byte("false")) {
			d.pos += 5
		} else {
			d.syntax("malformed JSON: want true or false")
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
	default:
		d.skipValue()
		d.fail(start, errors.New("this field cannot be read from JSON"))
	}
}

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
	d.expect('[')
	if d.peek() == ']' {
		d.pos++
		v.Set(reflect.MakeSlice(ti.t, 0, 0))
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
		switch d.peek() {
		case ',':
			d.pos++
			continue
		case ']':
			d.pos++
		default:
			d.syntax("malformed JSON: want ',' or ']' after an array element, got " + d.found())
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
			key, _, _, _ := jsonstr.Read(d.data, n.keyAt+1, jsonstr.Options{})
			p = p.Key(string(key))
		}
	}
	return p
}

// structInfo lists a struct's JSON fields, embedded structs' included.
type structInfo struct {
	names  []string
	fields [][]int // index paths, as for reflect.Value.FieldByIndex
	kinds  []*typeInfo
	known  string // the names, for messages
}

// info returns the fields of ti, a struct type.
func (d *decoder) info(ti *typeInfo) *structInfo {
	if ti.st != nil {
		return ti.st
	}
	si := &structInfo{}
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			at := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, at)
				continue
			}
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			si.names = append(si.names, name)
			si.fields = append(si.fields, at)
			si.kinds = append(si.kinds, d.typeOf(f.Type))
		}
	}
	walk(ti.t, nil)
	si.known = strings.Join(si.names, ", ")
	ti.st = si
	return si
}

func (d *decoder) object(v reflect.Value, ti *typeInfo) {
	si := d.info(ti)
	d.expect('{')
	if d.peek() == '}' {
		d.pos++
		return
	}
	var seen uint64             // the fields read; structs here have fewer than 64
	var unknown map[string]bool // the unknown keys read
	var connect *InputError     // in an instance: the problem if its connectCidrBlocks should not be there
	for {
		if d.peek() != '"' {
			d.syntax("malformed JSON: want an object key, got " + d.found())
		}
		keyAt := d.pos
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
				unknown = map[string]bool{}
			}
			dup := unknown[key]
			unknown[key] = true
			if dup {
				d.fail(keyAt, errors.New("key given twice"))
			} else {
				d.fail(keyAt, errors.New("unknown field; the fields here are "+si.known))
			}
			d.skipValue()
		case k < 64 && seen&(1<<k) != 0:
			d.fail(keyAt, errors.New("key given twice; a reader could see one value and the check another"))
			d.skipValue()
		default:
			if k < 64 {
				seen |= 1 << k
			}
			if ti.t == instanceType && si.names[k] == "connectCidrBlocks" {
				// Placed now, in the document's order, so that finding
				// lines stays linear.
				line, col := d.position(keyAt)
				connect = &InputError{Path: d.path(), Line: line, Column: col, Err: errConnectNotExists}
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
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			if connect != nil {
				if in := v.Addr().Interface().(*Instance); len(in.ConnectCidrBlocks) > 0 && !in.Exists {
					d.errs = append(d.errs, connect)
				}
			}
			return
		default:
			d.syntax("malformed JSON: want ',' or '}' after an object member, got " + d.found())
		}
	}
}

// errConnectNotExists is the problem of blocks the cloud holds given for an
// instance to create: Check would ignore them, and a reader of the document
// and the check would see different accessible blocks.
var errConnectNotExists = errors.New(`connectCidrBlocks are the blocks an instance in the cloud reaches now: set "exists": true, or list the blocks to add in accessible`)

// str reads a JSON string and returns its value. Invalid UTF-8, raw control
// characters and malformed escapes stop the reading.
func (d *decoder) str() string { return d.strs.string(d.strBytes()) }

// strBytes reads a JSON string and returns its value: a slice of the
// document when it has no escapes, a new slice otherwise.
func (d *decoder) strBytes() []byte {
	d.expect('"')
	v, end, p, at := jsonstr.Read(d.data, d.pos, jsonstr.Options{})
	if p != jsonstr.OK {
		d.pos = at
		msg := strProblems[p]
		if p == jsonstr.BadEscape {
			msg += string(rune(d.data[at+1]))
		}
		d.syntax(msg)
	}
	d.pos = end
	return v
}

// strProblems says what a jsonstr.Problem is, for syntax errors.
var strProblems = [...]string{
	jsonstr.Unterminated:  "malformed JSON: unterminated string",
	jsonstr.Control:       "malformed JSON: a control character in a string must be escaped",
	jsonstr.BadEscape:     "malformed JSON: invalid escape \\",
	jsonstr.BadHex:        "malformed JSON: want four hex digits after \\u",
	jsonstr.LoneSurrogate: "invalid UTF-16 surrogate escape in a string",
	jsonstr.BadUTF8:       "invalid UTF-8 in a string",
}

// number reads a JSON number and returns its text, a slice of the document.
func (d *decoder) number() []byte {
	start := d.pos
	i := d.pos
	if i < len(d.data) && d.data[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(d.data) && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	intStart := i
	if digits() == 0 || d.data[intStart] == '0' && i-intStart > 1 {
		d.syntax("malformed JSON: invalid number")
	}
	if i < len(d.data) && d.data[i] == '.' {
		i++
		if digits() == 0 {
			d.pos = i
			d.syntax("malformed JSON: invalid number")
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			d.pos = i
			d.syntax("malformed JSON: invalid number")
		}
	}
	d.pos = i
	return d.data[start:i]
}

// skipValue reads over one JSON value of any type, checking its syntax, and
// checks duplicate keys in its objects too. Nesting is followed with a stack
// of its own, so that deep input costs no Go stack.
func (d *decoder) skipValue() {
	type frame struct {
		obj  bool
		keys map[string]bool
	}
	var stack []frame
	for {
		switch c := d.peek(); c {
		case '{':
			d.pos++
			stack = append(stack, frame{obj: true})
			if d.peek() == '}' {
				d.pos++
				stack = stack[:len(stack)-1]
				break
			}
			d.skipKey(&stack[len(stack)-1].keys)
			continue
		case '[':
			d.pos++
			stack = append(stack, frame{})
			if d.peek() == ']' {
				d.pos++
				stack = stack[:len(stack)-1]
				break
			}
			continue
		case '"':
			d.str()
		case 't', 'f', 'n':
			ok := false
			for _, lit := range []string{"true", "false", "null"} {
				if bytes.HasPrefix(d.data[d.pos:], []byte(lit)) {
					d.pos += len(lit)
					ok = true
					break
				}
			}
			if !ok {
				d.syntax("malformed JSON: unexpected " + d.found())
			}
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			d.number()
		default:
			d.syntax("malformed JSON: want a value, got " + d.found())
		}
		// After a value: close finished containers, or move to the next element.
		for {
			if len(stack) == 0 {
				return
			}
			top := &stack[len(stack)-1]
			c := d.peek()
			if c == ',' {
				d.pos++
				if top.obj {
					d.skipKey(&top.keys)
				}
				break
			}
			if top.obj && c == '}' || !top.obj && c == ']' {
				d.pos++
				stack = stack[:len(stack)-1]
				continue
			}
			d.syntax("malformed JSON: unexpected " + d.found())
		}
	}
}

// skipKey reads an object key and its colon inside a skipped value, and
// reports a key given twice.
func (d *decoder) skipKey(keys *map[string]bool) {
	if d.peek() != '"' {
		d.syntax("malformed JSON: want an object key, got " + d.found())
	}
	off := d.pos
	k := d.str()
	if *keys == nil {
		*keys = map[string]bool{}
	}
	if (*keys)[k] {
		d.fail(off, errors.New("key "+strconv.Quote(k)+" given twice"))
	}
	(*keys)[k] = true
	d.expect(':')
}

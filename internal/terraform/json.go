// Package terraform decodes the JSON that `terraform show -json` prints for
// a saved plan: the parts the alicloud checks need, into small structs named
// after the wire, and resolves an attribute's value through the
// configuration's references when the plan knows it only after apply.
//
// Decoding is strict where the reader depends on the document (malformed
// JSON, duplicate object keys, a wrong JSON type at a path that is read, a
// format_version it does not understand) and lenient elsewhere: fields the
// format adds later are ignored. Every problem names its JSON path in the
// document. Nothing here performs I/O or keeps state.
package terraform

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonstr"
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

// Value is a decoded JSON value. A nil *Value is an absent one.
type Value struct {
	Kind Kind
	// Text is a string's text or a number's literal.
	Text string
	// True is a boolean's value.
	True bool
	// Elems holds an array's elements.
	Elems []*Value
	// Keys and Vals hold an object's members in document order; the keys
	// are unique.
	Keys []string
	Vals []*Value

	index map[string]int // an object's member positions by key, for objects of more than smallObject members
}

// smallObject is the most members an object has without an index: Get
// scans them.
const smallObject = 16

// Get returns the member key of an object, or nil when v is not an object
// or has no such member.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	if v.index != nil {
		if i, ok := v.index[key]; ok {
			return v.Vals[i]
		}
		return nil
	}
	for i, k := range v.Keys {
		if k == key {
			return v.Vals[i]
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
	if v.Kind != w.Kind || v.Text != w.Text || v.True != w.True || len(v.Elems) != len(w.Elems) || len(v.Keys) != len(w.Keys) {
		return false
	}
	for i := range v.Elems {
		if !v.Elems[i].Equal(w.Elems[i]) {
			return false
		}
	}
	if len(v.Keys) <= 8 {
		for i, k := range v.Keys {
			if !v.Vals[i].Equal(w.Get(k)) {
				return false
			}
		}
		return true
	}
	other := make(map[string]*Value, len(w.Keys))
	for i, k := range w.Keys {
		other[k] = w.Vals[i]
	}
	for i, k := range v.Keys {
		if !v.Vals[i].Equal(other[k]) {
			return false
		}
	}
	return true
}

// Str returns a string value.
func Str(s string) *Value { return &Value{Kind: String, Text: s} }

// ErrSyntax matches a document that is not well-formed JSON.
var ErrSyntax = errors.New("malformed JSON")

// ErrDuplicateKey matches an object key given twice.
var ErrDuplicateKey = errors.New("key given twice")

// maxDepth bounds the nesting of arrays and objects, as encoding/json's
// own decoder does.
const maxDepth = 10000

// Parse decodes one JSON document (RFC 8259). Object keys given twice are
// errors (one per repeated key, at its path), and so are malformed JSON,
// invalid UTF-8, nesting deeper than 10000 and data after the document,
// which stop the decoding; the errors are *field.Error values joined, each
// syntax error with its line and column. Strings decode as encoding/json
// decodes them (a lone UTF-16 surrogate escape becomes U+FFFD). The cost is
// linear in the document's size: paths are rendered only for errors.
func Parse(data []byte) (*Value, error) {
	if !utf8.Valid(data) {
		return nil, field.New("", fmt.Errorf("%w: invalid UTF-8", ErrSyntax))
	}
	d := &decoder{data: data}
	d.space()
	if v, ok := d.value(); ok {
		d.space()
		if d.pos < len(d.data) {
			d.syntax("data after the document")
		}
		if err := d.errs.Err(); err == nil {
			return v, nil
		}
	}
	return nil, d.errs.Err()
}

// step is one step of the decoder's current path: an object key, or an
// array index when isIndex.
type step struct {
	key     string
	index   int
	isIndex bool
}

type decoder struct {
	data  []byte
	pos   int
	errs  field.List
	stack []step
	dups  int
}

// path renders the current path.
func (d *decoder) path() field.Path {
	var p field.Path
	for _, s := range d.stack {
		if s.isIndex {
			p = p.Index(s.index)
		} else {
			p = p.Key(s.key)
		}
	}
	return p
}

// syntax records a syntax error at the current position.
func (d *decoder) syntax(msg string) {
	if d.pos >= len(d.data) && msg == "" {
		msg = "unexpected end of the document"
	}
	line, col := position(d.data, d.pos)
	d.errs.Add(d.path(), fmt.Errorf("%w at line %d, column %d: %s", ErrSyntax, line, col, msg))
}

// unexpected records the byte at the current position as unexpected.
func (d *decoder) unexpected(want string) {
	if d.pos >= len(d.data) {
		d.syntax("")
		return
	}
	r, _ := utf8.DecodeRune(d.data[d.pos:])
	d.syntax(fmt.Sprintf("invalid character %q, want %s", r, want))
}

// position returns the 1-based line and column (in bytes) of offset off.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	return line, off - bytes.LastIndexByte(before, '\n')
}

// space skips JSON white space.
func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// value decodes the value at the current position; false means decoding
// stopped.
func (d *decoder) value() (*Value, bool) {
	if d.pos >= len(d.data) {
		d.syntax("")
		return nil, false
	}
	switch c := d.data[d.pos]; {
	case c == '{' || c == '[':
		if len(d.stack) >= maxDepth {
			d.syntax(fmt.Sprintf("exceeded max depth of %d", maxDepth))
			return nil, false
		}
		d.pos++
		if c == '[' {
			return d.array()
		}
		return d.object()
	case c == '"':
		s, ok := d.str()
		return &Value{Kind: String, Text: s}, ok
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	for _, lit := range [...]struct {
		text string
		v    Value
	}{{"true", Value{Kind: Bool, True: true}}, {"false", Value{Kind: Bool}}, {"null", Value{}}} {
		if bytes.HasPrefix(d.data[d.pos:], []byte(lit.text)) {
			d.pos += len(lit.text)
			v := lit.v
			return &v, true
		}
	}
	d.unexpected("a value")
	return nil, false
}

func (d *decoder) array() (*Value, bool) {
	v := &Value{Kind: Array}
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return v, true
	}
	for {
		d.space()
		d.stack = append(d.stack, step{index: len(v.Elems), isIndex: true})
		e, ok := d.value()
		if !ok {
			return nil, false
		}
		d.stack = d.stack[:len(d.stack)-1]
		v.Elems = append(v.Elems, e)
		if !d.next(']') {
			return nil, false
		}
		if d.data[d.pos-1] == ']' {
			return v, true
		}
	}
}

// next consumes a ',' or the closing byte end, after white space.
func (d *decoder) next(end byte) bool {
	d.space()
	if d.pos < len(d.data) && (d.data[d.pos] == ',' || d.data[d.pos] == end) {
		d.pos++
		return true
	}
	d.unexpected(fmt.Sprintf("',' or '%c'", end))
	return false
}

func (d *decoder) object() (*Value, bool) {
	v := &Value{Kind: Object}
	var seen map[string]int
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return v, true
	}
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			d.unexpected("a string key")
			return nil, false
		}
		k, ok := d.str()
		if !ok {
			return nil, false
		}
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			d.unexpected("':'")
			return nil, false
		}
		d.pos++
		d.space()
		d.stack = append(d.stack, step{key: k})
		e, ok := d.value()
		if !ok {
			return nil, false
		}
		if seen == nil {
			seen = make(map[string]int)
		}
		if _, dup := seen[k]; dup {
			d.duplicate()
		} else {
			seen[k] = len(v.Keys)
			v.Keys = append(v.Keys, k)
			v.Vals = append(v.Vals, e)
		}
		d.stack = d.stack[:len(d.stack)-1]
		if !d.next('}') {
			return nil, false
		}
		if d.data[d.pos-1] == '}' {
			if len(v.Keys) > smallObject {
				v.index = seen
			}
			return v, true
		}
	}
}

// str decodes the string starting at the current '"', as encoding/json
// does: lone surrogate escapes read as U+FFFD and other bytes as they are.
func (d *decoder) str() (string, bool) {
	v, end, p, at := jsonstr.Read(d.data, d.pos+1, jsonstr.Options{Lenient: true})
	switch p {
	case jsonstr.OK:
		d.pos = end
		return string(v), true
	case jsonstr.Control:
		d.pos = at
		d.syntax(fmt.Sprintf("control character %q in a string", d.data[at]))
	case jsonstr.BadHex:
		d.pos = at
		d.syntax("invalid \\u escape")
	case jsonstr.BadEscape:
		d.pos = at
		d.syntax(fmt.Sprintf("invalid escape %q", "\\"+string(d.data[at+1])))
	default: // unterminated
		d.pos = len(d.data)
		d.syntax("")
	}
	return "", false
}

// number decodes a number with JSON's grammar, keeping its literal.
func (d *decoder) number() (*Value, bool) {
	start, i := d.pos, d.pos
	digits := func() int {
		j := i
		for i < len(d.data) && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
		}
		return i - j
	}
	if d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case digits() == 0:
		d.pos = i
		d.unexpected("a digit")
		return nil, false
	}
	if i < len(d.data) && d.data[i] == '.' {
		i++
		if digits() == 0 {
			d.pos = i
			d.unexpected("a digit")
			return nil, false
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			d.pos = i
			d.unexpected("a digit")
			return nil, false
		}
	}
	d.pos = i
	return &Value{Kind: Number, Text: string(d.data[start:i])}, true
}

// maxDuplicates bounds the repeated keys reported one by one, so that a
// hostile document cannot make the report quadratic (each path is as long
// as the nesting).
const maxDuplicates = 100

// duplicate reports the key at the current path as given twice.
func (d *decoder) duplicate() {
	d.dups++
	switch {
	case d.dups <= maxDuplicates:
		d.errs.Add(d.path(), ErrDuplicateKey)
	case d.dups == maxDuplicates+1:
		d.errs.Add("", fmt.Errorf("%w: more than %d keys given twice; the rest are not listed", ErrDuplicateKey, maxDuplicates))
	}
}

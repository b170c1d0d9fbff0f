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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
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
}

// Get returns the member key of an object, or nil when v is not an object
// or has no such member.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
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

// Parse decodes one JSON document. Object keys given twice are errors (one
// per repeated key, at its path), and so are malformed JSON, invalid UTF-8,
// nesting deeper than 10000 and data after the document, which stop the
// decoding; the errors are *field.Error values joined. The cost is linear
// in the document's size: paths are rendered only for errors.
func Parse(data []byte) (*Value, error) {
	if !utf8.Valid(data) {
		return nil, field.New("", fmt.Errorf("%w: invalid UTF-8", ErrSyntax))
	}
	d := &decoder{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	d.dec.UseNumber()
	v, ok := d.value()
	if ok {
		if _, err := d.dec.Token(); err != io.EOF {
			d.syntax("data after the document", err)
		}
	}
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// step is one step of the decoder's current path: an object key, or an
// array index when isIndex.
type step struct {
	key     string
	index   int
	isIndex bool
}

type decoder struct {
	dec   *json.Decoder
	data  []byte
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

func (d *decoder) syntax(msg string, err error) {
	off := int(d.dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		msg, off = se.Error(), int(se.Offset)
	} else if err == io.ErrUnexpectedEOF || err == io.EOF && msg == "" {
		msg = "unexpected end of the document"
	}
	line, col := position(d.data, off)
	d.errs.Add(d.path(), fmt.Errorf("%w at line %d, column %d: %s", ErrSyntax, line, col, msg))
}

// position returns the 1-based line and column (in bytes) of offset off.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	return line, off - bytes.LastIndexByte(before, '\n')
}

// value decodes the next value; false means decoding stopped.
func (d *decoder) value() (*Value, bool) {
	tok, err := d.dec.Token()
	if err != nil {
		d.syntax("", err)
		return nil, false
	}
	switch t := tok.(type) {
	case nil:
		return &Value{}, true
	case bool:
		return &Value{Kind: Bool, True: t}, true
	case json.Number:
		return &Value{Kind: Number, Text: string(t)}, true
	case string:
		return &Value{Kind: String, Text: t}, true
	case json.Delim:
		if len(d.stack) >= maxDepth {
			d.syntax(fmt.Sprintf("exceeded max depth of %d", maxDepth), nil)
			return nil, false
		}
		if t == '[' {
			return d.array()
		}
		if t == '{' {
			return d.object()
		}
	}
	d.syntax(fmt.Sprintf("unexpected %v", tok), nil)
	return nil, false
}

func (d *decoder) array() (*Value, bool) {
	v := &Value{Kind: Array}
	for d.dec.More() {
		d.stack = append(d.stack, step{index: len(v.Elems), isIndex: true})
		e, ok := d.value()
		if !ok {
			return nil, false
		}
		d.stack = d.stack[:len(d.stack)-1]
		v.Elems = append(v.Elems, e)
	}
	return v, d.end()
}

func (d *decoder) object() (*Value, bool) {
	v := &Value{Kind: Object}
	var seen map[string]bool
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			d.syntax("", err)
			return nil, false
		}
		k, _ := tok.(string)
		d.stack = append(d.stack, step{key: k})
		e, ok := d.value()
		if !ok {
			return nil, false
		}
		if seen == nil {
			seen = make(map[string]bool)
		}
		if seen[k] {
			d.duplicate()
		} else {
			seen[k] = true
			v.Keys = append(v.Keys, k)
			v.Vals = append(v.Vals, e)
		}
		d.stack = d.stack[:len(d.stack)-1]
	}
	return v, d.end()
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

// end consumes a closing delimiter.
func (d *decoder) end() bool {
	if _, err := d.dec.Token(); err != nil {
		d.syntax("", err)
		return false
	}
	return true
}

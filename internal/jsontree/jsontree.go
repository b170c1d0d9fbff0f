// Package jsontree decodes one JSON document (RFC 8259) into a tree that
// keeps object keys in document order, for the module's strict readers of
// foreign documents (internal/openapi's responses, internal/terraform's
// plans): one decoder, so that the readers agree on what a document holds
// and what is wrong with it.
//
// Parse is strict: malformed JSON, a document that is not UTF-8 (a byte
// order mark included: it is no JSON value), nesting deeper than
// [Options.MaxDepth], data after the value, and an object key given twice
// (in any spelling: "a" and "\u0061" are one key) are problems, each with
// its JSON path and byte offset. Strings decode as encoding/json decodes
// them (a lone UTF-16 surrogate escape reads as U+FFFD) unless
// [Options.StrictStrings] is set. The tree is built by the caller's
// [Builder], so that each reader keeps its own value type.
//
// What the readers set differently:
//   - internal/terraform: MaxDepth 10000 (encoding/json's limit), every key
//     given twice reported, each syntax error by line and column.
//   - internal/openapi: MaxDepth 65 with LeafDepth (no value nested deeper
//     than 64 levels, a string as much as an array), the first problem
//     only, by byte offset.
//
// Both read strings leniently, as encoding/json does. Problems carry no
// message sentences of the readers' own; each reader words them.
//
// Nothing here performs I/O or keeps state; Parse is safe for concurrent
// use and never modifies data. Its cost is linear in the document's size:
// paths are rendered only for problems, duplicate keys are found by a scan
// in objects of at most [SmallObject] members and with a map in larger ones,
// and at most [MaxDuplicates] duplicates are reported one by one.
package jsontree

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonstr"
)

// Builder makes the values of a tree. Parse calls it bottom up: the
// elements of an array and the members of an object are made before it.
// The slices passed to Array and Object are new and belong to the builder;
// they are nil when empty.
type Builder[V any] interface {
	// Null makes a null.
	Null() V
	// Bool makes a boolean.
	Bool(b bool) V
	// Number makes a number from its literal, as written (JSON's grammar).
	Number(literal string) V
	// String makes a string from its decoded text.
	String(s string) V
	// Array makes an array of elems.
	Array(elems []V) V
	// Object makes an object of keys (unique, in document order) and their
	// vals. index is nil for an object of at most SmallObject members;
	// otherwise it maps each key to its position, for the builder to keep
	// as a lookup index.
	Object(keys []string, vals []V, index map[string]int) V
}

// SmallObject is the most members an object has without an index: up to
// it, keys are compared by a scan.
const SmallObject = 16

// MaxDuplicates bounds the keys given twice that are reported one by one,
// so that a hostile document cannot make the report quadratic (each path
// is as long as the nesting); beyond it, one [ManyDuplicates] problem says
// that there are more.
const MaxDuplicates = 100

// DefaultMaxDepth is the nesting limit of a zero [Options.MaxDepth]:
// encoding/json's.
const DefaultMaxDepth = 10000

// Options say how strict Parse is where the readers legitimately differ.
// The zero value reads as encoding/json does, keys given twice aside.
type Options struct {
	// MaxDepth is the most arrays and objects that may enclose one
	// another: an array or object inside MaxDepth others is a TooDeep
	// problem at its path. Zero means DefaultMaxDepth.
	MaxDepth int
	// LeafDepth counts strings, numbers, booleans and null too: one
	// inside MaxDepth arrays and objects is TooDeep as well.
	LeafDepth bool
	// StrictStrings makes a lone UTF-16 surrogate escape ("\ud800") a
	// Syntax problem instead of reading it as U+FFFD.
	StrictStrings bool
}

// Kind says what a Problem is.
type Kind uint8

// The kinds of problem. Only Duplicate lets Parse go on; after the others
// it stops.
const (
	// Syntax: the document is not well-formed JSON; Detail says what was
	// found and what was wanted ("invalid character '}', want a value",
	// "unexpected end of the document").
	Syntax Kind = iota + 1
	// BadUTF8: the document is not valid UTF-8; Offset is the first bad byte.
	BadUTF8
	// TooDeep: the value at Path is nested deeper than MaxDepth allows.
	TooDeep
	// Trailing: data follows the document's value at Offset.
	Trailing
	// Duplicate: the object key at Path (its last step) is given twice;
	// Detail is the key. The first member is kept.
	Duplicate
	// ManyDuplicates: more than MaxDuplicates keys are given twice; the
	// rest are not listed. Its Path is the root.
	ManyDuplicates
)

// Problem is one thing wrong with a document.
type Problem struct {
	Kind Kind
	// Path is the JSON path, from the document's root, of the value being
	// read (for Duplicate: of the repeated member).
	Path field.Path
	// Offset is the byte offset in the document where the problem is.
	Offset int
	// Detail is a Syntax problem's description or a Duplicate's key.
	Detail string
}

// Parse decodes data as one JSON document, making its values with b. It
// returns the root value when there is no problem; otherwise the problems
// in document order (at most MaxDuplicates+1 duplicates, then at most one
// problem of another kind, which ended the decoding) and V's zero value.
func Parse[V any, B Builder[V]](data []byte, b B, o Options) (V, []Problem) {
	var zero V
	if !utf8.Valid(data) {
		return zero, []Problem{{Kind: BadUTF8, Offset: invalidAt(data)}}
	}
	d := decoder[V, B]{data: data, b: b, maxDepth: o.MaxDepth, leaf: o.LeafDepth, str: jsonstr.Options{Lenient: !o.StrictStrings}}
	if d.maxDepth <= 0 {
		d.maxDepth = DefaultMaxDepth
	}
	d.space()
	v, ok := d.value()
	if ok {
		d.space()
		if d.pos < len(d.data) {
			d.fail(Trailing, "")
		}
	}
	if len(d.problems) > 0 {
		return zero, d.problems
	}
	return v, nil
}

// Position returns the 1-based line and column (in bytes) of offset off in
// data.
func Position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	return line, off - bytes.LastIndexByte(before, '\n')
}

// invalidAt returns the offset of the first byte of s that is not UTF-8.
func invalidAt(s []byte) int {
	for i, r := range string(s) {
		if _, n := utf8.DecodeRune(s[i:]); r == utf8.RuneError && n == 1 {
			return i
		}
	}
	return len(s)
}

// step is one step of the decoder's current path: an object key, or an
// array index when isIndex.
type step struct {
	key     string
	index   int
	isIndex bool
}

type decoder[V any, B Builder[V]] struct {
	data     []byte
	pos      int
	b        B
	maxDepth int
	leaf     bool
	str      jsonstr.Options
	problems []Problem
	dups     int
	stack    []step            // the path to the value being read
	vals     []V               // the elements and members of the open arrays and objects
	keys     []string          // the keys of the open objects
	keysRead int               // up to internAfter
	interned map[string]string // the keys read beyond the first internAfter
}

// internAfter is the number of keys of a document read before keys are
// interned, so that a small document does not pay for the map; maxInterned
// bounds the keys interned, so that a document of many distinct keys costs
// no more than one without interning.
const (
	internAfter = 64
	maxInterned = 1024
)

// path renders the current path.
func (d *decoder[V, B]) path() field.Path {
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

// fail records a problem at the current path and position.
func (d *decoder[V, B]) fail(k Kind, detail string) {
	if k == Syntax && detail == "" {
		detail = "unexpected end of the document"
	}
	d.problems = append(d.problems, Problem{Kind: k, Path: d.path(), Offset: d.pos, Detail: detail})
}

// unexpected records the byte at the current position as unexpected.
func (d *decoder[V, B]) unexpected(want string) {
	if d.pos >= len(d.data) {
		d.fail(Syntax, "")
		return
	}
	r, _ := utf8.DecodeRune(d.data[d.pos:])
	d.fail(Syntax, fmt.Sprintf("invalid character %q, want %s", r, want))
}

// space skips JSON white space.
func (d *decoder[V, B]) space() {
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
func (d *decoder[V, B]) value() (V, bool) {
	var zero V
	if d.pos >= len(d.data) {
		d.fail(Syntax, "")
		return zero, false
	}
	c := d.data[d.pos]
	if len(d.stack) >= d.maxDepth && (d.leaf || c == '{' || c == '[') {
		d.fail(TooDeep, "")
		return zero, false
	}
	switch {
	case c == '{':
		d.pos++
		return d.object()
	case c == '[':
		d.pos++
		return d.array()
	case c == '"':
		s, ok := d.text(false)
		return d.b.String(s), ok
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	rest := d.data[d.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("true")):
		d.pos += 4
		return d.b.Bool(true), true
	case bytes.HasPrefix(rest, []byte("false")):
		d.pos += 5
		return d.b.Bool(false), true
	case bytes.HasPrefix(rest, []byte("null")):
		d.pos += 4
		return d.b.Null(), true
	}
	d.unexpected("a value")
	return zero, false
}

// push appends v to the scratch stack s, which starts with room for a
// typical document's nesting and widest container, so that it seldom grows.
func push[T any](s []T, v T) []T {
	if s == nil {
		s = make([]T, 0, 32)
	}
	return append(s, v)
}

// take returns the values from base on as a new slice (nil when none) and
// drops them from the scratch stack.
func take[T any](s *[]T, base int) []T {
	var out []T
	if len(*s) > base {
		out = slices.Clone((*s)[base:])
		clear((*s)[base:])
		*s = (*s)[:base]
	}
	return out
}

func (d *decoder[V, B]) array() (V, bool) {
	var zero V
	base := len(d.vals)
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return d.b.Array(nil), true
	}
	for i := 0; ; i++ {
		d.space()
		d.stack = push(d.stack, step{index: i, isIndex: true})
		e, ok := d.value()
		if !ok {
			return zero, false
		}
		d.stack = d.stack[:len(d.stack)-1]
		d.vals = push(d.vals, e)
		if !d.next(']') {
			return zero, false
		}
		if d.data[d.pos-1] == ']' {
			return d.b.Array(take(&d.vals, base)), true
		}
	}
}

// next consumes a ',' or the closing byte end, after white space.
func (d *decoder[V, B]) next(end byte) bool {
	d.space()
	if d.pos < len(d.data) && (d.data[d.pos] == ',' || d.data[d.pos] == end) {
		d.pos++
		return true
	}
	d.unexpected(fmt.Sprintf("',' or '%c'", end))
	return false
}

func (d *decoder[V, B]) object() (V, bool) {
	var zero V
	base, vbase := len(d.keys), len(d.vals)
	var index map[string]int // the keys' positions, once there are more than SmallObject
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return d.b.Object(nil, nil, nil), true
	}
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			d.unexpected("a string key")
			return zero, false
		}
		at := d.pos
		k, ok := d.text(true)
		if !ok {
			return zero, false
		}
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			d.unexpected("':'")
			return zero, false
		}
		d.pos++
		d.space()
		d.stack = push(d.stack, step{key: k})
		dup := d.seen(k, base, &index)
		if dup {
			d.duplicate(k, at)
		}
		e, ok := d.value()
		if !ok {
			return zero, false
		}
		d.stack = d.stack[:len(d.stack)-1]
		if !dup {
			if index != nil {
				index[k] = len(d.keys) - base
			}
			d.keys = push(d.keys, k)
			d.vals = push(d.vals, e)
		}
		if !d.next('}') {
			return zero, false
		}
		if d.data[d.pos-1] == '}' {
			if len(d.keys)-base <= SmallObject {
				index = nil
			}
			return d.b.Object(take(&d.keys, base), take(&d.vals, vbase), index), true
		}
	}
}

// seen reports whether the open object whose keys start at base has key k:
// by a scan while it is small, then with index, built on first need.
func (d *decoder[V, B]) seen(k string, base int, index *map[string]int) bool {
	keys := d.keys[base:]
	if *index == nil {
		if len(keys) < SmallObject {
			return slices.Contains(keys, k)
		}
		*index = make(map[string]int, 2*len(keys))
		for i, key := range keys {
			(*index)[key] = i
		}
	}
	_, ok := (*index)[k]
	return ok
}

// duplicate records the key k at the current path, read at offset at, as
// given twice.
func (d *decoder[V, B]) duplicate(k string, at int) {
	d.dups++
	switch {
	case d.dups <= MaxDuplicates:
		d.problems = append(d.problems, Problem{Kind: Duplicate, Path: d.path(), Offset: at, Detail: k})
	case d.dups == MaxDuplicates+1:
		d.problems = append(d.problems, Problem{Kind: ManyDuplicates, Offset: at})
	}
}

// text decodes the string starting at the current '"'. Keys are interned
// once a document has more than a few: a document repeats its keys,
// element after element, and each is then made once.
func (d *decoder[V, B]) text(key bool) (string, bool) {
	v, end, p, at := jsonstr.Read(d.data, d.pos+1, d.str)
	switch p {
	case jsonstr.OK:
		d.pos = end
		if key && len(v) > 1 {
			return d.intern(v), true
		}
		return string(v), true
	case jsonstr.Control:
		d.pos = at
		d.fail(Syntax, fmt.Sprintf("control character %q in a string", d.data[at]))
	case jsonstr.BadHex:
		d.pos = at
		d.fail(Syntax, "invalid \\u escape")
	case jsonstr.BadEscape:
		d.pos = at
		d.fail(Syntax, fmt.Sprintf("invalid escape %q", "\\"+string(d.data[at+1])))
	case jsonstr.LoneSurrogate:
		d.pos = at
		d.fail(Syntax, "lone UTF-16 surrogate escape")
	default: // unterminated; invalid UTF-8 was refused before
		d.pos = len(d.data)
		d.fail(Syntax, "")
	}
	return "", false
}

// intern returns the key k as a string, made once per document beyond
// the first internAfter keys.
func (d *decoder[V, B]) intern(k []byte) string {
	if d.keysRead < internAfter {
		d.keysRead++
		return string(k)
	}
	if s, ok := d.interned[string(k)]; ok {
		return s
	}
	s := string(k)
	if d.interned == nil {
		d.interned = make(map[string]string)
	}
	if len(d.interned) < maxInterned {
		d.interned[s] = s
	}
	return s
}

// number decodes a number with JSON's grammar, keeping its literal.
func (d *decoder[V, B]) number() (V, bool) {
	var zero V
	start, i := d.pos, d.pos
	digits := func() int {
		j := i
		for i < len(d.data) && d.data[i] >= '0' && d.data[i] <= '9' {
			i++
		}
		return i - j
	}
	bad := func() (V, bool) {
		d.pos = i
		d.unexpected("a digit")
		return zero, false
	}
	if d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case digits() == 0:
		return bad()
	}
	if i < len(d.data) && d.data[i] == '.' {
		i++
		if digits() == 0 {
			return bad()
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			return bad()
		}
	}
	d.pos = i
	return d.b.Number(string(d.data[start:i])), true
}

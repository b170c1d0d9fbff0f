// Package jsontree decodes one JSON document (RFC 8259) into a tree built
// by the caller's [Builder], object keys in document order: the one strict
// decoder of internal/openapi (responses) and internal/terraform (plans).
//
// Malformed JSON, invalid UTF-8 (a byte order mark is no JSON value either),
// nesting deeper than [Options.MaxDepth], data after the value, and object
// keys given twice in any spelling ("a" and "\u0061") are problems ([Problem]), each
// with its JSON path and byte offset; each reader words them. Strings decode
// as encoding/json decodes them (a lone surrogate escape reads as U+FFFD)
// unless [Options.StrictStrings]. What the readers set differently:
// internal/terraform allows encoding/json's 10000 levels and reports every
// problem, syntax by line and column; internal/openapi allows no value,
// a string as much as an array, deeper than 64 levels (MaxDepth 65 with
// LeafDepth) and reports the first problem, by byte offset. Both read
// strings leniently.
//
// Parse does no I/O, keeps no state, never modifies data and is safe for
// concurrent use. Its cost is linear in the document's size: paths are
// rendered only for problems, keys given twice are found by a scan in
// objects of at most [SmallObject] members and with a map in larger ones,
// and at most [MaxDuplicates] are reported one by one, their paths adding
// up to no more than about twice the document's size.
package jsontree

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonstr"
)

// Builder makes the values of a tree, bottom up: an array's elements and
// an object's members before it. The slices passed to Array and Object are
// new, nil when empty, and belong to the builder.
type Builder[V any] interface {
	Null() V                 // Null makes a null.
	Bool(b bool) V           // Bool makes a boolean.
	Number(literal string) V // Number makes a number from its literal, as written.
	String(s string) V       // String makes a string from its decoded text.
	Array(elems []V) V       // Array makes an array of elems.
	// Object makes an object of keys (unique, in document order) and vals;
	// index, nil for at most SmallObject members, maps each key to its
	// position, for the builder to keep as a lookup index.
	Object(keys []string, vals []V, index map[string]int) V
}

const (
	// SmallObject is the most members an object has without an index.
	SmallObject = 16
	// MaxDuplicates bounds the keys given twice reported one by one, so
	// that a hostile document cannot make the report quadratic (each path
	// is as long as the nesting); one [ManyDuplicates] problem follows.
	// The list also ends once the paths listed add up to more than the
	// document's size.
	MaxDuplicates = 100
	// DefaultMaxDepth is the nesting limit of a zero [Options.MaxDepth]:
	// encoding/json's.
	DefaultMaxDepth = 10000
)

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

// Kind says what a Problem is. After a Duplicate or ManyDuplicates, Parse
// goes on; after the others it stops.
type Kind uint8

// The kinds of problem.
const (
	Syntax         Kind = iota + 1 // not well-formed JSON; Detail says what was found and wanted
	BadUTF8                        // not valid UTF-8, from Offset
	TooDeep                        // the value at Path is nested deeper than MaxDepth allows
	Trailing                       // data after the document's value, at Offset
	Duplicate                      // the key Detail, at Path, given twice (the first member is kept)
	ManyDuplicates                 // more than MaxDuplicates keys given twice; the rest are not listed
)

// Problem is one thing wrong with a document.
type Problem struct {
	Kind   Kind       // Kind is what is wrong.
	Path   field.Path // Path is the JSON path of the value being read (the repeated member's, for a Duplicate).
	Offset int        // Offset is where in the document, in bytes.
	Detail string     // Detail is a Syntax problem's description or a Duplicate's key.
}

// Parse decodes data as one JSON document, making its values with b: the
// root value, or V's zero value and the problems in document order (up to
// MaxDuplicates+1 duplicates, then at most one problem that stopped it).
func Parse[V any, B Builder[V]](data []byte, b B, o Options) (V, []Problem) {
	var zero V
	if !utf8.Valid(data) {
		return zero, []Problem{{Kind: BadUTF8, Offset: jsonstr.InvalidAt(data)}}
	}
	d := decoder[V, B]{data: data, b: b, o: o, str: jsonstr.Options{Lenient: !o.StrictStrings}}
	if d.o.MaxDepth <= 0 {
		d.o.MaxDepth = DefaultMaxDepth
	}
	d.space()
	v, ok := d.value()
	if d.space(); ok && d.pos < len(d.data) {
		d.fail(Trailing, "")
	}
	if d.problems != nil {
		return zero, d.problems
	}
	return v, nil
}

// Position returns the 1-based line and column (in bytes) of offset off in
// data.
func Position(data []byte, off int) (line, col int) {
	before := data[:min(max(off, 0), len(data))]
	return bytes.Count(before, []byte{'\n'}) + 1, len(before) - bytes.LastIndexByte(before, '\n')
}

// step is one step of the path being read: a key, or an index if isIndex.
type step struct {
	key     string
	index   int
	isIndex bool
}

type decoder[V any, B Builder[V]] struct {
	data     []byte
	pos      int
	b        B
	o        Options
	str      jsonstr.Options
	problems []Problem
	dups     int
	pathLen  int      // the bytes of the problems' paths so far
	stack    []step   // the path to the value being read
	vals     []V      // the elements and members of the open arrays and objects
	keys     []string // the keys of the open objects
}

// fail records a problem at the current path and position.
func (d *decoder[V, B]) fail(k Kind, detail string) {
	if k == Syntax && d.pos >= len(d.data) {
		detail = "unexpected end of the document"
	}
	var p strings.Builder // the path, in time linear in its length
	for _, s := range d.stack {
		step := field.Path("").Key(s.key)
		if s.isIndex {
			step = field.Path("").Index(s.index)
		}
		if p.Len() > 0 && step[0] != '[' {
			p.WriteByte('.')
		}
		p.WriteString(string(step))
	}
	d.pathLen += p.Len()
	d.problems = append(d.problems, Problem{Kind: k, Path: field.Path(p.String()), Offset: d.pos, Detail: detail})
}

// unexpected records the character at the current position as unexpected.
func (d *decoder[V, B]) unexpected(want string) {
	r, _ := utf8.DecodeRune(d.data[min(d.pos, len(d.data)):])
	d.fail(Syntax, fmt.Sprintf("invalid character %q, want %s", r, want))
}

// space skips JSON white space.
func (d *decoder[V, B]) space() {
	for d.pos < len(d.data) && (d.data[d.pos] == ' ' || d.data[d.pos] == '\t' || d.data[d.pos] == '\n' || d.data[d.pos] == '\r') {
		d.pos++
	}
}

// is reports whether the byte at the current position is c, and consumes
// it if so.
func (d *decoder[V, B]) is(c byte) bool {
	if d.pos < len(d.data) && d.data[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// value decodes the value at the current position; false means decoding
// stopped.
func (d *decoder[V, B]) value() (v V, ok bool) {
	if d.pos >= len(d.data) {
		d.fail(Syntax, "")
		return v, false
	}
	c := d.data[d.pos]
	if len(d.stack) >= d.o.MaxDepth && (d.o.LeafDepth || c == '{' || c == '[') {
		d.fail(TooDeep, "")
		return v, false
	}
	switch {
	case c == '{' || c == '[':
		d.pos++
		return d.container(c == '{')
	case c == '"':
		s, ok := d.text()
		return d.b.String(s), ok
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(d.data[d.pos:], []byte(lit)) {
			d.pos += len(lit)
			if lit == "null" {
				return d.b.Null(), true
			}
			return d.b.Bool(lit == "true"), true
		}
	}
	d.unexpected("a value")
	return v, false
}

// push appends v to the scratch stack s, which starts with room for a
// usual document's nesting and widest container, so that it seldom grows.
func push[T any](s []T, v T) []T {
	if s == nil {
		s = make([]T, 0, 8)
	}
	return append(s, v)
}

// take returns the values of s from base on as a new slice (nil when none)
// and drops them from s.
func take[T any](s *[]T, base int) []T {
	var out []T
	if len(*s) > base {
		out = slices.Clone((*s)[base:])
		clear((*s)[base:])
		*s = (*s)[:base]
	}
	return out
}

// container decodes an array, or an object if obj, after its opening byte.
func (d *decoder[V, B]) container(obj bool) (v V, ok bool) {
	kbase, vbase := len(d.keys), len(d.vals)
	var index map[string]int // the keys' positions, once there are more than SmallObject
	end := byte(']')
	if obj {
		end = '}'
	}
	if d.space(); d.is(end) {
		if obj {
			return d.b.Object(nil, nil, nil), true
		}
		return d.b.Array(nil), true
	}
	for i := 0; ; i++ {
		d.space()
		s, dup := step{index: i, isIndex: true}, false
		if obj {
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				d.unexpected("a string key")
				return v, false
			}
			at := d.pos
			if s.key, ok = d.text(); !ok {
				return v, false
			}
			if d.space(); !d.is(':') {
				d.unexpected("':'")
				return v, false
			}
			d.space()
			s.isIndex, dup = false, d.seen(s.key, kbase, &index)
			if dup {
				d.stack = push(d.stack, s)
				d.duplicate(s.key, at)
				d.stack = d.stack[:len(d.stack)-1]
			}
		}
		d.stack = push(d.stack, s)
		e, ok := d.value()
		if !ok {
			return v, false
		}
		d.stack = d.stack[:len(d.stack)-1]
		if obj && !dup {
			if index != nil {
				index[s.key] = len(d.keys) - kbase
			}
			d.keys = push(d.keys, s.key)
		}
		if !dup {
			d.vals = push(d.vals, e)
		}
		if d.space(); d.is(end) {
			break
		}
		if !d.is(',') {
			d.unexpected(fmt.Sprintf("',' or '%c'", end))
			return v, false
		}
	}
	if !obj {
		return d.b.Array(take(&d.vals, vbase)), true
	}
	if len(d.keys)-kbase <= SmallObject {
		index = nil
	}
	return d.b.Object(take(&d.keys, kbase), take(&d.vals, vbase), index), true
}

// seen reports whether the open object whose keys start at kbase has key
// k: by a scan while it is small, then with index, built on first need.
func (d *decoder[V, B]) seen(k string, kbase int, index *map[string]int) bool {
	keys := d.keys[kbase:]
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
// Once MaxDuplicates are listed, or their paths add up to more than the
// document's size (deep keys make long paths), one ManyDuplicates problem
// ends the list, so that the problems cost no more than the document.
func (d *decoder[V, B]) duplicate(k string, at int) {
	if d.dups > MaxDuplicates {
		return // the list has ended
	}
	pos := d.pos
	d.pos = at
	if d.dups < MaxDuplicates && d.pathLen <= len(d.data) {
		d.dups++
		d.fail(Duplicate, k)
	} else {
		d.dups = MaxDuplicates + 1
		d.problems = append(d.problems, Problem{Kind: ManyDuplicates, Offset: at})
	}
	d.pos = pos
}

// text decodes the string starting at the current '"'.
func (d *decoder[V, B]) text() (string, bool) {
	v, end, p, at := jsonstr.Read(d.data, d.pos+1, d.str)
	if p == jsonstr.OK {
		d.pos = end
		return string(v), true
	}
	d.pos = at
	switch p {
	case jsonstr.Control:
		d.fail(Syntax, fmt.Sprintf("control character %q in a string", d.data[at]))
	case jsonstr.BadHex:
		d.fail(Syntax, "invalid \\u escape")
	case jsonstr.BadEscape:
		d.fail(Syntax, fmt.Sprintf("invalid escape %q", "\\"+string(d.data[at+1])))
	case jsonstr.LoneSurrogate:
		d.fail(Syntax, "lone UTF-16 surrogate escape")
	default: // unterminated (invalid UTF-8 was refused before)
		d.pos = len(d.data)
		d.fail(Syntax, "")
	}
	return "", false
}

// number decodes a number with JSON's grammar, keeping its literal.
func (d *decoder[V, B]) number() (v V, ok bool) {
	start := d.pos
	digits := func() bool {
		i := d.pos
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
		}
		return d.pos > i
	}
	d.is('-')
	ok = d.is('0') || digits()
	if ok && d.is('.') {
		ok = digits()
	}
	if ok && (d.is('e') || d.is('E')) {
		_ = d.is('+') || d.is('-')
		ok = digits()
	}
	if !ok {
		d.unexpected("a digit")
		return v, false
	}
	return d.b.Number(string(d.data[start:d.pos])), true
}

// Package jsontree decodes one JSON document (RFC 8259) into a tree built
// by the caller's [Builder], object keys in document order: the one strict
// tree decoder of internal/openapi (responses) and internal/terraform
// (plans), on the module's one lexer, internal/jsonlex. [Skip] reads over
// one value the same way and builds nothing, for the root's typed decoder.
//
// Malformed JSON, invalid UTF-8, a byte order mark, an empty document,
// nesting deeper than [Options.MaxDepth], data after the value, and object
// keys given twice in any spelling ("a" and "\u0061") are problems
// ([Problem]), each with its JSON path, its line and column, and its words
// from internal/jsonlex, which every reader of the module reports as they
// are. Strings decode as encoding/json decodes them (a lone surrogate
// escape reads as U+FFFD) unless [Options.StrictStrings]. What the readers
// set differently: internal/terraform allows encoding/json's 10000 levels,
// internal/openapi no value, a string as much as an array, deeper than 64
// levels (MaxDepth 65 with LeafDepth), and the root's decoder refuses lone
// surrogates.
//
// Parse does no I/O, keeps no state, never modifies data and is safe for
// concurrent use; a [Decoder] reads documents one after another with what
// it keeps from those before. The cost is linear in the document's size:
// paths and positions are found only for problems, keys given twice are
// found by a scan in objects of at most [SmallObject] members and with a
// map in larger ones, and at most [MaxDuplicates] are reported one by one,
// their paths adding up to no more than about the size of the text read.
// The strings handed to the builder are carved out of the blocks of an
// internal/arena, and its slices out of shared chunks: a few allocations
// for a document rather than a few for each of its values; a string kept
// keeps at most its block (of the strings' text) alive. A text read
// shortly before is the same string again, an object's keys are first
// compared with those of the last object of the same first key, and a
// container's first elements wait in its own frame: what a document
// repeats is neither scanned, copied nor kept twice, and storing the
// values of a container being read costs no write barrier while the
// collector marks.
package jsontree

import (
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/arena"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// Builder makes the values of a tree, bottom up: an array's elements and
// an object's members before it. The slices passed to Array and Object
// are nil when empty and the builder's to keep but not to modify: objects
// with the same keys may share one slice of them.
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
	// size of the text read.
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
	// problem instead of reading it as U+FFFD.
	StrictStrings bool
}

// levels is how deep a value may be nested, as a TooDeep problem says.
func (o Options) levels() int {
	if o.LeafDepth {
		return o.MaxDepth - 1
	}
	return o.MaxDepth
}

// Kind says what a Problem is. After a Duplicate or ManyDuplicates, Parse
// goes on; after the others it stops.
type Kind uint8

// The kinds of problem.
const (
	Syntax         Kind = iota + 1 // not well-formed JSON (a byte order mark and an empty document too)
	BadUTF8                        // not valid UTF-8, at Offset
	TooDeep                        // the value at Path is nested deeper than MaxDepth allows
	Trailing                       // data after the document's value, at Offset
	Duplicate                      // the key at Path given twice (the first member is kept)
	ManyDuplicates                 // more than MaxDuplicates keys given twice; the rest are not listed
)

// Problem is one thing wrong with a document.
type Problem struct {
	Kind Kind       // Kind is what is wrong.
	Path field.Path // Path is the JSON path of the value being read (the repeated member's, for a Duplicate).
	// Offset is where in the document, in bytes; Line and Column (in
	// characters, as jsonlex.Lines counts them) say the same, counting
	// from 1.
	Offset, Line, Column int
	// Err says what is wrong in internal/jsonlex's words, such as "key
	// given twice (also at line 1, column 2)", matching its sentinels
	// (and field.ErrDuplicate for a key given twice).
	Err error
}

// Parse decodes data as one JSON document, making its values with b: the
// root value, or V's zero value and the problems in document order (up to
// MaxDuplicates+1 duplicates, then at most one problem that stopped it).
func Parse[V any, B Builder[V]](data []byte, b B, o Options) (V, []Problem) {
	p := Decoder[V, B]{d: newDecoder[V](nil, 0, b, o, nil)}
	p.d.pooled = true
	return p.Parse(data)
}

// Decoder decodes documents one after another as [Parse] does, with one
// builder and options, sharing among them its scratch space and the
// blocks that hold the slices and strings it hands to the builder: a
// reader of many small documents pays an allocation for a block of them,
// not for each. It is not safe for concurrent use.
type Decoder[V any, B Builder[V]] struct {
	d decoder[V, B]
}

// NewDecoder returns a Decoder that makes values with b, as o says.
func NewDecoder[V any, B Builder[V]](b B, o Options) *Decoder[V, B] {
	p := &Decoder[V, B]{d: newDecoder[V](nil, 0, b, o, nil)}
	p.d.pooled = true
	return p
}

// Parse decodes data as [Parse] does.
func (p *Decoder[V, B]) Parse(data []byte) (V, []Problem) {
	d := &p.d
	d.Lexer = jsonlex.Lexer{Data: data, LoneSurrogates: !d.o.StrictStrings}
	d.start, d.lines, d.problems, d.dups, d.pathLen = 0, nil, nil, 0, 0
	d.stack, d.vals, d.keys = d.stack[:0], d.vals[:0], d.keys[:0]
	var zero V
	if jsonlex.HasBOM(data) {
		d.fail(Syntax, jsonlex.ErrBOM)
		return zero, d.problems
	}
	if d.Space(); d.Pos == len(data) {
		d.fail(Syntax, jsonlex.ErrEmpty)
		return zero, d.problems
	}
	v, ok := d.value()
	if d.Space(); ok && d.Pos < len(d.Data) {
		d.fail(Trailing, jsonlex.Trailing())
	}
	if d.problems != nil {
		// The scratch may hold values of a document that failed: drop
		// them, for the collector.
		clear(d.vals[:cap(d.vals)])
		clear(d.keys[:cap(d.keys)])
		return zero, d.problems
	}
	return v, nil
}

// Recycle lets the documents parsed next reuse the memory of the values'
// slices handed to the builder so far (not of the strings or the keys'
// slices, which stay as they are, so that documents of the same shape
// share their keys): call it only once no value slice handed out is in
// use any more, such as between documents whose trees are read and
// dropped one by one.
func (p *Decoder[V, B]) Recycle() {
	d := &p.d
	clear(d.valChunk)
	d.valChunk = d.valChunk[:0]
}

// nothing is the builder of Skip.
type nothing struct{}

func (nothing) Null() struct{}                                       { return struct{}{} }
func (nothing) Bool(bool) struct{}                                   { return struct{}{} }
func (nothing) Number(string) struct{}                               { return struct{}{} }
func (nothing) String(string) struct{}                               { return struct{}{} }
func (nothing) Array([]struct{}) struct{}                            { return struct{}{} }
func (nothing) Object([]string, []struct{}, map[string]int) struct{} { return struct{}{} }

// Skip reads over the one value that starts at data[pos] (after white
// space), as Parse reads a document's value, and returns the offset just
// after it and its problems, with paths below the value and positions
// found with lines, the positions of data. The text after the value is not
// looked at. Keys given twice are listed as Parse lists them, the paths of
// those listed adding up to no more than about the value's size.
func Skip(data []byte, pos int, lines *jsonlex.Lines, o Options) (end int, problems []Problem) {
	d := newDecoder[struct{}](data, pos, nothing{}, o, lines)
	d.Space()
	d.value()
	return d.Pos, d.problems
}

// step is one step of the path being read: the key whose opening quote is
// at data[at], or an index if isIndex. It holds no pointer, so that
// keeping the path costs no more than writing two numbers (the key is read
// again only for a problem).
type step struct {
	at, index int
	isIndex   bool
}

type decoder[V any, B Builder[V]] struct {
	jsonlex.Lexer
	start    int // where the value read starts
	lines    *jsonlex.Lines
	b        B
	o        Options
	problems []Problem
	stack    []step // the path to the value being read
	dups     int
	pathLen  int      // the bytes of the problems' paths so far
	vals     []V      // the elements and members of the open arrays and objects
	keys     []string // the keys of the open objects
	// pooled makes the strings handed to the builder strings of strs
	// (not for Skip, whose strings are its own); valChunk and keyChunk
	// hold the slices, the keys' never recycled.
	pooled   bool
	strs     arena.Arena
	valChunk []V
	keyChunk []string
	// keyCache holds keys read before (if pooled), by interned, so that a
	// key seen again is the same string, not one more copy; shared the
	// keys of objects handed out, by sharedSlot, so that objects of the
	// same keys share one slice of them. Comparing interned keys is mostly
	// comparing pointers.
	keyCache [128]string // (a power of two long, as valCache)
	valCache [256]string // the same for plain strings and numbers
	shared   [16][]string
	// shapes holds the keys of the last object handed out by the
	// shapeSlot of its first key, for shapeOf.
	shapes [numShapes][]string
}

func newDecoder[V any, B Builder[V]](data []byte, pos int, b B, o Options, lines *jsonlex.Lines) decoder[V, B] {
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	return decoder[V, B]{Lexer: jsonlex.Lexer{Data: data, Pos: pos, LoneSurrogates: !o.StrictStrings}, start: pos, b: b, o: o, lines: lines}
}

// position returns the line and column of offset off.
func (d *decoder[V, B]) position(off int) (line, col int) {
	if d.lines == nil {
		d.lines = jsonlex.NewLines(d.Data)
	}
	return d.lines.Position(off)
}

// fail records a problem at the current path and position.
func (d *decoder[V, B]) fail(k Kind, err error) {
	var p strings.Builder // the path, in time linear in its length
	for _, s := range d.stack {
		step := field.Path("").Index(s.index)
		if !s.isIndex {
			step = field.Path("").Key(d.key(s.at))
		}
		if p.Len() > 0 && step[0] != '[' {
			p.WriteByte('.')
		}
		p.WriteString(string(step))
	}
	d.pathLen += p.Len()
	if k == Syntax && err == jsonlex.ErrBadUTF8 {
		k = BadUTF8
	}
	line, col := d.position(d.Pos)
	d.problems = append(d.problems, Problem{Kind: k, Path: field.Path(p.String()), Offset: d.Pos, Line: line, Column: col, Err: err})
}

// key returns the key whose opening quote is at data[at], read before.
func (d *decoder[V, B]) key(at int) string {
	l := jsonlex.Lexer{Data: d.Data, Pos: at, LoneSurrogates: d.LoneSurrogates}
	k, _ := l.String()
	return string(k)
}

// value decodes the value at the current position; false means decoding
// stopped.
func (d *decoder[V, B]) value() (v V, ok bool) {
	if d.Pos >= len(d.Data) {
		d.fail(Syntax, d.Want("a value"))
		return v, false
	}
	c := d.Data[d.Pos]
	if len(d.stack) >= d.o.MaxDepth && (d.o.LeafDepth || c == '{' || c == '[') {
		d.fail(TooDeep, jsonlex.TooDeep(d.o.levels()))
		return v, false
	}
	switch {
	case c == '{' || c == '[':
		d.Pos++
		return d.container(c == '{')
	case c == '"':
		s, ok := d.text()
		return d.b.String(s), ok
	case c == '-' || c >= '0' && c <= '9':
		text, err := d.Number()
		if err != nil {
			d.fail(Syntax, err)
			return v, false
		}
		if d.pooled {
			return d.b.Number(d.scalar(text)), true
		}
		return d.b.Number(string(text)), true
	}
	switch d.Literal() {
	case "null":
		return d.b.Null(), true
	case "true":
		return d.b.Bool(true), true
	case "false":
		return d.b.Bool(false), true
	}
	d.fail(Syntax, d.Want("a value"))
	return v, false
}

// push appends v to the scratch stack *s, which starts with room for a
// usual document's nesting and widest container, so that it seldom grows,
// and then doubles (append grows a large slice by a quarter, which for an
// array of many elements copies them about five times over, not twice).
// Within its room, the slice is resliced in place, not assigned anew: its
// pointer stays, so that the collector's write barrier, when on, is paid
// for a value that holds pointers only, not for the slice too.
func push[T any](s *[]T, v T) {
	n := len(*s)
	if n == cap(*s) {
		*s = slices.Grow(*s, max(n, 8))
	}
	*s = (*s)[:n+1]
	(*s)[n] = v
}

// take returns first and then the values of s from base on as a new
// slice (nil when none) of *chunk, capped at its length, and drops them
// from s. A chunk holds the slices of many containers: a new one is twice
// the last one's size and at least twice the slice's (8 to chunkMax
// values; a slice of more than half of chunkMax is one of its own), so
// that a document's containers cost an allocation a chunk, not one each.
func take[T any](first []T, s *[]T, base int, chunk *[]T) []T {
	rest := (*s)[base:]
	n := len(first) + len(rest)
	if n == 0 {
		return nil
	}
	var out []T
	switch {
	case cap(*chunk)-len(*chunk) >= n:
		// Resliced in place (as push), then filled.
		at := len(*chunk)
		*chunk = (*chunk)[:at+n]
		out = (*chunk)[at : at+n : at+n]
	case 2*n > chunkMax:
		out = make([]T, n) // a large one alone: the chunk's rest stays for the next
	default:
		size := max(2*cap(*chunk), 8)
		for size < 2*n {
			size *= 2
		}
		*chunk = make([]T, n, min(size, chunkMax))
		out = (*chunk)[:n:n]
	}
	copy(out[copy(out, first):], rest)
	// Dropped from s, so that the values do not outlive their tree.
	clear(rest)
	*s = (*s)[:base]
	return out
}

// chunkMax is the most values of a chunk of take.
const chunkMax = 1024

// container decodes an array, or an object if obj, after its opening byte.
// Its first SmallObject elements and keys are kept in arrays of its own
// frame, on the goroutine's stack, where storing a pointer costs no write
// barrier while the collector marks; more go on the decoder's stacks
// (vals and keys, from vbase and kbase on).
func (d *decoder[V, B]) container(obj bool) (v V, ok bool) {
	var vals [SmallObject]V
	var keys [SmallObject]string
	nv, nk := 0, 0
	kbase, vbase := len(d.keys), len(d.vals)
	start := d.Pos - 1         // the opening byte
	var index map[string]int   // the keys' positions, once there are more than SmallObject
	var firstAt map[string]int // where the keys are, from the first key given twice on
	var guess []string         // the keys of the last object whose first key was this one's
	plain := true              // whether every key's text is its value
	guessed := true            // whether every key after the first is guess's
	end, after := byte(']'), "',' or ']' after an array element"
	if obj {
		end, after = '}', "',' or '}' after an object member"
	}
	if d.Is(end) {
		if obj {
			return d.b.Object(nil, nil, nil), true
		}
		return d.b.Array(nil), true
	}
	for i := 0; ; i++ {
		d.Space()
		s, dup := step{index: i, isIndex: true}, false
		if obj {
			if d.Pos >= len(d.Data) || d.Data[d.Pos] != '"' {
				d.fail(Syntax, d.Want("an object key"))
				return v, false
			}
			at := d.Pos
			key, ok := "", false
			if i < len(guess) {
				key, ok = d.expect(guess[i])
			}
			if !ok {
				var p bool
				if key, p, ok = d.keyText(); !ok {
					return v, false
				}
				plain = plain && p
				guessed = guessed && i == 0
			}
			if i == 0 && d.pooled {
				guess = d.shapeOf(key)
			}
			if !d.Is(':') {
				d.fail(Syntax, d.Want("':'"))
				return v, false
			}
			d.Space()
			s.at, s.isIndex = at, false
			switch {
			case index != nil:
				_, dup = index[key]
			case nk < SmallObject:
				dup = slices.Contains(keys[:nk], key)
			default:
				index = d.indexKeys(keys[:], kbase)
				_, dup = index[key]
			}
			if dup {
				push(&d.stack, s)
				d.duplicate(at, func() int {
					if firstAt == nil {
						firstAt = d.keysAt(start, at)
					}
					return firstAt[key]
				})
				d.stack = d.stack[:len(d.stack)-1]
			} else {
				if index != nil {
					index[key] = nk
				}
				if firstAt != nil {
					firstAt[key] = at
				}
				if nk < SmallObject {
					keys[nk] = key
				} else {
					push(&d.keys, key)
				}
				nk++
			}
		}
		push(&d.stack, s)
		e, ok := d.value()
		if !ok {
			return v, false
		}
		d.stack = d.stack[:len(d.stack)-1]
		if !dup {
			if nv < SmallObject {
				vals[nv] = e
			} else {
				push(&d.vals, e)
			}
			nv++
		}
		if d.Is(end) {
			break
		}
		if !d.Is(',') {
			d.fail(Syntax, d.Want(after))
			return v, false
		}
	}
	elems := take(vals[:min(nv, SmallObject)], &d.vals, vbase, &d.valChunk)
	if !obj {
		return d.b.Array(elems), true
	}
	if nk <= SmallObject {
		index = nil
	}
	if guessed && nk == len(guess) {
		// Every key is guess's, in its order (guess has no key twice, so
		// none was given twice): its slice, as handed out before.
		d.keys = d.keys[:kbase]
		return d.b.Object(guess, elems, index), true
	}
	return d.b.Object(d.takeKeys(keys[:min(nk, SmallObject)], kbase, plain), elems, index), true
}

// indexKeys returns the positions of an object's keys, first and then
// the decoder's keys from kbase on, in a map with room for as many again.
func (d *decoder[V, B]) indexKeys(first []string, kbase int) map[string]int {
	rest := d.keys[kbase:]
	index := make(map[string]int, 2*(len(first)+len(rest)))
	for i, k := range first {
		index[k] = i
	}
	for i, k := range rest {
		index[k] = len(first) + i
	}
	return index
}

// expect reads the object key at the current position when its text is
// key, a plain key read before (see shapeOf: its text is its value, with
// no quote, backslash or control byte, so that equal bytes followed by a
// quote are that key): then it is key again, found by comparing its
// bytes, not by scanning and hashing them; else nothing is read.
func (d *decoder[V, B]) expect(key string) (string, bool) {
	end := d.Pos + 1 + len(key)
	if end >= len(d.Data) || d.Data[end] != '"' || string(d.Data[d.Pos+1:end]) != key {
		return "", false
	}
	d.Pos = end + 1
	return key, true
}

// shapeOf returns the keys of the last object handed out (if pooled)
// whose first key was first, its keys all plain: the keys a document's
// next object of the same kind most likely has, for expect. Nil when
// there is none.
func (d *decoder[V, B]) shapeOf(first string) []string {
	if keys := d.shapes[shapeSlot(first)]; len(keys) > 0 && keys[0] == first {
		return keys
	}
	return nil
}

// shapeSlot is the slot in shapes of the objects whose first key is k.
func shapeSlot(k string) uint {
	h := uint(len(k))
	if k != "" {
		h += uint(k[0])*7 + uint(k[len(k)-1])*3
	}
	return h & (numShapes - 1)
}

// numShapes is the length of shapes, a power of two.
const numShapes = 32

// takeKeys is take for the keys of an object, first and then the
// decoder's from kbase on: the slice of an object of the same keys handed
// out before when it is in shared, else a new one, kept there. Keys that
// are all plain are kept in shapes too.
func (d *decoder[V, B]) takeKeys(first []string, kbase int, plain bool) []string {
	rest := d.keys[kbase:]
	if !d.pooled || len(first) == 0 {
		return take(first, &d.keys, kbase, &d.keyChunk)
	}
	n := len(first) + len(rest)
	slot := &d.shared[uint(n*7+len(first[0]))%uint(len(d.shared))]
	if len(*slot) != n || !slices.Equal((*slot)[:len(first)], first) || !slices.Equal((*slot)[len(first):], rest) {
		*slot = take(first, &d.keys, kbase, &d.keyChunk)
	} else {
		d.keys = d.keys[:kbase]
	}
	if plain {
		d.shapes[shapeSlot(first[0])] = *slot
	}
	return *slot
}

// keysAt returns where each key of the object that starts at offset start
// is first given, reading it again up to offset end: what the first key
// given twice in an object needs, found once, so that reading an object
// without one costs nothing more. The text was read without a problem.
func (d *decoder[V, B]) keysAt(start, end int) map[string]int {
	at := map[string]int{}
	l := jsonlex.Lexer{Data: d.Data, Pos: start + 1, LoneSurrogates: d.LoneSurrogates}
	for l.Peek() == '"' && l.Pos < end {
		keyAt := l.Pos
		k, err := l.String()
		if err != nil || !l.Is(':') {
			break
		}
		if _, ok := at[string(k)]; !ok {
			at[string(k)] = keyAt
		}
		if l.Peek(); l.Skip() != nil || !l.Is(',') {
			break
		}
	}
	return at
}

// duplicate records the key read at offset at, at the current path, as
// given twice, the first being at the offset first returns.
// Once MaxDuplicates are listed, or their paths add up to more than the
// text read so far (deep keys make long paths), one ManyDuplicates problem
// ends the list, so that the problems cost no more than the document
// (and the objects read again to find the first keys are at most
// MaxDuplicates).
func (d *decoder[V, B]) duplicate(at int, first func() int) {
	if d.dups > MaxDuplicates {
		return // the list has ended
	}
	pos := d.Pos
	d.Pos = at
	if d.dups < MaxDuplicates && d.pathLen <= at-d.start {
		d.dups++
		d.fail(Duplicate, jsonlex.Duplicate(d.position(first())))
	} else {
		d.dups = MaxDuplicates + 1
		line, col := d.position(at)
		d.problems = append(d.problems, Problem{Kind: ManyDuplicates, Offset: at, Line: line, Column: col, Err: jsonlex.ManyDuplicates(MaxDuplicates)})
	}
	d.Pos = pos
}

// text decodes the string starting at the current '"'. Without escapes,
// the value is copied into the decoder's arena, shared by the strings of
// the documents read (see str), once for a text read shortly before (see
// scalar); with escapes, or for Skip, it is a string of its own. A string of printable ASCII, the common case, is read
// eight bytes at a time (jsonlex.PlainEnd); any other is the lexer's.
func (d *decoder[V, B]) text() (string, bool) {
	at := d.Pos
	if end := jsonlex.PlainEnd(d.Data, at+1); end >= 0 {
		d.Pos = end + 1
		if !d.pooled {
			return string(d.Data[at+1 : end]), true
		}
		return d.scalar(d.Data[at+1 : end]), true
	}
	v, err := d.String()
	if err != nil {
		d.fail(Syntax, err)
		return "", false
	}
	if !d.pooled || len(v) != d.Pos-at-2 {
		// An escape makes the value shorter than its text.
		return string(v), true
	}
	return d.str(v), true
}

// keyText is text for an object key: a plain key read before (whose text
// is in keyCache) is the same string again. plain reports a key whose
// text is its value (see jsonlex.PlainEnd).
func (d *decoder[V, B]) keyText() (key string, plain, ok bool) {
	at := d.Pos
	end := jsonlex.PlainEnd(d.Data, at+1)
	if end < at+3 || !d.pooled {
		key, ok = d.text() // escaped, not ASCII, empty or of one byte (which cost nothing)
		return key, end >= 0, ok
	}
	d.Pos = end + 1
	return d.interned(d.Data[at+1:end], d.keyCache[:]), true, true
}

// interned returns raw, of two bytes or more, as a string of the
// decoder's arena: the one in cache when it holds that text, else a new
// one, kept there. A plan repeats its keys, types, names and actions: a
// text read again is neither copied nor kept twice, and a builder that
// compares it with one it has seen finds the same string (comparing them
// is comparing pointers).
func (d *decoder[V, B]) interned(raw []byte, cache []string) string {
	h := uint(len(raw))*31 + uint(raw[0])*7 + uint(raw[len(raw)-1]) + uint(raw[len(raw)/2])*3
	slot := &cache[h&uint(len(cache)-1)] // a power of two long: a mask, not a division
	if *slot != string(raw) {
		*slot = d.str(raw)
	}
	return *slot
}

// scalar returns the text of a plain string or a number, read when
// pooled: interned, unless of a byte or none (which cost nothing).
func (d *decoder[V, B]) scalar(raw []byte) string {
	if len(raw) < 2 {
		return d.str(raw)
	}
	return d.interned(raw, d.valCache[:])
}

// str returns text as a string of the decoder's arena, in which a
// string kept keeps at most its block alive; one of a byte or none costs
// nothing.
func (d *decoder[V, B]) str(text []byte) string {
	if len(text) <= 1 {
		return string(text) // the runtime has every string of one byte
	}
	return d.strs.String(text)
}

// Errors returns problems as one error for a reader to return, nil for
// none: each a *field.Error at root joined with the problem's path, whose
// Err is a *jsonlex.Error with the problem's line, column and words, also
// matching the reader's sentinel also when it is not nil.
func Errors(problems []Problem, root field.Path, also error) error {
	var errs field.List
	for _, p := range problems {
		errs.Add(root.Join(p.Path), &jsonlex.Error{Line: p.Line, Column: p.Column, Err: p.Err, Also: also})
	}
	return errs.Err()
}

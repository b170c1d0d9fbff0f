// Package fingerprint computes the fingerprints of findings: a hash of the
// rule's code and the finding's stable place, the plan path of its value
// with each array index replaced by the identity of the element it
// indexes, so that the same finding has the same fingerprint whatever
// else the plan holds and in whatever order (see the root's
// Finding.Fingerprint). It is the computation behind Check's fingerprints,
// which the root stamps on the findings and SARIF writes out.
//
// Nothing here does I/O; a [Placer] is the state of one report's
// stamping.
package fingerprint

import (
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsondecode"
	"github.com/vpcgate/vpcgate/internal/locate"
)

// fingerprintVersion leads what a fingerprint hashes; a change of what goes
// in changes it, so that old and new fingerprints never collide.
const fingerprintVersion = "vpcgate/v1"

// Sum returns the fingerprint of a finding with code at the stable place:
// the first 32 hex digits of the SHA-256 of "vpcgate/v1", code and place,
// each followed by a zero byte, and of extra when it is not empty.
func Sum(code, place, extra string) string {
	var scratch [256]byte
	buf := append(scratch[:0], fingerprintVersion...)
	buf = append(buf, 0)
	buf = append(append(buf, code...), 0)
	buf = append(append(buf, place...), 0)
	buf = append(buf, extra...)
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16])
}

// Placer turns the places of findings into stable places: the plan path
// of the finding's value with each array index replaced by the identity of
// the element it indexes, so that what is added, removed or moved elsewhere
// in the plan does not change it:
//
//	authorizations[3].addr           → authorizations["orders"].addr
//	instance.zones[1].vSwitchCidr    → instance.zones["cn-hangzhou-j"].vSwitchCidr
//	securityGroups[0].rules[2]       → securityGroups["sg-1"].rules["{\"policy\":...}"]
//
// An element's identity is its "id", else its "name", else its "zoneId"
// when not empty; for a block, an address or a string, its text; for
// anything else (a security group rule) its JSON. The k-th element (k ≥ 2)
// of an array with the same identity as earlier ones gets "#k" after it.
// A key that is not a plain name is quoted in brackets, as [field.Path]
// writes it.
// A place of a plan read from responses or Terraform is first mapped back
// to the plan path whose value it names (the least such path, so that the
// answer does not depend on map order); a place that no path of the plan's
// Source maps to stays as it is.
type Placer struct {
	p       reflect.Value
	back    map[string]string     // a Source place: the least plan path it names
	ids     map[sliceKey][]string // an array: its elements' identities
	structs map[reflect.Type]jmap // a struct type: its fields by JSON name
	buf     []byte                // scratch for place
	segs    []locate.Seg          // scratch for place
}

// jmap holds a struct type's fields by JSON name, embedded ones included.
type jmap map[string][]int

// NewPlacer returns the placer of plan, a struct read from JSON whose
// source maps its paths to the places of the document it was read from;
// only the places in wheres are mapped back.
func NewPlacer(plan reflect.Value, source map[field.Path]string, wheres map[string]bool) *Placer {
	pl := &Placer{p: plan, ids: map[sliceKey][]string{}, structs: map[reflect.Type]jmap{}}
	if len(source) > 0 {
		pl.back = map[string]string{}
		for path, place := range source {
			if !wheres[place] {
				continue
			}
			if cur, ok := pl.back[place]; !ok || string(path) < cur {
				pl.back[place] = string(path)
			}
		}
	}
	return pl
}

// Place returns the stable place of a finding at where.
func (pl *Placer) Place(where string) string {
	path := where
	if pl.back != nil {
		p, ok := pl.back[where]
		if !ok {
			return where // a place of the source with no value of the plan
		}
		path = p
	}
	segs, ok := locate.SplitInto(pl.segs[:0], path)
	if !ok {
		return where
	}
	pl.segs = segs[:0]
	b := pl.buf[:0]
	defer func() { pl.buf = b[:0] }()
	v := pl.p
	for i, s := range segs {
		if s.Index < 0 {
			key := field.Path("").Key(s.Key) // a key that is not a plain name is quoted, as in the path
			if len(b) > 0 && key[0] != '[' {
				b = append(b, '.')
			}
			b = append(b, key...)
			v = pl.member(v, s.Key)
			continue
		}
		if !v.IsValid() || v.Kind() != reflect.Slice || s.Index >= v.Len() {
			// Not in the plan: the rest as written.
			return string(b) + string(field.Path("").Join(locate.PathOf(segs[i:])))
		}
		id := pl.identities(v)[s.Index]
		v = v.Index(s.Index)
		b = append(b, '[')
		b = strconv.AppendQuote(b, id)
		b = append(b, ']')
	}
	return string(b)
}

// member returns the field of struct v (through pointers) whose JSON name
// is key, or the invalid Value.
func (pl *Placer) member(v reflect.Value, key string) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	m, ok := pl.structs[v.Type()]
	if !ok {
		m = jmap{}
		jsondecode.Fields(v.Type(), nil, func(name string, index []int, _ reflect.Type) {
			if _, dup := m[name]; !dup {
				m[name] = index
			}
		})
		pl.structs[v.Type()] = m
	}
	index, ok := m[key]
	if !ok {
		return reflect.Value{}
	}
	return v.FieldByIndex(index)
}

// sliceKey tells slices apart: the address of the first element and the
// length.
type sliceKey struct {
	ptr uintptr
	n   int
}

// identities returns the identity of each element of the slice v, worked
// out once per slice.
func (pl *Placer) identities(v reflect.Value) []string {
	key := sliceKey{v.Pointer(), v.Len()}
	if ids, ok := pl.ids[key]; ok {
		return ids
	}
	ids := make([]string, v.Len())
	seen := map[string]int{}
	for i := range ids {
		id := pl.identity(v.Index(i))
		if n := seen[id] + 1; n > 1 {
			seen[id] = n
			id += "#" + strconv.Itoa(n)
		} else {
			seen[id] = 1
		}
		ids[i] = id
	}
	pl.ids[key] = ids
	return ids
}

// identity returns what names element e among its array's elements.
func (pl *Placer) identity(e reflect.Value) string {
	for e.Kind() == reflect.Pointer {
		if e.IsNil() {
			return "null"
		}
		e = e.Elem()
	}
	if tm, ok := e.Interface().(encoding.TextMarshaler); ok {
		if b, err := tm.MarshalText(); err == nil {
			return string(b)
		}
	}
	switch e.Kind() {
	case reflect.String:
		if e.String() == "" {
			return `""`
		}
		return e.String()
	case reflect.Struct:
		for _, k := range []string{"id", "name", "zoneId"} {
			if f := pl.member(e, k); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
				return f.String()
			}
		}
	}
	b, err := json.Marshal(e.Interface())
	if err != nil {
		return fmt.Sprint(e.Interface())
	}
	return string(b)
}

// Unique returns the fingerprint of code at place, or, when shared (other
// findings of the report have the same code and place: one mistake
// reported against two instances) or when used already holds it, the
// fingerprint with what added, and then a count, so that no two findings
// of a report share one; it adds the fingerprint to used. A shared
// finding's fingerprint is never the plain one, so that when the others
// are gone, none of them takes the place of another's: the one left then
// has the plain fingerprint, a new one (a tool that follows fingerprints
// sees it as new, never as the one gone).
func Unique(used map[string]bool, code, place, what string, shared bool) string {
	fp := Sum(code, place, "")
	if shared {
		fp = Sum(code, place, what)
	}
	for n := 1; used[fp]; n++ {
		extra := what
		if n > 1 {
			extra += "#" + strconv.Itoa(n)
		}
		fp = Sum(code, place, extra)
	}
	used[fp] = true
	return fp
}

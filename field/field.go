// Package field names where a problem is in a value, by the value's JSON
// path, and carries the problem.
//
// Every validator of the module reports problems as [*Error] values whose
// Field is a JSON path written with the JSON names of the library's types
// ("zones[1].vSwitchCidr", "authorizations[3].addr"), so that a whole-plan
// report can name the place in the document without a mapping table. A
// caller that validates a part of a larger document moves the part's
// problems under the part's path with [Under].
//
// The package is small on purpose: a [Path] type, an [Error] type that
// unwraps to the problem, and helpers to collect and re-root them. It does
// no I/O and keeps no state.
package field

import (
	"errors"
	"reflect"
	"strconv"
)

// Path is a JSON path such as "instance.zones[1].vSwitchCidr": object keys
// joined by dots, array indexes in brackets, and map keys that are not plain
// names quoted in brackets (`to_connect_vpc_ip_block["a b"]`). The empty
// Path is the root of the value.
type Path string

// Child returns the path of the member name of the object at p.
func (p Path) Child(name string) Path {
	if p == "" {
		return Path(name)
	}
	return p + "." + Path(name)
}

// Index returns the path of element i of the array at p.
func (p Path) Index(i int) Path {
	return p + "[" + Path(strconv.Itoa(i)) + "]"
}

// Key returns the path of the map entry k of the object at p: a child when
// k is a plain name (ASCII letters, digits, '_' and '-', not starting with a
// digit), otherwise k quoted in brackets.
func (p Path) Key(k string) Path {
	if plain(k) {
		return p.Child(k)
	}
	return p + "[" + Path(strconv.Quote(k)) + "]"
}

func plain(k string) bool {
	if k == "" || k[0] >= '0' && k[0] <= '9' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Join returns the path q read from the value at p: Join("a[1]", "b.c") is
// "a[1].b.c", Join("a", "[2]") is "a[2]", and the empty path is the
// identity on either side.
func (p Path) Join(q Path) Path {
	switch {
	case p == "":
		return q
	case q == "":
		return p
	case q[0] == '[':
		return p + q
	}
	return p + "." + q
}

// String returns p as text.
func (p Path) String() string { return string(p) }

// Error is one problem with one field, named by its JSON path from the
// validated value. It unwraps to Err, so [errors.Is] reaches the sentinel
// the problem matches.
type Error struct {
	// Field is the JSON path of the field; empty for the value itself.
	Field Path
	// Err says what is wrong; it is or wraps a sentinel. It is never nil in
	// errors made by this module.
	Err error
}

// New returns the problem err at path p.
func New(p Path, err error) *Error { return &Error{Field: p, Err: err} }

// Error returns "<Field>: <Err>", or Err's message when Field is empty.
func (e *Error) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Field == "" {
		return msg
	}
	return string(e.Field) + ": " + msg
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// List collects the problems of a validation. Its zero value is empty and
// ready to use.
type List []error

// Add appends err at path p; a nil err adds nothing.
func (l *List) Add(p Path, err error) {
	if err != nil {
		*l = append(*l, &Error{Field: p, Err: err})
	}
}

// AddUnder appends every problem of err (see [Split]) moved under root, as
// [Under] does; a nil err adds nothing.
func (l *List) AddUnder(root Path, err error) {
	for _, e := range Split(err) {
		*l = append(*l, under(root, e))
	}
}

// Err returns nil when l is empty, else every problem joined with
// [errors.Join]. It never returns a typed nil.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return errors.Join(l...)
}

// Split returns the problems of err: the errors joined in it when it was
// made by [errors.Join] (or [List.Err]), flattened so that a join of joins
// gives every leaf, otherwise err alone; nil for nil. Errors that wrap
// several errors for matching (fmt.Errorf with two %w verbs) are kept whole.
func Split(err error) []error {
	if err == nil {
		return nil
	}
	if !isJoin(err) {
		return []error{err}
	}
	var out []error
	var walk func(error) // appends to one list: nested joins cost linear time
	walk = func(e error) {
		switch {
		case e == nil:
		case isJoin(e):
			for _, x := range e.(interface{ Unwrap() []error }).Unwrap() {
				walk(x)
			}
		default:
			out = append(out, e)
		}
	}
	walk(err)
	return out
}

// joinType is the dynamic type of the errors that errors.Join returns.
var joinType = reflect.TypeOf(errors.Join(errors.New("")))

// isJoin reports whether e was made by errors.Join.
func isJoin(e error) bool { return reflect.TypeOf(e) == joinType }

// Under returns err with each of its problems moved under root: an [*Error]
// at path f becomes one at root.Join(f), any other problem one at root. A
// joined err stays joined, problem by problem; nil stays nil.
func Under(root Path, err error) error {
	parts := Split(err)
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return under(root, parts[0])
	}
	out := make([]error, len(parts))
	for i, e := range parts {
		out[i] = under(root, e)
	}
	return errors.Join(out...)
}

func under(root Path, e error) error {
	if fe, ok := e.(*Error); ok {
		return &Error{Field: root.Join(fe.Field), Err: fe.Err}
	}
	return &Error{Field: root, Err: e}
}

// PathOf returns the path of the outermost [*Error] in err's chain, and
// whether there is one.
func PathOf(err error) (Path, bool) {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Field, true
	}
	return "", false
}

// Package errindex finds, for an error, the first of an ordered list of
// classes whose sentinel errors it matches with errors.Is, walking the
// error's tree once, as errors.Is does, instead of once per sentinel. The
// root's rule table (CodeOf, and the code of every finding) is such a list:
// one class per rule, in the table's order.
//
// Nothing here does I/O; an Index is immutable once made and safe for
// concurrent use.
package errindex

import "reflect"

// Index holds classes of sentinel errors, in order.
type Index struct {
	classes    [][]error
	bySentinel map[error]int // the first class of each sentinel
}

// New returns the index of classes, each a list of sentinel errors
// (pointers, as errors.New makes them). It keeps classes: the caller must
// not change them.
func New(classes [][]error) *Index {
	x := &Index{classes: classes, bySentinel: map[error]int{}}
	for i, errs := range classes {
		for _, s := range errs {
			if _, dup := x.bySentinel[s]; !dup {
				x.bySentinel[s] = i // the first class that lists it
			}
		}
	}
	return x
}

// First returns the index of the first class that err matches (a
// sentinel of the class is in err's tree, or an error of the tree says
// so with its Is method), and false when none does. Its cost is one walk
// of err's tree, with a lookup per pointer in it, plus, per error of the
// tree with an Is method, a call per sentinel of the classes before the
// best found so far.
func (x *Index) First(err error) (int, bool) {
	best := x.first(err, len(x.classes))
	return best, best < len(x.classes)
}

// first returns the index of the first class before best that err's tree
// matches, or best.
func (x *Index) first(err error, best int) int {
	for err != nil {
		// Sentinels are pointers: only a pointer can be one, and looking
		// up anything else could hash an unhashable value inside it.
		if reflect.TypeOf(err).Kind() == reflect.Pointer {
			if i, ok := x.bySentinel[err]; ok {
				best = min(best, i)
			}
		}
		if m, ok := err.(interface{ Is(error) bool }); ok {
		classes:
			for i, errs := range x.classes[:best] {
				for _, s := range errs {
					if m.Is(s) {
						best = i
						break classes
					}
				}
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				best = x.first(e, best)
			}
			return best
		default:
			return best
		}
	}
	return best
}

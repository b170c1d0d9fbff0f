package field

import "errors"

// The module's shared sentinels, matched with [errors.Is]. Package
// instance keeps its names for them (instance.ErrRequired is ErrRequired,
// instance.ErrDuplicate is ErrDuplicate), so that code written against
// either matches the same problems.
var (
	// ErrRequired matches a required value left empty or missing.
	ErrRequired = errors.New("required")
	// ErrDuplicate matches a value given twice where one is allowed: a
	// zone, a vSwitch, an instance, a group or a security group of a plan,
	// and an object key of a JSON document. A [*DuplicateError] says what
	// and where the other one is.
	ErrDuplicate = errors.New("given twice")
)

// DuplicateError is a value given twice: what it is, and where the other
// one is, so that both can be found. It is the one form of the module's
// "given twice (also at ...)" messages:
//
//	zone "cn-hangzhou-j" given twice (also at zones[0])
//	key given twice (also at line 3, column 5)
//
// It unwraps to Err, so [errors.Is] reaches [ErrDuplicate] or the more
// specific sentinel the caller chose.
type DuplicateError struct {
	// What names the value given twice: `zone "cn-hangzhou-j"`, `key`.
	What string
	// Also is where the other one is: a path ("zones[0]") or a position
	// in a document ("line 3, column 5"); empty when not known.
	Also string
	// Err is the sentinel the problem matches: ErrDuplicate, or a more
	// specific one such as a package's "authorization name given twice".
	Err error
}

// Duplicate returns the problem of what, given twice, the other one being
// at also, matching err ([ErrDuplicate] when err is nil).
func Duplicate(err error, what, also string) *DuplicateError {
	if err == nil {
		err = ErrDuplicate
	}
	return &DuplicateError{What: what, Also: also, Err: err}
}

// Error returns "<What> given twice (also at <Also>)", without the
// parenthesis when Also is empty.
func (e *DuplicateError) Error() string {
	msg := e.What + " given twice"
	if e.What == "" {
		msg = "given twice"
	}
	if e.Also != "" {
		msg += " (also at " + e.Also + ")"
	}
	return msg
}

// Unwrap returns Err, or [ErrDuplicate] when Err is nil.
func (e *DuplicateError) Unwrap() error {
	if e.Err == nil {
		return ErrDuplicate
	}
	return e.Err
}

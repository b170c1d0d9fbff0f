package jsonlex

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/field"
)

// The vocabulary of the problems of a JSON document: every reader of the
// module words the same mistake with these, so that a plan, a waiver file,
// an OpenAPI response and a Terraform plan say the same thing about it.
var (
	// ErrSyntax matches JSON that is not well-formed: "malformed JSON: "
	// and what is wrong, as [Syntax] words it.
	ErrSyntax = errors.New("malformed JSON")
	// ErrBadUTF8 is a byte that is not UTF-8, inside a string or out. It
	// matches ErrSyntax, as ErrBOM and ErrEmpty do: each is a document
	// that is no JSON text, in words of its own.
	ErrBadUTF8 error = &worded{ErrSyntax, "invalid UTF-8"}
	// ErrBOM is a document that starts with a byte order mark, which JSON
	// does not allow (RFC 8259 §8.1).
	ErrBOM error = &worded{ErrSyntax, "the document starts with a UTF-8 byte order mark (BOM); save it without one"}
	// ErrEmpty is a document of white space at most. Every reader of the
	// module wants an object.
	ErrEmpty error = &worded{ErrSyntax, "empty document: want a JSON object"}
	// ErrSurrogate is a \u escape of half a UTF-16 surrogate pair, where
	// the reader refuses it.
	ErrSurrogate = errors.New("invalid UTF-16 surrogate escape in a string")
	// ErrUnknownField matches an object key that names no field of a
	// reader that knows them all; [UnknownField] lists the fields.
	ErrUnknownField = errors.New("unknown field")
	// ErrTooDeep matches a value nested deeper than a reader allows;
	// [TooDeep] says how deep.
	ErrTooDeep = errors.New("nested too deep")
)

// Syntax returns the syntax problem detail: "malformed JSON: " + detail,
// matching [ErrSyntax].
func Syntax(detail string) error { return &syntaxError{detail} }

type syntaxError struct{ detail string }

func (e *syntaxError) Error() string { return ErrSyntax.Error() + ": " + e.detail }
func (e *syntaxError) Unwrap() error { return ErrSyntax }

// The syntax problems' details.
const (
	detailEnd          = "unexpected end of the document"
	detailTrailing     = "data after the document's JSON value"
	detailNumber       = "invalid number"
	detailUnterminated = "unterminated string"
	detailControl      = "a control character in a string must be escaped"
	detailHex          = `want four hex digits after \u`
)

// Trailing is the problem of data after the document's value.
func Trailing() error { return Syntax(detailTrailing) }

// Want returns the problem of data[at] where want was expected:
// "malformed JSON: want want, got 'x'" (or "unexpected end of the
// document" at the end), and [ErrBadUTF8] when data[at] starts no UTF-8
// character.
func Want(data []byte, at int, want string) error {
	if at >= len(data) {
		return Syntax(detailEnd)
	}
	r, n := utf8.DecodeRune(data[at:])
	if r == utf8.RuneError && n <= 1 {
		return ErrBadUTF8
	}
	return Syntax("want " + want + ", got " + strconv.QuoteRune(r))
}

// Duplicate returns the problem of an object key given twice, the other
// being at line, col: "key given twice (also at line 3, column 5)",
// matching [field.ErrDuplicate].
func Duplicate(line, col int) error {
	return field.Duplicate(field.ErrDuplicate, "key", At(line, col))
}

// ManyDuplicates returns the problem that ends a list of n keys given
// twice: "more than 100 keys given twice; the rest are not listed",
// matching [field.ErrDuplicate].
func ManyDuplicates(n int) error {
	return &worded{field.ErrDuplicate, "more than " + strconv.Itoa(n) + " keys given twice; the rest are not listed"}
}

// At words a position: "line 3, column 5".
func At(line, col int) string {
	return "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col)
}

// UnknownField returns the problem of a key that names none of the fields
// known, listed for the message: "unknown field; the fields here are a, b".
func UnknownField(known string) error {
	return &worded{ErrUnknownField, ErrUnknownField.Error() + "; the fields here are " + known}
}

// TooDeep returns the problem of a value nested deeper than levels levels:
// "nested deeper than 64 levels".
func TooDeep(levels int) error {
	return &worded{ErrTooDeep, "nested deeper than " + strconv.Itoa(levels) + " levels"}
}

// worded is a problem matching err, in words of its own.
type worded struct {
	err error
	msg string
}

func (e *worded) Error() string { return e.msg }
func (e *worded) Unwrap() error { return e.err }

// Error is a problem at a place in a document, for a reader to report with
// the problem's path: its line and column, counting from 1 (the column in
// characters, as [Lines.Position] counts them), and what is wrong. Its message is Err's: the reader prints the
// place.
type Error struct {
	Line, Column int
	Err          error
	// Also is a sentinel of the reader that found the problem, which the
	// problem matches beside Err (it adds nothing to the message); nil
	// for none.
	Also error
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns Err, and Also when it is set.
func (e *Error) Unwrap() []error {
	if e.Also == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Also}
}

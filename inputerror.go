package vpcgate

import (
	"errors"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
	"github.com/vpcgate/vpcgate/internal/locate"
	"github.com/vpcgate/vpcgate/internal/problem"
)

// ErrInvalidPlan matches every problem of the input a plan is read from:
// what [ParsePlan], [ReadResponses], [ReadNamedResponses], [Snapshot.Plan],
// [ParseMove] and [ReadTerraformPlan] report. Each such problem is an
// [*InputError].
var ErrInvalidPlan = errors.New("invalid plan")

// InputError is one problem of the input a plan is read from: where it is,
// by path and, when known, by line and column in its document, and what is
// wrong. Every reader words the same mistake the same way ("key given twice
// (also at line 3, column 5)", "unknown field; ...", "malformed JSON: ...",
// "invalid UTF-8", a byte order mark, "malformed JSON: data after the
// document's JSON value"). It unwraps to [ErrInvalidPlan] and to the error
// behind it, such as [cidr.ErrInvalidPrefix].
type InputError struct {
	// File names the document the problem is in when the reader was given
	// names ([ReadNamedResponses]); empty otherwise, the document then
	// being the one read or the one Path names.
	File string
	// Path is the place of the problem: the JSON path of the value in a
	// plan ("authorizations[3].addr") or a Terraform plan; a response and
	// the JSON path in it ("DescribeVpcAccesses[0].RequestId"); empty for
	// the document itself.
	Path field.Path
	// Line and Column locate the problem in its document, counting from
	// 1; Column counts characters (Unicode code points), as a Finding's
	// does and an editor shows. Both are 0 when the place is not in a
	// document (a move, two responses that disagree).
	Line, Column int
	// Err says what is wrong.
	Err error
}

// Error returns, for example, `authorizations[3].addr (line 12, column 20):
// invalid IP address "10.0.0.256": ...`; the position is left out when it
// is not known, and the path when it is empty.
func (e *InputError) Error() string { return problem.Error(string(e.Path), e.Line, e.Column, e.Err) }

// Unwrap returns ErrInvalidPlan and the problem as a [*field.Error] at
// Path wrapping Err, so that [errors.Is] reaches Err's sentinels and
// [errors.As] (or [field.PathOf]) finds the path, as for the module's
// validators.
func (e *InputError) Unwrap() []error {
	return []error{ErrInvalidPlan, &field.Error{Field: e.Path, Err: e.Err}}
}

// inputErrors returns the problems of err, what an internal reader
// returned (a join of *field.Error, or another error), as *InputError
// values joined: each at the paths of its field errors joined, with the
// line and column its reader found (a *jsonlex.Error inside) and the error
// behind. where says, for a problem's path, which of docs it lies in (-1
// for none), the document's name, and the path inside it; a problem
// without a position gets that of its value there, or of the nearest value
// above it (the document's own for a missing member of it). The cost is
// linear in the documents' size and the problems'.
func inputErrors(err error, docs [][]byte, where func(field.Path) (doc int, file string, inner field.Path)) error {
	parts := field.Split(err)
	if len(parts) == 0 {
		return nil
	}
	out := make([]error, len(parts))
	type find struct {
		e     *InputError
		inner field.Path
	}
	finds := make(map[int][]find) // by document, the problems to place
	for i, p := range parts {
		e, ok := p.(*InputError)
		if !ok {
			e = inputError(p)
		}
		out[i] = e
		if where == nil {
			continue
		}
		doc, file, inner := where(e.Path)
		if e.File == "" {
			e.File = file
		}
		if e.Line == 0 && doc >= 0 && doc < len(docs) {
			finds[doc] = append(finds[doc], find{e, inner})
		}
	}
	for doc, fs := range finds {
		paths := make([]field.Path, len(fs))
		for i, f := range fs {
			paths[i] = f.inner
		}
		for i, pos := range locate.JSONOrDocument(docs[doc], paths) {
			fs[i].e.Line, fs[i].e.Column = pos.Line, pos.Col
		}
	}
	return errors.Join(out...)
}

// inputError takes a reader's problem apart: the paths of its field
// errors, joined, and the position and error inside.
func inputError(err error) *InputError {
	var buf [4]field.Path // most problems nest no deeper
	paths, err := problem.Unwrap(err, buf[:0])
	if e, ok := err.(*InputError); ok && e != nil {
		inner := *e
		inner.Path = field.Path(problem.Join(append(paths, e.Path)))
		return &inner
	}
	e := &InputError{Path: field.Path(problem.Join(paths)), Err: err}
	if je, ok := err.(*jsonlex.Error); ok && je != nil {
		e.Line, e.Column = je.Line, je.Column // its message is its Err's
	}
	return e
}

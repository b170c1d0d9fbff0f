// Package problem takes apart and words the problems of the input a plan
// is read from, as the root's InputError, WaiverError and InputProblem
// print them: the paths of field errors nested in one another, joined
// into one place (Unwrap, Join); an error's message, even when its Error
// method panics (Message); and the text "where (line L, column C):
// message" (Placed, Error).
//
// Nothing here does I/O or keeps state.
package problem

import (
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// MaxNesting bounds how many [*field.Error] wrapped in one another Unwrap
// takes apart.
const MaxNesting = 64

// Unwrap appends to paths those of the [*field.Error] values err is made
// of, outermost first (at most MaxNesting of them), and returns them with
// the error inside.
func Unwrap(err error, paths []field.Path) ([]field.Path, error) {
	for range MaxNesting {
		fe, ok := err.(*field.Error)
		if !ok || fe == nil {
			break
		}
		paths = append(paths, fe.Field)
		err = fe.Err
	}
	return paths, err
}

// Join joins paths as [field.Path.Join] does, in one allocation (none for
// one path).
func Join(paths []field.Path) string {
	if len(paths) == 1 {
		return string(paths[0])
	}
	n := 0
	for _, p := range paths {
		n += len(p) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range paths {
		if p == "" {
			continue
		}
		if b.Len() > 0 && p[0] != '[' {
			b.WriteByte('.')
		}
		b.WriteString(string(p))
	}
	return b.String()
}

// Message returns err's message: "<nil>" for a nil error, and, when its
// Error method panics (a nil pointer of a type that does not expect one),
// what fmt prints instead ("<nil>" for a nil pointer), never the panic.
func Message(err error) (msg string) {
	if err == nil {
		return "<nil>"
	}
	defer func() {
		if recover() != nil {
			msg = fmt.Sprint(err)
		}
	}()
	return err.Error()
}

// Error returns the message of err at where and, when line or col is not
// 0, the position, as [Placed] words them; a nil err's message is "<nil>".
func Error(where string, line, col int, err error) string {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
	}
	return Placed(where, line, col, msg)
}

// Placed returns msg at where and, when line or col is not 0, the
// position: "where (line L, column C): msg", with "where" and the
// parenthesis left out when where is empty ("line L, column C: msg"), and
// "where: " left out when there is neither a where nor a position.
func Placed(where string, line, col int, msg string) string {
	if line != 0 || col != 0 {
		pos := jsonlex.At(line, col)
		if where == "" {
			where = pos
		} else {
			where += " (" + pos + ")"
		}
	}
	if where == "" {
		return msg
	}
	return where + ": " + msg
}

package openapi

import (
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// paths makes the JSON paths of a read in a few large blocks of text
// instead of an allocation each: a page of n items names each of them, and
// a plan keeps a few paths of each value it uses. A path handed out is a
// slice of a block that is only ever appended to, so its bytes never
// change; a block is freed when no path of it is left. The zero paths is
// ready to use; it is not safe for concurrent use.
type paths struct {
	b       strings.Builder
	scratch []byte
}

// Sizes of the blocks: small at first, for small reads, then doubling.
const (
	pathsFirst = 1 << 10
	pathsMax   = 64 << 10
)

// grab returns where the next n bytes will start in the block, after
// starting a new block if the current one has less room.
func (a *paths) grab(n int) int {
	if a.b.Cap()-a.b.Len() < n {
		size := max(min(max(2*a.b.Cap(), pathsFirst), pathsMax), n)
		a.b = strings.Builder{}
		a.b.Grow(size)
	}
	return a.b.Len()
}

// done returns the text written to the block since start.
func (a *paths) done(start int) field.Path { return field.Path(a.b.String()[start:]) }

// child is p.Child(name).
func (a *paths) child(p field.Path, name string) field.Path {
	if p == "" {
		return field.Path(name)
	}
	start := a.grab(len(p) + 1 + len(name))
	a.b.WriteString(string(p))
	a.b.WriteByte('.')
	a.b.WriteString(name)
	return a.done(start)
}

// index is p.Index(i).
func (a *paths) index(p field.Path, i int) field.Path {
	var num [20]byte
	d := strconv.AppendInt(num[:0], int64(i), 10)
	start := a.grab(len(p) + len(d) + 2)
	a.b.WriteString(string(p))
	a.b.WriteByte('[')
	a.b.Write(d)
	a.b.WriteByte(']')
	return a.done(start)
}

// quoted is p followed by name quoted in brackets: `p["name"]`.
func (a *paths) quoted(p field.Path, name string) field.Path {
	a.scratch = strconv.AppendQuote(a.scratch[:0], name)
	start := a.grab(len(p) + len(a.scratch) + 2)
	a.b.WriteString(string(p))
	a.b.WriteByte('[')
	a.b.Write(a.scratch)
	a.b.WriteByte(']')
	return a.done(start)
}

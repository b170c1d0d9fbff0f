// Package arena hands out strings that share a few large blocks of memory
// instead of taking an allocation each: the text of a plan's many short
// strings (internal/jsondecode), the lines of a report (the root's check).
// Nothing here does I/O; an Arena is the state of its one user.
package arena

import "strings"

// Arena makes strings that share a few large blocks instead of taking an
// allocation each: the text of a plan's many short strings, the lines of a
// report. A string handed out is a slice of a block that is only ever
// appended to, so its bytes never change; a block is freed when no string
// of it is left. The zero Arena is ready to use.
type Arena struct {
	b strings.Builder
}

// Sizes of an arena's blocks: they start small, for small plans, and double.
const (
	arenaFirst = 512
	arenaMax   = 64 << 10
)

// String returns p as a string, copied into the arena, or into an allocation
// of its own when longer than an eighth of a block.
func (a *Arena) String(p []byte) string {
	if len(p) == 0 {
		return ""
	}
	if len(p) > arenaMax/8 {
		return string(p)
	}
	if a.b.Cap()-a.b.Len() < len(p) {
		size := min(max(2*a.b.Cap(), arenaFirst), arenaMax)
		a.b = strings.Builder{}
		a.b.Grow(size)
	}
	n := a.b.Len()
	a.b.Write(p)
	return a.b.String()[n:]
}

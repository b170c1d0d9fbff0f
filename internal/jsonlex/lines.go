package jsonlex

import (
	"bytes"
	"unicode/utf8"
)

// markEvery is the distance between the marks Lines keeps: where it
// restarts counting for an offset before the last one asked for.
const markEvery = 4096

// Lines finds the line and column of byte offsets in one document. It
// counts on from the last offset asked for, so that offsets asked for in
// order cost time linear in the document however many there are; an
// offset before the last one restarts from a mark kept every 4 KiB of the
// text read so far, so that it costs at most 4 KiB of counting. A Lines is
// not safe for concurrent use.
type Lines struct {
	data []byte
	// The line of offset at, counting from 1, and the offset its line
	// starts at.
	line, at, start int
	marks           []mark // marks[k] is the state at offset (k+1)*markEvery
	// For Columns: the characters from the start of a line to offset
	// charAt, when charAt is on the line last found.
	charAt, chars int
}

type mark struct{ line, start int }

// NewLines returns the positions of data, which it reads and never
// modifies.
func NewLines(data []byte) *Lines { return &Lines{data: data, line: 1, charAt: -1} }

// Position returns the line of offset off (counting from 1) and its column
// (counting bytes from 1). An offset outside the document is taken to its
// nearest end.
func (l *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(l.data))
	if off < l.at {
		l.restart(off)
	}
	for l.at < off {
		next := min(off, (l.at/markEvery+1)*markEvery)
		seg := l.data[l.at:next]
		if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
			l.line += n
			l.start = l.at + bytes.LastIndexByte(seg, '\n') + 1
		}
		l.at = next
		if next == (len(l.marks)+1)*markEvery {
			l.marks = append(l.marks, mark{l.line, l.start})
		}
	}
	return l.line, off - l.start + 1
}

// restart goes back to the last mark at or before off.
func (l *Lines) restart(off int) {
	k := off / markEvery // the marks before off: marks[k-1] is at k*markEvery
	if k == 0 {
		l.line, l.at, l.start = 1, 0, 0
		return
	}
	m := l.marks[k-1]
	l.line, l.at, l.start = m.line, k*markEvery, m.start
}

// Columns returns the line of offset off, its column in bytes and its
// column in characters (UTF-8 sequences), each counting from 1. Asked in
// order, the characters cost time linear in the document too.
func (l *Lines) Columns(off int) (line, byteCol, charCol int) {
	off = min(max(off, 0), len(l.data))
	line, byteCol = l.Position(off)
	if l.charAt < l.start || l.charAt > off {
		l.charAt, l.chars = l.start, 0
	}
	l.chars += utf8.RuneCount(l.data[l.charAt:off])
	l.charAt = off
	return line, byteCol, l.chars + 1
}

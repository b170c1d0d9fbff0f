package jsonlex

import "bytes"

// markEvery is the distance between the marks Lines keeps: where it
// restarts counting for an offset before the last one asked for.
const markEvery = 4096

// Lines finds the line and column of byte offsets in one document. It
// counts on from the last offset asked for, so that offsets asked for in
// order cost time linear in the document however many there are; an
// offset before the last one restarts from a mark kept every 4 KiB of the
// text read so far, so that it costs at most 4 KiB of counting, however
// long its line (a Terraform plan is one line). A Lines is not safe for
// concurrent use.
type Lines struct {
	data []byte
	// The line of offset at, counting from 1, the offset its line starts
	// at, and the characters from there to at.
	line, at, start, chars int
	marks                  []mark // marks[k] is the state at offset (k+1)*markEvery
}

type mark struct{ line, start, chars int }

// NewLines returns the positions of data, which it reads and never
// modifies.
func NewLines(data []byte) *Lines { return &Lines{data: data, line: 1} }

// Position returns the line of offset off and its column in characters,
// each counting from 1, as [Lines.Columns] counts them: the column a
// person's editor shows, and SARIF's unicodeCodePoints. An offset outside
// the document is taken to its nearest end.
func (l *Lines) Position(off int) (line, col int) {
	line, _, col = l.Columns(off)
	return line, col
}

// Columns returns the line of offset off, its column in bytes and its
// column in characters, each counting from 1. A character is a UTF-8
// sequence: the bytes that start one are counted (every byte but
// 10xxxxxx), so that in valid UTF-8 a character is a Unicode code point.
// An offset outside the document is taken to its nearest end.
func (l *Lines) Columns(off int) (line, byteCol, charCol int) {
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
			l.chars = chars(l.data[l.start:next])
		} else {
			l.chars += chars(seg)
		}
		l.at = next
		if next == (len(l.marks)+1)*markEvery {
			l.marks = append(l.marks, mark{l.line, l.start, l.chars})
		}
	}
	return l.line, off - l.start + 1, l.chars + 1
}

// restart goes back to the last mark at or before off.
func (l *Lines) restart(off int) {
	k := off / markEvery // the marks before off: marks[k-1] is at k*markEvery
	if k == 0 {
		l.line, l.at, l.start, l.chars = 1, 0, 0, 0
		return
	}
	m := l.marks[k-1]
	l.line, l.at, l.start, l.chars = m.line, k*markEvery, m.start, m.chars
}

// chars counts the characters that start in b: its bytes that are not
// UTF-8 continuation bytes.
func chars(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

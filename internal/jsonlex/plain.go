package jsonlex

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Masks of PlainEnd: a byte of ones, a byte's high bit, and a byte of each
// value that ends a plain string, in each of eight bytes.
const (
	ones       = 0x0101010101010101
	highs      = 0x8080808080808080
	quotes     = '"' * ones
	backslashs = '\\' * ones
	spaces     = ' ' * ones
)

// PlainEnd returns the offset of the quote that closes the string whose
// text starts at data[i], when the text before it is printable ASCII
// without escapes (its value is then its text, as [Lexer.String] would
// read it); else -1, for String to read it. It looks at eight bytes at a
// time: a byte is a quote or a backslash when it XORs to zero, below a
// space when subtracting a space borrows, and not ASCII when its high bit
// is set; the lowest byte flagged is the first such byte (a borrow only
// flags bytes above the one that made it).
func PlainEnd(data []byte, i int) int {
	for ; i+8 <= len(data); i += 8 {
		w := binary.LittleEndian.Uint64(data[i:])
		q, b := w^quotes, w^backslashs
		m := ((q-ones)&^q | (b-ones)&^b | (w-spaces)&^w | w) & highs
		if m != 0 {
			if j := i + bits.TrailingZeros64(m)/8; data[j] == '"' {
				return j
			}
			return -1
		}
	}
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			return i
		case c < ' ' || c == '\\' || c >= utf8.RuneSelf:
			return -1
		}
	}
	return -1
}

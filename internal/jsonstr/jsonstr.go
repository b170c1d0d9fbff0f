// Package jsonstr decodes the strings of JSON text for the module's strict
// readers (plans, Terraform plans): one implementation of escapes, control
// characters and UTF-8, so that the readers agree on what a string holds.
package jsonstr

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Problem says why a string could not be read.
type Problem uint8

// The problems. OK is none.
const (
	OK            Problem = iota
	Unterminated          // the data ends before the closing quote
	Control               // a raw control character (below U+0020)
	BadEscape             // a backslash followed by no valid escape letter
	BadHex                // \u not followed by four hex digits
	LoneSurrogate         // a \u escape of half a UTF-16 surrogate pair
	BadUTF8               // a byte that is not valid UTF-8
)

// Options say how lenient Read is.
type Options struct {
	// Lenient reads lone surrogate escapes as U+FFFD and keeps invalid
	// UTF-8 bytes, as encoding/json does; otherwise both are problems.
	Lenient bool
}

// Read decodes the JSON string whose opening quote is just before
// data[start]. It returns the string's value (a subslice of data when the
// string has no escapes, a new slice otherwise) and the offset just after
// the closing quote; or a problem and the offset where it is.
func Read(data []byte, start int, o Options) (value []byte, end int, p Problem, at int) {
	// Fast path: no escapes.
	var high byte // the bytes' high bits: 0 when the string is ASCII
	for i := start; i < len(data); i++ {
		c := data[i]
		if !special[c] {
			high |= c
			continue
		}
		switch {
		case c == '"':
			s := data[start:i]
			if high >= utf8.RuneSelf && !o.Lenient && !utf8.Valid(s) {
				return nil, 0, BadUTF8, start + InvalidAt(s)
			}
			return s, i + 1, OK, 0
		case c == '\\':
			return slow(data, start, o)
		default:
			return nil, 0, Control, i
		}
	}
	return nil, 0, Unterminated, len(data)
}

// special marks the bytes that end the fast path of Read: the quote, the
// backslash and the control characters.
var special = [256]bool{'"': true, '\\': true,
	0x00: true, 0x01: true, 0x02: true, 0x03: true, 0x04: true, 0x05: true, 0x06: true, 0x07: true,
	0x08: true, 0x09: true, 0x0a: true, 0x0b: true, 0x0c: true, 0x0d: true, 0x0e: true, 0x0f: true,
	0x10: true, 0x11: true, 0x12: true, 0x13: true, 0x14: true, 0x15: true, 0x16: true, 0x17: true,
	0x18: true, 0x19: true, 0x1a: true, 0x1b: true, 0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true,
}

// InvalidAt returns the offset of the first byte of s that is not valid
// UTF-8, or len(s) when s is valid.
func InvalidAt(s []byte) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(s)
}

func slow(data []byte, start int, o Options) ([]byte, int, Problem, int) {
	b := make([]byte, 0, 16)
	i := start
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return b, i + 1, OK, 0
		case c < 0x20:
			return nil, 0, Control, i
		case c != '\\':
			if c < utf8.RuneSelf || o.Lenient {
				b = append(b, c)
				i++
				continue
			}
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, 0, BadUTF8, i
			}
			b = append(b, data[i:i+n]...)
			i += n
			continue
		}
		if i+1 >= len(data) {
			return nil, 0, Unterminated, len(data)
		}
		switch e := data[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := Hex4(data, i+2)
			if !ok {
				return nil, 0, BadHex, i
			}
			at := i
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
					r2, ok = Hex4(data, i+2)
				}
				switch dec := utf16.DecodeRune(r, r2); {
				case ok && dec != utf8.RuneError:
					r = dec
					i += 6
				case o.Lenient:
					r = utf8.RuneError
				default:
					return nil, 0, LoneSurrogate, at
				}
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return nil, 0, BadEscape, i
		}
		i += 2
	}
	return nil, 0, Unterminated, len(data)
}

// Hex4 reads the four hex digits at data[at:] as a rune.
func Hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

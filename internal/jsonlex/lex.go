package jsonlex

import (
	"bytes"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Lexer reads the tokens of one JSON document, Data, from Pos on. Each
// method that fails leaves Pos at the problem and returns it, worded in
// this package's vocabulary; the caller adds the path. The zero Lexer
// reads an empty document.
type Lexer struct {
	Data []byte
	Pos  int
	// LoneSurrogates reads a \u escape of half a UTF-16 surrogate pair as
	// U+FFFD, as encoding/json does; otherwise it is [ErrSurrogate].
	// Invalid UTF-8 is refused either way.
	LoneSurrogates bool
}

// Space skips JSON's white space: space, tab, line feed, carriage return.
func (l *Lexer) Space() {
	for l.Pos < len(l.Data) {
		switch l.Data[l.Pos] {
		case ' ', '\t', '\n', '\r':
			l.Pos++
		default:
			return
		}
	}
}

// Peek skips white space and returns the next byte, or 0 at the end.
func (l *Lexer) Peek() byte {
	if l.Pos < len(l.Data) && l.Data[l.Pos] > ' ' {
		return l.Data[l.Pos] // no space to skip: the common case
	}
	l.Space()
	if l.Pos == len(l.Data) {
		return 0
	}
	return l.Data[l.Pos]
}

// Is skips white space and reports whether the next byte is c, reading it
// if so.
func (l *Lexer) Is(c byte) bool {
	if l.Peek() == c && l.Pos < len(l.Data) {
		l.Pos++
		return true
	}
	return false
}

// Want returns the problem of the byte at Pos where want was expected, as
// the package's [Want] words it.
func (l *Lexer) Want(want string) error { return Want(l.Data, l.Pos, want) }

// Literal reads true, false or null at Pos and returns it; "" (Pos
// unchanged) when none of them is there.
func (l *Lexer) Literal() string {
	rest := l.Data[l.Pos:]
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(rest) >= len(lit) && string(rest[:len(lit)]) == lit {
			l.Pos += len(lit)
			return lit
		}
	}
	return ""
}

// Number reads the number at Pos with JSON's grammar and returns its text,
// a slice of Data. A number that breaks the grammar ("01", "1.", "-",
// "1e+") is "malformed JSON: invalid number", with Pos at its first byte
// for a leading zero, else at the byte where a digit was wanted.
func (l *Lexer) Number() ([]byte, error) {
	data, start := l.Data, l.Pos
	i := start
	digits := func() int {
		n := 0
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	intStart := i
	if n := digits(); n == 0 || n > 1 && data[intStart] == '0' {
		if n > 1 {
			i = start
		}
		l.Pos = i
		return nil, Syntax(detailNumber)
	}
	if i < len(data) && data[i] == '.' {
		i++
		if digits() == 0 {
			l.Pos = i
			return nil, Syntax(detailNumber)
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if digits() == 0 {
			l.Pos = i
			return nil, Syntax(detailNumber)
		}
	}
	l.Pos = i
	return data[start:i], nil
}

// String reads the string whose opening quote is at Pos and returns its
// value: a slice of Data when the string has no escapes, a new slice
// otherwise. A raw control character, a malformed escape, invalid UTF-8,
// a lone surrogate escape (unless LoneSurrogates) and a missing closing
// quote are problems.
func (l *Lexer) String() (v []byte, err error) {
	v, l.Pos, err = readString(l.Data, l.Pos+1, l.LoneSurrogates) // Pos: after it, or where the problem is
	return v, err
}

// readString decodes the JSON string whose opening quote is just before
// data[start]. It returns the string's value and the offset just after the
// closing quote; or a problem and the offset where it is.
func readString(data []byte, start int, lenient bool) ([]byte, int, error) {
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
			if high >= utf8.RuneSelf && !utf8.Valid(s) {
				return nil, start + InvalidAt(s), ErrBadUTF8
			}
			return s, i + 1, nil
		case c == '\\':
			return slowString(data, start, lenient)
		default:
			return nil, i, Syntax(detailControl)
		}
	}
	return nil, len(data), Syntax(detailUnterminated)
}

// special marks the bytes that end the fast path of readString: the
// quote, the backslash and the control characters.
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

func slowString(data []byte, start int, lenient bool) ([]byte, int, error) {
	b := make([]byte, 0, 16)
	i := start
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			return b, i + 1, nil
		case c < 0x20:
			return nil, i, Syntax(detailControl)
		case c != '\\':
			if c < utf8.RuneSelf {
				b = append(b, c)
				i++
				continue
			}
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, i, ErrBadUTF8
			}
			b = append(b, data[i:i+n]...)
			i += n
			continue
		}
		if i+1 >= len(data) {
			return nil, len(data), Syntax(detailUnterminated)
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
			r, ok := hex4(data, i+2)
			if !ok {
				return nil, i, Syntax(detailHex)
			}
			at := i
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
					r2, ok = hex4(data, i+2)
				}
				switch dec := utf16.DecodeRune(r, r2); {
				case ok && dec != utf8.RuneError:
					r = dec
					i += 6
				case lenient:
					r = utf8.RuneError
				default:
					return nil, at, ErrSurrogate
				}
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return nil, i, badEscape(data, i+1)
		}
		i += 2
	}
	return nil, len(data), Syntax(detailUnterminated)
}

// badEscape is the problem of a backslash followed by data[at], which is
// no escape letter: "malformed JSON: invalid escape \x".
func badEscape(data []byte, at int) error {
	r, n := utf8.DecodeRune(data[at:])
	if r == utf8.RuneError && n <= 1 {
		return ErrBadUTF8
	}
	if !unicode.IsPrint(r) {
		return Syntax("invalid escape: a backslash before " + strconv.QuoteRune(r))
	}
	return Syntax(`invalid escape \` + string(r))
}

// hex4 reads the four hex digits at data[at:] as a rune.
func hex4(data []byte, at int) (rune, bool) {
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

// Skip reads over the value at Pos, of any kind, checking its syntax but
// not its keys, and returns the first problem. Nesting is followed with a
// stack of its own, one bit a level, so that deep input costs no Go stack.
func (l *Lexer) Skip() error {
	var small [4]uint64 // the open containers, 1 for an object: 256 levels without allocating
	stack, depth := small[:0], 0
	push := func(obj bool) {
		if depth/64 == len(stack) {
			stack = append(stack, 0)
		}
		bit := uint64(1) << (depth % 64)
		if obj {
			stack[depth/64] |= bit
		} else {
			stack[depth/64] &^= bit
		}
		depth++
	}
	inObject := func() bool { return stack[(depth-1)/64]&(1<<((depth-1)%64)) != 0 }
	for {
		// A value, or the end of an empty container.
		switch c := l.Peek(); {
		case c == '{' || c == '[':
			l.Pos++
			push(c == '{')
			closing := byte(']')
			if c == '{' {
				closing = '}'
			}
			if l.Is(closing) {
				depth--
				break
			}
			if c == '{' {
				if err := l.key(); err != nil {
					return err
				}
			}
			continue
		case c == '"':
			if _, err := l.String(); err != nil {
				return err
			}
		case c == '-' || c >= '0' && c <= '9':
			if _, err := l.Number(); err != nil {
				return err
			}
		default:
			if l.Literal() == "" {
				return l.Want("a value")
			}
		}
		// After a value: close finished containers, or move to the next.
		for {
			if depth == 0 {
				return nil
			}
			obj := inObject()
			if l.Is(',') {
				if obj {
					if err := l.key(); err != nil {
						return err
					}
				}
				break
			}
			if obj && l.Is('}') || !obj && l.Is(']') {
				depth--
				continue
			}
			if obj {
				return l.Want("',' or '}' after an object member")
			}
			return l.Want("',' or ']' after an array element")
		}
	}
}

// key reads an object key and its colon, for Skip.
func (l *Lexer) key() error {
	if l.Peek() != '"' {
		return l.Want("an object key")
	}
	if _, err := l.String(); err != nil {
		return err
	}
	if !l.Is(':') {
		return l.Want("':'")
	}
	return nil
}

// HasBOM reports whether data starts with a UTF-8 byte order mark, which
// is [ErrBOM] at offset 0.
func HasBOM(data []byte) bool { return bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) }

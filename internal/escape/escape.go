// Package escape makes text safe to print on one line: control
// characters, invisible formatting characters (such as U+202E or U+200B)
// and invalid UTF-8 bytes are written as Go escapes (\n, \x1b, \u202e), so
// that a value taken from an input can neither forge a line nor hide
// another. It is the root's Escape, and what every writer of reports and
// remedies (internal/report, internal/fixwrite) escapes with. AppendQuote
// quotes as strconv does, without its rune-by-rune work on plain ASCII,
// for the check's passed lines.
//
// Nothing here does I/O or keeps state.
package escape

import (
	"bufio"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String returns s with every control character, invisible formatting
// character and invalid UTF-8 byte written as a Go escape (\n, \x1b,
// \u202e), so that s prints on one line as what it is. Other text is
// unchanged.
func String(s string) string {
	if Clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case Unsafe(r):
			q := strconv.QuoteToASCII(string(r))
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Write writes String(s) to b without building it when s is clean.
func Write(b *bufio.Writer, s string) {
	if Clean(s) {
		b.WriteString(s)
		return
	}
	b.WriteString(String(s))
}

// Clean reports whether String leaves s unchanged. Printable ASCII is
// passed over eight bytes at a time, other text rune by rune.
func Clean(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A high bit is set when a byte is below 0x20 (the subtraction
		// borrows), is 0x7f (adding 1 carries into it) or is not ASCII.
		if ((x-0x20*ones)&^x|(x+ones)|x)&highs != 0 {
			break // decided byte by byte below
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) {
			return false
		}
		i += n
	}
	return true
}

// Unsafe reports whether String escapes r: a control character, an
// invisible formatting character (Unicode category Cf), or a line or
// paragraph separator.
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// Printable reports whether s is valid UTF-8 without a character that
// String escapes, so that it can be written on one line as it is.
func Printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if Unsafe(r) {
			return false
		}
	}
	return true
}

// AppendQuote appends s quoted, as strconv.AppendQuote does, without its
// rune-by-rune work when s is printable ASCII with nothing to escape.
func AppendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

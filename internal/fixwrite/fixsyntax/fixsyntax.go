// Package fixsyntax reads back what internal/fixwrite writes, for the
// tests of the remedies' forms: [ShellWords] splits a line of the CLI form
// as a POSIX shell does, and [HCL] checks the Terraform form's syntax.
// Both refuse what a shell would expand or what is not HCL of the shape
// written, so that a test built on them fails on a quoting mistake.
package fixsyntax

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ShellWords splits line into words as a POSIX shell does for the words
// the CLI form writes: plain words and single-quoted parts, separated by
// spaces. Anything a shell would expand or treat specially unquoted is an
// error.
func ShellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	in, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted:
			if c == '\'' {
				quoted = false
			} else {
				cur.WriteByte(c)
			}
		case c == '\'':
			quoted, in = true, true
		case c == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("@%+=:,./-_", c) >= 0:
			cur.WriteByte(c)
			in = true
		case c == '\\' && i+1 < len(line) && line[i+1] == '\'':
			cur.WriteByte('\'')
			in = true
			i++
		default:
			return nil, fmt.Errorf("unquoted %q at %d", c, i)
		}
	}
	if quoted {
		return nil, errors.New("unterminated quote")
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}

// HCL checks that src is HCL of the shape the Terraform form
// writes: comments, blocks (an identifier, string labels, a body in
// braces on lines of their own) and attributes (an identifier, '=', and a
// string, a number, a traversal such as a.b[0].id, or an object of
// attributes), one a line. Strings must be closed on their line, with
// valid escapes and no template sequence.
func HCL(src string) error {
	toks, err := hclTokens(src)
	if err != nil {
		return err
	}
	p := &hclParser{toks: toks}
	if err := p.body(true); err != nil {
		return err
	}
	if p.i < len(p.toks) {
		return fmt.Errorf("line %d: unexpected %q", p.toks[p.i].line, p.toks[p.i].text)
	}
	return nil
}

type hclTok struct {
	kind byte // 'i' identifier, 's' string, 'n' number, '\n', or the punctuation itself
	text string
	line int
}

func hclTokens(src string) ([]hclTok, error) {
	if !utf8.ValidString(src) {
		return nil, errors.New("invalid UTF-8")
	}
	var toks []hclTok
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '\n':
			if n := len(toks); n > 0 && toks[n-1].kind != '\n' {
				toks = append(toks, hclTok{kind: '\n', line: line})
			}
			line++
			i++
		case c == '#' || strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '"':
			j := i + 1
			for ; ; j++ {
				if j >= len(src) || src[j] == '\n' {
					return nil, fmt.Errorf("line %d: string not closed", line)
				}
				if src[j] == '"' {
					break
				}
				if (src[j] == '$' || src[j] == '%') && j+1 < len(src) && src[j+1] == '{' && !(j > i+1 && src[j-1] == src[j]) {
					return nil, fmt.Errorf("line %d: template sequence in a string", line) // "$${" is an escaped "${"
				}
				if src[j] == '\\' {
					j++
					if j >= len(src) {
						return nil, fmt.Errorf("line %d: string not closed", line)
					}
					switch src[j] {
					case 'n', 'r', 't', '"', '\\':
					case 'u':
						if j+4 >= len(src) || !isHex(src[j+1:j+5]) {
							return nil, fmt.Errorf("line %d: bad \\u escape", line)
						}
						j += 4
					default:
						return nil, fmt.Errorf("line %d: bad escape \\%c", line, src[j])
					}
				}
			}
			toks = append(toks, hclTok{kind: 's', text: src[i : j+1], line: line})
			i = j + 1
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
				return nil, fmt.Errorf("line %d: identifier starts with a digit", line)
			}
			toks = append(toks, hclTok{kind: 'n', text: src[i:j], line: line})
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '-' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			toks = append(toks, hclTok{kind: 'i', text: src[i:j], line: line})
			i = j
		case strings.IndexByte("{}[]=.", c) >= 0:
			toks = append(toks, hclTok{kind: c, text: string(c), line: line})
			i++
		default:
			return nil, fmt.Errorf("line %d: unexpected %q", line, c)
		}
	}
	if n := len(toks); n > 0 && toks[n-1].kind != '\n' {
		toks = append(toks, hclTok{kind: '\n', line: line})
	}
	return toks, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return true
}

type hclParser struct {
	toks []hclTok
	i    int
}

func (p *hclParser) peek() byte {
	if p.i < len(p.toks) {
		return p.toks[p.i].kind
	}
	return 0
}

func (p *hclParser) expect(kind byte) error {
	if p.peek() != kind {
		if p.i < len(p.toks) {
			return fmt.Errorf("line %d: want %q, got %q", p.toks[p.i].line, kind, p.toks[p.i].text)
		}
		return fmt.Errorf("want %q at the end", kind)
	}
	p.i++
	return nil
}

// body reads attributes and blocks up to a '}' (or the end, at the top).
func (p *hclParser) body(top bool) error {
	for {
		switch p.peek() {
		case '\n':
			p.i++
			continue
		case 0:
			if top {
				return nil
			}
			return errors.New("a block is not closed")
		case '}':
			if top {
				return fmt.Errorf("line %d: '}' without a block", p.toks[p.i].line)
			}
			return nil
		}
		if err := p.expect('i'); err != nil {
			return err
		}
		if p.peek() == '=' {
			p.i++
			if err := p.expr(); err != nil {
				return err
			}
			if err := p.expect('\n'); err != nil {
				return err
			}
			continue
		}
		for p.peek() == 's' || p.peek() == 'i' {
			p.i++
		}
		if err := p.expect('{'); err != nil {
			return err
		}
		if err := p.expect('\n'); err != nil {
			return err
		}
		if err := p.body(false); err != nil {
			return err
		}
		if err := p.expect('}'); err != nil {
			return err
		}
		if err := p.expect('\n'); err != nil {
			return err
		}
	}
}

// expr reads a string, a number, a traversal or an object.
func (p *hclParser) expr() error {
	switch p.peek() {
	case 's', 'n':
		p.i++
		return nil
	case 'i':
		p.i++
		for {
			switch p.peek() {
			case '.':
				p.i++
				if err := p.expect('i'); err != nil {
					return err
				}
			case '[':
				p.i++
				if k := p.peek(); k != 'n' && k != 's' {
					return p.expect('n')
				}
				p.i++
				if err := p.expect(']'); err != nil {
					return err
				}
			default:
				return nil
			}
		}
	case '{':
		p.i++
		if err := p.expect('\n'); err != nil {
			return err
		}
		for p.peek() != '}' {
			if p.peek() == '\n' {
				p.i++
				continue
			}
			if err := p.expect('i'); err != nil {
				return err
			}
			if err := p.expect('='); err != nil {
				return err
			}
			if err := p.expr(); err != nil {
				return err
			}
			if err := p.expect('\n'); err != nil {
				return err
			}
		}
		p.i++
		return nil
	}
	if p.i < len(p.toks) {
		return fmt.Errorf("line %d: want a value, got %q", p.toks[p.i].line, p.toks[p.i].text)
	}
	return errors.New("want a value at the end")
}

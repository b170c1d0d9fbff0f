package routing

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// MaxDepth bounds the nesting of YAML text: block collections nest at most
// MaxDepth levels, and a flow collection, read as JSON, is held to MaxDepth
// levels of its own (a string as much as an array), so that hostile text
// cannot exhaust the stack.
const MaxDepth = 64

// Split returns data without a leading byte order mark, which may start a
// YAML stream or a JSON text and is no content (YAML 1.2 §5.2), and
// whether the rest is JSON: its first byte other than white space is '{'.
// Anything else is YAML, for [ParseYAML].
func Split(data string) (text string, isJSON bool) {
	data = strings.TrimPrefix(data, "\ufeff")
	return data, strings.HasPrefix(strings.TrimLeft(data, " \t\r\n"), "{")
}

// Error is a problem of YAML text that [ParseYAML] does not read: the
// line it is on, from 1, and what is wrong. Its text is "YAML line N:
// what".
type Error struct {
	Line int
	What string
}

func (e *Error) Error() string { return fmt.Sprintf("YAML line %d: %s", e.Line, e.What) }

// line is one significant line of YAML text.
type line struct {
	no     int // line number, from 1
	indent int
	text   string // without the indentation
	raw    string // the whole line, for block scalars
}

// ParseYAML reads the small subset of YAML that plug-in data uses into a
// tree made by b, as [jsontree.Parse] makes one from JSON: block mappings
// (objects, keys in document order) and sequences (arrays), plain, single-
// and double-quoted scalars (strings; ~, null, Null and NULL are null),
// literal and folded block scalars, comments, and flow collections that
// are valid JSON. Anchors, aliases, tags, directives, multi-line plain
// scalars, tabs in indentation, keys given twice, nesting deeper than
// [MaxDepth] and several documents are errors, each an [*Error] naming its
// line. As in YAML 1.2, lines end at LF, CRLF or CR, and white space is
// the space and the tab only: other Unicode spaces (U+3000, U+00A0) are
// content, never trimmed. Text with no content is null.
func ParseYAML[V any, B jsontree.Builder[V]](text string, b B) (V, error) {
	var zero V
	y := &parser[V, B]{b: b}
	started := false
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	// A line break ends a line; it starts none (the empty text after the
	// last break is no line: a block scalar that keeps its final empty
	// lines would count it).
	for i, raw := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		body := strings.TrimLeft(raw, " ")
		if strings.HasPrefix(body, "\t") {
			return zero, y.errf(i+1, "a tab in indentation")
		}
		t := trimWhite(body)
		if !started && (t == "---" || strings.HasPrefix(t, "%")) {
			if strings.HasPrefix(t, "%") {
				return zero, y.errf(i+1, "directives are not supported")
			}
			started = true
			continue
		}
		if t == "---" || t == "..." {
			return zero, y.errf(i+1, "several documents")
		}
		if t == "" || strings.HasPrefix(t, "#") {
			y.lines = append(y.lines, line{no: i + 1, indent: -1, text: "", raw: raw})
			continue
		}
		started = true
		y.lines = append(y.lines, line{no: i + 1, indent: len(raw) - len(body), text: strings.TrimRight(body, " \t"), raw: raw})
	}
	i := y.skip(0)
	if i == len(y.lines) {
		return b.Null(), nil
	}
	n, i, err := y.block(i, y.lines[i].indent, 0)
	if err != nil {
		return zero, err
	}
	if i = y.skip(i); i < len(y.lines) {
		return zero, y.errf(y.lines[i].no, "unexpected indentation")
	}
	return n, nil
}

type parser[V any, B jsontree.Builder[V]] struct {
	b     B
	lines []line
}

func (y *parser[V, B]) errf(no int, format string, args ...any) error {
	return &Error{Line: no, What: fmt.Sprintf(format, args...)}
}

// skip returns the index of the first significant line from i.
func (y *parser[V, B]) skip(i int) int {
	for i < len(y.lines) && y.lines[i].indent < 0 {
		i++
	}
	return i
}

func isSeqItem(t string) bool { return t == "-" || strings.HasPrefix(t, "- ") }

// block parses the mapping or sequence whose lines start at i with the
// given indentation.
func (y *parser[V, B]) block(i, indent, depth int) (V, int, error) {
	if depth > MaxDepth {
		var zero V
		return zero, i, y.errf(y.lines[i].no, "nested deeper than %d levels", MaxDepth)
	}
	if isSeqItem(y.lines[i].text) {
		return y.sequence(i, indent, depth)
	}
	return y.mapping(i, indent, depth)
}

func (y *parser[V, B]) sequence(i, indent, depth int) (V, int, error) {
	var zero V
	var elems []V
	for i = y.skip(i); i < len(y.lines) && y.lines[i].indent == indent && isSeqItem(y.lines[i].text); i = y.skip(i) {
		l := y.lines[i]
		rest := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		if rest == "" || strings.HasPrefix(rest, "#") {
			v, next, err := y.nested(i+1, indent, depth, false)
			if err != nil {
				return zero, i, err
			}
			elems = append(elems, v)
			i = next
			continue
		}
		if _, _, ok := splitKey(rest); ok {
			// "- key: value" starts a mapping indented as its first key.
			y.lines[i] = line{no: l.no, indent: l.indent + len(l.text) - len(rest), text: rest}
			v, next, err := y.mapping(i, y.lines[i].indent, depth+1)
			if err != nil {
				return zero, i, err
			}
			elems = append(elems, v)
			i = next
			continue
		}
		if isSeqItem(rest) {
			return zero, i, y.errf(l.no, "nested sequences on one line are not supported")
		}
		v, next, err := y.value(i, rest, indent)
		if err != nil {
			return zero, i, err
		}
		elems = append(elems, v)
		i = next
	}
	if i < len(y.lines) && y.lines[i].indent > indent {
		return zero, i, y.errf(y.lines[i].no, "unexpected indentation")
	}
	return y.b.Array(elems), i, nil
}

func (y *parser[V, B]) mapping(i, indent, depth int) (V, int, error) {
	var zero V
	var keys []string
	var vals []V
	seen := map[string]int{} // each key's position
	var lineOf []int         // each key's line
	for i = y.skip(i); i < len(y.lines) && y.lines[i].indent == indent && !isSeqItem(y.lines[i].text); i = y.skip(i) {
		l := y.lines[i]
		key, rest, ok := splitKey(l.text)
		if !ok {
			return zero, i, y.errf(l.no, "want \"key: value\"")
		}
		k, _, err := y.text(l.no, key)
		if err != nil {
			return zero, i, err
		}
		if first, dup := seen[k]; dup {
			return zero, i, &Error{Line: l.no, What: field.Duplicate(nil, fmt.Sprintf("key %q", k), "line "+strconv.Itoa(lineOf[first])).Error()}
		}
		lineOf = append(lineOf, l.no)
		seen[k] = len(keys)
		var v V
		var next int
		if rest == "" || strings.HasPrefix(rest, "#") {
			v, next, err = y.nested(i+1, indent, depth, true)
		} else {
			v, next, err = y.value(i, rest, indent)
		}
		if err != nil {
			return zero, i, err
		}
		keys = append(keys, k)
		vals = append(vals, v)
		i = next
	}
	if i < len(y.lines) && y.lines[i].indent > indent {
		return zero, i, y.errf(y.lines[i].no, "unexpected indentation")
	}
	var index map[string]int
	if len(keys) > jsontree.SmallObject {
		index = seen
	}
	return y.b.Object(keys, vals, index), i, nil
}

// nested parses the block below a key or "-" with nothing after it: a
// more indented block, or (below a key) a sequence at the key's
// indentation; otherwise the value is null.
func (y *parser[V, B]) nested(i, indent, depth int, sameIndentSeq bool) (V, int, error) {
	j := y.skip(i)
	if j < len(y.lines) {
		l := y.lines[j]
		if l.indent > indent || sameIndentSeq && l.indent == indent && isSeqItem(l.text) {
			return y.block(j, l.indent, depth+1)
		}
	}
	return y.b.Null(), i, nil
}

// value parses the text after "key: " or "- " on line i: a block scalar
// (with the lines below it) or a one-line scalar.
func (y *parser[V, B]) value(i int, rest string, indent int) (V, int, error) {
	var zero V
	l := y.lines[i]
	if rest[0] == '|' || rest[0] == '>' {
		return y.blockScalar(i, rest, indent)
	}
	v, err := y.scalar(l.no, rest)
	if err != nil {
		return zero, i, err
	}
	if j := y.skip(i + 1); j < len(y.lines) && y.lines[j].indent > indent {
		return zero, i, y.errf(y.lines[j].no, "multi-line plain scalars are not supported")
	}
	return v, i + 1, nil
}

// blockScalar parses the literal (|) or folded (>) block scalar whose
// header, rest, ends line i, a value of a key or item at indentation
// indent, as YAML 1.2 reads it: its lines are those below that are empty
// or indented more than indent, their content indentation the first
// non-empty one's; a literal keeps its line breaks, a folded one joins
// lines of text with a space (an empty line is a line break; lines more
// indented keep theirs); then chomping: strip (-) drops the final line
// break and the empty lines after the text, clip (none) keeps the final
// line break only, keep (+) keeps them all. An indentation indicator is
// an error. (Lines of white space alone are empty lines.)
func (y *parser[V, B]) blockScalar(i int, rest string, indent int) (V, int, error) {
	var zero V
	l := y.lines[i]
	chomp := byte(0)
	head := rest[1:]
	if head != "" && (head[0] == '-' || head[0] == '+') {
		chomp, head = head[0], head[1:]
	}
	if head != "" && (head[0] != ' ' && head[0] != '\t' || !strings.HasPrefix(trimWhite(head), "#") && trimWhite(head) != "") {
		return zero, i, y.errf(l.no, "block scalar indicators other than chomping are not supported")
	}
	j := i + 1
	var content []string // the lines, less the content indentation; "" when empty
	more := []bool{}     // whether each line is more indented than the content
	m := -1              // the content indentation
	for ; j < len(y.lines); j++ {
		raw := y.lines[j].raw
		body := strings.TrimLeft(raw, " ")
		if trimWhite(body) == "" {
			content, more = append(content, ""), append(more, false)
			continue
		}
		n := len(raw) - len(body)
		if n <= indent || m >= 0 && n < m {
			break
		}
		if m < 0 {
			m = n
		}
		text := raw[m:]
		content, more = append(content, text), append(more, text[0] == ' ' || text[0] == '\t')
	}
	// Empty lines at the end are the block's only when the chomping keeps
	// them, and the block ends at its last line of text otherwise.
	last := len(content) - 1
	for last >= 0 && content[last] == "" {
		last--
	}
	if chomp != '+' {
		j = i + 1 + last + 1
	}
	var b strings.Builder
	for k := 0; k <= last; k++ {
		switch {
		case k == 0:
		case rest[0] == '|' || more[k] || content[k] == "":
			b.WriteByte('\n')
		default:
			// Folded: the line break before a line of text, after an
			// empty line or text, folds unless either side is more
			// indented.
			prev := k - 1
			if content[prev] == "" {
				// The breaks of the empty lines before stand; this one
				// folds away when the text before them is not more
				// indented.
				for prev >= 0 && content[prev] == "" {
					prev--
				}
				if prev < 0 || more[prev] {
					b.WriteByte('\n')
				}
				break
			}
			if more[prev] {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(content[k])
	}
	switch {
	case chomp == '-' || last < 0 && chomp != '+':
	case chomp == '+':
		b.WriteString(strings.Repeat("\n", len(content)-last-1+boolInt(last >= 0)))
	default:
		b.WriteByte('\n')
	}
	return y.b.String(b.String()), j, nil
}

// boolInt is 1 for true, 0 for false.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// splitKey splits "key: value" (or "key:") at the colon that ends the key,
// outside quotes.
func splitKey(t string) (key, rest string, ok bool) {
	if t == "" || t[0] == '[' || t[0] == '{' {
		return "", "", false
	}
	start := 0
	if q := t[0]; q == '"' || q == '\'' {
		end := closingQuote(t)
		if end < 0 {
			return "", "", false
		}
		start = end + 1
	}
	for j := start; j < len(t); j++ {
		if t[j] == ':' && (j+1 == len(t) || t[j+1] == ' ' || t[j+1] == '\t') {
			key = trimWhite(t[:j])
			return key, trimWhite(t[j+1:]), key != ""
		}
		if t[j] == '#' && j > 0 && (t[j-1] == ' ' || t[j-1] == '\t') {
			return "", "", false
		}
	}
	return "", "", false
}

// closingQuote returns the index of the quote that closes the quoted
// scalar at the start of t, or -1.
func closingQuote(t string) int {
	q := t[0]
	for j := 1; j < len(t); j++ {
		switch {
		case q == '"' && t[j] == '\\':
			j++
		case t[j] == q && q == '\'' && j+1 < len(t) && t[j+1] == '\'':
			j++
		case t[j] == q:
			return j
		}
	}
	return -1
}

// scalar parses a one-line scalar: a JSON flow collection, or the text
// of a quoted or plain one.
func (y *parser[V, B]) scalar(no int, t string) (V, error) {
	if t != "" && (t[0] == '[' || t[0] == '{') {
		v, problems := jsontree.Parse([]byte(t), y.b, jsontree.Options{MaxDepth: MaxDepth + 1, LeafDepth: true})
		if problems != nil {
			var zero V
			return zero, y.errf(no, "a flow collection that is not JSON")
		}
		return v, nil
	}
	s, null, err := y.text(no, t)
	switch {
	case err != nil:
		var zero V
		return zero, err
	case null:
		return y.b.Null(), nil
	}
	return y.b.String(s), nil
}

// text returns the text of a one-line scalar that is not a flow
// collection: quoted, or plain (up to a " #" comment); null reports a
// plain null (then the text is "").
func (y *parser[V, B]) text(no int, t string) (s string, null bool, err error) {
	if t == "" {
		return "", false, nil
	}
	switch t[0] {
	case '"', '\'':
		end := closingQuote(t)
		if end < 0 {
			return "", false, y.errf(no, "unterminated quoted scalar")
		}
		if after := trimWhite(t[end+1:]); after != "" && !strings.HasPrefix(after, "#") {
			return "", false, y.errf(no, "text after a quoted scalar")
		}
		if t[0] == '\'' {
			return strings.ReplaceAll(t[1:end], "''", "'"), false, nil
		}
		if err := json.Unmarshal([]byte(t[:end+1]), &s); err != nil {
			return "", false, y.errf(no, "a double-quoted scalar with escapes this reader does not know")
		}
		return s, false, nil
	case '&', '*', '!', '%', '@', '`', '|', '>':
		return "", false, y.errf(no, "%q at the start of a value is not supported", t[0])
	}
	for j := 1; j < len(t); j++ {
		if t[j] == '#' && (t[j-1] == ' ' || t[j-1] == '\t') {
			t = t[:j] // a comment
			break
		}
	}
	t = trimWhite(t)
	if t == "~" || t == "null" || t == "Null" || t == "NULL" { // YAML 1.2's core schema
		return "", true, nil
	}
	return t, false, nil
}

// trimWhite trims YAML's white space, the space and the tab, from both
// ends of s; other Unicode spaces are content.
func trimWhite(s string) string { return strings.Trim(s, " \t") }

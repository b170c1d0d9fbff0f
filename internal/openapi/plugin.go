package openapi

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// routingVpcAccess returns the VPC access authorization names that a
// routing plug-in's PluginData routes to, with the path of each inside
// PluginData (at.routes[i].backend.vpcAccessName).
//
// PluginData is JSON or YAML text with the same schema:
// {"routes": [{"name", "condition", "backend": {"type", "vpcAccessName",
// ...}}]}. A backend of type "HTTP-VPC" (or "HTTP_VPC", the older
// documentation's spelling) must name an authorization; a vpcAccessName on
// a backend of another type, a route without a backend type, and text this
// reader cannot parse are errors, never ignored.
func routingVpcAccess(data string, at field.Path, errs *reader) ([]string, []field.Path) {
	var root *node
	var err error
	// A byte order mark may start a YAML stream or a JSON text; it is no
	// content (YAML 1.2 §5.2).
	data = strings.TrimPrefix(data, "\ufeff")
	if t := strings.TrimLeft(data, " \t\r\n"); strings.HasPrefix(t, "{") {
		root, err = parseText([]byte(data), at)
	} else {
		root, err = parseYAML(data, at)
	}
	if err != nil {
		errs.AddUnder("", err)
		return nil, nil
	}
	if root.kind == 'z' {
		errs.Add(at, fmt.Errorf("%w: a routing plug-in without data", ErrInvalid))
		return nil, nil
	}
	if root.kind != 'o' {
		errs.Add(at, fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(root)))
		return nil, nil
	}
	var names []string
	var ats []field.Path
	top := obj{n: root, at: at, errs: errs}
	routes, rat := top.array("routes")
	for i, r := range routes {
		if r.kind != 'o' {
			errs.Add(rat.Index(i), fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(r)))
			continue
		}
		route := obj{n: r, at: rat.Index(i), errs: errs}
		b, ok := route.child("backend")
		if !ok {
			errs.Add(route.at.Child("backend"), fmt.Errorf("%w: a route without a backend", ErrInvalid))
			continue
		}
		typ, name := b.str("type"), b.str("vpcAccessName")
		switch {
		case typ == "":
			errs.Add(b.at.Child("type"), fmt.Errorf("%w: a route backend without a type", ErrInvalid))
		case typ == "HTTP-VPC" || typ == "HTTP_VPC":
			if name == "" {
				errs.Add(b.at.Child("vpcAccessName"), fmt.Errorf("%w: backend type %s names no VPC access authorization", ErrInvalid, typ))
				continue
			}
			names = append(names, name)
			ats = append(ats, b.at.Child("vpcAccessName"))
		case name != "":
			errs.Add(b.at.Child("vpcAccessName"), fmt.Errorf("%w: vpcAccessName on a backend of type %q, want HTTP-VPC", ErrInvalid, typ))
		}
	}
	return names, ats
}

// yline is one significant line of YAML text.
type yline struct {
	no     int // line number, from 1
	indent int
	text   string // without the indentation
}

// parseYAML reads the small subset of YAML that plug-in data uses into a
// tree: block mappings and sequences, plain, single- and double-quoted
// scalars, literal and folded block scalars, comments, and flow
// collections that are valid JSON. Anchors, aliases, tags, multi-line
// plain scalars, tabs in indentation and several documents are errors,
// each naming its line. As in YAML 1.2, lines end at LF, CRLF or CR, and
// white space is the space and the tab only: other Unicode spaces (U+3000,
// U+00A0) are content, never trimmed.
func parseYAML(text string, at field.Path) (*node, error) {
	y := &yparser{at: at}
	started := false
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	for i, raw := range strings.Split(text, "\n") {
		body := strings.TrimLeft(raw, " ")
		if strings.HasPrefix(body, "\t") {
			return nil, y.errf(i+1, "a tab in indentation")
		}
		t := trimWhite(body)
		if !started && (t == "---" || strings.HasPrefix(t, "%")) {
			if strings.HasPrefix(t, "%") {
				return nil, y.errf(i+1, "directives are not supported")
			}
			started = true
			continue
		}
		if t == "---" || t == "..." {
			return nil, y.errf(i+1, "several documents")
		}
		if t == "" || strings.HasPrefix(t, "#") {
			y.lines = append(y.lines, yline{no: i + 1, indent: -1, text: ""})
			continue
		}
		started = true
		y.lines = append(y.lines, yline{no: i + 1, indent: len(raw) - len(body), text: strings.TrimRight(body, " \t")})
	}
	i := y.skip(0)
	if i == len(y.lines) {
		return &node{kind: 'z'}, nil
	}
	n, i, err := y.block(i, y.lines[i].indent, 0)
	if err != nil {
		return nil, err
	}
	if i = y.skip(i); i < len(y.lines) {
		return nil, y.errf(y.lines[i].no, "unexpected indentation")
	}
	return n, nil
}

type yparser struct {
	at    field.Path
	lines []yline
}

func (y *yparser) errf(line int, format string, args ...any) error {
	return field.New(y.at, fmt.Errorf("%w: YAML line %d: %s", ErrInvalid, line, fmt.Sprintf(format, args...)))
}

// skip returns the index of the first significant line from i.
func (y *yparser) skip(i int) int {
	for i < len(y.lines) && y.lines[i].indent < 0 {
		i++
	}
	return i
}

func isSeqItem(t string) bool { return t == "-" || strings.HasPrefix(t, "- ") }

// block parses the mapping or sequence whose lines start at i with the
// given indentation.
func (y *yparser) block(i, indent, depth int) (*node, int, error) {
	if depth > maxDepth {
		return nil, i, y.errf(y.lines[i].no, "nested deeper than %d levels", maxDepth)
	}
	if isSeqItem(y.lines[i].text) {
		return y.sequence(i, indent, depth)
	}
	return y.mapping(i, indent, depth)
}

func (y *yparser) sequence(i, indent, depth int) (*node, int, error) {
	n := &node{kind: 'a'}
	for i = y.skip(i); i < len(y.lines) && y.lines[i].indent == indent && isSeqItem(y.lines[i].text); i = y.skip(i) {
		l := y.lines[i]
		rest := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		if rest == "" || strings.HasPrefix(rest, "#") {
			v, next, err := y.nested(i+1, indent, depth, false)
			if err != nil {
				return nil, i, err
			}
			n.elems = append(n.elems, v)
			i = next
			continue
		}
		if _, _, ok := splitKey(rest); ok {
			// "- key: value" starts a mapping indented as its first key.
			y.lines[i] = yline{no: l.no, indent: l.indent + len(l.text) - len(rest), text: rest}
			v, next, err := y.mapping(i, y.lines[i].indent, depth+1)
			if err != nil {
				return nil, i, err
			}
			n.elems = append(n.elems, v)
			i = next
			continue
		}
		if isSeqItem(rest) {
			return nil, i, y.errf(l.no, "nested sequences on one line are not supported")
		}
		v, next, err := y.value(i, rest, indent, depth)
		if err != nil {
			return nil, i, err
		}
		n.elems = append(n.elems, v)
		i = next
	}
	if i < len(y.lines) && y.lines[i].indent > indent {
		return nil, i, y.errf(y.lines[i].no, "unexpected indentation")
	}
	return n, i, nil
}

func (y *yparser) mapping(i, indent, depth int) (*node, int, error) {
	n := &node{kind: 'o'}
	seen := map[string]bool{}
	for i = y.skip(i); i < len(y.lines) && y.lines[i].indent == indent && !isSeqItem(y.lines[i].text); i = y.skip(i) {
		l := y.lines[i]
		key, rest, ok := splitKey(l.text)
		if !ok {
			return nil, i, y.errf(l.no, "want \"key: value\"")
		}
		k, err := y.scalar(l.no, key)
		if err != nil {
			return nil, i, err
		}
		if seen[k.str] {
			return nil, i, y.errf(l.no, "duplicate key %q", k.str)
		}
		seen[k.str] = true
		var v *node
		var next int
		if rest == "" || strings.HasPrefix(rest, "#") {
			v, next, err = y.nested(i+1, indent, depth, true)
		} else {
			v, next, err = y.value(i, rest, indent, depth)
		}
		if err != nil {
			return nil, i, err
		}
		n.keys = append(n.keys, k.str)
		n.vals = append(n.vals, v)
		i = next
	}
	if i < len(y.lines) && y.lines[i].indent > indent {
		return nil, i, y.errf(y.lines[i].no, "unexpected indentation")
	}
	return n, i, nil
}

// nested parses the block below a key or "-" with nothing after it: a
// more indented block, or (below a key) a sequence at the key's
// indentation; otherwise the value is null.
func (y *yparser) nested(i, indent, depth int, sameIndentSeq bool) (*node, int, error) {
	j := y.skip(i)
	if j < len(y.lines) {
		l := y.lines[j]
		if l.indent > indent || sameIndentSeq && l.indent == indent && isSeqItem(l.text) {
			return y.block(j, l.indent, depth+1)
		}
	}
	return &node{kind: 'z'}, i, nil
}

// value parses the text after "key: " or "- " on line i: a block scalar
// (with the lines below it) or a one-line scalar.
func (y *yparser) value(i int, rest string, indent, depth int) (*node, int, error) {
	l := y.lines[i]
	if rest[0] == '|' || rest[0] == '>' {
		ind := strings.TrimRight(rest[1:], "+-")
		if ind != "" && !strings.HasPrefix(trimWhite(ind), "#") {
			return nil, i, y.errf(l.no, "block scalar indicators other than chomping are not supported")
		}
		var parts []string
		j := i + 1
		for ; j < len(y.lines) && (y.lines[j].indent < 0 || y.lines[j].indent > indent); j++ {
			parts = append(parts, y.lines[j].text)
		}
		sep := "\n"
		if rest[0] == '>' {
			sep = " "
		}
		return &node{kind: 's', str: strings.Join(parts, sep)}, j, nil
	}
	v, err := y.scalar(l.no, rest)
	if err != nil {
		return nil, i, err
	}
	if j := y.skip(i + 1); j < len(y.lines) && y.lines[j].indent > indent {
		return nil, i, y.errf(y.lines[j].no, "multi-line plain scalars are not supported")
	}
	return v, i + 1, nil
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

// scalar parses a one-line scalar: quoted, a JSON flow collection, or
// plain (up to a " #" comment).
func (y *yparser) scalar(line int, t string) (*node, error) {
	if t == "" {
		return &node{kind: 's'}, nil
	}
	switch t[0] {
	case '"', '\'':
		end := closingQuote(t)
		if end < 0 {
			return nil, y.errf(line, "unterminated quoted scalar")
		}
		if after := trimWhite(t[end+1:]); after != "" && !strings.HasPrefix(after, "#") {
			return nil, y.errf(line, "text after a quoted scalar")
		}
		if t[0] == '\'' {
			return &node{kind: 's', str: strings.ReplaceAll(t[1:end], "''", "'")}, nil
		}
		var s string
		if err := json.Unmarshal([]byte(t[:end+1]), &s); err != nil {
			return nil, y.errf(line, "a double-quoted scalar with escapes this reader does not know")
		}
		return &node{kind: 's', str: s}, nil
	case '[', '{':
		n, err := parse([]byte(t), "")
		if err != nil {
			return nil, y.errf(line, "a flow collection that is not JSON")
		}
		return n, nil
	case '&', '*', '!', '%', '@', '`', '|', '>':
		return nil, y.errf(line, "%q at the start of a value is not supported", t[0])
	}
	for j := 1; j < len(t); j++ {
		if t[j] == '#' && (t[j-1] == ' ' || t[j-1] == '\t') {
			t = t[:j] // a comment
			break
		}
	}
	t = trimWhite(t)
	if t == "~" || t == "null" || t == "Null" || t == "NULL" { // YAML 1.2's core schema
		return &node{kind: 'z'}, nil
	}
	return &node{kind: 's', str: t}, nil
}

// trimWhite trims YAML's white space, the space and the tab, from both
// ends of s; other Unicode spaces are content.
func trimWhite(s string) string { return strings.Trim(s, " \t") }

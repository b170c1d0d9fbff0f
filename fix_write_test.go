package vpcgate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/migrate"
)

// hostileIDs are instance IDs that a shell or HCL would read as code if
// they were not quoted.
var hostileIDs = []string{
	`apigw-'prod'`,
	`apigw prod`,
	`apigw-$(touch /tmp/pwned)`,
	"apigw-`id`",
	`apigw-"x"-${var.y}-%{if}`,
	`apigw\n-\`,
	"apigw-\nrm -rf /",
	"apigw-\u202e",
	"",
}

// hostilePlan returns a plan whose instance, of ID id, has an unreachable
// backend called directly and one denied by its security group, so that
// its remedies name the instance in every form.
func hostilePlan(id string) vpcgate.Plan {
	p := basePlan()
	p.Instance.ID = id
	p.Accessible = nil
	p.SecurityGroups = []authz.SecurityGroup{{ID: "sg-1", Type: authz.GroupEnterprise}}
	p.Authorizations = nil
	p.Groups[0].Plugins = nil
	p.Groups[0].APIs = []migrate.API{{ID: "api-1", Name: "x", ServiceAddress: authz.Endpoint{Scheme: "http", Addr: netip.MustParseAddr("10.0.7.5"), Port: 8080}}}
	return p
}

// TestWriteFixHostileIDs: an instance ID with quotes, spaces, command
// substitutions, template sequences, control characters or nothing at
// all is one shell word (or, with a control character, a comment) in the
// CLI form, one HCL string in the Terraform form, and the plan form reads
// back.
func TestWriteFixHostileIDs(t *testing.T) {
	for _, id := range hostileIDs {
		t.Run(fmt.Sprintf("%q", id), func(t *testing.T) {
			r := vpcgate.Check(hostilePlan(id), vpcgate.Options{})
			var cli, tf, plan bytes.Buffer
			for f, b := range map[vpcgate.FixFormat]*bytes.Buffer{vpcgate.FixCLI: &cli, vpcgate.FixTerraform: &tf, vpcgate.FixPlan: &plan} {
				if err := r.WriteFix(b, f); err != nil {
					t.Fatalf("WriteFix(%s): %v", f, err)
				}
			}
			want := id
			if id == "" {
				want = "planned-instance" // what Check calls an instance without an ID
			}
			calls := 0
			for _, line := range strings.Split(strings.TrimSuffix(cli.String(), "\n"), "\n") {
				if line == "" || strings.HasPrefix(line, "# ") {
					continue
				}
				words, err := shellWords(line)
				if err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				calls++
				for i, w := range words {
					if w == "--InstanceId" && (i+1 >= len(words) || words[i+1] != want) {
						t.Errorf("%q: --InstanceId reads back as %q, want %q", line, words[i+1:], want)
					}
				}
			}
			wantCalls := 2 // the rule, and the accessible block
			if strings.ContainsAny(id, "\n\u202e") {
				wantCalls = 1 // the instance's call is a comment
				if !strings.Contains(cli.String(), "# not written: the value of --InstanceId holds a control character") {
					t.Errorf("no comment for the call that cannot be written:\n%s", cli.String())
				}
			}
			if calls != wantCalls {
				t.Errorf("%d calls, want %d:\n%s", calls, wantCalls, cli.String())
			}
			if err := hclSyntax(tf.String()); err != nil {
				t.Errorf("Terraform form: %v\n%s", err, tf.String())
			}
			back, err := vpcgate.ParsePlan(plan.Bytes())
			if err != nil || back.Instance == nil || back.Instance.ID != id {
				t.Errorf("the plan form reads back as %+v, %v", back.Instance, err)
			}
		})
	}
}

// TestShellQuote pins the quoting of shell words.
func TestShellQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"sg-bp1abc", "sg-bp1abc"},
		{"10.0.1.5/32", "10.0.1.5/32"},
		{"fd00::5/128", "fd00::5/128"},
		{"", "''"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$(id)", "'$(id)'"},
		{"`id`", "'`id`'"},
		{`{"CidrBlock":"10.0.1.0/24","Customized":true}`, `'{"CidrBlock":"10.0.1.0/24","Customized":true}'`},
		{"a;b", "'a;b'"},
		{"*", "'*'"},
		{"~root", "'~root'"},
		{"'", `''\'''`},
	} {
		if got := vpcgate.ShellQuote(tc.in); got != tc.want {
			t.Errorf("ShellQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
		if words, err := shellWords("x " + vpcgate.ShellQuote(tc.in)); err != nil || len(words) != 2 || words[1] != tc.in {
			t.Errorf("ShellQuote(%q) reads back as %q, %v", tc.in, words, err)
		}
	}
}

// TestHCLQuote pins the quoting of HCL strings: escapes, and template
// sequences taken literally.
func TestHCLQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"sg-1", `"sg-1"`},
		{`a"b`, `"a\"b"`},
		{`a\b`, `"a\\b"`},
		{"a\nb\tc\r", `"a\nb\tc\r"`},
		{"${var.x}", `"$${var.x}"`},
		{"%{if x}", `"%%{if x}"`},
		{"$x %y", `"$x %y"`},
		{"\x1b[8m", `"\u001B[8m"`},
		{"far\u202e", `"far\u202E"`},
		{"\xff", `"\uFFFD"`},
		{"", `""`},
	} {
		got := vpcgate.HCLQuote(tc.in)
		if got != tc.want {
			t.Errorf("HCLQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
		if err := hclSyntax("x = " + got + "\n"); err != nil {
			t.Errorf("HCLQuote(%q) = %s: %v", tc.in, got, err)
		}
	}
}

// TestParseTFAddress pins which resource addresses the Terraform form
// refers to, and which it writes as a literal ID.
func TestParseTFAddress(t *testing.T) {
	for _, tc := range []struct {
		in, module, local, name string
	}{
		{"alicloud_security_group.sg", "", "alicloud_security_group.sg", "sg"},
		{"alicloud_security_group.sg[0]", "", "alicloud_security_group.sg[0]", "sg"},
		{`alicloud_security_group.sg["a.b"]`, "", `alicloud_security_group.sg["a.b"]`, "sg"},
		{"module.net.alicloud_security_group.sg", "module.net", "alicloud_security_group.sg", "sg"},
		{`module.net["x"].module.b[1].alicloud_security_group.sg`, `module.net["x"].module.b[1]`, "alicloud_security_group.sg", "sg"},
		{"alicloud_security_group.sg.id", "", "", ""},
		{"alicloud_vpc.sg", "", "", ""},
		{"sg-bp1abc", "", "", ""},
		{`alicloud_security_group.sg["${x}"]`, "", "", ""},
		{`alicloud_security_group.sg["a\"]`, "", "", ""},
		{"alicloud_security_group.1sg", "", "", ""},
		{"module..alicloud_security_group.sg", "", "", ""},
		{"", "", "", ""},
	} {
		m, l, n, ok := vpcgate.ParseTFAddress(tc.in, "alicloud_security_group")
		if ok != (tc.local != "") || m != tc.module || l != tc.local || n != tc.name {
			t.Errorf("parseTFAddress(%q) = %q, %q, %q, %v; want %q, %q, %q", tc.in, m, l, n, ok, tc.module, tc.local, tc.name)
		}
	}
}

// TestWriteFixTerraformSyntax: the Terraform form of every fixture's and
// of seeded random plans' remedies is HCL, as hclSyntax reads it.
func TestWriteFixTerraformSyntax(t *testing.T) {
	plans := fixturePlans(t, "testdata")
	for seed := range uint64(100) {
		plans[fmt.Sprintf("random %d", seed)] = randomFixPlan(rand.New(rand.NewPCG(seed, 7)))
	}
	resources := 0
	for name, p := range plans {
		var b bytes.Buffer
		if err := vpcgate.Check(p, vpcgate.Options{}).WriteFix(&b, vpcgate.FixTerraform); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := hclSyntax(b.String()); err != nil {
			t.Errorf("%s: %v\n%s", name, err, b.String())
		}
		resources += strings.Count(b.String(), "\nresource ")
	}
	if resources < 100 {
		t.Errorf("%d resources written in all, want 100 or more", resources)
	}
}

// TestHCLSyntaxRejects: the scanner the Terraform tests rest on refuses
// what is not HCL.
func TestHCLSyntaxRejects(t *testing.T) {
	for _, bad := range []string{
		"resource \"a\" \"b\" {\n",
		"resource \"a\" \"b\" {\n}\n}\n",
		"x = \"a\n",
		"x = \"${y}\"\n",
		"x = \"a\\q\"\n",
		"x = \n",
		"= 1\n",
		"x = 1 y = 2\n",
		"resource \"a\" \"b\" { x = 1 }\n",
		"x = {\n  a = 1\n",
		"x = a.\n",
		"x = a[\n",
		"1x = 2\n",
		"x = 'a'\n",
	} {
		if err := hclSyntax(bad); err == nil {
			t.Errorf("hclSyntax accepts %q", bad)
		}
	}
	good := "# c\nresource \"a\" \"b\" {\n  x = 1\n  y = a.b[0].id\n  z = {\n    k = \"v\"\n  }\n  # n\n}\n"
	if err := hclSyntax(good); err != nil {
		t.Errorf("hclSyntax refuses %q: %v", good, err)
	}
}

// TestWriteFixErrors: a report that Check did not make holds no plan, and
// an unknown form writes nothing.
func TestWriteFixErrors(t *testing.T) {
	var b bytes.Buffer
	if err := (vpcgate.Report{}).WriteFix(&b, vpcgate.FixPlan); err == nil {
		t.Error("WriteFix of a report without a plan: no error")
	}
	if _, err := (vpcgate.Report{}).FixedPlan(); err == nil {
		t.Error("FixedPlan of a report without a plan: no error")
	}
	r := vpcgate.Check(basePlan(), vpcgate.Options{})
	if err := r.WriteFix(&b, "yaml"); err == nil || b.Len() != 0 {
		t.Errorf("WriteFix(yaml): %v, wrote %q", err, b.String())
	}
	if _, err := vpcgate.ParseFixFormat("yaml"); err == nil {
		t.Error("ParseFixFormat(yaml): no error")
	}
}

// shellWords splits line into words as a POSIX shell does for the words
// the CLI form writes: plain words and single-quoted parts, separated by
// spaces. Anything a shell would expand or treat specially unquoted is an
// error.
func shellWords(line string) ([]string, error) {
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

// hclSyntax checks that src is HCL of the shape the Terraform form
// writes: comments, blocks (an identifier, string labels, a body in
// braces on lines of their own) and attributes (an identifier, '=', and a
// string, a number, a traversal such as a.b[0].id, or an object of
// attributes), one a line. Strings must be closed on their line, with
// valid escapes and no template sequence.
func hclSyntax(src string) error {
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

// FuzzWriteFix: for any plan ParsePlan reads, the remedies' forms are
// written without error, the Terraform form is HCL, every line of the CLI
// form is a comment or one aliyun call of plain and single-quoted words,
// and the fixed plan clears what it remedies and adds no problem.
func FuzzWriteFix(f *testing.F) {
	for seed := range uint64(8) {
		data, _ := json.Marshal(randomFixPlan(rand.New(rand.NewPCG(seed, 9))))
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := vpcgate.ParsePlan(data)
		if err != nil {
			return
		}
		r := vpcgate.Check(p, vpcgate.Options{})
		var tf, cli bytes.Buffer
		if err := r.WriteFix(&tf, vpcgate.FixTerraform); err != nil {
			t.Fatal(err)
		}
		if err := hclSyntax(tf.String()); err != nil {
			t.Fatalf("Terraform form: %v\n%s", err, tf.String())
		}
		if err := r.WriteFix(&cli, vpcgate.FixCLI); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(cli.String(), "\n"), "\n") {
			if line == "" || strings.HasPrefix(line, "# ") {
				continue
			}
			if words, err := shellWords(line); err != nil || len(words) < 3 || words[0] != "aliyun" {
				t.Fatalf("CLI line %q: %q, %v", line, words, err)
			}
		}
		if why := fixProblem(p, vpcgate.Options{}); why != "" {
			t.Fatal(why)
		}
	})
}

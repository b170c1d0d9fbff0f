package fixwrite

import (
	"testing"

	"github.com/vpcgate/vpcgate/internal/fixwrite/fixsyntax"
)

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
		if got := shellQuote(tc.in); got != tc.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
		if words, err := fixsyntax.ShellWords("x " + shellQuote(tc.in)); err != nil || len(words) != 2 || words[1] != tc.in {
			t.Errorf("shellQuote(%q) reads back as %q, %v", tc.in, words, err)
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
		got := hclQuote(tc.in)
		if got != tc.want {
			t.Errorf("hclQuote(%q) = %s, want %s", tc.in, got, tc.want)
		}
		if err := fixsyntax.HCL("x = " + got + "\n"); err != nil {
			t.Errorf("hclQuote(%q) = %s: %v", tc.in, got, err)
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
		m, l, n, ok := parseTFAddress(tc.in, "alicloud_security_group")
		if ok != (tc.local != "") || m != tc.module || l != tc.local || n != tc.name {
			t.Errorf("parseTFAddress(%q) = %q, %q, %q, %v; want %q, %q, %q", tc.in, m, l, n, ok, tc.module, tc.local, tc.name)
		}
	}
}

package fixsyntax

import "testing"

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
		if err := HCL(bad); err == nil {
			t.Errorf("HCL accepts %q", bad)
		}
	}
	good := "# c\nresource \"a\" \"b\" {\n  x = 1\n  y = a.b[0].id\n  z = {\n    k = \"v\"\n  }\n  # n\n}\n"
	if err := HCL(good); err != nil {
		t.Errorf("HCL refuses %q: %v", good, err)
	}
}

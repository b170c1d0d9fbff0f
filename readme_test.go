package vpcgate_test

import (
	"os"
	"strings"
	"testing"
)

// TestREADMETour keeps the README's tour equal to examples/tour, whose
// Example test pins its output, so that the tour in the README runs.
func TestREADMETour(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("examples/tour/main.go")
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	begin, end := strings.Index(body, "// tour:begin\n"), strings.Index(body, "\t// tour:end")
	if begin < 0 || end < begin {
		t.Fatal("examples/tour/main.go lacks its tour markers")
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(body[begin+len("// tour:begin\n"):end], "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	if want := "```go\n" + strings.Join(lines, "\n") + "\n```\n"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md's tour differs from examples/tour/main.go; want this block in the README:\n%s", want)
	}
	for _, cmd := range []string{"go run ./examples/preflight", "go test ./..."} {
		if !strings.Contains(string(readme), cmd) {
			t.Errorf("README.md does not show %q", cmd)
		}
	}
}

package problem

import (
	"errors"
	"testing"

	"github.com/vpcgate/vpcgate/field"
)

// panicky is an error whose Error method panics on a nil receiver.
type panicky struct{ s string }

func (p *panicky) Error() string { return p.s }

func TestUnwrapJoin(t *testing.T) {
	inner := errors.New("bad")
	err := field.New("a", field.New("b[1]", field.New("", inner)))
	paths, got := Unwrap(err, nil)
	if got != inner || Join(paths) != "a.b[1]" {
		t.Errorf("Unwrap = %q, %v; want a.b[1], %v", Join(paths), got, inner)
	}
	deep := inner
	for range MaxNesting + 5 {
		deep = field.New("x", deep)
	}
	if paths, rest := Unwrap(deep, nil); len(paths) != MaxNesting || rest == inner {
		t.Errorf("nested %d deep: %d paths taken apart, want %d and the rest left", MaxNesting+5, len(paths), MaxNesting)
	}
	for _, tt := range []struct {
		paths []field.Path
		want  string
	}{
		{nil, ""},
		{[]field.Path{"a"}, "a"},
		{[]field.Path{"", "[2]", "b"}, "[2].b"},
		{[]field.Path{"a", "[2]", "", "b.c"}, "a[2].b.c"},
	} {
		if got := Join(tt.paths); got != tt.want {
			t.Errorf("Join(%q) = %q, want %q", tt.paths, got, tt.want)
		}
	}
}

func TestMessageAndPlaced(t *testing.T) {
	var nilPanicky *panicky
	for _, tt := range []struct {
		err  error
		want string
	}{
		{nil, "<nil>"},
		{errors.New("x"), "x"},
		{nilPanicky, "<nil>"},
	} {
		if got := Message(tt.err); got != tt.want {
			t.Errorf("Message(%#v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	for _, tt := range []struct {
		where     string
		line, col int
		want      string
	}{
		{"a.b", 3, 5, "a.b (line 3, column 5): m"},
		{"", 3, 5, "line 3, column 5: m"},
		{"a.b", 0, 0, "a.b: m"},
		{"", 0, 0, "m"},
	} {
		if got := Placed(tt.where, tt.line, tt.col, "m"); got != tt.want {
			t.Errorf("Placed(%q, %d, %d) = %q, want %q", tt.where, tt.line, tt.col, got, tt.want)
		}
	}
	if got := Error("a", 0, 0, nil); got != "a: <nil>" {
		t.Errorf("Error with a nil error = %q, want %q", got, "a: <nil>")
	}
}

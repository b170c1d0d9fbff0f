package placeset

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestEach(t *testing.T) {
	s := New(0)
	for _, p := range []string{"a", "a.b", "a.b[1]", "a.b[1].c", "x", `r["n.json"]`, "a.b"} {
		s.Add(p)
	}
	if s.Len() != 7 {
		t.Fatalf("Len() = %d, want 7", s.Len())
	}
	for _, tt := range []struct {
		q    string
		want []int32 // members at or above q, shortest first
	}{
		{"a.b[1].c.d", []int32{0, 6, 1, 2, 3}},
		{"a.b[2]", []int32{0, 6, 1}},
		{"a", []int32{0}},
		{"ab", nil},
		{"y.x", nil},
		{`r["n.json"][0]`, []int32{5}},
	} {
		var got []int32
		for k := range s.Prefixes(tt.q) {
			s.Each(tt.q, k, nil, func(i int32) bool { got = append(got, i); return true })
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tt.want))
		if !slices.Equal(got, want) {
			t.Errorf("members at or above %q: %v, want %v", tt.q, got, want)
		}
	}
	// skip passes a member over; f stops the walk.
	n := 0
	s.Prefixes("a.b")
	s.Each("a.b", 1, func(i int32) bool { return i == 1 }, func(int32) bool { n++; return true })
	if n != 1 {
		t.Errorf("with the first a.b skipped: %d members, want 1", n)
	}
	if s.Each("a.b", 1, nil, func(int32) bool { return false }) {
		t.Errorf("Each = true after f stopped it")
	}
}

func TestWorkIsLinear(t *testing.T) {
	work := func(n int) int {
		s := New(1)
		s.Add("a")
		q := "a" + strings.Repeat("[1].b", n)
		for k := range s.Prefixes(q) {
			s.Each(q, k, nil, func(int32) bool { return true })
		}
		return s.Work()
	}
	if small, large := work(1_000), work(4_000); large > 5*small {
		t.Errorf("work for %d parts: %d; for %d parts: %d, more than 5 times as much", 1_000, small, 4_000, large)
	}
}

// TestPrefixesAreParents: the ancestors Prefixes finds in one pass are
// those Parent walks to, on places of every shape.
func TestPrefixesAreParents(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	parts := []string{"a", ".b", "[0]", "[12]", `["k.x"]`, `["]"]`, ".", "[", "]", "c]"}
	s := New(0)
	for range 2000 {
		var q strings.Builder
		for range rnd.IntN(6) {
			q.WriteString(parts[rnd.IntN(len(parts))])
		}
		var walked []string
		for p := q.String(); p != ""; p = Parent(p) {
			walked = append(walked, p)
		}
		slices.Reverse(walked)
		n := s.Prefixes(q.String())
		found := make([]string, n)
		for k := range n {
			found[k] = q.String()[:s.cuts[k]]
		}
		if !slices.Equal(found, walked) {
			t.Fatalf("ancestors of %q: Prefixes %q, Parent %q", q.String(), found, walked)
		}
	}
}

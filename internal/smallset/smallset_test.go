package smallset

import (
	"slices"
	"testing"
)

func TestSets(t *testing.T) {
	for _, bound := range []int{64, 65} {
		s := New(3, bound)
		for _, v := range []int{5, 0, 63, 5} {
			s.Add(1, v)
		}
		if !s.Empty(0) || s.Empty(1) || !s.Empty(2) {
			t.Errorf("bound %d: Empty = %v, %v, %v; want true, false, true", bound, s.Empty(0), s.Empty(1), s.Empty(2))
		}
		got := slices.Clone(s.Of(1, nil))
		want := []int{0, 5, 63}
		if bound > 64 {
			want = []int{5, 0, 63} // the order added
		}
		if !slices.Equal(got, want) {
			t.Errorf("bound %d: Of(1) = %v, want %v", bound, got, want)
		}
	}
}

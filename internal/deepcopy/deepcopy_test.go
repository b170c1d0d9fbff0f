package deepcopy

import (
	"net/netip"
	"testing"
)

type inner struct {
	Blocks []netip.Prefix
	hidden []int
}

type outer struct {
	Name  string
	In    *inner
	List  []inner
	ByKey map[string][]int
}

func TestCopy(t *testing.T) {
	orig := outer{Name: "a", In: &inner{Blocks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, hidden: []int{1}},
		List: []inner{{Blocks: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}}}, ByKey: map[string][]int{"k": {1, 2}}}
	c := Copy(orig)
	c.In.Blocks[0] = netip.Prefix{}
	c.List[0].Blocks[0] = netip.Prefix{}
	c.ByKey["k"][0] = 9
	c.ByKey["new"] = nil
	switch {
	case !orig.In.Blocks[0].IsValid(), !orig.List[0].Blocks[0].IsValid():
		t.Errorf("changing the copy's slices changed the original: %+v", orig)
	case orig.ByKey["k"][0] != 1 || len(orig.ByKey) != 1:
		t.Errorf("changing the copy's map changed the original: %v", orig.ByKey)
	case &c.In.hidden[0] != &orig.In.hidden[0]:
		t.Errorf("an unexported field was copied deeply")
	}
	var zero outer
	if z := Copy(zero); z.In != nil || z.List != nil || z.ByKey != nil {
		t.Errorf("Copy of the zero value = %+v, want nils kept", z)
	}
}

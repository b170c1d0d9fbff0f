package arena

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestArena: every string an arena hands out keeps its text while the
// arena goes on, across blocks, and strings too long for a block get their
// own.
func TestArena(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var a Arena
	var want, got []string
	buf := make([]byte, 0, arenaMax)
	for i := range 20_000 {
		n := r.IntN(64)
		switch i % 1000 {
		case 0:
			n = 0
		case 1:
			n = arenaMax/8 + 1 + r.IntN(arenaMax)
		}
		buf = buf[:0]
		for range n {
			buf = append(buf, byte('a'+r.IntN(26)))
		}
		want = append(want, string(buf))
		got = append(got, a.String(buf))
		for j := range buf {
			buf[j] = '!'
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d is %q, want %q", i, got[i], want[i])
		}
		if strings.Contains(got[i], "!") {
			t.Fatalf("string %d aliases the caller's bytes", i)
		}
	}
}

// TestArenaAllocations: short strings share blocks.
func TestArenaAllocations(t *testing.T) {
	p := []byte("vpc-1")
	var a Arena
	allocs := testing.AllocsPerRun(1000, func() {
		for range 100 {
			_ = a.String(p)
		}
	})
	if allocs > 1 {
		t.Errorf("100 short strings cost %.1f allocations, want at most 1", allocs)
	}
}

package cidr

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/vpcgate/vpcgate/cidr/internal/workload"
)

// footprint returns the bytes a Set keeps, counting slice capacities.
func (s Set) footprint() int {
	n := 0
	if s.v4 != nil {
		n += int(unsafe.Sizeof(*s.v4)) + 8*cap(s.v4.r) + 4*cap(s.v4.idx.start)
	}
	if s.v6 != nil {
		n += int(unsafe.Sizeof(*s.v6)) + int(unsafe.Sizeof(rng{}))*cap(s.v6.r) + 4*cap(s.v6.idx.start)
	}
	return n
}

// TestBytesPerPrefix pins the memory contract: at most 24 bytes kept per
// IPv4 prefix of a realistic 100k table, and at most 48 per IPv6 prefix.
func TestBytesPerPrefix(t *testing.T) {
	for _, tc := range []struct {
		v6    bool
		limit float64
	}{{false, 24}, {true, 48}} {
		ps := workload.Prefixes(rand.New(rand.NewPCG(1, 1)), 100_000, tc.v6)
		s, err := NewSet(ps...)
		if err != nil {
			t.Fatal(err)
		}
		per := float64(s.footprint()) / float64(len(ps))
		t.Logf("v6=%v: %.1f bytes per prefix (%d ranges)", tc.v6, per, len(s.Ranges()))
		if per > tc.limit {
			t.Errorf("v6=%v: %.1f bytes kept per prefix, want at most %v", tc.v6, per, tc.limit)
		}
	}
}

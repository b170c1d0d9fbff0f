//go:build race

package jsontree_test

// raceEnabled reports whether the race detector is on; it adds allocations
// of its own, so exact allocation counts are pinned only without it.
const raceEnabled = true

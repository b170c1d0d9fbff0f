//go:build race

package migrate_test

// raceEnabled reports whether the race detector is on; it adds allocations
// of its own, so exact allocation counts are pinned only without it.
const raceEnabled = true

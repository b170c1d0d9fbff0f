//go:build race

package cidr_test

// raceEnabled is true when the race detector is on, which makes the
// differential loops many times slower: they run shorter then.
const raceEnabled = true

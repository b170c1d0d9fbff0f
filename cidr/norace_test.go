//go:build !race

package cidr_test

// raceEnabled is true when the race detector is on.
const raceEnabled = false

//go:build !race

package jsontree_test

const raceEnabled = false

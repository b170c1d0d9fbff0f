package migrate_test

import (
	"fmt"
	"testing"

	"github.com/vpcgate/vpcgate/migrate"
)

var sinkReport migrate.Report

// BenchmarkCheck measures a group of 100k API references over 2k
// authorizations, all passing and with 1% failing.
func BenchmarkCheck(b *testing.B) {
	a := manyAuths(2_000)
	for _, tc := range []struct {
		name      string
		failEvery int
	}{{"passing", 0}, {"1%-failing", 100}} {
		g := manyRefs(a, 100_000, tc.failEvery)
		b.Run(fmt.Sprintf("refs=100k/auths=2k/%s", tc.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkReport = migrate.Check(g, from, to, a)
			}
		})
	}
}

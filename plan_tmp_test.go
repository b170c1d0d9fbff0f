package vpcgate_test

import (
	"testing"

	"github.com/vpcgate/vpcgate"
)

func BenchmarkTmpPlan(b *testing.B) {
	docs, move := accountResponses(200_000)
	s, err := vpcgate.ReadResponses(docs...)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Plan(move); err != nil {
			b.Fatal(err)
		}
	}
}

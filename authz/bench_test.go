package authz_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
)

var sinkErr error

// BenchmarkCheck measures one authorization against an instance with n
// accessible blocks, with the set built once (Checker) and per call (Check).
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{2, 1000} {
		inst := vpcInstance()
		r := rand.New(rand.NewPCG(1, 2))
		for len(inst.Accessible) < n {
			inst.Accessible = append(inst.Accessible, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), 0}), 24))
		}
		a := auth("orders", "10.0.1.5")
		c := authz.NewChecker(inst)
		b.Run(fmt.Sprintf("Checker/blocks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkErr = c.Check(a)
			}
		})
		b.Run(fmt.Sprintf("Check/blocks=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkErr = authz.Check(inst, a)
			}
		})
	}
}

package authz_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
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

var sinkVerdict authz.Verdict

// BenchmarkEgress decides one flow against a group of n rules: prepared
// once (EgressChecker.Decide), by the naive scan over the rules in
// evaluation order (the test's reference), and prepared per call (Decide).
func BenchmarkEgress(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		r := rand.New(rand.NewPCG(3, 4))
		sg := authz.SecurityGroup{ID: "sg-1", Type: authz.GroupEnterprise}
		for len(sg.Rules) < n-1 {
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(256)), byte(r.IntN(256)), 0}), 24)
			sg.Rules = append(sg.Rules, authz.Rule{Policy: authz.PolicyDrop, Priority: 1 + r.IntN(100), Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: p})
		}
		sg.Rules = append(sg.Rules, authz.Rule{Policy: authz.PolicyAccept, Priority: 100, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}, DestCIDR: P("192.168.0.0/16")})
		f := tcp("192.168.1.1", 8080)
		c, err := authz.NewEgressChecker(sg)
		if err != nil {
			b.Fatal(err)
		}
		if v, _ := c.Decide(f); v.Outcome != authz.Allowed {
			b.Fatalf("rules=%d: %v, want allowed", n, v)
		}
		b.Run(fmt.Sprintf("prepared/rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkVerdict, _ = c.Decide(f)
			}
		})
		sorted := slices.Clone(sg.Rules)
		slices.SortStableFunc(sorted, func(x, y authz.Rule) int {
			if x.Priority != y.Priority {
				return x.Priority - y.Priority
			}
			return int(y.Policy) - int(x.Policy) // drop first
		})
		b.Run(fmt.Sprintf("naive/rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkPolicy = naiveScan(sorted, f)
			}
		})
		b.Run(fmt.Sprintf("unprepared/rules=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkVerdict, _ = authz.Decide(sg, f)
			}
		})
	}
}

var sinkPolicy authz.Policy

// naiveScan is the linear scan the prepared form replaces: the first rule,
// in evaluation order, whose protocol, ports and CIDR block match f (an
// IPv4 flow; no groups or prefix lists), or 0.
func naiveScan(sorted []authz.Rule, f authz.Flow) authz.Policy {
	for _, r := range sorted {
		if (r.Protocol == authz.ProtocolAll || r.Protocol == f.Protocol) && r.Ports.Contains(f.Port) && r.DestCIDR.Contains(f.Addr) {
			return r.Policy
		}
	}
	return 0
}

package zones_test

import (
	"net/netip"
	"testing"

	"github.com/vpcgate/vpcgate/zones"
)

var sinkErr error

func BenchmarkZone(b *testing.B) {
	c := zones.Default()
	b.ReportAllocs()
	for b.Loop() {
		_, sinkErr = c.Zone("me-central-1b")
	}
}

func BenchmarkCheckVSwitch(b *testing.B) {
	c := zones.Default()
	for _, bc := range []struct {
		name string
		p    netip.Prefix
	}{
		{"ok", netip.MustParsePrefix("10.0.0.0/24")},
		{"conflict", netip.MustParsePrefix("172.20.1.0/24")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkErr = c.CheckVSwitch("cn-hangzhou-k", bc.p)
			}
		})
	}
}

func BenchmarkConflicting(b *testing.B) {
	c := zones.Default()
	for _, bc := range []struct {
		name string
		p    netip.Prefix
	}{
		{"miss", netip.MustParsePrefix("10.0.0.0/8")},
		{"hit-2-zones", netip.MustParsePrefix("172.16.20.0/24")},
		{"hit-all-86-zones", netip.MustParsePrefix("172.16.0.0/12")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = c.Conflicting(bc.p)
			}
		})
	}
}

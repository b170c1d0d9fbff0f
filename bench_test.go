package vpcgate_test

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
)

// planJSON returns a plan of n authorizations, each used by an API and a
// plug-in; with failing set, every backend is outside the accessible blocks.
func planJSON(n int, failing bool) []byte {
	var b strings.Builder
	b.WriteString(`{"instance": {"id": "apigw-1", "name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16",
  "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1", "vSwitchCidr": "10.10.1.0/24", "securityGroupId": "sg-1"}]},
 "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/8"]},
 "accessible": ["10.11.0.0/16"],
 "securityGroups": [{"id": "sg-1", "intraGroup": true, "egress": ["10.0.0.0/8"]}],
 "authorizations": [`)
	second := 11
	if failing {
		second = 12
	}
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"name": "a%d", "vpcId": "vpc-1", "instanceId": "10.%d.%d.%d", "port": 8080}`, i, second, i/250%256, i%250+1)
	}
	b.WriteString(`],
 "groups": [{"id": "g-1", "name": "big", "regionId": "cn-hangzhou", "instance": {"id": "apigw-shared", "kind": "serverless", "regionId": "cn-hangzhou"},
  "apis": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "api-%d", "name": "A%d", "vpcAccess": "a%d"}`, i, i, i)
	}
	b.WriteString(`], "plugins": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id": "plg-%d", "name": "P%d", "type": "routing", "vpcAccess": ["a%d"]}`, i, i, i)
	}
	b.WriteString("]}]}\n")
	return []byte(b.String())
}

// BenchmarkPlan measures what preflight does: ParsePlan, Check and the
// text report, for plans of n authorizations.
func BenchmarkPlan(b *testing.B) {
	for _, failing := range []bool{false, true} {
		for _, n := range []int{1000, 200_000} {
			if testing.Short() && n > 1000 {
				continue
			}
			data := planJSON(n, failing)
			b.Run("failing="+strconv.FormatBool(failing)+"/n="+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					p, err := vpcgate.ParsePlan(data)
					if err != nil {
						b.Fatal(err)
					}
					r := vpcgate.Check(p, vpcgate.Options{})
					if r.OK == failing {
						b.Fatalf("OK = %v", r.OK)
					}
					if err := r.WriteText(io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkParsePlan(b *testing.B) {
	data := planJSON(10_000, false)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := vpcgate.ParsePlan(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	p, err := vpcgate.ParsePlan(planJSON(10_000, false))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		vpcgate.Check(p, vpcgate.Options{})
	}
}

// TestAllocationsPerAuthorization pins how allocations grow with a plan:
// ParsePlan takes about one per authorization with its API and plug-in
// (the plug-in's list of names), Check almost none.
func TestAllocationsPerAuthorization(t *testing.T) {
	if testing.Short() {
		t.Skip("measures plans of thousands of authorizations")
	}
	small, large := planJSON(1000, false), planJSON(3000, false)
	pSmall, _ := vpcgate.ParsePlan(small)
	pLarge, _ := vpcgate.ParsePlan(large)
	perAuth := func(f func(large bool)) float64 {
		return (testing.AllocsPerRun(3, func() { f(true) }) - testing.AllocsPerRun(3, func() { f(false) })) / 2000
	}
	parse := perAuth(func(l bool) {
		if l {
			_, _ = vpcgate.ParsePlan(large)
		} else {
			_, _ = vpcgate.ParsePlan(small)
		}
	})
	check := perAuth(func(l bool) {
		if l {
			vpcgate.Check(pLarge, vpcgate.Options{})
		} else {
			vpcgate.Check(pSmall, vpcgate.Options{})
		}
	})
	if parse > 1.1 {
		t.Errorf("ParsePlan: %.2f allocations per authorization, want at most 1.1", parse)
	}
	if check > 0.1 {
		t.Errorf("Check: %.2f allocations per authorization, want at most 0.1", check)
	}
}

package vpcgate_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// realPlanJSON returns n copies of the resources of a plan Terraform made
// (real/clean-create: a VPC, two vSwitches, two security groups with a rule
// each, a gateway, an ECS backend, its authorization, a group and an API,
// all created in one apply), each copy's addresses and references renamed
// with the suffix _i, so that the copies stay apart as in one big plan.
func realPlanJSON(tb testing.TB, n int) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(tfDir, "real", "clean-create", "plan.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		tb.Fatal(err)
	}
	pv := doc["planned_values"].(map[string]any)["root_module"].(map[string]any)
	var addrs []string
	for _, r := range pv["resources"].([]any) {
		addrs = append(addrs, r.(map[string]any)["address"].(string))
	}
	var pairs []string
	copies := func(list any) []any {
		text, err := json.Marshal(list)
		if err != nil {
			tb.Fatal(err)
		}
		var out []any
		for i := range n {
			pairs = pairs[:0]
			for _, a := range addrs {
				pairs = append(pairs, `"`+a+`"`, fmt.Sprintf(`"%s_%d"`, a, i), `"`+a+`.`, fmt.Sprintf(`"%s_%d.`, a, i))
			}
			var l []any
			if err := json.Unmarshal([]byte(strings.NewReplacer(pairs...).Replace(string(text))), &l); err != nil {
				tb.Fatal(err)
			}
			for _, e := range l {
				if m := e.(map[string]any); m["type"] != nil && m["name"] != nil {
					m["name"] = fmt.Sprintf("%s_%d", m["name"], i)
				}
			}
			out = append(out, l...)
		}
		return out
	}
	pv["resources"] = copies(pv["resources"])
	doc["resource_changes"] = copies(doc["resource_changes"])
	doc["relevant_attributes"] = copies(doc["relevant_attributes"])
	cfg := doc["configuration"].(map[string]any)["root_module"].(map[string]any)
	cfg["resources"] = copies(cfg["resources"])
	out, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkReadTerraformPlan measures ReadTerraformPlan on fixtures, on
// plans of n copies of a real plan's resources (real=n: 2n vSwitches, n
// gateways, 2n security groups and rules, n ECS backends, authorizations,
// groups and APIs), and on one gateway of n zones whose vSwitches the plan
// creates (vswitches=n).
func BenchmarkReadTerraformPlan(b *testing.B) {
	run := func(name string, plan func() []byte) {
		b.Run(name, func(b *testing.B) {
			data := plan()
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := vpcgate.ReadTerraformPlan(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, name := range []string{"clean", "replaced"} {
		data, err := os.ReadFile(filepath.Join(tfDir, name+".json"))
		if err != nil {
			b.Fatal(err)
		}
		run(name, func() []byte { return data })
	}
	for _, n := range []int{100, 1000} {
		run("real="+strconv.Itoa(n), func() []byte { return realPlanJSON(b, n) })
	}
	for _, n := range []int{100, 1000} {
		run("vswitches="+strconv.Itoa(n), func() []byte { return bigPlan(n) })
	}
}

// TestReadTerraformPlanAllocations pins what a real plan's resources cost
// to read: about 2,200 allocations per copy of real/clean-create's twelve
// resources (26 KB), most of them the JSON tree's; the reader before the
// move below the root took about 4,300.
func TestReadTerraformPlanAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("reads plans of hundreds of resources")
	}
	small, large := realPlanJSON(t, 10), realPlanJSON(t, 30)
	read := func(data []byte) func() {
		return func() {
			if _, err := vpcgate.ReadTerraformPlan(data); err != nil {
				t.Fatal(err)
			}
		}
	}
	perCopy := (testing.AllocsPerRun(3, read(large)) - testing.AllocsPerRun(3, read(small))) / 20
	if perCopy > 2600 {
		t.Errorf("ReadTerraformPlan: %.0f allocations per copy of the real plan, want at most 2600", perCopy)
	}
}

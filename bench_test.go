package vpcgate_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/internal/jsontree"
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
// to read: about 274 allocations (280 with -race) per copy of
// real/clean-create's twelve resources (26 KB), now that changes of the
// same actions share their list, internal/jsontree's containers keep
// their first elements in their own frame and the builder shares small
// repeated lists and objects (before: 286), the steps of
// references and the placeholder IDs come from blocks shared by the plan
// (before: 313, 318 with -race), the names in references are boxed once
// for the plan (before: 346), the lists of resources and zones are sized
// before they fill (before that: 354) and internal/jsontree hands out its
// strings and slices from shared blocks; its tree took about 1,900 of the
// 2,200 before that, and the reader before the move below the root about
// 4,300.
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
	if perCopy > 290 {
		t.Errorf("ReadTerraformPlan: %.0f allocations per copy of the real plan, want at most 290 (280 with -race)", perCopy)
	}
	t.Logf("ReadTerraformPlan: %.0f allocations per copy of the real plan", perCopy)
}

// accountResponses returns the saved responses of an account of n
// authorizations, as the cloud's CLI prints them (indented): the VPC
// integration instance, its VPC, vSwitch and security group, the group to
// move, one DescribeVpcAccesses page of n authorizations (the backends as
// planJSON has them) and one DescribeApi per authorization, each API using
// one; with the move, the account planJSON(n, false) describes by hand.
func accountResponses(n int) ([][]byte, vpcgate.Move) {
	docs := [][]byte{
		[]byte(`{
  "TotalCount": 1,
  "Instances": {
    "InstanceAttribute": [
      {
        "InstanceId": "apigw-1",
        "InstanceName": "gw",
        "InstanceType": "VPC_DEDICATED",
        "DedicatedInstanceType": "vpc_connect",
        "RegionId": "cn-hangzhou",
        "ConnectVpcId": "vpc-1",
        "InstanceCidrBlock": "192.168.0.0/16",
        "ConnectCidrBlocks": "[\"10.10.1.0/24\",\"10.11.0.0/16\"]",
        "NetworkInterfaceAttributes": {
          "NetworkInterfaceAttribute": [
            {"ZoneId": "cn-hangzhou-j", "VswitchId": "vsw-1", "CidrBlock": "10.10.1.0/24", "SecurityGroupId": "sg-1"}
          ]
        }
      },
      {
        "InstanceId": "apigw-shared",
        "InstanceType": "VPC_SHARED",
        "RegionId": "cn-hangzhou"
      }
    ]
  }
}`),
		[]byte(`{"VpcId": "vpc-1", "RegionId": "cn-hangzhou", "CidrBlock": "10.0.0.0/8", "SecondaryCidrBlocks": {"SecondaryCidrBlock": []}}`),
		[]byte(`{"TotalCount": 1, "VSwitches": {"VSwitch": [{"VSwitchId": "vsw-1", "VpcId": "vpc-1", "ZoneId": "cn-hangzhou-j", "CidrBlock": "10.10.1.0/24"}]}}`),
		[]byte(`{"SecurityGroupId": "sg-1", "VpcId": "vpc-1", "InnerAccessPolicy": "Accept", "Permissions": {"Permission": [
  {"Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "ALL", "PortRange": "-1/-1", "DestCidrIp": "10.0.0.0/8"}]}}`),
		[]byte(`{"SecurityGroups": {"SecurityGroup": [{"SecurityGroupId": "sg-1", "SecurityGroupType": "normal"}]}}`),
		[]byte(`{"GroupId": "g-1", "GroupName": "big", "InstanceId": "apigw-shared", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou"}`),
	}
	var b strings.Builder
	fmt.Fprintf(&b, "{\n  \"PageNumber\": 1,\n  \"PageSize\": %d,\n  \"TotalCount\": %d,\n  \"RequestId\": \"8883AC74-259D-4C0B-99FC-0B7F9A588B2F\",\n  \"VpcAccessAttributes\": {\n    \"VpcAccessAttribute\": [", n, n)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n      {\"Name\": \"a%d\", \"VpcId\": \"vpc-1\", \"InstanceId\": \"10.11.%d.%d\", \"Port\": 8080, \"VpcAccessId\": \"va-%d\", \"RegionId\": \"cn-hangzhou\"}", i, i/250%256, i%250+1, i)
	}
	b.WriteString("\n    ]\n  }\n}\n")
	docs = append(docs, []byte(b.String())) // docs[accountPage]
	for i := range n {
		docs = append(docs, fmt.Appendf(nil, `{"ApiId": "api-%d", "ApiName": "A%d", "GroupId": "g-1", "RegionId": "cn-hangzhou", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "a%d"}}}`+"\n", i, i, i))
	}
	return docs, vpcgate.Move{Group: "g-1", To: "apigw-1"}
}

// TestReadResponsesAllocations pins how allocations grow with an account's
// saved responses: ReadResponses takes per authorization (its item on a
// DescribeVpcAccesses page and the DescribeApi of an API that uses it) a
// small share of the blocks that hold many trees' nodes, strings and
// paths, never an allocation of its own (before: 37, a string per key and
// value and two slices per object; before that 66), and Snapshot.Plan
// about one (before: 22).
func TestReadResponsesAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("measures accounts of thousands of authorizations")
	}
	smallDocs, move := accountResponses(1000)
	largeDocs, _ := accountResponses(3000)
	small, err := vpcgate.ReadResponses(smallDocs...)
	if err != nil {
		t.Fatal(err)
	}
	large, err := vpcgate.ReadResponses(largeDocs...)
	if err != nil {
		t.Fatal(err)
	}
	perAuth := func(f func(docs [][]byte, s vpcgate.Snapshot)) float64 {
		return (testing.AllocsPerRun(3, func() { f(largeDocs, large) }) - testing.AllocsPerRun(3, func() { f(smallDocs, small) })) / 2000
	}
	read := perAuth(func(docs [][]byte, _ vpcgate.Snapshot) { _, _ = vpcgate.ReadResponses(docs...) })
	plan := perAuth(func(_ [][]byte, s vpcgate.Snapshot) { _, _ = s.Plan(move) })
	if read > 0.1 {
		t.Errorf("ReadResponses: %.2f allocations per authorization, want at most 0.1", read)
	}
	if plan > 1.5 {
		t.Errorf("Snapshot.Plan: %.2f allocations per authorization, want at most 1.5", plan)
	}
	t.Logf("per authorization: ReadResponses %.2f allocations, Snapshot.Plan %.2f", read, plan)
	// The bytes: the page and the DescribeApi documents are read
	// straight from their bytes, without a tree of their values (about
	// 770 bytes per authorization; before: about 1,230); a
	// DescribeVpcAccesses page of new authorizations is counted without a
	// map of its items, and the authorizations are found by VpcAccessId
	// in a map of strings (before: about 1,400).
	readBytes := (bytesPerRun(3, func() { _, _ = vpcgate.ReadResponses(largeDocs...) }) - bytesPerRun(3, func() { _, _ = vpcgate.ReadResponses(smallDocs...) })) / 2000
	if readBytes > 900 {
		t.Errorf("ReadResponses: %.0f bytes per authorization, want at most 900", readBytes)
	}
	t.Logf("per authorization: ReadResponses %.0f bytes", readBytes)
}

// bytesPerRun returns the bytes f allocates, the mean of runs calls after
// a first one.
func bytesPerRun(runs int, f func()) float64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)
}

// BenchmarkPlanManyResponses measures Snapshot.Plan over saved responses of
// n DescribeApi documents: compared across sizes in one run, its time per
// document is flat (Snapshot.Given was once linear in the documents, which
// made a plan of many names over many documents quadratic).
func BenchmarkPlanManyResponses(b *testing.B) {
	for _, n := range []int{3000, 30000} {
		b.Run(fmt.Sprint("docs=", n), func(b *testing.B) {
			docs := [][]byte{
				[]byte(`{"Instances": {"InstanceAttribute": [{"InstanceId": "gw", "DedicatedInstanceType": "vpc_connect", "InstanceType": "VPC_DEDICATED", "RegionId": "cn-hangzhou", "ConnectCidrBlocks": "[\"10.0.0.0/24\"]"}]}}`),
				[]byte(`{"GroupId": "g", "InstanceId": "shared", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou"}`),
			}
			for i := range n {
				docs = append(docs, fmt.Appendf(nil, `{"ApiId": "api-%d", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "a%d"}}}`, i, i))
			}
			s, err := vpcgate.ReadResponses(docs...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Plan(vpcgate.Move{Group: "g", To: "gw"}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
		})
	}
}

// accountPage is the index of the DescribeVpcAccesses page among
// accountResponses' documents: those after it are the DescribeApi ones.
const accountPage = 6

// BenchmarkReadResponses measures ReadResponses and Snapshot.Plan on the
// saved responses of an account of n authorizations, the account that
// BenchmarkPlan's hand plan describes, with ParsePlan of that hand plan as
// the baseline (the budget: ReadResponses within 1.5 times ParsePlan's
// time). Beside them, in the same run: ReadResponses of the account
// without its DescribeApi documents ("page": the DescribeVpcAccesses page
// and the instance, VPC, vSwitch, security group and group), and
// internal/jsontree alone on all the documents, building nothing ("decoder":
// what no reader on it can go below).
func BenchmarkReadResponses(b *testing.B) {
	for _, n := range []int{1000, 200_000} {
		if testing.Short() && n > 1000 {
			continue
		}
		docs, move := accountResponses(n)
		sizeOf := func(docs [][]byte) (size int64) {
			for _, d := range docs {
				size += int64(len(d))
			}
			return size
		}
		read := func(docs [][]byte) func(*testing.B) {
			return func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(sizeOf(docs))
				for b.Loop() {
					if _, err := vpcgate.ReadResponses(docs...); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		name := "/n=" + strconv.Itoa(n)
		b.Run("ReadResponses"+name, read(docs))
		b.Run("ReadResponses+Plan"+name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(sizeOf(docs))
			for b.Loop() {
				s, err := vpcgate.ReadResponses(docs...)
				if err != nil {
					b.Fatal(err)
				}
				p, err := s.Plan(move)
				if err != nil {
					b.Fatal(err)
				}
				if len(p.Authorizations) != n {
					b.Fatalf("%d authorizations, want %d", len(p.Authorizations), n)
				}
			}
		})
		b.Run("ReadResponses(page)"+name, read(docs[:accountPage+1]))
		b.Run("decoder"+name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(sizeOf(docs))
			for b.Loop() {
				// As internal/openapi calls it: one decoder for the
				// documents, their trees dropped one by one.
				dec := jsontree.NewDecoder[struct{}](discard{}, jsontree.Options{MaxDepth: 65, LeafDepth: true})
				for _, d := range docs {
					dec.Recycle()
					if _, problems := dec.Parse(d); problems != nil {
						b.Fatal(problems)
					}
				}
			}
		})
		plan := planJSON(n, false)
		b.Run("ParsePlan"+name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(plan)))
			for b.Loop() {
				if _, err := vpcgate.ParsePlan(plan); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// discard builds nothing for jsontree.Parse.
type discard struct{}

func (discard) Null() (_ struct{})                                       { return }
func (discard) Bool(bool) (_ struct{})                                   { return }
func (discard) Number(string) (_ struct{})                               { return }
func (discard) String(string) (_ struct{})                               { return }
func (discard) Array([]struct{}) (_ struct{})                            { return }
func (discard) Object([]string, []struct{}, map[string]int) (_ struct{}) { return }

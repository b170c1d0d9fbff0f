package vpcgate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

func TestParsePlanRejects(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // path@line:col of each problem
		says      string   // in the first problem's message
	}{
		{"null plan", `null`, []string{"@1:1"}, "want an object, got null"},
		{"empty", ``, []string{"@1:1"}, "empty document"},
		{"BOM", "\xef\xbb\xbf{}", []string{"@1:1"}, "byte order mark (BOM)"},
		{"trailing data", `{} {}`, []string{"@1:4"}, "data after"},
		{"invalid UTF-8", "{\"comment\": \"a\xffb\"}", []string{"comment@1:15"}, "invalid UTF-8"},
		{"lone surrogate", `{"comment": "\ud800"}`, []string{"comment@1:14"}, "surrogate"},
		{"duplicate key", `{"comment": "a", "comment": "b"}`, []string{"comment@1:18"}, "twice"},
		{"escaped duplicate", `{"authorizations": [{"addr": "10.0.0.1", "\u0061ddr": "10.0.0.2"}]}`, []string{"authorizations[0].addr@1:42"}, "twice"},
		{"duplicate unknown key", `{"x": 1, "x": 2}`, []string{"x@1:2", "x@1:10"}, "unknown field"},
		{"duplicate inside unknown", `{"x": {"a": 1, "a": 2}}`, []string{"x@1:2", "x.a@1:16"}, "unknown field"},
		{"case variant", `{"Comment": "a"}`, []string{"Comment@1:2"}, "unknown field"},
		{"null object", `{"instance": null}`, []string{"instance@1:14"}, "want an object, got null"},
		{"null element", `{"authorizations": [null]}`, []string{"authorizations[0]@1:21"}, "want an object, got null"},
		{"null string", `{"comment": null}`, []string{"comment@1:13"}, "want a string, got null"},
		{"wrong type", `{"authorizations": [{"port": "80"}]}`, []string{"authorizations[0].port@1:30"}, "want a number, got a string"},
		{"port range", `{"authorizations": [{"port": 65536}]}`, []string{"authorizations[0].port@1:30"}, "0 to 65535"},
		{"negative port", `{"authorizations": [{"port": -1}]}`, []string{"authorizations[0].port@1:30"}, "0 to 65535"},
		{"fraction", `{"authorizations": [{"port": 80.5}]}`, []string{"authorizations[0].port@1:30"}, "0 to 65535"},
		{"host bits", `{"accessible": ["10.0.0.1/8"]}`, []string{"accessible[0]@1:17"}, "10.0.0.0/8"},
		{"mapped prefix", `{"vpc": {"cidrs": ["::ffff:10.0.0.0/104"]}}`, []string{"vpc.cidrs[0]@1:20"}, "IPv4-mapped"},
		{"zoned address", `{"authorizations": [{"addr": "fe80::1%eth0"}]}`, []string{"authorizations[0].addr@1:30"}, "zone"},
		{"bad kind", `{"groups": [{"instance": {"kind": "shared"}}]}`, []string{"groups[0].instance.kind@1:35"}, "invalid instance kind"},
		{"mixed forms", `{"instance": {}, "instances": []}`, []string{"instances@1:1"}, "not both"},
		{"every problem at once", "{\"accessible\": [\"1.2.3.4/8\", \"::/0%x\"],\n \"vpc\": {\"cidrz\": []}}", []string{"accessible[0]@1:17", "accessible[1]@1:30", "vpc.cidrz@2:10"}, "host bits"},
		{"unterminated", `{"comment": "a`, []string{"comment@1:15"}, "unterminated"},
		{"raw control", "{\"comment\": \"a\tb\"}", []string{"comment@1:15"}, "control character"},
		{"bad escape", `{"comment": "\x41"}`, []string{"comment@1:14"}, "invalid escape"},
		{"leading zero", `{"authorizations": [{"port": 080}]}`, []string{"authorizations[0].port@1:30"}, "invalid number"},
		{"connected blocks of an instance to create", `{"instance": {"connectCidrBlocks": ["10.0.0.0/16"]}}`, []string{"instance.connectCidrBlocks@1:15"}, `set "exists": true`},
		{"connected blocks, exists false", `{"instances": [{"exists": false, "connectCidrBlocks": ["10.0.0.0/16"]}]}`, []string{"instances[0].connectCidrBlocks@1:34"}, `set "exists": true`},
		{"connected blocks before a bad value", "{\"instances\": [{\"connectCidrBlocks\": [\"10.0.0.0/16\"],\n \"cidr\": \"1.2.3.4/8\"}]}", []string{"instances[0].cidr@2:10", "instances[0].connectCidrBlocks@1:17"}, "host bits"},
		{"connected block with host bits", `{"instance": {"exists": true, "connectCidrBlocks": ["10.0.0.1/16"]}}`, []string{"instance.connectCidrBlocks[0]@1:53"}, "10.0.0.0/16"},
		{"exists not a boolean", `{"instance": {"exists": "true"}}`, []string{"instance.exists@1:25"}, "want true or false, got a string"},
		{"exists twice", `{"instance": {"exists": true, "exists": false}}`, []string{"instance.exists@1:31"}, "twice"},
		{"connectedUnknown not a boolean", `{"vpc": {"connectedUnknown": 1}}`, []string{"vpc.connectedUnknown@1:30"}, "want true or false, got a number"},
		{"a Terraform plan", `{"format_version": "1.2", "terraform_version": "1.11.0", "planned_values": {}}`, []string{"@1:1"}, "ReadTerraformPlan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := vpcgate.ParsePlan([]byte(tt.doc))
			if err == nil {
				t.Fatalf("ParsePlan(%q) = %+v, nil; want an error", tt.doc, p)
			}
			if diff := cmp.Diff(tt.want, inputErrors(t, err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\n%v", diff, err)
			}
			if first := field.Split(err)[0].Error(); !strings.Contains(first, tt.says) {
				t.Errorf("first problem %q does not say %q", first, tt.says)
			}
			if strings.Contains(err.Error(), "netip.") || strings.Contains(err.Error(), "uint16") || strings.Contains(err.Error(), "vpcgate.") {
				t.Errorf("a message names a Go type: %v", err)
			}
		})
	}
}

func TestParsePlanReadsSample(t *testing.T) {
	data, err := os.ReadFile("examples/preflight/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := vpcgate.ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Instance == nil || p.Instance.ID != "apigw-vpc-prod" || p.Instance.CIDR != cidr.MustParsePrefix("192.168.0.0/16") {
		t.Fatalf("instance = %+v", p.Instance)
	}
	if got, want := len(p.Authorizations), 4; got != want {
		t.Errorf("got %d authorizations, want %d", got, want)
	}
	if got := p.Groups[0].Plugins[0].VPCAccess; !cmp.Equal(got, []string{"orders", "inventory"}) {
		t.Errorf("plugin references = %q", got)
	}
	roundTrip(t, p)
}

// roundTrip checks that p encodes to JSON that parses back to p.
func roundTrip(t *testing.T, p vpcgate.Plan) {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	q, err := vpcgate.ParsePlan(b)
	if err != nil {
		t.Fatalf("re-encoded plan does not parse: %v\n%s", err, b)
	}
	if diff := cmp.Diff(p, q, cmpopts.EquateEmpty(), cmpopts.EquateComparable(netipTypes...)); diff != "" {
		t.Errorf("round trip mismatch (-before +after):\n%s", diff)
	}
}

func FuzzParsePlan(f *testing.F) {
	for _, name := range []string{"examples/preflight/sample.json", "testdata/plans/multi-instance.json", "testdata/plans/authz-problems.json", "testdata/plans/existing-instance.json"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"authorizations": [{"addr": "10.0.0.1", "\u0061ddr": "10.0.0.2"}]}`))
	f.Add([]byte(`[[[[[[[[[[{}]]]]]]]]]]`))
	f.Add([]byte(`{"instance": {"exists": true, "connectCidrBlocks": ["10.0.1.0/24"]}, "vpc": {"connectedUnknown": true}}`))
	f.Add([]byte(`{"format_version": "1.2", "terraform_version": "1.11.0"}`))
	f.Add([]byte(`{"vSwitches": [{"id": "vsw-1", "availableIps": 0}, {"id": "vsw-1", "availableIps": -1}]}`))
	f.Add([]byte(`{"serviceLinkedRole": "absent", "instance": {"zones": [{}]}}`))
	f.Add([]byte(`{"securityGroups": [{"id": "sg-1", "inbound": {"rules": [{"policy": "drop", "priority": 1, "ipProtocol": "TCP", "portRange": "80/80", "sourceGroupId": "sg-1"}]}}], "authorizations": [{"name": "a", "vpcId": "v", "instanceId": "10.0.0.1", "port": 80, "securityGroupId": "sg-1"}]}`))
	f.Add([]byte(`{"instance": {"id": "i", "zones": [{"zoneId": "z", "vSwitchId": "vsw-1", "vSwitchCidr": "10.0.1.0/24"}]}, "networkAcls": [{"id": "nacl-1", "vSwitchIds": ["vsw-1", "vsw-1"], "egress": {"entries": [{"policy": "drop", "protocol": "all", "cidr": "10.0.0.0/8", "port": "-1/-1"}, {"policy": "accept", "protocol": "tcp", "cidr": "::ffff:10.0.0.0/104", "port": "1/200"}]}, "ingress": {"unordered": true, "entries": []}}], "authorizations": [{"name": "a", "vpcId": "v", "instanceId": "10.0.1.9", "port": 80}], "groups": [{"id": "g", "instance": {"id": "s", "kind": "serverless"}, "apis": [{"id": "x", "vpcAccess": "a"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = vpcgate.IsTerraformPlan(data) // never panics
		p, err := vpcgate.ParsePlan(data)
		if err != nil {
			for _, e := range field.Split(err) {
				var ie *vpcgate.InputError
				if !errors.As(e, &ie) || !errors.Is(e, vpcgate.ErrInvalidPlan) || ie.Line < 1 || ie.Column < 1 {
					t.Fatalf("bad problem %#v", e)
				}
			}
			return
		}
		roundTrip(t, p)
		_ = vpcgate.Check(p, vpcgate.Options{}) // never panics
	})
}

// TestRoundTripOfSparsePlans: plans with values not given encode and read
// back the same.
func TestRoundTripOfSparsePlans(t *testing.T) {
	for _, doc := range []string{
		`{"groups": [{"instance": {}}]}`,
		`{"securityGroups": [{"rules": [{}]}]}`,
		`{"authorizations": [{}]}`,
		`{"instance": {"zones": [{}]}}`,
		`{"instances": [{"accessible": []}], "vpcs": [{}]}`,
		`{"notes": [{"code": "unverified", "where": "x", "what": "y"}]}`,
		`{"instance": {"exists": true, "connectCidrBlocks": []}, "vpc": {"connectedUnknown": true}}`,
		`{"instances": [{"exists": true}, {"exists": false, "connectCidrBlocks": []}]}`,
	} {
		p, err := vpcgate.ParsePlan([]byte(doc))
		if err != nil {
			t.Fatalf("ParsePlan(%s): %v", doc, err)
		}
		roundTrip(t, p)
	}
}

// TestParsePlanReadsExistingInstances: exists, connectCidrBlocks and
// connectedUnknown are read (IPv4-mapped blocks in their IPv4 form) and
// encode back.
func TestParsePlanReadsExistingInstances(t *testing.T) {
	p, err := vpcgate.ParsePlan([]byte(`{"instances": [
  {"id": "apigw-1", "exists": true, "connectCidrBlocks": ["10.0.1.0/24", "172.16.0.0/12"], "accessible": ["10.2.0.0/16"]},
  {"id": "apigw-2"}],
 "vpcs": [{"id": "vpc-1", "cidrs": ["10.0.0.0/16"], "connectedUnknown": true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	in := p.Instances[0]
	if !in.Exists || !slices.Equal(in.ConnectCidrBlocks, []netip.Prefix{cidr.MustParsePrefix("10.0.1.0/24"), cidr.MustParsePrefix("172.16.0.0/12")}) ||
		!slices.Equal(in.Accessible, []netip.Prefix{cidr.MustParsePrefix("10.2.0.0/16")}) {
		t.Errorf("instance = %+v", in)
	}
	if p.Instances[1].Exists || p.Instances[1].ConnectCidrBlocks != nil || !p.VPCs[0].ConnectedUnknown {
		t.Errorf("instances[1] = %+v, vpcs[0] = %+v", p.Instances[1], p.VPCs[0])
	}
	roundTrip(t, p)
}

// TestIsTerraformPlan: the top-level keys of "terraform show -json" tell a
// Terraform plan; nested keys, one of the two, or malformed JSON do not.
func TestIsTerraformPlan(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"format_version": "1.2", "terraform_version": "1.11.0"}`:                                                   true,
		` {"planned_values": {"a": [1, {"b": null}]}, "terraform_version": "1.11.0", "format_version": "1.2", "x": `: true,
		`{"\u0066ormat_version": "1.2", "terraform_version": "1.11.0"}`:                                              true,
		`{"format_version": "1.2"}`:                                  false,
		`{"x": {"format_version": "1.2", "terraform_version": "1"}}`: false,
		`[{"format_version": "1.2", "terraform_version": "1"}]`:      false,
		`{"format_version": "1.2" "terraform_version": "1"}`:         false,
		`{"format_version": [, "terraform_version": "1"}`:            false,
		``:       false,
		`{`:      false,
		`"{}"`:   false,
		"\xff{}": false,
	} {
		if got := vpcgate.IsTerraformPlan([]byte(doc)); got != want {
			t.Errorf("IsTerraformPlan(%q) = %v, want %v", doc, got, want)
		}
	}
}

// TestParsePlanReportsEveryProblem: one problem per mistake, however many.
func TestParsePlanReportsEveryProblem(t *testing.T) {
	for _, n := range []int{1, 100, 5000} {
		_, err := vpcgate.ParsePlan(manyProblems(n))
		if got := len(field.Split(err)); got != 2*n {
			t.Errorf("%d bad authorizations: %d problems, want %d", n, got, 2*n)
		}
	}
}

// BenchmarkParsePlanProblems shows the cost of many problems growing
// linearly: compare n=2k with n=8k.
func BenchmarkParsePlanProblems(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		data := manyProblems(n)
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = vpcgate.ParsePlan(data)
			}
		})
	}
}

// TestParsePlanArrays: arrays of every length around the sizes of the
// blocks ParsePlan reads them in come out as encoding/json reads them,
// with no spare capacity, and nothing of the plan aliases the document.
func TestParsePlanArrays(t *testing.T) {
	// The blocks hold 4, 8, 16, ... 4096 elements: they fill at 4, 12, 28,
	// ... 4092 (then the first block of the largest size starts), 8188.
	t.Parallel() // the largest plans: beside the other tests
	for _, n := range []int{0, 1, 3, 4, 5, 11, 12, 13, 100, 4092, 4093} {
		var b strings.Builder
		b.WriteString(`{"authorizations": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"name": "a%d", "vpcId": "vpc-1", "instanceId": "10.0.%d.%d", "port": %d}`, i, i/250, i%250+1, i%65535+1)
		}
		b.WriteString(`], "groups": [{"id": "g", "apis": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"id": "api-%d", "vpcAccess": "a%d"}`, i, i)
		}
		b.WriteString(`], "plugins": [{"id": "p", "vpcAccess": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `"a%d"`, i)
		}
		b.WriteString(`]}]}]}`)
		data := []byte(b.String())

		got, err := vpcgate.ParsePlan(data)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		var want vpcgate.Plan
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("n=%d: encoding/json: %v", n, err)
		}
		same := func() bool { return reflect.DeepEqual(want, got) } // cmp.Diff only to explain: it is slow on large plans
		if !same() {
			t.Fatalf("n=%d: ParsePlan mismatch (-encoding/json +ParsePlan):\n%s", n, cmp.Diff(want, got, cmpopts.EquateComparable(netipTypes...)))
		}
		g := got.Groups[0]
		for name, c := range map[string][2]int{
			"authorizations":                 {len(got.Authorizations), cap(got.Authorizations)},
			"groups[0].apis":                 {len(g.APIs), cap(g.APIs)},
			"groups[0].plugins[0].vpcAccess": {len(g.Plugins[0].VPCAccess), cap(g.Plugins[0].VPCAccess)},
		} {
			if c[0] != n || c[1] != n && n > 0 {
				t.Errorf("n=%d: %s has length %d and capacity %d, want %d and %d", n, name, c[0], c[1], n, n)
			}
		}
		for i := range data {
			data[i] = 'x'
		}
		if !same() {
			t.Fatalf("n=%d: the plan changed with its document (-before +after):\n%s", n, cmp.Diff(want, got, cmpopts.EquateComparable(netipTypes...)))
		}
	}
}

// TestParsePlanArraysStartEmpty: an element takes nothing from an element
// of an earlier array of its type (ParsePlan reuses where it reads them).
func TestParsePlanArraysStartEmpty(t *testing.T) {
	data := []byte(`{"groups": [
	  {"id": "g1", "apis": [{"id": "a", "name": "A", "vpcAccess": "x"}, {"id": "b", "vpcAccess": "y"}], "plugins": [{"id": "p", "vpcAccess": ["x", "y"]}]},
	  {"id": "g2", "apis": [{"id": "c"}], "plugins": [{"id": "q", "vpcAccess": ["z"]}, {"id": "r"}]},
	  {"id": "g3", "apis": [{}, {"name": "D"}, {"vpcAccess": "w"}, {}, {}]}]}`)
	got, err := vpcgate.ParsePlan(data)
	if err != nil {
		t.Fatal(err)
	}
	var want vpcgate.Plan
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateComparable(netipTypes...)); diff != "" {
		t.Errorf("ParsePlan mismatch (-encoding/json +ParsePlan):\n%s", diff)
	}
}

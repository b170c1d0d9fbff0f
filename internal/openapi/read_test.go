package openapi

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

func read1(t *testing.T, docs ...string) *Snapshot {
	t.Helper()
	bs := make([][]byte, len(docs))
	for i, d := range docs {
		bs[i] = []byte(d)
	}
	s, err := Read(bs)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return s
}

func TestRecognise(t *testing.T) {
	tests := []struct {
		doc  string
		want Kind
	}{
		{`{"Instances": {"InstanceAttribute": []}}`, DescribeInstances},
		{`{"Instances": null, "RequestId": "x"}`, DescribeInstances},
		{`{"Instances": {"Instance": []}}`, EcsDescribeInstances},
		{`{"VpcAccessAttributes": {"VpcAccessAttribute": null}}`, DescribeVpcAccesses},
		{`{"ApiGroupAttributes": {}}`, DescribeApiGroups},
		{`{"GroupId": "g", "InstanceId": "i"}`, DescribeApiGroup},
		{`{"ApiId": "a", "GroupId": "g"}`, DescribeApi},
		{`{"ApiSummarys": {"ApiSummary": []}}`, DescribeApis},
		{`{"ApiSummarys": null}`, DescribeApis},
		{`{"request": {"PluginId": "p"}, "response": {"ApiSummarys": null}}`, DescribePluginApis},
		{`{"request": {"PluginId": "p"}, "response": {"ApiSummarys": {"ApiPluginSummary": []}}}`, DescribePluginApis},
		{`{"Plugins": {"PluginAttribute": []}}`, DescribePlugins},
		{`{"VpcId": "v", "CidrBlock": "10.0.0.0/8"}`, DescribeVpcAttribute},
		{`{"VSwitches": {"VSwitch": []}}`, DescribeVSwitches},
		{`{"SecurityGroupId": "sg", "VpcId": "v", "InnerAccessPolicy": "Accept"}`, DescribeSecurityGroupAttribute},
		{`{"SecurityGroups": {"SecurityGroup": []}}`, DescribeSecurityGroups},
		{`{"LoadBalancers": {"LoadBalancer": []}}`, DescribeLoadBalancers},
		{`{"request": {}, "response": {"LoadBalancers": {"LoadBalancer": []}}}`, DescribeLoadBalancers},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			s := read1(t, tt.doc)
			if s.Kinds[0] != tt.want {
				t.Errorf("kind of %s = %q, want %q", tt.doc, s.Kinds[0], tt.want)
			}
		})
	}
}

func TestReadRejects(t *testing.T) {
	tests := []struct {
		name, doc string
		wantPath  field.Path
		wantMsg   string
	}{
		{"unknown shape", `{"Foo": 1}`, "responses[0]", "no known response shape"},
		{"error response", `{"Code": "Forbidden.RAM", "Message": "denied", "RequestId": "r"}`, "responses[0]", "Forbidden.RAM: denied"},
		{"top-level array", `[]`, "responses[0]", "want a JSON object"},
		{"ambiguous", `{"VSwitches": null, "LoadBalancers": null}`, "responses[0]", "several responses"},
		{"envelope of arrays", `{"request": [], "response": {}}`, "responses[0]", "must be objects"},
		{"unknown in envelope", `{"request": {}, "response": {"x": 1}}`, "responses[0].response", "no known response shape"},
		{"plugin apis without envelope id", `{"request": {"PageSize": 1}, "response": {"ApiSummarys": {"ApiPluginSummary": []}}}`, "DescribePluginApis[0].request.PluginId", "missing PluginId"},
		{"wrapper not object", `{"VSwitches": []}`, "responses[0]", "no known response shape"},
		{"item not object", `{"VSwitches": {"VSwitch": ["x"]}}`, "DescribeVSwitches[0].VSwitches.VSwitch[0]", "want an object"},
		{"list not array", `{"VSwitches": {"VSwitch": {}}}`, "DescribeVSwitches[0].VSwitches.VSwitch", "want an array"},
		{"missing id", `{"VSwitches": {"VSwitch": [{"VSwitchId": ""}]}}`, "DescribeVSwitches[0].VSwitches.VSwitch[0].VSwitchId", "missing VSwitchId"},
		{"wrong type", `{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Port": "80"}]}}`, "DescribeVpcAccesses[0].VpcAccessAttributes.VpcAccessAttribute[0].Port", "want a number"},
		{"port range", `{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Port": 65536}]}}`, "DescribeVpcAccesses[0].VpcAccessAttributes.VpcAccessAttribute[0].Port", "from 0 to 65535"},
		{"port fraction", `{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Port": 80.5}]}}`, "DescribeVpcAccesses[0].VpcAccessAttributes.VpcAccessAttribute[0].Port", "not an integer"},
		{"vpc enable lower case", `{"ApiId": "a", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "true"}}`, "DescribeApi[0].ServiceConfig.ServiceVpcEnable", `"true"`},
		{"ecs address", `{"Instances": {"Instance": [{"InstanceId": "i", "VpcAttributes": {"PrivateIpAddress": {"IpAddress": ["10.0.0.01"]}}}]}}`, "ecs.DescribeInstances[0].Instances.Instance[0].VpcAttributes.PrivateIpAddress.IpAddress[0]", "invalid IP address"},
		{"slb address zone", `{"LoadBalancers": {"LoadBalancer": [{"LoadBalancerId": "lb", "Address": "fe80::1%eth0"}]}}`, "DescribeLoadBalancers[0].LoadBalancers.LoadBalancer[0].Address", "zone"},
		{"fullwidth digit", `{"LoadBalancers": {"LoadBalancer": [{"LoadBalancerId": "lb", "Address": "１0.0.0.1"}]}}`, "DescribeLoadBalancers[0].LoadBalancers.LoadBalancer[0].Address", "invalid IP address"},
		{"no-break space", "{\"VSwitches\": {\"VSwitch\": [{\"VSwitchId\": \"v\", \"CidrBlock\": \"10.0.0.0/8\u00a0\"}]}}", "DescribeVSwitches[0].VSwitches.VSwitch[0].CidrBlock", "invalid CIDR prefix"},
		{"trailing space", `{"VSwitches": {"VSwitch": [{"VSwitchId": "v", "CidrBlock": "10.0.0.0/8 "}]}}`, "DescribeVSwitches[0].VSwitches.VSwitch[0].CidrBlock", "invalid CIDR prefix"},
		{"missing length", `{"VSwitches": {"VSwitch": [{"VSwitchId": "v", "CidrBlock": "10.0.0.0"}]}}`, "DescribeVSwitches[0].VSwitches.VSwitch[0].CidrBlock", "invalid CIDR prefix"},
		{"mapped block", `{"VSwitches": {"VSwitch": [{"VSwitchId": "v", "CidrBlock": "::ffff:10.0.0.0/104"}]}}`, "DescribeVSwitches[0].VSwitches.VSwitch[0].CidrBlock", "IPv4-mapped"},
		{"group type", `{"SecurityGroups": {"SecurityGroup": [{"SecurityGroupId": "sg", "SecurityGroupType": "basic"}]}}`, "DescribeSecurityGroups[0].SecurityGroups.SecurityGroup[0].SecurityGroupType", "invalid security group"},
		{"casing", `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "NetworkInterfaceAttributes": {"NetworkInterfaceAttribute": [{"VSwitchId": "vsw-1"}]}}]}}`,
			"DescribeInstances[0].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[0].VSwitchId", `"VSwitchId" where this response has "VswitchId"`},
		{"casing of a wrapper", `{"VSwitches": {"vSwitch": [{"VSwitchId": "v"}]}}`, "responses[0]", "no known response shape"},
		{"casing by a long s", "{\"Instances\": {\"InstanceAttribute\": [{\"InstanceId\": \"i\", \"NetworkInterfaceAttributes\": {\"NetworkInterfaceAttribute\": [{\"V\u017fwitchId\": \"vsw-1\"}]}}]}}",
			`DescribeInstances[0].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[0]["VſwitchId"]`, `"VſwitchId" where this response has "VswitchId"`},
		{"casing, the first of two", `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "NetworkInterfaceAttributes": {"NetworkInterfaceAttribute": [{"VSWITCHID": "vsw-1", "VSwitchId": "vsw-1"}]}}]}}`,
			"DescribeInstances[0].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[0].VSWITCHID", `"VSWITCHID" where this response has "VswitchId"`},
		{"inner policy", `{"SecurityGroupId": "sg", "InnerAccessPolicy": "Allow"}`, "DescribeSecurityGroupAttribute[0].InnerAccessPolicy", "invalid security group"},
		{"plugin apis without envelope", `{"ApiSummarys":{"ApiPluginSummary":[{"ApiId":"a","GroupId":"g"}]}}`, "DescribePluginApis[0]", "needs the envelope"},
		{"vswitch attributes", `{"VpcId": "v", "VSwitchId": "vsw-1", "CidrBlock": "10.0.0.0/24", "ZoneId": "z"}`, "responses[0]", "no known response shape"},
		{"total count text", `{"TotalCount": "4", "VpcAccessAttributes": {"VpcAccessAttribute": []}}`, "DescribeVpcAccesses[0].TotalCount", "want a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read([][]byte{[]byte(tt.doc)})
			wantProblem(t, err, tt.wantPath, tt.wantMsg)
		})
	}
}

func sgDoc(perms string) string {
	return `{"SecurityGroupId": "sg-1", "VpcId": "vpc-1", "InnerAccessPolicy": "Drop", "Permissions": {"Permission": [` + perms + `]}}`
}

func TestSecurityGroupRules(t *testing.T) {
	s := read1(t, sgDoc(`
		{"Direction": "ingress", "Policy": "whatever", "Priority": "x"},
		{"SecurityGroupRuleId": "r1", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.5", "Ipv6DestCidrIp": "", "DestGroupId": "", "DestPrefixListId": ""},
		{"SecurityGroupRuleId": "r2", "Direction": "egress", "Policy": "drop", "Priority": "100", "IpProtocol": "all", "PortRange": "-1/-1", "Ipv6DestCidrIp": "2001:db8::/32"},
		{"SecurityGroupRuleId": "r3", "Direction": "egress", "Policy": "ACCEPT", "Priority": 5, "IpProtocol": "UDP", "PortRange": "1/1024", "DestGroupId": "sg-2"},
		{"SecurityGroupRuleId": "r4", "Direction": "egress", "Policy": "Accept", "Priority": 5, "IpProtocol": "ICMP", "PortRange": "-1/-1", "DestPrefixListId": "pl-1"},
		{"SecurityGroupRuleId": "r5", "Direction": "egress", "Policy": "Accept", "Priority": 5, "IpProtocol": "TCP", "PortRange": "1/65535", "DestCidrIp": "::ffff:10.1.2.3"}`))
	got := s.SGAttributes["sg-1"]
	want := &SecurityGroupAttribute{
		Place:             Place{At: "DescribeSecurityGroupAttribute[0]"},
		SecurityGroupId:   "sg-1",
		VpcId:             "vpc-1",
		InnerAccessPolicy: authz.PolicyDrop,
		Permissions: []Permission{
			{Place: Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[1]"}, SecurityGroupRuleId: "r1", Rule: authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, DestCIDR: netip.MustParsePrefix("10.0.0.5/32")}},
			{Place: Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[2]"}, SecurityGroupRuleId: "r2", Rule: authz.Rule{Policy: authz.PolicyDrop, Priority: 100, Protocol: authz.ProtocolAll, Ports: authz.PortRange{From: 0, To: 65535}, IPv6DestCIDR: netip.MustParsePrefix("2001:db8::/32")}},
			{Place: Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[3]"}, SecurityGroupRuleId: "r3", Rule: authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolUDP, Ports: authz.PortRange{From: 1, To: 1024}, DestGroupID: "sg-2"}},
			{Place: Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[4]"}, SecurityGroupRuleId: "r4", Rule: authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolICMP, Ports: authz.PortRange{From: 0, To: 65535}, DestPrefixListID: "pl-1"}},
			{Place: Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[5]"}, SecurityGroupRuleId: "r5", Rule: authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: netip.MustParsePrefix("10.1.2.3/32")}},
		},
	}
	// The inbound rule that cannot be read is no error, but leaves the
	// group's inbound rules not known.
	if g := got.InboundGap; g == nil || g.At != "DescribeSecurityGroupAttribute[0].Permissions.Permission[0]" || !strings.HasPrefix(g.What, `inbound rule 0 of security group "sg-1" cannot be read`) {
		t.Errorf("InboundGap = %+v", g)
	}
	got.InboundGap = nil
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("rules mismatch (-want +got):\n%s", diff)
	}
	for _, r := range got.Permissions {
		if err := (authz.SecurityGroup{ID: "sg-1", Rules: []authz.Rule{r.Rule}}).Validate(); err != nil {
			t.Errorf("rule %s read from the wire is not valid: %v", r.SecurityGroupRuleId, err)
		}
	}
}

func TestSecurityGroupRulesReject(t *testing.T) {
	egress := func(extra string) string {
		return sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80"` + extra + `}`)
	}
	const at = "DescribeSecurityGroupAttribute[0].Permissions.Permission[0]"
	tests := []struct {
		name, doc string
		wantPath  field.Path
		wantMsg   string
	}{
		{"two destinations", egress(`, "DestCidrIp": "10.0.0.0/8", "DestGroupId": "sg-2"`), at, "has 2"},
		{"ipv6 in ipv4 field", egress(`, "DestCidrIp": "2001:db8::/32"`), at + ".DestCidrIp", "not an IPv4 block"},
		{"ipv4 in ipv6 field", egress(`, "Ipv6DestCidrIp": "10.0.0.0/8"`), at + ".Ipv6DestCidrIp", "not an IPv6 block"},
		{"bad address", egress(`, "DestCidrIp": "10.0.0.256"`), at + ".DestCidrIp", "invalid IP address"},
		{"priority word", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": "one", "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "not an integer"},
		{"priority zero", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 0, "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "from 1 to 100"},
		{"priority bool", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": true, "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "numeric string"},
		{"port range", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80-90", "DestGroupId": "g"}`), at + ".PortRange", "invalid security group"},
		{"protocol", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "6", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".IpProtocol", "invalid security group"},
		{"direction", sgDoc(`{"Direction": "out"}`), at + ".Direction", `"out"`},
		{"policy", sgDoc(`{"Direction": "egress", "Policy": "Allow", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Policy", "invalid security group"},
		{"source port range", egress(`, "DestCidrIp": "10.0.0.0/8", "SourcePortRange": "1-2"`), at + ".SourcePortRange", "invalid security group"},
		{"source block of the other family", egress(`, "DestCidrIp": "10.0.0.0/8", "SourceCidrIp": "2001:db8::/32"`), at + ".SourceCidrIp", "not an IPv4 block"},
		{"request for another group", `{"request": {"SecurityGroupId": "sg-2"}, "response": ` + sgDoc(``) + `}`, "DescribeSecurityGroupAttribute[0].request.SecurityGroupId", `"sg-2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read([][]byte{[]byte(tt.doc)})
			wantProblem(t, err, tt.wantPath, tt.wantMsg)
		})
	}
}

// TestReadKeepsEdges checks values the reader passes on as read, for the
// checks to judge: /0, IPv6 blocks, IDs with odd characters.
func TestReadKeepsEdges(t *testing.T) {
	s := read1(t, `{"VSwitches": {"VSwitch": [
		{"VSwitchId": "v0", "CidrBlock": "0.0.0.0/0"},
		{"VSwitchId": "v6", "CidrBlock": "2001:db8::/64"},
		{"VSwitchId": " v\u200b", "CidrBlock": "10.0.0.0/32"}]}}`)
	for id, want := range map[string]string{"v0": "0.0.0.0/0", "v6": "2001:db8::/64", " v\u200b": "10.0.0.0/32"} {
		if got := s.VSwitches[id]; got == nil || got.CidrBlock.String() != want {
			t.Errorf("vSwitch %q: got %+v, want block %s", id, got, want)
		}
	}
}

func TestConnectCidrBlocks(t *testing.T) {
	tests := []struct{ in, want, wantUnknown, wantAt string }{
		{`[\"172.16.0.0/24\",\"172.16.1.0/24\"]`, "172.16.0.0/24 172.16.1.0/24", "", "c"}, // the documentation's over-escaped form
		{`["172.16.0.0/16","172.17.0.0/16"]`, "172.16.0.0/16 172.17.0.0/16", "", "c"},     // the real form
		{`["172.16.0.1/16"]`, "172.16.0.0/16", "", "c"},                                   // host bits: the block it names
		{`[]`, "", "", "c"},
		{``, "", "not given", "c"},
		{`172.16.0.0/16`, "", `"172.16.0.0/16" is not a JSON array of CIDR blocks in a string`, "c"},
		{`["10.0.0.0/8","::ffff:10.0.0.0/104"]`, "", `entry 1, "::ffff:10.0.0.0/104", is no CIDR block`, "c[1]"},
		{`["10.0.0.0/8",""]`, "", `entry 1, "", is no CIDR block`, "c[1]"},
	}
	for _, tt := range tests {
		r := newReader()
		got, unknown, at := connectCidrBlocks(tt.in, "c", r)
		if err := r.list.Err(); err != nil {
			t.Errorf("connectCidrBlocks(%q): %v", tt.in, err)
		}
		var strs []string
		for _, p := range got {
			strs = append(strs, p.String())
		}
		if s := strings.Join(strs, " "); s != tt.want || unknown != tt.wantUnknown || string(at) != tt.wantAt {
			t.Errorf("connectCidrBlocks(%q) = %q, %q at %q; want %q, %q at %q", tt.in, s, unknown, at, tt.want, tt.wantUnknown, tt.wantAt)
		}
		if (got == nil) != (tt.wantUnknown != "") {
			t.Errorf("connectCidrBlocks(%q) = %#v: nil exactly when not known", tt.in, got)
		}
	}
}

func TestPagesAndConflicts(t *testing.T) {
	page := func(id, cidr string) string {
		return `{"VSwitches": {"VSwitch": [{"VSwitchId": "` + id + `", "VpcId": "v", "ZoneId": "z", "CidrBlock": "` + cidr + `", "AvailableIpAddressCount": ` + cidr[3:4] + `}]}}`
	}
	// The same vSwitch on two pages, read alike (a field not read differs): one resource.
	s := read1(t, page("vsw-1", "10.1.0.0/24"), page("vsw-2", "10.2.0.0/24"), page("vsw-1", "10.1.0.0/24"))
	if len(s.VSwitches) != 2 {
		t.Errorf("got %d vSwitches, want 2", len(s.VSwitches))
	}
	if got := s.VSwitches["vsw-1"].At; got != "DescribeVSwitches[0].VSwitches.VSwitch[0]" {
		t.Errorf("vsw-1 read at %q, want the first page's place", got)
	}
	_, err := Read([][]byte{[]byte(page("vsw-1", "10.1.0.0/24")), []byte(page("vsw-1", "10.3.0.0/24"))})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	for _, want := range []string{"DescribeVSwitches[1].VSwitches.VSwitch[0]", "DescribeVSwitches[0].VSwitches.VSwitch[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("conflict %q does not name %s", err, want)
		}
	}

	// Security group rules come in pages of one group.
	r1 := `{"SecurityGroupRuleId": "r1", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}`
	r2 := `{"SecurityGroupRuleId": "r2", "Direction": "egress", "Policy": "Drop", "Priority": 2, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}`
	r2b := `{"SecurityGroupRuleId": "r2", "Direction": "egress", "Policy": "Accept", "Priority": 2, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}`
	s = read1(t, strings.Replace(sgDoc(r1), `"Drop",`, `"Drop", "NextToken": "t2",`, 1), `{"request": {"NextToken": "t2"}, "response": `+sgDoc(r2)+`}`)
	if got := len(s.SGAttributes["sg-1"].Permissions); got != 2 {
		t.Errorf("merged pages hold %d rules, want 2", got)
	}
	// Two whole copies of the group's rules that differ (r2 revoked in
	// one) are two responses of different times, never their union.
	if _, err := Read([][]byte{[]byte(sgDoc(r1 + "," + r2)), []byte(sgDoc(r2))}); !errors.Is(err, ErrConflict) {
		t.Errorf("two copies of a group that differ: got %v, want ErrConflict", err)
	}
	if _, err := Read([][]byte{[]byte(sgDoc(r1 + "," + r2)), []byte(sgDoc(r2b))}); !errors.Is(err, ErrConflict) {
		t.Errorf("a rule that differs between pages: got %v, want ErrConflict", err)
	}
	other := strings.Replace(sgDoc(r1), `"Drop"`, `"Accept"`, 1)
	if _, err := Read([][]byte{[]byte(sgDoc(r1)), []byte(other)}); !errors.Is(err, ErrConflict) {
		t.Errorf("a group whose policy differs between pages: got %v, want ErrConflict", err)
	}

	// DescribeApiGroup adds DedicatedInstanceType to DescribeApiGroups' group.
	list := `{"ApiGroupAttributes": {"ApiGroupAttribute": [{"GroupId": "g", "InstanceId": "i", "InstanceType": "VPC_DEDICATED"}]}}`
	one := `{"GroupId": "g", "InstanceId": "i", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "normal"}`
	s = read1(t, list, one)
	if got := s.Groups["g"].DedicatedInstanceType; got != "normal" {
		t.Errorf("DedicatedInstanceType = %q, want normal", got)
	}
	if _, err := Read([][]byte{[]byte(one), []byte(strings.Replace(one, `"i"`, `"j"`, 1))}); !errors.Is(err, ErrConflict) {
		t.Errorf("a group on two instances: got %v, want ErrConflict", err)
	}
}

func TestEveryProblemAtOnce(t *testing.T) {
	_, err := Read([][]byte{
		[]byte(`{"Foo": 1}`),
		[]byte(`{"VSwitches": {"VSwitch": [{"VSwitchId": "a", "CidrBlock": "10.0.0.0/33"}, {"VSwitchId": "b", "CidrBlock": 5}]}}`),
		[]byte(`{`),
	})
	var got []string
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		got = append(got, string(p))
	}
	want := []string{"responses[0]", "DescribeVSwitches[1].VSwitches.VSwitch[0].CidrBlock", "DescribeVSwitches[1].VSwitches.VSwitch[1].CidrBlock", "responses[2]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	var pe *cidr.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, cidr.ErrInvalidPrefix) {
		t.Errorf("the prefix problem does not reach cidr's error: %v", err)
	}
}

func TestEcsAddress(t *testing.T) {
	s := read1(t, `{"Instances": {"Instance": [
		{"InstanceId": "i-1", "VpcAttributes": {"PrivateIpAddress": {"IpAddress": ["::ffff:10.0.0.5"]}}, "SecurityGroupIds": {"SecurityGroupId": ["sg-1", "sg-2"]}},
		{"InstanceId": "i-2", "VpcAttributes": {"PrivateIpAddress": {"IpAddress": null}}, "NetworkInterfaces": {"NetworkInterface": [{"PrimaryIpAddress": "10.0.0.6"}]}},
		{"InstanceId": "i-3", "VpcAttributes": null, "NetworkInterfaces": null, "SecurityGroupIds": null}]}}`)
	tests := []struct {
		id       string
		want     string
		wantPath field.Path
	}{
		{"i-1", "10.0.0.5", "VpcAttributes.PrivateIpAddress.IpAddress[0]"},
		{"i-2", "10.0.0.6", "NetworkInterfaces.NetworkInterface[0].PrimaryIpAddress"},
		{"i-3", "invalid IP", ""},
	}
	for _, tt := range tests {
		a, p := s.EcsInstances[tt.id].Addr()
		if a.String() != tt.want || p != tt.wantPath {
			t.Errorf("%s: Addr() = %s, %q; want %s, %q", tt.id, a, p, tt.want, tt.wantPath)
		}
	}
	if diff := cmp.Diff([]string{"sg-1", "sg-2"}, s.EcsInstances["i-1"].SecurityGroupIds, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("security groups mismatch (-want +got):\n%s", diff)
	}
}

// TestLinearCost checks that n bad items give n problems, one each, and
// that the work grows linearly with n, whatever the keys.
func TestLinearCost(t *testing.T) {
	doc := func(n int, key string) []byte {
		var b strings.Builder
		b.WriteString(`{"VSwitches": {"VSwitch": [`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"VSwitchId": "vsw-` + strings.Repeat("x", i%7) + `", "CidrBlock": "10.0.0.0/33", "` + key + `": {"` + key + `": [1, 2]}}`)
		}
		b.WriteString(`]}}`)
		return []byte(b.String())
	}
	_, err := Read([][]byte{doc(1000, "k")})
	if got := len(field.Split(err)); got != 1000 {
		// one per invalid block; the items that share an ID read alike
		t.Errorf("got %d problems, want 1000", got)
	}
	long := strings.Repeat("K", 1<<10)
	allocs := func(n int) float64 {
		d := doc(n, long)
		return testing.AllocsPerRun(3, func() { _, _ = Read([][]byte{d}) })
	}
	small, big := allocs(50), allocs(500)
	if big > 11*small {
		t.Errorf("allocations grow faster than n: %.0f for 50 items, %.0f for 500", small, big)
	}
}

// TestListings checks how pages are put together into calls and when a
// call is complete.
func TestListings(t *testing.T) {
	va := func(total, num int, names ...string) string {
		var items []string
		for _, n := range names {
			items = append(items, `{"Name": "`+n+`", "VpcId": "v", "InstanceId": "10.0.0.1", "Port": 80}`)
		}
		return fmt.Sprintf(`{"TotalCount": %d, "PageNumber": %d, "PageSize": 2, "VpcAccessAttributes": {"VpcAccessAttribute": [%s]}}`, total, num, strings.Join(items, ","))
	}
	type got struct {
		Filter          map[string]string
		Total, Given    int
		Ambiguous, Done bool
	}
	tests := []struct {
		name string
		docs []string
		want []got
	}{
		{"two pages of one call", []string{va(3, 1, "a", "b"), va(3, 2, "c")}, []got{{Filter: map[string]string{}, Total: 3, Given: 3, Done: true}}},
		{"a page not given", []string{va(3, 1, "a", "b")}, []got{{Filter: map[string]string{}, Total: 3, Given: 2}}},
		{"the same page twice", []string{va(3, 1, "a", "b"), va(3, 1, "a", "b")}, []got{{Filter: map[string]string{}, Total: 3, Given: 2}}},

		{"calls by their filters", []string{
			`{"request": {"Name": "a", "PageNumber": 1}, "response": ` + va(1, 1, "a") + `}`,
			`{"request": {"Name": "b", "PageNumber": 1}, "response": ` + va(2, 1, "b") + `}`},
			[]got{{Filter: map[string]string{"Name": "a"}, Total: 1, Given: 1, Done: true}, {Filter: map[string]string{"Name": "b"}, Total: 2, Given: 1}}},
		{"no TotalCount", []string{`{"RequestId": "r", "VpcAccessAttributes": {"VpcAccessAttribute": []}}`}, []got{{Filter: map[string]string{}, Total: -1}}},
		// The CLI's --pager output: the collection alone, the whole list.
		{"all pages", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "VpcId": "v", "InstanceId": "10.0.0.1", "Port": 80}]}}`}, []got{{Filter: map[string]string{}, Total: 1, Given: 1, Done: true}}},
		{"all pages, none", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": null}}`}, []got{{Filter: map[string]string{}, Total: 0, Given: 0, Done: true}}},
		{"all pages in an envelope", []string{`{"request": {"Name": "a"}, "response": {"VpcAccessAttributes": {"VpcAccessAttribute": []}}}`}, []got{{Filter: map[string]string{"Name": "a"}, Total: 0, Given: 0, Done: true}}},
		// DescribeApis without an envelope may be filtered by a group: two
		// such calls cannot be told apart.
		{"two bare API lists with one page number", []string{
			`{"TotalCount": 3, "PageNumber": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "a", "GroupId": "g"}]}}`,
			`{"TotalCount": 3, "PageNumber": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "b", "GroupId": "h"}]}}`},
			[]got{{Filter: map[string]string{}, Total: 3, Given: 2, Ambiguous: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := read1(t, tt.docs...)
			var out []got
			for _, l := range s.Listings {
				out = append(out, got{l.Filter, l.Total, l.Given, l.Ambiguous, l.Complete()})
			}
			if diff := cmp.Diff(tt.want, out); diff != "" {
				t.Errorf("listings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSecurityGroupPages(t *testing.T) {
	const r1 = `{"SecurityGroupRuleId": "r1", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}`
	const in = `{"SecurityGroupRuleId": "r0", "Direction": "ingress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "SourceCidrIp": "0.0.0.0/0"}`
	body := func(next, perms string) string {
		return `{"SecurityGroupId": "sg-1", "VpcId": "v", "InnerAccessPolicy": "Drop", "NextToken": "` + next + `", "Permissions": {"Permission": [` + perms + `]}}`
	}
	page := func(req, next string) string {
		if req == "" {
			return body(next, r1)
		}
		return `{"request": {"NextToken": "` + req + `"}, "response": ` + body(next, "") + `}`
	}
	env := func(req, b string) string { return `{"request": ` + req + `, "response": ` + b + `}` }
	tests := []struct {
		name      string
		docs      []string
		wantGap   string // the start of Gap.What; "" for none
		wantAt    field.Path
		wantRules int
	}{
		{"one page", []string{page("", "")}, "", "", 1},
		{"the next page not given", []string{page("", "t2")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page of NextToken "t2" not given`, "DescribeSecurityGroupAttribute[0].NextToken", 0},
		{"the next page given", []string{page("", "t2"), page("t2", "")}, "", "", 1},
		{"the last page not given", []string{page("", "t2"), page("t2", "t3")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page of NextToken "t3" not given`, "DescribeSecurityGroupAttribute[1].response.NextToken", 0},
		{"a later page without its envelope", []string{page("", "t2"), body("", "")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page of NextToken "t2" not given`, "DescribeSecurityGroupAttribute[0].NextToken", 0},
		// A later page alone: its request names a NextToken that no page
		// given issued, so the rules of the pages before it are not known.
		{"a later page alone", []string{page("t2", "")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page at DescribeSecurityGroupAttribute[0].response answers NextToken "t2", which no page given issued`, "DescribeSecurityGroupAttribute[0].request.NextToken", 0},
		{"later pages alone", []string{page("t2", "t3"), page("t3", "")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page at DescribeSecurityGroupAttribute[0].response answers NextToken "t2"`, "DescribeSecurityGroupAttribute[0].request.NextToken", 0},
		{"a later page and another call", []string{page("", "u2"), page("t2", "")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page of NextToken "u2" not given`, "DescribeSecurityGroupAttribute[0].NextToken", 0},
		{"a page that answers its own NextToken", []string{page("", ""), page("t2", "t2")}, "", "", 1},
		{"a page that answers its own NextToken, alone", []string{page("t2", "t2")}, `DescribeSecurityGroupAttribute pages of "sg-1": the page at DescribeSecurityGroupAttribute[0].response answers NextToken "t2", which no page given issued`, "DescribeSecurityGroupAttribute[0].request.NextToken", 0},
		{"a whole copy beside a later page", []string{page("", ""), page("t2", "")}, "", "", 1},
		// Inbound rules are no outbound rules.
		{"only inbound rules", []string{body("", in)}, `the outbound rules of security group "sg-1": the responses given hold no outbound rule`, "DescribeSecurityGroupAttribute[0]", 0},
		{"no rules", []string{body("", "")}, `the outbound rules of security group "sg-1": the responses given hold no outbound rule`, "DescribeSecurityGroupAttribute[0]", 0},
		{"called with Direction ingress", []string{env(`{"Direction": "ingress"}`, body("", in))}, `the outbound rules of security group "sg-1": DescribeSecurityGroupAttribute was called with Direction "ingress"`, "DescribeSecurityGroupAttribute[0].response", 0},
		{"called with Direction all", []string{env(`{"Direction": "all"}`, body("", in))}, "", "", 0},
		{"called for every direction by default", []string{env(`{}`, body("", in))}, "", "", 0},
		{"called with Direction egress", []string{env(`{"Direction": "egress"}`, body("", ""))}, "", "", 0},
		{"ingress and egress calls", []string{env(`{"Direction": "ingress"}`, body("", in)), env(`{"Direction": "egress"}`, body("", r1))}, "", "", 1},
		{"egress rule without Direction in an egress call", []string{env(`{"Direction": "egress"}`, body("", strings.Replace(r1, `"Direction": "egress", `, ``, 1)))}, "", "", 1},
		{"a rule without Direction", []string{body("", strings.Replace(r1, `"Direction": "egress", `, ``, 1))}, `rule 0 of security group "sg-1" gives no Direction`, "DescribeSecurityGroupAttribute[0].Permissions.Permission[0].Direction", 0},
		// A rule with a missing field is not read, and the group's rules
		// are then not all known.
		{"a rule without a policy", []string{body("", strings.Replace(r1, `"Policy": "Accept"`, `"Policy": ""`, 1))}, `outbound rule 0 of security group "sg-1" cannot be read: it gives no Policy`, "DescribeSecurityGroupAttribute[0].Permissions.Permission[0]", 0},
		{"a rule without a priority", []string{body("", strings.Replace(r1, `"Priority": 1, `, ``, 1))}, `outbound rule 0 of security group "sg-1" cannot be read: it gives no Priority`, "DescribeSecurityGroupAttribute[0].Permissions.Permission[0]", 0},
		{"a rule without a destination", []string{body("", strings.Replace(r1, `, "DestCidrIp": "10.0.0.0/8"`, ``, 1))}, `outbound rule 0 of security group "sg-1" cannot be read: it gives no destination`, "DescribeSecurityGroupAttribute[0].Permissions.Permission[0]", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := read1(t, tt.docs...).SGAttributes["sg-1"]
			switch {
			case tt.wantGap == "" && sg.Gap != nil:
				t.Errorf("Gap = %+v, want none", sg.Gap)
			case tt.wantGap != "" && (sg.Gap == nil || !strings.HasPrefix(sg.Gap.What, tt.wantGap) || sg.Gap.At != tt.wantAt):
				t.Errorf("Gap = %+v, want %q at %q", sg.Gap, tt.wantGap, tt.wantAt)
			}
			if got := len(sg.Permissions); got != tt.wantRules {
				t.Errorf("%d rules, want %d", got, tt.wantRules)
			}
		})
	}
}

// TestSecurityGroupCopies: the same group given twice must say the same;
// pages of one call are put together.
func TestSecurityGroupCopies(t *testing.T) {
	rule := func(id, policy string) string {
		return `{"SecurityGroupRuleId": "` + id + `", "Direction": "egress", "Policy": "` + policy + `", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}`
	}
	doc := func(req, next string, rules ...string) string {
		b := `{"SecurityGroupId": "sg-1", "VpcId": "v", "InnerAccessPolicy": "Drop", "NextToken": "` + next + `", "Permissions": {"Permission": [` + strings.Join(rules, ",") + `]}}`
		if req == "" {
			return b
		}
		return `{"request": {"NextToken": "` + req + `"}, "response": ` + b + `}`
	}
	a, b, bDrop := rule("a", "Accept"), rule("b", "Accept"), rule("b", "Drop")
	tests := []struct {
		name    string
		docs    []string
		wantErr field.Path // the place of the conflict; "" for none
	}{
		{"the same copy twice", []string{doc("", "", a, b), doc("", "", b, a)}, ""},
		{"a revoked rule", []string{doc("", "", a, b), doc("", "", a)}, "DescribeSecurityGroupAttribute[1]"},
		{"an added rule", []string{doc("", "", a), doc("", "", a, b)}, "DescribeSecurityGroupAttribute[1].Permissions.Permission[1]"},
		{"a changed rule", []string{doc("", "", a, b), doc("", "", a, bDrop)}, "DescribeSecurityGroupAttribute[1].Permissions.Permission[1]"},
		{"pages of one call", []string{doc("", "t2", a), doc("t2", "", b)}, ""},
		{"a page answered twice alike", []string{doc("", "t2", a), doc("t2", "", b), doc("t2", "", b)}, ""},
		{"a page answered twice otherwise", []string{doc("", "t2", a), doc("t2", "", b), doc("t2", "", bDrop)}, "DescribeSecurityGroupAttribute[2].response"},
		{"a NextToken issued twice", []string{doc("", "t2", a), doc("t2", "t3", b), doc("t3", "t2")}, "DescribeSecurityGroupAttribute[2].response"},
		{"two first pages of one NextToken", []string{doc("", "t2", a), doc("", "t2", a, b)}, "DescribeSecurityGroupAttribute[1]"},
		{"a first page of another call that lacks nothing", []string{doc("", "", a, b), doc("", "t9", a)}, ""},
		{"a first page of another call with another rule", []string{doc("", "", a), doc("", "t9", b)}, "DescribeSecurityGroupAttribute[1].Permissions.Permission[0]"},
		{"a later page with a rule the whole copy lacks", []string{doc("", "", a), doc("t9", "", b)}, "DescribeSecurityGroupAttribute[1].response.Permissions.Permission[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantConflict(t, tt.docs, tt.wantErr) })
	}
}

// TestReadNamed: a named document is named by its name, quoted, where
// Read names it by its index.
func TestReadNamed(t *testing.T) {
	docs := [][]byte{
		[]byte(`{"VSwitches": {"VSwitch": [{"VSwitchId": "v", "CidrBlock": "10.0.0.0/33"}]}}`),
		[]byte(`{"Foo": 1}`),
		[]byte(`{`),
		[]byte(`{"request": {}, "response": {"x": 1}}`),
	}
	names := []string{"vpc/vswitches.json", `odd "name".json`, "broken.json", "env.json"}
	_, err := ReadNamed(docs, names)
	var got []field.Path
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		got = append(got, p)
	}
	want := []field.Path{
		`DescribeVSwitches["vpc/vswitches.json"].VSwitches.VSwitch[0].CidrBlock`,
		`responses["odd \"name\".json"]`,
		`responses["broken.json"]`,
		`responses["env.json"].response`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paths mismatch (-want +got):\n%s", diff)
	}
	ok, err := ReadNamed([][]byte{[]byte(`{"VSwitches": {"VSwitch": [{"VSwitchId": "v", "CidrBlock": "10.0.0.1/24"}]}}`)}, []string{"v.json"})
	if err != nil {
		t.Fatal(err)
	}
	if at := ok.VSwitches["v"].At; at != `DescribeVSwitches["v.json"].VSwitches.VSwitch[0]` {
		t.Errorf("At = %q", at)
	}
	if _, masked := ok.Masked[`DescribeVSwitches["v.json"].VSwitches.VSwitch[0].CidrBlock`]; !masked {
		t.Errorf("Masked = %v", ok.Masked)
	}
	for _, tt := range []struct {
		names    []string
		wantPath field.Path
	}{
		{[]string{"a.json", "a.json"}, `responses["a.json"]`},
		{[]string{"a.json", ""}, "responses[1]"},
	} {
		_, err := ReadNamed([][]byte{[]byte(`{}`), []byte(`{}`)}, tt.names)
		wantProblem(t, err, tt.wantPath, "")
	}
	if _, err := ReadNamed([][]byte{[]byte(`{}`)}, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("fewer names than documents: got %v", err)
	}
}

// TestReadFacts: the cloud's responses are facts. A block with host bits
// is the block it names (recorded in Masked); a missing field leaves what
// depends on it unknown, never an error.
func TestReadFacts(t *testing.T) {
	pfx := netip.MustParsePrefix
	s := read1(t,
		`{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "InstanceCidrBlock": "192.168.0.1/16", "VpcEgressAddress": "100.104.254.7/26",
		  "ConnectCidrBlocks": "[\"10.0.0.0/8\",\"172.16.0.1/16\"]",
		  "NetworkInterfaceAttributes": {"NetworkInterfaceAttribute": [{"VswitchId": "vsw-1", "CidrBlock": "10.1.0.9/24"}]}}]}}`,
		`{"VpcId": "v", "CidrBlock": "192.168.0.1/16", "SecondaryCidrBlocks": {"SecondaryCidrBlock": ["", "10.0.0.1/8"]}, "UserCidrs": {"UserCidr": ["172.16.0.1/24"]}}`,
		`{"GroupId": "g", "InstanceType": "VPC_SHARED"}`,
		`{"ApiId": "a1", "GroupName": "g"}`,
		`{"ApiId": "a2", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": ""}}}`,
		`{"ApiId": "a3", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "n", "VpcId": "vpc-1", "InstanceId": "i-1", "Port": 8080, "VpcScheme": "HTTP"}}}`,
		`{"ApiId": "a4", "GroupId": "g", "ServiceConfig": {}, "BackendEnable": true}`,
		`{"LoadBalancers": {"LoadBalancer": [{"LoadBalancerId": "lb", "Address": "10.0.0.1", "AddressType": "intranet", "NetworkType": "classic"}]}}`,
	)
	ia := s.Instances["i"]
	if ia.InstanceCidrBlock != pfx("192.168.0.0/16") || ia.VpcEgressAddress != pfx("100.104.254.0/26") || ia.NetworkInterfaces[0].CidrBlock != pfx("10.1.0.0/24") {
		t.Errorf("instance blocks: %+v", ia)
	}
	if got := fmt.Sprint(ia.ConnectCidrBlocks); got != "[10.0.0.0/8 172.16.0.0/16]" || ia.ConnectCidrBlocksUnknown != "" {
		t.Errorf("ConnectCidrBlocks = %s (%q)", got, ia.ConnectCidrBlocksUnknown)
	}
	v := s.Vpcs["v"]
	if v.CidrBlock != pfx("192.168.0.0/16") || fmt.Sprint(v.SecondaryCidrBlocks) != "[10.0.0.0/8]" || fmt.Sprint(v.UserCidrs) != "[172.16.0.0/24]" {
		t.Errorf("VPC: %+v", v)
	}
	var masked []string
	for p, m := range s.Masked {
		masked = append(masked, string(p)+" "+m.Given+" "+m.Block.String())
	}
	slices.Sort(masked)
	want := []string{
		"DescribeInstances[0].Instances.InstanceAttribute[0].ConnectCidrBlocks[1] 172.16.0.1/16 172.16.0.0/16",
		"DescribeInstances[0].Instances.InstanceAttribute[0].InstanceCidrBlock 192.168.0.1/16 192.168.0.0/16",
		"DescribeInstances[0].Instances.InstanceAttribute[0].NetworkInterfaceAttributes.NetworkInterfaceAttribute[0].CidrBlock 10.1.0.9/24 10.1.0.0/24",
		"DescribeInstances[0].Instances.InstanceAttribute[0].VpcEgressAddress 100.104.254.7/26 100.104.254.0/26",
		"DescribeVpcAttribute[1].CidrBlock 192.168.0.1/16 192.168.0.0/16",
		"DescribeVpcAttribute[1].SecondaryCidrBlocks.SecondaryCidrBlock[1] 10.0.0.1/8 10.0.0.0/8",
		"DescribeVpcAttribute[1].UserCidrs.UserCidr[0] 172.16.0.1/24 172.16.0.0/24",
	}
	if diff := cmp.Diff(want, masked); diff != "" {
		t.Errorf("Masked mismatch (-want +got):\n%s", diff)
	}
	if g := s.Groups["g"]; g.InstanceId != "" {
		t.Errorf("group without InstanceId: %+v", g)
	}
	for id, want := range map[string]string{
		"a1": "the response gives no ServiceConfig",
		"a2": `ServiceVpcEnable is "TRUE" and VpcConfig names no VPC access authorization`,
		"a3": "",
		"a4": "its ServiceConfig gives no ServiceVpcEnable",
	} {
		if got := s.Apis[id].VpcUnknown; got != want {
			t.Errorf("API %s: VpcUnknown = %q, want %q", id, got, want)
		}
	}
	if a := s.Apis["a3"]; a.VpcName != "n" || a.Vpc != (VpcConfig{VpcId: "vpc-1", InstanceId: "i-1", Port: 8080, VpcScheme: "HTTP"}) {
		t.Errorf("API a3: %+v", a)
	}
	if a := s.Apis["a4"]; !a.BackendEnable || a.BackendId != "" {
		t.Errorf("API a4: %+v", a)
	}
	if lb := s.LoadBalancers["lb"]; lb.NetworkType != "classic" {
		t.Errorf("load balancer: %+v", lb)
	}
}

// TestPluginBindings reads the group-level bindings: DescribePluginGroups
// (the groups a plug-in is bound to) and DescribePluginsByGroup (the
// plug-ins bound to a group, a DescribePlugins body told apart by its
// request's GroupId).
func TestPluginBindings(t *testing.T) {
	const plugin = `{"PluginId": "p1", "PluginName": "r", "PluginType": "routing", "PluginData": "{\"routes\": [{\"backend\": {\"type\": \"HTTP-VPC\", \"vpcAccessName\": \"a\"}}]}"}`
	s := read1(t,
		`{"request": {"PluginId": "p1"}, "response": {"TotalCount": 1, "GroupSummarys": {"GroupPluginSummary": [{"GroupId": "g1", "StageName": "RELEASE"}]}}}`,
		`{"request": {"PluginId": "p2"}, "response": {"TotalCount": 0, "GroupSummarys": null}}`,
		`{"request": {"GroupId": "g2", "StageName": "TEST"}, "response": {"TotalCount": 1, "Plugins": {"PluginAttribute": [`+plugin+`]}}}`,
		`{"TotalCount": 1, "Plugins": {"PluginAttribute": [`+plugin+`]}}`,
	)
	if diff := cmp.Diff([]Kind{DescribePluginGroups, DescribePluginGroups, DescribePluginsByGroup, DescribePlugins}, s.Kinds); diff != "" {
		t.Errorf("kinds mismatch (-want +got):\n%s", diff)
	}
	if got := s.PluginGroups["p1"]; len(got) != 1 || got[0].GroupId != "g1" || got[0].StageName != "RELEASE" {
		t.Errorf("PluginGroups[p1] = %+v", got)
	}
	if got, ok := s.PluginGroups["p2"]; !ok || len(got) != 0 {
		t.Errorf("PluginGroups[p2] = %+v, %v", got, ok)
	}
	if got := s.GroupPlugins["g2"]; len(got) != 1 || got[0].PluginId != "p1" || got[0].StageName != "TEST" {
		t.Errorf("GroupPlugins[g2] = %+v", got)
	}
	if p := s.Plugins["p1"]; p == nil || len(p.VpcAccess) != 1 || p.At != `DescribePluginsByGroup[2].response.Plugins.PluginAttribute[0]` {
		t.Errorf("Plugins[p1] = %+v", p)
	}
	_, err := Read([][]byte{[]byte(`{"GroupSummarys": {"GroupPluginSummary": []}}`)})
	wantProblem(t, err, "DescribePluginGroups[0]", "needs the envelope")
}

// TestListingConflicts: two calls of one request that both hold every
// item must list the same items, and a call lists no item that a call
// holding every item of a wider request lacks: a deleted authorization
// never comes back as their union.
func TestListingConflicts(t *testing.T) {
	va := func(total int, names ...string) string {
		var items []string
		for _, n := range names {
			items = append(items, `{"Name": "`+n+`", "VpcId": "v", "InstanceId": "10.0.0.1", "Port": 80}`)
		}
		return fmt.Sprintf(`{"TotalCount": %d, "PageNumber": 1, "PageSize": 10, "VpcAccessAttributes": {"VpcAccessAttribute": [%s]}}`, total, strings.Join(items, ","))
	}
	pager := func(names ...string) string {
		var items []string
		for _, n := range names {
			items = append(items, `{"Name": "`+n+`", "VpcId": "v", "InstanceId": "10.0.0.1", "Port": 80}`)
		}
		return `{"VpcAccessAttributes": {"VpcAccessAttribute": [` + strings.Join(items, ",") + `]}}`
	}
	env := func(req, body string) string { return `{"request": ` + req + `, "response": ` + body + `}` }
	tests := []struct {
		name    string
		docs    []string
		wantErr field.Path
	}{
		{"the same list twice", []string{va(2, "a", "b"), va(2, "b", "a")}, ""},
		{"a deleted authorization", []string{va(2, "a", "b"), va(1, "a")}, "DescribeVpcAccesses[1]"},
		{"an added authorization", []string{va(1, "a"), va(2, "a", "b")}, "DescribeVpcAccesses[1]"},
		{"the same page, other items", []string{va(2, "a", "b"), va(2, "a", "c")}, "DescribeVpcAccesses[1]"},
		{"more items than TotalCount", []string{va(2, "a", "b"), `{"TotalCount": 2, "PageNumber": 2, "PageSize": 10, "VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "c", "VpcId": "v", "InstanceId": "10.0.0.1", "Port": 80}]}}`}, "DescribeVpcAccesses[0]"},
		{"two --pager lists that differ", []string{pager("a", "b"), pager("a")}, "DescribeVpcAccesses[1]"},
		{"a --pager list and a page", []string{pager("a"), va(2, "a", "b")}, "DescribeVpcAccesses[1]"},
		{"a --pager list and a page of another list", []string{pager("a"), va(3, "a", "b")}, "DescribeVpcAccesses[1].VpcAccessAttributes.VpcAccessAttribute[1]"},
		{"a filtered call within the whole list", []string{va(2, "a", "b"), env(`{"Name": "a"}`, va(1, "a"))}, ""},
		{"a filtered call beyond the whole list", []string{va(1, "a"), env(`{"Name": "b"}`, va(1, "b"))}, "DescribeVpcAccesses[1].response.VpcAccessAttributes.VpcAccessAttribute[0]"},
		{"a page of a longer list", []string{va(3, "a", "b"), va(1, "a")}, "DescribeVpcAccesses[0].VpcAccessAttributes.VpcAccessAttribute[1]"},
		{"a page of a longer list, within", []string{va(3, "a"), va(2, "a", "b")}, ""},
		{"two filtered calls", []string{env(`{"Name": "a"}`, va(1, "a")), env(`{"Name": "b"}`, va(1, "b"))}, ""},
		// Calls of DescribeApis given without an envelope may be
		// filtered by group: they are not compared.
		{"bare API lists of two groups", []string{
			`{"TotalCount": 1, "PageNumber": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "a", "GroupId": "g"}]}}`,
			`{"TotalCount": 1, "PageNumber": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "b", "GroupId": "h"}]}}`}, ""},
		{"API lists of one group", []string{
			env(`{"GroupId": "g"}`, `{"TotalCount": 1, "PageNumber": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "a", "GroupId": "g"}]}}`),
			env(`{"GroupId": "g", "PageSize": 5}`, `{"TotalCount": 2, "PageNumber": 1, "ApiSummarys": {"ApiSummary": [{"ApiId": "a", "GroupId": "g"}, {"ApiId": "b", "GroupId": "g"}]}}`)}, "DescribeApis[1].response"},
		{"plug-in attachments", []string{
			env(`{"PluginId": "p"}`, `{"TotalCount": 1, "ApiSummarys": {"ApiPluginSummary": [{"ApiId": "a", "GroupId": "g", "StageName": "RELEASE"}]}}`),
			env(`{"PluginId": "p", "GroupId": "g"}`, `{"TotalCount": 1, "ApiSummarys": {"ApiPluginSummary": [{"ApiId": "b", "GroupId": "g", "StageName": "RELEASE"}]}}`)}, "DescribePluginApis[1].response.ApiSummarys.ApiPluginSummary[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantConflict(t, tt.docs, tt.wantErr) })
	}
}

// wantConflict reads docs and checks that the first problem is a conflict
// at path, or that there is none when path is "".
func wantConflict(t *testing.T, docs []string, path field.Path) {
	t.Helper()
	bs := make([][]byte, len(docs))
	for i, d := range docs {
		bs[i] = []byte(d)
	}
	_, err := Read(bs)
	if path == "" {
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		return
	}
	if p, _ := field.PathOf(err); !errors.Is(err, ErrConflict) || p != path {
		t.Errorf("got %v, want a conflict at %s", err, path)
	}
}

// TestMemberBeforeCasing: a member given as the shape has it is read, and
// one that differs only in case beside it, before or after, is no error
// (member looks for both in one scan).
func TestMemberBeforeCasing(t *testing.T) {
	for _, members := range []string{`"VSwitchId": "x", "VswitchId": "vsw-1"`, `"VswitchId": "vsw-1", "VSwitchId": "x"`} {
		s := read1(t, `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "NetworkInterfaceAttributes": {"NetworkInterfaceAttribute": [{`+members+`}]}}]}}`)
		if got := s.Instances["i"].NetworkInterfaces[0].VswitchId; got != "vsw-1" {
			t.Errorf("{%s}: VswitchId = %q, want vsw-1", members, got)
		}
	}
}

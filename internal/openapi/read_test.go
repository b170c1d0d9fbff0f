package openapi

import (
	"errors"
	"fmt"
	"net/netip"
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
		{"host bits", `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "InstanceCidrBlock": "192.168.0.1/16"}]}}`, "DescribeInstances[0].Instances.InstanceAttribute[0].InstanceCidrBlock", "host bits"},
		{"connect blocks garbage", `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "ConnectCidrBlocks": "172.16.0.0/16"}]}}`, "DescribeInstances[0].Instances.InstanceAttribute[0].ConnectCidrBlocks", "JSON array"},
		{"connect block host bits", `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "ConnectCidrBlocks": "[\"10.0.0.0/8\",\"172.16.0.1/16\"]"}]}}`, "DescribeInstances[0].Instances.InstanceAttribute[0].ConnectCidrBlocks[1]", "host bits"},
		{"connect block mapped", `{"Instances": {"InstanceAttribute": [{"InstanceId": "i", "ConnectCidrBlocks": "[\"::ffff:10.0.0.0/104\"]"}]}}`, "DescribeInstances[0].Instances.InstanceAttribute[0].ConnectCidrBlocks[0]", "IPv4-mapped"},
		{"doc sample user cidr", `{"VpcId": "v", "CidrBlock": "192.168.0.0/16", "UserCidrs": {"UserCidr": ["172.16.0.1/24"]}}`, "DescribeVpcAttribute[0].UserCidrs.UserCidr[0]", "host bits"},
		{"vpc enable lower case", `{"ApiId": "a", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "true"}}`, "DescribeApi[0].ServiceConfig.ServiceVpcEnable", `"true"`},
		{"vpc enable without name", `{"ApiId": "a", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": ""}}}`, "DescribeApi[0].ServiceConfig.VpcConfig.Name", "no VPC access authorization"},
		{"api without group", `{"ApiId": "a", "GroupName": "g"}`, "DescribeApi[0].GroupId", "missing GroupId"},
		{"group without instance", `{"GroupId": "g", "InstanceType": "VPC_SHARED"}`, "DescribeApiGroup[0].InstanceId", "missing InstanceId"},
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
			{Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[1]"}, "r1", authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 80, To: 80}, DestCIDR: netip.MustParsePrefix("10.0.0.5/32")}},
			{Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[2]"}, "r2", authz.Rule{Policy: authz.PolicyDrop, Priority: 100, Protocol: authz.ProtocolAll, Ports: authz.PortRange{From: 0, To: 65535}, IPv6DestCIDR: netip.MustParsePrefix("2001:db8::/32")}},
			{Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[3]"}, "r3", authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolUDP, Ports: authz.PortRange{From: 1, To: 1024}, DestGroupID: "sg-2"}},
			{Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[4]"}, "r4", authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolICMP, Ports: authz.PortRange{From: 0, To: 65535}, DestPrefixListID: "pl-1"}},
			{Place{At: "DescribeSecurityGroupAttribute[0].Permissions.Permission[5]"}, "r5", authz.Rule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: netip.MustParsePrefix("10.1.2.3/32")}},
		},
	}
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
		{"no destination", egress(``), at, "has 0"},
		{"two destinations", egress(`, "DestCidrIp": "10.0.0.0/8", "DestGroupId": "sg-2"`), at, "has 2"},
		{"host bits", egress(`, "DestCidrIp": "10.0.0.1/8"`), at + ".DestCidrIp", "host bits"},
		{"ipv6 in ipv4 field", egress(`, "DestCidrIp": "2001:db8::/32"`), at + ".DestCidrIp", "not an IPv4 block"},
		{"ipv4 in ipv6 field", egress(`, "Ipv6DestCidrIp": "10.0.0.0/8"`), at + ".Ipv6DestCidrIp", "not an IPv6 block"},
		{"bad address", egress(`, "DestCidrIp": "10.0.0.256"`), at + ".DestCidrIp", "invalid IP address"},
		{"priority word", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": "one", "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "not an integer"},
		{"priority zero", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 0, "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "from 1 to 100"},
		{"priority bool", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": true, "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "numeric string"},
		{"priority missing", sgDoc(`{"Direction": "egress", "Policy": "Accept", "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Priority", "missing"},
		{"port range", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80-90", "DestGroupId": "g"}`), at + ".PortRange", "invalid security group"},
		{"protocol", sgDoc(`{"Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "6", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".IpProtocol", "invalid security group"},
		{"policy", sgDoc(`{"Direction": "egress", "Policy": "", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestGroupId": "g"}`), at + ".Policy", "invalid security group"},
		{"direction", sgDoc(`{"Direction": "out"}`), at + ".Direction", `"out"`},
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
	tests := []struct{ in, want string }{
		{`[\"172.16.0.0/24\",\"172.16.1.0/24\"]`, "172.16.0.0/24 172.16.1.0/24"}, // the documentation's over-escaped form
		{`["172.16.0.0/16","172.17.0.0/16"]`, "172.16.0.0/16 172.17.0.0/16"},     // the real form
		{`[]`, ""},
		{``, ""},
	}
	for _, tt := range tests {
		var errs field.List
		got := connectCidrBlocks(tt.in, "c", &errs)
		if errs.Err() != nil {
			t.Errorf("connectCidrBlocks(%q): %v", tt.in, errs.Err())
		}
		var strs []string
		for _, p := range got {
			strs = append(strs, p.String())
		}
		if s := strings.Join(strs, " "); s != tt.want {
			t.Errorf("connectCidrBlocks(%q) = %q, want %q", tt.in, s, tt.want)
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
	s = read1(t, sgDoc(r1+","+r2), sgDoc(r2))
	if got := len(s.SGAttributes["sg-1"].Permissions); got != 2 {
		t.Errorf("merged pages hold %d rules, want 2", got)
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
		[]byte(`{"VSwitches": {"VSwitch": [{"VSwitchId": "a", "CidrBlock": "10.0.0.1/8"}, {"VSwitchId": "b", "CidrBlock": 5}]}}`),
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
	if !errors.As(err, &pe) || !errors.Is(err, cidr.ErrNotCanonical) {
		t.Errorf("the host-bits problem does not reach cidr's error: %v", err)
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
			b.WriteString(`{"VSwitchId": "vsw-` + strings.Repeat("x", i%7) + `", "CidrBlock": "10.0.0.1/8", "` + key + `": {"` + key + `": [1, 2]}}`)
		}
		b.WriteString(`]}}`)
		return []byte(b.String())
	}
	_, err := Read([][]byte{doc(1000, "k")})
	if got := len(field.Split(err)); got != 1000 {
		// one per host-bits block; the items that share an ID read alike
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
		{"two calls with one page number", []string{va(3, 1, "a", "b"), va(3, 1, "c", "d")}, []got{{Filter: map[string]string{}, Total: 3, Given: 4, Ambiguous: true}}},
		{"calls by their filters", []string{
			`{"request": {"Name": "a", "PageNumber": 1}, "response": ` + va(1, 1, "a") + `}`,
			`{"request": {"Name": "b", "PageNumber": 1}, "response": ` + va(2, 1, "b") + `}`},
			[]got{{Filter: map[string]string{"Name": "a"}, Total: 1, Given: 1, Done: true}, {Filter: map[string]string{"Name": "b"}, Total: 2, Given: 1}}},
		{"no TotalCount", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": []}}`}, []got{{Filter: map[string]string{}, Total: -1}}},
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
	page := func(req, next string) string {
		body := `{"SecurityGroupId": "sg-1", "VpcId": "v", "InnerAccessPolicy": "Drop", "NextToken": "` + next + `", "Permissions": {"Permission": []}}`
		if req == "" {
			return body
		}
		return `{"request": {"NextToken": "` + req + `"}, "response": ` + body + `}`
	}
	tests := []struct {
		name string
		docs []string
		want []string
	}{
		{"one page", []string{page("", "")}, nil},
		{"the next page not given", []string{page("", "t2")}, []string{"t2"}},
		{"the next page given", []string{page("", "t2"), page("t2", "")}, nil},
		{"the last page not given", []string{page("", "t2"), page("t2", "t3")}, []string{"t3"}},
		{"a later page without its envelope", []string{page("", "t2"), page("", "")}, []string{"t2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := read1(t, tt.docs...).SGAttributes["sg-1"].Unanswered()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Unanswered() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

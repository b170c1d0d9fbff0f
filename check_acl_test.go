package vpcgate_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

// TestNetworkACLs pins issue 23 item 4 in Check: the outbound entries of
// the ACL bound to the interfaces' vSwitch and the inbound entries of the
// ACL bound to the backend's vSwitch, first match deciding; entries not
// given or not ordered are unverified; one finding per (backend, ACL).
func TestNetworkACLs(t *testing.T) {
	const ec, sz = "egress-change@groups[0]", "single-zone@instance.zones"
	e := func(pol authz.Policy, proto authz.Protocol, ports authz.PortRange, block string) authz.ACLEntry {
		return authz.ACLEntry{ID: "nae-" + block, Policy: pol, Protocol: proto, Ports: ports, CIDR: cidr.MustParsePrefix(block)}
	}
	const A, D = authz.PolicyAccept, authz.PolicyDrop
	p80 := authz.PortRange{From: 80, To: 80}
	all := authz.AllPorts()
	for _, tc := range []struct {
		name               string
		acls               []authz.NetworkACL
		problems, warnings []string
		says               []string
	}{
		{"no ACL", nil, nil, []string{sz, ec}, nil},
		{"egress accepts", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, p80, "10.0.0.0/16")}}}}, nil, []string{sz, ec}, nil},
		{"egress: first match drops", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(D, authz.ProtocolAll, all, "10.0.8.0/22"), e(A, authz.ProtocolTCP, p80, "10.0.0.0/16")}}}},
			[]string{"acl-denied@networkAcls[0].egress.entries[0]"}, []string{sz, ec, "placement@groups[0]"}, []string{`"nacl-1"`, "nae-10.0.8.0/22", "10.0.8.5", "port 80"}},
		{"egress: no entry matches", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, authz.PortRange{From: 81, To: 200}, "10.0.0.0/16")}}}},
			[]string{"acl-denied@networkAcls[0].egress"}, []string{sz, ec, "placement@groups[0]"}, []string{"no entry allows it"}},
		{"egress: IPv6 entry does not match", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolAll, all, "::/0")}}}},
			[]string{"acl-denied@networkAcls[0].egress"}, []string{sz, ec, "placement@groups[0]"}, nil},
		{"egress not given", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}}}, nil, []string{sz, ec, "unverified@networkAcls[0].egress"}, nil},
		{"egress unordered, both policies", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Unordered: true, Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, p80, "10.0.0.0/16"), e(D, authz.ProtocolAll, all, "10.0.8.0/22")}}}},
			nil, []string{sz, ec, "unverified@networkAcls[0].egress.entries"}, nil},
		// An ACL bound to a vSwitch whose block the plan does not give
		// may hold the backend, which lies in none of the instances'
		// blocks: unverified unless its inbound entries let the traffic
		// in wherever the backend is (it was not mentioned at all).
		{"ACL on another vSwitch, entries not given", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-9"}}}, nil, []string{sz, ec, "unverified@networkAcls[0].vSwitchIds"}, nil},
		{"ACL on another vSwitch, inbound drops", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-9"}, Ingress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(D, authz.ProtocolAll, all, "0.0.0.0/0")}}}},
			nil, []string{sz, ec, "unverified@networkAcls[0].vSwitchIds"}, nil},
		{"ACL on another vSwitch, inbound admits", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-9"}, Ingress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, p80, "10.0.0.0/16")}}}},
			nil, []string{sz, ec}, nil},
		{"invalid entry", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, all, "10.0.0.0/16")}}}},
			[]string{"invalid-plan@networkAcls[0].egress.entries[0].port"}, []string{sz, ec, "unverified@networkAcls[0].egress"}, nil},
		{"ingress at the backend's vSwitch drops part", []authz.NetworkACL{
			{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolAll, all, "0.0.0.0/0")}}},
			{ID: "nacl-2", VSwitchIDs: []string{"vsw-2"}, Egress: &authz.ACLEntries{}, Ingress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, p80, "10.0.1.0/25"), e(D, authz.ProtocolAll, all, "0.0.0.0/0")}}}},
			[]string{"acl-denied@networkAcls[1].ingress.entries[1]"}, []string{ec, "unverified@networkAcls[1].egress.entries", "placement@groups[0]"}, []string{`"nacl-2"`, "10.0.1.128/25", `"vsw-2"`}},
		{"ingress admits", []authz.NetworkACL{
			{ID: "nacl-2", VSwitchIDs: []string{"vsw-2"}, Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolAll, all, "10.0.8.0/24")}}, Ingress: &authz.ACLEntries{Entries: []authz.ACLEntry{e(A, authz.ProtocolTCP, authz.PortRange{From: 1, To: 200}, "10.0.0.0/16")}}}},
			nil, []string{ec}, nil},
		{"a vSwitch bound twice", []authz.NetworkACL{{ID: "nacl-1", VSwitchIDs: []string{"vsw-1"}}, {ID: "nacl-2", VSwitchIDs: []string{"vsw-1"}}},
			[]string{"invalid-plan@networkAcls[1].vSwitchIds[0]"}, []string{sz, ec, "unverified@networkAcls[0].egress"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := basePlan()
			// For the inbound cases, a second zone whose vSwitch vsw-2
			// holds the backend, so that the backend's vSwitch is known
			// (traffic from vsw-2 itself stays in one vSwitch: unverified).
			if strings.HasPrefix(tc.name, "ingress") {
				p.Instance.Zones = append(p.Instance.Zones, instance.ZonePlacement{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-2", VSwitchCIDR: cidr.MustParsePrefix("10.0.8.0/24"), SecurityGroupID: "sg-1"})
			}
			p.NetworkACLs = tc.acls
			r := checkCodes(t, p, vpcgate.Options{}, tc.problems, tc.warnings)
			for _, s := range tc.says {
				f := findCode(t, r, "acl-denied")
				if !strings.Contains(f.What, s) {
					t.Errorf("finding %q does not say %s", f.What, s)
				}
			}
		})
	}
}

// TestNetworkACLJSONPlan: a plan document gives network ACLs as
// "networkAcls", read strictly.
func TestNetworkACLJSONPlan(t *testing.T) {
	p, err := vpcgate.ParsePlan([]byte(`{"networkAcls": [{"id": "nacl-1", "vSwitchIds": ["vsw-1"], "egress": {"entries": [{"id": "nae-1", "policy": "drop", "protocol": "tcp", "cidr": "10.0.0.0/8", "port": "1/200"}]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.NetworkACLs) != 1 || p.NetworkACLs[0].Egress == nil || p.NetworkACLs[0].Ingress != nil || p.NetworkACLs[0].Egress.Entries[0].Ports != (authz.PortRange{From: 1, To: 200}) {
		t.Errorf("read as %+v", p.NetworkACLs)
	}
	for _, bad := range []string{
		`{"networkAcls": [{"id": "n", "egress": {"entries": [{"cidr": "10.0.0.1/8"}]}}]}`,
		`{"networkAcls": [{"id": "n", "egres": {}}]}`,
		`{"networkAcls": [{"id": "n", "id": "m"}]}`,
	} {
		if _, err := vpcgate.ParsePlan([]byte(bad)); err == nil {
			t.Errorf("%s was read", bad)
		}
	}
}

// aclDoc is DescribeNetworkAclAttributes as the VPC documentation's sample
// writes it, bound to the scenario's vSwitch vsw-bp1j, its outbound entry
// made a drop of every backend the scenario calls (10.0.0.0/8).
const aclDoc = `{
  "RequestId": "F5905F9C-0161-4E72-9CB1-1F3F3CF6268A",
  "NetworkAclAttribute": {
    "Status": "Available", "VpcId": "vpc-bp1shop", "CreationTime": "2021-12-25 11:33:27",
    "Description": "This is my NetworkAcl.", "NetworkAclName": "acl-1", "NetworkAclId": "nacl-a2do9e413e0spnhmj****",
    "OwnerId": 253460731706911260, "RegionId": "cn-hangzhou",
    "IngressAclEntries": {"IngressAclEntry": [{"NetworkAclEntryId": "nae-a2dk86arlydmevfbg****", "EntryType": "custom", "NetworkAclEntryName": "acl-3", "Policy": "accept", "Description": "This is IngressAclEntries.", "SourceCidrIp": "10.0.0.0/24", "IpVersion": "IPv4", "Protocol": "all", "Port": "-1/-1"}]},
    "EgressAclEntries": {"EgressAclEntry": [{"NetworkAclEntryId": "nae-a2d447uw4tillxdcv****", "EntryType": "custom", "NetworkAclEntryName": "acl-2", "Policy": "drop", "Description": "This is EgressAclEntries.", "Protocol": "all", "DestinationCidrIp": "10.0.0.0/8", "IpVersion": "IPv4", "Port": "-1/-1"}]},
    "Resources": {"Resource": [{"Status": "BINDED", "ResourceType": "VSwitch", "ResourceId": "vsw-bp1j"}]},
    "Tags": {"Tag": [{"Key": "FinanceDept", "Value": "FinanceJoshua"}]}
  }
}`

// TestNetworkACLResponses: a DescribeNetworkAclAttributes response binding
// the target's vSwitch is read into the plan (its entries unordered), and
// its outbound drop entry is acl-denied at the entry's place.
func TestNetworkACLResponses(t *testing.T) {
	docs, moves := loadScenario(t, "works")
	docs = append(slices.Clone(docs), []byte(aclDoc))
	p := planOf(t, docs, moves...)
	if len(p.NetworkACLs) != 1 || p.NetworkACLs[0].Egress == nil || !p.NetworkACLs[0].Egress.Unordered || len(p.NetworkACLs[0].VSwitchIDs) != 1 {
		t.Fatalf("network ACLs read as %+v", p.NetworkACLs)
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	var wheres []string
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Code == "acl-denied" {
				wheres = append(wheres, f.Where)
			}
		}
	}
	// The outbound drop (one finding per backend: the scenario's backends
	// are 10.10.1.20:8080, 10.10.2.30:80 and 10.0.0.9:443, ...) and the
	// inbound entries at vsw-bp1j, which accept 10.0.0.0/24 only.
	const out, in = "DescribeNetworkAclAttributes[16].NetworkAclAttribute.EgressAclEntries.EgressAclEntry[0]", "DescribeNetworkAclAttributes[16].NetworkAclAttribute.IngressAclEntries"
	if !slices.Contains(wheres, out) || !slices.Contains(wheres, in) {
		t.Errorf("acl-denied at %q, want %s and %s", wheres, out, in)
	}
	// An entry whose block is a prefix list leaves its direction unread.
	bad := strings.Replace(aclDoc, `"DestinationCidrIp": "10.0.0.0/8"`, `"DestinationCidrIp": "pl-1"`, 1)
	p = planOf(t, append(slices.Clone(docs[:len(docs)-1]), []byte(bad)), moves...)
	if p.NetworkACLs[0].Egress != nil {
		t.Errorf("a prefix-list entry was read: %+v", p.NetworkACLs[0].Egress)
	}
}

// TestReadTerraformPlanNetworkACL: alicloud_network_acl's entry lists are
// read in order (their order is the priority), its resources and both
// attachment resources bind vSwitches, and a drop entry is acl-denied at
// the entry's Terraform place.
func TestReadTerraformPlanNetworkACL(t *testing.T) {
	acl := `{"address":"alicloud_network_acl.a","mode":"managed","type":"alicloud_network_acl","name":"a","values":{"id":"nacl-1","vpc_id":"vpc-1",` +
		`"egress_acl_entries":[{"policy":"drop","protocol":"tcp","port":"20/80","destination_cidr_ip":"10.0.0.0/8","entry_type":"custom","ip_version":"IPV4"},{"policy":"accept","protocol":"all","port":"-1/-1","destination_cidr_ip":"0.0.0.0/0"}],` +
		`"resources":[{"resource_id":"vsw-1","resource_type":"VSwitch"}]}}`
	att := `{"address":"alicloud_vpc_network_acl_attachment.b","mode":"managed","type":"alicloud_vpc_network_acl_attachment","name":"b","values":{"network_acl_id":"nacl-1","resource_id":"vsw-2","resource_type":"VSwitch"}}`
	old := `{"address":"alicloud_network_acl_attachment.c","mode":"managed","type":"alicloud_network_acl_attachment","name":"c","values":{"network_acl_id":"nacl-1","resources":[{"resource_id":"vsw-3","resource_type":"VSwitch"}]}}`
	p, err := vpcgate.ReadTerraformPlan([]byte(tfDoc(acl, att, old)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.NetworkACLs) != 1 {
		t.Fatalf("network ACLs %+v", p.NetworkACLs)
	}
	a := p.NetworkACLs[0]
	if a.ID != "nacl-1" || !slices.Equal(a.VSwitchIDs, []string{"vsw-1", "vsw-3", "vsw-2"}) || a.Ingress != nil || a.Egress == nil || a.Egress.Unordered || len(a.Egress.Entries) != 2 ||
		a.Egress.Entries[0].Ports != (authz.PortRange{From: 20, To: 80}) || a.Egress.Entries[1].Ports != authz.AllPorts() {
		t.Errorf("read as %+v", a)
	}
	if err := a.Validate(); err != nil {
		t.Error(err)
	}
	// Through Check, with basePlan's instance on vsw-1 and backend 10.0.8.5:80.
	q := basePlan()
	q.NetworkACLs, q.Source = p.NetworkACLs, p.Source
	r := vpcgate.Check(q, vpcgate.Options{})
	if f := findCode(t, r, "acl-denied"); f.Where != "alicloud_network_acl.a.egress_acl_entries[0]" {
		t.Errorf("acl-denied at %q", f.Where)
	}
	// An entry known only after apply leaves its direction not given.
	unknown := strings.Replace(tfDoc(acl), `"destination_cidr_ip":"10.0.0.0/8",`, ``, 1)
	unknown = strings.Replace(unknown, `"planned_values"`, `"resource_changes":[{"address":"alicloud_network_acl.a","mode":"managed","type":"alicloud_network_acl","name":"a","change":{"actions":["create"],"after":{},"after_unknown":{"egress_acl_entries":[{"destination_cidr_ip":true},{}]}}}],"planned_values"`, 1)
	if p, err := vpcgate.ReadTerraformPlan([]byte(unknown)); err != nil || len(p.NetworkACLs) != 1 || p.NetworkACLs[0].Egress != nil {
		t.Errorf("an entry known only after apply: %v %+v", err, p.NetworkACLs)
	}
}

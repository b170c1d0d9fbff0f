package authz_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

func aclEntry(pol authz.Policy, proto authz.Protocol, ports authz.PortRange, block string) authz.ACLEntry {
	return authz.ACLEntry{Policy: pol, Protocol: proto, Ports: ports, CIDR: netip.MustParsePrefix(block)}
}

// TestACLEvaluate pins the network ACL evaluation of issue 23 item 4: the
// first matching entry in order decides, no match is refused, protocol
// all and port ranges match, IPv6 never matches IPv4, and an unordered
// list leaves addresses both policies match open.
func TestACLEvaluate(t *testing.T) {
	const A, D = authz.PolicyAccept, authz.PolicyDrop
	tcp, udp, all := authz.ProtocolTCP, authz.ProtocolUDP, authz.ProtocolAll
	allp := authz.AllPorts()
	r := func(a, b uint16) authz.PortRange { return authz.PortRange{From: a, To: b} }
	for _, tc := range []struct {
		name              string
		es                authz.ACLEntries
		peers             []string
		port              uint16
		admitted, refused []string
		open              []string
		entry             int
	}{
		{"no entry: deny all", authz.ACLEntries{}, []string{"10.0.1.0/24"}, 80, nil, []string{"10.0.1.0/24"}, nil, -1},
		{"accept all", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, all, allp, "0.0.0.0/0")}}, []string{"10.0.1.0/24"}, 80, []string{"10.0.1.0/24"}, nil, nil, -1},
		{"first match: drop before accept", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(D, tcp, r(80, 80), "10.0.0.0/8"), aclEntry(A, all, allp, "0.0.0.0/0")}}, []string{"10.0.1.0/24"}, 80, nil, []string{"10.0.1.0/24"}, nil, 0},
		{"first match: accept before drop", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, tcp, r(1, 200), "10.0.0.0/8"), aclEntry(D, all, allp, "0.0.0.0/0")}}, []string{"10.0.1.0/24"}, 80, []string{"10.0.1.0/24"}, nil, nil, -1},
		{"port range edges", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, tcp, r(1, 200), "10.0.0.0/8")}}, []string{"10.0.1.0/24"}, 200, []string{"10.0.1.0/24"}, nil, nil, -1},
		{"port outside the range", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, tcp, r(1, 200), "10.0.0.0/8")}}, []string{"10.0.1.0/24"}, 201, nil, []string{"10.0.1.0/24"}, nil, -1},
		{"udp does not match tcp", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(D, udp, r(80, 80), "10.0.0.0/8"), aclEntry(A, tcp, r(80, 80), "10.0.0.0/8")}}, []string{"10.0.1.0/24"}, 80, []string{"10.0.1.0/24"}, nil, nil, -1},
		{"IPv6 never matches IPv4", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, all, allp, "::/0")}}, []string{"10.0.1.0/24"}, 80, nil, []string{"10.0.1.0/24"}, nil, -1},
		{"partial", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, tcp, r(80, 80), "10.0.1.0/25"), aclEntry(D, all, allp, "10.0.0.0/8")}}, []string{"10.0.1.0/24"}, 80, []string{"10.0.1.0/25"}, []string{"10.0.1.128/25"}, nil, 1},
		{"host /32", authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(A, tcp, r(443, 443), "10.0.2.7/32")}}, []string{"10.0.2.7/32"}, 443, []string{"10.0.2.7/32"}, nil, nil, -1},
		{"unordered: both policies open", authz.ACLEntries{Unordered: true, Entries: []authz.ACLEntry{aclEntry(A, tcp, r(80, 80), "10.0.0.0/8"), aclEntry(D, all, allp, "10.0.1.0/25")}}, []string{"10.0.1.0/24"}, 80, []string{"10.0.1.128/25"}, nil, []string{"10.0.1.0/25"}, -1},
		{"unordered: one policy decides", authz.ACLEntries{Unordered: true, Entries: []authz.ACLEntry{aclEntry(A, tcp, r(8, 9), "10.0.0.0/8"), aclEntry(D, all, allp, "10.0.1.0/24")}}, []string{"10.0.1.0/24"}, 80, nil, []string{"10.0.1.0/24"}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.es.Evaluate(set(t, tc.peers...), tc.port)
			for _, c := range []struct {
				what string
				got  string
				want []string
			}{{"admitted", got.Admitted.String(), tc.admitted}, {"refused", got.Refused.String(), tc.refused}, {"open", got.Open.String(), tc.open}} {
				if w := set(t, c.want...).String(); c.got != w {
					t.Errorf("%s = %s, want %s", c.what, c.got, w)
				}
			}
			if got.Entry != tc.entry {
				t.Errorf("entry = %d, want %d", got.Entry, tc.entry)
			}
		})
	}
}

// TestNetworkACLValidate pins the checks of a network ACL's entries.
func TestNetworkACLValidate(t *testing.T) {
	ok := aclEntry(authz.PolicyAccept, authz.ProtocolTCP, authz.PortRange{From: 1, To: 200}, "10.0.0.0/8")
	for _, tc := range []struct {
		name string
		acl  authz.NetworkACL
		at   []field.Path
	}{
		{"valid", authz.NetworkACL{ID: "nacl-1", Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{ok}}}, nil},
		{"no id", authz.NetworkACL{}, []field.Path{"id"}},
		{"tcp all ports", authz.NetworkACL{ID: "n", Ingress: &authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(authz.PolicyAccept, authz.ProtocolTCP, authz.AllPorts(), "10.0.0.0/8")}}}, []field.Path{"ingress.entries[0].port"}},
		{"all with a range", authz.NetworkACL{ID: "n", Ingress: &authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(authz.PolicyAccept, authz.ProtocolAll, authz.PortRange{From: 1, To: 2}, "10.0.0.0/8")}}}, []field.Path{"ingress.entries[0].port"}},
		{"host bits", authz.NetworkACL{ID: "n", Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{aclEntry(authz.PolicyDrop, authz.ProtocolAll, authz.AllPorts(), "10.0.0.1/8")}}}, []field.Path{"egress.entries[0].cidr"}},
		{"zero entry", authz.NetworkACL{ID: "n", Egress: &authz.ACLEntries{Entries: []authz.ACLEntry{{}}}}, []field.Path{"egress.entries[0].policy", "egress.entries[0].protocol", "egress.entries[0].port", "egress.entries[0].cidr"}},
		{"too many", authz.NetworkACL{ID: "n", Egress: &authz.ACLEntries{Entries: make([]authz.ACLEntry, authz.MaxACLEntries+1)}}, []field.Path{"egress.entries"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.acl.Validate()
			var got []field.Path
			for _, e := range field.Split(err) {
				if !errors.Is(e, authz.ErrInvalidNetworkACL) {
					t.Errorf("%v does not match ErrInvalidNetworkACL", e)
				}
				p, _ := field.PathOf(e)
				got = append(got, p)
			}
			if len(got) != len(tc.at) {
				t.Fatalf("paths = %v, want %v", got, tc.at)
			}
			for i := range got {
				if got[i] != tc.at[i] {
					t.Errorf("paths = %v, want %v", got, tc.at)
				}
			}
		})
	}
}

// TestNetworkACLJSON pins the JSON form: the API's lower-case words and
// port forms read.
func TestNetworkACLJSON(t *testing.T) {
	var acl authz.NetworkACL
	err := json.Unmarshal([]byte(`{"id":"nacl-1","vSwitchIds":["vsw-1"],"egress":{"entries":[{"id":"nae-1","policy":"drop","protocol":"tcp","cidr":"10.0.0.0/8","port":"1/200"}]}}`), &acl)
	if err != nil {
		t.Fatal(err)
	}
	if acl.Ingress != nil || len(acl.Egress.Entries) != 1 || acl.Egress.Entries[0].Ports != (authz.PortRange{From: 1, To: 200}) || acl.Egress.Entries[0].Policy != authz.PolicyDrop {
		t.Errorf("got %+v", acl)
	}
	if err := acl.Validate(); err != nil {
		t.Error(err)
	}
}

// BenchmarkACLEvaluate evaluates a full list of entries (the quota's 20
// IPv4 entries) for a vSwitch block.
func BenchmarkACLEvaluate(b *testing.B) {
	var es authz.ACLEntries
	for i := range 20 {
		es.Entries = append(es.Entries, aclEntry(authz.PolicyDrop, authz.ProtocolTCP, authz.PortRange{From: uint16(1000 + i), To: uint16(1000 + i)}, "10.0.0.0/8"))
	}
	es.Entries = append(es.Entries, aclEntry(authz.PolicyAccept, authz.ProtocolAll, authz.AllPorts(), "0.0.0.0/0"))
	peers := cidr.MustParseSet("10.0.1.0/24", "10.0.2.0/24")
	b.ReportAllocs()
	for b.Loop() {
		if r := es.Evaluate(peers, 80); r.Admitted.IsEmpty() {
			b.Fatal("refused")
		}
	}
}

package remedy

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
)

func TestCover(t *testing.T) {
	vpc := &instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/16")},
		VSwitches: []netip.Prefix{netip.MustParsePrefix("10.0.1.0/24")}}
	addrs := []netip.Addr{netip.MustParseAddr("10.0.1.4"), netip.MustParseAddr("10.0.1.5"), netip.MustParseAddr("10.9.0.1"), {}}
	c := NewCover(vpc, "apigw-1", "vpc-1", len(addrs), func(k int) netip.Addr { return addrs[k] })
	if got := c.Blocks(); len(got) != 1 || got[0] != netip.MustParsePrefix("10.0.1.4/31") {
		t.Errorf("Blocks() = %v, want [10.0.1.4/31]", got)
	}
	want := Block{Block: netip.MustParsePrefix("10.0.1.4/31"), Wider: netip.MustParsePrefix("10.0.1.0/24")}
	for _, a := range addrs[:2] {
		if got := c.Of(a); got != want {
			t.Errorf("Of(%s) = %+v, want %+v", a, got, want)
		}
	}
	if got := c.Of(addrs[2]); !strings.Contains(got.Blocked, "outside VPC") || got.Block.IsValid() {
		t.Errorf("address outside the VPC: got %+v, want blocked", got)
	}
	if got := c.Of(addrs[3]); got.Blocked == "" {
		t.Errorf("unknown address: got %+v, want blocked", got)
	}
	for _, tt := range []struct {
		name string
		vpc  *instance.VPC
		want string
	}{
		{"not described", nil, "not described"},
		{"another VPC", &instance.VPC{ID: "vpc-2", CIDRs: vpc.CIDRs}, "is not instance"},
		{"no blocks", &instance.VPC{ID: "vpc-1"}, "lists no CIDR blocks"},
		{"connected unknown", &instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}, ConnectedUnknown: true}, "are not known"},
	} {
		c := NewCover(tt.vpc, "apigw-1", "vpc-1", 1, func(int) netip.Addr { return addrs[0] })
		if got := c.Of(addrs[0]); !strings.Contains(got.Blocked, tt.want) || len(c.Blocks()) != 0 {
			t.Errorf("%s: got %+v and blocks %v, want blocked: %q", tt.name, got, c.Blocks(), tt.want)
		}
	}
}

func TestAcceptRule(t *testing.T) {
	flow := authz.Flow{Addr: netip.MustParseAddr("10.0.1.5"), Port: 8080, Protocol: authz.ProtocolTCP}
	drop := func(prio int) authz.Rule {
		return authz.Rule{Policy: authz.PolicyDrop, Priority: prio, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: netip.MustParsePrefix("10.0.0.0/8")}
	}
	unknown := drop(5)
	unknown.DestCIDR, unknown.DestPrefixListID = netip.Prefix{}, "pl-1"
	at := func(k int) string { return "rules[" + string(rune('0'+k)) + "]" }
	for _, tt := range []struct {
		name     string
		rules    []authz.Rule
		v        authz.Verdict
		wantPrio int
		wantWay  *InTheWay
	}{
		{"default", nil, authz.Verdict{Outcome: authz.Denied, Source: authz.SourceDefault}, 100, nil},
		{"drop rule", []authz.Rule{drop(10)}, authz.Verdict{Outcome: authz.Denied, Source: authz.SourceRule, Rule: drop(10), Index: 0}, 9, nil},
		{"unknown match first", []authz.Rule{drop(10), unknown}, authz.Verdict{Outcome: authz.Denied, Source: authz.SourceRule, Rule: drop(10), Index: 0}, 4, nil},
		{"priority 1", []authz.Rule{drop(1)}, authz.Verdict{Outcome: authz.Denied, Source: authz.SourceRule, Rule: drop(1), Index: 0}, 0, &InTheWay{Rule: 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sg := &authz.SecurityGroup{ID: "sg-1", Rules: tt.rules}
			r, way, why := AcceptRule(sg, 0, tt.v, flow, Undecided{}, at)
			if tt.wantWay != nil {
				if way == nil || *way != *tt.wantWay || !strings.Contains(why, "rules[0]") {
					t.Errorf("got way %v, why %q; want %v and the rule's place", way, why, tt.wantWay)
				}
				return
			}
			want := authz.Rule{Policy: authz.PolicyAccept, Priority: tt.wantPrio, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}, DestCIDR: netip.MustParsePrefix("10.0.1.5/32")}
			if why != "" || r.String() != want.String() {
				t.Errorf("got %v (%q), want %v", r, why, want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	groups := []authz.SecurityGroup{{ID: "sg-1", Rules: make([]authz.Rule, MaxGroupRules-1)}}
	rule := func(port uint16) GroupRule {
		return GroupRule{Group: 0, Rule: authz.Rule{Policy: authz.PolicyAccept, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: port, To: port}, DestCIDR: netip.MustParsePrefix("10.0.1.5/32")}}
	}
	var l Limits
	if j, why := l.Add([]GroupRule{rule(80)}, groups); why != "" {
		t.Fatalf("the 200th rule: blocked at %d: %s", j, why)
	}
	if _, why := l.Add([]GroupRule{rule(80)}, groups); why != "" {
		t.Errorf("the same rule again: blocked: %s", why)
	}
	if j, why := l.Add([]GroupRule{rule(81)}, groups); j != 0 || !strings.Contains(why, "limit of 200") {
		t.Errorf("the 201st rule: got %d, %q; want group 0 blocked", j, why)
	}
}

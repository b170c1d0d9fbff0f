package vpcgate_test

import (
	"net/netip"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// TestBackendIngressResponses: the inbound rules of an ECS backend's
// security group, read from saved DescribeSecurityGroupAttribute
// responses (a call with Direction "ingress"), decide whether the backend
// admits the target instance's vSwitch blocks after the move.
func TestBackendIngressResponses(t *testing.T) {
	const rule0 = `DescribeSecurityGroupAttribute["ecs-DescribeSecurityGroupAttribute-orders.json"].response.Permissions.Permission[0]`
	tests := []struct {
		dir        string
		want, none []string
	}{
		// A drop rule of priority 10 for 10.10.0.0/16 refuses both
		// vSwitch blocks: a problem at the rule.
		{"backend-ingress-denied", []string{"backend-ingress-denied@" + rule0}, nil},
		// An accept rule for 10.10.0.0/16 on the backend's port admits
		// them, and the other backends are in the instance's group, which
		// admits them too: no general egress-change warning.
		{"backend-ingress-admitted", nil, []string{"backend-ingress-denied@" + rule0, `egress-change@DescribeApiGroup["apigateway-DescribeApiGroup.json"]`}},
		// The instance's own group admits TCP from 0.0.0.0/0 (a call for
		// every direction).
		{"works", nil, []string{`egress-change@DescribeApiGroup["apigateway-DescribeApiGroup.json"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			got := fixtureFindings(t, filepath.Join("testdata/responses", tt.dir))
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("no %s in %q", w, got)
				}
			}
			for _, n := range tt.none {
				if slices.Contains(got, n) {
					t.Errorf("%s in %q", n, got)
				}
			}
		})
	}
}

// TestTerraformInbound: alicloud_security_group_rule resources of type
// ingress are the inbound rules of their group when the plan holds it (all
// of them: given, possibly none); a value known only after apply makes the
// rule one whose source cannot be known, which leaves what it might decide
// undecided; a group only referenced is not in the plan's groups.
func TestTerraformInbound(t *testing.T) {
	sg := `{"address":"alicloud_security_group.sg","type":"alicloud_security_group","values":{"id":"sg-1","security_group_type":"normal","inner_access_policy":"Accept"}}`
	rule := func(name, values string) string {
		return `{"address":"alicloud_security_group_rule.` + name + `","mode":"managed","type":"alicloud_security_group_rule","name":"` + name + `","values":{"type":"ingress","security_group_id":"sg-1","ip_protocol":"tcp","port_range":"8080/8080","priority":5,"policy":"accept",` + values + `}}`
	}
	unknownSrc := authz.IngressRule{Policy: authz.PolicyDrop, Priority: 5, Protocol: authz.ProtocolAll, Ports: authz.AllPorts(), SourceCIDR: pfx("0.0.0.0/0"), Partial: standsFor("alicloud_security_group_rule.u")}
	base := authz.IngressRule{Policy: authz.PolicyAccept, Priority: 5, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}}
	with := func(f func(*authz.IngressRule)) authz.IngressRule { r := base; f(&r); return r }
	tests := []struct {
		name    string
		doc     string
		want    *authz.Inbound
		wantWhe []string // the places of the rules
	}{
		{"no rule", tfDoc(sg), &authz.Inbound{}, nil},
		{"the forms", tfDoc(sg,
			rule("v4", `"cidr_ip":"10.0.1.0/24"`),
			rule("v6", `"ipv6_cidr_ip":"2001:db8::/32"`),
			rule("group", `"source_security_group_id":"sg-2"`),
			rule("list", `"prefix_list_id":"pl-1"`),
			`{"address":"alicloud_security_group_rule.out","type":"alicloud_security_group_rule","values":{"type":"egress","security_group_id":"sg-1","ip_protocol":"tcp","port_range":"443/443","priority":1,"policy":"accept","cidr_ip":"10.0.0.0/8"}}`,
			`{"address":"alicloud_security_group_rule.other","type":"alicloud_security_group_rule","values":{"type":"ingress","security_group_id":"sg-9","ip_protocol":"tcp","port_range":"443/443","priority":1,"policy":"accept","cidr_ip":"10.0.0.0/8"}}`),
			&authz.Inbound{Rules: []authz.IngressRule{
				with(func(r *authz.IngressRule) { r.SourceCIDR = netip.MustParsePrefix("10.0.1.0/24") }),
				with(func(r *authz.IngressRule) { r.IPv6SourceCIDR = netip.MustParsePrefix("2001:db8::/32") }),
				with(func(r *authz.IngressRule) { r.SourceGroupID = "sg-2" }),
				with(func(r *authz.IngressRule) { r.SourcePrefixListID = "pl-1" }),
			}},
			[]string{"alicloud_security_group_rule.v4", "alicloud_security_group_rule.v6", "alicloud_security_group_rule.group", "alicloud_security_group_rule.list"}},
		{"a source known after apply", `{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + sg + `,` + rule("u", `"cidr_ip":null`) + `]}},"resource_changes":[` +
			`{"address":"alicloud_security_group_rule.u","mode":"managed","type":"alicloud_security_group_rule","name":"u","change":{"actions":["create"],"after":{},"after_unknown":{"cidr_ip":true}}}]}`,
			&authz.Inbound{Rules: []authz.IngressRule{unknownSrc}}, []string{"alicloud_security_group_rule.u"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := vpcgate.ReadTerraformPlan([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.SecurityGroups) != 1 {
				t.Fatalf("%d groups, want the plan's one", len(p.SecurityGroups))
			}
			got := p.SecurityGroups[0].Inbound
			if got == nil {
				t.Fatal("Inbound nil: the plan's group's inbound rules are all in the plan")
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty(), cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
				t.Errorf("Inbound mismatch (-want +got):\n%s", diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			for k, w := range tt.wantWhe {
				at := field.Path("securityGroups").Index(0).Child("inbound").Child("rules").Index(k)
				if got := p.Source[at]; got != w {
					t.Errorf("%s from %q, want %q", at, got, w)
				}
			}
		})
	}
}

package vpcgate_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/vpcgate/vpcgate"
)

// fixtureFindings reads the responses of fixture directory dir, plans the
// move of g-shop to apigw-vpc-prod and checks it: its findings as
// "code@where".
func fixtureFindings(t *testing.T, dir string) []string {
	t.Helper()
	snap, err := vpcgate.ReadNamedResponses(namedFiles(t, filepath.Join(dir, "*.json"))...)
	if err != nil {
		t.Fatalf("ReadNamedResponses: %v", err)
	}
	p, err := snap.Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	var got []string
	for _, s := range vpcgate.Check(p, vpcgate.Options{}).Sections {
		for _, f := range append(append([]vpcgate.Finding{}, s.Problems...), s.Warnings...) {
			got = append(got, string(f.Code)+"@"+f.Where)
		}
	}
	return got
}

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
			got := fixtureFindings(t, filepath.Join("examples/preflight/testdata/responses", tt.dir))
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

package openapi

import (
	"strings"
	"testing"
)

// TestInboundPages: a group's inbound rules are known only when the pages
// and the call's direction say all of them were given, as for the
// outbound rules.
func TestInboundPages(t *testing.T) {
	const in = `{"SecurityGroupRuleId": "r0", "Direction": "ingress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "SourceCidrIp": "10.0.0.0/8"}`
	const out = `{"SecurityGroupRuleId": "r1", "Direction": "egress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", "DestCidrIp": "10.0.0.0/8"}`
	body := func(next string, perms ...string) string {
		return `{"SecurityGroupId": "sg-1", "VpcId": "v", "InnerAccessPolicy": "Drop", "NextToken": "` + next + `", "Permissions": {"Permission": [` + strings.Join(perms, ",") + `]}}`
	}
	env := func(req, b string) string { return `{"request": ` + req + `, "response": ` + b + `}` }
	tests := []struct {
		name         string
		docs         []string
		wantGap      string // the start of InboundGap.What; "" for none
		wantRules    int
		wantOutbound bool // the outbound rules are known
	}{
		{"a call for every direction", []string{env(`{"Direction": "all"}`, body("", in, out))}, "", 1, true},
		{"a call for ingress", []string{env(`{"Direction": "ingress"}`, body("", in))}, "", 1, false},
		{"a call for ingress with no rule", []string{env(`{"Direction": "ingress"}`, body(""))}, "", 0, false},
		{"a call for egress", []string{env(`{"Direction": "egress"}`, body("", out))}, `the inbound rules of security group "sg-1": DescribeSecurityGroupAttribute was called with Direction "egress"`, 0, true},
		{"no envelope, only outbound rules", []string{body("", out)}, `the inbound rules of security group "sg-1": the responses given hold no inbound rule`, 0, true},
		{"no envelope, an inbound rule", []string{body("", in, out)}, "", 1, true},
		{"the next page not given", []string{env(`{"Direction": "ingress"}`, body("t2", in))}, `DescribeSecurityGroupAttribute pages of "sg-1": the page of NextToken "t2" not given`, 0, false},
		{"a later page alone", []string{env(`{"Direction": "ingress", "NextToken": "t2"}`, body("", in))}, `DescribeSecurityGroupAttribute pages of "sg-1": the page at`, 0, false},
		{"both pages", []string{env(`{"Direction": "ingress"}`, body("t2", in)), env(`{"Direction": "ingress", "NextToken": "t2"}`, body("", strings.Replace(in, "r0", "r2", 1)))}, "", 2, false},
		{"a rule without a source", []string{env(`{"Direction": "ingress"}`, body("", strings.Replace(in, `"SourceCidrIp": "10.0.0.0/8"`, `"SourceCidrIp": ""`, 1)))}, `inbound rule 0 of security group "sg-1" cannot be read: it gives no source`, 0, false},
		{"a rule with two sources", []string{env(`{"Direction": "ingress"}`, body("", strings.Replace(in, `"SourceCidrIp"`, `"SourceGroupId": "sg-2", "SourceCidrIp"`, 1)))}, `inbound rule 0 of security group "sg-1" cannot be read`, 0, false},
		{"a rule with a bad priority", []string{env(`{"Direction": "ingress"}`, body("", strings.Replace(in, `"Priority": 1`, `"Priority": 0`, 1)))}, `inbound rule 0 of security group "sg-1" cannot be read`, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg := read1(t, tt.docs...).SGAttributes["sg-1"]
			switch {
			case tt.wantGap == "" && sg.InboundGap != nil:
				t.Errorf("InboundGap = %+v, want none", sg.InboundGap)
			case tt.wantGap != "" && (sg.InboundGap == nil || !strings.HasPrefix(sg.InboundGap.What, tt.wantGap)):
				t.Errorf("InboundGap = %+v, want %q", sg.InboundGap, tt.wantGap)
			}
			if got := len(sg.Inbound); got != tt.wantRules {
				t.Errorf("%d inbound rules, want %d", got, tt.wantRules)
			}
			if got := sg.Gap == nil; got != tt.wantOutbound {
				t.Errorf("outbound rules known: %v, want %v (Gap %+v)", got, tt.wantOutbound, sg.Gap)
			}
		})
	}
}

// TestInboundPlan: the plan's inbound rules of a backend's group; a rule
// whose match is not known here is Partial, which Admit leaves undecided,
// and so is one the cloud holds with a protocol and ports no request makes
// (it was an invalid security group: a fact read as a mistake of the plan).
func TestInboundPlan(t *testing.T) {
	for _, tt := range []struct {
		name          string
		perm          string
		list, partial string // the rule's SourcePrefixListID and Partial
	}{
		{"a block", `"SourceCidrIp": "10.0.0.0/8"`, "", ""},
		{"a prefix list", `"SourcePrefixListId": "pl-1"`, "pl-1", ""},
		{"a destination", `"SourceCidrIp": "10.0.0.0/8", "DestCidrIp": "10.1.0.5"`, "", "it applies only to destination 10.1.0.5/32"},
		{"source ports", `"SourceCidrIp": "10.0.0.0/8", "SourcePortRange": "22/22"`, "", "it applies only to source ports 22/22"},
		{"a port list", `"SourceCidrIp": "10.0.0.0/8", "PortRange": "", "PortRangeListId": "prl-1"`, "", "its ports are those of port range list prl-1, not known"},
		{"ALL on a port range", `"SourceCidrIp": "10.0.0.0/8", "IpProtocol": "ALL", "PortRange": "1/65535"`, "",
			`the cloud holds it with IpProtocol ALL and PortRange "1/65535", a pair no request makes, so what it matches is not known`},
		{"TCP on -1/-1", `"SourceCidrIp": "10.0.0.0/8", "PortRange": "-1/-1"`, "",
			`the cloud holds it with IpProtocol TCP and PortRange "-1/-1", a pair no request makes, so what it matches is not known`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			perm := `{"Direction": "ingress", "Policy": "Accept", "Priority": 1, "IpProtocol": "TCP", "PortRange": "80/80", ` + tt.perm + `}`
			if strings.Contains(tt.perm, `"PortRange"`) {
				perm = strings.Replace(perm, `"PortRange": "80/80", `, "", 1)
			}
			if strings.Contains(tt.perm, `"IpProtocol"`) {
				perm = strings.Replace(perm, `"IpProtocol": "TCP", `, "", 1)
			}
			attr := read1(t, `{"request": {"Direction": "ingress"}, "response": {"SecurityGroupId": "sg-1", "Permissions": {"Permission": [`+perm+`]}}}`).SGAttributes["sg-1"]
			b := newBuilder(&Snapshot{})
			in := b.inbound(attr, "securityGroups[0]")
			if in == nil || len(in.Rules) != 1 {
				t.Fatalf("inbound %+v (gap %+v)", in, attr.InboundGap)
			}
			r := in.Rules[0]
			if r.SourcePrefixListID != tt.list || r.Partial != tt.partial {
				t.Errorf("source prefix list %q, partial %q; want %q, %q", r.SourcePrefixListID, r.Partial, tt.list, tt.partial)
			}
			if err := in.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

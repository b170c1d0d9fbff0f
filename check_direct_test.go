package vpcgate_test

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/migrate"
)

func endpoint(s string) authz.Endpoint {
	e, err := authz.ParseEndpoint(s)
	if err != nil {
		panic(err)
	}
	return e
}

// directPlan is basePlan whose API calls addr directly instead of through
// its authorization; the plug-in keeps the authorization.
func directPlan(addr string) vpcgate.Plan {
	p := basePlan()
	p.Groups[0].APIs = []migrate.API{{ID: "api-1", Name: "Get", ServiceAddress: endpoint(addr)}}
	p.VPC.CIDRs = append(p.VPC.CIDRs, cidr.MustParsePrefix("fd00:1::/48"))
	p.Instance.Zones[0].VSwitchCIDR = cidr.MustParsePrefix("10.0.1.0/24")
	return p
}

func TestDirectBackendsInPlan(t *testing.T) {
	const at = "groups[0].apis[0].serviceAddress"
	denyRule := func(p vpcgate.Plan) vpcgate.Plan {
		// A typed group: drop TCP 8080 to 10.0.1.5 at priority 1, accept the rest of the VPC.
		p.SecurityGroups = []authz.SecurityGroup{{ID: "sg-1", Type: authz.GroupNormal, InnerAccessPolicy: authz.PolicyAccept, Rules: []authz.Rule{
			{Policy: authz.PolicyDrop, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 8080, To: 8080}, DestCIDR: cidr.MustParsePrefix("10.0.1.5/32")},
			{Policy: authz.PolicyAccept, Priority: 2, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: cidr.MustParsePrefix("10.0.0.0/16")},
		}}}
		return p
	}
	withDiscovery := basePlan()
	withDiscovery.Groups[0].APIs = []migrate.API{{ID: "api-1", Discovery: "NACOS"}}
	onPlugin := basePlan()
	onPlugin.Groups[0].Plugins[0].ServiceAddresses = []authz.Endpoint{{}, endpoint("10.0.99.1:8080")}

	for _, tc := range []struct {
		name               string
		p                  vpcgate.Plan
		problems, warnings []string
	}{
		{"inside the vSwitch block", directPlan("http://10.0.1.5:8080"), nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"inside an added block, a URL with a path", directPlan("http://10.0.9.5/v1/orders?x=1"), nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"outside the accessible blocks", directPlan("http://10.0.3.5:8080"), []string{"unreachable@" + at}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		// Two mistakes: outside the (IPv4) accessible blocks, and the
		// group's simple form allows only 10.0.0.0/16.
		{"IPv6 in the VPC, outside", directPlan("https://[fd00:1::5]"), []string{"unreachable@" + at, "egress-denied@" + at}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"IPv4-mapped inside", directPlan("http://[::ffff:10.0.1.5]:8080"), nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"denied by a rule", denyRule(directPlan("http://10.0.1.5:8080")), []string{"egress-denied@" + at}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
		{"the scheme's default port is not the denied one", denyRule(directPlan("http://10.0.1.5")), nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"host name", directPlan("http://orders.internal:8080"), nil, []string{"single-zone@instance.zones", "unverified@groups[0].apis[0].serviceAddress", "egress-change@groups[0]"}},
		{"service discovery", withDiscovery, nil, []string{"single-zone@instance.zones", "unverified@groups[0].apis[0].discovery", "egress-change@groups[0]"}},
		{"public address", directPlan("http://47.1.2.3"), nil, []string{"single-zone@instance.zones", "egress-change@groups[0]"}},
		{"a plug-in's route", onPlugin, []string{"unreachable@groups[0].plugins[0].serviceAddresses[1]"}, []string{"single-zone@instance.zones", "egress-change@groups[0]", "placement@groups[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkCodes(t, tc.p, vpcgate.Options{}, tc.problems, tc.warnings)
		})
	}
}

func TestDirectBackendFindings(t *testing.T) {
	r := vpcgate.Check(directPlan("http://10.0.3.5:8080/v1"), vpcgate.Options{})
	f := findOne(t, r, vpcgate.CodeUnreachable)
	if !strings.Contains(f.What, "instance cannot connect to the backend 10.0.3.5") {
		t.Errorf("what %q lacks the console's words", f.What)
	}
	var ue *authz.UnreachableError
	if !errors.As(f.Err, &ue) || ue.Endpoint != "http://10.0.3.5:8080" {
		t.Errorf("error %v is not an UnreachableError of the endpoint", f.Err)
	}
	if f.Suggested != netip.MustParsePrefix("10.0.3.5/32") || !strings.Contains(f.Fix, "10.0.3.5") {
		t.Errorf("suggested %v, fix %q", f.Suggested, f.Fix)
	}
	// The group's section says none would take it; the verdict is not a pass.
	for _, s := range r.Sections {
		for _, p := range s.Passed {
			if strings.Contains(p, "would succeed") {
				t.Errorf("passed line %q", p)
			}
		}
	}

	// An egress denial names the deciding rule.
	p := directPlan("http://10.0.1.5:8080")
	p.SecurityGroups = []authz.SecurityGroup{{ID: "sg-1", Type: authz.GroupNormal, InnerAccessPolicy: authz.PolicyAccept, Rules: []authz.Rule{
		{Policy: authz.PolicyDrop, Priority: 1, Protocol: authz.ProtocolTCP, Ports: authz.PortRange{From: 1, To: 65535}, DestCIDR: cidr.MustParsePrefix("10.0.1.0/24")},
	}}}
	f = findOne(t, vpcgate.Check(p, vpcgate.Options{}), vpcgate.CodeEgressDenied)
	if !strings.Contains(f.What, "backend http://10.0.1.5:8080") || !strings.Contains(f.What, "rule 0") {
		t.Errorf("egress-denied what %q does not name the backend and the rule", f.What)
	}
	if !errors.Is(f.Err, authz.ErrEgressDenied) {
		t.Errorf("egress-denied error %v", f.Err)
	}
}

func TestDirectBackendsStrictAndVerdict(t *testing.T) {
	p := directPlan("http://orders.internal")
	r := vpcgate.Check(p, vpcgate.Options{})
	if !r.OK {
		t.Fatal("a host name is a problem")
	}
	verdict := ""
	for _, s := range r.Sections {
		for _, l := range s.Passed {
			if strings.Contains(l, "would succeed") {
				verdict = l
			}
		}
	}
	if !strings.Contains(verdict, "1 backend(s) called directly") || !strings.Contains(verdict, "http://orders.internal:80 unverified") {
		t.Errorf("verdict %q does not count and qualify the direct backend", verdict)
	}
	strict := vpcgate.Check(p, vpcgate.Options{Strict: true})
	if strict.OK {
		t.Error("under Strict a host name passes")
	}
	for _, s := range strict.Sections {
		for _, l := range s.Passed {
			if strings.Contains(l, "would succeed") {
				t.Errorf("under Strict the move passes: %q", l)
			}
		}
	}
}

func TestDirectBackendOneFindingPerAddress(t *testing.T) {
	p := basePlan()
	p.Groups[0].APIs = nil
	for i := range 50 {
		p.Groups[0].APIs = append(p.Groups[0].APIs, migrate.API{ID: fmt.Sprint("api-", i), ServiceAddress: endpoint("http://10.0.3.5")})
	}
	r := vpcgate.Check(p, vpcgate.Options{})
	f := findOne(t, r, vpcgate.CodeUnreachable)
	if f.Where != "groups[0].apis[0].serviceAddress" || !strings.Contains(f.What, "groups[0].apis[2].serviceAddress and 47 more") {
		t.Errorf("where %q, what %q: want the first reference and a count of the rest", f.Where, f.What)
	}
}

func TestParsePlanServiceAddress(t *testing.T) {
	doc := `{"instance": {"name": "gw", "regionId": "cn-hangzhou", "vpcId": "vpc-1", "cidr": "192.168.0.0/16", "zones": []},
  "groups": [{"id": "g", "name": "g", "regionId": "cn-hangzhou", "instance": {"id": "", "kind": "", "regionId": ""},
    "apis": [{"id": "a", "name": "a", "serviceAddress": "http://10.1"}],
    "plugins": [{"id": "p", "name": "p", "serviceAddresses": ["http://10.0.0.1:80", "10.0.0.2"]}]}]}`
	_, err := vpcgate.ParsePlan([]byte(doc))
	got := strings.Join(inputErrors(t, err), "\n")
	for _, want := range []string{"groups[0].apis[0].serviceAddress", "groups[0].plugins[0].serviceAddresses[1]"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors %q do not name %s", got, want)
		}
	}
	if !errors.Is(err, authz.ErrInvalidEndpoint) || !errors.Is(err, vpcgate.ErrInvalidPlan) {
		t.Errorf("error %v does not match ErrInvalidEndpoint and ErrInvalidPlan", err)
	}
	p, err := vpcgate.ParsePlan([]byte(strings.NewReplacer(`"http://10.1"`, `"http://10.0.1.5:8080/x"`, `"10.0.0.2"`, `"10.0.0.2:8080"`).Replace(doc)))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Groups[0].APIs[0].ServiceAddress; got != endpoint("http://10.0.1.5:8080") {
		t.Errorf("serviceAddress read as %+v", got)
	}
}

// TestDirectBackendsLinear checks that 100k APIs on 1k addresses cost
// linear in the APIs: each address is checked once per instance, and a
// reference costs a map lookup.
func TestDirectBackendsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	plan := func(apis, addrs int) vpcgate.Plan {
		p := basePlan()
		p.Groups[0].APIs = make([]migrate.API, apis)
		for i := range p.Groups[0].APIs {
			a := netip.AddrFrom4([4]byte{10, 0, byte(1 + i%addrs/250), byte(1 + i%addrs%250)})
			p.Groups[0].APIs[i] = migrate.API{ID: "a", ServiceAddress: authz.Endpoint{Scheme: "http", Addr: a, Port: 80}}
		}
		return p
	}
	allocs := func(apis int) float64 {
		p := plan(apis, 1000)
		return testing.AllocsPerRun(2, func() { vpcgate.Check(p, vpcgate.Options{}) })
	}
	// 1,000 addresses, each failing (outside the accessible blocks): the
	// checks and findings are per address; what grows with the APIs (the
	// fingerprints' identities of the APIs a finding's path crosses) is
	// linear, so 4 times the APIs cost at most about 4 times as much.
	small, large := allocs(25_000), allocs(100_000)
	if large > 4.4*small {
		t.Errorf("%v allocations for 25,000 APIs on 1,000 addresses, %v for 100,000: more than linear", small, large)
	}
}

// TestPublicAddressNeedsAKnownVPC checks that an address outside private
// space passes as "not a VPC backend" only when the VPC's blocks and
// connected networks are all known: otherwise it may be a VPC that uses
// public ranges, and it is unverified.
func TestPublicAddressNeedsAKnownVPC(t *testing.T) {
	const at = "groups[0].apis[0].serviceAddress"
	noVPC := directPlan("http://47.1.2.3")
	noVPC.VPC = nil
	unknownConnected := directPlan("http://47.1.2.3")
	unknownConnected.VPC.ConnectedUnknown = true
	for name, p := range map[string]vpcgate.Plan{"no VPC": noVPC, "connected networks unknown": unknownConnected} {
		found := false
		for _, f := range all(vpcgate.Check(p, vpcgate.Options{})) {
			found = found || f.Code == vpcgate.CodeUnverified && f.Where == at
		}
		if !found {
			t.Errorf("%s: no unverified finding at %s", name, at)
		}
		if vpcgate.Check(p, vpcgate.Options{Strict: true}).OK {
			t.Errorf("%s: passes under Strict", name)
		}
	}
}

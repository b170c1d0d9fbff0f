package migrate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

var (
	A = netip.MustParseAddr
	P = netip.MustParsePrefix
)

var (
	from = instance.Instance{ID: "apigw-shared", Kind: instance.Serverless, RegionID: "cn-hangzhou"}
	to   = instance.Instance{
		ID: "apigw-vpc", Kind: instance.VPCIntegration, RegionID: "cn-hangzhou", VPCID: "vpc-1", CIDR: P("192.168.0.0/16"),
		Zones: []instance.ZonePlacement{
			{ZoneID: "cn-hangzhou-j", VSwitchID: "vsw-j", VSwitchCIDR: P("10.0.1.0/24"), SecurityGroupID: "sg-1"},
			{ZoneID: "cn-hangzhou-k", VSwitchID: "vsw-k", VSwitchCIDR: P("10.0.2.0/24"), SecurityGroupID: "sg-1"},
		},
		Accessible: []netip.Prefix{P("10.0.1.0/24"), P("10.0.2.0/24"), P("10.0.8.0/22")},
	}
)

func auths() []authz.Authorization {
	return []authz.Authorization{
		{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.1.10", Port: 80, Backend: authz.ECS, SecurityGroupID: "sg-1"},
		{Name: "users", VPCID: "vpc-1", InstanceID: "i-bp1", Addr: A("10.0.8.7"), Port: 80, Backend: authz.ECS},
		{Name: "audit", VPCID: "vpc-1", InstanceID: "lb-bp1", Port: 443, Backend: authz.CLB}, // address unknown
		{Name: "legacy", VPCID: "vpc-2", InstanceID: "10.0.1.11", Port: 80},                  // another VPC
		{Name: "far", VPCID: "vpc-1", InstanceID: "10.0.3.3", Port: 80},                      // not accessible
		{Name: "other-sg", VPCID: "vpc-1", InstanceID: "10.0.2.9", Port: 80, SecurityGroupID: "sg-9"},
	}
}

func group(apis ...string) migrate.Group {
	g := migrate.Group{ID: "g-1", Name: "shop", RegionID: "cn-hangzhou", InstanceID: "apigw-shared"}
	for i, name := range apis {
		g.APIs = append(g.APIs, migrate.API{ID: fmt.Sprintf("api-%d", i), Name: "api" + fmt.Sprint(i), VPCAccess: name})
	}
	return g
}

type finding struct {
	kind, id, auth string
	is             error
}

type warning struct {
	code migrate.WarningCode
	auth string
}

func TestCheckTable(t *testing.T) {
	withPlugin := func(g migrate.Group, names ...string) migrate.Group {
		g.Plugins = append(g.Plugins, migrate.Plugin{ID: "plg-1", Name: "jwt", Type: "jwtAuth", VPCAccess: names})
		return g
	}
	moved := func(mutate func(*instance.Instance)) instance.Instance {
		i := to
		mutate(&i)
		return i
	}
	egress := warning{migrate.WarnEgressChange, ""}
	for _, tc := range []struct {
		name     string
		g        migrate.Group
		from, to instance.Instance
		auths    []authz.Authorization
		checked  int
		failures []finding
		warnings []warning
	}{
		{"clean", group("orders", "users", "", "orders"), from, to, auths(), 3, nil, []warning{egress}},
		{"empty group", group(), from, to, auths(), 0, nil, []warning{egress}},
		{"no authorizations at all", group(""), from, to, nil, 0, nil, []warning{egress}},
		{"missing authorization", group("orders", "nope"), from, to, auths(), 2,
			[]finding{{"api", "api-1", "nope", migrate.ErrMissingAuthorization}}, []warning{egress}},
		{"VPC mismatch", group("legacy"), from, to, auths(), 1,
			[]finding{{"api", "api-0", "legacy", authz.ErrVPCMismatch}}, []warning{egress}},
		{"unreachable", group("far"), from, to, auths(), 1,
			[]finding{{"api", "api-0", "far", authz.ErrUnreachable}}, []warning{egress}},
		{"unverified is a warning", group("audit", "audit"), from, to, auths(), 2, nil,
			[]warning{egress, {migrate.WarnUnverified, "audit"}}},
		{"security group warning", group("other-sg", "other-sg"), from, to, auths(), 2, nil,
			[]warning{egress, {migrate.WarnSecurityGroup, "other-sg"}}},
		// Issue 9 item 8: DataWorks blocks the move to a VPC integration instance.
		{"DataWorks", func() migrate.Group { g := group(); g.DataWorks = true; return g }(), from, to, nil, 0,
			[]finding{{"group", "g-1", "", migrate.ErrDataWorks}}, []warning{egress}},
		{"DataWorks to a shared instance", func() migrate.Group { g := group(); g.DataWorks = true; return g }(), instance.Instance{ID: "ded", Kind: instance.Dedicated, RegionID: "cn-hangzhou"},
			func() instance.Instance { i := from; i.ID = "apigw-shared-2"; return i }(), nil, 0,
			[]finding{{"group", "g-1", "", migrate.ErrWrongSource}, {"group", "g-1", "", migrate.ErrDataWorks}}, []warning{egress}},
		{"DataWorks to a dedicated instance is fine", func() migrate.Group { g := group(); g.DataWorks = true; return g }(), from,
			instance.Instance{ID: "ded", Kind: instance.Dedicated, RegionID: "cn-hangzhou"}, nil, 0, nil, []warning{egress}},
		{"wrong source", group("orders"), instance.Instance{ID: "apigw-other", Kind: instance.Dedicated, RegionID: "cn-hangzhou"}, to, auths(), 1,
			[]finding{{"group", "g-1", "", migrate.ErrWrongSource}}, []warning{egress}},
		{"other region", group("orders"), from, moved(func(i *instance.Instance) { i.RegionID = "cn-beijing" }), auths(), 1,
			[]finding{{"group", "g-1", "", migrate.ErrRegion}}, []warning{egress}},
		{"plug-in only", withPlugin(group(), "far", "", "orders", "nope"), from, to, auths(), 3,
			[]finding{{"plugin", "plg-1", "far", authz.ErrUnreachable}, {"plugin", "plg-1", "nope", migrate.ErrMissingAuthorization}}, []warning{egress}},
		{"duplicate references, one finding each", group("far", "far", "far"), from, to, auths(), 3,
			[]finding{{"api", "api-0", "far", authz.ErrUnreachable}, {"api", "api-1", "far", authz.ErrUnreachable}, {"api", "api-2", "far", authz.ErrUnreachable}}, []warning{egress}},
		{"duplicate authorization names", group("orders", "users"), from, to, append(auths(), authz.Authorization{Name: "orders", VPCID: "vpc-1", InstanceID: "10.0.1.99", Port: 81}), 2,
			[]finding{{"group", "g-1", "orders", migrate.ErrDuplicateAuthorization}}, []warning{egress}},
		{"mapped address passes", group("mapped"), from, to, []authz.Authorization{{Name: "mapped", VPCID: "vpc-1", InstanceID: "::ffff:10.0.1.10", Port: 80}}, 1, nil, []warning{egress}},
		{"mapped address unreachable", group("mapped"), from, to, []authz.Authorization{{Name: "mapped", VPCID: "vpc-1", InstanceID: "::ffff:10.0.3.10", Port: 80}}, 1,
			[]finding{{"api", "api-0", "mapped", authz.ErrUnreachable}}, []warning{egress}},
		{"zoned address fails", group("zoned"), from, to, []authz.Authorization{{Name: "zoned", VPCID: "vpc-1", InstanceID: "i-1", Addr: A("fe80::1%eth0"), Port: 80}}, 1,
			[]finding{{"api", "api-0", "zoned", authz.ErrInvalidAuthorization}}, []warning{egress}},
		{"invalid authorization", group("bad"), from, to, []authz.Authorization{{Name: "bad", VPCID: "vpc-1", InstanceID: "010.0.0.1", Port: 80}}, 1,
			[]finding{{"api", "api-0", "bad", authz.ErrInvalidAuthorization}}, []warning{egress}},
		{"all at once", func() migrate.Group {
			g := withPlugin(group("legacy", "far", "nope", "audit", "orders"), "legacy")
			g.DataWorks, g.InstanceID = true, "elsewhere"
			return g
		}(), from, moved(func(i *instance.Instance) { i.RegionID = "cn-beijing" }), append(auths(), authz.Authorization{Name: "users", VPCID: "x", InstanceID: "i", Port: 1}), 6,
			[]finding{
				{"group", "g-1", "", migrate.ErrWrongSource}, {"group", "g-1", "", migrate.ErrRegion}, {"group", "g-1", "", migrate.ErrDataWorks},
				{"group", "g-1", "users", migrate.ErrDuplicateAuthorization},
				{"api", "api-0", "legacy", authz.ErrVPCMismatch}, {"api", "api-1", "far", authz.ErrUnreachable}, {"api", "api-2", "nope", migrate.ErrMissingAuthorization},
				{"plugin", "plg-1", "legacy", authz.ErrVPCMismatch},
			}, []warning{egress, {migrate.WarnUnverified, "audit"}}},
		// Issue 9 item 3: a target without an ID or a valid kind takes
		// nothing; its authorizations are not judged against it.
		{"zero target", group("orders", "nope"), from, instance.Instance{}, auths(), 2,
			[]finding{
				{"group", "g-1", "", instance.ErrRequired}, {"group", "g-1", "", instance.ErrInvalidKind}, {"group", "g-1", "", migrate.ErrRegion},
				{"api", "api-1", "nope", migrate.ErrMissingAuthorization},
			}, nil},
		{"target without an ID", group("orders"), from, moved(func(i *instance.Instance) { i.ID = "" }), auths(), 1,
			[]finding{{"group", "g-1", "", instance.ErrRequired}}, []warning{egress}},
		{"target of an unknown kind", group("orders", "far"), from, moved(func(i *instance.Instance) { i.Kind = 9 }), auths(), 2,
			[]finding{{"group", "g-1", "", instance.ErrInvalidKind}}, nil},
		{"target of the zero kind", group("orders"), from, moved(func(i *instance.Instance) { i.Kind = 0 }), auths(), 1,
			[]finding{{"group", "g-1", "", instance.ErrInvalidKind}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := migrate.Check(tc.g, tc.from, tc.to, tc.auths)
			if r.Checked != tc.checked || r.Group != tc.g.ID || r.From != tc.from.ID || r.To != tc.to.ID {
				t.Errorf("report %s %s→%s checked %d, want %d", r.Group, r.From, r.To, r.Checked, tc.checked)
			}
			if len(r.Failures) != len(tc.failures) {
				t.Fatalf("%d failures, want %d:\n%v", len(r.Failures), len(tc.failures), r.Err())
			}
			for i, w := range tc.failures {
				f := r.Failures[i]
				if f.Subject.Kind != w.kind || f.Subject.ID != w.id || f.Authorization != w.auth || !errors.Is(f.Err, w.is) {
					t.Errorf("failure %d = %v, want %s %s %q matching %v", i, f, w.kind, w.id, w.auth, w.is)
				}
				if !errors.Is(r.Err(), w.is) {
					t.Errorf("Err() does not match %v", w.is)
				}
			}
			if r.OK() != (len(tc.failures) == 0) || (r.Err() == nil) != r.OK() {
				t.Errorf("OK() = %v, Err() = %v", r.OK(), r.Err())
			}
			var got []warning
			for _, w := range r.Warnings {
				got = append(got, warning{w.Code, w.Authorization})
				if w.Message == "" {
					t.Errorf("warning %s has no message", w.Code)
				}
			}
			if diff := cmp.Diff(tc.warnings, got, cmp.AllowUnexported(warning{})); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMessages(t *testing.T) {
	r := migrate.Check(group("far", "audit"), from, to, auths())
	if !strings.Contains(r.Err().Error(), `api "api0" (api-0), authorization "far": authorization "far": instance cannot connect to the backend 10.0.3.3`) {
		t.Errorf("Err() = %v", r.Err())
	}
	var ue *authz.UnreachableError
	if !errors.As(r.Err(), &ue) || ue.Addr != A("10.0.3.3") {
		t.Errorf("errors.As(*authz.UnreachableError) = %v", ue)
	}
	if msg := r.Warnings[0].Message; !strings.Contains(msg, "10.0.1.0/24, 10.0.2.0/24") || !strings.Contains(msg, "100.0.0.0/8") {
		t.Errorf("egress warning %q does not name the new and old egress", msg)
	}
	if !strings.Contains(r.Warnings[1].Message, `"lb-bp1"`) {
		t.Errorf("unverified warning %q", r.Warnings[1].Message)
	}
	// The source's egress blocks, when known, are named instead.
	known := from
	known.Egress = []netip.Prefix{netip.MustParsePrefix("100.104.254.0/26"), {}, netip.MustParsePrefix("100.104.253.0/26")}
	r = migrate.Check(group("far", "audit"), known, to, auths())
	if msg := r.Warnings[0].Message; !strings.Contains(msg, "egress blocks 100.104.254.0/26, 100.104.253.0/26;") || strings.Contains(msg, "100.0.0.0/8") {
		t.Errorf("egress warning %q does not name the known egress blocks (and only them)", msg)
	}
}

func TestReportJSON(t *testing.T) {
	r := migrate.Check(group("nope"), from, to, auths())
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `"failures":[{"subject":{"kind":"api","id":"api-0","name":"api0"},"authorization":"nope","error":"VPC access authorization not found: no authorization named \"nope\""}]`
	if !strings.Contains(string(data), want) {
		t.Errorf("JSON %s\nlacks %s", data, want)
	}
}

func TestApply(t *testing.T) {
	g := group("orders", "users")
	g.Plugins = []migrate.Plugin{{ID: "p", Name: "p", VPCAccess: []string{"orders"}}}
	moved, r := migrate.Apply(g, from, to, auths())
	if !r.OK() || moved.InstanceID != to.ID {
		t.Fatalf("Apply = %+v, %v", moved, r.Err())
	}
	for _, target := range []instance.Instance{{}, {ID: "apigw-x", RegionID: "cn-hangzhou"}, {RegionID: "cn-hangzhou", Kind: instance.VPCIntegration, VPCID: "vpc-1", Accessible: to.Accessible}} {
		if got, r := migrate.Apply(g, from, target, auths()); r.OK() || got.InstanceID != g.InstanceID {
			t.Errorf("Apply onto %+v moved the group to %q (%v)", target, got.InstanceID, r.Err())
		}
	}
	moved.APIs[0].Name = "changed"
	moved.Plugins[0].VPCAccess[0] = "changed"
	if g.APIs[0].Name == "changed" || g.Plugins[0].VPCAccess[0] == "changed" || g.InstanceID != from.ID {
		t.Fatal("the moved group shares memory with the input")
	}
}

// snapshot deep-copies everything Apply is given.
type snapshot struct {
	G        migrate.Group
	From, To instance.Instance
	Auths    []authz.Authorization
}

func deepCopy(g migrate.Group, from, to instance.Instance, auths []authz.Authorization) snapshot {
	s := snapshot{G: g, From: from, To: to, Auths: slices.Clone(auths)}
	s.G.APIs = slices.Clone(g.APIs)
	s.G.Plugins = slices.Clone(g.Plugins)
	for i := range s.G.Plugins {
		s.G.Plugins[i].VPCAccess = slices.Clone(g.Plugins[i].VPCAccess)
	}
	for _, inst := range []*instance.Instance{&s.From, &s.To} {
		inst.Zones = slices.Clone(inst.Zones)
		inst.Accessible = slices.Clone(inst.Accessible)
	}
	return s
}

var cmpOpts = cmp.Options{cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }), cmp.Comparer(func(a, b netip.Addr) bool { return a == b }), cmpopts.EquateEmpty()}

func TestFailedApplyRollsBack(t *testing.T) {
	g := group("far", "orders", "nope")
	g.Plugins = []migrate.Plugin{{ID: "p", VPCAccess: []string{"legacy"}}}
	a := auths()
	before := deepCopy(g, from, to, a)
	got, r := migrate.Apply(g, from, to, a)
	if r.OK() {
		t.Fatal("Apply succeeded")
	}
	if diff := cmp.Diff(before.G, got, cmpOpts); diff != "" {
		t.Errorf("rolled-back group differs (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(before, deepCopy(g, from, to, a), cmpOpts); diff != "" {
		t.Errorf("Apply modified its input (-before +after):\n%s", diff)
	}
}

// TestOrderProperties checks, on random groups, that the verdict does not
// depend on the order of auths, and that shuffling references permutes the
// findings without changing their set.
func TestOrderProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	names := []string{"orders", "users", "audit", "legacy", "far", "other-sg", "nope", ""}
	key := func(f migrate.Finding) string {
		return f.Subject.Kind + "/" + f.Subject.ID + "/" + f.Authorization + "/" + f.Err.Error()
	}
	for round := range 300 {
		g := group()
		for i := range r.IntN(12) {
			g.APIs = append(g.APIs, migrate.API{ID: fmt.Sprint("api-", i), VPCAccess: names[r.IntN(len(names))]})
		}
		for i := range r.IntN(3) {
			p := migrate.Plugin{ID: fmt.Sprint("plg-", i)}
			for range r.IntN(3) {
				p.VPCAccess = append(p.VPCAccess, names[r.IntN(len(names))])
			}
			g.Plugins = append(g.Plugins, p)
		}
		a := auths()
		base := migrate.Check(g, from, to, a)

		shuffled := slices.Clone(a)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := migrate.Check(g, from, to, shuffled); got.OK() != base.OK() || !slices.Equal(sortedKeys(got.Failures, key), sortedKeys(base.Failures, key)) {
			t.Fatalf("round %d: verdict depends on the order of auths", round)
		}

		g2 := g
		g2.APIs = slices.Clone(g.APIs)
		r.Shuffle(len(g2.APIs), func(i, j int) { g2.APIs[i], g2.APIs[j] = g2.APIs[j], g2.APIs[i] })
		got := migrate.Check(g2, from, to, a)
		if got.Checked != base.Checked || !slices.Equal(sortedKeys(got.Failures, key), sortedKeys(base.Failures, key)) {
			t.Fatalf("round %d: shuffling references changed the set of findings", round)
		}
	}
}

func sortedKeys(fs []migrate.Finding, key func(migrate.Finding) string) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = key(f)
	}
	slices.Sort(out)
	return out
}

// TestAllocationsDoNotGrowWithReferences pins the cost contract: doubling
// the references (all passing) does not change the allocations.
func TestAllocationsDoNotGrowWithReferences(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own; .ci/run also runs the tests without it")
	}
	a := manyAuths(200)
	g1, g2 := manyRefs(a, 2_000, 0), manyRefs(a, 4_000, 0)
	n1 := testing.AllocsPerRun(5, func() { migrate.Check(g1, from, to, a) })
	n2 := testing.AllocsPerRun(5, func() { migrate.Check(g2, from, to, a) })
	if n1 != n2 {
		t.Errorf("Check allocates %.0f times for 2k references and %.0f for 4k, want the same", n1, n2)
	}
}

// manyAuths returns n reachable authorizations.
func manyAuths(n int) []authz.Authorization {
	out := make([]authz.Authorization, n)
	for i := range out {
		out[i] = authz.Authorization{Name: fmt.Sprint("auth-", i), VPCID: "vpc-1", InstanceID: fmt.Sprintf("10.0.%d.%d", 8+i/250%4, 1+i%250), Port: 80}
	}
	return out
}

// manyRefs returns a group whose n APIs use the authorizations round-robin;
// every failEvery-th reference (0: none) names a missing one.
func manyRefs(auths []authz.Authorization, n, failEvery int) migrate.Group {
	g := group()
	g.APIs = make([]migrate.API, n)
	for i := range g.APIs {
		g.APIs[i] = migrate.API{ID: fmt.Sprint("api-", i), VPCAccess: auths[i%len(auths)].Name}
		if failEvery > 0 && i%failEvery == 0 {
			g.APIs[i].VPCAccess = "missing"
		}
	}
	return g
}

package migrate_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// outcome is a report reduced to (kind, backend, sentinel-or-code) lines.
func outcome(r migrate.Report) []string {
	var out []string
	for _, f := range r.Failures {
		code := "other"
		for _, s := range []error{authz.ErrUnreachable, authz.ErrInvalidEndpoint, authz.ErrDynamicBackend, instance.ErrInvalidKind, migrate.ErrRegion} {
			if errors.Is(f.Err, s) {
				code = s.Error()
				break
			}
		}
		out = append(out, fmt.Sprintf("fail %s %s: %s", f.Subject.ID, f.Backend, code))
	}
	for _, w := range r.Warnings {
		if w.Code == migrate.WarnEgressChange {
			continue
		}
		out = append(out, fmt.Sprintf("warn %s %s: %s", w.Subject.ID, w.Backend, w.Code))
	}
	return out
}

func ep(s string) authz.Endpoint {
	e, err := authz.ParseEndpoint(s)
	if err != nil {
		panic(err)
	}
	return e
}

func TestDirectBackends(t *testing.T) {
	dedicated := instance.Instance{ID: "apigw-ded", Kind: instance.Dedicated, RegionID: "cn-hangzhou"}
	serverless := instance.Instance{ID: "apigw-sls", Kind: instance.Serverless, RegionID: "cn-hangzhou"}
	for _, tc := range []struct {
		name string
		to   instance.Instance
		api  migrate.API
		want []string
	}{
		{"inside the vSwitch block", to, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.1.5:8080")}, nil},
		{"inside an added block, default port", to, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.9.5")}, nil},
		{"outside the accessible blocks", to, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.3.5:8080/v1")},
			[]string{"fail a http://10.0.3.5:8080: " + authz.ErrUnreachable.Error()}},
		{"IPv6 private, outside", to, migrate.API{ID: "a", ServiceAddress: ep("https://[fd00::5]")},
			[]string{"fail a https://[fd00::5]:443: " + authz.ErrUnreachable.Error()}},
		{"mapped IPv4 inside", to, migrate.API{ID: "a", ServiceAddress: ep("http://[::ffff:10.0.1.5]")}, nil},
		{"public address: not a VPC backend", to, migrate.API{ID: "a", ServiceAddress: ep("http://8.8.8.8")}, nil},
		{"host name: unverified", to, migrate.API{ID: "a", ServiceAddress: ep("http://orders.internal:8080")},
			[]string{"warn a http://orders.internal:8080: unverified"}},
		{"invalid endpoint value", to, migrate.API{ID: "a", ServiceAddress: authz.Endpoint{Scheme: "http", Port: 80}},
			[]string{"fail a http://:80: " + authz.ErrInvalidEndpoint.Error()}},
		{"discovery on a VPC integration instance", to, migrate.API{ID: "a", Discovery: "NACOS"},
			[]string{"warn a NACOS: unverified"}},
		{"discovery on a dedicated instance", dedicated, migrate.API{ID: "a", Discovery: "NACOS"},
			[]string{"fail a NACOS: " + authz.ErrDynamicBackend.Error()}},
		{"discovery on a serverless instance", serverless, migrate.API{ID: "a", Discovery: "ZOOKEEPER"},
			[]string{"warn a ZOOKEEPER: unverified"}},
		{"private address on a dedicated instance", dedicated, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.3.5")},
			[]string{"warn a http://10.0.3.5:80: private-address"}},
		{"private address an authorization covers", dedicated, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.1.10")}, nil},
		{"covered address, other port", dedicated, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.1.10:81")},
			[]string{"warn a http://10.0.1.10:81: private-address"}},
		{"public address on a serverless instance", serverless, migrate.API{ID: "a", ServiceAddress: ep("http://47.1.2.3")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := group()
			g.APIs = []migrate.API{tc.api}
			r := migrate.Check(g, from, tc.to, auths())
			if got := outcome(r); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if r.Checked != 1 {
				t.Errorf("Checked = %d, want 1", r.Checked)
			}
		})
	}
}

func TestDirectBackendsOncePerAddress(t *testing.T) {
	g := group()
	for i := range 50 {
		g.APIs = append(g.APIs, migrate.API{ID: fmt.Sprint("a", i), ServiceAddress: ep("http://10.0.3.5"), Discovery: "NACOS"})
	}
	g.Plugins = []migrate.Plugin{{ID: "p", ServiceAddresses: []authz.Endpoint{ep("http://orders.internal"), {}, ep("http://orders.internal:80"), ep("http://10.0.3.5")}}}
	r := migrate.Check(g, from, to, auths())
	if r.Checked != 103 {
		t.Errorf("Checked = %d, want 103", r.Checked)
	}
	// Every reference to the failing address fails; each address warns once.
	if len(r.Failures) != 51 {
		t.Errorf("%d failures, want 51 (one per reference)", len(r.Failures))
	}
	var warned []string
	for _, w := range r.Warnings {
		warned = append(warned, string(w.Code)+" "+w.Backend)
	}
	want := []string{"egress-change ", "unverified NACOS", "unverified http://orders.internal:80"}
	if !slices.Equal(warned, want) {
		t.Errorf("warnings %q, want %q", warned, want)
	}
}

func TestApplyClonesServiceAddresses(t *testing.T) {
	g := group()
	g.Plugins = []migrate.Plugin{{ID: "p", ServiceAddresses: []authz.Endpoint{ep("http://10.0.1.5")}}}
	moved, r := migrate.Apply(g, from, to, auths())
	if !r.OK() {
		t.Fatal(r.Err())
	}
	moved.Plugins[0].ServiceAddresses[0] = ep("http://10.0.9.9")
	if g.Plugins[0].ServiceAddresses[0] != ep("http://10.0.1.5") {
		t.Error("Apply's group shares ServiceAddresses with its input")
	}
}

func TestDirectHostNameOnConventionalInstances(t *testing.T) {
	for _, to := range []instance.Instance{
		{ID: "apigw-ded", Kind: instance.Dedicated, RegionID: "cn-hangzhou"},
		{ID: "apigw-sls", Kind: instance.Serverless, RegionID: "cn-hangzhou"},
	} {
		g := group()
		g.APIs = []migrate.API{{ID: "a", ServiceAddress: ep("http://orders.internal:8080")}}
		got := outcome(migrate.Check(g, from, to, auths()))
		if want := []string{"warn a http://orders.internal:8080: unverified"}; !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", to.Kind, got, want)
		}
	}
}

// TestDirectReferencesDoNotAllocate checks that a reference to a backend
// already checked costs no allocation: allocations grow with addresses and
// findings, not with references.
func TestDirectReferencesDoNotAllocate(t *testing.T) {
	allocs := func(refs int) float64 {
		g := group()
		for range refs {
			g.APIs = append(g.APIs, migrate.API{ID: "a", ServiceAddress: ep("http://10.0.1.5:8080")})
		}
		return testing.AllocsPerRun(10, func() { migrate.Check(g, from, to, auths()) })
	}
	// A few more may come from the runtime (the race detector's, a map's
	// growth); one per reference would be 999 more.
	if one, many := allocs(1), allocs(1000); many > one+10 {
		t.Errorf("%v allocations for one reference, %v for 1,000", one, many)
	}
}

package openapi

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/field"
)

// FuzzRoutingData reads a routing plug-in's data, JSON or YAML: it never
// panics; every problem matches ErrInvalid at a path inside PluginData;
// what it accepts names non-empty authorizations at paths inside
// PluginData, and reading again gives the same.
func FuzzRoutingData(f *testing.F) {
	for _, s := range []string{routingJSON, routingYAML, "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\n", "", "{}", "routes: [1]\n", "a: |\n  x\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		errs := newReader()
		r := routingVpcAccess(data, "PluginData", errs)
		names, ats := r.names, r.namesAt
		for _, e := range errs.list {
			p, _ := field.PathOf(e)
			if !errors.Is(e, ErrInvalid) || !strings.HasPrefix(string(p), "PluginData") {
				t.Fatalf("problem %v at %q", e, p)
			}
		}
		if len(names) != len(ats) {
			t.Fatalf("%d names, %d paths", len(names), len(ats))
		}
		for i, n := range names {
			if n == "" || !strings.HasPrefix(string(ats[i]), "PluginData.routes[") {
				t.Fatalf("name %q at %q", n, ats[i])
			}
		}
		if len(r.addrs) != len(r.addrsAt) {
			t.Fatalf("%d addresses, %d paths", len(r.addrs), len(r.addrsAt))
		}
		for i, a := range r.addrs {
			if !a.Addr.IsValid() && a.Host == "" || !strings.HasPrefix(string(r.addrsAt[i]), "PluginData.routes[") {
				t.Fatalf("address %+v at %q", a, r.addrsAt[i])
			}
		}
		for _, u := range r.unread {
			if u.Why == "" || !strings.HasPrefix(string(u.At), "PluginData.routes[") {
				t.Fatalf("unread %+v", u)
			}
		}
		again := newReader()
		r2 := routingVpcAccess(data, "PluginData", again)
		if !reflect.DeepEqual(r, r2) || len(errs.list) != len(again.list) {
			t.Fatalf("two reads differ")
		}
	})
}

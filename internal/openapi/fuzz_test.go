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
		names, ats := routingVpcAccess(data, "PluginData", errs)
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
		again := newReader()
		names2, ats2 := routingVpcAccess(data, "PluginData", again)
		if !reflect.DeepEqual(names, names2) || !reflect.DeepEqual(ats, ats2) || len(errs.list) != len(again.list) {
			t.Fatalf("two reads differ")
		}
	})
}

package openapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/migrate"
)

// directBase is a VPC integration instance and a group to move onto it.
var directBase = []string{
	`{"Instances": {"InstanceAttribute": [{"InstanceId": "gw", "InstanceType": "VPC_DEDICATED", "DedicatedInstanceType": "vpc_connect", "RegionId": "cn-hangzhou", "ConnectVpcId": "vpc-1", "ConnectCidrBlocks": "[\"10.0.1.0/24\"]"}]}}`,
	`{"GroupId": "g", "GroupName": "shop", "InstanceId": "shared", "InstanceType": "VPC_SHARED", "RegionId": "cn-hangzhou"}`,
}

// directApi is a DescribeApi of API "a" with the given ServiceConfig
// members and top-level members.
func directApi(sc, top string) string {
	if top != "" {
		top = ", " + top
	}
	return `{"ApiId": "a", "ApiName": "Health", "GroupId": "g", "ServiceConfig": {` + sc + `}` + top + `}`
}

// httpApi is an HTTP API that calls addr directly.
func httpApi(addr string) string {
	return directApi(`"ServiceVpcEnable": "FALSE", "ServiceProtocol": "HTTP", "Mock": "FALSE", "ServiceAddress": "`+addr+`"`, "")
}

// backendApi is an API without an address of its own that calls backend
// service bk, whose one model has the BackendConfig cfg.
func backendApi(cfg string) []string {
	return []string{
		directApi(`"ServiceVpcEnable": "FALSE", "ServiceProtocol": "HTTP", "ServiceAddress": ""`, `"BackendEnable": true, "BackendConfig": {"BackendId": "bk", "BackendType": "HTTP"}`),
		`{"BackendInfo": {"BackendId": "bk", "BackendType": "HTTP", "BackendModels": [{"StageName": "RELEASE", "BackendConfig": ` + cfg + `}]}}`,
	}
}

// routingPlugin is a routing plug-in with data, attached to API "a".
func routingPlugin(data string) []string {
	return []string{
		httpApi(""),
		`{"TotalCount": 1, "Plugins": {"PluginAttribute": [{"PluginId": "p1", "PluginName": "route", "PluginType": "routing", "PluginData": ` + data + `}]}}`,
		`{"request": {"PluginId": "p1"}, "response": {"TotalCount": 1, "ApiSummarys": {"ApiPluginSummary": [{"ApiId": "a", "GroupId": "g", "StageName": "RELEASE"}]}}}`,
	}
}

func ep(s string) authz.Endpoint {
	e, err := authz.ParseEndpoint(s)
	if err != nil {
		panic(err)
	}
	return e
}

// TestDirectBackends pins how the responses name backends an API calls
// directly or through a registry: the plan's entries, the Source of each
// address, and the addresses not read as unverified notes (the cloud's
// facts, never input errors), each at its (place, plan path).
func TestDirectBackends(t *testing.T) {
	const bk = ` (backend service "bk", RELEASE)`
	tests := []struct {
		name       string
		docs       []string
		wantAPIs   []migrate.API
		wantRoutes []authz.Endpoint // the plug-in's ServiceAddresses
		wantSource map[field.Path]field.Path
		wantNote   map[field.Path]field.Path // place: plan path
	}{
		{name: "address", docs: []string{httpApi("http://10.0.1.5:8080")},
			wantAPIs:   []migrate.API{{ID: "a", Name: "Health", ServiceAddress: ep("http://10.0.1.5:8080")}},
			wantSource: map[field.Path]field.Path{"groups[0].apis[0].serviceAddress": "DescribeApi[2].ServiceConfig.ServiceAddress"}},
		{name: "IPv6 address", docs: []string{httpApi("https://[fd00::5]")},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health", ServiceAddress: ep("https://[fd00::5]:443")}}},
		{name: "host name", docs: []string{httpApi("http://orders.internal:8080/v1")},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health", ServiceAddress: authz.Endpoint{Scheme: "http", Host: "orders.internal", Port: 8080}}}},
		{name: "bad address is a note", docs: []string{httpApi("ftp://10.0.1.5")},
			wantAPIs:   []migrate.API{{ID: "a", Name: "Health"}},
			wantSource: map[field.Path]field.Path{"groups[0].apis[0].serviceAddress": "DescribeApi[2].ServiceConfig.ServiceAddress"},
			wantNote:   map[field.Path]field.Path{"DescribeApi[2].ServiceConfig.ServiceAddress": "groups[0].apis[0].serviceAddress"}},
		{name: "bare address is a note", docs: []string{httpApi("10.0.1.5")},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}},
			wantNote: map[field.Path]field.Path{"DescribeApi[2].ServiceConfig.ServiceAddress": "groups[0].apis[0].serviceAddress"}},
		{name: "host:port", docs: []string{httpApi("10.0.1.5:81")},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health", ServiceAddress: ep("10.0.1.5:81")}}},
		{name: "mock calls nothing", docs: []string{directApi(`"ServiceVpcEnable": "FALSE", "Mock": "TRUE", "ServiceAddress": "http://10.0.1.5"`, "")},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}}},
		{name: "Function Compute calls nothing", docs: []string{directApi(`"ServiceVpcEnable": "FALSE", "ServiceProtocol": "FunctionCompute", "ServiceAddress": "http://10.0.1.5"`, "")},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}}},
		{name: "VPC before the address", docs: []string{directApi(`"ServiceVpcEnable": "TRUE", "ServiceAddress": "http://10.0.1.5", "VpcConfig": {"Name": "orders"}`, ""),
			`{"TotalCount": 1, "VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "orders", "VpcId": "vpc-1", "InstanceId": "10.0.1.5", "Port": 80}]}}`},
			wantAPIs: []migrate.API{{ID: "a", Name: "Health", VPCAccess: "orders"}}},
		{name: "discovery", docs: backendApi(`{"Type": "HTTP", "DiscoveryConfig": {"RcType": "NACOS", "NacosConfig": {"ServerAddress": "10.0.1.9:8848"}}}`),
			wantAPIs:   []migrate.API{{ID: "a", Name: "Health"}, {ID: "a", Name: "Health" + bk, Discovery: "NACOS"}},
			wantSource: map[field.Path]field.Path{"groups[0].apis[1].discovery": "DescribeBackendInfo[3].BackendInfo.BackendModels[0].BackendConfig.DiscoveryConfig"}},
		{name: "EDAS discovery", docs: backendApi(`{"Type": "VPC", "EdasConfig": {"MicroserviceNamespace": "cn-hangzhou:edasNacos"}}`),
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}, {ID: "a", Name: "Health" + bk, Discovery: "EDAS"}}},
		{name: "empty discovery config is none", docs: backendApi(`{"Type": "HTTP", "ServiceAddress": "http://10.0.3.5:8080", "DiscoveryConfig": {"RcType": "", "NacosConfig": {}}}`),
			wantAPIs:   []migrate.API{{ID: "a", Name: "Health"}, {ID: "a", Name: "Health" + bk, ServiceAddress: ep("http://10.0.3.5:8080")}},
			wantSource: map[field.Path]field.Path{"groups[0].apis[1].serviceAddress": "DescribeBackendInfo[3].BackendInfo.BackendModels[0].BackendConfig.ServiceAddress"}},
		{name: "backend model address", docs: backendApi(`{"Type": "HTTP", "ServiceAddress": "http://10.0.3.5:8080"}`),
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}, {ID: "a", Name: "Health" + bk, ServiceAddress: ep("http://10.0.3.5:8080")}}},
		{name: "bare backend model address", docs: backendApi(`{"Type": "HTTP", "ServiceAddress": "10.0.0.1"}`),
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}},
			wantNote: map[field.Path]field.Path{"DescribeBackendInfo[3].BackendInfo.BackendModels[0].BackendConfig.ServiceAddress": ""}},
		{name: "route address", docs: routingPlugin(`"{\"routes\": [{\"name\": \"beta\", \"condition\": \"$a = 1\", \"backend\": {\"type\": \"HTTP\", \"address\": \"http://10.0.3.7:81\"}}, {\"backend\": {\"type\": \"HTTP\"}}, {\"backend\": {\"type\": \"HTTP\", \"address\": \"http://10.0.3.7:81/x\"}}]}"`),
			wantAPIs:   []migrate.API{{ID: "a", Name: "Health"}},
			wantRoutes: []authz.Endpoint{ep("http://10.0.3.7:81")},
			wantSource: map[field.Path]field.Path{"groups[0].plugins[0].serviceAddresses[0]": "DescribePlugins[3].Plugins.PluginAttribute[0].PluginData.routes[0].backend.address"}},
		{name: "YAML route address", docs: routingPlugin(`"routes:\n- name: beta\n  backend:\n    type: HTTP\n    address: https://beta.internal\n"`),
			wantAPIs:   []migrate.API{{ID: "a", Name: "Health"}},
			wantRoutes: []authz.Endpoint{{Scheme: "https", Host: "beta.internal", Port: 443}}},
		{name: "bad route address is a note", docs: routingPlugin(`"{\"routes\": [{\"backend\": {\"type\": \"HTTP\", \"address\": \"http://a@10.0.3.7\"}}]}"`),
			wantAPIs: []migrate.API{{ID: "a", Name: "Health"}},
			wantNote: map[field.Path]field.Path{"DescribePlugins[3].Plugins.PluginAttribute[0].PluginData.routes[0].backend.address": "groups[0].plugins[0].serviceAddresses"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := read1(t, append(directBase[:len(directBase):len(directBase)], tt.docs...)...)
			p, err := s.Plan([]Move{{Group: "g", To: "gw"}})
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			g := p.Groups[0]
			if diff := cmp.Diff(tt.wantAPIs, g.APIs); diff != "" {
				t.Errorf("APIs mismatch (-want +got):\n%s", diff)
			}
			var routes []authz.Endpoint
			for _, pl := range g.Plugins {
				routes = append(routes, pl.ServiceAddresses...)
			}
			if diff := cmp.Diff(tt.wantRoutes, routes); diff != "" {
				t.Errorf("route addresses mismatch (-want +got):\n%s", diff)
			}
			src := map[field.Path]field.Path{}
			for _, e := range p.Source {
				src[e.Path] = e.At
			}
			for path, at := range tt.wantSource {
				if src[path] != at {
					t.Errorf("Source of %s: got %q, want %q", path, src[path], at)
				}
			}
			got := map[field.Path]field.Path{}
			for _, n := range p.Notes {
				if strings.Contains(string(n.Where), "ServiceAddress") || strings.Contains(string(n.Where), "address") {
					if n.Kind != Unverified {
						t.Errorf("note of kind %d: %s", n.Kind, n.What)
					}
					got[n.Where] = n.Path
				}
			}
			if diff := cmp.Diff(tt.wantNote, got, cmp.Comparer(func(a, b map[field.Path]field.Path) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })); diff != "" {
				t.Errorf("address notes (place: path) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDescribeApiSampleDirect: the vendor's DescribeApi sample turns on
// a mock, a VPC channel and an address at once; by the provider's
// precedence (Mock, VPC, FunctionCompute, HTTP) the address is not the
// API's backend, and the VPC channel's authorization is still read, as
// before (the reading that checks more).
func TestDescribeApiSampleDirect(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "samples", "doc-cloudapi-DescribeApi.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := read1(t, string(b))
	if len(s.Apis) != 1 {
		t.Fatalf("%d APIs, want 1", len(s.Apis))
	}
	for _, a := range s.Apis {
		if a.ServiceAddress != (authz.Endpoint{}) || a.AddressUnknown != "" || a.VpcName != "glmall-app-test" {
			t.Errorf("got address %+v (%q), authorization %q; want none, and glmall-app-test", a.ServiceAddress, a.AddressUnknown, a.VpcName)
		}
	}
}

// TestRoutingAddressesUnattached: a routing plug-in that routes only to
// addresses, of which it is not known whether a moved group uses it, is
// noted as one that names authorizations is.
func TestRoutingAddressesUnattached(t *testing.T) {
	s := read1(t, append(directBase[:len(directBase):len(directBase)], httpApi(""),
		`{"TotalCount": 1, "Plugins": {"PluginAttribute": [{"PluginId": "p1", "PluginType": "routing", "PluginData": "{\"routes\": [{\"backend\": {\"type\": \"HTTP\", \"address\": \"http://10.0.3.7\"}}]}"}]}}`)...)
	p, err := s.Plan([]Move{{Group: "g", To: "gw"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Notes {
		if strings.Contains(n.What, `DescribePluginApis for plug-in "p1" not given`) {
			if n.Where != "DescribePlugins[3].Plugins.PluginAttribute[0]" {
				t.Errorf("note at %q", n.Where)
			}
			return
		}
	}
	t.Errorf("no note says whether the moved group uses plug-in p1: %+v", p.Notes)
}

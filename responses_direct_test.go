package vpcgate_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vpcgate/vpcgate"
)

// docWith returns the index of the one document of docs that holds s.
func docWith(t *testing.T, docs [][]byte, s string) int {
	t.Helper()
	i := slices.IndexFunc(docs, func(d []byte) bool { return bytes.Contains(d, []byte(s)) })
	if i < 0 {
		t.Fatalf("no document holds %q", s)
	}
	return i
}

// TestDirectBackendVerdicts: #20 item 4, through ReadResponses, Plan and
// Check: the direct-backend scenario (api-health calls 10.10.1.20:8080,
// inside the accessible blocks; api-invoice 10.10.5.7:8080, in the VPC
// but outside them; api-listitems a host name) and variants of it, each
// as the (where, codes) of the findings about backends called directly.
func TestDirectBackendVerdicts(t *testing.T) {
	const (
		health   = `DescribeApi[1].ServiceConfig.ServiceAddress`
		invoice  = `DescribeApi[2].ServiceConfig.ServiceAddress`
		listing  = `DescribeApi[3].ServiceConfig.ServiceAddress`
		model    = `DescribeBackendInfo[16].BackendInfo.BackendModels[0].BackendConfig`
		discover = `{"RequestId": "r", "BackendInfo": {"BackendId": "bk-1", "BackendType": "HTTP", "BackendModels": [{"StageName": "RELEASE", "BackendConfig": {"Type": "HTTP", "ServiceAddress": "", "DiscoveryConfig": {"RcType": "NACOS", "NacosConfig": {"ServerAddress": "10.10.1.30:8848", "ServiceName": "orders"}}}}]}}`
		httpAt   = `{"RequestId": "r", "BackendInfo": {"BackendId": "bk-1", "BackendType": "HTTP", "BackendModels": [{"StageName": "RELEASE", "BackendConfig": {"Type": "HTTP", "ServiceAddress": "ADDR"}}]}}`
		calls    = `"ServiceAddress": "http://10.10.1.20:8080"`
	)
	type edit struct{ in, old, new string } // in the document that holds in
	tests := []struct {
		name  string
		edits []edit
		add   string // one more document
		want  map[string]string
	}{
		{name: "as given", want: map[string]string{invoice: "unreachable", listing: "unverified"}},
		{name: "denied by the outbound rules",
			edits: []edit{{`"InnerAccessPolicy"`, `"DestCidrIp": "10.10.0.0/16"`, `"DestCidrIp": "10.10.8.0/22"`}},
			want:  map[string]string{health: "egress-denied", invoice: "egress-denied+unreachable", listing: "unverified"}},
		{name: "a bare address",
			edits: []edit{{"REQ-api-health", calls, `"ServiceAddress": "10.10.1.20"`}},
			want:  map[string]string{health: "unverified", invoice: "unreachable", listing: "unverified"}},
		{name: "an address the reader cannot read",
			edits: []edit{{"REQ-api-health", calls, `"ServiceAddress": "ftp://10.10.1.20"`}},
			want:  map[string]string{health: "unverified", invoice: "unreachable", listing: "unverified"}},
		{name: "IPv6 address outside",
			edits: []edit{{"REQ-api-health", calls, `"ServiceAddress": "http://[fd00::5]:8080"`}},
			want:  map[string]string{health: "implicit-egress+unreachable", invoice: "unreachable", listing: "unverified"}},
		// The responses cannot list the VPC's connected networks, so an
		// address outside private space may still be a VPC backend.
		{name: "a public address is unverified",
			edits: []edit{{"REQ-api-invoice", `"http://10.10.5.7:8080"`, `"http://47.1.2.3:8080"`}},
			want:  map[string]string{invoice: "unverified", listing: "unverified"}},
		{name: "service discovery",
			edits: []edit{{"REQ-api-health", calls, `"ServiceAddress": ""`}, {"REQ-api-health", `"RequestId": "REQ-api-health",`, `"RequestId": "REQ-api-health", "BackendEnable": true, "BackendConfig": {"BackendId": "bk-1", "BackendType": "HTTP", "BackendName": "nacos"},`}},
			add:   discover,
			want:  map[string]string{model + ".DiscoveryConfig": "unverified", invoice: "unreachable", listing: "unverified"}},
		{name: "a backend service's address",
			edits: []edit{{"REQ-api-health", calls, `"ServiceAddress": ""`}, {"REQ-api-health", `"RequestId": "REQ-api-health",`, `"RequestId": "REQ-api-health", "BackendEnable": true, "BackendConfig": {"BackendId": "bk-1", "BackendType": "HTTP", "BackendName": "legacy"},`}},
			add:   strings.Replace(httpAt, "ADDR", "http://10.10.6.1:8080", 1),
			want:  map[string]string{model + ".ServiceAddress": "unreachable", invoice: "unreachable", listing: "unverified"}},
		{name: "a backend service's bare address",
			edits: []edit{{"REQ-api-health", calls, `"ServiceAddress": ""`}, {"REQ-api-health", `"RequestId": "REQ-api-health",`, `"RequestId": "REQ-api-health", "BackendEnable": true, "BackendConfig": {"BackendId": "bk-1", "BackendType": "HTTP", "BackendName": "legacy"},`}},
			add:   strings.Replace(httpAt, "ADDR", "10.0.0.1", 1),
			want:  map[string]string{model + ".ServiceAddress": "unverified", invoice: "unreachable", listing: "unverified"}},
		{name: "a route to an address",
			edits: []edit{{`"PluginData"`, `vpcAccessName: 'inventory'\n`, `vpcAccessName: 'inventory'\n  - name: Beta\n    backend:\n      type: HTTP\n      address: http://10.10.6.1:8080\n`}},
			want:  map[string]string{`DescribePlugins[8].Plugins.PluginAttribute[0].PluginData.routes[3].backend.address`: "unreachable", invoice: "unreachable", listing: "unverified"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, moves := loadScenario(t, "direct-backend")
			for _, e := range tt.edits {
				i := docWith(t, docs, e.in)
				if !bytes.Contains(docs[i], []byte(e.old)) {
					t.Fatalf("document %d does not hold %q", i, e.old)
				}
				docs[i] = bytes.Replace(docs[i], []byte(e.old), []byte(e.new), 1)
			}
			if tt.add != "" {
				docs = append(docs, []byte(tt.add))
			}
			r := vpcgate.Check(planOf(t, docs, moves...), vpcgate.Options{})
			got := map[string]string{}
			for _, s := range r.Sections {
				for _, f := range slices.Concat(s.Problems, s.Warnings) {
					if strings.Contains(f.Where, "ServiceAddress") || strings.Contains(f.Where, "BackendConfig") || strings.Contains(f.Where, "backend.address") {
						codes := append(strings.Split(got[f.Where], "+"), string(f.Code))
						slices.Sort(codes)
						got[f.Where] = strings.TrimPrefix(strings.Join(codes, "+"), "+")
					}
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("findings (where: code) mismatch (-want +got):\n%s", diff)
			}
			wantOK := true // only warnings: unverified, implicit-egress
			for _, c := range tt.want {
				wantOK = wantOK && !strings.Contains(c, "unreachable") && !strings.Contains(c, "egress-denied")
			}
			if r.OK != wantOK {
				t.Errorf("OK = %v, want %v", r.OK, wantOK)
			}
		})
	}
}

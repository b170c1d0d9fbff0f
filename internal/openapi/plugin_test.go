package openapi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vpcgate/vpcgate/field"
)

// routingJSON is the routing plug-in example of the Terraform provider's
// documentation.
const routingJSON = `{"routes":[
  {"name":"Vip","condition":"$CaAppId = 123456","backend":{"type":"HTTP-VPC","vpcAccessName":"slbAccessForVip"}},
  {"name":"MockForOldClient","condition":"$ClientVersion < '2.0.5'","backend":{"type":"MOCK","statusCode":400,"mockBody":"This version is not supported!!!"}},
  {"name":"BlueGreenPercent05","condition":"1 = 1","backend":{"type":"HTTP","address":"https://beta-version.api.foo.com"},
   "constant-parameters":[{"name":"x-route-blue-green","location":"header","value":"route-blue-green"}]}]}`

// routingYAML is the same data in YAML, with the older spelling HTTP_VPC
// and the quirks this reader accepts.
const routingYAML = `---
# backend routing
routes:
- name: Vip   # a comment
  condition: "$CaAppId = 123456"
  backend:
    type: HTTP_VPC
    vpcAccessName: 'slb''Access'
- name: MockForOldClient
  condition: "$ClientVersion < '2.0.5'"
  backend:
    type: MOCK
    statusCode: 400
    mockBody: >-
      This version is
      not supported!!!
-
  name: Blue # green
  backend: {"type": "HTTP-VPC", "vpcAccessName": "blue"}
  constant-parameters: []
`

func TestRoutingVpcAccess(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		wantNames []string
		wantAt    []field.Path
	}{
		{"json", routingJSON, []string{"slbAccessForVip"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"yaml", routingYAML, []string{"slb'Access", "blue"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName", "PluginData.routes[2].backend.vpcAccessName"}},
		{"yaml without routes", "routes:\n", nil, nil},
		{"json with null routes", `{"routes": null}`, nil, nil},
		{"yaml indented sequence", "routes:\n  - backend:\n      type: HTTP-VPC\n      vpcAccessName: a\n", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"crlf", "routes:\r\n- backend:\r\n    type: HTTP-VPC\r\n    vpcAccessName: a\r\n", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		// A byte order mark starts the stream and is no content (YAML 1.2
		// §5.2): the routes after it are read.
		{"yaml after a byte order mark", "\ufeffroutes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\n", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"json after a byte order mark", "\ufeff{\"routes\":[{\"backend\":{\"type\":\"HTTP-VPC\",\"vpcAccessName\":\"a\"}}]}", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"yaml document marker after a byte order mark", "\ufeff---\nroutes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\n", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		// White space in YAML is the space and the tab; other Unicode
		// spaces are content.
		{"ideographic space kept", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\u3000\n", []string{"a\u3000"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"leading ideographic space kept", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: \u3000a\n", []string{"\u3000a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"no-break space kept", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\u00a0 # note\n", []string{"a\u00a0"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"tab before a comment", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\t# note\n", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		{"hash inside a name", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a#b\n", []string{"a#b"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
		// U+3000 is no indentation in YAML: the second line is a key of
		// its own, "\u3000- backend", and routes is null, as a YAML parser
		// reads it.
		{"ideographic space is no indentation", "routes:\n\u3000- backend:\n", nil, nil},
		{"lone carriage returns", "routes:\r- backend:\r    type: HTTP-VPC\r    vpcAccessName: a\r", []string{"a"}, []field.Path{"PluginData.routes[0].backend.vpcAccessName"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := newReader()
			r := routingVpcAccess(tt.data, "PluginData", errs)
			names, ats := r.names, r.namesAt
			if err := errs.list.Err(); err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if diff := cmp.Diff(tt.wantNames, names); diff != "" {
				t.Errorf("names mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantAt, ats); diff != "" {
				t.Errorf("paths mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRoutingVpcAccessRejects(t *testing.T) {
	tests := []struct {
		name, data string
		wantPath   field.Path
		wantMsg    string
	}{
		{"empty", "", "PluginData", "without data"},
		{"not an object", "- a\n- b\n", "PluginData", "want an object"},
		{"json duplicate", `{"routes": [], "routes": []}`, "PluginData.routes", "JSON line 1, column 16: key given twice (also at line 1, column 2)"},
		{"yaml duplicate", "routes: []\nroutes: []\n", "PluginData", `YAML line 2: key "routes" given twice (also at line 1)`},
		{"vpc without name", `{"routes":[{"backend":{"type":"HTTP-VPC"}}]}`, "PluginData.routes[0].backend.vpcAccessName", "names no VPC access"},
		{"name on another type", `{"routes":[{"backend":{"type":"HTTP","vpcAccessName":"x"}}]}`, "PluginData.routes[0].backend.vpcAccessName", `type "HTTP"`},
		{"lower-case type", `{"routes":[{"backend":{"type":"http-vpc","vpcAccessName":"x"}}]}`, "PluginData.routes[0].backend.vpcAccessName", `type "http-vpc"`},
		{"no type", `{"routes":[{"backend":{"vpcAccessName":"x"}}]}`, "PluginData.routes[0].backend.type", "without a type"},
		{"no backend", `{"routes":[{"name":"x"}]}`, "PluginData.routes[0].backend", "without a backend"},
		{"route not object", `{"routes":["x"]}`, "PluginData.routes[0]", "want an object"},
		{"wrong type", `{"routes":[{"backend":{"type":1}}]}`, "PluginData.routes[0].backend.type", "want a string"},
		{"tab indent", "routes:\n\t- x\n", "PluginData", "line 2: a tab"},
		{"anchor", "routes: &a []\n", "PluginData", "line 1"},
		{"alias", "routes:\n- backend: *b\n", "PluginData", "line 2"},
		{"flow not json", "routes: [a, b]\n", "PluginData", "flow collection"},
		{"multi-line plain", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: a\n      b\n", "PluginData", "multi-line"},
		{"bad indentation", "routes:\n  - a\n - b\n", "PluginData", "line 3"},
		{"two documents", "routes: []\n---\nroutes: []\n", "PluginData", "several documents"},
		{"unterminated quote", "routes: \"abc\n", "PluginData", "unterminated"},
		{"text after quote", "routes: 'a' b\n", "PluginData", "after a quoted"},
		{"not key value", "routes\n", "PluginData", "key: value"},
		{"null name", "routes:\n- backend:\n    type: HTTP-VPC\n    vpcAccessName: NULL\n", "PluginData.routes[0].backend.vpcAccessName", "names no VPC access"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := newReader()
			routingVpcAccess(tt.data, "PluginData", errs)
			err := errs.list.Err()
			wantProblem(t, err, tt.wantPath, tt.wantMsg)
		})
	}
}

func TestParseYAMLValues(t *testing.T) {
	n, err := parseYAML("a: |\n  one\n  two\nb: ~\nc: 'x'\nd: \"q\\u00e9\"\ne:\n  - 1\n  -\n    f: g\n", "d", &build{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": "one\ntwo\n", "b": nil, "c": "x", "d": "qé", "e": []any{"1", map[string]any{"f": "g"}}}
	if diff := cmp.Diff(want, plain(n)); diff != "" {
		t.Errorf("parseYAML mismatch (-want +got):\n%s", diff)
	}
}

// TestRoutingTypesNotKnown checks that a route of a backend type the
// reader does not know is unread (unverified), never skipped, and that
// HTTP without an address and MOCK add nothing.
func TestRoutingTypesNotKnown(t *testing.T) {
	for data, want := range map[string][]field.Path{
		"routes:\n- backend:\n    type: http\n    address: http://10.0.0.1\n": {"PluginData.routes[0].backend.type"},
		"routes:\n- backend:\n    type: FC\n":                                 {"PluginData.routes[0].backend.type"},
		"routes:\n- backend:\n    type: HTTP\n- backend:\n    type: MOCK\n":   nil,
	} {
		errs := newReader()
		r := routingVpcAccess(data, "PluginData", errs)
		if err := errs.list.Err(); err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		var got []field.Path
		for _, u := range r.unread {
			got = append(got, u.At)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: unread mismatch (-want +got):\n%s", data, diff)
		}
	}
}

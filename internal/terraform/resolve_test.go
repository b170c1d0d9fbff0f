package terraform

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vpcgate/vpcgate/field"
)

func TestParseTraversal(t *testing.T) {
	tests := []struct {
		in   string
		want []Step
	}{
		{"alicloud_vpc.vpc.id", []Step{"alicloud_vpc", "vpc", "id"}},
		{`module.net.alicloud_vswitch.b["x"].cidr_block`, []Step{"module", "net", "alicloud_vswitch", "b", Key("x"), "cidr_block"}},
		{`alicloud_vswitch.b[3]`, []Step{"alicloud_vswitch", "b", 3}},
		{`module.a[0].module.b["k\"q"]`, []Step{"module", "a", 0, "module", "b", Key(`k"q`)}},
		{`data.alicloud_zones.z.zones[0].id`, []Step{"data", "alicloud_zones", "z", "zones", 0, "id"}},
		{`x["a.b[0]"]`, []Step{"x", Key("a.b[0]")}},
		{"", nil},
		{".a", nil},
		{"a[", nil},
		{"a[-1]", nil},
		{"a[x]", nil},
		{`a["x]`, nil},
		{`a["x"`, nil},
		{`a["\q"]`, nil},
	}
	var shared names // boxes names across the cases, as an Index does
	for _, tt := range append(tests, tests...) {
		got, ok := parseTraversal(tt.in, nil)
		if boxed, bok := parseTraversal(tt.in, &shared); bok != ok || !slices.Equal(boxed, got) {
			t.Errorf("parseTraversal(%q) with boxed names = %v, %v; want %v, %v", tt.in, boxed, bok, got, ok)
		}
		if ok != (tt.want != nil) {
			t.Errorf("parseTraversal(%q) ok = %v, want %v", tt.in, ok, tt.want != nil)
			continue
		}
		if diff := cmp.Diff(tt.want, got); ok && diff != "" {
			t.Errorf("parseTraversal(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if ok {
			// The address form round-trips.
			if back := steps(got); back != tt.in {
				t.Errorf("parseTraversal(%q) prints back as %q", tt.in, back)
			}
		}
	}
}

// steps prints steps as an address.
func steps(s []Step) string {
	name, _ := s[0].(string)
	return name + Format(s[1:])
}

func TestModuleNames(t *testing.T) {
	for in, want := range map[string][]string{
		"":                              nil,
		"module.net":                    {"net"},
		`module.a[0].module.b["x"]`:     {"a", "b"},
		"module.a.module.b.module.c":    {"a", "b", "c"},
		`module.a["module.x"].module.b`: {"a", "b"},
	} {
		if diff := cmp.Diff(want, moduleNames(in)); diff != "" {
			t.Errorf("moduleNames(%q) mismatch (-want +got):\n%s", in, diff)
		}
	}
	for in, want := range map[string][2]string{
		"module.net":                {"", "net"},
		`module.a[0].module.b["x"]`: {"module.a[0]", "b"},
	} {
		if p, c := splitModule(in); p != want[0] || c != want[1] {
			t.Errorf("splitModule(%q) = %q, %q; want %q, %q", in, p, c, want[0], want[1])
		}
	}
}

// resolvePlan: a VPC created with the plan at the root, handed to module
// "api" (an input variable) whose gateway names it, and other expressions
// that must not resolve.
const resolvePlan = `{"format_version":"1.2",
 "planned_values":{"root_module":{
  "resources":[
   {"address":"alicloud_vpc.vpc","mode":"managed","type":"alicloud_vpc","name":"vpc","values":{"cidr_block":"10.0.0.0/16"}},
   {"address":"alicloud_vswitch.b","mode":"managed","type":"alicloud_vswitch","name":"b","values":{}},
   {"address":"alicloud_vswitch.c","mode":"managed","type":"alicloud_vswitch","name":"c","values":{"cidr_block":"10.0.3.0/24"}},
   {"address":"alicloud_loop.a","mode":"managed","type":"alicloud_loop","name":"a","values":{}},
   {"address":"alicloud_loop.b","mode":"managed","type":"alicloud_loop","name":"b","values":{}}],
  "child_modules":[{"address":"module.api","resources":[
   {"address":"module.api.alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{}}]}]}},
 "resource_changes":[
  {"address":"alicloud_vpc.vpc","mode":"managed","type":"alicloud_vpc","name":"vpc","change":{"actions":["create"],"after_unknown":{"id":true}}},
  {"address":"alicloud_vswitch.b","mode":"managed","type":"alicloud_vswitch","name":"b","change":{"actions":["create"],"after_unknown":{"id":true,"cidr_block":true,"vpc_id":true}}},
  {"address":"alicloud_vswitch.c","mode":"managed","type":"alicloud_vswitch","name":"c","change":{"actions":["create"],"after_unknown":{"id":true}}},
  {"address":"alicloud_loop.a","mode":"managed","type":"alicloud_loop","name":"a","change":{"actions":["create"],"after_unknown":{"x":true}}},
  {"address":"alicloud_loop.b","mode":"managed","type":"alicloud_loop","name":"b","change":{"actions":["create"],"after_unknown":{"x":true}}},
  {"address":"module.api.alicloud_api_gateway_instance.gw","module_address":"module.api","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw",
   "change":{"actions":["create"],"after_unknown":{"user_vpc_id":true,"instance_cidr":true,"instance_name":true,"zone_id":true,"https_policy":true,
     "zone_vswitch_security_group":true}}}],
 "configuration":{"root_module":{
  "resources":[
   {"address":"alicloud_vswitch.b","mode":"managed","type":"alicloud_vswitch","name":"b","expressions":{
     "vpc_id":{"references":["alicloud_vpc.vpc.id","alicloud_vpc.vpc"]},
     "cidr_block":{"references":["alicloud_vpc.vpc.cidr_block","alicloud_vpc.vpc","var.newbits"]}}},
   {"address":"alicloud_loop.a","mode":"managed","type":"alicloud_loop","name":"a","expressions":{"x":{"references":["alicloud_loop.b.x","alicloud_loop.b"]}}},
   {"address":"alicloud_loop.b","mode":"managed","type":"alicloud_loop","name":"b","expressions":{"x":{"references":["alicloud_loop.a.x","alicloud_loop.a"]}}}],
  "module_calls":{"api":{"source":"./api",
   "expressions":{"vpc_id":{"references":["alicloud_vpc.vpc.id","alicloud_vpc.vpc"]},"vsw":{"references":["alicloud_vswitch.b.vpc_id","alicloud_vswitch.b"]}},
   "module":{"resources":[
    {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","expressions":{
      "user_vpc_id":{"references":["var.vpc_id"]},
      "instance_cidr":{"references":["local.cidr"]},
      "instance_name":{"references":["alicloud_vswitch.nowhere.id","alicloud_vswitch.nowhere"]},
      "https_policy":{"references":["var.vsw"]},
      "zone_id":{"references":["alicloud_loop.a.x","alicloud_loop.a"]},
      "zone_vswitch_security_group":[{
        "vswitch_id":{"references":["alicloud_vswitch.b","count.index"]},
        "cidr_block":{"references":["var.vsw"]},
        "zone_id":{"constant_value":null}}]}}]}}}}}}`

// found is what a Found says, rendered, for comparing.
type found struct {
	Value                *Value
	Unknown, Placeholder bool
	Where                string
	Path                 field.Path
}

func seen(f Found) found {
	return found{Value: f.Value, Unknown: f.Unknown, Placeholder: f.Placeholder, Where: f.Where(), Path: f.Path()}
}

func TestResolve(t *testing.T) {
	p, err := Decode([]byte(resolvePlan))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(p)
	gw := ix.Lookup("module.api.alicloud_api_gateway_instance.gw")
	b := ix.Lookup("alicloud_vswitch.b")
	if gw == nil || b == nil {
		t.Fatal("resources not indexed")
	}
	placeholder := func(addr string) found {
		return found{Value: Str(addr), Placeholder: true, Where: addr + ".id"}
	}
	unknown := func(where string) found { return found{Unknown: true, Where: where} }
	tests := []struct {
		name string
		r    *Res
		path []Step
		want found
	}{
		{"input variable to a root ID", gw, []Step{"user_vpc_id"}, placeholder("alicloud_vpc.vpc")},
		{"input variable to another resource's unknown ID attribute", gw, []Step{"https_policy"}, placeholder("alicloud_vpc.vpc")},
		{"unknown attribute through a reference", b, []Step{"vpc_id"}, placeholder("alicloud_vpc.vpc")},
		{"a function of known values", b, []Step{"cidr_block"}, unknown("alicloud_vswitch.b.cidr_block")},
		{"local values are not in the plan", gw, []Step{"instance_cidr"}, unknown("module.api.alicloud_api_gateway_instance.gw.instance_cidr")},
		{"a resource not in the plan", gw, []Step{"instance_name"}, unknown("module.api.alicloud_api_gateway_instance.gw.instance_name")},
		{"a resource of another module", gw, []Step{"zone_id"}, unknown("module.api.alicloud_api_gateway_instance.gw.zone_id")},
		{"a cycle ends", ix.Lookup("alicloud_loop.a"), []Step{"x"}, unknown("alicloud_loop.b.x")},
		{"count.index: several subjects", gw, []Step{"zone_vswitch_security_group", 0, "vswitch_id"}, unknown("module.api.alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].vswitch_id")},
		{"constant null", gw, []Step{"zone_vswitch_security_group", 0, "zone_id"}, unknown("module.api.alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].zone_id")},
		{"not unknown, absent", gw, []Step{"delete_vpc_ip_block"}, found{Where: "module.api.alicloud_api_gateway_instance.gw.delete_vpc_ip_block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := seen(ix.Attr(tt.r, tt.path...))
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(Value{})); diff != "" {
				t.Errorf("Attr(%s%s) mismatch (-want +got):\n%s", tt.r.Address, Format(tt.path), diff)
			}
		})
	}
	// A known value comes with its JSON path in the document.
	c := ix.Lookup("alicloud_vswitch.c")
	got := ix.Attr(c, "cidr_block")
	if got.Value.Text != "10.0.3.0/24" || got.Path() != "planned_values.root_module.resources[2].values.cidr_block" {
		t.Errorf("Attr(c.cidr_block) = %+v", got)
	}
	if n, ok := ix.Len(gw, "zone_vswitch_security_group"); n != 1 || !ok {
		t.Errorf("Len(zone_vswitch_security_group) = %d, %v; want 1 from the configuration's blocks", n, ok)
	}
}

func TestDecodeFormatVersions(t *testing.T) {
	for v, ok := range map[string]bool{"0.1": true, "0.2": true, "1.0": true, "1.2": true, "1.10": true, "2.0": false, "1": false, "": false, "1.2-beta": false, "v1.2": false} {
		_, err := Decode([]byte(`{"format_version":"` + v + `","planned_values":{}}`))
		if (err == nil) != ok {
			t.Errorf("format_version %q: error %v, want ok %v", v, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "format_version") {
			t.Errorf("format_version %q: error %q does not name the field", v, err)
		}
	}
}

// TestIndexPriorState: data sources read before the plan come from
// prior_state when planned_values lacks them; managed resources of
// prior_state alone are being destroyed and are not indexed; planned
// values win over prior ones.
func TestIndexPriorState(t *testing.T) {
	p, err := Decode([]byte(`{"format_version":"1.2",
	 "planned_values":{"root_module":{"resources":[{"address":"data.x.both","mode":"data","type":"x","name":"both","values":{"v":"planned"}}]}},
	 "prior_state":{"values":{"root_module":{"resources":[
	   {"address":"data.x.both","mode":"data","type":"x","name":"both","values":{"v":"prior"}},
	   {"address":"data.x.prior","mode":"data","type":"x","name":"prior","values":{"v":"prior"}},
	   {"address":"x.gone","mode":"managed","type":"x","name":"gone","values":{"v":"prior"}}],
	   "child_modules":[{"address":"module.m","resources":[{"address":"module.m.data.x.d","mode":"data","type":"x","name":"d","values":{}}]}]}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(p)
	var got []string
	for _, r := range ix.Resources() {
		got = append(got, r.Address+"="+ix.Attr(r, "v").Value.textOr("-")+"@"+r.Module)
	}
	want := []string{"data.x.both=planned@", "data.x.prior=prior@", "module.m.data.x.d=-@module.m"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("indexed resources mismatch (-want +got):\n%s", diff)
	}
	if ix.Lookup("x.gone") != nil {
		t.Error("a managed resource of prior_state alone is indexed")
	}
}

// textOr returns a string value's text, or def.
func (v *Value) textOr(def string) string {
	if v == nil || v.Kind != String {
		return def
	}
	return v.Text
}

// TestResolveDataSources: a data source read during apply has an unknown
// ID, never a placeholder (it finds what exists; only a resource the plan
// creates has an ID nothing else equals), and prior_state's values of a
// data source that the plan reads again are stale: the change's after
// holds what is known.
func TestResolveDataSources(t *testing.T) {
	p, err := Decode([]byte(`{"format_version":"1.2",
	 "planned_values":{"root_module":{"resources":[
	  {"address":"data.alicloud_vpcs.v","mode":"data","type":"alicloud_vpcs","name":"v","values":{}},
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","values":{}}]}},
	 "prior_state":{"values":{"root_module":{"resources":[
	  {"address":"data.alicloud_vpcs.stale","mode":"data","type":"alicloud_vpcs","name":"stale","values":{"id":"old","ids":["vpc-old"]}},
	  {"address":"data.alicloud_vpcs.reread","mode":"data","type":"alicloud_vpcs","name":"reread","values":{"ids":["vpc-old"]}},
	  {"address":"data.alicloud_vpcs.fresh","mode":"data","type":"alicloud_vpcs","name":"fresh","values":{"ids":["vpc-fresh"]}}]}}},
	 "resource_changes":[
	  {"address":"data.alicloud_vpcs.v","mode":"data","type":"alicloud_vpcs","name":"v","change":{"actions":["read"],"after_unknown":{"id":true,"ids":true}}},
	  {"address":"data.alicloud_vpcs.stale","mode":"data","type":"alicloud_vpcs","name":"stale","change":{"actions":["read"],"before":{"id":"old"},"after":{},"after_unknown":{"id":true,"ids":true}}},
	  {"address":"data.alicloud_vpcs.reread","mode":"data","type":"alicloud_vpcs","name":"reread","change":{"actions":["read"],"after":{"ids":["vpc-new"]},"after_unknown":{}}},
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","change":{"actions":["create"],"after_unknown":{"user_vpc_id":true,"instance_name":true,"instance_cidr":true}}}],
	 "configuration":{"root_module":{"resources":[
	  {"address":"alicloud_api_gateway_instance.gw","mode":"managed","type":"alicloud_api_gateway_instance","name":"gw","expressions":{
	    "user_vpc_id":{"references":["data.alicloud_vpcs.v.id","data.alicloud_vpcs.v"]},
	    "instance_name":{"references":["data.alicloud_vpcs.stale.id","data.alicloud_vpcs.stale"]},
	    "instance_cidr":{"references":["data.alicloud_vpcs.stale.ids[0]","data.alicloud_vpcs.stale.ids","data.alicloud_vpcs.stale"]}}}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(p)
	unknown := func(where string) found { return found{Unknown: true, Where: where} }
	known := func(where, text string, path field.Path) found {
		return found{Value: Str(text), Where: where, Path: path}
	}
	tests := []struct {
		addr string
		path []Step
		want found
	}{
		{"alicloud_api_gateway_instance.gw", []Step{"user_vpc_id"}, unknown("data.alicloud_vpcs.v.id")},
		{"alicloud_api_gateway_instance.gw", []Step{"instance_name"}, unknown("data.alicloud_vpcs.stale.id")},
		{"alicloud_api_gateway_instance.gw", []Step{"instance_cidr"}, unknown("data.alicloud_vpcs.stale.ids[0]")},
		{"data.alicloud_vpcs.stale", []Step{"id"}, unknown("data.alicloud_vpcs.stale.id")},
		{"data.alicloud_vpcs.reread", []Step{"ids", 0}, known("data.alicloud_vpcs.reread.ids[0]", "vpc-new", "resource_changes[2].change.after.ids[0]")},
		{"data.alicloud_vpcs.fresh", []Step{"ids", 0}, known("data.alicloud_vpcs.fresh.ids[0]", "vpc-fresh", "prior_state.values.root_module.resources[2].values.ids[0]")},
	}
	for _, tt := range tests {
		t.Run(tt.addr+Format(tt.path), func(t *testing.T) {
			r := ix.Lookup(tt.addr)
			if r == nil {
				t.Fatalf("%s not indexed", tt.addr)
			}
			got := seen(ix.Attr(r, tt.path...))
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(Value{})); diff != "" {
				t.Errorf("Attr(%s%s) mismatch (-want +got):\n%s", tt.addr, Format(tt.path), diff)
			}
		})
	}
}

// TestIndexForgotten: an object the plan forgets is indexed with its
// change's before as values and no change (Terraform 1.11 also lists it in
// planned_values without values: that entry is not indexed); the old object of a
// ["create","forget"] replacement is listed after the new one, which
// Lookup finds; a deleted or deposed object is not indexed.
func TestIndexForgotten(t *testing.T) {
	p, err := Decode([]byte(`{"format_version":"1.2",
	 "planned_values":{"root_module":{"resources":[{"address":"x.new","mode":"managed","type":"x","name":"new","values":{"v":"new"}},
	   {"address":"x.listed","mode":"managed","type":"x","name":"listed","sensitive_values":false}]}},
	 "resource_changes":[
	   {"address":"x.listed","mode":"managed","type":"x","name":"listed","change":{"actions":["forget"],"before":{"v":"listed"},"after":null,"after_unknown":{}},"action_reason":"delete_because_no_resource_config"},
	   {"address":"x.new","mode":"managed","type":"x","name":"new","change":{"actions":["create","forget"],"before":{"v":"old"},"after":{"v":"new"},"after_unknown":{}}},
	   {"address":"module.m.x.kept","module_address":"module.m","mode":"managed","type":"x","name":"kept","change":{"actions":["forget"],"before":{"v":"kept"},"after":null,"after_unknown":{}}},
	   {"address":"x.gone","mode":"managed","type":"x","name":"gone","change":{"actions":["delete"],"before":{"v":"gone"},"after":null}},
	   {"address":"x.dep","mode":"managed","type":"x","name":"dep","deposed":"00000001","change":{"actions":["forget"],"before":{"v":"dep"},"after":null}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(p)
	var got []string
	for _, r := range ix.Resources() {
		got = append(got, fmt.Sprintf("%s=%s@%s forgotten=%v change=%v", r.Address, ix.Attr(r, "v").Value.textOr("-"), r.Module, r.Forgotten, r.Change != nil))
	}
	want := []string{
		"x.new=new@ forgotten=false change=true",
		"x.listed=listed@ forgotten=true change=false",
		"x.new=old@ forgotten=true change=false",
		"module.m.x.kept=kept@module.m forgotten=true change=false",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("indexed resources mismatch (-want +got):\n%s", diff)
	}
	if r := ix.Lookup("x.new"); r == nil || r.Forgotten {
		t.Errorf("Lookup(x.new) = %+v, want the new object", r)
	}
	if f := ix.Attr(ix.Lookup("module.m.x.kept"), "v"); f.Path() != "resource_changes[2].change.before.v" {
		t.Errorf("Attr(kept.v).Path = %q", f.Path())
	}
	c := p.Changes[1]
	if !c.Replace() || !c.Creates() || !c.Forgets() {
		t.Errorf("create, forget: Replace %v, Creates %v, Forgets %v; want all", c.Replace(), c.Creates(), c.Forgets())
	}
}

// TestProviderValue: a provider configuration's attribute is a constant or
// a variable's value, followed from a module's variable through its calls;
// anything else is not known, and where names the place looked at.
func TestProviderValue(t *testing.T) {
	const doc = `{"format_version":"1.2","planned_values":{},
	 "variables":{"r":{"value":"cn-shenzhen"},"unset":{}},
	 "configuration":{"provider_config":{
	   "alicloud":{"name":"alicloud","expressions":{"region":{"constant_value":"cn-hangzhou"}}},
	   "alicloud.v":{"name":"alicloud","alias":"v","expressions":{"region":{"references":["var.r"]}}},
	   "alicloud.unset":{"name":"alicloud","alias":"unset","expressions":{"region":{"references":["var.unset"]}}},
	   "alicloud.env":{"name":"alicloud","alias":"env"},
	   "module.a.module.b:alicloud":{"name":"alicloud","module_address":"module.a.module.b","expressions":{"region":{"references":["var.region"]}}},
	   "module.a:alicloud":{"name":"alicloud","module_address":"module.a","expressions":{"region":{"references":["var.x"]}}}},
	  "root_module":{"module_calls":{"a":{"expressions":{"region":{"references":["var.r"]},"x":{"references":["local.x"]}},"module":{
	    "module_calls":{"b":{"expressions":{"region":{"references":["var.region"]}},"module":{}}}}}}}}}`
	p, err := Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(p)
	tests := []struct {
		key, want, where string
	}{
		{"alicloud", "cn-hangzhou", "provider.alicloud.region"},
		{"alicloud.v", "cn-shenzhen", "var.r"},
		{"alicloud.unset", "", "var.unset"},
		{"alicloud.env", "", "provider.alicloud.env.region"},
		{"alicloud.none", "", "provider.alicloud.none.region"},
		{"module.a.module.b:alicloud", "cn-shenzhen", "var.r"},
		{"module.a:alicloud", "", "module.a.var.x"},
		{"module.c:alicloud", "", "module.c.provider.alicloud.region"},
	}
	for _, tt := range tests {
		v, where, ok := ix.ProviderValue(tt.key, "region")
		if got := v.textOr(""); got != tt.want || where != tt.where || ok != (tt.want != "") {
			t.Errorf("ProviderValue(%q) = %q, %q, %v; want %q, %q", tt.key, got, where, ok, tt.want, tt.where)
		}
	}
}

// TestParseTraversalBoxesNames: names boxed before cost no allocation, so
// a reference parsed again costs only its slice of steps (before: one
// allocation more per name, four in all here).
func TestParseTraversalBoxesNames(t *testing.T) {
	var n names
	parseTraversal("alicloud_vswitch.s[3].id", &n)
	if got := testing.AllocsPerRun(10, func() { parseTraversal("alicloud_vswitch.s[3].id", &n) }); got != 1 {
		t.Errorf("%v allocations, want 1", got)
	}
	// A name in the slot of another is boxed anew, not mistaken for it.
	for _, name := range []string{"ab", "ba", "a", "b", "ab"} {
		if got := n.step(name); got != Step(name) {
			t.Errorf("step(%q) = %v", name, got)
		}
	}
}

// TestParseTraversalIn: references parsed into a shared block keep their
// steps however many follow (appending to one never writes into the next),
// a traversal the reader does not follow takes nothing from the block, and
// a block serves many references with one allocation.
func TestParseTraversalIn(t *testing.T) {
	var n names
	var block []Step
	ins := []string{"alicloud_vswitch.s[3].id", "a]b", "module.a[0].alicloud_vpc.v", "a..b", `b["x"].c`, "[x]", strings.Repeat("a.", maxSteps+2) + "a"}
	var got [][]Step
	for _, in := range ins {
		before := len(block)
		steps, ok := parseTraversalIn(in, &n, &block)
		want, wok := parseTraversal(in, nil)
		if ok != wok || !slices.Equal(steps, want) {
			t.Errorf("parseTraversalIn(%q) = %v, %v; want %v, %v", in, steps, ok, want, wok)
		}
		if !ok && len(block) != before {
			t.Errorf("parseTraversalIn(%q) failed and took %d steps of the block", in, len(block)-before)
		}
		got = append(got, append(steps, "appended"))
	}
	for i, in := range ins {
		if want, ok := parseTraversal(in, nil); ok && !slices.Equal(got[i][:len(got[i])-1], want) {
			t.Errorf("steps of %q = %v later, want %v", in, got[i], want)
		}
	}
	if a := testing.AllocsPerRun(100, func() { parseTraversalIn("alicloud_vswitch.s[3].id", &n, &block) }); a > 0.1 {
		t.Errorf("%v allocations per reference, want at most 0.1", a)
	}
}

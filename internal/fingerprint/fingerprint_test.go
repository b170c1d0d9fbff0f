package fingerprint_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/fingerprint"
)

// slowSum is Sum's reference: the SHA-256 of the parts written one by one,
// each but the last ended by a zero byte, in hex, cut to 32 digits.
func slowSum(code, place, extra string) string {
	h := sha256.New()
	for i, part := range []string{"vpcgate/v1", code, place, extra} {
		h.Write([]byte(part))
		if i < 3 {
			h.Write([]byte{0})
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:32]
}

// TestSum pins fingerprints: values worked out outside Go (printf ... |
// sha256sum) and by slowSum, for places short and longer than Sum's
// scratch.
func TestSum(t *testing.T) {
	long := strings.Repeat("authorizations[\"a\"].", 40) // 800 bytes
	tests := []struct {
		code, place, extra string
		want               string // from sha256sum, when not empty
	}{
		{"code", "place", "", "8ead5bc8bd03332dc1572908e681bd3c"},
		{"", "", "", "714515cc54d3521d5f728948de359ced"},
		{"reserved-conflict", `instance.zones["cn-hangzhou-j"].vSwitchCidr`, "", "b70c699473e9816336fc7f628581a0a9"},
		{"reserved-conflict", `instance.zones["cn-hangzhou-j"].vSwitchCidr`, "apigw-1", "dc1c655879c1f57eede48ae3c4baabaf"},
		{"reserved-conflict", `instance.zones["cn-hangzhou-j"].vSwitchCidr`, "apigw-1#2", "a48ccd709bd43f504407d571a59f644c"},
		{"code", long, "", ""},
		{strings.Repeat("c", 300), long, long, ""},
		{"é", "\x00", "\xff", ""},
	}
	for _, tt := range tests {
		got := fingerprint.Sum(tt.code, tt.place, tt.extra)
		if tt.want != "" && got != tt.want {
			t.Errorf("Sum(%q, %q, %q) = %s, want %s", tt.code, tt.place, tt.extra, got, tt.want)
		}
		if ref := slowSum(tt.code, tt.place, tt.extra); got != ref {
			t.Errorf("Sum(%.20q, %.20q, %.20q) = %s, reference %s", tt.code, tt.place, tt.extra, got, ref)
		}
		if again := fingerprint.Sum(tt.code, tt.place, tt.extra); again != got {
			t.Errorf("Sum(%.20q, ...) = %s, then %s", tt.code, got, again)
		}
	}
}

// TestSumSensitive: each of code, place and extra changes the
// fingerprint, and so does moving a byte from one to the next (the zero
// bytes keep the parts apart).
func TestSumSensitive(t *testing.T) {
	base := fingerprint.Sum("code", "place", "extra")
	for _, other := range [][3]string{
		{"codE", "place", "extra"},
		{"code", "placE", "extra"},
		{"code", "place", "extrA"},
		{"code", "place", ""},
		{"codep", "lace", "extra"},
		{"code", "placee", "xtra"},
		{"code", "place\x00extra", ""},
	} {
		if got := fingerprint.Sum(other[0], other[1], other[2]); got == base {
			t.Errorf("Sum(%q, %q, %q) = Sum(code, place, extra) = %s", other[0], other[1], other[2], got)
		}
	}
}

// TestUnique: the first fingerprint of a code and place is Sum's; the
// next ones add what, then "#2", "#3", ...: no two alike, each added to
// used.
func TestUnique(t *testing.T) {
	used := map[string]bool{}
	want := []string{
		fingerprint.Sum("c", "p", ""),
		fingerprint.Sum("c", "p", "apigw-1"),
		fingerprint.Sum("c", "p", "apigw-1#2"),
		fingerprint.Sum("c", "p", "apigw-1#3"),
	}
	for i, w := range want {
		if got := fingerprint.Unique(used, "c", "p", "apigw-1", false); got != w {
			t.Errorf("call %d: Unique = %s, want %s", i+1, got, w)
		}
	}
	if other := fingerprint.Unique(used, "c", "q", "apigw-1", false); other != fingerprint.Sum("c", "q", "") {
		t.Errorf("Unique at another place = %s, want its Sum", other)
	}
	if len(used) != 5 {
		t.Errorf("used holds %d fingerprints, want 5", len(used))
	}
	// A fingerprint used already by another finding is skipped too.
	used = map[string]bool{fingerprint.Sum("c", "p", ""): true}
	if got := fingerprint.Unique(used, "c", "p", "w", false); got != fingerprint.Sum("c", "p", "w") {
		t.Errorf("Unique after a used fingerprint = %s, want Sum(c, p, w)", got)
	}
	// Findings that share a code and a place hash their what, each, from
	// the first: none has the plain fingerprint that one of them would
	// have alone.
	used = map[string]bool{}
	a, b := fingerprint.Unique(used, "c", "p", "gw-a", true), fingerprint.Unique(used, "c", "p", "gw-b", true)
	if a != fingerprint.Sum("c", "p", "gw-a") || b != fingerprint.Sum("c", "p", "gw-b") {
		t.Errorf("shared: %s, %s; want Sum(c, p, gw-a), Sum(c, p, gw-b)", a, b)
	}
}

// The plan of the tests: arrays of each kind of element Place names.
type (
	rule struct {
		Policy string `json:"policy"`
		Port   int    `json:"port"`
	}
	group struct {
		ID    string `json:"id"`
		Rules []rule `json:"rules"`
	}
	zone struct {
		ZoneID string       `json:"zoneId"`
		CIDR   netip.Prefix `json:"vSwitchCidr"`
	}
	auth struct {
		ID   string     `json:"id,omitempty"`
		Name string     `json:"name,omitempty"`
		Addr netip.Addr `json:"addr"`
	}
	inst struct {
		Zones []zone `json:"zones"`
	}
	// Common is embedded in plan: its fields are plan's.
	Common struct {
		Names []string `json:"names"`
	}
	plan struct {
		Common
		Instance *inst          `json:"instance,omitempty"`
		Auths    []auth         `json:"authorizations"`
		Groups   []group        `json:"securityGroups"`
		Blocks   []netip.Prefix `json:"blocks"`
		Ptrs     []*auth        `json:"ptrs"`
		Nums     [][]int        `json:"nums"`
	}
)

func testPlan() *plan {
	return &plan{
		Common:   Common{Names: []string{"x", "", "x", ""}},
		Instance: &inst{Zones: []zone{{ZoneID: "cn-hangzhou-j", CIDR: netip.MustParsePrefix("10.0.0.0/24")}, {ZoneID: "cn-hangzhou-k"}}},
		Auths: []auth{
			{ID: "a", Name: "n1"}, {Name: "n2"}, {ID: "a"}, {Addr: netip.MustParseAddr("10.0.0.1")}, {ID: "a"},
		},
		Groups: []group{{ID: "sg-1", Rules: []rule{{"drop", 22}, {"accept", 80}, {"drop", 22}}}},
		Blocks: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), {}, netip.MustParsePrefix("::/0")},
		Ptrs:   []*auth{nil, {ID: "p"}},
		Nums:   [][]int{{3}, nil, {3}},
	}
}

// TestPlace pins stable places: each index replaced by its element's
// identity, and what the plan does not hold left as written.
func TestPlace(t *testing.T) {
	tests := []struct{ where, want string }{
		{"", ""},
		{"instance", "instance"},
		{"authorizations[0].addr", `authorizations["a"].addr`},
		{"authorizations[1]", `authorizations["n2"]`},
		{"authorizations[2].id", `authorizations["a#2"].id`},
		{"authorizations[3].addr", `authorizations["{\"addr\":\"10.0.0.1\"}"].addr`},
		{"authorizations[4]", `authorizations["a#3"]`},
		{"instance.zones[1].vSwitchCidr", `instance.zones["cn-hangzhou-k"].vSwitchCidr`},
		{"securityGroups[0].rules[0].port", `securityGroups["sg-1"].rules["{\"policy\":\"drop\",\"port\":22}"].port`},
		{"securityGroups[0].rules[2]", `securityGroups["sg-1"].rules["{\"policy\":\"drop\",\"port\":22}#2"]`},
		{"blocks[0]", `blocks["10.0.0.0/8"]`},
		{"blocks[1]", `blocks[""]`}, // a zero block's text is empty
		{"blocks[2]", `blocks["::/0"]`},
		{"names[0]", `names["x"]`},
		{"names[1]", `names["\"\""]`},
		{"names[2]", `names["x#2"]`},
		{"names[3]", `names["\"\"#2"]`},
		{"ptrs[0]", `ptrs["null"]`},
		{"ptrs[1].id", `ptrs["p"].id`},
		{"nums[0][0]", `nums["[3]"]["3"]`},
		{"nums[1]", `nums["null"]`},
		{"nums[2][0]", `nums["[3]#2"]["3"]`},
		// Not in the plan: the rest as written.
		{"authorizations[5].addr", "authorizations[5].addr"},
		{"securityGroups[0].rules[3].port", `securityGroups["sg-1"].rules[3].port`},
		{"nums[1][0]", `nums["null"][0]`},
		{"instance.nope[0]", "instance.nope[0]"},
		{"authorizations[0].addr[0]", `authorizations["a"].addr[0]`},
		{`authorizations[0]["a b"]`, `authorizations["a"]["a b"]`},
		// Not a path: as written.
		{"authorizations[", "authorizations["},
		{"authorizations[x]", "authorizations[x]"},
	}
	pl := fingerprint.NewPlacer(reflect.ValueOf(testPlan()).Elem(), nil, nil)
	for _, tt := range tests {
		if got := pl.Place(tt.where); got != tt.want {
			t.Errorf("Place(%q) = %s, want %s", tt.where, got, tt.want)
		}
	}
	// Asked again, in the other order, of a new placer: the same.
	pl = fingerprint.NewPlacer(reflect.ValueOf(testPlan()).Elem(), nil, nil)
	for i := len(tests) - 1; i >= 0; i-- {
		if got := pl.Place(tests[i].where); got != tests[i].want {
			t.Errorf("again: Place(%q) = %s, want %s", tests[i].where, got, tests[i].want)
		}
	}
}

// TestPlaceSource pins the mapping back of a plan read from another
// document: a place that Source names is the least plan path that names
// it, whatever map order; one not in wheres, or that no path names, stays.
func TestPlaceSource(t *testing.T) {
	source := map[field.Path]string{
		"authorizations[4].addr": "VpcAccesses[7].Ip",
		"authorizations[1].addr": "VpcAccesses[7].Ip", // the least
		"authorizations[3].addr": "VpcAccesses[8].Ip",
		"instance.zones[1]":      "resource_changes[2]",
		"blocks[2]":              "not asked",
	}
	wheres := map[string]bool{"VpcAccesses[7].Ip": true, "VpcAccesses[8].Ip": true, "resource_changes[2]": true, "elsewhere": true}
	tests := []struct{ where, want string }{
		{"VpcAccesses[7].Ip", `authorizations["n2"].addr`},
		{"VpcAccesses[8].Ip", `authorizations["{\"addr\":\"10.0.0.1\"}"].addr`},
		{"resource_changes[2]", `instance.zones["cn-hangzhou-k"]`},
		{"not asked", "not asked"},
		{"elsewhere", "elsewhere"},
		{"authorizations[1].addr", "authorizations[1].addr"}, // a plan path is no place of the source
	}
	for range 20 { // map order differs from run to run
		pl := fingerprint.NewPlacer(reflect.ValueOf(testPlan()).Elem(), source, wheres)
		for _, tt := range tests {
			if got := pl.Place(tt.where); got != tt.want {
				t.Fatalf("Place(%q) = %s, want %s", tt.where, got, tt.want)
			}
		}
	}
}

// randomPlan returns a plan of a few elements an array, whose identities
// often clash.
func randomPlan(r *rand.Rand) *plan {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	ids := []string{"", "", "a", "b", "a#2", "x y", `q"`}
	addrs := []netip.Addr{{}, netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("::1")}
	blocks := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("fd00::/8")}
	p := &plan{}
	for range r.IntN(6) {
		p.Auths = append(p.Auths, auth{ID: pick(ids...), Name: pick(ids...), Addr: addrs[r.IntN(len(addrs))]})
	}
	for range r.IntN(3) {
		g := group{ID: pick(ids...)}
		for range r.IntN(4) {
			g.Rules = append(g.Rules, rule{pick("accept", "drop"), []int{22, 80}[r.IntN(2)]})
		}
		p.Groups = append(p.Groups, g)
	}
	if r.IntN(3) > 0 {
		p.Instance = &inst{}
		for range r.IntN(4) {
			p.Instance.Zones = append(p.Instance.Zones, zone{pick(ids...), blocks[r.IntN(len(blocks))]})
		}
	}
	for range r.IntN(5) {
		p.Names = append(p.Names, pick(ids...))
	}
	for range r.IntN(4) {
		p.Blocks = append(p.Blocks, blocks[r.IntN(len(blocks))])
	}
	for range r.IntN(3) {
		var a *auth
		if r.IntN(2) == 0 {
			a = &auth{ID: pick(ids...)}
		}
		p.Ptrs = append(p.Ptrs, a)
	}
	for range r.IntN(3) {
		var n []int
		for range r.IntN(3) {
			n = append(n, 1+r.IntN(2))
		}
		p.Nums = append(p.Nums, n)
	}
	return p
}

// seg is one step of a path: a key, or an index when key is "".
type seg struct {
	key   string
	index int
}

func pathOf(segs []seg) string {
	var p field.Path
	for _, s := range segs {
		if s.key == "" {
			p = p.Index(s.index)
		} else {
			p = p.Key(s.key)
		}
	}
	return string(p)
}

// refIdentity is the identity of an array element from its JSON alone:
// a non-empty "id", "name" or "zoneId" of an object, a string's text
// (`""` for the empty one), else the JSON as written.
func refIdentity(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		json.Unmarshal(raw, &m)
		for _, k := range []string{"id", "name", "zoneId"} {
			var s string
			if json.Unmarshal(m[k], &s) == nil && s != "" {
				return s
			}
		}
	case '"':
		var s string
		json.Unmarshal(raw, &s)
		if s == "" {
			return `""`
		}
		return s
	}
	return string(raw)
}

// refPlace is Place's reference: it walks the plan's JSON, and names the
// k-th element with an identity by counting the earlier ones.
func refPlace(doc json.RawMessage, segs []seg) string {
	var b field.Path
	cur := doc
	for i, s := range segs {
		if s.key != "" {
			b = b.Key(s.key)
			var m map[string]json.RawMessage
			json.Unmarshal(cur, &m)
			cur = m[s.key] // nil when not there
			continue
		}
		var arr []json.RawMessage
		if cur == nil || json.Unmarshal(cur, &arr) != nil || s.index >= len(arr) {
			return string(b.Join(field.Path(pathOf(segs[i:]))))
		}
		id := refIdentity(arr[s.index])
		k := 1
		for _, e := range arr[:s.index] {
			if refIdentity(e) == id {
				k++
			}
		}
		if k > 1 {
			id += "#" + strconv.Itoa(k)
		}
		b += field.Path("[" + strconv.Quote(id) + "]")
		cur = arr[s.index]
	}
	return string(b)
}

// allPaths returns the path of every value of the JSON doc below prefix,
// and of one index past the end of each array.
func allPaths(doc json.RawMessage, prefix []seg) [][]seg {
	out := [][]seg{prefix}
	with := func(s seg) []seg { return append(append([]seg(nil), prefix...), s) }
	var m map[string]json.RawMessage
	var arr []json.RawMessage
	switch {
	case json.Unmarshal(doc, &m) == nil && m != nil:
		for k, v := range m {
			out = append(out, allPaths(v, with(seg{key: k}))...)
		}
	case json.Unmarshal(doc, &arr) == nil && arr != nil:
		for i, v := range arr {
			out = append(out, allPaths(v, with(seg{index: i}))...)
		}
		out = append(out, append(with(seg{index: len(arr)}), seg{key: "id"}))
	}
	return out
}

// TestPlaceReference compares Place with refPlace at every path of random
// plans.
func TestPlaceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 300
	if testing.Short() {
		n = 50
	}
	for range n {
		p := randomPlan(r)
		doc, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		pl := fingerprint.NewPlacer(reflect.ValueOf(p).Elem(), nil, nil)
		for _, segs := range allPaths(doc, nil) {
			where := pathOf(segs)
			if got, want := pl.Place(where), refPlace(doc, segs); got != want {
				t.Fatalf("plan %s:\nPlace(%q) = %s, reference %s", doc, where, got, want)
			}
		}
	}
}

// TestPlaceIgnores: the stable place of an element whose identity is its
// own in its array does not depend on the order of the array, on the
// elements added or removed beside it, on the other arrays, or on its
// values other than the one that names it.
func TestPlaceIgnores(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	unique := func(ids []string, i int) bool {
		for j, id := range ids {
			if j != i && id == ids[i] {
				return false
			}
		}
		return true
	}
	for range 300 {
		p := randomPlan(r)
		before := fingerprint.NewPlacer(reflect.ValueOf(p).Elem(), nil, nil)
		// Another plan: the authorizations shuffled with one more, the
		// first group's rules reversed with one more, names dropped.
		q := *p
		order := r.Perm(len(p.Auths) + 1)
		q.Auths = make([]auth, len(order))
		for to, from := range order {
			if from == len(p.Auths) {
				q.Auths[to] = auth{ID: "added"}
			} else {
				q.Auths[to] = p.Auths[from]
				if a := q.Auths[to]; a.ID != "" || a.Name != "" {
					q.Auths[to].Addr = netip.MustParseAddr("192.0.2.1") // not its identity
				}
			}
		}
		if len(p.Groups) > 0 {
			q.Groups = append([]group(nil), p.Groups...)
			rules := []rule{{"accept", 443}}
			for i := len(p.Groups[0].Rules) - 1; i >= 0; i-- {
				rules = append(rules, p.Groups[0].Rules[i])
			}
			q.Groups[0].Rules = rules
		}
		q.Names = nil
		after := fingerprint.NewPlacer(reflect.ValueOf(&q).Elem(), nil, nil)

		var ids []string
		for _, a := range p.Auths {
			raw, _ := json.Marshal(a)
			ids = append(ids, refIdentity(raw))
		}
		for to, from := range order {
			if from < len(p.Auths) && unique(ids, from) {
				old, now := before.Place(fmt.Sprintf("authorizations[%d].addr", from)), after.Place(fmt.Sprintf("authorizations[%d].addr", to))
				if old != now {
					t.Fatalf("authorization %+v: %s, then %s once moved", p.Auths[from], old, now)
				}
			}
		}
		if len(p.Groups) > 0 && p.Groups[0].ID != "" { // a group without ID is named by its JSON, rules and all
			rs := p.Groups[0].Rules
			ids = ids[:0]
			for _, x := range rs {
				raw, _ := json.Marshal(x)
				ids = append(ids, refIdentity(raw))
			}
			for i := range rs {
				if !unique(ids, i) {
					continue
				}
				old := before.Place(fmt.Sprintf("securityGroups[0].rules[%d].port", i))
				now := after.Place(fmt.Sprintf("securityGroups[0].rules[%d].port", len(rs)-i))
				if old != now {
					t.Fatalf("rule %+v: %s, then %s once moved", rs[i], old, now)
				}
			}
		}
	}
}

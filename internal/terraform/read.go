package terraform

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/zones"
)

// planReader reads an indexed plan's alicloud resources into Values.
type planReader struct {
	ix   *Index
	v    Values
	errs field.List
	seen map[noteKey]bool // notes added, by kind, place and use

	byType  map[string][]*Res // managed resources by type, in document order
	regions map[string]region // by provider configuration key

	instances    map[string]int // instance index by ID
	others       map[string]bool
	groups       map[string]int         // group index by ID
	ecs          map[string]int         // alicloud_instance resources by ID (their address while it is unknown): 1 + their index in ecsList
	ecsList      []*Res                 //
	sgIDs        map[string]string      // a security group's address to its ID in the plan, for those created with it
	innerUnknown map[int]string         // security groups whose inner_access_policy is known only after apply: where, by index
	vswitches    map[string]*Res        // alicloud_vswitch resources by ID (their address while it is unknown)
	backends     map[string]*Res        // alicloud_api_gateway_backend resources by ID (their address while it is unknown)
	vpcModels    map[string]*Res        // a backend model that may be of type "VPC", by its backend_id
	httpModels   map[string][]modelAddr // the addresses of HTTP backend models, by backend_id
	called       map[string]bool        // group ID and backend ID: the backend's addresses added to the group
}

type noteKey struct {
	kind       NoteKind
	where, use string
}

func newPlanReader(ix *Index) *planReader {
	t := &planReader{ix: ix, seen: make(map[noteKey]bool), byType: make(map[string][]*Res), regions: make(map[string]region)}
	// A data source is never one of the types read: it describes what
	// exists, in the shape of its own schema (a data source that shared a
	// resource type's name would otherwise count as, say, an authorization
	// the plan creates).
	for _, r := range ix.Resources() {
		if r.Mode != "data" {
			t.byType[r.Type] = append(t.byType[r.Type], r)
		}
	}
	return t
}

func (t *planReader) read() {
	t.region(nil) // the default configuration's, said first
	t.readVPCs()
	t.readSecurityGroups()
	t.readInstances()
	t.readNetworkACLs()
	t.readVSwitchCounts()
	t.readServiceLinkedRole()
	t.readAuthorizations()
	t.innerPolicy()
	t.readGroups()
}

// resources returns the managed resources of type typ in document order.
func (t *planReader) resources(typ string) []*Res { return t.byType[typ] }

// note adds a note, once per kind, place and use: one unknown value read
// by several attributes is one note per attribute, all with its place, so
// that each value read from it is known to rest on it (the root reports
// the notes of one place once).
func (t *planReader) note(kind NoteKind, where, use, what string) {
	k := noteKey{kind, where, use}
	if !t.seen[k] {
		t.seen[k] = true
		t.v.Notes = append(t.v.Notes, Note{Kind: kind, Where: where, Use: use, What: what})
	}
}

// unverified adds an Unverified note.
func (t *planReader) unverified(where, use, what string) { t.note(Unverified, where, use, what) }

// fail records a problem with the value found at f.
func (t *planReader) fail(f Found, err error) {
	where := f.Where()
	t.errs.Add(f.Path(), fmt.Errorf("%s: %w", where, err))
}

// attr returns what the plan says of the attribute at steps of r
// ([Index.Attr]). Only an attribute that holds a resource ID (idAttr)
// takes the address of a resource created with the plan for that
// resource's ID known only after apply: elsewhere a reference to such an
// ID is part of an expression that Terraform evaluates during apply
// (`policy = alicloud_vpc.vpc.id == "" ? "drop" : "accept"`), whose
// references the plan lists as a bare reference's, so the value is
// unknown.
func (t *planReader) attr(r *Res, steps ...Step) Found {
	f := t.ix.Attr(r, steps...)
	if f.Placeholder && !idAttr(lastName(steps)) {
		f.Value, f.Placeholder, f.Unknown, f.inPlan = nil, false, true, false
		return f
	}
	return f
}

// attrUnder is attr for steps whose value, when the plan holds one, is a
// member or element of parent, what walk found at steps but the last (nil
// for nothing): the attributes of a block are found without walking to it
// again. What parent does not hold is attr's to find.
func (t *planReader) attrUnder(r *Res, parent *Value, steps []Step) Found {
	if parent != nil {
		if v := step(parent, steps[len(steps)-1]); !v.IsNull() {
			return foundIn(r, steps, v)
		}
	}
	return t.attr(r, steps...)
}

// lastName returns the last attribute name of steps.
func lastName(steps []Step) string {
	for i := len(steps) - 1; i >= 0; i-- {
		if n, ok := steps[i].(string); ok {
			return n
		}
	}
	return ""
}

// refers says that the attribute at use is known only after apply, and
// which place it refers to when that is another.
func refers(use, where string) string {
	if where != use {
		return use + " refers to " + where + ", known only after apply"
	}
	return use + " is known only after apply"
}

// text returns the string at steps of r: "" when absent, or when known only
// after apply, then with an unverified note that says what is not checked.
// An ID known only after apply is its resource's address (f.Placeholder).
func (t *planReader) text(r *Res, unchecked string, steps ...Step) (string, Found) {
	return t.textOf(r, unchecked, steps, t.attr(r, steps...))
}

// textOf is text for f, what t.attr found at steps of r: an attribute
// looked at already is not looked up again.
func (t *planReader) textOf(r *Res, unchecked string, steps []Step, f Found) (string, Found) {
	switch {
	case f.Unknown:
		where := f.Where()
		use := r.Address + Format(steps)
		what := refers(use, where)
		if unchecked != "" {
			what += ": " + unchecked
		}
		t.unverified(where, use, what)
		return "", f
	case f.Value == nil:
		return "", f
	case f.Value.Kind != String:
		t.fail(f, fmt.Errorf("%w: %s, want string", ErrWrongType, f.Value.Kind))
		return "", f
	}
	return f.Value.Text, f
}

// str returns the string the plan knows at steps of r, "" when absent,
// unknown or not a string; it notes nothing.
func (t *planReader) str(r *Res, steps ...Step) string {
	if f := t.attr(r, steps...); f.Value != nil && f.Value.Kind == String {
		return f.Value.Text
	}
	return ""
}

// prefix returns the CIDR block at steps of r, invalid when absent or
// unknown; a block cidr.ParsePrefix rejects is an error.
func (t *planReader) prefix(r *Res, unchecked string, steps ...Step) (netip.Prefix, Found) {
	return t.prefixOf(t.textOf(r, unchecked, steps, t.attr(r, steps...)))
}

// prefixOf is prefix for s and f, what textOf found.
func (t *planReader) prefixOf(s string, f Found) (netip.Prefix, Found) {
	if s == "" {
		return netip.Prefix{}, f
	}
	p, err := cidr.ParsePrefix(s)
	if err != nil {
		t.fail(f, err)
	}
	return p, f
}

// parseAttr reads attribute attr of r with parse, returning its place, and
// records a value parse rejects as a problem; the zero T and no place when
// absent or unknown (noted unless unchecked is empty).
func parseAttr[T any](t *planReader, r *Res, unchecked, attr string, parse func(string) (T, error)) (T, string) {
	var v T
	s, f := t.text(r, unchecked, attr)
	if s == "" {
		return v, ""
	}
	v, err := parse(s)
	if err != nil {
		t.fail(f, err)
	}
	return v, f.Where()
}

// list calls fn for each element index of the list at steps of r; a list
// whose length is known only after apply gets an unverified note, unless
// unchecked is empty.
func (t *planReader) list(r *Res, unchecked string, fn func(i int), steps ...Step) {
	n, ok := t.ix.Len(r, steps...)
	if !ok && unchecked != "" {
		where := r.Address + Format(steps)
		t.unverified(where, where, where+" is known only after apply: "+unchecked)
	}
	for i := range n {
		fn(i)
	}
}

// id returns r's ID, or its address while the ID is known only after apply.
func (t *planReader) id(r *Res) string {
	if s := t.str(r, idStep...); s != "" {
		return s
	}
	return r.Address
}

// byID returns the resources of type typ by ID (their address while it is
// unknown), the first of each ID.
func (t *planReader) byID(typ string) map[string]*Res {
	m := make(map[string]*Res, len(t.resources(typ)))
	for _, r := range t.resources(typ) {
		if id := t.id(r); m[id] == nil {
			m[id] = r
		}
	}
	return m
}

// integer reads a whole number written as a JSON number or a numeric
// string (a number-or-string field); anything else is an error.
func (t *planReader) integer(f Found) (int64, bool) {
	n, ok := f.Value.Int()
	if f.Value.Kind == String {
		v, err := strconv.ParseInt(f.Value.Text, 10, 64)
		n, ok = v, err == nil
	}
	if !ok {
		t.fail(f, fmt.Errorf("%w: %s %q, want a whole number", ErrWrongType, f.Value.Kind, f.Value.Text))
	}
	return n, ok
}

// region is the region of a provider configuration: "" when the plan does
// not give it, where the place it was looked for.
type region struct{ id, where string }

// region returns the region of the provider configuration r uses (its
// provider_config_key: an aliased configuration has its own region, and so
// may a module's), noting once per configuration a region the plan does not
// give (an environment variable, an expression, a variable whose value is
// not known): "" then.
func (t *planReader) region(r *Res) region {
	key := "alicloud"
	if r != nil {
		key = r.ProviderKey()
	}
	if reg, ok := t.regions[key]; ok {
		return reg
	}
	v, where, ok := t.ix.ProviderValue(key, "region")
	reg := region{where: where}
	switch {
	case ok && v.Kind == String && v.Text != "":
		reg.id = v.Text
	case key == "alicloud":
		t.unverified(where, "", "the alicloud provider's region is not in the plan (an environment variable, perhaps): each instance's region is taken from its zones")
	default:
		t.unverified(where, "", fmt.Sprintf("the region of provider configuration %q is not in the plan (an environment variable, an expression or a variable not known, perhaps): the region of each instance that uses it is taken from its zones", key))
	}
	t.regions[key] = reg
	return reg
}

// regionOf returns the region of r's provider configuration, or else the
// region that the catalog gives the first known zone of zs.
func (t *planReader) regionOf(r *Res, zs []instance.ZonePlacement) string {
	if reg := t.region(r); reg.id != "" {
		return reg.id
	}
	for _, z := range zs {
		if zone, err := zones.Default().Zone(z.ZoneID); err == nil {
			return zone.RegionID
		}
	}
	return ""
}

// zoneSuffixes are the places of a zone's attributes, after its own: see
// zonePlaces.
var zoneSuffixes = [...]string{".zone_id", ".vswitch_id", ".cidr_block", ".security_group"}

// zonePlaces returns the places of zones 0 to n-1 of the gateway at addr
// (`addr.zone_vswitch_security_group[j]`, then its attributes), cut from
// one string, the zone's own the start of its zone_id's: one allocation
// for them all, and one for the slice.
func zonePlaces(addr string, n int) []ZoneAt {
	var tail [64]byte // ".zone_vswitch_security_group[j]"
	head := append(tail[:0], "."+zoneBlock+"["...)
	size := 0
	for j := range n {
		base := len(addr) + len(strconv.AppendInt(head, int64(j), 10)) + 1
		for _, x := range zoneSuffixes {
			size += base + len(x)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for j := range n {
		t := append(strconv.AppendInt(head, int64(j), 10), ']')
		for _, x := range zoneSuffixes {
			b.WriteString(addr)
			b.Write(t)
			b.WriteString(x)
		}
	}
	all := b.String()
	out := make([]ZoneAt, n)
	for j := range out {
		var p [len(zoneSuffixes)]string
		base := len(addr) + len(strconv.AppendInt(head, int64(j), 10)) + 1
		for i, x := range zoneSuffixes {
			p[i], all = all[:base+len(x)], all[base+len(x):]
		}
		out[j] = ZoneAt{Zone: p[0][:base], ZoneID: p[0], VSwitchID: p[1], VSwitchCIDR: p[2], SecurityGroupID: p[3]}
	}
	return out
}

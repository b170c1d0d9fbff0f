package terraform

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// ErrWrongType matches a value of another JSON type than the format gives
// at that path.
var ErrWrongType = errors.New("wrong JSON type")

// ErrRequired matches a member the reader needs and the document lacks:
// [field.ErrRequired], the module's one sentinel of a missing value.
var ErrRequired = field.ErrRequired

// ErrDuplicateAddress matches a resource address given twice in one part
// of the document.
var ErrDuplicateAddress = errors.New("resource address given twice")

// ErrFormatVersion matches a format_version this reader does not know.
var ErrFormatVersion = errors.New("unsupported format_version")

// Plan is the part of a `terraform show -json` plan the reader uses
// (hashicorp/terraform-json's Plan, by its JSON names).
type Plan struct {
	// FormatVersion is format_version: "0.x" or "1.x".
	FormatVersion string
	// Planned holds planned_values' resources, root module first, then
	// child modules depth first, each in document order.
	Planned []Resource
	// Prior holds prior_state's resources, in the same order.
	Prior []Resource
	// Changes holds resource_changes.
	Changes []Change
	// Config is configuration.root_module; nil when absent.
	Config *Module
	// Variables holds variables.<name>.value.
	Variables map[string]*Value
	// ProviderConfig holds configuration.provider_config (an object).
	ProviderConfig *Value

	// changeAt holds the index in Changes of each current object's
	// change by address, as Decode found them given once: NewIndex
	// looks them up without hashing them again. Nil in a Plan made
	// otherwise.
	changeAt map[string]int32
}

// Resource is a resource instance of a state: StateResource.
type Resource struct {
	// Address, Mode ("managed" or "data"), Type and Name are the
	// members of those names.
	Address, Mode, Type, Name string
	// ModuleAddress is the address of the module holding it ("" for the
	// root module, "module.net" for a child).
	ModuleAddress string
	// Values is "values"; nil when absent.
	Values *Value
	// Path is the JSON path of Values in the document.
	Path Loc
}

// Change is a resource_changes entry: ResourceChange with its Change.
type Change struct {
	// Address, ModuleAddress, Mode, Type and Name are address,
	// module_address, mode, type and name.
	Address, ModuleAddress, Mode, Type, Name string
	// Deposed is "deposed": a deposed object's key, "" for the current one.
	Deposed string
	// Actions is change.actions; changes of the same actions may share
	// the slice, which must not be modified.
	Actions []string
	// Before, After and AfterUnknown are change.before, change.after and
	// change.after_unknown; nil when absent or null.
	Before, After, AfterUnknown *Value
	// Path is the JSON path of the entry.
	Path Loc
}

// Replace reports whether the change replaces the object with a new one:
// ["delete","create"] or ["create","delete"], or ["create","forget"],
// where the old object stays in the cloud, no longer managed.
func (c *Change) Replace() bool {
	if len(c.Actions) != 2 {
		return false
	}
	a, b := c.Actions[0], c.Actions[1]
	return a == "delete" && b == "create" || a == "create" && (b == "delete" || b == "forget")
}

// Creates reports whether the change creates an object: a create or a
// replacement.
func (c *Change) Creates() bool { return slices.Contains(c.Actions, "create") }

// Forgets reports whether the change forgets the object it had (Terraform
// 1.7's removed block with destroy = false, action "forget", or a
// replacement ["create","forget"]): Terraform stops managing it, and it
// stays in the cloud as change.before describes it.
func (c *Change) Forgets() bool { return slices.Contains(c.Actions, "forget") }

// Module is a module of the configuration.
type Module struct {
	// Resources holds root_module.resources (or a called module's).
	Resources []ConfigResource
	// Calls holds module_calls by name.
	Calls map[string]*ModuleCall
	// Outputs holds outputs.<name>.expression by name.
	Outputs map[string]*Value
	// Path is the module's JSON path in the document.
	Path field.Path

	byKey map[configKey]*ConfigResource // resources by mode, type and name, built on first use
}

// configKey finds a resource block of a module.
type configKey struct{ mode, typ, name string }

// ConfigResource is a resource block of the configuration.
type ConfigResource struct {
	// Mode, Type and Name are the members of those names.
	Mode, Type, Name string
	// ProviderConfigKey is provider_config_key: the key in
	// configuration.provider_config of the provider configuration the
	// resource uses ("alicloud", "alicloud.hz", "module.net:alicloud");
	// Terraform gives the key of the configuration a module inherits or is
	// passed, where it is declared.
	ProviderConfigKey string
	// Expressions is "expressions": attribute names to expressions, nested
	// blocks to arrays (or objects) of such maps.
	Expressions *Value
	// Path is the JSON path of Expressions in the document.
	Path Loc

	// instances counts the resource instances of the block that the
	// Index indexedBy holds.
	instances int
	indexedBy *Index
}

// ModuleCall is a module block of the configuration.
type ModuleCall struct {
	// Expressions maps the module's input variables to expressions.
	Expressions *Value
	// Module is the called module's configuration.
	Module *Module
}

// Decode reads a plan document. See the package comment for what is an
// error; every problem is a *field.Error at its JSON path, joined.
func Decode(data []byte) (*Plan, error) {
	root, err := Parse(data)
	if err != nil {
		return nil, err
	}
	r := &reader{}
	p := r.plan(root)
	r.moreDups()
	if err := r.errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

type reader struct {
	errs field.List
	// seen holds the addresses of the current objects read in the
	// current part, deposed those of its deposed objects (rare), each
	// with the index in at of where it was read: small entries, hashed
	// by one string, rather than a structure of two strings and a Loc.
	seen    map[string]int32
	deposed map[addrKey]int32
	at      []Loc
	room    int // the entries seen has room for

	dups     int        // duplicate addresses found
	firstDup field.Path // the place of the first duplicate not reported

	// actions is the last list of actions read, of strings only, and
	// the Value it was read from: changes share it (no one modifies it).
	actions struct {
		of   *Value
		list []string
	}
}

// fresh empties seen for the next part of the plan, with room for n
// addresses: the parts share one map, cleared, rather than one each.
func (r *reader) fresh(n int) {
	if r.seen == nil || r.room < n {
		// A map cleared keeps its room; one given fewer entries than
		// the next part holds would grow again as it fills.
		r.seen, r.room = make(map[string]int32, n), n
		r.at = make([]Loc, 0, n)
	} else {
		clear(r.seen)
		r.at = r.at[:0]
	}
	clear(r.deposed)
}

// maxDupErrors bounds the duplicate-address errors reported one by one;
// the others are counted in one more error, so that hostile input cannot
// make the errors grow with the product of duplicates and path lengths.
const maxDupErrors = 100

// addrKey is an object's address: a resource instance's, and a deposed
// object's key.
type addrKey struct{ addr, deposed string }

// unique reports whether key is new in the current part, recording an
// error at p when it is not.
func (r *reader) unique(key addrKey, p Loc) bool {
	var i int32
	var dup bool
	if key.deposed == "" {
		i, dup = r.seen[key.addr]
	} else {
		i, dup = r.deposed[key]
	}
	if dup {
		r.dups++
		switch {
		case r.dups <= maxDupErrors:
			r.errs.Add(p.Path(), field.Duplicate(ErrDuplicateAddress, "resource address "+strconv.Quote(key.addr), string(r.at[i].Path())))
		case r.dups == maxDupErrors+1:
			r.firstDup = p.Path()
		}
		return false
	}
	switch {
	case key.deposed == "":
		r.seen[key.addr] = int32(len(r.at))
	case r.deposed == nil:
		r.deposed = map[addrKey]int32{key: int32(len(r.at))}
	default:
		r.deposed[key] = int32(len(r.at))
	}
	r.at = append(r.at, p)
	return true
}

// moreDups records the duplicate addresses that unique did not report one
// by one, as one error at the first of them.
func (r *reader) moreDups() {
	if n := r.dups - maxDupErrors; n > 0 {
		r.errs.Add(r.firstDup, fmt.Errorf("%w: and %d more", ErrDuplicateAddress, n))
	}
}

// want returns v when it is of kind k, nil when it is absent or null, and
// records an error otherwise.
func (r *reader) want(v *Value, k Kind, p field.Path) *Value {
	if v.IsNull() {
		return nil
	}
	if v.Kind != k {
		r.errs.Add(p, fmt.Errorf("%w: %s, want %s", ErrWrongType, v.Kind, k))
		return nil
	}
	return v
}

// wantAt is want at a Loc.
func (r *reader) wantAt(v *Value, k Kind, at Loc) *Value {
	if v.IsNull() || v.Kind == k {
		return r.want(v, k, "")
	}
	return r.want(v, k, at.Path())
}

// member returns the member key of obj when it is of kind k, nil when it is
// absent or null, and records an error at p's child key otherwise; the
// child's path is rendered only then.
func (r *reader) member(obj *Value, key string, k Kind, p Loc) *Value {
	v := obj.Get(key)
	if v.IsNull() {
		return nil
	}
	if v.Kind != k {
		r.errs.Add(p.Path().Child(key), fmt.Errorf("%w: %s, want %s", ErrWrongType, v.Kind, k))
		return nil
	}
	return v
}

// str returns the string member key of obj ("" when absent or null).
func (r *reader) str(obj *Value, key string, p Loc) string {
	v := r.member(obj, key, String, p)
	if v == nil {
		return ""
	}
	return v.Text
}

// each calls f for each element of the array member key of obj.
func (r *reader) each(obj *Value, key string, p field.Path, f func(*Value, Loc)) {
	a := r.member(obj, key, Array, Loc{List: p, Index: -1})
	if a == nil {
		return
	}
	list := p.Child(key)
	for i, e := range a.Elems {
		f(e, Loc{List: list, Index: i})
	}
}

// Loc is the JSON path of a value in the document, rendered only when
// asked for: the element Index of the array at List (or, with Index -1, List
// itself), then Tail (".values"). The zero Loc is no path.
type Loc struct {
	List  field.Path
	Index int
	Tail  string
}

// Path renders l.
func (l Loc) Path() field.Path {
	p := l.List
	if l.Index >= 0 {
		if p == "" && l.Tail == "" && l.Index == 0 {
			return ""
		}
		p = p.Index(l.Index)
	}
	return p + field.Path(l.Tail)
}

// With returns the Loc of the value at path tail (".values") under the
// element l, which has no tail yet: no string is made.
func (l Loc) With(tail string) Loc {
	l.Tail = tail
	return l
}

// length returns the length of the array member key of obj, 0 when it is
// not one.
func length(obj *Value, key string) int {
	if a := obj.Get(key); a != nil && a.Kind == Array {
		return len(a.Elems)
	}
	return 0
}

func (r *reader) plan(root *Value) *Plan {
	if r.want(root, Object, "") == nil {
		if root.IsNull() {
			r.errs.Add("", fmt.Errorf("%w: the document is null", ErrWrongType))
		}
		return nil
	}
	p := &Plan{FormatVersion: r.str(root, "format_version", Loc{})}
	switch {
	case root.Get("format_version").IsNull():
		r.errs.Add("format_version", ErrRequired)
	case !strings.HasPrefix(p.FormatVersion, "0.") && !strings.HasPrefix(p.FormatVersion, "1.") || !versionDigits(p.FormatVersion):
		if root.Get("format_version").Kind == String {
			r.errs.Add("format_version", fmt.Errorf("%w %q: this reader knows 0.x and 1.x", ErrFormatVersion, p.FormatVersion))
		}
	}
	if pv := r.want(root.Get("planned_values"), Object, "planned_values"); pv != nil {
		n := length(pv.Get("root_module"), "resources")
		r.fresh(n)
		// Room for the root module's resources, which most plans hold
		// all of; none read is nil, as without room.
		if p.Planned = r.module(pv.Get("root_module"), "planned_values.root_module", "", 0, make([]Resource, 0, n)); len(p.Planned) == 0 {
			p.Planned = nil
		}
	} else if root.Get("planned_values").IsNull() {
		r.errs.Add("planned_values", ErrRequired)
	}
	if ps := r.want(root.Get("prior_state"), Object, "prior_state"); ps != nil {
		if vals := r.want(ps.Get("values"), Object, "prior_state.values"); vals != nil {
			r.fresh(0)
			p.Prior = r.module(vals.Get("root_module"), "prior_state.values.root_module", "", 0, nil)
		}
	}
	p.Changes = make([]Change, 0, length(root, "resource_changes"))
	r.fresh(cap(p.Changes))
	r.each(root, "resource_changes", "", func(v *Value, at Loc) {
		if c, ok := r.change(v, at); ok && r.unique(addrKey{c.Address, c.Deposed}, at.With(".address")) {
			p.Changes = append(p.Changes, c)
		}
	})
	// Each change given once is where seen says (unique numbers them as
	// they are appended), the current objects' by address.
	p.changeAt, r.seen = r.seen, nil
	if cfg := r.want(root.Get("configuration"), Object, "configuration"); cfg != nil {
		p.Config = r.configModule(cfg.Get("root_module"), "configuration.root_module", 0)
		p.ProviderConfig = r.want(cfg.Get("provider_config"), Object, "configuration.provider_config")
	}
	if vars := r.want(root.Get("variables"), Object, "variables"); vars != nil {
		p.Variables = make(map[string]*Value, len(vars.Keys()))
		for i, k := range vars.Keys() {
			if v := r.want(vars.Elems[i], Object, field.Path("variables").Key(k)); v != nil {
				p.Variables[k] = v.Get("value")
			}
		}
	}
	return p
}

// versionDigits reports whether v is digits and dots only.
func versionDigits(v string) bool {
	for _, c := range v {
		if c != '.' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// maxModuleDepth bounds the nesting of modules the reader follows.
const maxModuleDepth = 64

// module appends the resources of a state module and its children to out;
// depth is the module's nesting (0 for the root module), counted as the
// reader descends, never from the text of an address.
func (r *reader) module(v *Value, p field.Path, addr string, depth int, out []Resource) []Resource {
	m := r.want(v, Object, p)
	if m == nil {
		return out
	}
	if depth > maxModuleDepth {
		r.errs.Add(p, fmt.Errorf("modules nested more than %d deep", maxModuleDepth))
		return out
	}
	r.each(m, "resources", p, func(v *Value, at Loc) {
		if r.wantAt(v, Object, at) == nil {
			return
		}
		res := Resource{
			Address: r.str(v, "address", at), Mode: r.str(v, "mode", at), Type: r.str(v, "type", at), Name: r.str(v, "name", at),
			ModuleAddress: addr, Values: r.member(v, "values", Object, at), Path: at.With(".values"),
		}
		r.index(v, at)
		if res.Address == "" {
			r.errs.Add(at.Path().Child("address"), ErrRequired)
			return
		}
		if r.unique(addrKey{addr: res.Address}, at.With(".address")) {
			out = append(out, res)
		}
	})
	r.each(m, "child_modules", p, func(v *Value, at Loc) {
		child := r.str(v, "address", at)
		if child == "" && v.Kind == Object {
			r.errs.Add(at.Path().Child("address"), ErrRequired)
			return
		}
		out = r.module(v, at.Path(), child, depth+1, out)
	})
	return out
}

// index checks that a resource's "index" is a number or a string.
func (r *reader) index(v *Value, at Loc) {
	if i := v.Get("index"); !i.IsNull() && i.Kind != Number && i.Kind != String {
		r.errs.Add(at.Path().Child("index"), fmt.Errorf("%w: %s, want number or string", ErrWrongType, i.Kind))
	}
}

func (r *reader) change(v *Value, at Loc) (Change, bool) {
	if r.wantAt(v, Object, at) == nil {
		return Change{}, false
	}
	c := Change{
		Address: r.str(v, "address", at), ModuleAddress: r.str(v, "module_address", at),
		Mode: r.str(v, "mode", at), Type: r.str(v, "type", at), Name: r.str(v, "name", at),
		Deposed: r.str(v, "deposed", at), Path: at,
	}
	r.index(v, at)
	if c.Address == "" {
		r.errs.Add(at.Path().Child("address"), ErrRequired)
		return c, false
	}
	ch := r.member(v, "change", Object, at)
	if ch == nil {
		r.errs.Add(at.Path().Child("change"), ErrRequired)
		return c, false
	}
	cp := at.With(".change")
	if a := r.member(ch, "actions", Array, cp); a == r.actions.of && a != nil {
		// The same Value as the last list read (the builder shares a
		// list of one action), which had only strings: the same list.
		c.Actions = r.actions.list
	} else if a != nil {
		c.Actions = make([]string, 0, len(a.Elems))
		for i, e := range a.Elems {
			if e.Kind == String {
				c.Actions = append(c.Actions, e.Text)
			} else if !e.IsNull() {
				r.errs.Add(cp.Path().Child("actions").Index(i), fmt.Errorf("%w: %s, want %s", ErrWrongType, e.Kind, String))
			}
		}
		if len(c.Actions) == len(a.Elems) {
			r.actions.of, r.actions.list = a, c.Actions
		}
	}
	c.Before = r.member(ch, "before", Object, cp)
	c.After = r.member(ch, "after", Object, cp)
	c.AfterUnknown = r.member(ch, "after_unknown", Object, cp)
	return c, true
}

func (r *reader) configModule(v *Value, p field.Path, depth int) *Module {
	m := r.want(v, Object, p)
	if m == nil {
		return nil
	}
	if depth > maxModuleDepth {
		r.errs.Add(p, fmt.Errorf("modules nested more than %d deep", maxModuleDepth))
		return nil
	}
	mod := &Module{Path: p, Resources: make([]ConfigResource, 0, length(m, "resources"))}
	r.each(m, "resources", p, func(v *Value, at Loc) {
		if r.wantAt(v, Object, at) == nil {
			return
		}
		mod.Resources = append(mod.Resources, ConfigResource{
			Mode: r.str(v, "mode", at), Type: r.str(v, "type", at), Name: r.str(v, "name", at),
			ProviderConfigKey: r.str(v, "provider_config_key", at),
			Expressions:       r.member(v, "expressions", Object, at), Path: at.With(".expressions"),
		})
	})
	if calls := r.want(m.Get("module_calls"), Object, p.Child("module_calls")); calls != nil {
		mod.Calls = make(map[string]*ModuleCall, len(calls.Keys()))
		for i, name := range calls.Keys() {
			at := p.Child("module_calls").Key(name)
			c := r.want(calls.Elems[i], Object, at)
			if c == nil {
				continue
			}
			mod.Calls[name] = &ModuleCall{
				Expressions: r.want(c.Get("expressions"), Object, at.Child("expressions")),
				Module:      r.configModule(c.Get("module"), at.Child("module"), depth+1),
			}
		}
	}
	if outs := r.want(m.Get("outputs"), Object, p.Child("outputs")); outs != nil {
		mod.Outputs = make(map[string]*Value, len(outs.Keys()))
		for i, name := range outs.Keys() {
			at := p.Child("outputs").Key(name)
			if o := r.want(outs.Elems[i], Object, at); o != nil {
				mod.Outputs[name] = r.want(o.Get("expression"), Object, at.Child("expression"))
			}
		}
	}
	return mod
}

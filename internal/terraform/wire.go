package terraform

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// ErrWrongType matches a value of another JSON type than the format gives
// at that path.
var ErrWrongType = errors.New("wrong JSON type")

// ErrRequired matches a member the reader needs and the document lacks.
var ErrRequired = errors.New("required")

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
	Path field.Path
}

// Change is a resource_changes entry: ResourceChange with its Change.
type Change struct {
	// Address, ModuleAddress, Mode, Type and Name are address,
	// module_address, mode, type and name.
	Address, ModuleAddress, Mode, Type, Name string
	// Deposed is "deposed": a deposed object's key, "" for the current one.
	Deposed string
	// Actions is change.actions.
	Actions []string
	// Before, After and AfterUnknown are change.before, change.after and
	// change.after_unknown; nil when absent or null.
	Before, After, AfterUnknown *Value
	// Path is the JSON path of the entry.
	Path field.Path
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

	byKey map[string]*ConfigResource // "mode type name" to resource, built on first use
}

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
	Path field.Path
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
	seen map[string]bool // the addresses read in the current part

	dups     int        // duplicate addresses found
	firstDup field.Path // the place of the first duplicate not reported
}

// maxDupErrors bounds the duplicate-address errors reported one by one;
// the others are counted in one more error, so that hostile input cannot
// make the errors grow with the product of duplicates and path lengths.
const maxDupErrors = 100

// unique reports whether key is new in the current part, recording an
// error at p when it is not.
func (r *reader) unique(key string, p field.Path) bool {
	if r.seen[key] {
		r.dups++
		switch {
		case r.dups <= maxDupErrors:
			r.errs.Add(p, ErrDuplicateAddress)
		case r.dups == maxDupErrors+1:
			r.firstDup = p
		}
		return false
	}
	r.seen[key] = true
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

// str returns the string member key of obj ("" when absent or null).
func (r *reader) str(obj *Value, key string, p field.Path) string {
	v := r.want(obj.Get(key), String, p.Child(key))
	if v == nil {
		return ""
	}
	return v.Text
}

// each calls f for each element of the array member key of obj.
func (r *reader) each(obj *Value, key string, p field.Path, f func(*Value, field.Path)) {
	a := r.want(obj.Get(key), Array, p.Child(key))
	if a == nil {
		return
	}
	for i, e := range a.Elems {
		f(e, p.Child(key).Index(i))
	}
}

func (r *reader) plan(root *Value) *Plan {
	if r.want(root, Object, "") == nil {
		if root.IsNull() {
			r.errs.Add("", fmt.Errorf("%w: the document is null", ErrWrongType))
		}
		return nil
	}
	p := &Plan{FormatVersion: r.str(root, "format_version", "")}
	switch {
	case root.Get("format_version").IsNull():
		r.errs.Add("format_version", ErrRequired)
	case !strings.HasPrefix(p.FormatVersion, "0.") && !strings.HasPrefix(p.FormatVersion, "1.") || !versionDigits(p.FormatVersion):
		if root.Get("format_version").Kind == String {
			r.errs.Add("format_version", fmt.Errorf("%w %q: this reader knows 0.x and 1.x", ErrFormatVersion, p.FormatVersion))
		}
	}
	if pv := r.want(root.Get("planned_values"), Object, "planned_values"); pv != nil {
		r.seen = make(map[string]bool)
		p.Planned = r.module(pv.Get("root_module"), "planned_values.root_module", "", 0, nil)
	} else if root.Get("planned_values").IsNull() {
		r.errs.Add("planned_values", ErrRequired)
	}
	if ps := r.want(root.Get("prior_state"), Object, "prior_state"); ps != nil {
		if vals := r.want(ps.Get("values"), Object, "prior_state.values"); vals != nil {
			r.seen = make(map[string]bool)
			p.Prior = r.module(vals.Get("root_module"), "prior_state.values.root_module", "", 0, nil)
		}
	}
	r.seen = make(map[string]bool)
	r.each(root, "resource_changes", "", func(v *Value, at field.Path) {
		if c, ok := r.change(v, at); ok && r.unique(c.Address+" "+c.Deposed, at.Child("address")) {
			p.Changes = append(p.Changes, c)
		}
	})
	if cfg := r.want(root.Get("configuration"), Object, "configuration"); cfg != nil {
		p.Config = r.configModule(cfg.Get("root_module"), "configuration.root_module", 0)
		p.ProviderConfig = r.want(cfg.Get("provider_config"), Object, "configuration.provider_config")
	}
	if vars := r.want(root.Get("variables"), Object, "variables"); vars != nil {
		p.Variables = make(map[string]*Value, len(vars.Keys))
		for i, k := range vars.Keys {
			if v := r.want(vars.Vals[i], Object, field.Path("variables").Key(k)); v != nil {
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
	r.each(m, "resources", p, func(v *Value, at field.Path) {
		if r.want(v, Object, at) == nil {
			return
		}
		res := Resource{
			Address: r.str(v, "address", at), Mode: r.str(v, "mode", at), Type: r.str(v, "type", at), Name: r.str(v, "name", at),
			ModuleAddress: addr, Values: r.want(v.Get("values"), Object, at.Child("values")), Path: at.Child("values"),
		}
		r.index(v, at)
		if res.Address == "" {
			r.errs.Add(at.Child("address"), ErrRequired)
			return
		}
		if r.unique(res.Address, at.Child("address")) {
			out = append(out, res)
		}
	})
	r.each(m, "child_modules", p, func(v *Value, at field.Path) {
		child := r.str(v, "address", at)
		if child == "" && v.Kind == Object {
			r.errs.Add(at.Child("address"), ErrRequired)
			return
		}
		out = r.module(v, at, child, depth+1, out)
	})
	return out
}

// index checks that a resource's "index" is a number or a string.
func (r *reader) index(v *Value, at field.Path) {
	if i := v.Get("index"); !i.IsNull() && i.Kind != Number && i.Kind != String {
		r.errs.Add(at.Child("index"), fmt.Errorf("%w: %s, want number or string", ErrWrongType, i.Kind))
	}
}

func (r *reader) change(v *Value, at field.Path) (Change, bool) {
	if r.want(v, Object, at) == nil {
		return Change{}, false
	}
	c := Change{
		Address: r.str(v, "address", at), ModuleAddress: r.str(v, "module_address", at),
		Mode: r.str(v, "mode", at), Type: r.str(v, "type", at), Name: r.str(v, "name", at),
		Deposed: r.str(v, "deposed", at), Path: at,
	}
	r.index(v, at)
	if c.Address == "" {
		r.errs.Add(at.Child("address"), ErrRequired)
		return c, false
	}
	ch := r.want(v.Get("change"), Object, at.Child("change"))
	if ch == nil {
		r.errs.Add(at.Child("change"), ErrRequired)
		return c, false
	}
	cp := at.Child("change")
	r.each(ch, "actions", cp, func(a *Value, ap field.Path) {
		if s := r.want(a, String, ap); s != nil {
			c.Actions = append(c.Actions, s.Text)
		}
	})
	c.Before = r.want(ch.Get("before"), Object, cp.Child("before"))
	c.After = r.want(ch.Get("after"), Object, cp.Child("after"))
	c.AfterUnknown = r.want(ch.Get("after_unknown"), Object, cp.Child("after_unknown"))
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
	mod := &Module{Path: p}
	r.each(m, "resources", p, func(v *Value, at field.Path) {
		if r.want(v, Object, at) == nil {
			return
		}
		mod.Resources = append(mod.Resources, ConfigResource{
			Mode: r.str(v, "mode", at), Type: r.str(v, "type", at), Name: r.str(v, "name", at),
			ProviderConfigKey: r.str(v, "provider_config_key", at),
			Expressions:       r.want(v.Get("expressions"), Object, at.Child("expressions")), Path: at.Child("expressions"),
		})
	})
	if calls := r.want(m.Get("module_calls"), Object, p.Child("module_calls")); calls != nil {
		mod.Calls = make(map[string]*ModuleCall, len(calls.Keys))
		for i, name := range calls.Keys {
			at := p.Child("module_calls").Key(name)
			c := r.want(calls.Vals[i], Object, at)
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
		mod.Outputs = make(map[string]*Value, len(outs.Keys))
		for i, name := range outs.Keys {
			at := p.Child("outputs").Key(name)
			if o := r.want(outs.Vals[i], Object, at); o != nil {
				mod.Outputs[name] = r.want(o.Get("expression"), Object, at.Child("expression"))
			}
		}
	}
	return mod
}

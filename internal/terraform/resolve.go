package terraform

import (
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// Key is a string index in an attribute path or a reference
// (`b["x"]`), as opposed to an attribute name.
type Key string

// Step is one step of an attribute path: an attribute name (string), a list
// index (int) or a map key (Key).
type Step = any

// Res is a resource instance of the plan, with what the plan says of it.
type Res struct {
	// Resource is its entry in the plan: its address as Terraform prints
	// it (`module.net.alicloud_vswitch.b["x"]`), mode ("managed" or
	// "data"), type ("alicloud_vswitch") and name in the configuration,
	// and its planned values (prior values for a data source read before
	// the plan, the change's after for one read again, the change's
	// before for a forgotten object) with their JSON path. Held, not
	// copied: the plan's entry is the resource's.
	*Resource
	// Module is the address of its module instance ("" for the root).
	Module string
	// Change is its resource_changes entry; nil when there is none, and
	// for a forgotten object.
	Change *Change
	// Forgotten reports an object that the plan forgets (see
	// [Change.Forgets]): it stays in the cloud as it is, and Values are
	// its change's before.
	Forgotten bool

	cfg         *ConfigResource
	placeholder *Value // Str(Address), standing in for its ID, made on first need
}

// ProviderKey returns the key in configuration.provider_config of the
// provider configuration r uses: its configuration block's
// provider_config_key, or "alicloud" (the default configuration of the
// root module) when the plan does not say.
func (r *Res) ProviderKey() string {
	if r.cfg != nil && r.cfg.ProviderConfigKey != "" {
		return r.cfg.ProviderConfigKey
	}
	return "alicloud"
}

// Index holds a plan's resource instances by address, in document order.
type Index struct {
	plan   *Plan
	list   []*Res
	byAddr map[string]*Res
	// refs memoizes the principal reference of each configuration
	// expression of a module or of a block of several instances, parsed
	// once however many resource instances (count, for_each) or
	// attributes look it up (see reference).
	refs map[*Value]ref
	// modules memoizes configModule: configuration modules by module
	// instance address, each address parsed once.
	modules map[string]*Module
	buf     []byte // scratch for addresses looked up
	names   names  // the names of the references parsed, boxed
	// steps and values are blocks that the references parsed and the
	// placeholders take their storage from, a few allocations for a
	// plan's thousands (see slab).
	steps  []Step
	values []Value
}

// slabBlock is the most elements a slab allocates at once for several
// takers: its blocks start at 8 and double up to it, so that a small plan
// takes little.
const slabBlock = 128

// slab returns n elements from the free end of block, full length and
// capped (appending to them never writes into block), and block past them:
// a new block when block has no room for n, its own storage when n is more
// than slabBlock.
func slab[T any](block []T, n int) (taken, rest []T) {
	if n > cap(block)-len(block) {
		block = make([]T, 0, max(n, min(max(2*cap(block), 8), slabBlock)))
	}
	l := len(block)
	return block[l : l+n : l+n], block[:l+n]
}

// names holds names of steps boxed before, by nameSlot: a Step is an
// interface, which costs an allocation to hold a string, and a plan's
// references repeat their types, names and attributes ("id").
type names [64]Step

// step returns name as a Step: the one in n when it holds name, else a new
// one, kept there.
func (n *names) step(name string) Step {
	if n == nil || name == "" {
		return name
	}
	slot := &n[(uint(len(name))*7+uint(name[0])*3+uint(name[len(name)-1]))%uint(len(n))]
	if s, ok := (*slot).(string); ok && s == name {
		return *slot
	}
	*slot = name
	return *slot
}

// ref is a configuration expression's principal reference, parsed.
type ref struct {
	steps []Step // nil when the expression is not one reference the reader follows
}

// NewIndex indexes p: planned_values' resources, then prior_state's data
// sources that planned_values does not hold, each with its current
// resource_changes entry and its configuration block, then the objects the
// plan forgets (see [Change.Forgets]), with their change's before as
// values. A data source of prior_state whose change reads it again (action
// "read", deferred to apply) has the change's after as its values, never
// the stale prior ones. A forgotten object whose address planned_values
// holds too (the old object of a ["create","forget"] replacement) is listed
// but not found by Lookup, which finds the new one.
func NewIndex(p *Plan) *Index {
	n := len(p.Planned) + len(p.Prior)
	ix := &Index{plan: p, byAddr: make(map[string]*Res, n), refs: make(map[*Value]ref), modules: make(map[string]*Module)}
	changeAt := p.changeAt
	if changeAt == nil {
		changeAt = make(map[string]int32, len(p.Changes))
		for i := range p.Changes {
			if c := &p.Changes[i]; c.Deposed == "" {
				changeAt[c.Address] = int32(i)
			}
		}
	}
	change := func(addr string) *Change {
		if i, ok := changeAt[addr]; ok {
			return &p.Changes[i]
		}
		return nil
	}
	all := make([]Res, 0, n) // the resources' storage, one allocation
	add := func(r *Resource) {
		if ix.byAddr[r.Address] != nil {
			return
		}
		all = append(all, Res{Resource: r, Module: r.ModuleAddress, Change: change(r.Address)})
		res := &all[len(all)-1]
		if m := ix.configModule(r.ModuleAddress); m != nil {
			if m.byKey == nil {
				m.byKey = make(map[configKey]*ConfigResource, len(m.Resources))
				for i := range m.Resources {
					c := &m.Resources[i]
					k := configKey{c.Mode, c.Type, c.Name}
					if m.byKey[k] == nil {
						m.byKey[k] = c
					}
				}
			}
			if c := m.byKey[configKey{r.Mode, r.Type, r.Name}]; c != nil {
				if c.indexedBy != ix {
					c.indexedBy, c.instances = ix, 0
				}
				c.instances++
				res.cfg = c
			}
		}
		ix.list = append(ix.list, res)
		ix.byAddr[r.Address] = res
	}
	for i := range p.Planned {
		r := &p.Planned[i]
		if c := change(r.Address); c != nil && c.Forgets() && !c.Creates() {
			// Terraform 1.11 lists a forgotten object in planned_values
			// without values: its change's before says what stays.
			continue
		}
		add(r)
	}
	for i := range p.Prior {
		r := &p.Prior[i]
		if r.Mode != "data" {
			continue
		}
		if c := change(r.Address); c != nil && slices.Contains(c.Actions, "read") {
			// Read again during apply: the prior values are stale, the
			// change's after (with after_unknown) says what is known.
			again := *r
			again.Values, again.Path = c.After, c.Path.With(".change.after")
			r = &again
		}
		add(r)
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Deposed != "" || !c.Forgets() || c.Before == nil {
			continue
		}
		res := &Res{Resource: &Resource{Address: c.Address, ModuleAddress: c.ModuleAddress, Mode: c.Mode, Type: c.Type, Name: c.Name,
			Values: c.Before, Path: c.Path.With(".change.before")}, Module: c.ModuleAddress, Forgotten: true}
		ix.list = append(ix.list, res)
		if ix.byAddr[c.Address] == nil {
			ix.byAddr[c.Address] = res
		}
	}
	return ix
}

// Resources returns the indexed resources in document order.
func (ix *Index) Resources() []*Res { return ix.list }

// Lookup returns the resource at addr, or nil.
func (ix *Index) Lookup(addr string) *Res { return ix.byAddr[addr] }

// configModule returns the configuration of the module instance at addr
// (instance keys ignored), or nil.
func (ix *Index) configModule(addr string) *Module {
	if m, ok := ix.modules[addr]; ok {
		return m
	}
	m := ix.lookupModule(addr)
	ix.modules[addr] = m
	return m
}

// lookupModule finds the configuration of the module instance at addr.
func (ix *Index) lookupModule(addr string) *Module {
	m := ix.plan.Config
	for _, name := range moduleNames(addr) {
		if m == nil || m.Calls[name] == nil {
			return nil
		}
		m = m.Calls[name].Module
	}
	return m
}

// moduleNames returns the call names of a module instance address:
// `module.a[0].module.b` gives a, b.
func moduleNames(addr string) []string {
	steps, ok := parseTraversal(addr, nil)
	if !ok {
		return nil
	}
	var names []string
	for i := 0; i+1 < len(steps); i++ {
		if s, _ := steps[i].(string); s == "module" {
			if n, ok := steps[i+1].(string); ok {
				names = append(names, n)
				i++
			}
		}
	}
	return names
}

// Found is what the plan says of an attribute. Its place (Where) and JSON
// path (Path) are rendered only when asked for, so that reading a value
// costs no string.
type Found struct {
	// Value is the attribute's value when known (through references if
	// need be); nil when unknown or absent.
	Value *Value
	// Unknown reports a value known only after apply that no reference
	// resolves.
	Unknown bool
	// Placeholder reports that Value is the address of a resource whose
	// ID is known only after apply, standing in for that ID.
	Placeholder bool

	// inPlan reports that Value was found in res's values, whose JSON
	// path is res.Path; false for a placeholder, an unknown or an absent
	// value, which have none.
	inPlan bool
	n      uint8   // len(steps) in inl
	res    *Res    // the resource of the place (its Address)
	steps  *[]Step // the attribute's steps in it, when more than fit in inl
	inl    [3]Step // the steps, when they fit: the caller's slice is not kept
	where  string  // the place, when given rather than rendered from res and steps
}

// At returns a Found of the attribute at steps of the resource at addr,
// whose values lie at JSON path base (the zero Loc for none): a place to
// name in a problem.
func At(addr string, base Loc, steps ...Step) Found {
	f := foundAt(&Res{Resource: &Resource{Address: addr, Path: base}}, steps)
	f.inPlan = base != Loc{}
	return f
}

// foundAt returns a Found of the attribute at steps of r, with no value
// and no JSON path. A Found holds its resource rather than the address
// and the path of its values, so that it is small to return.
func foundAt(r *Res, steps []Step) Found {
	f := Found{res: r}
	f.setSteps(steps)
	return f
}

// foundIn is foundAt for a value v found in r's values (nil for none: a
// place of r's values to name in a problem).
func foundIn(r *Res, steps []Step, v *Value) Found {
	f := foundAt(r, steps)
	f.Value, f.inPlan = v, true
	return f
}

// setSteps keeps a copy of steps: short ones inline, so that reading an
// attribute costs no allocation.
func (f *Found) setSteps(steps []Step) {
	if len(steps) <= len(f.inl) {
		f.n = uint8(copy(f.inl[:], steps))
		f.steps = nil
		return
	}
	s := slices.Clone(steps)
	f.steps = &s
}

// path returns the attribute's steps.
func (f *Found) path() []Step {
	if f.steps != nil {
		return *f.steps
	}
	return f.inl[:f.n]
}

// Where names the place the value (or the unknown) was found: a resource
// address and attribute path
// ("alicloud_api_gateway_instance.gw.zone_vswitch_security_group[0].cidr_block").
func (f Found) Where() string {
	if f.where != "" || f.res == nil {
		return f.where
	}
	return f.res.Address + Format(f.path())
}

// WithWhere returns f naming the place where instead.
func (f Found) WithWhere(where string) Found {
	f.where = where
	return f
}

// Path is the JSON path of the value in the document; empty for a
// placeholder, an unknown or an absent value.
func (f Found) Path() field.Path {
	if !f.inPlan {
		return ""
	}
	p := f.res.Path.Path()
	for _, s := range f.path() {
		switch s := s.(type) {
		case string:
			p = p.Key(s)
		case Key:
			p = p.Key(string(s))
		case int:
			p = p.Index(s)
		}
	}
	return p
}

// maxResolve bounds the references followed for one attribute.
const maxResolve = 32

// Attr returns the attribute at path steps of r: its planned value when
// known. When after_unknown marks it, the configuration's expression for it
// is followed through resources, module outputs and module input variables:
// an ID known only after apply of a managed resource resolves to a
// placeholder, the address of its resource (a data source's stays
// unknown); otherwise the result is Unknown, Where naming the first
// resource attribute the reference reaches (or the attribute itself). A
// reference never resolves to a known value: Terraform would have known
// the referring value too, so the expression is not a bare reference.
func (ix *Index) Attr(r *Res, steps ...Step) Found {
	return ix.attr(r, steps, 0)
}

func (ix *Index) attr(r *Res, steps []Step, depth int) Found {
	if v := walk(r.Values, steps); !v.IsNull() {
		return foundIn(r, steps, v)
	}
	if !ix.Unknown(r, steps...) {
		return foundAt(r, steps)
	}
	if r.cfg != nil && depth < maxResolve {
		if e, rest := exprAt(r.cfg.Expressions, steps); e != nil {
			if f := ix.expr(r.Module, ix.configModule(r.Module), e, rest, depth+1, r.cfg.instances > 1); f.Placeholder || f.Unknown {
				return f
			}
		}
	}
	f := foundAt(r, steps)
	f.Unknown = true
	return f
}

// Len returns the number of elements of the list at steps of r, from the
// planned values or, when the list is known only after apply, from the
// configuration's blocks; false when it cannot be known.
func (ix *Index) Len(r *Res, steps ...Step) (int, bool) {
	if v := walk(r.Values, steps); v != nil && v.Kind == Array {
		return len(v.Elems), true
	}
	if !ix.Unknown(r, steps...) {
		return 0, true
	}
	if r.cfg != nil {
		if b := walk(r.cfg.Expressions, steps); b != nil && b.Kind == Array {
			return len(b.Elems), true
		}
	}
	return 0, false
}

// Configured reports whether r's configuration block gives an expression
// for the attribute at steps (a value known only after apply that it does
// not give is one the provider or the cloud computes); true when the plan
// holds no configuration block for r, which says nothing either way.
func (ix *Index) Configured(r *Res, steps ...Step) bool {
	if r.cfg == nil {
		return true
	}
	e, _ := exprAt(r.cfg.Expressions, steps)
	return e != nil
}

// Unknown reports whether the value at steps of r is known only after apply.
func (ix *Index) Unknown(r *Res, steps ...Step) bool {
	return r.Change != nil && unknownAt(r.Change.AfterUnknown, steps)
}

// expr resolves a configuration expression in module instance mod (whose
// configuration is cfg), then follows rest into its value; memo says
// whether to keep what e refers to (see reference).
func (ix *Index) expr(mod string, cfg *Module, e *Value, rest []Step, depth int, memo bool) Found {
	principal := ix.reference(e, memo)
	if principal == nil {
		return Found{}
	}
	steps := principal // shared, never modified
	if len(rest) > 0 {
		steps = slices.Concat(principal, rest)
	}
	root, _ := steps[0].(string)
	switch root {
	case "var":
		name, _ := steps[1].(string)
		if mod == "" {
			return Found{} // root variables are known when planning
		}
		parent, call := splitModule(mod)
		pcfg := ix.configModule(parent)
		if pcfg == nil || pcfg.Calls[call] == nil {
			return Found{}
		}
		in := pcfg.Calls[call].Expressions.Get(name)
		if in == nil || depth >= maxResolve {
			return Found{}
		}
		return ix.expr(parent, pcfg, in, steps[2:], depth+1, true)
	case "module":
		name, _ := steps[1].(string)
		child, i := mod, 2
		child = joinAddr(child, "module."+name)
		if i < len(steps) {
			if k := indexText(steps[i]); k != "" {
				child += k
				i++
			}
		}
		if i >= len(steps) || cfg == nil || cfg.Calls[name] == nil || cfg.Calls[name].Module == nil || depth >= maxResolve {
			return Found{}
		}
		out, _ := steps[i].(string)
		oe := cfg.Calls[name].Module.Outputs[out]
		if oe == nil {
			return Found{}
		}
		return ix.expr(child, cfg.Calls[name].Module, oe, steps[i+1:], depth+1, true)
	case "local", "count", "each", "self", "path", "terraform":
		return Found{}
	}
	i := 0
	addr := ""
	if root == "data" {
		addr, i = "data.", 1
	}
	if len(steps) < i+2 {
		return Found{}
	}
	typ, _ := steps[i].(string)
	name, _ := steps[i+1].(string)
	// The address, in a scratch buffer: looking it up costs no string.
	b := ix.buf[:0]
	if mod != "" {
		b = append(append(b, mod...), '.')
	}
	b = append(append(append(append(b, addr...), typ...), '.'), name...)
	i += 2
	if i < len(steps) {
		if k, ok := appendIndex(b, steps[i]); ok {
			b = k
			i++
		}
	}
	ix.buf = b
	r := ix.byAddr[string(b)]
	if r == nil {
		return Found{}
	}
	attr := steps[i:]
	f := ix.attr(r, attr, depth)
	switch {
	case f.Placeholder:
		return f
	case f.Unknown && len(attr) == 1 && attr[0] == "id" && r.Mode != "data":
		// Only a resource the plan creates has an ID that no other
		// value can equal; a data source's ID, read during apply, is
		// whatever it finds, so it stays unknown.
		if r.placeholder == nil {
			var v []Value
			v, ix.values = slab(ix.values, 1)
			v[0] = Value{Kind: String, Text: r.Address}
			r.placeholder = &v[0]
		}
		f := foundAt(r, idStep)
		f.Value, f.Placeholder = r.placeholder, true
		return f
	case f.Unknown:
		f := foundAt(r, attr)
		f.Unknown = true
		return f
	}
	// A known value: Terraform would have known the referring value too,
	// so the expression is not a bare reference (a function call, a
	// template); it resolves nothing.
	return Found{}
}

// idStep is the steps of a resource's ID.
var idStep = []Step{"id"}

// maxSteps bounds the steps of a reference the reader follows: longer
// references are not resolved (what they would give stays unknown), so that
// a hostile reference costs no more than this to parse.
// It admits the address of a module nested maxModuleDepth deep, each
// level with an instance key (module.a["k"]: three steps).
const maxSteps = 3*maxModuleDepth + 64

// reference returns the steps of the one thing expression e refers to, or
// nil when e is a constant, refers to several things or to nothing the
// reader follows. With memo, e is parsed once per Index: what the
// expressions of a module, or of a resource block that count or for_each
// makes several instances of, refer to is looked up for every instance.
// The expressions of a block of one instance are looked up a few times
// at most (the reader reads an attribute at a few places): they are
// parsed each time rather than kept, and looked up in no memo.
func (ix *Index) reference(e *Value, memo bool) []Step {
	if !memo {
		steps, ok := principalRef(e, &ix.names, &ix.steps)
		if !ok || len(steps) < 2 {
			return nil
		}
		return steps
	}
	if r, ok := ix.refs[e]; ok {
		return r.steps
	}
	var r ref
	if steps, ok := principalRef(e, &ix.names, &ix.steps); ok && len(steps) >= 2 {
		r.steps = steps
	}
	ix.refs[e] = r
	return r.steps
}

// principalRef parses the first reference of expression e, when every
// other reference is a prefix of it (`a.b.c`, then `a.b` and `a`); its
// steps are taken from *block (see slab).
func principalRef(e *Value, names *names, block *[]Step) ([]Step, bool) {
	if e.Get("constant_value") != nil {
		return nil, false
	}
	refs := e.Get("references")
	if refs == nil || refs.Kind != Array || len(refs.Elems) == 0 || len(refs.Elems) > maxSteps+1 {
		return nil, false
	}
	principal := refs.Elems[0]
	if principal.Kind != String {
		return nil, false
	}
	for _, o := range refs.Elems[1:] {
		if o.Kind != String || !prefixOf(o.Text, principal.Text) {
			return nil, false // several things referred to: not one value
		}
	}
	return parseTraversalIn(principal.Text, names, block)
}

// prefixOf reports whether p is s or a prefix of s ending at a traversal
// step.
func prefixOf(p, s string) bool {
	return p == s || strings.HasPrefix(s, p) && (s[len(p)] == '.' || s[len(p)] == '[')
}

// joinAddr returns addr within module instance mod.
func joinAddr(mod, addr string) string {
	if mod == "" {
		return addr
	}
	return mod + "." + addr
}

// splitModule splits a module instance address into its parent's and its
// call's name: `module.a[0].module.b["x"]` gives `module.a[0]`, b.
func splitModule(mod string) (parent, call string) {
	i := strings.LastIndex(mod, "module.")
	if i < 0 {
		return "", ""
	}
	parent = strings.TrimSuffix(mod[:i], ".")
	call = mod[i+len("module."):]
	if j := strings.IndexByte(call, '['); j >= 0 {
		call = call[:j]
	}
	return parent, call
}

// appendIndex appends an index step as Terraform prints it in an address
// (`[0]`, `["x"]`) to b; false when s is an attribute name.
func appendIndex(b []byte, s Step) ([]byte, bool) {
	switch s := s.(type) {
	case int:
		return append(strconv.AppendInt(append(b, '['), int64(s), 10), ']'), true
	case Key:
		return append(strconv.AppendQuote(append(b, '['), string(s)), ']'), true
	}
	return b, false
}

// indexText returns an index step as Terraform prints it in an address
// (`[0]`, `["x"]`), or "" when s is an attribute name.
func indexText(s Step) string {
	switch s := s.(type) {
	case int:
		return "[" + strconv.Itoa(s) + "]"
	case Key:
		return "[" + strconv.Quote(string(s)) + "]"
	}
	return ""
}

// Format returns steps as the tail of an attribute address:
// ".zone_vswitch_security_group[0].cidr_block".
func Format(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		if t := indexText(s); t != "" {
			b.WriteString(t)
		} else {
			b.WriteByte('.')
			b.WriteString(s.(string))
		}
	}
	return b.String()
}

// walk follows steps from v; nil when a step finds nothing.
func walk(v *Value, steps []Step) *Value {
	for _, s := range steps {
		if v == nil {
			return nil
		}
		v = step(v, s)
	}
	return v
}

// step follows one step from v (not nil); nil when it finds nothing.
func step(v *Value, s Step) *Value {
	switch s := s.(type) {
	case string:
		return v.Get(s)
	case Key:
		return v.Get(string(s))
	case int:
		if v.Kind != Array || s < 0 || s >= len(v.Elems) {
			return nil
		}
		return v.Elems[s]
	}
	return v
}

// unknownAt reports whether after_unknown marks the value at steps (or a
// value holding it) as unknown.
func unknownAt(u *Value, steps []Step) bool {
	for _, s := range steps {
		if u == nil {
			return false
		}
		if u.Kind == Bool {
			return u.True
		}
		u = step(u, s)
	}
	return u != nil && u.Kind == Bool && u.True
}

// exprAt finds the configuration expression for the attribute at steps:
// it descends through nested blocks (arrays or objects of expression maps)
// and returns the expression and the steps left to follow in its value.
// It returns nil, nil when steps end on a block.
func exprAt(exprs *Value, steps []Step) (*Value, []Step) {
	node := exprs
	for i := 0; i < len(steps); i++ {
		if node == nil {
			return nil, steps[i:]
		}
		if isExpr(node) && i > 0 {
			return node, steps[i:]
		}
		node = step(node, steps[i])
	}
	if isExpr(node) {
		return node, nil
	}
	return nil, nil
}

// isExpr reports whether v is an expression object rather than a block.
func isExpr(v *Value) bool {
	if v == nil || v.Kind != Object {
		return false
	}
	if len(v.Keys()) == 0 {
		return true
	}
	for _, k := range v.Keys() {
		if k != "constant_value" && k != "references" {
			return false
		}
	}
	return true
}

// parseTraversal splits a reference or address such as
// `module.a[0].alicloud_vswitch.b["x"].cidr_block` into steps: names,
// int indexes and Key indexes. More than maxSteps steps is not a
// traversal the reader follows: it stops there. Names are boxed by names
// (nil: each its own).
func parseTraversal(s string, names *names) ([]Step, bool) {
	return parseTraversalIn(s, names, nil)
}

// parseTraversalIn is parseTraversal with the steps taken from *block
// (see slab) when block is not nil: a traversal the reader does not follow
// leaves *block as it was.
func parseTraversalIn(s string, names *names, block *[]Step) ([]Step, bool) {
	n := min(strings.Count(s, ".")+strings.Count(s, "[")+1, maxSteps+1)
	var steps, rest []Step
	if block != nil {
		steps, rest = slab(*block, n)
		steps = steps[:0]
	} else {
		steps = make([]Step, 0, n)
	}
	steps, ok := traverse(s, names, steps)
	if ok && block != nil && len(steps) <= n {
		// Within n, the steps are the block's (beyond, append copied).
		*block = rest[:len(rest)-n+len(steps)]
	}
	return steps, ok
}

// traverse appends the steps of s to steps (see parseTraversal).
func traverse(s string, names *names, steps []Step) ([]Step, bool) {
	for i := 0; i < len(s); {
		if len(steps) > maxSteps {
			return nil, false
		}
		switch s[i] {
		case '.':
			if i == 0 {
				return nil, false
			}
			i++
		case '[':
			j := i + 1
			if j < len(s) && s[j] == '"' {
				k := j + 1
				for k < len(s) && s[k] != '"' {
					if s[k] == '\\' {
						k++
					}
					k++
				}
				if k >= len(s) || k+1 >= len(s) || s[k+1] != ']' {
					return nil, false
				}
				u, err := strconv.Unquote(s[j : k+1])
				if err != nil {
					return nil, false
				}
				steps = append(steps, Key(u))
				i = k + 2
				continue
			}
			k := strings.IndexByte(s[j:], ']')
			if k < 0 {
				return nil, false
			}
			n, err := strconv.Atoi(s[j : j+k])
			if err != nil || n < 0 {
				return nil, false
			}
			steps = append(steps, n)
			i = j + k + 1
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			steps = append(steps, names.step(s[i:j]))
			i = j
		}
	}
	return steps, len(steps) > 0
}

// ProviderValue returns the value of attribute attr of the provider
// configuration at key of configuration.provider_config ("alicloud",
// "alicloud.hz", "module.net:alicloud"): a constant, or an input variable's
// value, followed from a module's variable through its module calls to a
// constant or a root variable's value; where names the place the value was
// found ("provider.alicloud.region", "module.net.provider.alicloud.region",
// "var.region", "module.net.var.region"). ok is false when the
// configuration does not give a value the reader can know (no such
// configuration or attribute, an environment variable, an expression, a
// variable whose value is unknown): where then names the attribute.
func (ix *Index) ProviderValue(key, attr string) (v *Value, where string, ok bool) {
	mod, name, found := strings.Cut(key, ":")
	if !found {
		mod, name = "", key
	}
	where = "provider." + name + "." + attr
	if mod != "" {
		where = mod + "." + where
	}
	pc := ix.plan.ProviderConfig.Get(key)
	if pc == nil {
		return nil, where, false
	}
	if m := pc.Get("module_address"); m != nil && m.Kind == String {
		mod = m.Text
	}
	e := pc.Get("expressions").Get(attr)
	for depth := 0; depth <= maxModuleDepth; depth++ {
		if c := e.Get("constant_value"); !c.IsNull() {
			return c, where, true
		}
		refs := e.Get("references")
		if refs == nil || refs.Kind != Array || len(refs.Elems) != 1 || refs.Elems[0].Kind != String {
			return nil, where, false
		}
		name, found := strings.CutPrefix(refs.Elems[0].Text, "var.")
		if !found || strings.ContainsAny(name, ".[") {
			return nil, where, false
		}
		where = joinAddr(mod, "var."+name)
		if mod == "" {
			v = ix.plan.Variables[name]
			return v, where, !v.IsNull()
		}
		// A module's variable is its call's expression, in the parent.
		names := moduleNames(mod)
		if len(names) == 0 {
			return nil, where, false
		}
		parent := ix.plan.Config
		for _, n := range names[:len(names)-1] {
			if parent == nil || parent.Calls[n] == nil {
				return nil, where, false
			}
			parent = parent.Calls[n].Module
		}
		call := names[len(names)-1]
		if parent == nil || parent.Calls[call] == nil {
			return nil, where, false
		}
		e = parent.Calls[call].Expressions.Get(name)
		mod, _ = splitModule(mod)
	}
	return nil, where, false
}

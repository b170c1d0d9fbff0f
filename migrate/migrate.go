package migrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

// Sentinel errors of group-level and reference findings, matched with
// [errors.Is] on a [Finding]'s Err or on [Report.Err].
var (
	// ErrMissingAuthorization matches a reference to an authorization
	// name that is not among the authorizations given.
	ErrMissingAuthorization = errors.New("VPC access authorization not found")
	// ErrDuplicateAuthorization matches an authorization name given twice:
	// which one the group means cannot be known.
	ErrDuplicateAuthorization = errors.New("VPC access authorization name given more than once")
	// ErrRegion matches a group and a target instance in different regions.
	ErrRegion = errors.New("group and target instance are in different regions")
	// ErrWrongSource matches a source instance that is not the group's.
	ErrWrongSource = errors.New("source instance is not the group's instance")
	// ErrDataWorks matches a group that serves DataWorks moving to an
	// instance without DataWorks integration: only conventional dedicated
	// instances have it, so its DataWorks APIs would stop working.
	ErrDataWorks = errors.New("DataWorks integration needs a conventional dedicated instance")
)

// API is an API of a group. The zero value is an API without a VPC backend.
//
// An API reaches its backend in one of three ways: through a VPC access
// authorization (VPCAccess), by calling an address directly
// (ServiceAddress: what a VPC integration instance is for), or through a
// service-discovery registry (Discovery). An API that sets none of them
// has a backend that is not in a VPC.
type API struct {
	// ID is the API's ID.
	ID string `json:"id"`
	// Name is the API's name, for messages.
	Name string `json:"name"`
	// VPCAccess is the name of the VPC access authorization of the API's
	// backend; empty when the backend is not in a VPC.
	VPCAccess string `json:"vpcAccess,omitempty"`
	// ServiceAddress is the backend the API calls directly, as the cloud's
	// ServiceConfig.ServiceAddress gives it: in JSON a URL such as
	// "http://10.0.1.5:8080", or host:port, read by [authz.ParseEndpoint].
	// The zero Endpoint is none.
	ServiceAddress authz.Endpoint `json:"serviceAddress,omitzero"`
	// Discovery names the service-discovery registry of the API's backend
	// as the cloud names it ("NACOS", "ZOOKEEPER", ...); its members are
	// not known before the call.
	Discovery string `json:"discovery,omitempty"`
}

// Plugin is a plug-in bound to a group's APIs. The zero value uses no
// authorization.
type Plugin struct {
	// ID is the plug-in's ID.
	ID string `json:"id"`
	// Name is the plug-in's name, for messages.
	Name string `json:"name"`
	// Type is the plug-in's type, such as "routing" or "jwtAuth"; it does
	// not change the check.
	Type string `json:"type,omitempty"`
	// VPCAccess holds the names of the VPC access authorizations the
	// plug-in uses; empty names are ignored.
	VPCAccess []string `json:"vpcAccess,omitempty"`
	// ServiceAddresses holds the addresses the plug-in's routes send to
	// directly (a routing plug-in's backend addresses), each as
	// [API.ServiceAddress] is written; zero ones are ignored.
	ServiceAddresses []authz.Endpoint `json:"serviceAddresses,omitempty"`
}

// Group is an API group and what of it a move concerns. The zero value is
// an empty group on no instance.
type Group struct {
	// ID is the group's ID.
	ID string `json:"id"`
	// Name is the group's name, for messages.
	Name string `json:"name"`
	// RegionID is the group's region; the target instance must be in it.
	RegionID string `json:"regionId"`
	// InstanceID is the instance the group is on now: the move's source.
	InstanceID string `json:"instanceId"`
	// APIs holds the group's APIs.
	APIs []API `json:"apis,omitempty"`
	// Plugins holds the plug-ins bound to the group's APIs.
	Plugins []Plugin `json:"plugins,omitempty"`
	// DataWorks reports whether the group serves DataWorks; such a group
	// can move only to a conventional dedicated instance.
	DataWorks bool `json:"dataWorks,omitempty"`
}

// Subject is what a finding or warning is about: an API, a plug-in, or the
// group itself (Kind "api", "plugin" or "group").
type Subject struct {
	// Kind is "api", "plugin" or "group".
	Kind string `json:"kind"`
	// ID is the API's, plug-in's or group's ID.
	ID string `json:"id"`
	// Name is its name, when known.
	Name string `json:"name,omitempty"`
}

// String returns, for example, `api "GetOrder" (api-1)`.
func (s Subject) String() string {
	if s.Name == "" {
		return s.Kind + " " + s.ID
	}
	return s.Kind + " " + strconv.Quote(s.Name) + " (" + s.ID + ")"
}

// Finding is one failure: a subject, the authorization or direct backend
// concerned (both empty for some group-level findings) and the error, which
// matches its sentinel.
type Finding struct {
	// Subject is what fails: a reference's API or plug-in, or the group.
	Subject Subject `json:"subject"`
	// Authorization is the name of the authorization concerned; empty for
	// group-level findings that concern none.
	Authorization string `json:"authorization,omitempty"`
	// Backend is the direct backend concerned, as the API or plug-in
	// wrote its address (or the registry of a service-discovery backend);
	// empty when the finding concerns an authorization or the group.
	Backend string `json:"backend,omitempty"`
	// Err is the failure; it matches its sentinel with errors.Is (a
	// sentinel of this package, of authz or of instance).
	Err error `json:"-"`
}

// String returns the subject, the authorization and the error.
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Subject.String())
	if f.Authorization != "" {
		b.WriteString(", authorization ")
		b.WriteString(strconv.Quote(f.Authorization))
	}
	if f.Backend != "" {
		b.WriteString(", backend ")
		b.WriteString(strconv.Quote(f.Backend))
	}
	b.WriteString(": ")
	if f.Err != nil {
		b.WriteString(f.Err.Error())
	}
	return b.String()
}

// MarshalJSON encodes the finding with its error as a message:
// {"subject": ..., "authorization": ..., "backend": ..., "error": "..."}.
func (f Finding) MarshalJSON() ([]byte, error) {
	msg := ""
	if f.Err != nil {
		msg = f.Err.Error()
	}
	return json.Marshal(struct {
		Subject       Subject `json:"subject"`
		Authorization string  `json:"authorization,omitempty"`
		Backend       string  `json:"backend,omitempty"`
		Error         string  `json:"error"`
	}{f.Subject, f.Authorization, f.Backend, msg})
}

// WarningCode says what a [Warning] is about.
type WarningCode string

// The warnings.
const (
	// WarnEgressChange (once per report): the address backends see requests
	// from changes with the move; allow-lists must admit the new one first.
	WarnEgressChange WarningCode = "egress-change"
	// WarnUnverified (once per authorization or direct backend): the
	// authorization names no IP address, a direct backend names a host
	// (resolved only when the call is made), or a service-discovery
	// backend's members are not known, so reachability was not checked.
	WarnUnverified WarningCode = "unverified"
	// WarnPrivateAddress (once per direct backend): a private address that
	// a serverless or conventional dedicated instance cannot call
	// directly, and that no VPC access authorization covers; those
	// instances reach a VPC only through authorizations.
	WarnPrivateAddress WarningCode = "private-address"
	// WarnSecurityGroup (once per authorization): the backend's known
	// security group is none of the target instance's.
	WarnSecurityGroup WarningCode = "security-group"
	// WarnDataWorks is no longer produced: a group that serves DataWorks
	// moving to an instance without DataWorks integration is a failure,
	// [ErrDataWorks], since its DataWorks APIs would stop working.
	//
	// Deprecated: match [ErrDataWorks] on the report's failures instead.
	WarnDataWorks WarningCode = "dataworks"
)

// Warning is something to act on that does not stop the move.
type Warning struct {
	// Code says what the warning is about.
	Code WarningCode `json:"code"`
	// Subject is the group, or the API or plug-in whose reference first
	// met the authorization concerned.
	Subject Subject `json:"subject"`
	// Authorization is the name of the authorization concerned; empty for
	// warnings about the whole move or a direct backend.
	Authorization string `json:"authorization,omitempty"`
	// Backend is the direct backend concerned, as written; empty for
	// warnings about an authorization or the whole move.
	Backend string `json:"backend,omitempty"`
	// Message says what to do, in a sentence.
	Message string `json:"message"`
}

// Report is the outcome of checking a move. The zero value is an empty
// report that is OK.
type Report struct {
	// Group is the group's ID.
	Group string `json:"group"`
	// From is the source instance's ID.
	From string `json:"from"`
	// To is the target instance's ID.
	To string `json:"to"`
	// Checked counts the references examined: one per API with a VPC
	// access authorization, a direct backend or a service-discovery
	// backend, and one per authorization name or address a plug-in uses.
	Checked int `json:"checked"`
	// Failures holds what stops the move: group-level findings first, then
	// one per failing reference in input order.
	Failures []Finding `json:"failures"`
	// Warnings holds what to act on that does not stop the move.
	Warnings []Warning `json:"warnings"`
}

// OK reports whether the move has no failure. Warnings do not count.
func (r Report) OK() bool { return len(r.Failures) == 0 }

// Err returns nil when the report is OK, and otherwise every failure
// joined, each prefixed with its subject and authorization, so that
// errors.Is(r.Err(), authz.ErrVPCMismatch) and errors.As work.
func (r Report) Err() error {
	if r.OK() {
		return nil
	}
	errs := make([]error, len(r.Failures))
	for i, f := range r.Failures {
		prefix := f.Subject.String()
		if f.Authorization != "" {
			prefix += ", authorization " + strconv.Quote(f.Authorization)
		}
		if f.Backend != "" {
			prefix += ", backend " + strconv.Quote(f.Backend)
		}
		errs[i] = fmt.Errorf("%s: %w", prefix, f.Err)
	}
	return errors.Join(errs...)
}

// authState is what Check learns of one authorization, once.
type authState struct {
	checked  bool
	failure  error // nil when it passes
	warnedUV bool  // WarnUnverified given
	warnedSG bool  // WarnSecurityGroup given
	dup      bool  // its name is given more than once
}

// Check validates the move of group g from instance from to instance to,
// given the VPC access authorizations auths, and reports every failure and
// warning. See the package documentation for the rules; in short:
//
// Failures, group-level first (Subject{Kind: "group", ID: g.ID}), then one
// per reference in input order (APIs, then plug-ins):
//   - from is not g's instance ([ErrWrongSource]);
//   - the target has no ID ([instance.ErrRequired]) or no valid kind
//     ([instance.ErrInvalidKind]): such a target takes nothing. With an
//     invalid kind the authorizations cannot be judged and are not checked
//     (references are still counted, and missing names still reported);
//   - g and to are in different regions ([ErrRegion]);
//   - g serves DataWorks and to is not a conventional dedicated instance
//     ([ErrDataWorks]);
//   - an authorization name given twice in auths
//     ([ErrDuplicateAuthorization]), once per name;
//   - a reference to a name not in auths ([ErrMissingAuthorization]);
//   - a reference whose authorization fails [authz.Checker.Check] against
//     to ([authz.ErrVPCMismatch], [authz.ErrUnreachable], an invalid
//     authorization), except [authz.ErrUnknownAddr], which is a warning;
//   - a direct backend whose address [authz.ParseEndpoint] rejects
//     ([authz.ErrInvalidEndpoint]), or, on a VPC integration instance, a
//     direct backend at an address in private space or inside the
//     accessible blocks that lies outside them ([authz.ErrUnreachable],
//     from [authz.Checker.CheckEndpoint]); a public address is not a VPC
//     backend and is not checked;
//   - a service-discovery backend on a conventional dedicated instance
//     ([authz.ErrDynamicBackend]: the document says dynamic configuration
//     is not supported there).
//
// Warnings: [WarnEgressChange] once per report (not for a target of no
// valid kind), then [WarnUnverified], [WarnSecurityGroup] and
// [WarnPrivateAddress] once per authorization or direct backend, in the
// order of first reference: an authorization without an address, a
// direct backend that names a host, and a service-discovery backend on a
// VPC integration or serverless instance are unverified; a private address
// on a serverless or conventional dedicated instance that no
// authorization's address and port cover warns private-address.
//
// Check modifies none of its inputs. It costs O(len(auths) + references),
// with allocations that grow with the authorizations and the findings, not
// with the references.
func Check(g Group, from, to instance.Instance, auths []authz.Authorization) Report {
	r := Report{Group: g.ID, From: from.ID, To: to.ID}
	group := Subject{Kind: "group", ID: g.ID, Name: g.Name}
	fail := func(s Subject, auth string, err error) {
		r.Failures = append(r.Failures, Finding{Subject: s, Authorization: auth, Err: err})
	}
	warn := func(code WarningCode, s Subject, auth, msg string) {
		r.Warnings = append(r.Warnings, Warning{Code: code, Subject: s, Authorization: auth, Message: msg})
	}

	if g.InstanceID != from.ID {
		fail(group, "", fmt.Errorf("%w: group %q is on instance %q, not %q", ErrWrongSource, g.ID, g.InstanceID, from.ID))
	}
	if to.ID == "" {
		fail(group, "", fmt.Errorf("target instance ID: %w", instance.ErrRequired))
	}
	targetValid := to.Kind.Valid()
	if !targetValid {
		fail(group, "", fmt.Errorf("target instance %q: %w (%d)", to.ID, instance.ErrInvalidKind, uint8(to.Kind)))
	}
	if g.RegionID != to.RegionID {
		fail(group, "", fmt.Errorf("%w: group %q is in %q, instance %q in %q", ErrRegion, g.ID, g.RegionID, to.ID, to.RegionID))
	}
	if g.DataWorks && targetValid && !to.Kind.Capabilities().DataWorks {
		fail(group, "", fmt.Errorf("%w: group %q serves DataWorks and instance %q is a %s instance; its DataWorks APIs would stop working", ErrDataWorks, g.ID, to.ID, to.Kind))
	}
	index := make(map[string]int, len(auths))
	state := make([]authState, len(auths))
	for i, a := range auths {
		if first, dup := index[a.Name]; dup {
			if !state[first].dup {
				fail(group, a.Name, field.Duplicate(ErrDuplicateAuthorization, fmt.Sprintf("authorization %q", a.Name), string(field.Path("auths").Index(first))))
			}
			state[first].dup = true
			continue
		}
		index[a.Name] = i
	}

	if from.ID != to.ID && targetValid {
		warn(WarnEgressChange, group, "", egressMessage(from, to))
	}

	checker := authz.NewChecker(to)
	groups := securityGroups(to)
	ref := func(s Subject, name string) {
		r.Checked++
		i, ok := index[name]
		if !ok {
			fail(s, name, fmt.Errorf("%w: no authorization named %q", ErrMissingAuthorization, name))
			return
		}
		st := &state[i]
		if st.dup || !targetValid {
			return // reported once for the group
		}
		a := &auths[i]
		if !st.checked {
			st.checked = true
			err := checker.Check(*a)
			st.failure = withoutUnknownAddr(err)
			if errors.Is(err, authz.ErrUnknownAddr) {
				st.warnedUV = true
				warn(WarnUnverified, s, name, fmt.Sprintf("authorization %q names %q and no IP address, so whether instance %q can reach it was not checked; set its address to check it", name, a.InstanceID, to.ID))
			}
			if a.SecurityGroupID != "" && len(groups) > 0 && !slices.Contains(groups, a.SecurityGroupID) {
				st.warnedSG = true
				warn(WarnSecurityGroup, s, name, fmt.Sprintf("the backend of authorization %q is in security group %q, which is none of instance %q's (%s); the document asks for the same security group", name, a.SecurityGroupID, to.ID, strings.Join(groups, ", ")))
			}
		}
		if st.failure != nil {
			fail(s, name, st.failure)
		}
	}
	d := direct{r: &r, to: to, checker: checker, auths: auths, valid: targetValid, seen: map[authz.Endpoint]*endpointState{}, regs: map[string]*endpointState{}}
	for _, api := range g.APIs {
		s := Subject{Kind: "api", ID: api.ID, Name: api.Name}
		if api.VPCAccess != "" {
			ref(s, api.VPCAccess)
		}
		if api.ServiceAddress != (authz.Endpoint{}) {
			d.endpoint(s, api.ServiceAddress)
		}
		if api.Discovery != "" {
			d.discovery(s, api.Discovery)
		}
	}
	for _, p := range g.Plugins {
		s := Subject{Kind: "plugin", ID: p.ID, Name: p.Name}
		for _, name := range p.VPCAccess {
			if name != "" {
				ref(s, name)
			}
		}
		for _, e := range p.ServiceAddresses {
			if e != (authz.Endpoint{}) {
				d.endpoint(s, e)
			}
		}
	}
	return r
}

// direct checks the direct and service-discovery backends of one move,
// each distinct address once.
type direct struct {
	r       *Report
	to      instance.Instance
	checker *authz.Checker
	auths   []authz.Authorization
	valid   bool // the target has a valid kind
	seen    map[authz.Endpoint]*endpointState
	regs    map[string]*endpointState // service-discovery registries
	covered map[netip.AddrPort]bool   // the authorizations' known addresses and ports, once built
}

type endpointState struct {
	failure error
	name    string // the backend as its first reference wrote it, for failures
}

func (d *direct) fail(s Subject, backend string, err error) {
	d.r.Failures = append(d.r.Failures, Finding{Subject: s, Backend: backend, Err: err})
}

func (d *direct) warn(code WarningCode, s Subject, backend, msg string) {
	d.r.Warnings = append(d.r.Warnings, Warning{Code: code, Subject: s, Backend: backend, Message: msg})
}

// endpoint checks a reference to the direct backend e: once per address
// and port (http and https to one address are one flow), so that a
// reference costs a map lookup and no allocation.
func (d *direct) endpoint(s Subject, e authz.Endpoint) {
	d.r.Checked++
	key := e
	key.Scheme = ""
	st, ok := d.seen[key]
	if !ok {
		st = &endpointState{}
		d.seen[key] = st
		st.failure = d.first(s, e)
		if st.failure != nil {
			st.name = e.String()
		}
	}
	if st.failure != nil {
		d.fail(s, st.name, st.failure)
	}
}

// first checks e the first time a reference names it, gives its
// warnings, and returns the failure every reference to it shares.
func (d *direct) first(s Subject, e authz.Endpoint) error {
	addr := e.String()
	if !e.IsValid() {
		return fmt.Errorf("%w: %+v", authz.ErrInvalidEndpoint, e)
	}
	if !d.valid {
		return nil // reported once for the group
	}
	private := e.Addr.IsValid() && e.Addr.IsPrivate()
	if e.Host != "" && d.to.Kind != instance.VPCIntegration {
		d.warn(WarnUnverified, s, addr, fmt.Sprintf("backend %s names host %q, which is resolved only when the call is made, so whether %s instance %q can reach it was not checked; a private address needs a VPC access authorization there", e, e.Host, d.to.Kind, d.to.ID))
		return nil
	}
	if d.to.Kind != instance.VPCIntegration {
		if private && !d.isCovered(e) {
			d.warn(WarnPrivateAddress, s, addr, fmt.Sprintf("backend %s is a private address, which a %s instance such as %q reaches only through a VPC access authorization, and none names %s; call it through an authorization, or move the group to a VPC integration instance", e, d.to.Kind, d.to.ID, netip.AddrPortFrom(e.Addr, e.Port)))
		}
		return nil
	}
	if e.Addr.IsValid() && !private && !d.checker.Accessible(e.Addr) {
		return nil // a public address: not a VPC backend
	}
	err := d.checker.CheckEndpoint(e)
	if errors.Is(err, authz.ErrUnknownAddr) {
		d.warn(WarnUnverified, s, addr, fmt.Sprintf("backend %s names host %q, which is resolved only when the call is made, so whether instance %q can reach it was not checked; if it resolves to an address in the VPC, that address must lie in the accessible blocks", e, e.Host, d.to.ID))
		return nil
	}
	return err
}

// isCovered reports whether an authorization's known address and port are
// e's.
func (d *direct) isCovered(e authz.Endpoint) bool {
	if d.covered == nil {
		d.covered = map[netip.AddrPort]bool{}
		for _, a := range d.auths {
			if ip, ok := a.Address(); ok {
				d.covered[netip.AddrPortFrom(ip, a.Port)] = true
			}
		}
	}
	return d.covered[netip.AddrPortFrom(e.Addr, e.Port)]
}

// discovery checks a reference to a service-discovery backend of the
// registry kind reg.
func (d *direct) discovery(s Subject, reg string) {
	d.r.Checked++
	if st, ok := d.regs[reg]; ok {
		if st.failure != nil {
			d.fail(s, reg, st.failure)
		}
		return
	}
	st := &endpointState{}
	d.regs[reg] = st
	switch {
	case !d.valid:
	case d.to.Kind == instance.Dedicated:
		st.failure = fmt.Errorf("%w: backend of registry %q: instance %q is a conventional dedicated instance, which does not support dynamic configuration; call the backends through VPC access authorizations, or move the group to a VPC integration instance", authz.ErrDynamicBackend, reg, d.to.ID)
		d.fail(s, reg, st.failure)
	default:
		d.warn(WarnUnverified, s, reg, fmt.Sprintf("the backend is found through registry %q when the call is made, so whether instance %q can reach its members was not checked; their addresses must lie in the accessible blocks", reg, d.to.ID))
	}
}

// withoutUnknownAddr returns err without its ErrUnknownAddr part: nil when
// that was all of it.
func withoutUnknownAddr(err error) error {
	if err == nil || !errors.Is(err, authz.ErrUnknownAddr) {
		return err
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var rest []error
		for _, e := range j.Unwrap() {
			if !errors.Is(e, authz.ErrUnknownAddr) {
				rest = append(rest, e)
			}
		}
		return errors.Join(rest...)
	}
	return nil
}

// securityGroups returns the distinct security groups of an instance's
// placements, in order.
func securityGroups(inst instance.Instance) []string {
	var out []string
	for _, z := range inst.Zones {
		if z.SecurityGroupID != "" && !slices.Contains(out, z.SecurityGroupID) {
			out = append(out, z.SecurityGroupID)
		}
	}
	return out
}

// egressMessage says which addresses backends will see after the move.
func egressMessage(from, to instance.Instance) string {
	return fmt.Sprintf("after the move, backends see requests from %s instead of %s; add the new source to every backend allow-list before you move the group",
		egressOf(to), egressOf(from))
}

func egressOf(inst instance.Instance) string {
	if inst.Kind.Capabilities().EgressFromVPC {
		var blocks []string
		for _, z := range inst.Zones {
			if z.VSwitchCIDR.IsValid() {
				blocks = append(blocks, z.VSwitchCIDR.String())
			}
		}
		if len(blocks) == 0 {
			return fmt.Sprintf("private addresses of instance %q in VPC %q", inst.ID, inst.VPCID)
		}
		return fmt.Sprintf("private addresses of instance %q in its vSwitch blocks %s", inst.ID, strings.Join(blocks, ", "))
	}
	var known []string
	for _, p := range inst.Egress {
		if p.IsValid() {
			known = append(known, p.String())
		}
	}
	if len(known) > 0 {
		return fmt.Sprintf("instance %q's egress blocks %s", inst.ID, strings.Join(known, ", "))
	}
	return fmt.Sprintf("instance %q's egress addresses in 100.0.0.0/8", inst.ID)
}

// Apply moves g from instance from to instance to when [Check] finds no
// failure, returning a copy of g on to (InstanceID = to.ID) with slices of
// its own, and the report. Otherwise it returns g itself, unchanged: the
// rollback. Apply modifies none of its inputs.
func Apply(g Group, from, to instance.Instance, auths []authz.Authorization) (Group, Report) {
	r := Check(g, from, to, auths)
	if !r.OK() {
		return g, r
	}
	moved := g
	moved.InstanceID = to.ID
	moved.APIs = slices.Clone(g.APIs)
	moved.Plugins = slices.Clone(g.Plugins)
	for i := range moved.Plugins {
		moved.Plugins[i].VPCAccess = slices.Clone(moved.Plugins[i].VPCAccess)
		moved.Plugins[i].ServiceAddresses = slices.Clone(moved.Plugins[i].ServiceAddresses)
	}
	return moved, r
}

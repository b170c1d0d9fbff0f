package vpcgate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/placeset"
	"github.com/vpcgate/vpcgate/zones"
)

// ErrUnknownInstance matches a group's To that names no instance of the
// plan.
var ErrUnknownInstance = errors.New("no instance of the plan has this ID")

// Options are the settings of [Check]. The zero value checks against
// [zones.Default] and reports unverified findings as warnings.
type Options struct {
	// Catalog is the zone catalog; nil means zones.Default().
	Catalog *zones.Catalog
	// Strict makes every unverified finding a problem, for CI gates that
	// must not pass what they could not check.
	Strict bool
	// Waivers silence the findings a team has accepted (see [Waiver] and
	// [ParseWaivers]); a waiver past its date, one that matches nothing and
	// one that cannot be applied are findings themselves.
	Waivers []Waiver
	// Today is today's date, against which the waivers' expiry dates are
	// compared in Today's location: the library reads no clock. When it is
	// the zero time, a waiver with an expiry date applies to nothing.
	Today time.Time
}

// maxRefs is how many references a finding lists before it counts the rest,
// so that a finding's size does not grow with the references.
const maxRefs = 3

// Check runs every rule of every package over the whole plan and returns
// the report. It never panics, whatever the plan holds: bad values are
// findings. One mistake is one finding: an authorization that fails is
// reported once per instance it is checked against, with the references
// that use it, not once per reference.
//
// What is checked:
//
//   - each instance's purchase form ([instance.Spec.Validate]), with a block
//     that would work for a conflicting instance CIDR block or vSwitch
//     (the instance CIDR block is chosen first, then vSwitch blocks that fit
//     it), that the instance's VPC is the plan's and each vSwitch lies in
//     it ([instance.Spec.CheckVPC]), and its extra accessible blocks
//     ([instance.Instance.AllowCIDRs]);
//   - each authorization ([authz.Authorization.Validate]), once, against
//     every instance that the groups using it move to (with one instance,
//     against it): same VPC, address inside the accessible blocks, and the
//     outbound rules of the instance's security groups;
//   - each group's move ([migrate.Check]'s group-level rules: region,
//     DataWorks, the source's kind; a group whose current instance has no
//     ID is new on its target) and, for a group without a target or whose
//     move fails, which of the plan's instances would take it (every
//     reference passes) or why none would;
//   - the security groups ([authz.SecurityGroup.Validate]) and duplicate
//     IDs of instances, VPCs, security groups, groups and authorizations;
//   - what the account must allow: the service-linked role an instance to
//     create needs ([Plan.ServiceLinkedRole]), a free address in each
//     vSwitch an instance to create uses ([Plan.VSwitches]), the inbound
//     rules of each moved group's backends for the target's vSwitch blocks
//     ([authz.SecurityGroup.Admit]), and the network ACLs on the vSwitches of
//     the network interfaces and of the backends ([Plan.NetworkACLs]); and
//     the notes of a one-zone instance and of a move from an instance the
//     document does not describe moves from;
//   - last, the remedy of each fixable finding ([Remedy]), worked out from
//     what the other checks found, for [Report.FixedPlan] and
//     [Report.WriteFix].
//
// An instance that exists (Exists) is a fact: the rules that hold only at
// creation (its CIDR block, vSwitch sizes, reserved blocks, overlaps with
// its CIDR block) are not checked again, and it reaches exactly its
// ConnectCidrBlocks, as the cloud holds them, plus the blocks the plan adds.
//
// What cannot be checked from the plan (a missing VPC or security group,
// an unknown backend address, an existing instance without its
// ConnectCidrBlocks, a planned accessible block that may lie in a network
// connected to the VPC when those networks are not known, a reader's
// notes) is a warning with code "unverified", a problem with
// Options.Strict: never a passed line, and a backend that only such a block
// would reach is unverified, not unreachable. A verdict that a group would
// work says what it rests on that is unverified. A note is reported at the
// place its source gave (never rewritten, so that a waiver can name it),
// or, when it gives none, at its Path's place, or at "notes[i]". A note
// bears on the group its Path names; a note without Path, on the group of
// the nearest place at or above its own that Source maps (the fallback for
// readers that name only the place). Check does not modify p.
//
// Cost: Check is linear in the plan's size (its instances and their
// placements, its authorizations, the groups' references to them, and the
// security groups' rules), but for the two products said here. Each
// security group is prepared once (O(r log r) in its r rules); each
// reference is resolved once; each authorization is checked once against
// each instance its groups move to (at most one per reference that uses
// it), in O(log n) in the instance's n accessible blocks, plus one
// decision, without allocation, per distinct security group the instance's
// network interfaces name (at most one per placement, so an instance of p
// placements costs up to p decisions per authorization). A passing
// authorization allocates nothing of its own but its passed line, which
// shares one buffer with the others.
//
// A failing plan costs more than a passing one, in proportion to its
// findings: each allocates its error and the message it quotes, its path
// and place, the first references that use the authorization (three, and
// a count of the rest, so that a finding's size does not grow with the
// references) and its fingerprint, about twenty allocations in all; the
// first finding that names references indexes the references of every
// authorization, once. A group that has no target, or whose move fails,
// gets placement advice: at most 8 instances (maxWeighed) are weighed
// reference by reference, the others by region, VPC and purchase form
// alone, one look (and one line of text) per instance of the plan, so the
// advice for g such groups among k instances costs g×k looks. The blocks
// suggested for an instance's conflicting placements are bounded (16
// placements, maxSuggestions). The places of the notes cost linear in
// their length and in the length of Check's own unverified warnings'
// places (a place of many parts is hashed once, not once per ancestor); a
// note without a Path costs, once for all such notes, an index of the
// plan's Source. Remedies cost only a failing plan: linear in the fixable
// findings and in the purchase forms of the instances they concern (each
// instance's new form is validated once), plus, per outbound rule remedy,
// a pass over the refusing group's drop rules whose match is unknown, once
// per group and port; the report keeps the plan (not a copy) for
// FixedPlan. The report's fingerprints cost linear in the findings and
// Source, and each finding is matched against the waivers of its code
// whose where is a pattern.
func Check(p Plan, opts Options) Report {
	c := &checker{p: p, opts: opts, ex: ruleTable, cat: opts.Catalog}
	if c.cat == nil {
		c.cat = zones.Default()
	}
	c.run()
	r := finish(c.r, &c.p, opts)
	r.plan = &p
	return r
}

// checker holds the state of one [Check]. Its methods live in one file per
// phase, in the order run calls them, as go/types splits its Checker:
//
//   - check_instance.go: the instances (purchase form, VPC, vSwitches,
//     security groups of the network interfaces, accessible blocks,
//     connected networks, the rules that hold only at creation), and
//     suggest.go, the blocks that would work;
//   - check_authz.go: the security groups, then each authorization once
//     (reachability, outbound rules), with the references that use it;
//   - check_group.go: each group's move, and placement.go, the instances
//     that would take a group;
//   - notes.go: the notes of the plan's source, and the verdicts they
//     qualify;
//   - check_remedy.go: the remedies of the findings the other phases
//     registered as fixable.
//
// Its state is grouped by the phase that owns it: the phase that sets a
// field documents it; later phases only read it, except where said.
type checker struct {
	// The input, the settings and the report being built.
	p    Plan
	opts Options
	ex   *explainer     // the rule table
	cat  *zones.Catalog // opts.Catalog, or zones.Default()
	r    Report

	objects     // the plan's instances as checked, and its objects by ID (check_instance.go)
	authState   // per authorization: its checks, results and uses (check_authz.go)
	refState    // the groups' references to authorizations, resolved (check_authz.go)
	noteState   // the plan's notes: per group, and the warnings they leave (notes.go)
	directState // the backends groups call directly (check_direct.go)
	aclState    // the network ACLs (check_acl.go)
	condState   // the cloud's conditions beyond the purchase form (check_conditions.go)
	remedyState // the findings that may have a remedy (check_remedy.go)
}

// run calls the phases in order (instances, authorizations, each group,
// the notes, the remedies), then moves unverified warnings to the problems
// under Strict and counts.
func (c *checker) run() {
	p := c.p
	c.r.Version = ReportVersion
	c.instances()
	c.serviceLinkedRole()
	c.inboundRules()
	c.aclPhase()
	c.authorizations()
	c.directBackends()
	c.openDeps()
	for i := range p.Groups {
		c.group(i)
	}
	c.notes()
	c.dropNoted()
	c.remedies()
	for i := range c.r.Sections {
		s := &c.r.Sections[i]
		if len(c.needs) > 0 {
			c.dropEmptyRemedies(s)
		}
		if len(c.unknownAt) > 0 {
			// Problems that rest on an unknown value (see finding) are
			// unverified warnings.
			moveUnverified(&s.Problems, &s.Warnings)
		}
		if c.opts.Strict {
			moveUnverified(&s.Warnings, &s.Problems)
		}
		c.r.Problems += len(s.Problems)
		c.r.Warnings += len(s.Warnings)
	}
	c.r.OK = c.r.Problems == 0
	c.r.Plan = fmt.Sprintf("%d instance(s), %d authorization(s), %d group(s)", len(c.targets), len(p.Authorizations), len(p.Groups))
}

// moveUnverified moves the unverified findings of *from, in their order,
// to the end of *to.
func moveUnverified(from, to *[]Finding) {
	keep := (*from)[:0:0]
	for _, f := range *from {
		if f.Code == CodeUnverified {
			*to = append(*to, f)
		} else {
			keep = append(keep, f)
		}
	}
	*from = keep
}

// where returns the place of path: its entry in the plan's Source, or its
// nearest parent's, or the path itself.
func (c *checker) where(path field.Path) string {
	if len(c.p.Source) > 0 {
		for q := path; q != ""; q = field.Path(placeset.Parent(string(q))) {
			if s, ok := c.p.Source[q]; ok {
				return s
			}
		}
	}
	return string(path)
}

// finding explains err at path.
func (c *checker) finding(path field.Path, err error) Finding {
	r := c.ex.codeOf(err)
	what := err.Error()
	if fe, ok := err.(*field.Error); ok {
		what = fe.Err.Error()
	}
	if errors.Is(err, instance.ErrRequired) && (what == instance.ErrRequired.Error() || strings.HasSuffix(what, ": required")) {
		what = "missing: this field is required"
	}
	f := Finding{Code: r.Code, Where: c.where(path), What: what, Why: r.Why, Fix: r.Fix, Err: err}
	if k, ok := c.noted(path); ok && r.Severity == SeverityError {
		// What would be a problem rests on a value the source could not
		// know: it is unverified, never a problem (run moves it to the
		// warnings).
		n := c.p.Notes[k]
		u := c.ex.rule(CodeUnverified)
		f.Code, f.Why, f.Fix = CodeUnverified, u.Why, u.Fix
		f.What = fmt.Sprintf("%s, but %s is not known (%s), so this is not checked", what, n.Path, n.What)
	}
	return f
}

// note returns a finding with a code and no error.
func (c *checker) note(code Code, path field.Path, what string) Finding {
	r := c.ex.rule(code)
	return Finding{Code: code, Where: c.where(path), What: what, Why: r.Why, Fix: r.Fix}
}

func (c *checker) section(subject string) *Section {
	c.r.Sections = append(c.r.Sections, Section{Subject: subject})
	return &c.r.Sections[len(c.r.Sections)-1]
}

// sectionAt returns a stable pointer to section i (sections are appended
// while others are being filled, so pointers are taken by index).
func (c *checker) sectionAt(i int) *Section { return &c.r.Sections[i] }

// nameSet collects distinct names, keeping the first few for messages, so
// that a message's size does not grow with the names.
type nameSet struct {
	seen  map[string]bool
	first []string
	n     int
}

// add adds name if it is not there yet.
func (s *nameSet) add(name string) {
	if s.seen[name] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[name] = true
	s.addNew(name)
}

// addNew adds a name known not to be there yet; it costs no map.
func (s *nameSet) addNew(name string) {
	s.n++
	if len(s.first) < maxRefs {
		s.first = append(s.first, name)
	}
}

// String returns the first names quoted, and how many more there are.
func (s nameSet) String() string {
	q := make([]string, len(s.first))
	for i, n := range s.first {
		q[i] = strconv.Quote(n)
	}
	out := strings.Join(q, ", ")
	if s.n > len(s.first) {
		out += fmt.Sprintf(" and %d more", s.n-len(s.first))
	}
	return out
}

// limited keeps the first few of many items for a message and counts the
// rest, so that a message's size does not grow with the plan.
type limited struct {
	first []string
	n     int
}

func (l *limited) add(s string) {
	if len(l.first) < maxRefs {
		l.first = append(l.first, s)
	}
	l.n++
}

func (l limited) join(sep string) string {
	s := strings.Join(l.first, sep)
	if l.n > len(l.first) {
		s += fmt.Sprintf("%s and %d more", sep, l.n-len(l.first))
	}
	return s
}

package openapi

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// Move is an API group to move and the instance it moves to, by their IDs.
type Move struct {
	Group, To string
}

// ErrMove matches a move that cannot be planned.
var ErrMove = errors.New("invalid move")

// UnknownTargetError is a move's target that no DescribeInstances given
// holds.
type UnknownTargetError struct {
	// ID is the instance ID the move names.
	ID string
}

func (e *UnknownTargetError) Error() string {
	return fmt.Sprintf("instance %q is in no API Gateway DescribeInstances response", e.ID)
}

// Plan is what a snapshot says of some moves, as the library's values, in
// the order and form of the lists of the whole plan (vpcgate.Plan's
// multi-instance form), whose JSON paths Source and each Note's Path use.
type Plan struct {
	// Instances holds the target instances, each once, in the order of
	// the moves: instances the cloud holds.
	Instances []Instance
	// VPCs holds the targets' VPCs that DescribeVpcAttribute gives.
	VPCs []instance.VPC
	// SecurityGroups holds the targets' network interface groups whose
	// outbound rules the responses give whole.
	SecurityGroups []authz.SecurityGroup
	// Groups holds the moved groups, in the order of the moves.
	Groups []Group
	// NetworkACLs holds the network ACLs the responses give, in document
	// order, their entries Unordered (the API gives no priority).
	NetworkACLs []authz.NetworkACL
	// Authorizations holds the authorizations the groups use.
	Authorizations []authz.Authorization
	// Notes holds what the responses do not settle, and the blocks read
	// with their host bits masked.
	Notes []Note
	// Source holds, in the order made, each plan path and the place in the
	// responses it is read from; a later pair for the same path wins.
	Source []Source
}

// Instance is a target instance as DescribeInstances gives it.
type Instance struct {
	// ID is the instance's InstanceId.
	ID string
	// Spec is its purchase form, as the cloud holds it.
	Spec instance.Spec
	// ConnectCidrBlocks holds the accessible blocks the cloud holds;
	// empty when not known (a note says why).
	ConnectCidrBlocks []netip.Prefix
}

// Group is a moved API group, as the responses give it.
type Group struct {
	// ID, Name and RegionID are the group's GroupId, GroupName and RegionId.
	ID, Name, RegionID string
	// Instance is the instance the group is on now.
	Instance instance.Instance
	// To is the move's target.
	To string
	// APIs and Plugins hold the group's APIs and plug-ins, with the
	// authorizations they use as far as the responses settle them.
	APIs    []migrate.API
	Plugins []migrate.Plugin
}

// Source is a plan path and the place it is read from.
type Source struct {
	// Path is the JSON path in the plan ("instances[0].zones[1].vSwitchCidr").
	Path field.Path
	// At is the place in the responses ("DescribeInstances[0].Instances.InstanceAttribute[1]...").
	At field.Path
}

// NoteKind says what a Note is.
type NoteKind uint8

// The kinds of note.
const (
	// Unverified is a note of what the responses do not settle; its What
	// starts "not checked:".
	Unverified NoteKind = iota + 1
	// HostBits is a block the cloud holds with host bits set, read as the
	// block it names.
	HostBits
	// MoveSource is a move from an instance the document's moves do not
	// start from (a classic network shared instance, CLASSIC_SHARED).
	MoveSource
)

// Note is something the responses do not settle or that the plan says.
type Note struct {
	// Kind is what the note is.
	Kind NoteKind
	// Where is the place in the responses.
	Where field.Path
	// Path is the plan path of the value the note concerns when that
	// value is in the plan: one standing for what is not known (the zero
	// DataWorks, empty ConnectCidrBlocks, an API's vpcAccess left empty, a
	// current instance's kind) or a reference whose target is not verified
	// (a zone's vSwitchId or securityGroupId, the instance's vpcId). It is
	// "" for what the plan leaves out (the APIs of a DescribeApi not given,
	// a backend service's environments, a plug-in no moved group is known
	// to use), so that no value in the plan is taken for unknown because of
	// something that is not in it.
	Path field.Path
	// What says what.
	What string
}

// Plan returns the plan that moves each group onto its instance, as the
// cloud holds them (see vpcgate's Snapshot.Plan for what it reads and
// notes). The errors are field errors at "moves[i].group" or "moves[i].to"
// (matching ErrMove, or an *UnknownTargetError) or at a place in the
// responses (matching ErrConflict). It does not modify s; its cost is
// linear in the snapshot and the moves.
func (s *Snapshot) Plan(moves []Move) (*Plan, error) {
	if s == nil {
		s = &Snapshot{}
	}
	b := newBuilder(s)
	b.checkMoves(moves)
	if len(b.errs) > 0 {
		return nil, b.errs.Err()
	}
	for _, m := range moves {
		b.target(m.To)
	}
	b.securityGroups()
	b.networkAcls()
	b.idx = newIndex(b.s)
	for _, m := range moves {
		b.group(m)
	}
	b.unattached()
	b.authorizations()
	if len(b.errs) > 0 {
		return nil, b.errs.Err()
	}
	return &b.p, nil
}

// builder assembles one plan from a snapshot.
type builder struct {
	paths    // the plan's paths and places
	s        *Snapshot
	p        Plan
	errs     field.List
	targets  map[string]bool
	vpcs     map[string]bool
	sgs      map[string]bool           // the targets' network interface groups
	sgRefs   []sgRef                   // each once, in the order first met
	sgBlocks map[string][]netip.Prefix // the vSwitch blocks of each group's network interfaces
	names    map[string]field.Path     // authorization names used: the plan path of the first use
	noted    map[string]bool
	called   map[string]bool // group ID and backend service ID: the service's authorizations are in the group
	stated   map[string]*stated
	statedBy []string // the names of stated, in the order first met
	idx      index
}

func newBuilder(s *Snapshot) *builder {
	return &builder{s: s, targets: map[string]bool{}, vpcs: map[string]bool{}, sgs: map[string]bool{}, sgBlocks: map[string][]netip.Prefix{},
		names: map[string]field.Path{}, noted: map[string]bool{}, called: map[string]bool{}, stated: map[string]*stated{}}
}

// sgRef is a security group and where a target first names it.
type sgRef struct {
	id   string
	ref  field.Path // the place
	path field.Path // the plan path
}

// stated is an authorization as DescribeApi's VpcConfig states it, for a
// name that no DescribeVpcAccesses given holds.
type stated struct {
	cfg VpcConfig
	at  field.Path // the VpcConfig
}

// field maps the member key of the plan's value at p to the member wire
// of the response's value at place: src(p.Child(key), place.Child(wire)),
// with the paths made in the builder's blocks.
func (b *builder) field(p field.Path, key string, place field.Path, wire string) {
	b.src(b.child(p, key), b.child(place, wire))
}

// src maps plan path p to the place in the responses; a block read there
// with its host bits masked is noted.
func (b *builder) src(p field.Path, place field.Path) {
	b.p.Source = append(b.p.Source, Source{Path: p, At: place})
	b.masked(place, p)
}

// masked notes, once, a block that the response at place writes with host
// bits set and that is read as the block it names, at plan path p.
func (b *builder) masked(place, p field.Path) {
	m, ok := b.s.Masked[place]
	if !ok || !once(b.noted, "masked\x00"+string(place)) {
		return
	}
	b.p.Notes = append(b.p.Notes, Note{Kind: HostBits, Where: place, Path: p,
		What: fmt.Sprintf("the cloud holds %q, with host bits set: read as the block it names, %s", m.Given, m.Block)})
}

// note adds an unverified note once per what: at place where, about plan
// path p.
func (b *builder) note(where, p field.Path, what string) {
	b.noteOf(Unverified, where, p, what)
}

// noteOf adds a note of kind k, once per text.
func (b *builder) noteOf(k NoteKind, where, p field.Path, what string) {
	if !once(b.noted, what) {
		return
	}
	b.p.Notes = append(b.p.Notes, Note{Kind: k, Where: where, Path: p, What: what})
}

func (b *builder) checkMoves(moves []Move) {
	seen := map[string]bool{}
	for i, m := range moves {
		at := field.Path("moves").Index(i)
		switch g := b.s.Groups[m.Group]; {
		case m.Group == "":
			b.errs.Add(at.Child("group"), fmt.Errorf("%w: no group given", ErrMove))
		case g == nil:
			b.errs.Add(at.Child("group"), fmt.Errorf("%w: group %q is in no DescribeApiGroups or DescribeApiGroup response", ErrMove, m.Group))
		case seen[m.Group]:
			b.errs.Add(at.Child("group"), fmt.Errorf("%w: group %q moved twice", ErrMove, m.Group))
		}
		seen[m.Group] = true
		switch t := b.s.Instances[m.To]; {
		case m.To == "":
			b.errs.Add(at.Child("to"), fmt.Errorf("%w: no target instance given", ErrMove))
		case t == nil:
			b.errs.Add(at.Child("to"), &UnknownTargetError{ID: m.To})
		case t.DedicatedInstanceType != "vpc_connect" || t.InstanceType != "VPC_DEDICATED":
			// A VPC integration instance is a dedicated one
			// (InstanceType VPC_DEDICATED) of DedicatedInstanceType
			// vpc_connect (cloud-shapes §0.1); a shared instance
			// (VPC_SHARED) with vpc_connect, as the vendor's sample has
			// it, is a contradiction that never passes as one.
			b.errs.Add(at.Child("to"), fmt.Errorf("%w: instance %q is not a VPC integration instance (InstanceType %q and DedicatedInstanceType %q at %s, want \"VPC_DEDICATED\" and \"vpc_connect\")", ErrMove, m.To, t.InstanceType, t.DedicatedInstanceType, t.At))
		}
	}
}

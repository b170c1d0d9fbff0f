package authz

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

// Checker checks authorizations against one instance, with its accessible
// set built once. A Checker is immutable and safe for concurrent use. The
// zero Checker, and a nil *Checker, stand for no instance: their Check
// fails every authorization with [instance.ErrInvalidKind].
type Checker struct {
	inst       instance.Instance
	accessible cidr.Set
}

// NewChecker returns a Checker for inst. It copies what it needs: later
// changes to inst's slices do not affect it. Building it costs
// O(n log n) in inst's accessible blocks; each Check is then O(log n).
func NewChecker(inst instance.Instance) *Checker {
	set := inst.AccessibleSet()
	inst.Zones, inst.Accessible = nil, nil // kept only as the set
	return &Checker{inst: inst, accessible: set}
}

// Accessible reports whether addr lies in the instance's accessible blocks
// (false for a nil Checker). IPv4-mapped addresses are their IPv4 form.
func (c *Checker) Accessible(addr netip.Addr) bool {
	return c != nil && c.accessible.Contains(addr)
}

// Check is [Check] against the Checker's instance. It does not allocate
// when a passes.
func (c *Checker) Check(a Authorization) error {
	addr, ok, err := a.resolve()
	var inst instance.Instance
	if c != nil {
		inst = c.inst
	}
	if !inst.Kind.Valid() {
		kind := fmt.Errorf("instance %q: %w (%d): no authorization can be checked against it", inst.ID, instance.ErrInvalidKind, uint8(inst.Kind))
		if err != nil {
			return errors.Join(err, kind)
		}
		return kind
	}
	if err != nil {
		return err
	}
	if inst.Kind != instance.VPCIntegration {
		return nil // other valid kinds reach any VPC through authorizations
	}
	var mismatch error
	if a.VPCID != inst.VPCID {
		mismatch = &MismatchError{Authorization: a.Name, VPCID: a.VPCID, InstanceVPCID: inst.VPCID, InstanceID: inst.ID}
	}
	if !ok {
		unknown := fmt.Errorf("authorization %q names %q and no IP address, so its reachability was not checked: %w", a.Name, a.InstanceID, ErrUnknownAddr)
		if mismatch != nil {
			return errors.Join(mismatch, unknown)
		}
		return unknown
	}
	if !c.accessible.Contains(addr) {
		unreachable := &UnreachableError{Authorization: a.Name, InstanceID: inst.ID, Addr: addr}
		if mismatch != nil {
			return errors.Join(mismatch, unreachable)
		}
		return unreachable
	}
	return mismatch
}

// Check reports whether inst can use the VPC access authorization a.
//
// An invalid authorization fails with [Authorization.Validate]'s errors.
// For a VPC integration instance it then reports, joined when both apply:
//
//   - a [*MismatchError] (matching [ErrVPCMismatch]) when a's VPC ID is not
//     the instance's (compared exactly: no trimming, no case folding);
//   - an [*UnreachableError] (matching [ErrUnreachable]) when a's address
//     lies outside the instance's accessible blocks, with the console's
//     words "instance cannot connect to the backend <ip>";
//   - an error matching [ErrUnknownAddr] when a names no IP address, so
//     that reachability cannot be checked.
//
// Instances of the other valid kinds accept authorizations in any VPC; an
// instance whose Kind is zero or unknown passes nothing: its error matches
// [instance.ErrInvalidKind] (joined with a's problems, if any). To check many
// authorizations against one instance, use [NewChecker], which builds the
// accessible set once.
func Check(inst instance.Instance, a Authorization) error {
	return NewChecker(inst).Check(a)
}

// Decide returns the verdict of the security group sg on the flow f, as
// the cloud evaluates outbound rules (ECS security groups):
//
//   - The rules in Rules are evaluated by Priority (1 to 100, smaller
//     first), and at equal priority drop before accept; the simple form's
//     Egress blocks follow, as accept rules on every protocol and port,
//     after every rule. The first rule that matches decides.
//   - A rule matches a flow of its Protocol (ProtocolAll matches every
//     protocol) to a port in its Ports range (AllPorts, "-1/-1", is every
//     port) and to its destination: a DestCIDR (IPv4) or IPv6DestCIDR
//     block containing the address (IPv4 and IPv6 never match each other,
//     and an IPv4-mapped address is IPv4); a DestGroupID equal to the
//     flow's GroupID.
//   - An ECS backend in sg itself (f.Backend ECS, f.GroupID == sg.ID) is
//     subject to the internal access policy: InnerAccessPolicy, or accept
//     when IntraGroup is set, or else accept for a normal group and drop
//     for an enterprise group or a group without a type; when
//     InnerAccessUnknown is set (and the group is not an enterprise
//     group), the flow is allowed only by a rule, and what the policy
//     would decide is Unverified (SourceInnerPolicy). As ECS documents
//     for ModifySecurityGroupPolicy, accept takes precedence over every
//     rule (the flow is allowed whatever the rules say), while rules take
//     precedence over drop (drop applies when no rule matches).
//   - Any other destination that no rule matches gets the type's default:
//     a normal group allows, an enterprise group and a group without a
//     type deny. An allow by a normal group's default for a backend that is
//     not a known ECS instance sets NeedsRule: the document asks for an
//     explicit rule for a CLB backend.
//   - What the data cannot decide is Unverified, never allowed: whether a
//     prefix list's entries, a destination group's members (another group
//     than f.GroupID), a rule with Partial set (it applies only to some
//     sources, or to ports from a list), or, when f.Addr is unknown, a
//     CIDR block match. The
//     verdict is Unverified exactly when such a rule, evaluated before the
//     deciding rule (or default), has the other policy: an accept rule on a
//     prefix list at priority 5 before a matching drop at 10 is
//     unverified; a matching accept at 1 before it is allowed.
//
// An invalid sg is [SecurityGroup.Validate]'s error, an invalid f an error
// matching [ErrInvalidFlow]. To decide many flows for one group, use
// [NewEgressChecker], which prepares the group once.
func Decide(sg SecurityGroup, f Flow) (Verdict, error) {
	c, err := NewEgressChecker(sg)
	if err != nil {
		return Verdict{}, err
	}
	return c.Decide(f)
}

// Verdict returns the group's verdict on the flow to a's backend
// ([Authorization.Flow]): TCP on a's port. An invalid a is
// [Authorization.Validate]'s error.
func (c *EgressChecker) Verdict(a Authorization) (Verdict, error) {
	f, err := a.Flow()
	if err != nil {
		return Verdict{}, err
	}
	return c.Decide(f)
}

// Check is [CheckEgress] against the checker's group. It does not
// allocate when the verdict is Allowed without NeedsRule.
func (c *EgressChecker) Check(a Authorization) error {
	v, err := c.Verdict(a)
	if err != nil {
		return err
	}
	if v.Outcome == Allowed && !v.NeedsRule {
		return nil
	}
	addr, _ := a.Address()
	return &EgressError{Authorization: a.Name, SecurityGroup: c.id, Backend: a.Backend, Addr: addr, Port: a.Port, Verdict: v}
}

// CheckEgress reports whether the security group sg of an instance's
// network interface lets API Gateway's traffic out to a's backend: TCP on
// a.Port, decided as [Decide] does. It returns nil when the verdict is
// Allowed, and otherwise an [*EgressError] that carries the verdict and
// names the rule (or default) that decided:
//
//   - Denied: it matches [ErrEgressDenied];
//   - Unverified: it matches [ErrEgressUnverified], and also
//     [ErrUnknownAddr] when a's address is not known;
//   - Allowed only by a normal group's default for a backend that is not
//     a known ECS instance (NeedsRule): it matches [ErrImplicitEgress], a
//     warning: the document asks for an explicit rule for a CLB backend.
//
// An ECS backend in sg (a.SecurityGroupID == sg.ID) whose group lets
// members reach each other (IntraGroup, or InnerAccessPolicy accept) needs
// no rule; a CLB backend, or one of unknown kind, always needs one. The
// simple form SecurityGroup{ID, IntraGroup, Egress} denies what its Egress
// blocks do not allow. An invalid a or sg fails with their Validate errors,
// both joined when both are invalid.
// To check many authorizations against one group, use [NewEgressChecker].
func CheckEgress(sg SecurityGroup, a Authorization) error {
	aerr := a.Validate()
	c, err := NewEgressChecker(sg)
	if aerr != nil || err != nil {
		return errors.Join(aerr, err)
	}
	return c.Check(a)
}

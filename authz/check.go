package authz

import (
	"errors"
	"fmt"

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

// CheckEgress reports whether the security group sg of an instance's
// network interface lets traffic out to a's backend.
//
// An ECS backend whose security group is sg (a.SecurityGroupID == sg.ID,
// both set) passes when sg allows intra-group traffic. Otherwise, and
// always for a CLB backend or one of unknown kind, an outbound rule in
// sg.Egress must cover the backend's address: if none does, an
// [*EgressError] matching [ErrEgressDenied]; if the address is not known,
// an error matching [ErrUnknownAddr]. An invalid authorization fails with
// [Authorization.Validate]'s errors. IPv4-mapped addresses and rules count
// as IPv4; as in a security group, an IPv6 rule (even ::/0) never allows an
// IPv4 address; invalid rules allow nothing.
func CheckEgress(sg SecurityGroup, a Authorization) error {
	addr, ok, err := a.resolve()
	if err != nil {
		return err
	}
	if a.Backend == ECS && sg.IntraGroup && sg.ID != "" && a.SecurityGroupID == sg.ID {
		return nil
	}
	if !ok {
		return fmt.Errorf("authorization %q names %q and no IP address, so the outbound rules of security group %q were not checked: %w", a.Name, a.InstanceID, sg.ID, ErrUnknownAddr)
	}
	for _, p := range sg.Egress {
		if p.IsValid() && cidr.UnmapPrefix(p).Masked().Contains(addr) {
			return nil
		}
	}
	return &EgressError{Authorization: a.Name, SecurityGroup: sg.ID, Backend: a.Backend, Addr: addr}
}

package instance

import (
	"errors"

	"github.com/vpcgate/vpcgate/field"
)

// Sentinel errors, matched with [errors.Is]. Problems found by a validator
// are [*FieldError] values that unwrap to one of these (or to a sentinel of
// package zones or cidr).
var (
	// ErrRequired matches a required field left empty. It is
	// [field.ErrRequired], kept here under its first name: the two are one
	// sentinel.
	ErrRequired = field.ErrRequired
	// ErrZoneRegion matches a zone that is not in the spec's region.
	ErrZoneRegion = errors.New("zone is not in the instance's region")
	// ErrDuplicate matches a zone or vSwitch given twice. It is
	// [field.ErrDuplicate], kept here under its first name: the two are one
	// sentinel, and [field.Duplicate] words the problem.
	ErrDuplicate = field.ErrDuplicate
	// ErrCIDRNotAllowed matches an instance CIDR block that is not one of
	// InstanceCIDRs().
	ErrCIDRNotAllowed = errors.New("instance CIDR block not allowed")
	// ErrCIDRConflict matches a vSwitch block that overlaps the instance
	// CIDR block or another vSwitch's block.
	ErrCIDRConflict = errors.New("CIDR blocks conflict")
	// ErrInvalidKind matches text that names no instance kind, and the
	// zero Kind where a kind is needed.
	ErrInvalidKind = errors.New("invalid instance kind")
	// ErrNotVPCIntegration matches an operation that only a VPC integration
	// instance supports.
	ErrNotVPCIntegration = errors.New("not a VPC integration instance")
	// ErrWrongVPC matches a VPC that is not the instance's.
	ErrWrongVPC = errors.New("not the instance's VPC")
	// ErrOutsideVPC matches a block outside the VPC's CIDR blocks and the
	// networks connected to it.
	ErrOutsideVPC = errors.New("outside the VPC and its connected networks")
	// ErrNotAccessible matches the removal of a block the instance does not
	// list as accessible.
	ErrNotAccessible = errors.New("not an accessible CIDR block of the instance")
	// ErrDefaultCIDR matches the removal of a vSwitch's own block, which an
	// instance can always reach.
	ErrDefaultCIDR = errors.New("a vSwitch CIDR block is accessible by default and cannot be removed")
	// ErrImmutable matches a change to a field that is fixed at creation.
	ErrImmutable = errors.New("cannot change after the instance is created")
)

// FieldError is one problem with one field, named by its JSON path from
// the validated value, such as "zones[1].vSwitchCidr". It is the module's
// one path-bearing error, [field.Error]: Field is a [field.Path] and the
// error unwraps to Err.
type FieldError = field.Error

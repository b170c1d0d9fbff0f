package authz

import (
	"errors"
	"net/netip"
	"strconv"
)

// Sentinel errors, matched with [errors.Is].
var (
	// ErrVPCMismatch matches an authorization in another VPC than the
	// instance's; the error is a [*MismatchError].
	ErrVPCMismatch = errors.New("VPC access authorization is in another VPC")
	// ErrUnreachable matches a backend address outside the instance's
	// accessible CIDR blocks; the error is an [*UnreachableError].
	ErrUnreachable = errors.New("backend address outside the accessible CIDR blocks")
	// ErrUnknownAddr matches an authorization whose backend address is not
	// known, so that its reachability cannot be checked.
	ErrUnknownAddr = errors.New("backend address unknown")
	// ErrInvalidAuthorization matches every problem Authorization.Validate
	// finds.
	ErrInvalidAuthorization = errors.New("invalid VPC access authorization")
	// ErrEgressDenied matches a backend that the security group's outbound
	// rules do not allow; the error is an [*EgressError].
	ErrEgressDenied = errors.New("security group does not allow traffic to the backend")
	// ErrInvalidSecurityGroup matches every problem SecurityGroup.Validate
	// finds and text that the security group parsers reject.
	ErrInvalidSecurityGroup = errors.New("invalid security group")
	// ErrInvalidBackendKind matches text that names no backend kind.
	ErrInvalidBackendKind = errors.New("invalid backend kind")
)

// MismatchError reports an authorization whose VPC is not the instance's.
// It unwraps to [ErrVPCMismatch].
type MismatchError struct {
	Authorization string // the authorization's name
	VPCID         string // the authorization's VPC
	InstanceVPCID string // the instance's VPC
	InstanceID    string // the instance
}

// Error names both VPCs.
func (e *MismatchError) Error() string {
	return "authorization " + strconv.Quote(e.Authorization) + " is in VPC " + strconv.Quote(e.VPCID) +
		", but instance " + strconv.Quote(e.InstanceID) + " is connected to VPC " + strconv.Quote(e.InstanceVPCID)
}

// Unwrap returns ErrVPCMismatch.
func (e *MismatchError) Unwrap() error { return ErrVPCMismatch }

// UnreachableError reports a backend address outside an instance's
// accessible CIDR blocks. Its message contains the console's words
// "instance cannot connect to the backend <ip>". It unwraps to
// [ErrUnreachable].
type UnreachableError struct {
	Authorization string     // the authorization's name
	InstanceID    string     // the instance
	Addr          netip.Addr // the backend address, in IPv4 form if mapped
}

// Error returns, for example, `authorization "orders": instance cannot
// connect to the backend 10.0.9.5: add a CIDR block that contains it to the
// accessible CIDR blocks of instance "apigw-1"`.
func (e *UnreachableError) Error() string {
	return "authorization " + strconv.Quote(e.Authorization) + ": instance cannot connect to the backend " + e.Addr.String() +
		": add a CIDR block that contains it to the accessible CIDR blocks of instance " + strconv.Quote(e.InstanceID)
}

// Unwrap returns ErrUnreachable.
func (e *UnreachableError) Unwrap() error { return ErrUnreachable }

// EgressError reports a backend that a security group's outbound rules do
// not allow. It unwraps to [ErrEgressDenied].
type EgressError struct {
	Authorization string      // the authorization's name
	SecurityGroup string      // the security group's ID
	Backend       BackendKind // the backend's kind
	Addr          netip.Addr  // the backend address
}

// Error says which rule is missing.
func (e *EgressError) Error() string {
	return "authorization " + strconv.Quote(e.Authorization) + ": security group " + strconv.Quote(e.SecurityGroup) +
		" has no outbound rule that allows " + e.Addr.String() + " (" + e.Backend.String() + " backend)"
}

// Unwrap returns ErrEgressDenied.
func (e *EgressError) Unwrap() error { return ErrEgressDenied }

package authz

import (
	"errors"
	"fmt"
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
	// rules deny; the error is an [*EgressError] that names the rule (or
	// default) that denied.
	ErrEgressDenied = errors.New("security group does not allow traffic to the backend")
	// ErrInvalidSecurityGroup matches every problem SecurityGroup.Validate
	// finds and text that the security group parsers reject.
	ErrInvalidSecurityGroup = errors.New("invalid security group")
	// ErrEgressUnverified matches a backend that a security group may or
	// may not let traffic out to: a rule whose match cannot be known (a
	// prefix list, a destination group, an unknown address) could decide;
	// the error is an [*EgressError].
	ErrEgressUnverified = errors.New("security group rules cannot be evaluated for the backend")
	// ErrImplicitEgress matches a backend that only a normal group's
	// implicit default lets traffic out to while the document asks for an
	// explicit outbound rule (a CLB backend); a warning. The error is an
	// [*EgressError].
	ErrImplicitEgress = errors.New("security group allows the backend only by default")
	// ErrInvalidFlow matches a flow that cannot be decided: a protocol
	// other than TCP, UDP, ICMP, ICMPv6 or GRE, or an address with an IPv6
	// zone.
	ErrInvalidFlow = errors.New("invalid flow")
	// ErrInvalidBackendKind matches text that names no backend kind.
	ErrInvalidBackendKind = errors.New("invalid backend kind")
)

// MismatchError reports an authorization whose VPC is not the instance's.
// It unwraps to [ErrVPCMismatch].
type MismatchError struct {
	// Authorization is the authorization's name.
	Authorization string
	// VPCID is the authorization's VPC.
	VPCID string
	// InstanceVPCID is the instance's VPC.
	InstanceVPCID string
	// InstanceID is the instance's ID.
	InstanceID string
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
	// Authorization is the authorization's name; empty for a backend the
	// instance calls directly.
	Authorization string
	// Endpoint is, for a backend the instance calls directly, its address
	// as [Endpoint.String] writes it; empty for an authorization.
	Endpoint string
	// InstanceID is the instance's ID.
	InstanceID string
	// Addr is the backend address, in IPv4 form if mapped.
	Addr netip.Addr
}

// Error returns, for example, `authorization "orders": instance cannot
// connect to the backend 10.0.9.5: add a CIDR block that contains it to the
// accessible CIDR blocks of instance "apigw-1"`.
//
// For a backend called directly it begins with the endpoint instead:
// `backend http://10.0.9.5:8080: instance cannot connect to the backend
// 10.0.9.5: ...`.
func (e *UnreachableError) Error() string {
	subject := "authorization " + strconv.Quote(e.Authorization)
	if e.Authorization == "" && e.Endpoint != "" {
		subject = "backend " + e.Endpoint
	}
	return subject + ": instance cannot connect to the backend " + e.Addr.String() +
		": add a CIDR block that contains it to the accessible CIDR blocks of instance " + strconv.Quote(e.InstanceID)
}

// Unwrap returns ErrUnreachable.
func (e *UnreachableError) Unwrap() error { return ErrUnreachable }

// EgressError reports a backend that a security group's outbound rules do
// not certainly allow, with the [Verdict] that says which rule (or default)
// decided. It unwraps to [ErrEgressDenied] when the verdict is Denied, to
// [ErrEgressUnverified] (and [ErrUnknownAddr] when the address is unknown)
// when it is Unverified, and to [ErrImplicitEgress] when it is Allowed
// with NeedsRule.
type EgressError struct {
	// Authorization is the authorization's name; empty for a backend the
	// instance calls directly.
	Authorization string
	// Endpoint is, for a backend the instance calls directly, its address
	// as [Endpoint.String] writes it; empty for an authorization.
	Endpoint string
	// SecurityGroup is the security group's ID.
	SecurityGroup string
	// Backend is the backend's kind.
	Backend BackendKind
	// Addr is the backend address, in IPv4 form if mapped; the zero Addr
	// when it is not known.
	Addr netip.Addr
	// Port is the backend's port (TCP).
	Port uint16
	// Verdict is the group's decision and what decided it.
	Verdict Verdict
}

// Error names the backend and what decided, for example `authorization
// "b": security group "sg-1" denies 10.0.1.9 port 80 (CLB backend): denied
// by rule 3 (drop, priority 1, 10.0.0.0/8)`. A denial by a group without
// a type reads `security group "sg-1" has no outbound rule that allows
// 10.0.1.9 (CLB backend)`. For a backend called directly it begins with
// the endpoint instead: `backend http://10.0.1.9:80: security group ...`.
func (e *EgressError) Error() string {
	subject := "authorization " + strconv.Quote(e.Authorization)
	if e.Authorization == "" && e.Endpoint != "" {
		subject = "backend " + e.Endpoint
	}
	head := subject + ": security group " + strconv.Quote(e.SecurityGroup)
	backend := e.Backend.String() + " backend"
	addr := "its backend"
	if e.Addr.IsValid() {
		addr = e.Addr.String()
	}
	v := e.Verdict
	switch {
	case v.Outcome == Denied && v.Source == SourceDefault && v.Type == 0:
		return head + " has no outbound rule that allows " + addr + " (" + backend + ")"
	case v.Outcome == Denied:
		return head + " denies " + addr + " port " + strconv.Itoa(int(e.Port)) + " (" + backend + "): " + v.String()
	case v.Outcome == Allowed:
		why := "a CLB backend needs an explicit outbound rule"
		if e.Backend != CLB {
			why = "the backend's kind is not known, and a CLB backend needs an explicit outbound rule"
		}
		return head + " allows " + addr + " port " + strconv.Itoa(int(e.Port)) + " (" + backend + ") only by its default (" +
			v.Type.String() + " group): " + why
	}
	return head + " may or may not allow " + addr + " port " + strconv.Itoa(int(e.Port)) + " (" + backend + "): " + v.String()
}

// Unwrap returns the sentinels e matches, as the type's doc lists them.
func (e *EgressError) Unwrap() []error {
	switch {
	case e.Verdict.Outcome == Denied:
		return []error{ErrEgressDenied}
	case e.Verdict.Outcome == Allowed:
		return []error{ErrImplicitEgress}
	case !e.Addr.IsValid():
		return []error{ErrEgressUnverified, ErrUnknownAddr}
	}
	return []error{ErrEgressUnverified}
}

// errNoGroup is the error of a nil *EgressChecker.
var errNoGroup = fmt.Errorf("%w: no security group (nil EgressChecker)", ErrInvalidSecurityGroup)

package authz

import (
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

// BackendKind is the kind of resource an authorization points at.
// The zero value, UnknownBackend, means the kind is not known.
type BackendKind uint8

// The backend kinds.
const (
	// UnknownBackend is a backend of unknown kind.
	UnknownBackend BackendKind = iota
	// ECS is an Elastic Compute Service instance.
	ECS
	// CLB is an internal Classic Load Balancer (SLB) instance.
	CLB
)

// String returns "ECS", "CLB", or "unknown".
func (k BackendKind) String() string {
	switch k {
	case ECS:
		return "ECS"
	case CLB:
		return "CLB"
	}
	return "unknown"
}

// ParseBackendKind returns the kind named by s: "ECS", "CLB" or its other
// name "SLB", and "" for UnknownBackend. Anything else is an error matching
// [ErrInvalidBackendKind].
func ParseBackendKind(s string) (BackendKind, error) {
	switch s {
	case "ECS":
		return ECS, nil
	case "CLB", "SLB":
		return CLB, nil
	case "":
		return UnknownBackend, nil
	}
	return UnknownBackend, fmt.Errorf("%w %q: want ECS, CLB (or SLB), or empty", ErrInvalidBackendKind, s)
}

// MarshalText returns "ECS", "CLB", or "" for UnknownBackend.
func (k BackendKind) MarshalText() ([]byte, error) {
	if k == UnknownBackend {
		return []byte{}, nil
	}
	if k > CLB {
		return nil, fmt.Errorf("%w: %d", ErrInvalidBackendKind, uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText sets *k with [ParseBackendKind]'s rules; on error *k is
// unchanged.
func (k *BackendKind) UnmarshalText(text []byte) error {
	v, err := ParseBackendKind(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Authorization is a VPC access authorization: a name for a backend
// resource (an ECS or SLB instance, or a private IP) and port in a VPC.
// The zero value is an empty authorization, which Validate rejects.
type Authorization struct {
	// Name is the authorization's name, which APIs and plug-ins refer to.
	Name string `json:"name"`
	// VPCID is the backend's VPC.
	VPCID string `json:"vpcId"`
	// InstanceID is the backend: an ECS or SLB instance ID, or a private IP
	// address.
	InstanceID string `json:"instanceId"`
	// Port is the backend's port; 0 is missing.
	Port uint16 `json:"port"`
	// Addr is the backend's private IP address when known. When InstanceID
	// is an IP address, Addr is either unset or equal to it.
	Addr netip.Addr `json:"addr,omitzero"`
	// HostName is the host header sent to the backend, if any.
	HostName string `json:"hostName,omitempty"`
	// Backend is the backend's kind, when known.
	Backend BackendKind `json:"backend,omitzero"`
	// SecurityGroupID is the backend's security group, when known.
	SecurityGroupID string `json:"securityGroupId,omitempty"`
}

// Validate reports every problem with a at once, joined; each is a
// [*field.Error] at the JSON path of its field ("name", "vpcId",
// "instanceId", "port", "addr") matching [ErrInvalidAuthorization]:
//
//   - Name, VPCID, InstanceID and Port are required (also
//     [instance.ErrRequired]);
//   - InstanceID is either a resource ID (ASCII letters, digits and '-',
//     starting with a letter: "i-bp1abc", "lb-bp1xyz") or an IP address as
//     [cidr.ParseAddr] reads it. Anything else is an error (also
//     [cidr.ErrInvalidAddr]), never an opaque ID: "010.0.0.1", "10.1",
//     "10.0.0.0/24", " 10.0.0.1", "+10.0.0.1", "[10.0.0.1]", fullwidth
//     digits, a zero-width or BOM prefix, "   ", "i-1 10.0.0.1";
//   - an Addr with an IPv6 zone is an error (also [cidr.ErrInvalidAddr]);
//   - an Addr that differs from an IP InstanceID is an error. IPv4-mapped
//     forms compare as IPv4.
//
// Any unicast or other address is accepted (VPCs may use public ranges).
// Validate does not allocate when a is valid.
func (a Authorization) Validate() error {
	_, _, err := a.resolve()
	return err
}

// resolve validates a, as Validate does, and returns the backend's address
// (as Address does), parsing InstanceID once for both.
func (a Authorization) resolve() (addr netip.Addr, known bool, err error) {
	addrOK := !a.Addr.IsValid() || a.Addr.Zone() == ""
	if a.Name != "" && a.VPCID != "" && a.Port != 0 && addrOK && isResourceID(a.InstanceID) {
		// The common case: an opaque instance ID, and maybe its address.
		return a.Addr.Unmap(), a.Addr.IsValid(), nil
	}
	var l field.List
	bad := func(p field.Path, err error) {
		l.Add(p, fmt.Errorf("%w: %w", ErrInvalidAuthorization, err))
	}
	for _, f := range []struct {
		path field.Path
		v    string
	}{{"name", a.Name}, {"vpcId", a.VPCID}, {"instanceId", a.InstanceID}} {
		if f.v == "" {
			bad(f.path, instance.ErrRequired)
		}
	}
	if a.Port == 0 {
		bad("port", instance.ErrRequired)
	}
	if !addrOK {
		bad("addr", fmt.Errorf("%w: %s has an IPv6 zone", cidr.ErrInvalidAddr, a.Addr))
	}
	addr, known = a.Addr.Unmap(), a.Addr.IsValid()
	if a.InstanceID != "" && !isResourceID(a.InstanceID) {
		ip, err := cidr.ParseAddr(a.InstanceID)
		switch {
		case err != nil:
			bad("instanceId", fmt.Errorf("not a resource ID (ASCII letters, digits and '-', starting with a letter) and %w", err))
		case known && addrOK && addr != ip:
			bad("addr", fmt.Errorf("%s differs from instanceId %s", a.Addr, ip))
		default:
			addr, known = ip, true
		}
	}
	if err := l.Err(); err != nil {
		return netip.Addr{}, false, err
	}
	return addr, known, nil
}

// Address returns the backend's private IP address, in IPv4 form when it is
// IPv4-mapped: Addr when set, else InstanceID when it is an IP address. It
// returns false when the address is not known or a is not valid.
func (a Authorization) Address() (netip.Addr, bool) {
	addr, known, err := a.resolve()
	return addr, known && err == nil
}

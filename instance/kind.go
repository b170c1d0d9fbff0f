package instance

import "fmt"

// Kind is the type of an API Gateway instance.
//
// The zero value is no valid kind: it has no capabilities, String returns
// "invalid", and it does not marshal.
type Kind uint8

// The instance kinds. Their API values are those of the cloud's
// InstanceType field.
const (
	// Serverless is the shared instance (API value "VPC_SHARED").
	Serverless Kind = iota + 1
	// Dedicated is the conventional dedicated instance (API value "normal").
	Dedicated
	// VPCIntegration is the VPC integration instance (API value
	// "vpc_connect").
	VPCIntegration
)

var kindNames = [...]struct{ name, api string }{
	Serverless:     {"serverless", "VPC_SHARED"},
	Dedicated:      {"dedicated", "normal"},
	VPCIntegration: {"vpc-integration", "vpc_connect"},
}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool { return k >= Serverless && k <= VPCIntegration }

// String returns the kind's name in this package: "serverless",
// "dedicated" or "vpc-integration"; "invalid" for any other value.
func (k Kind) String() string {
	if !k.Valid() {
		return "invalid"
	}
	return kindNames[k].name
}

// APIValue returns the kind's value in the cloud's API: "VPC_SHARED",
// "normal" or "vpc_connect"; "" for an invalid kind.
func (k Kind) APIValue() string {
	if !k.Valid() {
		return ""
	}
	return kindNames[k].api
}

// ParseKind returns the kind named by s: a name of this package (as String
// returns it) or an API value (as APIValue returns it), matched exactly.
// Anything else is an error matching [ErrInvalidKind].
func ParseKind(s string) (Kind, error) {
	for k := Serverless; k <= VPCIntegration; k++ {
		if s == kindNames[k].name || s == kindNames[k].api {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%w %q: want serverless, dedicated or vpc-integration (or VPC_SHARED, normal, vpc_connect)", ErrInvalidKind, s)
}

// MarshalText returns String's name. The zero Kind, which means no kind
// given, is the empty text, as the zero netip.Addr is; it reads back as
// the zero Kind in a plan and passes no check. An undefined non-zero Kind
// is an error matching [ErrInvalidKind].
func (k Kind) MarshalText() ([]byte, error) {
	if k == 0 {
		return []byte{}, nil
	}
	if !k.Valid() {
		return nil, fmt.Errorf("%w: %d", ErrInvalidKind, uint8(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText sets *k with [ParseKind]'s rules; on error *k is unchanged.
func (k *Kind) UnmarshalText(text []byte) error {
	v, err := ParseKind(string(text))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Capabilities is a row of the document's comparison of instance kinds.
// The zero value has none.
type Capabilities struct {
	// EgressFromVPC: requests reach backends from a private address of the
	// connected VPC; otherwise from an address in 100.*.*.*.
	EgressFromVPC bool
	// MultipleVPCs: the instance can forward to backends in several VPCs.
	MultipleVPCs bool
	// NeedsAuthorization: each backend resource in a VPC needs a VPC
	// access authorization.
	NeedsAuthorization bool
	// DataWorks: DataWorks integration is supported (conventional dedicated
	// instances only).
	DataWorks bool
}

// Capabilities returns the kind's row of the document's comparison table
// ("Differences from conventional dedicated instances"). The shared
// (serverless) instance, which the table does not list, reaches VPCs the
// conventional way: through authorizations, from 100.*.*.*, without
// DataWorks. An invalid kind has no capabilities.
func (k Kind) Capabilities() Capabilities {
	switch k {
	case VPCIntegration:
		return Capabilities{EgressFromVPC: true}
	case Dedicated:
		return Capabilities{MultipleVPCs: true, NeedsAuthorization: true, DataWorks: true}
	case Serverless:
		return Capabilities{MultipleVPCs: true, NeedsAuthorization: true}
	}
	return Capabilities{}
}

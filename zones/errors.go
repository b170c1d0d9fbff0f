package zones

import (
	"errors"
	"net/netip"
	"strings"
)

// Sentinel errors, matched with [errors.Is].
var (
	// ErrUnknownZone matches a zone ID the catalog does not hold.
	ErrUnknownZone = errors.New("unknown zone")
	// ErrUnknownRegion matches a region ID the catalog does not hold.
	ErrUnknownRegion = errors.New("unknown region")
	// ErrReservedConflict matches a vSwitch block that overlaps a zone's
	// reserved blocks; the error is a [*ConflictError].
	ErrReservedConflict = errors.New("overlaps a reserved CIDR block")
	// ErrInvalidVSwitch matches a vSwitch block that is not a canonical IPv4
	// prefix: the zero Prefix, an IPv6 prefix, or one with host bits set.
	// Package instance also uses it for a block of a size the cloud refuses
	// (a vSwitch mask is /16 to /29).
	ErrInvalidVSwitch = errors.New("invalid vSwitch CIDR block")
	// ErrInvalidCatalog matches every problem NewCatalog or decoding finds
	// in a table.
	ErrInvalidCatalog = errors.New("invalid zone catalog")
)

// ConflictError reports a vSwitch block that overlaps blocks reserved in a
// zone. It unwraps to [ErrReservedConflict].
type ConflictError struct {
	// Zone is the zone ID.
	Zone string
	// VSwitch is the vSwitch block, in IPv4 form.
	VSwitch netip.Prefix
	// Reserved holds the zone's blocks that VSwitch overlaps, in the
	// catalog's order.
	Reserved []netip.Prefix
}

// Error returns a message such as
// "vSwitch 172.20.1.0/24 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b".
func (e *ConflictError) Error() string {
	var b strings.Builder
	b.WriteString("vSwitch ")
	b.WriteString(e.VSwitch.String())
	b.WriteString(" overlaps ")
	for i, p := range e.Reserved {
		switch {
		case i == 0:
		case i == len(e.Reserved)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(p.String())
	}
	b.WriteString(" reserved in zone ")
	b.WriteString(e.Zone)
	return b.String()
}

// Unwrap returns ErrReservedConflict.
func (e *ConflictError) Unwrap() error { return ErrReservedConflict }

package cidr

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
)

// Sentinel errors. Match them with [errors.Is]; the concrete type of a parse
// failure is [*ParseError].
var (
	// ErrInvalidPrefix matches every prefix rejected by ParsePrefix, ParseSet,
	// NewSet or Set's JSON decoding.
	ErrInvalidPrefix = errors.New("invalid CIDR prefix")

	// ErrNotCanonical matches a prefix rejected only because host bits are set
	// below its length, such as "10.0.0.1/8". Such an error also matches
	// ErrInvalidPrefix, and its [ParseError.Canonical] holds the masked form.
	ErrNotCanonical = errors.New("host bits set")

	// ErrInvalidAddr matches every address rejected by ParseAddr.
	ErrInvalidAddr = errors.New("invalid IP address")
)

// ParseError describes text that [ParsePrefix] or [ParseAddr] rejected.
//
// It unwraps to [ErrInvalidPrefix] or [ErrInvalidAddr] (the Err field) and,
// when Canonical is valid, also to [ErrNotCanonical].
type ParseError struct {
	// Input is the rejected text, exactly as given.
	Input string
	// Reason says what is wrong with Input, in lower case.
	Reason string
	// Canonical is the masked form of a prefix whose only fault is host bits;
	// otherwise it is the zero Prefix.
	Canonical netip.Prefix
	// Err is ErrInvalidPrefix or ErrInvalidAddr.
	Err error
}

// Error returns a message that quotes the input, for example
// `invalid CIDR prefix "10.0.0.1/8": host bits set; the canonical form is 10.0.0.0/8`.
func (e *ParseError) Error() string {
	msg := e.Err.Error() + " " + strconv.Quote(e.Input) + ": " + e.Reason
	if e.Canonical.IsValid() {
		msg += "; the canonical form is " + e.Canonical.String()
	}
	return msg
}

// Unwrap returns the sentinels e matches: Err, and ErrNotCanonical when
// Canonical is valid.
func (e *ParseError) Unwrap() []error {
	if e.Canonical.IsValid() {
		return []error{e.Err, ErrNotCanonical}
	}
	return []error{e.Err}
}

// errZeroPrefix is the problem of a netip.Prefix that is not valid (the
// zero Prefix, or a length out of range), at its index in a list.
var errZeroPrefix = fmt.Errorf("%w: zero or out-of-range netip.Prefix", ErrInvalidPrefix)

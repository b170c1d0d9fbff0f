package cidr

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpcgate/vpcgate/field"
)

// ParsePrefix parses s as a CIDR prefix in canonical form, such as
// "10.0.0.0/8" or "2001:db8::/32".
//
// It is stricter than [netip.ParsePrefix], so that a typo never widens or
// shifts a block. It rejects:
//   - text netip.ParsePrefix rejects: a missing or malformed length
//     ("10.0.0.0", "10.0.0.0/08", "10.0.0.0/33"), leading zeros in IPv4
//     fields, surrounding space, IPv6 zones;
//   - host bits set below the length ("10.0.0.1/8"): the error matches
//     [ErrNotCanonical] and names the canonical form;
//   - IPv4-mapped IPv6 prefixes ("::ffff:10.0.0.0/104"): write the IPv4 prefix.
//
// Every rejection is a [*ParseError] that matches [ErrInvalidPrefix].
// An accepted prefix p satisfies ParsePrefix(p.String()) == p.
func ParsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, &ParseError{Input: s, Reason: netipReason(err, s), Err: ErrInvalidPrefix}
	}
	if p.Addr().Is4In6() {
		return netip.Prefix{}, &ParseError{Input: s, Reason: "IPv4-mapped IPv6 prefix; write it as an IPv4 prefix", Err: ErrInvalidPrefix}
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, &ParseError{Input: s, Reason: "host bits set", Canonical: m, Err: ErrInvalidPrefix}
	}
	return p, nil
}

// ParseAddr parses s as a single IPv4 or IPv6 address, such as "10.0.0.5".
//
// It rejects what [netip.ParseAddr] rejects (including "010.0.0.1", "10.1",
// a CIDR such as "10.0.0.5/32" and surrounding space), and IPv6 zones
// ("fe80::1%eth0"), which are checked before anything else. An IPv4-mapped
// IPv6 address ("::ffff:10.0.0.5") is returned in its IPv4 form, so that no
// check can be bypassed by writing an IPv4 address as IPv6. Other IPv6 forms
// that embed IPv4 ("::10.0.0.5", "64:ff9b::10.0.0.5") stay IPv6.
//
// Every rejection is a [*ParseError] that matches [ErrInvalidAddr].
func ParseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, &ParseError{Input: s, Reason: netipReason(err, s), Err: ErrInvalidAddr}
	}
	if a.Zone() != "" {
		return netip.Addr{}, &ParseError{Input: s, Reason: "IPv6 zone not allowed", Err: ErrInvalidAddr}
	}
	return a.Unmap(), nil
}

// MustParsePrefix is like [ParsePrefix] but panics on error.
// It is meant for tests and tables of constants.
func MustParsePrefix(s string) netip.Prefix {
	p, err := ParsePrefix(s)
	if err != nil {
		panic(err)
	}
	return p
}

// ParseSet parses each string with [ParsePrefix]'s rules and returns the set
// of their union. It reports every rejected string at once, joined with
// [errors.Join], each a [*field.Error] at its index (s[2]) matching
// [ErrInvalidPrefix]; on error the Set is empty.
func ParseSet(s ...string) (Set, error) { return parseSet("s", s) }

// parseSet parses strs with ParsePrefix's rules, naming a bad one
// name[i] in its error.
func parseSet(name string, strs []string) (Set, error) {
	prefixes := make([]netip.Prefix, 0, len(strs))
	var errs []error
	for i, str := range strs {
		p, err := ParsePrefix(str)
		if err != nil {
			errs = append(errs, field.New(field.Path(name).Index(i), err))
			continue
		}
		prefixes = append(prefixes, p)
	}
	if len(errs) > 0 {
		return Set{}, errors.Join(errs...)
	}
	return NewSet(prefixes...)
}

// MustParseSet is like [ParseSet] but panics on error.
// It is meant for tests and tables of constants.
func MustParseSet(s ...string) Set {
	set, err := ParseSet(s...)
	if err != nil {
		panic(err)
	}
	return set
}

// netipReason turns a netip parse error into a reason that does not repeat
// the input: netip's messages have the shape `netip.ParseX("in"): reason`.
func netipReason(err error, input string) string {
	msg := err.Error()
	for _, fn := range []string{"netip.ParsePrefix(", "ParseAddr("} {
		head := fn + quote(input) + "): "
		msg = strings.TrimPrefix(msg, head)
	}
	return msg
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// UnmapPrefix returns p in IPv4 form when it is an IPv4-mapped IPv6 prefix
// that lies within ::ffff:0:0/96 (::ffff:10.0.0.0/104 becomes 10.0.0.0/8),
// and p unchanged otherwise, invalid or not. Host bits are kept.
func UnmapPrefix(p netip.Prefix) netip.Prefix {
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p
}

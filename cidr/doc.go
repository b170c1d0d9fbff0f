// Package cidr parses CIDR prefixes and addresses strictly and provides
// [Set], an immutable set of IP addresses with fast membership, overlap and
// set algebra, built on [net/netip] and [go4.org/netipx].
//
// Every rule elsewhere in vpcgate that says "must not overlap", "must lie
// within" or "must be accessible" is decided here.
//
// # Parsing
//
// [ParsePrefix] and [ParseAddr] accept only what a person means: no host
// bits ("10.0.0.1/8" names its canonical form 10.0.0.0/8 in the error), no
// IPv6 zones, no IPv4-mapped prefixes, no space, no CIDR where an address is
// expected. Failures are [*ParseError] values that match [ErrInvalidPrefix],
// [ErrNotCanonical] or [ErrInvalidAddr] with [errors.Is].
//
// # Address families
//
// A [Set] holds IPv4 and IPv6 addresses as two disjoint families, as
// net/netip, netipx and every cloud rule table do: no IPv6 prefix, not even
// ::/0, contains or overlaps an IPv4 address. An IPv4-mapped IPv6 address
// or prefix inside ::ffff:0:0/96 (::ffff:10.0.0.1) is the IPv4 one it maps,
// on the way in and in every query, so a check cannot be bypassed by
// writing an IPv4 address as IPv6; the addresses of that block are
// therefore never IPv6 addresses, and an IPv6 prefix that holds the block
// (::/0, ::/80) stands for its other addresses. Addresses with IPv6 zones
// belong to no set. Invalid (zero) addresses and prefixes belong to no set
// and overlap nothing.
//
// # Cost
//
// A Set keeps sorted, disjoint ranges with a small index on their high
// bits, about 16 bytes per IPv4 range. [Set.Contains], [Set.ContainsPrefix]
// and [Set.OverlapsPrefix] are O(log n) and [Set.Overlaps] O(n+m) or
// better; none of them allocates. Building is O(n log n). [Overlapping]
// finds every overlapping pair of two prefix lists in
// O((n+m) log(n+m) + pairs); an [Index] of one list answers for many
// others in O(m log n + pairs) each.
//
// Nothing in this package performs I/O or keeps mutable state; everything
// is safe for concurrent use.
package cidr

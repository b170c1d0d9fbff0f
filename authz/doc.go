// Package authz checks VPC access authorizations against API Gateway
// instances: whether an instance can reach the backend an authorization
// names, and whether the backend's security group lets the traffic out.
//
// Rules and their source, in the API Gateway document "VPC integration
// instances" (last updated 2026-01-09):
//
//   - "Compatibility with VPC access authorization": for a VPC integration
//     instance, the authorization's VPC ID must be the instance's VPC, and
//     the backend's private IP address must lie within the instance's
//     accessible CIDR blocks; otherwise the console says "instance cannot
//     connect to the backend <ip>" ([Check], [Checker]). The other valid
//     instance kinds accept authorizations in any VPC; an instance of zero
//     or unknown kind passes nothing ([instance.ErrInvalidKind]).
//   - "Purchase a VPC integration instance", notes on the ENI: an ECS
//     backend in the same security group as the ENI, with intra-group
//     traffic allowed, needs no outbound rule; a CLB backend always needs an
//     outbound rule that allows its address ([CheckEgress]).
//
// An authorization names its backend by a resource ID ("i-bp1abc") or an IP
// address; text that is neither, such as " 10.0.0.1" or fullwidth digits,
// is an error, never an opaque ID ([Authorization.Validate], whose problems
// are [*field.Error] values at JSON paths such as "instanceId"). An address
// that cannot be known (an authorization that names an ECS or SLB instance
// ID and no IP) cannot be checked: [Check] says so with [ErrUnknownAddr]
// instead of guessing. IPv4-mapped IPv6 addresses are
// checked as the IPv4 addresses they map; an address with an IPv6 zone
// never passes.
//
// Nothing here performs I/O; everything is safe for concurrent use.
package authz

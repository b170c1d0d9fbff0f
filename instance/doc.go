// Package instance models API Gateway instances, the purchase form of a VPC
// integration instance, and the CIDR blocks such an instance may reach.
//
// Rules and their source, in the API Gateway document "VPC integration
// instances" (last updated 2026-01-09):
//
//   - "Differences from conventional dedicated instances": the comparison
//     table, as [Kind.Capabilities].
//   - "Purchase a VPC integration instance": the VPC, the instance CIDR block
//     (one of [InstanceCIDRs]), and per zone a vSwitch and a security group;
//     the vSwitch must not conflict with the instance CIDR block nor overlap
//     the blocks reserved in its zone (package zones), and be a size the
//     cloud accepts (/16 to /29, VPC CreateVSwitch). [Spec.Validate]
//     checks all of it and reports every problem at once, each a
//     [*FieldError] naming its field by its JSON path, such as
//     zones[1].vSwitchCidr. [Spec.CheckVPC] checks what needs the VPC: its
//     ID, and each vSwitch inside the VPC's own CIDR blocks.
//   - "Add accessible CIDR blocks": a new instance reaches only its vSwitch
//     blocks; a block added by hand must lie within the instance's VPC or a
//     network connected to it ([Instance.AllowCIDR], and
//     [Instance.AllowCIDRs] for many at once). The VPC, CIDR block and
//     placements cannot change after creation ([ValidateUpdate]).
//
// Zones and regions come from a [zones.Catalog]; wherever a *zones.Catalog
// parameter is nil, [zones.Default] is meant. IPv4 and IPv6 blocks never
// contain each other; an IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is
// the IPv4 block it maps.
//
// Values are plain structs. Methods that "change" an [Instance] return a
// new one and leave the receiver, and everything it refers to, untouched.
// Nothing here performs I/O; everything is safe for concurrent use.
package instance

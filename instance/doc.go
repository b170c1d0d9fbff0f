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
//     the blocks reserved in its zone (package zones). [Spec.Validate]
//     checks all of it and reports every problem at once, each naming its
//     field by its Go path, such as Zones[1].VSwitchCIDR.
//   - "Add accessible CIDR blocks": a new instance reaches only its vSwitch
//     blocks; a block added by hand must lie within the instance's VPC or a
//     network connected to it ([Instance.AllowCIDR]). The VPC, CIDR block
//     and placements cannot change after creation ([ValidateUpdate]).
//
// Values are plain structs. Methods that "change" an [Instance] return a
// new one and leave the receiver, and everything it refers to, untouched.
// Nothing here performs I/O; everything is safe for concurrent use.
package instance

// Package vpcgate plans and validates API Gateway VPC integration instances
// before anything touches the cloud: it says "this plan will be rejected,
// and here is why" for the instance's CIDR block and vSwitches, the blocks
// it may reach, the VPC access authorizations it uses, and the move of API
// groups onto it.
//
// The rules come from the API Gateway document "VPC integration instances"
// (last updated 2026-01-09); each package names the sections it implements.
// Nothing in this module performs I/O, reads the environment, logs, or keeps
// mutable global state; everything exported is safe for concurrent use.
//
// # Packages
//
//   - [github.com/vpcgate/vpcgate/cidr]: strict CIDR and address parsing, and
//     [cidr.Set], an immutable IP-address set with O(log n) queries.
//   - [github.com/vpcgate/vpcgate/zones]: the CIDR blocks reserved in each of
//     the 86 zones, and the check that a vSwitch does not overlap them.
//   - [github.com/vpcgate/vpcgate/instance]: instance kinds and their
//     capabilities, the purchase form and its validation, accessible blocks.
//   - [github.com/vpcgate/vpcgate/authz]: VPC access authorizations, and
//     whether an instance can reach their backends.
//   - [github.com/vpcgate/vpcgate/migrate]: moving an API group to another
//     instance, all or nothing.
//
// # A walk through
//
// Validate the purchase form with [instance.Spec.Validate]: it reports every
// problem at once, for example that the vSwitch of zone cn-hangzhou-b,
// 172.20.1.0/24, overlaps the block 172.20.0.0/16 that the zone reserves.
// [instance.SuggestVSwitch] proposes a block that works. Create the
// instance value with [instance.New]; its accessible blocks start as its
// vSwitch blocks, and [instance.Instance.AllowCIDR] adds blocks of the VPC
// or of networks connected to it. [authz.NewChecker] checks each VPC access
// authorization against the instance: same VPC, and a backend address inside
// the accessible blocks, or the console's "instance cannot connect to the
// backend <ip>". Finally [migrate.Check] validates moving an API group onto
// the instance, reference by reference, and [migrate.Apply] moves it only
// when nothing fails.
//
// # Errors
//
// Every error can be matched: sentinels such as [zones.ErrReservedConflict]
// or [authz.ErrUnreachable] with [errors.Is], and typed errors such as
// [*zones.ConflictError] or [*authz.UnreachableError], which carry the facts
// as fields, with [errors.As]; each typed error unwraps to its sentinel.
// Validators report every problem at once, joined with [errors.Join], each a
// [*instance.FieldError] that names its field by its Go path, such as
// Zones[1].VSwitchCIDR. Bad input is an error, never a panic and never a
// silent yes; only the Must functions panic.
//
// # Examples
//
// Each package has runnable examples. The programs in examples/ use the
// library end to end: "go run ./examples/preflight" checks a whole plan
// (a sample one, or yours as JSON) and prints a report a person can act on;
// "go run ./examples/reserved 172.20.0.0/16" lists the zones where a block
// would conflict.
package vpcgate

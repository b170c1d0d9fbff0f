// Package vpcgate plans and validates API Gateway VPC integration instances
// before anything touches the cloud.
//
// The module turns the document "API Gateway: VPC integration instances"
// (last updated 2026-01-09) into I/O-free packages; see the README for the
// packages that have landed so far.
//
//   - [github.com/vpcgate/vpcgate/cidr]: strict CIDR parsing and an immutable
//     IP-address set with fast membership, overlap and set algebra.
package vpcgate

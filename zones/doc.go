// Package zones is the catalog of CIDR blocks that API Gateway VPC
// integration instances reserve in each zone, and the check that a vSwitch
// does not overlap them.
//
// Source: the table "CIDR blocks reserved by VPC integration instances in
// each region" at the end of the API Gateway document "VPC integration
// instances", last updated 2026-01-09 ([Updated]). The document says: "API
// Gateway uses an internal resource CIDR block. The vSwitch you specify must
// not overlap with this internal CIDR block."
//
// # The data
//
// [Default] returns the document's table, complete and exact: 23 regions,
// 86 zones and 258 blocks, in the document's order, with the document's
// region titles. It is kept as readable text in reserved.txt, embedded in
// the package and parsed once, on first use, by the same validation that
// [NewCatalog] applies to any other table. A text file rather than a
// generated Go table was chosen so that the data can be compared with the
// document line by line, with nothing between the two to keep in step.
// Tests pin its counts, the first and last zone of every region, the
// per-zone pattern of the blocks and each region's region-wide block.
//
// A service can ship an updated table without a new release: a [Catalog]
// encodes to and decodes from JSON, and decoding is strict (unknown,
// differently cased and repeated member names, wrong types and trailing data
// are errors) and validates like NewCatalog. Problems are [field.Error]
// values named by their JSON path. Nothing changes what Default returns:
// each call returns a new handle on the one immutable table, and a nil
// *Catalog means Default everywhere.
//
// A zone belongs to the region that lists it in the catalog's data
// ([Zone].RegionID, [Catalog.ZoneRegion]), never to one guessed from the
// spelling of its ID.
//
// # Checks
//
// [Catalog.CheckVSwitch] reports a vSwitch block that overlaps a zone's
// reserved blocks as a [*ConflictError] naming exactly the blocks it
// overlaps; containment either way counts. An unknown zone is
// [ErrUnknownZone], never "nothing reserved", and an invalid or IPv6 block is
// an error, never a pass. [Catalog.Conflicting] lists every zone a block
// would conflict with.
//
// A Catalog is immutable and safe for concurrent use; everything it returns
// is a copy.
package zones

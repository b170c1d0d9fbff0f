// Package openapi reads the response bodies of Alibaba Cloud's OpenAPI
// (API Gateway, VPC, ECS, SLB) as the cloud's CLI prints them, one
// document each, into small structs named after the wire shapes.
//
// The wire's quirks live here and nowhere else: lists wrapped one level
// deep (Instances.InstanceAttribute[]), null for an empty list, empty
// strings for unset fields, ConnectCidrBlocks as a string holding a JSON
// array (also in the over-escaped form of the documentation's sample),
// Priority as a number or a numeric string, VswitchId with a lower-case s,
// "TRUE"/"FALSE" strings, routing plug-in data as JSON or YAML text, and
// the envelope {"request": {...}, "response": <body>} for bodies that do
// not name what they answer for.
//
// Reading is strict: malformed JSON, duplicate object keys, a value of the
// wrong type, a CIDR block with host bits, an address that cidr.ParseAddr
// rejects and a document of no known shape are errors, each naming the
// document (its kind and index among the documents) and the JSON path.
// Fields that are not read are ignored. The pages of the paged lists are
// gathered into calls (Listing) and counted against TotalCount; a security
// group's pages keep their NextTokens. Whether what is given is all there
// is, the caller decides from these.
//
// Nothing here performs I/O; a Snapshot is immutable once Read returns it.
package openapi

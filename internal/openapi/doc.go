// Package openapi reads the response bodies of Alibaba Cloud's OpenAPI
// (API Gateway, VPC, ECS, SLB) as the cloud's CLI prints them, one
// document each, into small structs named after the wire shapes (Read,
// ReadNamed: a Snapshot), and turns a snapshot into the library's values
// for moving API groups (Snapshot.Plan: instance.Spec, instance.VPC,
// authz.Authorization, authz.SecurityGroup, migrate.API and migrate.Plugin,
// each with the place it is read from, and notes of what the responses do
// not settle, each with the plan path it concerns). Every fact of the
// format, and every decision that rests on one, is here; vpcgate only
// assembles the result into its Plan.
//
// The wire's quirks live here and nowhere else: lists wrapped one level
// deep (Instances.InstanceAttribute[]), null for an empty list, empty
// strings for unset fields, ConnectCidrBlocks as a string holding a JSON
// array (also in the over-escaped form of the documentation's sample),
// Priority as a number or a numeric string, VswitchId with a lower-case s,
// "TRUE"/"FALSE" strings, routing plug-in data as JSON or YAML text, the
// CLI's --pager output (the collection alone: the whole list), and the
// envelope {"request": {...}, "response": <body>} for bodies that do not
// name what they answer for, whose request also says a call's filters,
// NextToken and Direction.
//
// The responses are facts: a CIDR block with host bits set is the block
// it names (recorded in Snapshot.Masked), and a field that is missing
// leaves what depends on it unknown (a reason in the struct, or a Gap),
// never an error; so does an address a backend is called at that
// authz.ParseEndpoint rejects, or that names no port (Unread, or a
// reason in the struct). Malformed JSON, duplicate object keys, a value of the
// wrong type or invalid, and a document of no known shape are errors,
// each naming the document (its kind and index among the documents, or its
// name, quoted, for ReadNamed) and the JSON path. Fields that are not read
// are ignored.
//
// The pages of the paged lists are gathered into calls (Listing) and
// counted against TotalCount; two calls of one request that each hold
// every item, or a call and a wider one that holds every item, must agree.
// A security group's pages are put together by their NextTokens into
// calls, and its outbound rules are those of one call that holds them all
// (SecurityGroupAttribute.Gap says why there is none). Whether what is
// given is all there is, the caller decides from these.
//
// Nothing here performs I/O; a Snapshot is immutable once Read returns it.
// The cost of a read is linear in the documents' size: a document's tree
// keeps its values in place (one allocation per chunk of containers), the
// paths of a read or a plan share large blocks of text, and the resources
// of a page share one allocation, so that besides what internal/jsontree
// allocates (a string per key and value, two slices per object) a read
// allocates little per value it reads. The documents whose number or size
// grows with an account, a DescribeVpcAccesses page and the DescribeApi of
// each API, are read without a tree when they have no problem (fast.go,
// fast_api.go): straight from their bytes into the few values the readers
// look at; any other document, and any problem, is the tree's, so that
// the problems are worded in one place.
package openapi

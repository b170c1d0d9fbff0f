// Package vpcgate plans and validates API Gateway VPC integration instances
// before anything touches the cloud: it says "this plan will be rejected,
// and here is why" for the instances' CIDR blocks and vSwitches, the blocks
// they may reach, the VPC access authorizations they use, the outbound rules
// of their security groups, and the move of API groups onto them.
//
// The rules come from the API Gateway document "VPC integration instances"
// (last updated 2026-01-09); each package names the sections it implements.
// Nothing in this module performs I/O, reads the environment, logs, or keeps
// mutable global state; everything exported is safe for concurrent use.
//
// # The whole plan
//
// This package checks a whole plan at once: [ParsePlan] reads it strictly
// from JSON, [Check] runs every rule of every package over it and returns a
// [Report] whose findings name their place by JSON path, with the rule's
// reason and a fix ([Rules] lists every code). A plan that cannot be read
// gets an [InputReport] instead ([NewInputReport], [InputProblems]): every
// problem with its place, as JSON or text. A plan is one JSON object;
// field names are the lowerCamel JSON names of the library's types:
//
//	{
//	  "comment": "free text",
//	  "instance": {                             // the purchase form
//	    "id": "apigw-1",                        // optional for one instance
//	    "name": "gw-prod", "regionId": "cn-hangzhou", "vpcId": "vpc-1",
//	    "cidr": "192.168.0.0/16",               // 192.168.0.0/16 or 172.16.0.0/12
//	    "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1",
//	               "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]
//	  },
//	  "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/16"], "connected": ["10.200.0.0/16"]},
//	  "accessible": ["10.0.8.0/22"],            // blocks beyond the vSwitches'
//	  "authorizations": [{"name": "orders", "vpcId": "vpc-1",
//	    "instanceId": "i-1 or 10.0.1.5", "addr": "10.0.1.5", "port": 80,
//	    "hostName": "", "backend": "ECS|CLB", "securityGroupId": "sg-1"}],
//	  "securityGroups": [{"id": "sg-1", "type": "normal|enterprise",
//	    "innerAccessPolicy": "Accept|Drop",
//	    "rules": [{"policy": "accept|drop", "priority": 1, "ipProtocol": "TCP",
//	               "portRange": "80/80", "destCidrIp": "10.0.0.0/16"}],
//	    "intraGroup": true, "egress": ["10.0.8.0/22"]}],   // the older simple form
//	  "groups": [{"id": "g-1", "name": "shop", "regionId": "cn-hangzhou",
//	    "instance": {"id": "apigw-shared", "kind": "serverless", "regionId": "cn-hangzhou",
//	                 "egress": ["100.104.254.0/26"]},  // optional: where its requests come from
//	    "to": "apigw-1",                        // optional with one instance
//	    "apis": [{"id": "api-1", "name": "GetOrder", "vpcAccess": "orders"},
//	             {"id": "api-2", "name": "GetStock",    // a backend called directly
//	              "serviceAddress": "http://10.0.1.7:8080"},
//	             {"id": "api-3", "name": "Search", "discovery": "NACOS"}],
//	    "plugins": [{"id": "plg-1", "name": "routing", "type": "routing", "vpcAccess": ["orders"],
//	                 "serviceAddresses": ["http://10.0.1.8"]}],
//	    "dataWorks": false}]
//	}
//
// An instance that already exists says "exists": true, and
// "connectCidrBlocks" lists the blocks the cloud lets it reach now: facts,
// not checked again; the rules that hold only at creation are not checked
// for it. A VPC whose connected networks are not known says
// "connectedUnknown": true, and a block outside its own blocks is then
// unverified rather than outside.
//
// # Backends called directly
//
// On a VPC integration instance an API reaches a backend in the VPC with
// no VPC access authorization: its backend is simply an address
// ("serviceAddress", what the cloud calls ServiceConfig.ServiceAddress), as
// are a routing plug-in's routes ("serviceAddresses"). [Check] checks each
// such address once per instance, as an authorization's backend: an IP
// address in private space, the VPC or its connected networks must lie in
// the accessible blocks (the console's "instance cannot connect to the
// backend <ip>") and the outbound rules of the instance's security groups
// must allow TCP to it on its port (the URL's, or 80 for http and 443 for
// https). A host name is resolved only when the call is made, and a
// service-discovery backend ("discovery") has members not known before it,
// so both are unverified; a public address is not a VPC backend and is not
// checked. [authz.ParseEndpoint] reads an address; [migrate.Check] applies
// the same rules to one move.
// A plan with several instances (an instance reaches one VPC, so a team with
// several VPCs has several) writes "instances" (each an "instance" object
// with its own "accessible") and "vpcs" (a list of "vpc" objects found by
// ID) instead of "instance", "vpc" and "accessible", and each group says
// where it goes with "to". A group without "to", or whose move fails, gets
// placement advice: which instances would take it, or why none would.
//
// CIDR blocks and addresses are written in canonical form ("10.0.0.0/24"):
// host bits, IPv6 zones and IPv4-mapped prefixes are errors (an IPv4-mapped
// address such as ::ffff:10.0.0.5 is read as the IPv4 address it maps, so
// that no check can be bypassed with it), as are unknown
// fields, keys given twice, and values of the wrong type; every such problem
// is reported at once with its path, line and column.
//
// # Reading what you already have
//
// Instead of writing a plan, read it from what the cloud and Terraform
// already hold. [ReadResponses] (or [ReadNamedResponses], which names
// every place by file) reads saved OpenAPI responses into a [Snapshot],
// and [Snapshot.Plan] gives the plan that moves the groups you name
// ([Move]) onto the instances you name, as the cloud holds them.
// [ReadTerraformPlan] reads the JSON of "terraform show -json". Both read
// the cloud's data as facts: what they cannot know (a response not given,
// a value known only after apply) is a note of the plan, which Check
// reports as unverified, never as a pass and never as a problem.
//
// # In a pipeline
//
// A [Report] writes itself as text, JSON, SARIF 2.1.0, GitHub Actions
// annotations or JUnit XML ([Report.Write]); each finding has a severity
// and a stable fingerprint, and [Report.Locate], [Report.LocateTerraform]
// and [Report.LocateResponses] give it the file, line and column of its
// value. [ParseWaivers] reads waivers (a code, a place pattern, a reason,
// an owner, an expiry date) that [Options] applies; [Report.Fails] says
// whether a gate fails. [Rules] and [RulesIn] give every rule's title,
// reason and fix in English and Simplified Chinese.
//
// # The least change that passes
//
// A fixable finding carries a [Remedy]: the least change that clears it,
// as data (accessible blocks covering exactly the unreachable backends,
// outbound accept rules for exactly the failing traffic, the vSwitch or
// instance CIDR block suggested, an authorization to create), or why it
// cannot be made. [Report.FixedPlan] applies every remedy to the plan
// checked: checking that plan again clears each remedied finding and adds
// no problem. [Report.WriteFix] writes the remedies as that plan, as
// Terraform for the alicloud provider, or as the cloud's CLI calls.
//
// # Packages
//
//   - [github.com/vpcgate/vpcgate/field]: the JSON paths every validator
//     names its problems by.
//   - [github.com/vpcgate/vpcgate/cidr]: strict CIDR and address parsing, and
//     [cidr.Set], an immutable IP-address set with O(log n) queries.
//   - [github.com/vpcgate/vpcgate/zones]: the CIDR blocks reserved in each of
//     the 86 zones, and the check that a vSwitch does not overlap them.
//   - [github.com/vpcgate/vpcgate/instance]: instance kinds and their
//     capabilities, the purchase form and its validation, accessible blocks.
//   - [github.com/vpcgate/vpcgate/authz]: VPC access authorizations, whether
//     an instance can reach their backends, and security groups' outbound
//     rules as the cloud evaluates them.
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
// [*field.Error] that names its field by its JSON path, such as
// zones[1].vSwitchCidr. Bad input is an error, never a panic and never a
// silent yes; only the Must functions panic.
//
// # Examples
//
// Each package has runnable examples. The programs in examples/ are thin
// commands on the library: "go run ./examples/preflight" checks a whole plan
// (a sample one, or yours as JSON) with ParsePlan and Check and prints the
// report;
// "go run ./examples/reserved 172.20.0.0/16" lists the zones where a block
// would conflict.
package vpcgate

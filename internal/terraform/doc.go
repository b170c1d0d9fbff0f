// Package terraform reads the JSON that `terraform show -json` prints for a
// saved plan into the library's values: the alicloud provider's resources
// as instance.Spec and instance.VPC, authz.Authorization and
// authz.SecurityGroup, migrate.API and migrate.Plugin, with each instance's
// Exists, ConnectCidrBlocks and Accessible, the notes the plan calls for,
// and each value's place (a resource address and attribute). The root
// package only assembles them into a Plan.
//
// The layers, bottom up:
//   - json.go: Parse, the tree of a JSON document (the shared strict
//     decoder, internal/jsontree);
//   - wire.go: Decode, the parts of the plan document read, into small
//     structs named after hashicorp/terraform-json's (Plan, Resource,
//     Change, Module);
//   - resolve.go: Index, each resource instance with its change and its
//     configuration block, and Attr, an attribute's value followed through
//     the configuration's references while it is known only after apply;
//   - alicloud.go: the provider's facts (resource types, attributes that
//     hold IDs, ForceNew attributes, write-only attributes, the stand-ins
//     for IDs known only after apply), each written once;
//   - read.go, network.go, secgroup.go, authz.go, groups.go: Read, the
//     resources into Values (groups.go reads a routing plug-in's
//     plugin_data, JSON or YAML, with internal/routing, as internal/openapi
//     reads the cloud's PluginData).
//
// Decoding is strict where the reader depends on the document (malformed
// JSON, duplicate object keys, a wrong JSON type at a path that is read, a
// format_version it does not understand, a value the library rejects, a
// contradiction of the plan) and lenient elsewhere: fields the format adds
// later are ignored. Every problem names its JSON path in the document. A
// value known only after apply is never a pass and never a problem: it is
// left zero, or stands for what it may be, with a Note. Nothing here
// performs I/O or keeps state.
package terraform

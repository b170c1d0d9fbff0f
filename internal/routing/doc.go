// Package routing reads the text of a routing plug-in's data: the cloud's
// PluginData (DescribePlugins) and the Terraform provider's plugin_data
// (alicloud_api_gateway_plugin), JSON or YAML with one schema,
// {"routes": [{"name", "condition", "backend": {"type", "vpcAccessName" |
// "address", ...}, ...}]} (the vendor's "Backend routing" document; the
// provider's documentation writes it as JSON, the vendor's as YAML).
//
// It is shared by the module's two readers of that data, internal/openapi
// (responses) and internal/terraform (plans): [Split] tells JSON from YAML,
// and [ParseYAML] reads the small subset of YAML the data uses into a tree
// that the caller's [jsontree.Builder] makes, the same tree its JSON
// decoder makes, so that each reader reads the routes of either form with
// one code path. Nothing here performs I/O or keeps state.
package routing

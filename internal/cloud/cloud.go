// Package cloud holds facts of Alibaba Cloud's API Gateway that more than
// one reader needs (the OpenAPI responses and the Terraform provider
// describe the same cloud), so that each fact is written once.
package cloud

// NonVPCBackend reports whether typ, the type of an API Gateway backend
// service or of one of its stages (BackendType, BackendConfig.Type,
// backend_type), is one that is not in a VPC: the values the provider
// accepts (alicloud/resource_alicloud_api_gateway_backend.go and
// resource_alicloud_api_gateway_backend_model.go) other than "VPC",
// compared exactly (the provider's validation is case-sensitive). The
// readers treat any other type, unknown and absent included, as one that
// may reach a VPC.
func NonVPCBackend(typ string) bool {
	switch typ {
	case "HTTP", "FC_EVENT", "FC_EVENT_V3", "FC_HTTP", "FC_HTTP_V3", "OSS", "MOCK", "EVENTBRIDGE":
		return true
	}
	return false
}

package terraform

import "strconv"

// The alicloud resource types the reader reads and the fix writers write
// (aliyun/terraform-provider-alicloud).
const (
	TypeInstance          = "alicloud_api_gateway_instance"
	TypeVPC               = "alicloud_vpc"
	TypeVSwitch           = "alicloud_vswitch"
	TypeSecurityGroup     = "alicloud_security_group"
	TypeSecurityGroupRule = "alicloud_security_group_rule"
	TypeVPCAccess         = "alicloud_api_gateway_vpc_access"
)

// The alicloud resource types the reader reads, by their short names.
const (
	tfInstance     = TypeInstance
	tfVPC          = TypeVPC
	tfVPCCIDR      = "alicloud_vpc_ipv4_cidr_block"
	tfVSwitch      = TypeVSwitch
	tfSecGroup     = TypeSecurityGroup
	tfSecGroupRule = TypeSecurityGroupRule
	tfVPCAccess    = TypeVPCAccess
	tfGroup        = "alicloud_api_gateway_group"
	tfAPI          = "alicloud_api_gateway_api"
	tfPlugin       = "alicloud_api_gateway_plugin"
	tfPluginAttach = "alicloud_api_gateway_plugin_attachment"
	// tfGroupPluginAttach binds a plug-in to a whole group (provider
	// v1.278.0 and later).
	tfGroupPluginAttach = "alicloud_api_gateway_group_plugin_attachment"
	tfECS               = "alicloud_instance"
	tfBackend           = "alicloud_api_gateway_backend"
	tfBackendModel      = "alicloud_api_gateway_backend_model"
	tfServiceLinkedRole = ServiceLinkedRoleType
)

// ServiceLinkedRoleType is the provider's service-linked role resource
// (alicloud/resource_alicloud_resource_manager_service_linked_role.go):
// service_name, Required and ForceNew, names the trusted service.
const ServiceLinkedRoleType = "alicloud_resource_manager_service_linked_role"

// idAttr reports whether attribute name holds resource IDs: the alicloud
// attributes the reader reads that name another resource. Only there does
// the address of a resource created with the plan stand for its ID known
// only after apply.
func idAttr(name string) bool {
	switch name {
	case "id", "vpc_id", "user_vpc_id", "vswitch_id", "security_group", "security_groups", "security_group_id",
		"source_security_group_id", "prefix_list_id", "instance_id", "group_id", "plugin_id", "backend_id", "api_id", "network_acl_id", "resource_id":
		return true
	}
	return false
}

// instanceForceNew lists the ForceNew attributes of an
// alicloud_api_gateway_instance that place it in its network: a change of
// one replaces the instance.
var instanceForceNew = []string{"zone_vswitch_security_group", "instance_cidr", "user_vpc_id"}

// The write-only attributes of an alicloud_api_gateway_instance that
// ModifyInstanceAttribute sends (ToConnectVpcIpBlock, DeleteVpcIpBlock),
// and the computed one that holds what the cloud holds: a string holding a
// JSON array (ConnectCidrBlocks).
const (
	toConnectBlock    = "to_connect_vpc_ip_block"
	deleteBlock       = "delete_vpc_ip_block"
	connectCIDRBlocks = "connect_cidr_blocks"
)

// vpcConnect is the instance_type of a VPC integration instance.
const vpcConnect = "vpc_connect"

// routingPlugin is the plugin_type of a routing plug-in, and
// httpVPCRoutes the backend types of its routes that name a VPC access
// authorization (the older spelling too).
const routingPlugin = "routing"

func httpVPCRoute(typ string) bool { return typ == "HTTP-VPC" || typ == "HTTP_VPC" }

// The service_type values of an alicloud_api_gateway_api
// (resource_alicloud_api_gateway_api.go: StringInSlice of MOCK, HTTP-VPC,
// FunctionCompute, HTTP). An HTTP-VPC API's backend is a VPC access
// authorization, named by http_vpc_service_config[0].name; an HTTP API
// calls http_service_config[0].address directly (the provider sends it as
// ServiceConfig.ServiceAddress, with serviceVpcEnable "FALSE"); a MOCK or
// FunctionCompute API's backend is in no VPC.
const (
	httpVPCService = "HTTP-VPC"
	httpService    = "HTTP"
	mockService    = "MOCK"
	fcService      = "FunctionCompute"
	// serviceTypes lists them, for notes.
	serviceTypes = "MOCK, HTTP-VPC, FunctionCompute, HTTP"
)

// httpRoute is the backend type of a routing plug-in's route that calls
// backend.address directly (the vendor's "Backend routing" document, the
// provider's plugin example: {"type":"HTTP","address":"https://..."}). A
// route's backend is laid over the API's own, so an HTTP route without an
// address calls the API's address.
const httpRoute = "HTTP"

// mockRoute is the backend type of a routing plug-in's route that answers
// with a mock response: it calls no backend.
const mockRoute = "MOCK"

// httpBackend is the backend_type of an alicloud_api_gateway_backend_model
// whose backend_model_data (a JSON object in a string, the keys of
// CreateBackendModel's BackendModelData) names the address it calls as
// modelAddress: {"ServiceAddress":"http://apigateway.alicloudapi.com:8080"}
// in the provider's documentation and tests
// (resource_alicloud_api_gateway_backend_model.go, provider v1.280.0).
const (
	httpBackend  = "HTTP"
	modelAddress = "ServiceAddress"
)

// unknownID stands for an authorization's backend (instance_id) known only
// after apply that is no resource of the plan: a resource ID, so that the
// authorization is whole, whose address is unknown, so that its
// reachability is unverified, never missing.
const unknownID = "unknown-until-apply"

// StandsIn reports whether id is what the reader puts in the place of a
// resource ID known only after apply, of the resource at address addr,
// the i-th of its kind in the plan: its address, or the resource ID made
// of it (plannedID). A fix that names the resource by its ID cannot be
// run before apply.
func StandsIn(id, addr string, i int) bool {
	return addr != "" && (id == addr || id == plannedID(addr, i))
}

// plannedID returns the ID that stands, in the plan, for resource i (a
// security group, or an ECS instance) created with the Terraform plan at
// addr, whose ID is known only after apply. Resource IDs are ASCII letters,
// digits and '-', which an address is not, so the ID is the address with
// every other byte made a '-', then '-' and i, which keeps IDs unique:
// "alicloud_security_group.sg" (the first group) is
// "alicloud-security-group-sg-0".
func plannedID(addr string, i int) string {
	b := []byte(addr)
	for j, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[j] = '-'
		}
	}
	return string(b) + "-" + strconv.Itoa(i)
}

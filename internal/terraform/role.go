package terraform

import "github.com/vpcgate/vpcgate/internal/cloud"

// readServiceLinkedRole says whether the account will have the
// service-linked role that an instance the plan creates needs: an
// alicloud_resource_manager_service_linked_role whose service_name is
// API Gateway's (cloud.ServiceLinkedRoleService) in the plan, created or
// kept, makes it RoleCreated, at its service_name. A service_name known
// only after apply is not that service's.
//
// Without one the plan does not say (RoleNotSaid), and whether the account
// has the role is not known: the provider's instance resource does not
// create it and a plan cannot show the account's roles.
func (t *planReader) readServiceLinkedRole() {
	creates := false
	for _, in := range t.v.Instances {
		creates = creates || !in.Exists
	}
	if !creates {
		return
	}
	for _, r := range t.resources(tfServiceLinkedRole) {
		if t.str(r, "service_name") == cloud.ServiceLinkedRoleService {
			t.v.Role, t.v.RoleAt = RoleCreated, r.Address+".service_name"
			return
		}
	}
}

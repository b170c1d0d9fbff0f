package terraform

import "github.com/vpcgate/vpcgate/internal/cloud"

// readServiceLinkedRole says whether the account will have the
// service-linked role that an instance the plan creates needs:
//
//   - an alicloud_resource_manager_service_linked_role whose service_name
//     is API Gateway's (cloud.ServiceLinkedRoleService) in the plan,
//     created or kept, makes it RoleCreated, at its service_name (a
//     service_name known only after apply is not that service's);
//   - else a VPC integration instance the account already holds (in the
//     plan's prior state: kept, updated, replaced or forgotten) proves it,
//     RoleHeld at that instance: its creation needed the role, which cannot
//     be deleted while an instance uses it. Only an instance of the same
//     provider configuration counts (another may be another account), and
//     it must count for every instance to create.
//
// Otherwise whether the account has the role is not known (RoleUnknown, at
// the first instance to create): the provider's instance resource does not
// create it and a plan cannot show the account's roles. A plan that creates
// no instance does not say (RoleNotSaid).
func (t *planReader) readServiceLinkedRole() {
	creates, first := map[string]bool{}, "" // the provider configurations of the instances to create
	for _, in := range t.v.Instances {
		if !in.Exists {
			if r := t.ix.Lookup(in.At.Resource); r != nil {
				creates[r.ProviderKey()] = true
			}
			if first == "" {
				first = in.At.Resource
			}
		}
	}
	if first == "" {
		return
	}
	for _, r := range t.resources(tfServiceLinkedRole) {
		if t.str(r, "service_name") == cloud.ServiceLinkedRoleService {
			t.v.Role, t.v.RoleAt = RoleCreated, r.Address+".service_name"
			return
		}
	}
	held, at := map[string]bool{}, ""
	for _, r := range t.resources(tfInstance) {
		if t.heldVPCInstance(r) && !held[r.ProviderKey()] {
			held[r.ProviderKey()] = true
			if at == "" {
				at = r.Address
			}
		}
	}
	for key := range creates {
		if !held[key] {
			t.v.Role, t.v.RoleAt = RoleUnknown, first
			return
		}
	}
	t.v.Role, t.v.RoleAt = RoleHeld, at
}

// heldVPCInstance reports whether r is a VPC integration instance that
// exists before the plan is applied.
func (t *planReader) heldVPCInstance(r *Res) bool {
	if c := r.Change; c != nil && !r.Forgotten {
		before := c.Before.Get("instance_type")
		return before != nil && before.Kind == String && before.Text == vpcConnect
	}
	return t.exists(r) && t.str(r, "instance_type") == vpcConnect
}

package terraform

import (
	"fmt"

	"github.com/vpcgate/vpcgate/authz"
)

// The provider's network ACL resources (alicloud/resource_alicloud_network_acl.go,
// resource_alicloud_network_acl_attachment.go, resource_alicloud_vpc_network_acl_attachment.go).
const (
	tfNetworkACL       = "alicloud_network_acl"
	tfNetworkACLAttach = "alicloud_network_acl_attachment"
	tfVPCNetworkACLAtt = "alicloud_vpc_network_acl_attachment"
)

// NetworkACL is an alicloud_network_acl of the plan, with the vSwitches
// it and the attachments bind it to.
type NetworkACL struct {
	authz.NetworkACL
	// At is the resource's address.
	At string
}

// readNetworkACLs reads the alicloud_network_acl resources: their
// ingress_acl_entries and egress_acl_entries (TypeList: "The order of the
// ingress entries determines the priority", the provider's documentation),
// each with policy, protocol, port and source_cidr_ip or
// destination_cidr_ip; a direction with an entry known only after apply,
// or whose list is, is not given (noted). The vSwitches come from its
// resources blocks and from alicloud_network_acl_attachment (resources)
// and alicloud_vpc_network_acl_attachment (resource_id) naming its ID.
func (t *planReader) readNetworkACLs() {
	at := map[string]int{}
	for _, r := range t.resources(tfNetworkACL) {
		a := NetworkACL{NetworkACL: authz.NetworkACL{ID: t.id(r)}, At: r.Address}
		a.Ingress = t.aclEntries(r, "ingress_acl_entries", "source_cidr_ip")
		a.Egress = t.aclEntries(r, "egress_acl_entries", "destination_cidr_ip")
		a.VSwitchIDs = t.aclResources(r, nil)
		if _, dup := at[a.ID]; !dup {
			at[a.ID] = len(t.v.NetworkACLs)
		}
		t.v.NetworkACLs = append(t.v.NetworkACLs, a)
	}
	bind := func(r *Res, vsws []string) {
		id, _ := t.text(r, "the network ACL it binds is not known", "network_acl_id")
		k, ok := at[id]
		if id == "" || !ok {
			return // an ACL the plan does not hold: its entries are not known
		}
		t.v.NetworkACLs[k].VSwitchIDs = append(t.v.NetworkACLs[k].VSwitchIDs, vsws...)
	}
	for _, r := range t.resources(tfNetworkACLAttach) {
		bind(r, t.aclResources(r, nil))
	}
	for _, r := range t.resources(tfVPCNetworkACLAtt) {
		if typ := t.str(r, "resource_type"); typ != "" && typ != "VSwitch" {
			continue
		}
		if id, _ := t.text(r, "the vSwitch it binds is not known", "resource_id"); id != "" {
			bind(r, []string{id})
		}
	}
}

// aclResources returns the vSwitch IDs of r's resources blocks.
func (t *planReader) aclResources(r *Res, out []string) []string {
	t.list(r, "the vSwitches it binds are not known", func(i int) {
		if typ := t.str(r, "resources", i, "resource_type"); typ != "" && typ != "VSwitch" {
			return
		}
		if id, _ := t.text(r, "the vSwitch it binds is not known", "resources", i, "resource_id"); id != "" {
			out = append(out, id)
		}
	}, "resources")
	return out
}

// aclEntries reads the entry list attr of r, in order, or nil when the
// plan does not give it or an entry is not known.
func (t *planReader) aclEntries(r *Res, attr, block string) *authz.ACLEntries {
	if f := t.attr(r, attr); f.Value == nil && !f.Unknown {
		return nil
	}
	n, ok := t.ix.Len(r, attr)
	if !ok {
		where := r.Address + "." + attr
		t.unverified(where, where, where+" is known only after apply: the network ACL's entries are not checked")
		return nil
	}
	es := &authz.ACLEntries{Entries: make([]authz.ACLEntry, 0, n)}
	for i := range n {
		unchecked := fmt.Sprintf("the network ACL's %s are not checked", attr)
		var e authz.ACLEntry
		var err error
		pol, f := t.text(r, unchecked, attr, i, "policy")
		if pol != "" {
			if e.Policy, err = authz.ParsePolicy(pol); err != nil {
				t.fail(f, err)
			}
		}
		proto, f := t.text(r, unchecked, attr, i, "protocol")
		if proto != "" {
			if e.Protocol, err = authz.ParseProtocol(proto); err != nil {
				t.fail(f, err)
			}
		}
		port, f := t.text(r, unchecked, attr, i, "port")
		if port != "" {
			if e.Ports, err = authz.ParsePortRange(port); err != nil {
				t.fail(f, err)
			}
		}
		e.CIDR, _ = t.prefix(r, unchecked, attr, i, block)
		e.Name = t.str(r, attr, i, "network_acl_entry_name")
		e.EntryType = t.str(r, attr, i, "entry_type")
		if pol == "" || proto == "" || port == "" || !e.CIDR.IsValid() {
			return nil
		}
		es.Entries = append(es.Entries, e)
	}
	return es
}

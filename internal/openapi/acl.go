package openapi

import (
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate/field"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
)

// NetworkAcl is a VPC network ACL of DescribeNetworkAclAttributes
// (NetworkAclAttribute) or DescribeNetworkAcls (NetworkAcls.NetworkAcl[]):
// its entries and the vSwitches it is bound to. The API gives the entries
// no priority: the order of the lists is the cloud's priority only by
// Terraform's documentation, so the entries read are marked Unordered.
type NetworkAcl struct {
	Place
	// NetworkAclId is the ACL's ID.
	NetworkAclId string
	// VpcId is the VPC's ID.
	VpcId string
	// VSwitchIds are the vSwitches of Resources.Resource[] (ResourceType
	// VSwitch), bound or binding.
	VSwitchIds []string
	// Ingress and Egress are the entries; nil when an entry cannot be
	// read (Unreadable says why).
	Ingress, Egress *authz.ACLEntries
	// Unreadable says, for each direction whose entries are nil, why.
	Unreadable []string
}

// readNetworkAcl reads a network ACL: NetworkAclId, VpcId, the
// IngressAclEntries.IngressAclEntry[] (SourceCidrIp) and
// EgressAclEntries.EgressAclEntry[] (DestinationCidrIp) with Policy
// (accept, drop), Protocol (icmp, gre, tcp, udp, all, icmpv6), Port
// ("1/200", "-1/-1"), and Resources.Resource[]. A value of the wrong type
// or invalid is an error; an entry whose block is not a CIDR block (a
// prefix list) leaves its direction not given.
func readNetworkAcl(o obj) NetworkAcl {
	a := NetworkAcl{NetworkAclId: o.id("NetworkAclId"), VpcId: o.str("VpcId")}
	for _, d := range []struct {
		wrapper, item, block, dir string
		out                       **authz.ACLEntries
	}{
		{"IngressAclEntries", "IngressAclEntry", "SourceCidrIp", "inbound", &a.Ingress},
		{"EgressAclEntries", "EgressAclEntry", "DestinationCidrIp", "outbound", &a.Egress},
	} {
		es := &authz.ACLEntries{Unordered: true, Entries: []authz.ACLEntry{}}
		why := ""
		for k, e := range o.list(d.wrapper, d.item) {
			en := authz.ACLEntry{ID: e.str("NetworkAclEntryId"), Name: e.str("NetworkAclEntryName"), EntryType: e.str("EntryType")}
			en.Policy = optional(e, "Policy", authz.ParsePolicy)
			en.Protocol = optional(e, "Protocol", authz.ParseProtocol)
			en.Ports = optional(e, "Port", authz.ParsePortRange)
			s := e.str(d.block)
			switch {
			case strings.HasPrefix(s, "pl-"):
				if why == "" {
					why = fmt.Sprintf("%s entry %d of network ACL %q matches prefix list %s, whose entries are not known", d.dir, k, a.NetworkAclId, s)
				}
				continue
			case s == "" || e.str("Policy") == "" || e.str("Protocol") == "" || e.str("Port") == "":
				if why == "" {
					why = fmt.Sprintf("%s entry %d of network ACL %q gives no %s, Policy, Protocol or Port", d.dir, k, a.NetworkAclId, d.block)
				}
				continue
			}
			en.CIDR = cidr.UnmapPrefix(parsePrefix(s, e.at.Child(d.block), e.errs)).Masked()
			if v := e.str("IpVersion"); v != "" && en.CIDR.IsValid() && strings.EqualFold(v, "IPv6") == en.CIDR.Addr().Is4() {
				e.errs.Add(e.at.Child("IpVersion"), fmt.Errorf("%w: IpVersion %q for block %s", ErrInvalid, v, en.CIDR))
			}
			es.Entries = append(es.Entries, en)
		}
		if why != "" {
			a.Unreadable = append(a.Unreadable, why)
			continue
		}
		*d.out = es
	}
	for _, r := range o.list("Resources", "Resource") {
		if t := r.str("ResourceType"); t != "" && !strings.EqualFold(t, "VSwitch") {
			continue
		}
		if id := r.id("ResourceId"); id != "" { // BINDED, BINDING or UNBINDING: it may filter
			a.VSwitchIds = append(a.VSwitchIds, id)
		}
	}
	return a
}

// addAcl adds a network ACL; one given twice must say the same.
func (s *Snapshot) addAcl(v *NetworkAcl, errs *reader) {
	if v.NetworkAclId != "" && merge(s.NetworkAcls, v.NetworkAclId, v, "network ACL", errs) {
		s.AclOrder = append(s.AclOrder, v.NetworkAclId)
	}
}

// networkAcls puts the network ACLs given into the plan, each at its place
// in the responses; a direction whose entries cannot be read is noted.
func (b *builder) networkAcls() {
	for k, id := range b.s.AclOrder {
		a := b.s.NetworkAcls[id]
		p := field.Path("networkAcls").Index(k)
		b.src(p, a.At)
		b.src(p.Child("vSwitchIds"), a.At.Child("Resources"))
		for _, d := range []struct {
			es            *authz.ACLEntries
			name, wrapper string
		}{{a.Ingress, "ingress", "IngressAclEntries"}, {a.Egress, "egress", "EgressAclEntries"}} {
			b.src(p.Child(d.name), a.At.Child(d.wrapper))
			if d.es == nil {
				continue
			}
			item := a.At.Child(d.wrapper).Child(strings.TrimSuffix(d.wrapper, "ies") + "y")
			for j := range d.es.Entries {
				b.src(p.Child(d.name).Child("entries").Index(j), item.Index(j))
			}
		}
		for _, why := range a.Unreadable {
			b.note(a.At, "", "not checked: "+why)
		}
		b.p.NetworkACLs = append(b.p.NetworkACLs, authz.NetworkACL{ID: a.NetworkAclId, VSwitchIDs: a.VSwitchIds, Ingress: a.Ingress, Egress: a.Egress})
	}
}

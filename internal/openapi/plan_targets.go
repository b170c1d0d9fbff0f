// This file implements the targets of a plan: the instances moved onto,
// their vSwitches, VPCs and security groups.

package openapi

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

// target adds the target instance id and its VPC once, and records its
// network interfaces' security groups.
func (b *builder) target(id string) {
	if !once(b.targets, id) {
		return
	}
	ia := b.s.Instances[id]
	at := field.Path("instances").Index(len(b.p.Instances))
	inst := Instance{ID: ia.InstanceId, Spec: instance.Spec{
		Name: ia.InstanceName, RegionID: ia.RegionId, VPCID: ia.ConnectVpcId, CIDR: ia.InstanceCidrBlock,
	}}
	b.src(at, ia.At)
	for _, kw := range [][2]string{{"id", "InstanceId"}, {"name", "InstanceName"}, {"regionId", "RegionId"}, {"vpcId", "ConnectVpcId"}, {"cidr", "InstanceCidrBlock"}} {
		b.field(at, kw[0], ia.At, kw[1])
	}
	for j, ni := range ia.NetworkInterfaces {
		nat, zat := networkInterfacePath(ia.At, j), at.Child("zones").Index(j)
		inst.Spec.Zones = append(inst.Spec.Zones, instance.ZonePlacement{ZoneID: ni.ZoneId, VSwitchID: ni.VswitchId, VSwitchCIDR: ni.CidrBlock, SecurityGroupID: ni.SecurityGroupId})
		b.src(zat, nat)
		for _, kw := range [][2]string{{"zoneId", "ZoneId"}, {"vSwitchId", "VswitchId"}, {"vSwitchCidr", "CidrBlock"}, {"securityGroupId", "SecurityGroupId"}} {
			b.field(zat, kw[0], nat, kw[1])
		}
		b.vswitch(ia, ni, nat, zat)
		if ni.SecurityGroupId != "" {
			if once(b.sgs, ni.SecurityGroupId) {
				b.sgRefs = append(b.sgRefs, sgRef{ni.SecurityGroupId, nat.Child("SecurityGroupId"), zat.Child("securityGroupId")})
			}
			b.sgBlocks[ni.SecurityGroupId] = append(b.sgBlocks[ni.SecurityGroupId], ni.CidrBlock)
		}
	}
	// The accessible blocks the cloud holds, as it holds them: facts, not
	// blocks to add.
	cat := at.Child("connectCidrBlocks")
	switch {
	case ia.ConnectCidrBlocksUnknown != "":
		b.note(ia.ConnectCidrBlocksAt, cat, fmt.Sprintf("not checked: the accessible blocks of instance %q (ConnectCidrBlocks: %s)", id, ia.ConnectCidrBlocksUnknown))
	case len(ia.ConnectCidrBlocks) == 0:
		b.note(ia.ConnectCidrBlocksAt, cat, fmt.Sprintf("not checked: the accessible blocks of instance %q (ConnectCidrBlocks lists none)", id))
	}
	for k, p := range ia.ConnectCidrBlocks {
		b.src(cat.Index(k), ia.At.Child("ConnectCidrBlocks").Index(k))
		inst.ConnectCidrBlocks = append(inst.ConnectCidrBlocks, p)
	}
	b.p.Instances = append(b.p.Instances, inst)
	if ia.ConnectVpcId != "" {
		b.vpc(ia.ConnectVpcId, ia.At.Child("ConnectVpcId"), at.Child("vpcId"))
	}
}

// vswitch checks a network interface, at place nat and plan path zat,
// against DescribeVSwitches.
func (b *builder) vswitch(ia *InstanceAttribute, ni NetworkInterfaceAttribute, nat, zat field.Path) {
	if ni.VswitchId == "" {
		return
	}
	vs := b.s.VSwitches[ni.VswitchId]
	if vs == nil {
		b.note(nat.Child("VswitchId"), zat.Child("vSwitchId"), fmt.Sprintf("not checked: DescribeVSwitches for %q not given", ni.VswitchId))
		return
	}
	differ := func(what, a, b2 string, other field.Path) {
		if a != b2 {
			b.errs.Add(nat, fmt.Errorf("%w: vSwitch %q: %s %q differs from %q at %s", ErrConflict, ni.VswitchId, what, a, b2, other))
		}
	}
	differ("CidrBlock", ni.CidrBlock.String(), vs.CidrBlock.String(), vs.At.Child("CidrBlock"))
	differ("ZoneId", ni.ZoneId, vs.ZoneId, vs.At.Child("ZoneId"))
	differ("VPC", ia.ConnectVpcId, vs.VpcId, vs.At.Child("VpcId"))
	b.masked(vs.At.Child("CidrBlock"), zat.Child("vSwitchCidr"))
}

// vpc adds the VPC id once: its own blocks, and ConnectedUnknown, since
// no response read here shows the networks connected to it (peered VPCs,
// VPN, Express Connect). UserCidrs are blocks the cloud keeps its own
// addresses out of (the user's side), not networks connected to the VPC:
// they are not read as such. A target names it at place ref, plan path
// path.
func (b *builder) vpc(id string, ref, path field.Path) {
	if !once(b.vpcs, id) {
		return
	}
	v := b.s.Vpcs[id]
	if v == nil {
		b.note(ref, path, fmt.Sprintf("not checked: DescribeVpcAttribute for %q not given", id))
		return
	}
	at := field.Path("vpcs").Index(len(b.p.VPCs))
	out := instance.VPC{ID: v.VpcId, ConnectedUnknown: true}
	b.src(at, v.At)
	b.field(at, "id", v.At, "VpcId")
	if v.CidrBlock.IsValid() {
		b.src(at.Child("cidrs").Index(0), v.At.Child("CidrBlock"))
		out.CIDRs = append(out.CIDRs, v.CidrBlock)
	}
	for k, p := range v.SecondaryCidrBlocks {
		if !slices.Contains(out.CIDRs, p) {
			b.src(at.Child("cidrs").Index(len(out.CIDRs)), v.At.Child("SecondaryCidrBlocks").Child("SecondaryCidrBlock").Index(k))
			out.CIDRs = append(out.CIDRs, p)
		}
	}
	for k := range v.UserCidrs {
		b.masked(v.At.Child("UserCidrs").Child("UserCidr").Index(k), at)
	}
	b.p.VPCs = append(b.p.VPCs, out)
}

// securityGroups adds the targets' security groups, once each, in the
// order the targets name them.
func (b *builder) securityGroups() {
	for _, r := range b.sgRefs {
		b.securityGroup(r.id, r.ref, r.path)
	}
}

// securityGroup adds security group id, which a target names at place ref,
// plan path path.
func (b *builder) securityGroup(id string, ref, path field.Path) {
	attr := b.s.SGAttributes[id]
	if attr == nil {
		b.note(ref, path, fmt.Sprintf("not checked: DescribeSecurityGroupAttribute for %q not given", id))
		return
	}
	if attr.Gap != nil {
		// A rule not known (a Drop before an Accept, or the other way)
		// can change any verdict: the group is left out, as if not given.
		b.note(attr.Gap.At, path, "not checked: "+attr.Gap.What)
		return
	}
	at, sg := b.groupHead(id, attr, true)
	for k, perm := range attr.Permissions {
		r := perm.Rule
		if r.Partial == "" {
			r.Partial = partial(perm.Source, id, b.sgBlocks[id])
		}
		sg.Rules = append(sg.Rules, r)
		rat := at.Child("rules").Index(k)
		b.src(rat, perm.At)
		for _, kw := range [][2]string{{"destCidrIp", "DestCidrIp"}, {"ipv6DestCidrIp", "Ipv6DestCidrIp"}} {
			if _, ok := b.s.Masked[perm.At.Child(kw[1])]; ok {
				b.field(rat, kw[0], perm.At, kw[1])
			}
		}
		for _, wire := range []string{"SourceCidrIp", "Ipv6SourceCidrIp"} {
			b.masked(perm.At.Child(wire), rat)
		}
	}
	sg.Inbound = b.inbound(attr, at)
	b.p.SecurityGroups = append(b.p.SecurityGroups, sg)
}

// groupHead starts the plan's security group id, of attribute attr, at
// the next index of the plan's security groups: its ID, type and internal
// access policy; with typeNote, a note when its type is not known (it
// decides what no outbound rule matches).
func (b *builder) groupHead(id string, attr *SecurityGroupAttribute, typeNote bool) (field.Path, authz.SecurityGroup) {
	at := field.Path("securityGroups").Index(len(b.p.SecurityGroups))
	sg := authz.SecurityGroup{ID: id, InnerAccessPolicy: attr.InnerAccessPolicy, IntraGroup: attr.InnerAccessPolicy == authz.PolicyAccept}
	b.src(at, attr.At)
	b.field(at, "id", attr.At, "SecurityGroupId")
	b.field(at, "innerAccessPolicy", attr.At, "InnerAccessPolicy")
	if t := b.s.SecurityGroups[id]; t != nil {
		sg.Type = t.SecurityGroupType
		b.field(at, "type", t.At, "SecurityGroupType")
	}
	if sg.Type == 0 && typeNote {
		b.note(attr.At, at.Child("type"), fmt.Sprintf("not checked: DescribeSecurityGroups for %q not given (its type decides what no rule matches; read as denied)", id))
	}
	// No InnerAccessPolicy: whether members reach each other is not known
	// (an enterprise group's never do).
	sg.InnerAccessUnknown = attr.InnerAccessPolicy == 0 && sg.Type != authz.GroupEnterprise
	return at, sg
}

// backendGroupOf adds the security group id of an ECS backend, named at
// plan path path, for its inbound rules, unless a target's
// network interfaces are in it (securityGroup has it then) or it is added
// already. Its outbound rules are left out: no traffic leaves from it.
// Inbound rules not all given leave it out, with a note.
func (b *builder) backendGroupOf(id string, path field.Path) {
	if b.sgs[id] || !once(b.noted, "backend group\x00"+id) {
		return
	}
	attr := b.s.SGAttributes[id]
	switch {
	case attr == nil:
		return // the general egress-change warning stands
	case attr.InboundGap != nil:
		b.note(attr.InboundGap.At, path, "not checked: "+attr.InboundGap.What)
		return
	}
	// Traffic from the instance's network interfaces comes from another
	// group, so the group's type, which decides intra-group traffic only
	// for inbound rules, does not bear on it.
	at, sg := b.groupHead(id, attr, false)
	sg.Inbound = b.inbound(attr, at)
	b.p.SecurityGroups = append(b.p.SecurityGroups, sg)
}

// inbound returns the inbound rules of attr for the plan's group at at,
// nil when they are not all given. A rule whose match cannot be known
// here (it limits the destination, the source ports, or takes its ports
// from a port range list, or the cloud holds a protocol and ports no
// request makes) keeps its place in the order, Partial, which
// authz.SecurityGroup.Admit leaves undecided.
func (b *builder) inbound(attr *SecurityGroupAttribute, at field.Path) *authz.Inbound {
	if attr.InboundGap != nil {
		return nil
	}
	in := &authz.Inbound{Rules: []authz.IngressRule{}}
	for k, perm := range attr.Inbound {
		r, src := perm.Rule, perm.Source
		ir := authz.IngressRule{Policy: r.Policy, Priority: r.Priority, Protocol: r.Protocol, Ports: r.Ports,
			SourceCIDR: src.CIDR, IPv6SourceCIDR: src.IPv6CIDR, SourceGroupID: src.GroupID, SourcePrefixListID: src.PrefixListID, Partial: r.Partial}
		if why := inboundLimit(perm); why != "" && ir.Partial == "" {
			ir.Partial = why
		}
		in.Rules = append(in.Rules, ir)
		rat := at.Child("inbound").Child("rules").Index(k)
		b.src(rat, perm.At)
		for _, wire := range []string{"SourceCidrIp", "Ipv6SourceCidrIp"} {
			b.masked(perm.At.Child(wire), rat)
		}
	}
	return in
}

// inboundLimit says what limits an inbound rule beyond its protocol,
// destination ports and source, so that whether it matches API Gateway's
// traffic to a backend is not known: "" when nothing does.
func inboundLimit(perm Permission) string {
	r, src := perm.Rule, perm.Source
	switch {
	case src.PortRangeListID != "":
		return "its ports are those of port range list " + src.PortRangeListID + ", not known"
	case r.DestCIDR.IsValid():
		return "it applies only to destination " + r.DestCIDR.String()
	case r.IPv6DestCIDR.IsValid():
		return "it applies only to destination " + r.IPv6DestCIDR.String()
	case r.DestGroupID != "":
		return "it applies only to destination group " + r.DestGroupID
	case r.DestPrefixListID != "":
		return "it applies only to destination prefix list " + r.DestPrefixListID
	case src.Ports != (authz.PortRange{}) && src.Ports != authz.AllPorts() && src.Ports != (authz.PortRange{From: 1, To: 65535}):
		return "it applies only to source ports " + src.Ports.String()
	}
	return ""
}

// partial says why an outbound rule of security group id with the source
// restrictions src may not apply to API Gateway's traffic, which leaves
// from the network interfaces in that group, from an address of their
// vSwitch blocks, on a port not known: "" when it applies to all of it.
func partial(src SourceLimit, id string, blocks []netip.Prefix) string {
	switch {
	case src.PortRangeListID != "":
		return fmt.Sprintf("its ports come from port range list %q, which is not given", src.PortRangeListID)
	case src.PrefixListID != "":
		return fmt.Sprintf("it applies only to sources in prefix list %q, which is not given", src.PrefixListID)
	case src.GroupID != "" && src.GroupID != id:
		return fmt.Sprintf("it applies only to sources in security group %q", src.GroupID)
	case src.IPv6CIDR.IsValid():
		return fmt.Sprintf("it applies only to IPv6 sources in %s, and the network interfaces' IPv6 addresses are not known", src.IPv6CIDR)
	case src.Ports != (authz.PortRange{}) && src.Ports != authz.AllPorts() && src.Ports != (authz.PortRange{From: 1, To: 65535}):
		return fmt.Sprintf("it applies only to source ports %s, and API Gateway's source ports are not known", src.Ports)
	case !src.CIDR.IsValid():
		return ""
	}
	if len(blocks) == 0 {
		return fmt.Sprintf("it applies only to sources in %s, and the network interfaces' vSwitch blocks are not known", src.CIDR)
	}
	for _, v := range blocks {
		if !v.IsValid() || !v.Addr().Is4() || v.Bits() < src.CIDR.Bits() || !src.CIDR.Contains(v.Addr()) {
			return fmt.Sprintf("it applies only to sources in %s, which does not hold every vSwitch block of the network interfaces in this group (%s)", src.CIDR, v)
		}
	}
	return ""
}

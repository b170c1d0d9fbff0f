// This file implements the authorizations a plan uses: whether a name is
// settled, and each authorization with its backend resolved.

package openapi

import (
	"fmt"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// settled reports whether the authorization name, used at place where
// and plan path path, is known: given by DescribeVpcAccesses, or surely
// missing (a call that lists every authorization, or every one of that
// name, holds all its items; a call filtered otherwise, by VpcId,
// InstanceId or Port, does not settle a name it lacks). An unsettled name
// is noted and left out of the plan, so that Check counts it neither as
// passing nor as missing; one that DescribeApi's VpcConfig states
// (b.stated) stays, checked with what the VpcConfig says. The note names
// path when the name stays or slot is set (an API's entry stays, without
// the name); a plug-in's name left out has no path.
func (b *builder) settled(name string, where, path field.Path, slot bool) bool {
	if name == "" || b.idx.accessByName[name] != nil {
		return true
	}
	_, stated := b.stated[name]
	if !stated && !slot {
		path = "" // the reference is left out, and no value stands for it
	}
	if v := b.idx.accessPart[name]; v != nil {
		b.lacking(v, path)
		return stated
	}
	if !b.s.Given(DescribeVpcAccesses) {
		b.note(where, path, "not checked: DescribeVpcAccesses not given")
		return stated
	}
	if b.surelyMissing(name) {
		return true
	}
	c := b.idx.accessCalls[name]
	l := b.idx.accessAll.first
	if c != nil && c.first != nil && (l == nil || c.first.Docs[0] < l.Docs[0]) {
		l = c.first
	}
	what := "no call lists every authorization"
	if l != nil {
		what = "pages: " + pages(l)
	}
	b.note(where, path, fmt.Sprintf("not checked: authorization %q is on no DescribeVpcAccesses page given (%s)", name, what))
	return stated
}

// surelyMissing reports whether no authorization of that name exists: a
// call that lists every authorization, or every one of that name, holds
// all its items and not it.
func (b *builder) surelyMissing(name string) bool {
	if b.idx.accessByName[name] != nil || b.idx.accessPart[name] != nil || !b.s.Given(DescribeVpcAccesses) {
		return false
	}
	c := b.idx.accessCalls[name]
	return b.idx.accessAll.done || c != nil && c.done
}

// lacks returns the first of the fields an authorization needs (VpcId,
// InstanceId, Port) that DescribeVpcAccesses does not give, or "".
func lacks(v *VpcAccessAttribute) string {
	switch {
	case v.VpcId == "":
		return "VpcId"
	case v.InstanceId == "":
		return "InstanceId"
	case v.Port == 0:
		return "Port"
	}
	return ""
}

// lacking notes an authorization that a response gives without a field it
// needs: it is no fact to check, and no proof that the name is missing. A
// reference to it is at plan path path.
func (b *builder) lacking(v *VpcAccessAttribute, path field.Path) {
	f := lacks(v)
	b.note(v.At.Child(f), path, fmt.Sprintf("not checked: authorization %q (DescribeVpcAccesses gives no %s)", v.Name, f))
}

// use records that an authorization name is referenced at plan path path.
func (b *builder) use(name string, path field.Path) {
	if _, ok := b.names[name]; !ok {
		b.names[name] = path
	}
}

// access is an authorization as a response gives it: DescribeVpcAccesses'
// item, or DescribeApi's VpcConfig.
type access struct {
	name, vpc, backend string
	port               uint16
	host               string
	at                 field.Path
	wire               [][2]string // plan field, wire member
}

// authorizations adds every authorization whose name is used, in document
// order, with backends resolved from ECS and SLB responses; then those
// that only DescribeApi's VpcConfig states.
func (b *builder) authorizations() {
	for _, v := range b.s.VpcAccesses {
		path, used := b.names[v.Name]
		if used && lacks(v) != "" {
			b.lacking(v, path)
			continue
		}
		if used {
			b.authorization(access{v.Name, v.VpcId, v.InstanceId, v.Port, v.VpcTargetHostName, v.At,
				[][2]string{{"name", "Name"}, {"vpcId", "VpcId"}, {"instanceId", "InstanceId"}, {"port", "Port"}, {"hostName", "VpcTargetHostName"}}})
		}
	}
	for _, name := range b.statedBy {
		if _, used := b.names[name]; used && b.idx.accessByName[name] == nil {
			st := b.stated[name]
			b.authorization(access{name, st.cfg.VpcId, st.cfg.InstanceId, st.cfg.Port, "", st.at,
				[][2]string{{"name", "Name"}, {"vpcId", "VpcId"}, {"instanceId", "InstanceId"}, {"port", "Port"}}})
		}
	}
}

func (b *builder) authorization(v access) {
	at := b.index("authorizations", len(b.p.Authorizations))
	a := authz.Authorization{Name: v.name, VPCID: v.vpc, InstanceID: v.backend, Port: v.port, HostName: v.host}
	b.src(at, v.at)
	for _, kw := range v.wire {
		b.field(at, kw[0], v.at, kw[1])
	}
	e, lb := b.s.EcsInstances[v.backend], b.s.LoadBalancers[v.backend]
	b.sameVPC(v, e, lb)
	if e != nil {
		a.Backend = authz.ECS
		b.src(at.Child("backend"), e.At)
		if addr, p := e.Addr(); addr.IsValid() {
			a.Addr = addr
			b.src(at.Child("addr"), e.At.Join(p))
		}
		if k := b.backendGroup(e.SecurityGroupIds); k >= 0 {
			a.SecurityGroupID = e.SecurityGroupIds[k]
			b.src(at.Child("securityGroupId"), e.At.Child("SecurityGroupIds").Child("SecurityGroupId").Index(k))
			b.backendGroupOf(a.SecurityGroupID, at.Child("securityGroupId"))
		}
	} else if lb != nil {
		b.loadBalancer(v, lb, at, &a)
	}
	b.p.Authorizations = append(b.p.Authorizations, a)
}

// loadBalancer resolves an authorization's load balancer backend. Only an
// internal-facing one (AddressType "intranet") in a VPC is a backend in
// the VPC: its Address is the backend's, of kind CLB. One that is
// internet-facing, or in the classic network (NetworkType "classic"), is
// refused: an authorization in a VPC that names it contradicts the SLB
// response (the document asks for a backend in the VPC), and its address
// must never pass as reachable. Any other AddressType, or a load balancer
// without VpcId, leaves the address unknown, so the check is unverified.
func (b *builder) loadBalancer(v access, lb *LoadBalancer, at field.Path, a *authz.Authorization) {
	iat := v.at.Child("InstanceId")
	switch {
	case lb.AddressType == "internet":
		b.errs.Add(iat, fmt.Errorf("%w: authorization %q in VPC %q names load balancer %q, which %s says is internet-facing (AddressType \"internet\"): not a backend in a VPC, which a VPC integration instance could reach", ErrConflict, v.name, v.vpc, v.backend, lb.At.Child("AddressType")))
	case lb.NetworkType == "classic":
		b.errs.Add(iat, fmt.Errorf("%w: authorization %q in VPC %q names load balancer %q, which %s says is in the classic network (NetworkType \"classic\"): not a backend in a VPC, which a VPC integration instance could reach", ErrConflict, v.name, v.vpc, v.backend, lb.At.Child("NetworkType")))
	case lb.AddressType != "intranet":
		b.note(lb.At.Child("AddressType"), at.Child("addr"), fmt.Sprintf("not checked: load balancer %q has AddressType %q, neither \"intranet\" nor \"internet\" (its address is not used)", lb.LoadBalancerId, lb.AddressType))
	case lb.VpcId == "":
		b.note(lb.At.Child("VpcId"), at.Child("addr"), fmt.Sprintf("not checked: load balancer %q gives no VpcId, so whether it is a backend in VPC %q is not known (its address is not used)", lb.LoadBalancerId, v.vpc))
	case lb.Address.IsValid():
		a.Addr, a.Backend = lb.Address, authz.CLB
		b.field(at, "addr", lb.At, "Address")
		b.field(at, "backend", lb.At, "AddressType")
	}
}

// sameVPC checks that the backend an authorization names lies in the
// authorization's VPC, as the ECS or SLB response has it.
func (b *builder) sameVPC(v access, e *EcsInstance, lb *LoadBalancer) {
	vpc, at := "", field.Path("")
	switch {
	case e != nil:
		vpc, at = e.VpcId, e.At.Child("VpcAttributes").Child("VpcId")
	case lb != nil:
		vpc, at = lb.VpcId, lb.At.Child("VpcId")
	}
	if vpc != "" && vpc != v.vpc {
		b.errs.Add(v.at.Child("VpcId"), fmt.Errorf("%w: authorization %q is in VPC %q, but its backend %q is in %q at %s", ErrConflict, v.name, v.vpc, v.backend, vpc, at))
	}
}

// backendGroup returns the index of the ECS backend's security group that
// the authorization is checked with: the first that is a target's network
// interface group, else the first; -1 when there is none.
func (b *builder) backendGroup(ids []string) int {
	for k, id := range ids {
		if b.sgs[id] {
			return k
		}
	}
	if len(ids) == 0 {
		return -1
	}
	return 0
}

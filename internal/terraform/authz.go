package terraform

import (
	"fmt"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
)

// readAuthorizations reads the VPC access authorizations (name, vpc_id,
// instance_id, port, vpc_target_host_name) and their backends.
func (t *planReader) readAuthorizations() {
	for _, r := range t.resources(tfVPCAccess) {
		a := Authorization{At: AuthorizationAt{Resource: r.Address, Name: r.Address + ".name", VPCID: r.Address + ".vpc_id",
			InstanceID: r.Address + ".instance_id", Port: r.Address + ".port", HostName: r.Address + ".vpc_target_host_name",
			Addr: r.Address + ".instance_id"}}
		a.Name, _ = t.text(r, "the APIs using it cannot be matched to it", "name")
		a.VPCID, _ = t.text(r, "the authorization's VPC is not checked", "vpc_id")
		a.Port = t.port(r)
		a.HostName, _ = t.text(r, "", "vpc_target_host_name")
		t.backend(r, &a)
		t.v.Authorizations = append(t.v.Authorizations, a)
	}
}

// backend reads the backend of authorization a, read from VPC access r. An
// instance_id that is the ID of an alicloud_instance of the plan, or
// refers to one whose ID is known only after apply (the provider's
// documented pattern creates the ECS instance and its authorization in one
// apply), is that ECS instance: its address is its private_ip (unverified
// while unknown), its security group the one security_groups lists, when
// exactly one, and its VPC (vpc_id, else its vswitch_id's alicloud_vswitch's
// vpc_id) must be the authorization's, else the plan contradicts itself
// (SetVpcAccess refuses a backend in another VPC): an error at the
// authorization's vpc_id, as the OpenAPI reader reports responses that
// disagree. An ECS instance created with the plan stands for its ID as
// security groups do: "alicloud-instance-web-0". Any other instance_id
// known only after apply is unknownID: the backend's address is
// unverified, and nothing else.
func (t *planReader) backend(r *Res, a *Authorization) {
	inst, f := t.text(r, "the backend is not checked", "instance_id")
	if f.Unknown {
		a.InstanceID = unknownID
		return
	}
	if inst == "" {
		return
	}
	if t.ecs == nil {
		t.ecs = make(map[string]int)
		t.ecsList = t.resources(tfECS)
		for i, e := range t.ecsList {
			if id := t.id(e); t.ecs[id] == 0 {
				t.ecs[id] = i + 1
			}
		}
	}
	i := t.ecs[inst] - 1
	if i < 0 {
		a.InstanceID = inst
		if f.Placeholder {
			t.unverified(f.Where(), r.Address+".instance_id", r.Address+".instance_id refers to "+f.Where()+", known only after apply: the backend's address is not known, so the backend is not checked")
			a.InstanceID = unknownID
		}
		return
	}
	e := t.ecsList[i]
	a.InstanceID = inst
	if f.Placeholder {
		a.InstanceID = plannedID(e.Address, i)
	}
	a.Backend = authz.ECS
	a.At.Addr = e.Address + ".private_ip"
	if s, f := t.text(e, "the backend's address is not known, so the backend is not checked", "private_ip"); s != "" {
		addr, err := cidr.ParseAddr(s)
		if err != nil {
			t.fail(f, err)
		}
		a.Addr = addr
		a.At.Addr = f.Where()
	}
	a.SecurityGroupID = t.ecsGroup(e)
	t.sameVPC(r, &a.Authorization, e)
}

// ecsGroup returns the ID of the one security group of ECS instance e
// (security_groups, a set): "" when it lists several or none, or is known
// only after apply (noted). A set that refers to the ID of one security
// group the plan creates (security_groups = [alicloud_security_group.sg.id],
// known only after apply as a whole) is that group.
func (t *planReader) ecsGroup(e *Res) string {
	if n, ok := t.ix.Len(e, "security_groups"); ok {
		if n != 1 {
			return ""
		}
		return t.groupID(t.text(e, "", "security_groups", 0))
	}
	f := t.attr(e, "security_groups")
	if f.Placeholder {
		if id, ok := t.sgIDs[f.Value.Text]; ok {
			return id
		}
	}
	where := f.Where()
	t.unverified(where, e.Address+".security_groups", refers(e.Address+".security_groups", where)+": the backend's security group is not known, so whether it is one of the gateway's groups, whose members may reach each other, is not checked")
	return ""
}

// sameVPC checks that ECS instance e, the backend of authorization a read
// from r, is in a's VPC: e's vpc_id, or else the vpc_id of the
// alicloud_vswitch of the plan its vswitch_id names. A VPC known only after
// apply on either side is not compared, and is noted.
func (t *planReader) sameVPC(r *Res, a *authz.Authorization, e *Res) {
	if a.VPCID == "" {
		return // unknown, and noted
	}
	vpc := t.attr(e, "vpc_id")
	if vpc.Value == nil {
		if vs := t.vswitch(t.str(e, "vswitch_id")); vs != nil {
			vpc = t.attr(vs, "vpc_id")
		}
	}
	unchecked := fmt.Sprintf("whether %s, the backend of %s, is in the authorization's VPC %q is not checked", e.Address, r.Address, a.VPCID)
	switch {
	case vpc.Unknown:
		t.unverified(vpc.Where(), "", vpc.Where()+" is known only after apply: "+unchecked)
		return
	case vpc.Value == nil:
		t.unverified(e.Address+".vpc_id", "", "neither "+e.Address+".vpc_id nor the VPC of its vSwitch is in the plan: "+unchecked)
		return
	case vpc.Value.Kind != String:
		t.fail(vpc, fmt.Errorf("%w: %s, want string", ErrWrongType, vpc.Value.Kind))
		return
	case vpc.Value.Text == "" || vpc.Value.Text == a.VPCID:
		return
	}
	at := foundIn(r, []Step{"vpc_id"}, nil).WithWhere(t.attr(r, "vpc_id").Where())
	t.fail(at, fmt.Errorf("%w: authorization %q is in VPC %q, but its backend %s is in %q (%s)", authz.ErrVPCMismatch, a.Name, a.VPCID, e.Address, vpc.Value.Text, vpc.Where()))
}

// port returns the port of a VPC access authorization; 0 when unknown or
// absent.
func (t *planReader) port(r *Res) uint16 {
	f := t.attr(r, "port")
	switch {
	case f.Unknown:
		t.unverified(f.Where(), r.Address+".port", r.Address+".port is known only after apply: the port is not checked")
		return 0
	case f.Value == nil:
		return 0
	}
	n, ok := t.integer(f)
	if ok && (n < 1 || n > 65535) {
		t.fail(f, fmt.Errorf("port %d: want 1 to 65535", n))
		return 0
	}
	return uint16(n)
}

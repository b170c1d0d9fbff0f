package vpcgate

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/fixwrite"
	"github.com/vpcgate/vpcgate/internal/locate"
	"github.com/vpcgate/vpcgate/internal/terraform"
)

// FixFormat is a form in which [Report.WriteFix] writes a report's
// remedies.
type FixFormat string

// The forms of [Report.WriteFix].
const (
	// FixPlan is the fixed plan ([Report.FixedPlan]) as a JSON document in
	// the form ParsePlan reads.
	FixPlan FixFormat = "plan"
	// FixTerraform is Terraform configuration for the alicloud provider:
	// alicloud_security_group_rule resources for outbound rules, the
	// instance's to_connect_vpc_ip_block for accessible blocks, an
	// alicloud_api_gateway_vpc_access resource for an authorization.
	FixTerraform FixFormat = "terraform"
	// FixCLI is the cloud's CLI calls, one a line: aliyun ecs
	// AuthorizeSecurityGroupEgress, aliyun cloudapi ModifyInstanceAttribute
	// (ToConnectVpcIpBlock) and aliyun cloudapi SetVpcAccess.
	FixCLI FixFormat = "cli"
)

// ParseFixFormat returns the form s names: plan, terraform or cli.
func ParseFixFormat(s string) (FixFormat, error) {
	switch f := FixFormat(s); f {
	case FixPlan, FixTerraform, FixCLI:
		return f, nil
	}
	return "", usageError("fix form", s, "plan, terraform, cli")
}

// WriteFix writes the report's remedies in form f, from the same remedies
// FixedPlan applies:
//
//   - FixPlan: the whole fixed plan, indented JSON that [ParsePlan] reads
//     and that checks clean of every remedied finding (a plan read from
//     Terraform or responses loses its Source, so its findings name JSON
//     paths);
//   - FixTerraform: for each outbound rule, an alicloud_security_group_rule
//     resource (type "egress", ip_protocol "tcp", port_range, cidr_ip or
//     ipv6_cidr_ip, policy "accept", priority, security_group_id, which
//     refers to the group's resource when the plan came from Terraform);
//     for each instance's accessible blocks, the to_connect_vpc_ip_block
//     map of its alicloud_api_gateway_instance (one block per apply: the
//     others follow as comments); for an authorization, an
//     alicloud_api_gateway_vpc_access resource; vSwitch and instance CIDR
//     blocks to set, and blocked remedies, as comments;
//   - FixCLI: one aliyun call a line, every value shell-quoted where it
//     needs it: ecs AuthorizeSecurityGroupEgress, cloudapi
//     ModifyInstanceAttribute with ToConnectVpcIpBlock as the JSON object
//     {"CidrBlock", "Customized": true} (the API's shape), cloudapi
//     SetVpcAccess; what is not a call (vSwitch blocks of an instance to
//     create, blocked remedies, values with control characters) as shell
//     comments.
//
// Each change is written once, however many findings it clears; comments
// name the finding it is for. Text from the plan is quoted for the form
// (HCL strings, single-quoted shell words) and escaped in comments, so no
// value can end a string or a comment early. WriteFix writes as it goes
// and returns the first error; a report that Check did not make holds no
// plan and is an error, and so is an unknown form, which writes nothing.
func (r Report) WriteFix(w io.Writer, f FixFormat) error {
	if _, err := ParseFixFormat(string(f)); err != nil {
		return err
	}
	if r.plan == nil {
		return errNoPlan
	}
	switch f {
	case FixPlan:
		p, err := r.FixedPlan()
		if err != nil {
			return err
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(p)
	case FixTerraform:
		return fixwrite.Terraform(w, r.fixes())
	}
	return fixwrite.CLI(w, r.fixes())
}

// fixes gathers r's remedies for internal/fixwrite: each change once, in
// the order of the findings, with the first finding that needs it and what
// the plan says of it (its region, the Terraform address it was read from).
func (r Report) fixes() *fixwrite.Fixes {
	p := r.plan
	it := &fixwrite.Fixes{}
	seenRule := map[string]int{}
	blocksAt := map[field.Path]int{}
	seenBlock := map[string]bool{}
	seenAuth := map[string]bool{}
	seenLayout := map[string]bool{}
	for _, f := range r.Remedies() {
		rm := f.Remedy
		about := fixwrite.Finding{Code: string(f.Code), Where: f.Where}
		if !rm.Applicable() {
			it.Blocked = append(it.Blocked, fixwrite.Blocked{Finding: about, Why: rm.Blocked})
			continue
		}
		switch rm.Kind {
		case RemedyEgressRules:
			for _, rc := range rm.Rules {
				key := string(rc.Path) + " " + rc.Rule.String()
				if k, ok := seenRule[key]; ok {
					it.Rules[k].Extra++
					continue
				}
				seenRule[key] = len(it.Rules)
				it.Rules = append(it.Rules, fixwrite.Rule{Finding: about, SecurityGroup: rc.SecurityGroup, Source: p.Source[rc.Path],
					Pending: p.standsIn(rc.SecurityGroup, rc.Path, "securityGroups"), Region: p.regionOf(rm.Path), Change: rc.Rule})
			}
		case RemedyAccessible:
			k, ok := blocksAt[rm.Path]
			if !ok {
				k = len(it.Blocks)
				blocksAt[rm.Path] = k
				inst := p.instanceAt(rm.Path)
				it.Blocks = append(it.Blocks, fixwrite.Blocks{Finding: about, Instance: rm.Instance, Source: p.Source[rm.Path],
					Pending: p.standsIn(rm.Instance, rm.Path, "instances"), Region: p.regionOf(rm.Path), ToCreate: inst != nil && !inst.Exists})
			}
			for _, b := range rm.Accessible {
				if key := string(rm.Path) + " " + b.String(); !seenBlock[key] {
					seenBlock[key] = true
					it.Blocks[k].Blocks = append(it.Blocks[k].Blocks, b)
				}
			}
			if rm.Wider.IsValid() {
				if key := string(rm.Path) + " wider " + rm.Wider.String(); !seenBlock[key] {
					seenBlock[key] = true
					it.Blocks[k].Wider = append(it.Blocks[k].Wider, rm.Wider)
				}
			}
		case RemedyVSwitch, RemedyInstanceCIDR:
			key := string(rm.Path) + " " + string(rm.Kind) + " " + rm.InstanceCIDR.String()
			if rm.VSwitch != nil {
				key += " " + strconv.Itoa(rm.VSwitch.Zone)
			}
			if !seenLayout[key] {
				seenLayout[key] = true
				l := fixwrite.Layout{Finding: about, Instance: rm.Instance, Source: p.Source[rm.Path], CIDR: rm.Kind == RemedyInstanceCIDR, InstanceCIDR: rm.InstanceCIDR}
				if v := rm.VSwitch; v != nil {
					l.VSwitch = &fixwrite.VSwitch{Zone: v.Zone, ZoneID: v.ZoneID, VSwitchID: v.VSwitchID, Block: v.Block}
				}
				it.Layout = append(it.Layout, l)
			}
		case RemedyAuthorization:
			if a := rm.Authorization; a != nil && !seenAuth[a.Name] {
				seenAuth[a.Name] = true
				vp := p.vpcPath(a.VPCID)
				it.Auths = append(it.Auths, fixwrite.Auth{Finding: about, Authorization: *a, VPCSource: p.Source[vp], Region: p.regionOfVPC(a.VPCID),
					Pending: p.standsIn(a.VPCID, vp, "vpcs")})
			}
		}
	}
	return it
}

// standsIn reports whether id, of the object at path (an element of the
// plan's list name), only stands for an ID known after apply: the
// Terraform reader's stand-in for the resource its Source names.
func (p *Plan) standsIn(id string, path field.Path, name string) bool {
	i, _, _ := locate.Index(path, name)
	return terraform.StandsIn(id, p.Source[path], i)
}

// instanceAt returns the plan's instance at path ("instance" or
// "instances[k]"), or nil.
func (p *Plan) instanceAt(path field.Path) *Instance {
	if path == "instance" {
		return p.Instance
	}
	if k, ok := indexOf(path, "instances"); ok && k < len(p.Instances) {
		return &p.Instances[k]
	}
	return nil
}

// regionOf returns the region of the instance at path, or "".
func (p *Plan) regionOf(path field.Path) string {
	if inst := p.instanceAt(path); inst != nil {
		return inst.RegionID
	}
	return ""
}

// regionOfVPC returns the region of the first instance in VPC vpc, or "".
func (p *Plan) regionOfVPC(vpc string) string {
	if p.Instance != nil && p.Instance.VPCID == vpc {
		return p.Instance.RegionID
	}
	for _, inst := range p.Instances {
		if inst.VPCID == vpc {
			return inst.RegionID
		}
	}
	return ""
}

// vpcPath returns the plan path of the VPC of ID id ("vpc" or "vpcs[j]"),
// or "".
func (p *Plan) vpcPath(id string) field.Path {
	if p.VPC != nil && p.VPC.ID == id {
		return "vpc"
	}
	for j, v := range p.VPCs {
		if v.ID == id {
			return field.Path("vpcs").Index(j)
		}
	}
	return ""
}

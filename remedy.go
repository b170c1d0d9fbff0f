package vpcgate

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/deepcopy"
	"github.com/vpcgate/vpcgate/internal/locate"
)

// RemedyKind says what a [Remedy] changes.
type RemedyKind string

// The kinds of remedies, each the answer to some rules; every other rule's
// findings have no remedy, which is normal: not every mistake has one
// change that can be computed from the plan and proven by a second check.
const (
	// RemedyAccessible adds blocks to an instance's accessible blocks: the
	// remedy of an unreachable backend (an authorization's, or one called
	// directly).
	RemedyAccessible RemedyKind = "accessible"
	// RemedyEgressRules adds outbound accept rules to the security groups
	// of an instance's network interfaces: the remedy of egress-denied and
	// implicit-egress.
	RemedyEgressRules RemedyKind = "egress-rules"
	// RemedyVSwitch sets a placement's vSwitch block to the block Check
	// suggested: the remedy of reserved-conflict, cidr-conflict,
	// invalid-vswitch and outside-vpc at a vSwitch block.
	RemedyVSwitch RemedyKind = "vswitch"
	// RemedyInstanceCIDR sets an instance's CIDR block to the block Check
	// suggested: the remedy of cidr-not-allowed, cidr-conflict and a
	// missing instance CIDR block, when another allowed block is clear of
	// the vSwitches.
	RemedyInstanceCIDR RemedyKind = "instance-cidr"
	// RemedyAuthorization creates a VPC access authorization: the remedy
	// of missing-authorization when the backend's address and port are
	// known.
	RemedyAuthorization RemedyKind = "authorization"
)

// Remedy is the least change that clears a finding, as data: what to add
// or set, where in the plan, with what value. Its JSON form, beside the
// finding's "fix", is
//
//	{"kind": "accessible", "instance": "apigw-1", "path": "instances[0]",
//	 "accessible": ["10.0.1.4/31"], "wider": "10.0.1.0/24"}
//	{"kind": "egress-rules", "instance": "apigw-1", "path": "instances[0]",
//	 "rules": [{"securityGroupId": "sg-1", "path": "securityGroups[0]",
//	            "rule": {"policy": "accept", "priority": 99, "ipProtocol": "TCP",
//	                     "portRange": "8080/8080", "destCidrIp": "10.0.1.5/32"}}]}
//	{"kind": "vswitch", "instance": "...", "path": "instance",
//	 "vSwitch": {"zone": 1, "zoneId": "cn-hangzhou-b", "vSwitchId": "vsw-2", "vSwitchCidr": "10.0.7.0/24"}}
//	{"kind": "instance-cidr", "instance": "...", "path": "instance", "instanceCidr": "172.16.0.0/12"}
//	{"kind": "authorization", "path": "authorizations",
//	 "authorization": {"name": "billing", "vpcId": "vpc-1", "instanceId": "10.0.1.5", "port": 8080}}
//
// and, when the change cannot be made, "blocked" says why (and "change"
// names the plan path of what to change by hand, when one thing is in the
// way), and nothing else is to be applied:
//
//	{"kind": "egress-rules", "instance": "apigw-1", "path": "instances[0]",
//	 "change": "securityGroups[0].rules[1]", "blocked": "rule ... drops it at priority 1 ..."}
//
// What each kind holds, and the guarantees:
//
//   - RemedyAccessible: the smallest blocks that cover exactly the
//     addresses that fail on the instance (every failing address of the
//     instance, as host prefixes merged where adjacent), of which Accessible
//     holds the one that covers the finding's address; each lies in the
//     instance's VPC or a connected network the plan lists. An address
//     outside them, or whose place is not known (the VPC is not described,
//     or its connected networks are not known), gets a blocked remedy: no
//     block outside the VPC is ever suggested. Wider is the backend's
//     vSwitch block when the plan knows it (the VPC's VSwitches), an
//     alternative that is never applied.
//   - RemedyEgressRules: an accept rule per security group that refuses,
//     for exactly the failing traffic: TCP, the one port, the backend's
//     address as a /32 or /128, at a priority that beats the rule that
//     decides (one less than the deciding drop rule's, or 100 when the
//     group's default decides), and that no rule whose match is unknown
//     can outrank. Never 0.0.0.0/0, ::/0, protocol ALL or ports -1/-1.
//     When the deciding drop rule has priority 1, nothing can outrank it:
//     the remedy is blocked and Change names that rule. A group that would
//     hold more than 200 rules (the cloud's limit, counting the outbound
//     rules the plan gives) blocks the remedy too.
//   - RemedyVSwitch and RemedyInstanceCIDR: the block Check suggested
//     (the finding's Suggested), when every change of the instance's
//     layout together leaves no new problem of its purchase form and every
//     backend it reaches reachable; otherwise blocked.
//   - RemedyAuthorization: the authorization the references name, when an
//     API that uses the name calls its backend directly at an IP address
//     and port that pass on every instance the groups using the name move
//     to.
//
// [Report.FixedPlan] applies every remedy that is not blocked, and checking
// the plan it returns clears each finding that had one and adds no
// problem. [Report.WriteFix] writes them as a plan, as Terraform or as the
// cloud's CLI calls.
type Remedy struct {
	// Kind says what the remedy changes.
	Kind RemedyKind `json:"kind"`
	// Instance is the ID of the instance the remedy changes, or whose
	// security groups it changes; empty for an authorization.
	Instance string `json:"instance,omitempty"`
	// Path is the plan path of that instance ("instance" in the
	// single-instance form, whose accessible blocks are the plan's
	// "accessible", or "instances[k]"), or "authorizations".
	Path field.Path `json:"path,omitempty"`
	// Accessible holds the blocks to add to the instance's accessible
	// blocks (RemedyAccessible).
	Accessible []netip.Prefix `json:"accessible,omitempty"`
	// Wider is the backend's vSwitch block, a wider alternative to
	// Accessible, when the plan knows it; it is offered, never applied.
	Wider netip.Prefix `json:"wider,omitzero"`
	// Rules holds the outbound rules to add, each with its security group
	// (RemedyEgressRules).
	Rules []RuleChange `json:"rules,omitempty"`
	// VSwitch is the placement whose vSwitch block to set (RemedyVSwitch).
	VSwitch *VSwitchChange `json:"vSwitch,omitempty"`
	// InstanceCIDR is the instance CIDR block to set (RemedyInstanceCIDR).
	InstanceCIDR netip.Prefix `json:"instanceCidr,omitzero"`
	// Authorization is the authorization to create (RemedyAuthorization).
	Authorization *authz.Authorization `json:"authorization,omitempty"`
	// Change is, for a blocked remedy, the plan path of what stands in the
	// way and must be changed by hand, when one thing does.
	Change field.Path `json:"change,omitempty"`
	// Blocked says why the change cannot be made, and what to do instead
	// (in English, as a finding's what); a blocked remedy changes nothing.
	// When one rule stands in the way of an outbound rule remedy, the
	// finding's fix says to change it too.
	Blocked string `json:"blocked,omitempty"`
}

// RuleChange is an outbound rule to add to a security group.
type RuleChange struct {
	// SecurityGroup is the security group's ID.
	SecurityGroup string `json:"securityGroupId"`
	// Path is the group's plan path, "securityGroups[j]".
	Path field.Path `json:"path"`
	// Rule is the rule to add: an accept rule for TCP to one port of one
	// address.
	Rule authz.Rule `json:"rule"`
}

// VSwitchChange is a placement's new vSwitch block.
type VSwitchChange struct {
	// Zone is the placement's index in the instance's zones.
	Zone int `json:"zone"`
	// ZoneID is the placement's zone.
	ZoneID string `json:"zoneId,omitempty"`
	// VSwitchID is the placement's vSwitch, when the plan names it.
	VSwitchID string `json:"vSwitchId,omitempty"`
	// Block is the vSwitch block to use.
	Block netip.Prefix `json:"vSwitchCidr"`
}

// Applicable reports whether r is a change to make: not nil and not
// blocked.
func (r *Remedy) Applicable() bool { return r != nil && r.Kind != "" && r.Blocked == "" }

// errNoPlan is FixedPlan's error for a report that Check did not make.
var errNoPlan = errors.New("the report holds no plan: only a report made by Check can apply its remedies")

// Remedies returns every finding of the report that has a remedy, blocked
// or not, problems before warnings, in the order of the sections; waived
// findings are left out. The findings are copies; their remedies are
// shared with the report.
func (r Report) Remedies() []Finding {
	var out []Finding
	for _, s := range r.Sections {
		for _, f := range s.Problems {
			if f.Remedy != nil {
				out = append(out, f)
			}
		}
	}
	for _, s := range r.Sections {
		for _, f := range s.Warnings {
			if f.Remedy != nil {
				out = append(out, f)
			}
		}
	}
	return out
}

// FixedPlan returns the plan Check checked with every remedy of the report
// applied that is not blocked (waived findings' remedies are not applied):
// accessible blocks added (each once), outbound rules appended to their
// groups (each once), vSwitch and instance CIDR blocks set, authorizations
// created (one per name). Checking it clears every finding whose remedy
// was applied and adds no problem.
//
// The plan returned is a deep copy: it shares nothing with the plan given
// to Check or with the report. Check does not copy the plan it is given,
// so changes made to that plan's contents after Check show in the fixed
// plan. A report that Check did not make (decoded from JSON, or built by
// hand) holds no plan: FixedPlan returns an error, as it does for a remedy
// whose path names nothing in the plan. Its cost is linear in the plan and
// the remedies.
func (r Report) FixedPlan() (Plan, error) {
	if r.plan == nil {
		return Plan{}, errNoPlan
	}
	p := deepcopy.Copy(*r.plan)
	a := applier{p: &p, added: map[string]map[netip.Prefix]bool{}, rules: map[string]bool{}, auths: map[string]bool{}}
	for _, f := range r.Remedies() {
		if !f.Remedy.Applicable() {
			continue
		}
		if err := a.apply(f.Remedy); err != nil {
			return Plan{}, fmt.Errorf("remedy of %s at %s: %w", f.Code, f.Where, err)
		}
	}
	return p, nil
}

// applier applies remedies to a plan, each change once.
type applier struct {
	p     *Plan
	added map[string]map[netip.Prefix]bool // accessible blocks listed, by instance path
	rules map[string]bool                  // rules added: group path and rule
	auths map[string]bool                  // authorizations created, by name
}

// apply applies one remedy.
func (a *applier) apply(r *Remedy) error {
	switch r.Kind {
	case RemedyAccessible:
		acc, err := a.accessible(r.Path)
		if err != nil {
			return err
		}
		seen := a.added[string(r.Path)]
		if seen == nil {
			seen = map[netip.Prefix]bool{}
			for _, b := range *acc {
				seen[b] = true
			}
			a.added[string(r.Path)] = seen
		}
		for _, b := range r.Accessible {
			if !b.IsValid() {
				return fmt.Errorf("accessible block %s is not a CIDR block", b)
			}
			if !seen[b] {
				seen[b] = true
				*acc = append(*acc, b)
			}
		}
	case RemedyEgressRules:
		for _, rc := range r.Rules {
			j, ok := indexOf(rc.Path, "securityGroups")
			if !ok || j >= len(a.p.SecurityGroups) || a.p.SecurityGroups[j].ID != rc.SecurityGroup {
				return fmt.Errorf("security group %q at %s: not in the plan", rc.SecurityGroup, rc.Path)
			}
			key := string(rc.Path) + " " + rc.Rule.String()
			if a.rules[key] {
				continue
			}
			a.rules[key] = true
			a.p.SecurityGroups[j].Rules = append(a.p.SecurityGroups[j].Rules, rc.Rule)
		}
	case RemedyVSwitch:
		inst, err := a.instance(r.Path)
		if err != nil {
			return err
		}
		if r.VSwitch == nil || r.VSwitch.Zone < 0 || r.VSwitch.Zone >= len(inst.Zones) {
			return fmt.Errorf("%s: no such placement", r.Path)
		}
		inst.Zones[r.VSwitch.Zone].VSwitchCIDR = r.VSwitch.Block
	case RemedyInstanceCIDR:
		inst, err := a.instance(r.Path)
		if err != nil {
			return err
		}
		inst.CIDR = r.InstanceCIDR
	case RemedyAuthorization:
		if r.Authorization == nil {
			return errors.New("no authorization")
		}
		if a.auths[r.Authorization.Name] {
			return nil
		}
		a.auths[r.Authorization.Name] = true
		a.p.Authorizations = append(a.p.Authorizations, *r.Authorization)
	default:
		return fmt.Errorf("unknown remedy kind %q", r.Kind)
	}
	return nil
}

// instance returns the instance at path, "instance" or "instances[k]".
func (a *applier) instance(path field.Path) (*Instance, error) {
	if inst := a.p.instanceAt(path); inst != nil {
		return inst, nil
	}
	return nil, fmt.Errorf("instance %s: not in the plan", path)
}

// accessible returns the list of extra accessible blocks of the instance
// at path: the plan's Accessible in the single-instance form.
func (a *applier) accessible(path field.Path) (*[]netip.Prefix, error) {
	inst, err := a.instance(path)
	if err != nil {
		return nil, err
	}
	if path == "instance" {
		return &a.p.Accessible, nil
	}
	return &inst.Accessible, nil
}

// indexOf returns k when path is "name[k]".
func indexOf(path field.Path, name string) (int, bool) {
	k, rest, ok := locate.Index(path, name)
	return k, ok && rest == ""
}

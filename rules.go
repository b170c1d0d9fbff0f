package vpcgate

import (
	"reflect"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// Rule explains a finding's code: the document's reason and the usual fix.
type Rule struct {
	// Code is the finding code: lowercase words joined by hyphens, stable
	// across versions.
	Code string `json:"code"`
	// Why is the rule behind the code, in the document's words where it
	// has them.
	Why string `json:"why"`
	// Fix is what usually resolves a finding with this code.
	Fix string `json:"fix"`
}

// rule is a Rule and the sentinels whose errors carry its code.
type rule struct {
	Rule
	errs []error
}

// The codes that no sentinel carries.
const (
	codeUnverified = "unverified"
	codePlacement  = "placement"
	codeForceNew   = "force-new"
	codeError      = "error"
)

// rules is the table behind Rules and codeOf. Order matters for codeOf: an
// error matching several sentinels takes the first rule that lists one, so
// the more specific rules come first.
func rules() []rule {
	return []rule{
		{Rule{"invalid-plan", "a plan is one JSON document read strictly, so that what a reviewer reads is what is checked", "fix the document at the line and path given"}, []error{ErrInvalidPlan}},
		{Rule{"reserved-conflict", "API Gateway uses an internal CIDR block in each zone, and the vSwitch must not overlap it (go run ./examples/reserved lists them)", "use another vSwitch block"}, []error{zones.ErrReservedConflict}},
		{Rule{"invalid-vswitch", "a vSwitch block is a canonical IPv4 prefix with a mask from /16 to /29", "write the block in canonical IPv4 form, /16 to /29"}, []error{zones.ErrInvalidVSwitch}},
		{Rule{"unknown-zone", "only zones of the reserved-CIDR table (updated " + zones.Updated + ") are known", "use a zone of the region (go run ./examples/reserved -region <id> lists them)"}, []error{zones.ErrUnknownZone}},
		{Rule{"unknown-region", "only regions of the reserved-CIDR table (updated " + zones.Updated + ") are known", "use a region ID such as cn-hangzhou"}, []error{zones.ErrUnknownRegion}},
		{Rule{"invalid-catalog", "a zone catalog lists each region and zone once, with canonical IPv4 reserved blocks", "fix the catalog"}, []error{zones.ErrInvalidCatalog}},
		{Rule{"invalid-authorization", "an authorization needs a name, a VPC, a backend and a port; a backend is an ECS or SLB ID or a valid IP address", "fix the authorization"}, []error{authz.ErrInvalidAuthorization, authz.ErrInvalidBackendKind}},
		{Rule{"invalid-security-group", "a security group's outbound rules each have a policy, a priority from 1 to 100, a protocol, a port range and one destination", "fix the rule"}, []error{authz.ErrInvalidSecurityGroup}},
		{Rule{"required", "the purchase form and the API need it", "fill it in"}, []error{instance.ErrRequired}},
		{Rule{"zone-region", "each network interface is created in a zone of the instance's region", "use a zone of the instance's region, or change the region"}, []error{instance.ErrZoneRegion}},
		{Rule{"duplicate", "an instance has one network interface per zone, each in its own vSwitch, and a plan names each instance once", "remove the duplicate"}, []error{instance.ErrDuplicate}},
		{Rule{"cidr-not-allowed", "a VPC integration instance's CIDR block is 192.168.0.0/16 or 172.16.0.0/12", "use 192.168.0.0/16 or 172.16.0.0/12, whichever does not overlap your vSwitches"}, []error{instance.ErrCIDRNotAllowed}},
		{Rule{"cidr-conflict", "the instance CIDR block must not conflict with the vSwitches' blocks, nor the vSwitches with each other, or creation fails", "use another instance CIDR block or vSwitch block"}, []error{instance.ErrCIDRConflict}},
		{Rule{"invalid-kind", "each instance has a known kind: serverless (VPC_SHARED), dedicated (normal) or VPC integration (vpc_connect)", "give the instance's kind"}, []error{instance.ErrInvalidKind}},
		{Rule{"not-vpc-integration", "only a VPC integration instance has accessible CIDR blocks", "use a VPC integration instance"}, []error{instance.ErrNotVPCIntegration}},
		{Rule{"wrong-vpc", "an instance connects to the one VPC chosen at creation", "describe the instance's VPC"}, []error{instance.ErrWrongVPC}},
		{Rule{"outside-vpc", "a vSwitch lies in its VPC's CIDR blocks, and an accessible block within the VPC's CIDR blocks or a network connected to the VPC", "use a block inside the VPC's cidrs or connected networks, or list the connected network"}, []error{instance.ErrOutsideVPC}},
		{Rule{"not-accessible", "only a block the instance lists as accessible can be removed", "remove a block the instance has"}, []error{instance.ErrNotAccessible}},
		{Rule{"default-cidr", "a vSwitch's block is always accessible", "keep the vSwitch block"}, []error{instance.ErrDefaultCIDR}},
		{Rule{"immutable", "an instance's kind, VPC, CIDR block and network interfaces are fixed at creation", "create a new instance instead"}, []error{instance.ErrImmutable}},
		{Rule{"invalid-cidr", "CIDR blocks and addresses are canonical, without IPv6 zones or IPv4-mapped forms", "write the block or address in canonical form"}, []error{cidr.ErrInvalidPrefix, cidr.ErrNotCanonical, cidr.ErrInvalidAddr}},
		{Rule{"vpc-mismatch", "the authorization's VPC ID must be the ID of the VPC connected to the instance", "keep this backend on a conventional instance, or connect its VPC and use an authorization in the instance's VPC"}, []error{authz.ErrVPCMismatch}},
		{Rule{"unreachable", "the backend's private IP address must fall within the instance's accessible CIDR blocks, or \"instance cannot connect to the backend\"", "add a block that contains the address to the instance's accessible blocks"}, []error{authz.ErrUnreachable}},
		{Rule{"egress-denied", "the outbound rules of the instance's security group must allow the backend: for a CLB backend always, for an ECS backend unless it is in the same group with intra-group traffic allowed", "add an outbound rule that accepts TCP to the backend's address and port"}, []error{authz.ErrEgressDenied}},
		{Rule{codeUnverified, "what cannot be decided from the data given is not a pass: it is checked once the data is there", "give the missing data (a backend address, a security group, a response), or check it by hand"}, []error{authz.ErrUnknownAddr, authz.ErrEgressUnverified}},
		{Rule{"implicit-egress", "a CLB backend needs an explicit outbound rule in the instance's security group; a basic group's default lets the traffic out today, but the document asks for the rule", "add an outbound rule that accepts TCP to the backend"}, []error{authz.ErrImplicitEgress}},
		{Rule{"invalid-flow", "API Gateway reaches backends over TCP to an address without an IPv6 zone", "fix the backend's address"}, []error{authz.ErrInvalidFlow}},
		{Rule{"missing-authorization", "API Gateway validates every VPC access authorization the group's APIs and plug-ins use", "add the authorization, or fix the name"}, []error{migrate.ErrMissingAuthorization}},
		{Rule{"duplicate-authorization", "an authorization is found by its name", "give each authorization its own name"}, []error{migrate.ErrDuplicateAuthorization}},
		{Rule{"unknown-instance", "a group moves to an instance the plan describes", "name one of the plan's instances in to"}, []error{ErrUnknownInstance}},
		{Rule{"region", "a group moves to an instance of its own region", "use an instance in the group's region"}, []error{migrate.ErrRegion}},
		{Rule{"wrong-source", "the move starts from the group's current instance", "set the group's instance to the one it is on"}, []error{migrate.ErrWrongSource}},
		{Rule{"dataworks", "DataWorks integration is for conventional dedicated instances only, so a group that serves DataWorks cannot move to a VPC integration instance", "keep DataWorks APIs in a group on a dedicated instance"}, []error{migrate.ErrDataWorks}},
		{Rule{"egress-change", "after migration, the egress IP address changes to that of the target instance", "add the new egress addresses to backend allow-lists before the move"}, nil},
		{Rule{"security-group", "the document asks that the backend be in the security group given when the instance was created", "move the backend into the instance's security group, or allow the traffic explicitly"}, nil},
		{Rule{codePlacement, "a group moves to an instance whose VPC holds its backends and whose accessible blocks reach them", "move the group to an instance that would take it"}, nil},
		{Rule{codeForceNew, "changing this attribute destroys and re-creates the resource instead of changing it", "plan the change as a move (ModifyApiGroupInstance) or accept the loss"}, nil},
		{Rule{codeError, "an error no rule explains", "read the message"}, nil},
	}
}

// Rules returns every finding code with the document's reason and the
// usual fix, in a stable order. Every exported sentinel error of packages
// cidr, zones, instance, authz and migrate maps to exactly one of them.
func Rules() []Rule {
	rs := rules()
	out := make([]Rule, len(rs))
	for i, r := range rs {
		out[i] = r.Rule
	}
	return out
}

// explainer maps errors to rules. The one explainer, ruleTable, is built
// once and never changed.
type explainer struct {
	rules      []rule
	byCode     map[string]int
	bySentinel map[error]int // the rule of each sentinel
}

// ruleTable is the explainer of rules(); read only.
var ruleTable = newExplainer()

func newExplainer() *explainer {
	e := &explainer{rules: rules(), byCode: map[string]int{}, bySentinel: map[error]int{}}
	for i, r := range e.rules {
		e.byCode[r.Code] = i
		for _, s := range r.errs {
			if _, dup := e.bySentinel[s]; !dup {
				e.bySentinel[s] = i // the first rule that lists it, as codeOf promises
			}
		}
	}
	return e
}

// codeOf returns the rule of err: the first whose sentinels err matches
// with errors.Is. It walks err's tree once, as errors.Is does, instead of
// once per sentinel.
func (e *explainer) codeOf(err error) Rule {
	if best := e.first(err, len(e.rules)); best < len(e.rules) {
		return e.rules[best].Rule
	}
	return e.rule(codeError)
}

// first returns the index of the first rule before best that a sentinel
// in err's tree matches, or best.
func (e *explainer) first(err error, best int) int {
	for err != nil {
		// Sentinels are pointers: only a pointer can be one, and looking
		// up anything else could hash an unhashable value inside it.
		if reflect.TypeOf(err).Kind() == reflect.Pointer {
			if i, ok := e.bySentinel[err]; ok {
				best = min(best, i)
			}
		}
		if m, ok := err.(interface{ Is(error) bool }); ok {
		rules:
			for i, r := range e.rules[:best] {
				for _, s := range r.errs {
					if m.Is(s) {
						best = i
						break rules
					}
				}
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				best = e.first(x, best)
			}
			return best
		default:
			return best
		}
	}
	return best
}

// rule returns the rule with the code.
func (e *explainer) rule(code string) Rule {
	if i, ok := e.byCode[code]; ok {
		return e.rules[i].Rule
	}
	return Rule{Code: code}
}

// CodeOf returns the code of the rule that explains err (one of [Rules]):
// the rule of the first sentinel, in the table's order, that err matches
// with [errors.Is]; "error" when none does.
func CodeOf(err error) string {
	return ruleTable.codeOf(err).Code
}

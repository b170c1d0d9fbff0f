package vpcgate

import (
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/internal/cloud"
	"github.com/vpcgate/vpcgate/internal/errindex"
	"github.com/vpcgate/vpcgate/internal/locale"
	"github.com/vpcgate/vpcgate/internal/terraform"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// Rule explains a finding's code: a short title, the document's reason,
// the usual fix, and the severity of its findings. Its JSON form is
//
//	{"code": "unreachable", "severity": "error", "title": "...", "why": "...", "fix": "..."}
type Rule struct {
	// Code is the finding code: lowercase words joined by hyphens, stable
	// across versions.
	Code Code `json:"code"`
	// Severity is the rule's default severity: SeverityError for a rule
	// whose findings are problems (the cloud would refuse), SeverityWarning
	// or SeverityNote for one whose findings are warnings.
	Severity Severity `json:"severity"`
	// Title names the rule in a few words, as a list of rules or a code
	// scanning alert shows it.
	Title string `json:"title"`
	// Why is the rule behind the code, in the document's words where it
	// has them.
	Why string `json:"why"`
	// Fix is what usually resolves a finding with this code.
	Fix string `json:"fix"`
}

// rule is a Rule in English, its texts in Chinese, and the sentinels whose
// errors carry its code.
type rule struct {
	Rule
	zh   locale.Texts
	errs []error
}

// Code is a finding's code: the name of a rule of [Rules], lowercase words
// joined by hyphens, stable across versions. Its JSON and text form is the
// string itself. Match a finding's error with [errors.Is] on the packages'
// sentinels where one exists; the code names the rule for people, waivers
// and tools that read the report.
type Code string

// The codes of [Rules], one constant for each, grouped by what their rules
// are about. Each sentinel error of the packages maps to exactly one code
// ([CodeOf]); the codes of warnings and advice that no sentinel carries are
// here too.
const (
	// The plan document.
	CodeInvalidPlan Code = "invalid-plan"

	// Zones and vSwitches (package zones).
	CodeReservedConflict Code = "reserved-conflict"
	CodeInvalidVSwitch   Code = "invalid-vswitch"
	CodeUnknownZone      Code = "unknown-zone"
	CodeUnknownRegion    Code = "unknown-region"
	CodeInvalidCatalog   Code = "invalid-catalog"

	// Instances (package instance).
	CodeRequired          Code = "required"
	CodeZoneRegion        Code = "zone-region"
	CodeDuplicate         Code = "duplicate"
	CodeCIDRNotAllowed    Code = "cidr-not-allowed"
	CodeCIDRConflict      Code = "cidr-conflict"
	CodeInvalidKind       Code = "invalid-kind"
	CodeNotVPCIntegration Code = "not-vpc-integration"
	CodeWrongVPC          Code = "wrong-vpc"
	CodeOutsideVPC        Code = "outside-vpc"
	CodeNotAccessible     Code = "not-accessible"
	CodeDefaultCIDR       Code = "default-cidr"
	CodeImmutable         Code = "immutable"

	// CIDR blocks and addresses (package cidr).
	CodeInvalidCIDR Code = "invalid-cidr"

	// Authorizations and security groups (package authz).
	CodeInvalidAuthorization Code = "invalid-authorization"
	CodeInvalidSecurityGroup Code = "invalid-security-group"
	CodeVPCMismatch          Code = "vpc-mismatch"
	CodeUnreachable          Code = "unreachable"
	CodeEgressDenied         Code = "egress-denied"
	// CodeUnverified is what cannot be decided from the data given: a
	// warning, and a problem under Options.Strict; never a pass.
	CodeUnverified      Code = "unverified"
	CodeImplicitEgress  Code = "implicit-egress"
	CodeInvalidFlow     Code = "invalid-flow"
	CodeInvalidEndpoint Code = "invalid-endpoint"
	CodeDynamicBackend  Code = "dynamic-backend"
	CodePrivateAddress  Code = "private-address"

	// Groups and their moves (package migrate, and the plan's groups).
	CodeMissingAuthorization   Code = "missing-authorization"
	CodeDuplicateAuthorization Code = "duplicate-authorization"
	CodeUnknownInstance        Code = "unknown-instance"
	CodeRegion                 Code = "region"
	CodeWrongSource            Code = "wrong-source"
	CodeDataWorks              Code = "dataworks"
	CodeEgressChange           Code = "egress-change"
	CodeSecurityGroup          Code = "security-group"
	CodePlacement              Code = "placement"

	// The cloud's conditions beyond the purchase form (check_conditions.go).
	CodeSingleZone        Code = "single-zone"
	CodeMoveSource        Code = "move-source"
	CodeVSwitchFull       Code = "vswitch-full"
	CodeServiceLinkedRole Code = "service-linked-role"
	CodeBackendIngress    Code = "backend-ingress-denied"
	CodeACLDenied         Code = "acl-denied"

	// What a plan's reader notes.
	CodeForceNew Code = "force-new"

	// Waivers.
	CodeInvalidWaivers Code = "invalid-waivers"
	CodeExpiredWaiver  Code = "expired-waiver"
	CodeUnusedWaiver   Code = "unused-waiver"

	// An error that no rule explains.
	CodeError Code = "error"
)

// mk builds a rule of the table; its Chinese texts come from
// internal/locale.
func mk(code Code, sev Severity, title, why, fix string, errs ...error) rule {
	return rule{Rule: Rule{Code: code, Severity: sev, Title: title, Why: why, Fix: fix}, errs: errs}
}

// rules is the table behind Rules and codeOf. Order matters for codeOf: an
// error matching several sentinels takes the first rule that lists one, so
// the more specific rules come first.
func rules() []rule {
	const e, w, n = SeverityError, SeverityWarning, SeverityNote
	rs := []rule{
		mk(CodeInvalidPlan, e, "Invalid plan document", "a plan is one JSON document read strictly, so that what a reviewer reads is what is checked", "fix the document at the line and path given", ErrInvalidPlan, authz.ErrInvalidNetworkACL),
		mk(CodeReservedConflict, e, "vSwitch overlaps a reserved block", "API Gateway uses an internal CIDR block in each zone, and the vSwitch must not overlap it (go run ./examples/reserved lists them)", "use another vSwitch block", zones.ErrReservedConflict),
		mk(CodeInvalidVSwitch, e, "Invalid vSwitch block", "a vSwitch block is a canonical IPv4 prefix with a mask from /16 to /29", "write the block in canonical IPv4 form, /16 to /29", zones.ErrInvalidVSwitch),
		mk(CodeUnknownZone, e, "Unknown zone", "only zones of the reserved-CIDR table (updated "+zones.Updated+") are known", "use a zone of the region (go run ./examples/reserved -region <id> lists them)", zones.ErrUnknownZone),
		mk(CodeUnknownRegion, e, "Unknown region", "only regions of the reserved-CIDR table (updated "+zones.Updated+") are known", "use a region ID such as cn-hangzhou", zones.ErrUnknownRegion),
		mk(CodeInvalidCatalog, e, "Invalid zone catalog", "a zone catalog lists each region and zone once, with canonical IPv4 reserved blocks", "fix the catalog", zones.ErrInvalidCatalog),
		mk(CodeInvalidAuthorization, e, "Invalid VPC access authorization", "an authorization needs a name, a VPC, a backend and a port; a backend is an ECS or SLB ID or a valid IP address", "fix the authorization", authz.ErrInvalidAuthorization, authz.ErrInvalidBackendKind),
		mk(CodeInvalidSecurityGroup, e, "Invalid security group rule", "a security group's outbound rules each have a policy, a priority from 1 to 100, a protocol, a port range and one destination", "fix the rule", authz.ErrInvalidSecurityGroup),
		mk(CodeRequired, e, "Required value missing", "the purchase form and the API need it", "fill it in", instance.ErrRequired),
		mk(CodeZoneRegion, e, "Zone outside the instance's region", "each network interface is created in a zone of the instance's region", "use a zone of the instance's region, or change the region", instance.ErrZoneRegion),
		mk(CodeDuplicate, e, "Duplicate", "an instance has one network interface per zone, each in its own vSwitch, and a plan names each instance once", "remove the duplicate", instance.ErrDuplicate),
		mk(CodeCIDRNotAllowed, e, "Instance CIDR block not allowed", "a VPC integration instance's CIDR block is 192.168.0.0/16 or 172.16.0.0/12", "use 192.168.0.0/16 or 172.16.0.0/12, whichever does not overlap your vSwitches", instance.ErrCIDRNotAllowed),
		mk(CodeCIDRConflict, e, "CIDR blocks conflict", "the instance CIDR block must not conflict with the vSwitches' blocks, nor the vSwitches with each other, or creation fails", "use another instance CIDR block or vSwitch block", instance.ErrCIDRConflict),
		mk(CodeInvalidKind, e, "Unknown instance kind", "each instance has a known kind: serverless (VPC_SHARED), dedicated (normal) or VPC integration (vpc_connect)", "give the instance's kind", instance.ErrInvalidKind),
		mk(CodeNotVPCIntegration, e, "Not a VPC integration instance", "only a VPC integration instance has accessible CIDR blocks", "use a VPC integration instance", instance.ErrNotVPCIntegration),
		mk(CodeWrongVPC, e, "Wrong VPC", "an instance connects to the one VPC chosen at creation", "describe the instance's VPC", instance.ErrWrongVPC),
		mk(CodeOutsideVPC, e, "Block outside the VPC", "a vSwitch lies in its VPC's CIDR blocks, and an accessible block within the VPC's CIDR blocks or a network connected to the VPC", "use a block inside the VPC's cidrs or connected networks, or list the connected network", instance.ErrOutsideVPC),
		mk(CodeNotAccessible, e, "Block not accessible", "only a block the instance lists as accessible can be removed", "remove a block the instance has", instance.ErrNotAccessible),
		mk(CodeDefaultCIDR, e, "vSwitch block cannot be removed", "a vSwitch's block is always accessible", "keep the vSwitch block", instance.ErrDefaultCIDR),
		mk(CodeImmutable, e, "Fixed at creation", "an instance's kind, VPC, CIDR block and network interfaces are fixed at creation", "create a new instance instead", instance.ErrImmutable),
		mk(CodeInvalidCIDR, e, "Invalid CIDR block or address", "CIDR blocks and addresses are canonical, without IPv6 zones or IPv4-mapped forms", "write the block or address in canonical form", cidr.ErrInvalidPrefix, cidr.ErrNotCanonical, cidr.ErrInvalidAddr),
		mk(CodeVPCMismatch, e, "Backend in another VPC", "the authorization's VPC ID must be the ID of the VPC connected to the instance", "keep this backend on a conventional instance, or connect its VPC and use an authorization in the instance's VPC", authz.ErrVPCMismatch),
		mk(CodeUnreachable, e, "Backend unreachable", "the backend's private IP address must fall within the instance's accessible CIDR blocks, or \"instance cannot connect to the backend\"", "add a block that contains the address to the instance's accessible blocks", authz.ErrUnreachable),
		mk(CodeEgressDenied, e, "Outbound traffic denied", "the outbound rules of the instance's security group must allow the backend: for a CLB backend always, for an ECS backend unless it is in the same group with intra-group traffic allowed", "add an outbound rule that accepts TCP to the backend's address and port", authz.ErrEgressDenied),
		mk(CodeUnverified, w, "Not verified", "what cannot be decided from the data given is not a pass: it is checked once the data is there", "give the missing data (a backend address, a security group, a response), or check it by hand", authz.ErrUnknownAddr, authz.ErrEgressUnverified),
		mk(CodeImplicitEgress, w, "No explicit outbound rule", "a CLB backend needs an explicit outbound rule in the instance's security group; a basic group's default lets the traffic out today, but the document asks for the rule", "add an outbound rule that accepts TCP to the backend", authz.ErrImplicitEgress),
		mk(CodeInvalidFlow, e, "Invalid backend address", "API Gateway reaches backends over TCP to an address without an IPv6 zone", "fix the backend's address", authz.ErrInvalidFlow),
		mk(CodeInvalidEndpoint, e, "Invalid backend address", "a direct backend is a URL or host:port whose host is an IP address or a host name, with a valid port", "write the backend address as http://10.0.1.5:8080 or 10.0.1.5:8080", authz.ErrInvalidEndpoint),
		mk(CodeDynamicBackend, e, "Service-discovery backend", "a conventional dedicated instance reaches a VPC only through VPC access authorizations, one per backend: the document says it does not support dynamic configuration, so a service-discovery backend (a registry such as NACOS) cannot be used there", "move the group to a VPC integration instance, or call the backends through VPC access authorizations", authz.ErrDynamicBackend),
		mk(CodePrivateAddress, w, "Private address without authorization", "a private backend address on a serverless or dedicated instance is reached through a VPC access authorization; none covers this one", "create a VPC access authorization for the address and port, or move the group to a VPC integration instance"),
		mk(CodeMissingAuthorization, e, "Authorization missing", "API Gateway validates every VPC access authorization the group's APIs and plug-ins use", "add the authorization, or fix the name", migrate.ErrMissingAuthorization),
		mk(CodeDuplicateAuthorization, e, "Authorization name used twice", "an authorization is found by its name", "give each authorization its own name", migrate.ErrDuplicateAuthorization),
		mk(CodeUnknownInstance, e, "Unknown target instance", "a group moves to an instance the plan describes", "name one of the plan's instances in to", ErrUnknownInstance),
		mk(CodeRegion, e, "Different region", "a group moves to an instance of its own region", "use an instance in the group's region", migrate.ErrRegion),
		mk(CodeWrongSource, e, "Wrong source instance", "the move starts from the group's current instance", "set the group's instance to the one it is on", migrate.ErrWrongSource),
		mk(CodeDataWorks, e, "DataWorks group", "DataWorks integration is for conventional dedicated instances only, so a group that serves DataWorks cannot move to a VPC integration instance", "keep DataWorks APIs in a group on a dedicated instance", migrate.ErrDataWorks),
		mk(CodeEgressChange, w, "Egress address changes", "after migration, the egress IP address changes to that of the target instance", "add the new egress addresses to backend allow-lists before the move"),
		mk(CodeSecurityGroup, w, "Backend in another security group", "the document asks that the backend be in the security group given when the instance was created", "move the backend into the instance's security group, or allow the traffic explicitly"),
		mk(CodePlacement, n, "Where the group could go", "a group moves to an instance whose VPC holds its backends and whose accessible blocks reach them", "move the group to an instance that would take it"),
		mk(CodeSingleZone, n, "One zone only", "an instance has one network interface per zone: with one zone it has one ENI and no zone redundancy, so a zone outage stops it", "add a placement in a second zone of the region, with its own vSwitch, if the APIs need to survive a zone outage"),
		mk(CodeMoveSource, n, "Move from a source the document does not describe", "the document describes moves to a VPC integration instance from serverless (shared) and conventional dedicated instances only; a move from another VPC integration instance or from a classic network shared instance is not described there", "check the move by hand (egress addresses, authorizations, downtime) before the switch, or move through a dedicated instance"),
		mk(CodeVSwitchFull, e, "vSwitch has no free address", "API Gateway creates a network interface in the vSwitch of each zone, and the interface takes an address of the vSwitch: a vSwitch whose AvailableIpAddressCount is 0 has none left, and creation fails", "free addresses in the vSwitch (release unused ENIs or instances), or place the zone in another vSwitch with free addresses"),
		mk(CodeServiceLinkedRole, e, "Service-linked role missing", "API Gateway needs the service-linked role "+cloud.ServiceLinkedRole+" to manage the network interfaces of a VPC integration instance in your VPC; the console creates it, and creating an instance creates it only for a caller allowed to (ram:CreateServiceLinkedRole): an account without it, whose pipeline may not create roles, cannot create the instance", "create the role before the instance: aliyun resourcemanager CreateServiceLinkedRole --ServiceName "+cloud.ServiceLinkedRoleService+", or in Terraform an "+terraform.ServiceLinkedRoleType+" with service_name = \""+cloud.ServiceLinkedRoleService+"\""),
		mk(CodeBackendIngress, e, "Backend refuses the new egress", "after migration, the egress IP address changes to a private address of the target instance's vSwitches: a backend whose security group's inbound rules refuse every such address drops the group's requests", "add an inbound rule to the backend's security group that accepts TCP on the backend's port from the target instance's vSwitch blocks (or its security group), with a priority that beats the refusing rule, before the move"),
		mk(CodeACLDenied, e, "Network ACL refuses the traffic", "the network interfaces of the instance are subject to the VPC's network ACLs: the outbound entries of the ACL bound to each interface's vSwitch and the inbound entries of the ACL bound to the backend's vSwitch are evaluated in order, the first matching entry decides, and traffic that no entry allows is denied, so a refused request is silently dropped", "add an accept entry for TCP on the backend's port (to the backend in the outbound entries, from the instance's vSwitch blocks in the inbound entries) before the entry that drops it; network ACLs are stateless, so let the replies through too (ports 1024-65535)"),
		mk(CodeForceNew, w, "Change re-creates the resource", "changing this attribute destroys and re-creates the resource instead of changing it", "plan the change as a move (ModifyApiGroupInstance) or accept the loss"),
		mk(CodeInvalidWaivers, e, "Invalid waiver", "a waiver names a known code and gives a reason; its where is a pattern and its expiry a date (YYYY-MM-DD)", "fix the waiver file at the line and path given", ErrInvalidWaivers),
		mk(CodeExpiredWaiver, e, "Waiver expired", "a waiver past its expiry date no longer applies, so that an accepted risk is looked at again", "renew the waiver with a new date and reason, or fix the finding and remove the waiver"),
		mk(CodeUnusedWaiver, w, "Waiver matches nothing", "a waiver that matches no finding is stale and could hide a future finding it was not meant for", "remove the waiver, or fix its code and where"),
		mk(CodeError, e, "Unexplained error", "an error no rule explains", "read the message"),
	}
	zh := locale.Chinese()
	for i := range rs {
		rs[i].zh = zh[string(rs[i].Code)]
	}
	return rs
}

// Rules returns every finding code with its severity, title, the
// document's reason and the usual fix, in English, in a stable order.
// Every exported sentinel error of packages cidr, zones, instance, authz
// and migrate maps to exactly one of them.
func Rules() []Rule {
	return RulesIn(English)
}

// RulesIn returns [Rules] with the titles, reasons and fixes in lang;
// an unknown language gives English.
func RulesIn(lang Lang) []Rule {
	out := make([]Rule, len(ruleTable.rules))
	for i, r := range ruleTable.rules {
		out[i] = r.in(lang)
	}
	return out
}

// in returns the rule with its texts in lang.
func (r rule) in(lang Lang) Rule {
	out := r.Rule
	if lang == Chinese && r.zh.Title != "" {
		out.Title, out.Why, out.Fix = r.zh.Title, r.zh.Why, r.zh.Fix
	}
	return out
}

// explainer maps errors to rules. The one explainer, ruleTable, is built
// once and never changed.
type explainer struct {
	rules  []rule
	byCode map[Code]int
	errs   *errindex.Index // the rules' sentinels, one class per rule
}

// ruleTable is the explainer of rules(); read only.
var ruleTable = newExplainer()

func newExplainer() *explainer {
	e := &explainer{rules: rules(), byCode: map[Code]int{}}
	classes := make([][]error, len(e.rules))
	for i, r := range e.rules {
		e.byCode[r.Code] = i
		classes[i] = r.errs
	}
	e.errs = errindex.New(classes)
	return e
}

// codeOf returns the rule of err: the first whose sentinels err matches
// with errors.Is. It walks err's tree once, as errors.Is does, instead of
// once per sentinel.
func (e *explainer) codeOf(err error) Rule {
	if i, ok := e.errs.First(err); ok {
		return e.rules[i].Rule
	}
	return e.rule(CodeError)
}

// ruleOf returns the rule with the code, or nil.
func (e *explainer) ruleOf(code Code) *rule {
	if i, ok := e.byCode[code]; ok {
		return &e.rules[i]
	}
	return nil
}

// rule returns the rule with the code.
func (e *explainer) rule(code Code) Rule {
	if i, ok := e.byCode[code]; ok {
		return e.rules[i].Rule
	}
	return Rule{Code: code}
}

// CodeOf returns the code of the rule that explains err (one of [Rules]):
// the rule of the first sentinel, in the table's order, that err matches
// with [errors.Is]; [CodeError] when none does.
func CodeOf(err error) Code {
	return ruleTable.codeOf(err).Code
}

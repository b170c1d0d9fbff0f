// Package migrate checks, and applies all or nothing, the move of an API
// group to another instance: typically from a Serverless or conventional
// dedicated instance to a VPC integration instance.
//
// Source: "Change the instance for an API group" in the API Gateway
// document "VPC integration instances" (last updated 2026-01-09): "API
// Gateway validates the VPC access authorizations used by the APIs and their
// associated plug-ins in the original API Group. If the validation
// succeeds, the change is successful. If it fails, the system rolls back the
// change and displays the reason for the failure." The validation is that
// of package authz, against a target that must have an ID and a valid kind
// (a zero or unknown [instance.Kind] takes nothing). DataWorks integration
// is for conventional dedicated instances only, so a group that serves
// DataWorks moving elsewhere fails ([ErrDataWorks]). The document's other
// cautions become warnings: the egress address changes, and the backends'
// security groups should be the instance's.
//
// [Check] reports every failure and warning at once; [Apply] returns the
// moved group only when there is no failure, and otherwise the group as it
// was. Neither modifies its inputs. Both are linear in the references: the
// target's accessible set is built once and each authorization is checked
// once, however many APIs and plug-ins use it.
package migrate

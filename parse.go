package vpcgate

import (
	"errors"
	"reflect"

	"github.com/vpcgate/vpcgate/internal/jsondecode"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// ParsePlan reads a plan from its JSON document, strictly: it reports every
// problem at once, each an [*InputError] naming its JSON path and its line
// and column, joined with [errors.Join] and all matching [ErrInvalidPlan]:
//
//   - malformed JSON, invalid UTF-8, a UTF-8 byte order mark, and data after
//     the plan (these stop the reading);
//   - object keys that name no field (matched with case: "VpcId" is not
//     "vpcId"), and keys given twice, however they are spelled ("addr" and
//     "\u0061ddr" are the same key), inside values of unknown fields too,
//     so that a reader of the document and the check never see different
//     values: "key given twice (also at line L, column C)" names the other;
//   - null where an object or a scalar is expected, and values of the wrong
//     JSON type (a null plan is bad input, not an empty plan); a null array
//     is an absent one, as encoding/json writes a nil slice;
//   - numbers that are not integers or out of their field's range (a port
//     is 0 to 65535);
//   - CIDR blocks and addresses that [cidr.ParsePrefix] or [cidr.ParseAddr]
//     reject (host bits, IPv6 zones, IPv4-mapped prefixes; a mapped address
//     is read as the IPv4 address it maps), and kinds, policies
//     and the like that their parsers reject.
//
// An empty string stands for a value not given, which [Check] reports when
// the value is required. A plan that mixes the single-instance form
// (instance, vpc, accessible) with the multi-instance form (instances, vpcs)
// is an error, and so are an instance's connectCidrBlocks (the blocks an
// instance in the cloud reaches) without "exists": true. The JSON of
// "terraform show -json" ([IsTerraformPlan]) is one problem that says to
// read it with [ReadTerraformPlan]. Each mistake is worded as every reader
// of the library words it ([InputError]). ParsePlan does not keep data; its
// cost is linear in the document's size. The plan's strings are copied into a few shared blocks
// of memory (64 KiB at most each), which stay allocated while any of them
// is in use.
func ParsePlan(data []byte) (Plan, error) {
	var p Plan
	errs := decodeErrors(jsondecode.Decode(data, reflect.ValueOf(&p).Elem(),
		jsondecode.Check{Type: reflect.TypeFor[Instance](), Key: "connectCidrBlocks", Err: connectNotExists}))
	if (p.Instance != nil || p.VPC != nil || p.Accessible != nil) && (p.Instances != nil || p.VPCs != nil) {
		errs = append(errs, &InputError{Path: "instances", Line: 1, Column: 1,
			Err: errors.New("a plan has either instance, vpc and accessible (one instance) or instances and vpcs (several), not both")})
	}
	if len(errs) > 0 {
		if IsTerraformPlan(data) {
			return Plan{}, &InputError{Line: 1, Column: 1, Err: errTerraformPlan}
		}
		return Plan{}, errors.Join(errs...)
	}
	return p, nil
}

// decodeErrors returns the decoder's problems as errors, each an
// [*InputError].
func decodeErrors(probs []jsondecode.Problem) []error {
	if len(probs) == 0 {
		return nil
	}
	errs := make([]error, len(probs))
	for i, p := range probs {
		errs[i] = &InputError{Path: p.Path, Line: p.Line, Column: p.Column, Err: p.Err}
	}
	return errs
}

// errConnectNotExists is the problem of blocks the cloud holds given for an
// instance to create: Check would ignore them, and a reader of the document
// and the check would see different accessible blocks.
var errConnectNotExists = errors.New(`connectCidrBlocks are the blocks an instance in the cloud reaches now: set "exists": true, or list the blocks to add in accessible`)

// connectNotExists is ParsePlan's check of an instance that gives its
// connectCidrBlocks: they are the blocks of an instance that exists.
func connectNotExists(v reflect.Value) error {
	if in := v.Addr().Interface().(*Instance); len(in.ConnectCidrBlocks) > 0 && !in.Exists {
		return errConnectNotExists
	}
	return nil
}

// errTerraformPlan is ParsePlan's one problem with a Terraform plan.
var errTerraformPlan = errors.New(`this is the JSON of "terraform show -json" (it has format_version and terraform_version), not a plan: read it with ReadTerraformPlan`)

// IsTerraformPlan reports whether data is, at its top level, the JSON of
// "terraform show -json": an object with both "format_version" and
// "terraform_version", which [ReadTerraformPlan] reads and [ParsePlan]
// refuses (its one problem then says so). Only the top-level keys are
// looked at; malformed JSON is no Terraform plan. It costs at most one
// pass over data.
func IsTerraformPlan(data []byte) bool {
	l := jsonlex.Lexer{Data: data}
	if l.Peek() != '{' {
		return false
	}
	l.Pos++
	format, version := false, false
	for l.Peek() == '"' {
		k, err := l.String()
		if err != nil {
			return false
		}
		switch string(k) {
		case "format_version":
			format = true
		case "terraform_version":
			version = true
		}
		if format && version {
			return true
		}
		if !l.Is(':') || l.Skip() != nil || !l.Is(',') {
			return false
		}
	}
	return false
}

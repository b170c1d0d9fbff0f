package vpcgate_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// sentinels holds every exported sentinel of field and the five packages; the test
// below fails when a package declares one that is not listed here.
var sentinels = map[string]error{
	"cidr.ErrInvalidPrefix":             cidr.ErrInvalidPrefix,
	"cidr.ErrNotCanonical":              cidr.ErrNotCanonical,
	"cidr.ErrInvalidAddr":               cidr.ErrInvalidAddr,
	"zones.ErrUnknownZone":              zones.ErrUnknownZone,
	"zones.ErrUnknownRegion":            zones.ErrUnknownRegion,
	"zones.ErrReservedConflict":         zones.ErrReservedConflict,
	"zones.ErrInvalidVSwitch":           zones.ErrInvalidVSwitch,
	"zones.ErrInvalidCatalog":           zones.ErrInvalidCatalog,
	"field.ErrRequired":                 field.ErrRequired,
	"field.ErrDuplicate":                field.ErrDuplicate,
	"instance.ErrRequired":              instance.ErrRequired,
	"instance.ErrZoneRegion":            instance.ErrZoneRegion,
	"instance.ErrDuplicate":             instance.ErrDuplicate,
	"instance.ErrCIDRNotAllowed":        instance.ErrCIDRNotAllowed,
	"instance.ErrCIDRConflict":          instance.ErrCIDRConflict,
	"instance.ErrInvalidKind":           instance.ErrInvalidKind,
	"instance.ErrNotVPCIntegration":     instance.ErrNotVPCIntegration,
	"instance.ErrWrongVPC":              instance.ErrWrongVPC,
	"instance.ErrOutsideVPC":            instance.ErrOutsideVPC,
	"instance.ErrNotAccessible":         instance.ErrNotAccessible,
	"instance.ErrDefaultCIDR":           instance.ErrDefaultCIDR,
	"instance.ErrImmutable":             instance.ErrImmutable,
	"authz.ErrVPCMismatch":              authz.ErrVPCMismatch,
	"authz.ErrUnreachable":              authz.ErrUnreachable,
	"authz.ErrUnknownAddr":              authz.ErrUnknownAddr,
	"authz.ErrInvalidAuthorization":     authz.ErrInvalidAuthorization,
	"authz.ErrEgressDenied":             authz.ErrEgressDenied,
	"authz.ErrInvalidBackendKind":       authz.ErrInvalidBackendKind,
	"migrate.ErrMissingAuthorization":   migrate.ErrMissingAuthorization,
	"migrate.ErrDuplicateAuthorization": migrate.ErrDuplicateAuthorization,
	"migrate.ErrRegion":                 migrate.ErrRegion,
	"migrate.ErrWrongSource":            migrate.ErrWrongSource,
	"migrate.ErrDataWorks":              migrate.ErrDataWorks,
	"authz.ErrInvalidSecurityGroup":     authz.ErrInvalidSecurityGroup,
	"authz.ErrInvalidNetworkACL":        authz.ErrInvalidNetworkACL,
	"authz.ErrEgressUnverified":         authz.ErrEgressUnverified,
	"authz.ErrImplicitEgress":           authz.ErrImplicitEgress,
	"authz.ErrInvalidFlow":              authz.ErrInvalidFlow,
	"vpcgate.ErrInvalidPlan":            vpcgate.ErrInvalidPlan,
	"vpcgate.ErrUnknownInstance":        vpcgate.ErrUnknownInstance,
	"vpcgate.ErrInvalidWaivers":         vpcgate.ErrInvalidWaivers,
	"authz.ErrInvalidEndpoint":          authz.ErrInvalidEndpoint,
	"authz.ErrDynamicBackend":           authz.ErrDynamicBackend,
}

// valueSpecs parses the non-test sources of a package directory and
// returns its package-level declarations of kind tok (token.VAR,
// token.CONST), with the file set that positions them.
func valueSpecs(t *testing.T, dir string, tok token.Token) ([]*ast.ValueSpec, *token.FileSet) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var specs []*ast.ValueSpec
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == tok {
				for _, s := range gd.Specs {
					specs = append(specs, s.(*ast.ValueSpec))
				}
			}
		}
	}
	return specs, fset
}

// declaredSentinels returns the exported package-level variables named
// Err* of a package directory.
func declaredSentinels(t *testing.T, dir, pkg string) []string {
	t.Helper()
	var names []string
	specs, _ := valueSpecs(t, dir, token.VAR)
	for _, s := range specs {
		for _, n := range s.Names {
			if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
				names = append(names, pkg+"."+n.Name)
			}
		}
	}
	return names
}

// TestEverySentinelHasOneCode walks the sentinels the packages declare and
// checks that each is listed above and explained by a rule of its own.
func TestEverySentinelHasOneCode(t *testing.T) {
	for dir, pkg := range map[string]string{"field": "field", "cidr": "cidr", "zones": "zones", "instance": "instance", "authz": "authz", "migrate": "migrate", ".": "vpcgate"} {
		for _, name := range declaredSentinels(t, dir, pkg) {
			if _, ok := sentinels[name]; !ok {
				t.Errorf("%s is declared but not in this test's table: add it, and a rule for it", name)
			}
		}
	}
	codes := map[vpcgate.Code]bool{}
	for _, r := range vpcgate.Rules() {
		if codes[r.Code] {
			t.Errorf("code %q listed twice", r.Code)
		}
		codes[r.Code] = true
		if !regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`).MatchString(string(r.Code)) || r.Why == "" || r.Fix == "" {
			t.Errorf("rule %+v: want a lowercase-hyphenated code, a why and a fix", r)
		}
	}
	// A sentinel kept under its first name where it moved (instance's
	// ErrRequired and ErrDuplicate are field's) is the same sentinel: one
	// value, one code.
	for alias, moved := range map[string]string{"instance.ErrRequired": "field.ErrRequired", "instance.ErrDuplicate": "field.ErrDuplicate"} {
		if sentinels[alias] != sentinels[moved] {
			t.Errorf("%s is not %s", alias, moved)
		}
	}
	for name, err := range sentinels {
		code := vpcgate.CodeOf(err)
		if code == "error" || !codes[code] {
			t.Errorf("%s: code %q is not a rule of its own", name, code)
		}
		if got := vpcgate.CodeOf(errors.Join(errors.New("context"), err)); got != code {
			t.Errorf("%s wrapped: code %q, want %q", name, got, code)
		}
	}
	for _, code := range []vpcgate.Code{"reserved-conflict", "invalid-vswitch", "unknown-zone", "unknown-region", "required",
		"zone-region", "duplicate", "cidr-not-allowed", "cidr-conflict", "wrong-vpc", "outside-vpc", "invalid-cidr",
		"invalid-kind", "vpc-mismatch", "unreachable", "invalid-authorization", "egress-denied", "unverified",
		"missing-authorization", "duplicate-authorization", "region", "wrong-source", "dataworks", "egress-change", "security-group",
		"expired-waiver", "unused-waiver"} {
		if !codes[code] {
			t.Errorf("the contract's code %q is not in Rules()", code)
		}
	}
	// Every Code constant names a rule, and every rule has a constant.
	declared := declaredCodes(t)
	named := map[vpcgate.Code]string{}
	for name, code := range declared {
		if prev, dup := named[code]; dup {
			t.Errorf("code %q is both %s and %s", code, prev, name)
		}
		named[code] = name
		if !codes[code] {
			t.Errorf("%s = %q is not in Rules()", name, code)
		}
	}
	for code := range codes {
		if _, ok := named[code]; !ok {
			t.Errorf("rule %q has no Code constant", code)
		}
	}
	if len(declared) == 0 || declared["CodeUnverified"] != vpcgate.CodeUnverified {
		t.Errorf("CodeUnverified declared as %q, want %q", declared["CodeUnverified"], vpcgate.CodeUnverified)
	}
}

// declaredCodes returns the root package's exported constants of type
// Code, by name, with their values: each must be a string literal.
func declaredCodes(t *testing.T) map[string]vpcgate.Code {
	t.Helper()
	out := map[string]vpcgate.Code{}
	specs, fset := valueSpecs(t, ".", token.CONST)
	for _, vs := range specs {
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
			continue
		}
		for i, n := range vs.Names {
			lit, ok := vs.Values[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: %s is not a string literal", fset.Position(n.Pos()), n.Name)
				continue
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			if n.IsExported() {
				out[n.Name] = vpcgate.Code(v)
			}
		}
	}
	return out
}

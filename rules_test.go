package vpcgate_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
	"github.com/vpcgate/vpcgate/zones"
)

// sentinels holds every exported sentinel of the five packages; the test
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
	"authz.ErrEgressUnverified":         authz.ErrEgressUnverified,
	"authz.ErrImplicitEgress":           authz.ErrImplicitEgress,
	"authz.ErrInvalidFlow":              authz.ErrInvalidFlow,
	"vpcgate.ErrInvalidPlan":            vpcgate.ErrInvalidPlan,
	"vpcgate.ErrUnknownInstance":        vpcgate.ErrUnknownInstance,
	"vpcgate.ErrInvalidWaivers":         vpcgate.ErrInvalidWaivers,
	"authz.ErrInvalidEndpoint":          authz.ErrInvalidEndpoint,
	"authz.ErrDynamicBackend":           authz.ErrDynamicBackend,
}

// declaredSentinels parses the non-test sources of a package directory and
// returns its exported package-level variables named Err*.
func declaredSentinels(t *testing.T, dir, pkg string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
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
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
						names = append(names, pkg+"."+n.Name)
					}
				}
			}
		}
	}
	return names
}

// TestEverySentinelHasOneCode walks the sentinels the packages declare and
// checks that each is listed above and explained by a rule of its own.
func TestEverySentinelHasOneCode(t *testing.T) {
	for dir, pkg := range map[string]string{"cidr": "cidr", "zones": "zones", "instance": "instance", "authz": "authz", "migrate": "migrate", ".": "vpcgate"} {
		for _, name := range declaredSentinels(t, dir, pkg) {
			if _, ok := sentinels[name]; !ok {
				t.Errorf("%s is declared but not in this test's table: add it, and a rule for it", name)
			}
		}
	}
	codes := map[string]bool{}
	for _, r := range vpcgate.Rules() {
		if codes[r.Code] {
			t.Errorf("code %q listed twice", r.Code)
		}
		codes[r.Code] = true
		if !regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`).MatchString(r.Code) || r.Why == "" || r.Fix == "" {
			t.Errorf("rule %+v: want a lowercase-hyphenated code, a why and a fix", r)
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
	for _, code := range []string{"reserved-conflict", "invalid-vswitch", "unknown-zone", "unknown-region", "required",
		"zone-region", "duplicate", "cidr-not-allowed", "cidr-conflict", "wrong-vpc", "outside-vpc", "invalid-cidr",
		"invalid-kind", "vpc-mismatch", "unreachable", "invalid-authorization", "egress-denied", "unverified",
		"missing-authorization", "duplicate-authorization", "region", "wrong-source", "dataworks", "egress-change", "security-group",
		"expired-waiver", "unused-waiver"} {
		if !codes[code] {
			t.Errorf("the contract's code %q is not in Rules()", code)
		}
	}
}

// TestRulesInBothLanguages: every rule has a title, a severity, and its
// title, why and fix in English and in Chinese, the Chinese texts written in
// Chinese (not copies of the English).
func TestRulesInBothLanguages(t *testing.T) {
	en, zh := vpcgate.Rules(), vpcgate.RulesIn(vpcgate.Chinese)
	if len(en) != len(zh) {
		t.Fatalf("Rules() has %d rules, RulesIn(Chinese) %d", len(en), len(zh))
	}
	han := regexp.MustCompile(`\p{Han}`)
	for i, r := range en {
		z := zh[i]
		t.Run(r.Code, func(t *testing.T) {
			if z.Code != r.Code || z.Severity != r.Severity {
				t.Errorf("Chinese rule %d is %q (%s), English %q (%s)", i, z.Code, z.Severity, r.Code, r.Severity)
			}
			switch r.Severity {
			case vpcgate.SeverityError, vpcgate.SeverityWarning, vpcgate.SeverityNote:
			default:
				t.Errorf("severity %q", r.Severity)
			}
			for _, pair := range [][3]string{{"title", r.Title, z.Title}, {"why", r.Why, z.Why}, {"fix", r.Fix, z.Fix}} {
				name, e, c := pair[0], pair[1], pair[2]
				switch {
				case e == "" || c == "":
					t.Errorf("%s: English %q, Chinese %q: want both", name, e, c)
				case e == c:
					t.Errorf("%s: the Chinese text is the English one: %q", name, e)
				case !han.MatchString(c):
					t.Errorf("%s: the Chinese text %q has no Chinese character", name, c)
				case han.MatchString(e):
					t.Errorf("%s: the English text %q has Chinese characters", name, e)
				}
			}
		})
	}
	if got := vpcgate.RulesIn("fr"); got[0].Title != en[0].Title {
		t.Errorf("RulesIn(fr) = %q, want English", got[0].Title)
	}
	// The message the cloud prints is quoted as it prints it, in both.
	for _, rs := range [][]vpcgate.Rule{en, zh} {
		for _, r := range rs {
			if r.Code == "unreachable" && !strings.Contains(r.Why, "instance cannot connect to the backend") {
				t.Errorf("unreachable's why %q does not quote the cloud's message", r.Why)
			}
		}
	}
}

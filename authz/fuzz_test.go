package authz_test

import (
	"errors"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
)

// FuzzAuthorization checks Validate and Check on arbitrary authorizations:
// no panic, the same answer twice, every Validate problem names a field,
// and Check passes only when the address is known, valid and accessible
// and the VPC matches.
func FuzzAuthorization(f *testing.F) {
	f.Add("orders", "vpc-1", "10.0.1.5", uint16(80), "", uint8(1))
	f.Add("x", "vpc-1", "010.0.0.1", uint16(1), "10.0.0.1", uint8(0))
	f.Add("x", "vpc-1", "i-bp1", uint16(1), "::ffff:10.0.8.9", uint8(2))
	f.Add("", "", "", uint16(0), "fe80::1%eth0", uint8(0))
	inst := vpcInstance()
	checker := authz.NewChecker(inst)
	f.Fuzz(func(t *testing.T, name, vpcID, instanceID string, port uint16, addr string, backend uint8) {
		a := authz.Authorization{Name: name, VPCID: vpcID, InstanceID: instanceID, Port: port, Backend: authz.BackendKind(backend % 3)}
		if addr != "" {
			a.Addr, _ = netip.ParseAddr(addr)
		}
		verr := a.Validate()
		if again := a.Validate(); (verr == nil) != (again == nil) {
			t.Fatal("Validate is not deterministic")
		}
		if verr != nil {
			if !errors.Is(verr, authz.ErrInvalidAuthorization) {
				t.Fatalf("Validate() = %v without ErrInvalidAuthorization", verr)
			}
			for _, e := range verr.(interface{ Unwrap() []error }).Unwrap() {
				var fe *field.Error
				if !errors.As(e, &fe) || fe.Field == "" || !strings.HasPrefix(e.Error(), string(fe.Field)+": ") {
					t.Fatalf("problem %q names no field", e)
				}
			}
		}
		err := checker.Check(a)
		if (verr != nil) != errors.Is(err, authz.ErrInvalidAuthorization) {
			t.Fatalf("Check() = %v but Validate() = %v", err, verr)
		}
		if err != nil {
			return
		}
		ip, ok := a.Address()
		if !ok || a.VPCID != inst.VPCID || !ip.Is4() || ip.Zone() != "" {
			t.Fatalf("Check passed %+v (address %v, %v)", a, ip, ok)
		}
		inside := false
		for _, p := range inst.Accessible {
			inside = inside || p.Contains(ip)
		}
		if !inside {
			t.Fatalf("Check passed %v, which is outside %v", ip, inst.Accessible)
		}
	})
}

// resourceID is the reference grammar of an opaque instance ID.
var resourceID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)

// normalisations are ways a person or a tool might read text that hides an
// address: each must never turn an accepted opaque ID into an address.
var normalisations = []struct {
	name string
	f    func(string) string
}{
	{"TrimSpace", strings.TrimSpace},
	{"drop non-ASCII and invisible runes", func(s string) string {
		return strings.Map(func(r rune) rune {
			if r > unicode.MaxASCII || !unicode.IsGraphic(r) || unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}},
	{"fullwidth to ASCII", func(s string) string {
		return strings.TrimSpace(strings.Map(func(r rune) rune {
			switch {
			case r >= 0xFF01 && r <= 0xFF5E:
				return r - 0xFF01 + '!'
			case r == 0x3000:
				return ' '
			}
			return r
		}, s))
	}},
	{"trim brackets, signs and quotes", func(s string) string { return strings.Trim(s, "[]+-\"' \t\r\n") }},
	{"first field", func(s string) string {
		if f := strings.Fields(s); len(f) > 0 {
			return f[len(f)-1]
		}
		return s
	}},
}

// FuzzInstanceID checks Authorization.Validate on arbitrary InstanceID
// text: it accepts exactly the resource IDs of the reference grammar and
// the text cidr.ParseAddr reads; an accepted opaque ID never becomes an
// address after trimming or normalising; an accepted address is Address.
func FuzzInstanceID(f *testing.F) {
	for _, s := range []string{"i-bp1abc", "lb-bp1xyz", "10.0.0.1", "::ffff:10.0.0.1", " 10.0.9.9", "\t10.0.0.1", "+10.0.0.1",
		"１０.０.０.１", "[10.0.0.1]", "\u200b10.0.0.1", "\ufeff10.0.0.1", "   ", "i-1 10.0.0.1", "fe80::1%eth0", "010.0.0.1", "і-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		a := auth("a", id)
		err := a.Validate()
		ip, ipErr := cidr.ParseAddr(id)
		opaque := resourceID.MatchString(id)
		if want := opaque || ipErr == nil; (err == nil) != want {
			t.Fatalf("Validate(%q) = %v, want valid=%v", id, err, want)
		}
		if err != nil {
			also := cidr.ErrInvalidAddr
			if id == "" {
				also = instance.ErrRequired
			}
			if p, _ := field.PathOf(err); p != "instanceId" || !errors.Is(err, authz.ErrInvalidAuthorization) || !errors.Is(err, also) {
				t.Fatalf("Validate(%q) = %v, want an instanceId problem matching ErrInvalidAuthorization and %v", id, err, also)
			}
			return
		}
		got, known := a.Address()
		if !opaque {
			if !known || got != ip {
				t.Fatalf("Address() of %q = %v, %v; want %v", id, got, known, ip)
			}
			return
		}
		if known {
			t.Fatalf("opaque ID %q has address %v", id, got)
		}
		for _, n := range normalisations {
			if ip, err := netip.ParseAddr(n.f(id)); err == nil {
				t.Fatalf("opaque ID %q is the address %v after %s", id, ip, n.name)
			}
		}
	})
}

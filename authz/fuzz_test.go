package authz_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/authz"
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
				var fe *instance.FieldError
				if !errors.As(e, &fe) || fe.Field == "" || !strings.HasPrefix(e.Error(), fe.Field+": ") {
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

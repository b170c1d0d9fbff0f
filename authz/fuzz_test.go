package authz_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"regexp"
	"strconv"
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

// FuzzRuleText checks the security group parsers on arbitrary text: no
// panic; accepted text round-trips through MarshalText (or String) to the
// same value; priorities are exactly the canonical numbers 1 to 100;
// the names are accepted exactly when they equal a canonical name without
// regard to ASCII case, and port ranges exactly in canonical form; a
// rejected text leaves UnmarshalText's target unchanged.
func FuzzRuleText(f *testing.F) {
	for _, s := range []string{"accept", "Drop", "TCP", "icmpv6", "ALL", "normal", "Enterprise", "-1/-1", "1/1024", "80/80", "0/0", "90/80", "enterpriſe", "",
		"100", "01", "10.0.0.5", "10.0.0.0/8", "::ffff:10.0.0.5", "10.0.0.1/8", "2001:db8::1"} {
		f.Add(s)
	}
	type textValue interface {
		encoding.TextMarshaler
		encoding.TextUnmarshaler
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(name string, fresh func() textValue, err error, names []string) {
			v := fresh()
			uerr := v.UnmarshalText([]byte(s))
			if (err == nil) != (uerr == nil) {
				t.Fatalf("%s: Parse(%q) error %v but UnmarshalText error %v", name, s, err, uerr)
			}
			if err != nil {
				if !errors.Is(err, authz.ErrInvalidSecurityGroup) {
					t.Fatalf("%s: Parse(%q) = %v, want ErrInvalidSecurityGroup", name, s, err)
				}
				if b, _ := v.MarshalText(); len(b) != 0 {
					t.Fatalf("%s: a failed UnmarshalText(%q) changed the value to %q", name, s, b)
				}
				return
			}
			b, merr := v.MarshalText()
			if merr != nil {
				t.Fatalf("%s: MarshalText after parsing %q: %v", name, s, merr)
			}
			if names == nil && string(b) != s || names != nil && !strings.EqualFold(string(b), s) {
				t.Fatalf("%s: %q marshals as %q", name, s, b)
			}
			again := fresh()
			if err := again.UnmarshalText(b); err != nil {
				t.Fatalf("%s: %q does not parse back: %v", name, b, err)
			}
			if b2, _ := again.MarshalText(); string(b2) != string(b) {
				t.Fatalf("%s: round trip %q -> %q", name, b, b2)
			}
		}
		accepted := func(names []string) bool {
			for _, n := range names {
				if strings.EqualFold(n, s) && isASCII(s) {
					return true
				}
			}
			return false
		}
		for _, tc := range []struct {
			name  string
			fresh func() textValue
			err   error
			names []string
		}{
			{"GroupType", func() textValue { return new(authz.GroupType) }, second(authz.ParseGroupType(s)), []string{"normal", "enterprise"}},
			{"Policy", func() textValue { return new(authz.Policy) }, second(authz.ParsePolicy(s)), []string{"accept", "drop"}},
			{"Protocol", func() textValue { return new(authz.Protocol) }, second(authz.ParseProtocol(s)), []string{"TCP", "UDP", "ICMP", "ICMPv6", "GRE", "ALL"}},
			{"PortRange", func() textValue { return new(authz.PortRange) }, second(authz.ParsePortRange(s)), nil},
		} {
			if tc.names != nil && (tc.err == nil) != accepted(tc.names) {
				t.Fatalf("%s: Parse(%q) error %v, want accepted=%v", tc.name, s, tc.err, accepted(tc.names))
			}
			check(tc.name, tc.fresh, tc.err, tc.names)
		}
		if n, err := authz.ParsePriority(s); (err == nil) != (n >= 1 && n <= 100 && strconv.Itoa(n) == s) {
			t.Fatalf("ParsePriority(%q) = %d, %v", s, n, err)
		}
		if p, err := authz.ParseRuleCIDR(s); err == nil {
			if !p.IsValid() || p.Masked() != p || p.Addr().Is4In6() {
				t.Fatalf("ParseRuleCIDR(%q) = %v, not a canonical prefix", s, p)
			}
			if again, err := authz.ParseRuleCIDR(p.String()); err != nil || again != p {
				t.Fatalf("ParseRuleCIDR(%q) = %v, which parses back as %v, %v", s, p, again, err)
			}
		} else if !errors.Is(err, authz.ErrInvalidSecurityGroup) {
			t.Fatalf("ParseRuleCIDR(%q) = %v without ErrInvalidSecurityGroup", s, err)
		}
		if pr, err := authz.ParsePortRange(s); err == nil {
			if !pr.IsValid() || pr.From > pr.To || (pr.From == 0) != (s == "-1/-1") {
				t.Fatalf("ParsePortRange(%q) = %+v", s, pr)
			}
		}
	})
}

func second[T any](_ T, err error) error { return err }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzDecide checks the prepared form against the brute-force reference on
// groups and flows drawn from the fuzzer's seeds.
func FuzzDecide(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(11), uint64(12))
	f.Fuzz(func(t *testing.T, s1, s2 uint64) {
		r := rand.New(rand.NewPCG(s1, s2))
		sg := randomGroup(r, 10)
		c, err := authz.NewEgressChecker(sg)
		if err != nil {
			t.Fatalf("%+v: %v", sg, err)
		}
		for range 8 {
			fl := randomFlow(r)
			v, err := c.Decide(fl)
			if err != nil {
				t.Fatal(err)
			}
			if got, ref := (want{v.Outcome, v.Source, v.Index, v.NeedsRule}), reference(sg, fl); got != ref {
				t.Fatalf("flow %+v: got %+v (%v), want %+v\ngroup %+v", fl, got, v, ref, sg)
			}
		}
	})
}

// FuzzSecurityGroupJSON decodes arbitrary JSON as a security group: no
// panic; a group that Validate accepts is prepared without error, decides
// as the reference does, and survives a JSON round trip unchanged; one
// that it rejects is rejected by NewEgressChecker too, with every problem
// at a path.
func FuzzSecurityGroupJSON(f *testing.F) {
	f.Add([]byte(`{"id":"sg-1","type":"enterprise","rules":[{"policy":"accept","priority":1,"ipProtocol":"TCP","portRange":"1/1024","destCidrIp":"10.0.0.0/8"}]}`))
	f.Add([]byte(`{"id":"sg-1","intraGroup":true,"egress":["10.0.0.0/8","2001:db8::/32"]}`))
	f.Add([]byte(`{"id":"sg-1","rules":[{"policy":"drop","priority":101,"ipProtocol":"ALL","portRange":"-1/-1","destCidrIp":"10.0.0.1/8","destGroupId":"sg-2"}]}`))
	f.Add([]byte(`{"id":"sg-1","type":"normal","rules":[{"policy":"Accept","priority":5,"ipProtocol":"tcp","portRange":"80/80","destPrefixListId":"pl-1"}]}`))
	flows := []authz.Flow{tcp("10.0.0.1", 80), tcp("", 80), ecsIn(tcp("2001:db8::1", 443), "sg-1"), ecsIn(tcp("::ffff:10.1.0.1", 1024), "sg-2"),
		{Addr: A("10.0.0.1"), Protocol: authz.ProtocolICMP}}
	f.Fuzz(func(t *testing.T, data []byte) {
		var sg authz.SecurityGroup
		if json.Unmarshal(data, &sg) != nil {
			return
		}
		verr := sg.Validate()
		c, err := authz.NewEgressChecker(sg)
		if (verr == nil) != (err == nil) {
			t.Fatalf("Validate() = %v but NewEgressChecker() = %v", verr, err)
		}
		if verr != nil {
			for _, e := range field.Split(verr) {
				if p, ok := field.PathOf(e); !ok || p == "" || !errors.Is(e, authz.ErrInvalidSecurityGroup) {
					t.Fatalf("problem %q has no path or sentinel", e)
				}
			}
			return
		}
		for _, fl := range flows {
			v, err := c.Decide(fl)
			if err != nil {
				t.Fatal(err)
			}
			if got, ref := (want{v.Outcome, v.Source, v.Index, v.NeedsRule}), reference(sg, fl); got != ref {
				t.Fatalf("flow %+v: got %+v (%v), want %+v", fl, got, v, ref)
			}
		}
		out, err := json.Marshal(sg)
		if err != nil {
			t.Fatalf("Marshal of a valid group: %v", err)
		}
		var again authz.SecurityGroup
		if err := json.Unmarshal(out, &again); err != nil || !reflect.DeepEqual(normalise(sg), normalise(again)) {
			t.Fatalf("round trip through %s: %+v, %v", out, again, err)
		}
	})
}

// normalise maps empty slices to nil, as JSON's omitempty does.
func normalise(sg authz.SecurityGroup) authz.SecurityGroup {
	if len(sg.Egress) == 0 {
		sg.Egress = nil
	}
	if len(sg.Rules) == 0 {
		sg.Rules = nil
	}
	return sg
}

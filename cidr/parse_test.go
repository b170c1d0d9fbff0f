package cidr_test

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/field"
)

func TestParsePrefix(t *testing.T) {
	accept := []struct{ in, want string }{
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"0.0.0.0/0", "0.0.0.0/0"},
		{"192.168.1.7/32", "192.168.1.7/32"},
		{"255.255.255.255/32", "255.255.255.255/32"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"::/0", "::/0"},
		{"::1/128", "::1/128"},
		{"::10.0.0.0/104", "::a00:0/104"},  // IPv4-compatible form stays IPv6
		{"64:ff9b::/96", "64:ff9b::/96"},   // NAT64 stays IPv6
		{"2002:a00::/24", "2002:a00::/24"}, // 6to4 stays IPv6
		{"2001:DB8::/32", "2001:db8::/32"}, // hex case is not a fault
		{"::fffe:0:0/96", "::fffe:0:0/96"},
	}
	for _, tc := range accept {
		p, err := cidr.ParsePrefix(tc.in)
		if err != nil {
			t.Errorf("ParsePrefix(%q) = error %v, want %s", tc.in, err, tc.want)
			continue
		}
		if got := p.String(); got != tc.want {
			t.Errorf("ParsePrefix(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}

	reject := []struct {
		in, why      string
		notCanonical string // the canonical form named, when host bits are the fault
	}{
		{"", "empty", ""},
		{"10.0.0.0", "no length", ""},
		{"10.0.0.5", "an address is not a prefix", ""},
		{"10.0.0.0/", "empty length", ""},
		{"10.0.0.0/33", "length too long", ""},
		{"::/129", "length too long", ""},
		{"10.0.0.0/08", "leading zero in length", ""},
		{"10.0.0.0/+8", "sign in length", ""},
		{"10.0.0.0/-1", "negative length", ""},
		{"010.0.0.0/8", "leading zero in field", ""},
		{"10.0.0/8", "short IPv4", ""},
		{" 10.0.0.0/8", "leading space", ""},
		{"10.0.0.0/8 ", "trailing space", ""},
		{"10.0.0.0/8\n", "trailing newline", ""},
		{"10.0.0.0 /8", "inner space", ""},
		{"fe80::%eth0/64", "zone", ""},
		{"fe80::1%eth0/128", "zone", ""},
		{"::ffff:10.0.0.0/104", "IPv4-mapped", ""},
		{"::ffff:0:0/96", "IPv4-mapped", ""},
		{"::ffff:10.0.0.1/128", "IPv4-mapped", ""},
		{"10.0.0.1/8", "host bits", "10.0.0.0/8"},
		{"172.20.1.0/16", "host bits", "172.20.0.0/16"},
		{"192.168.0.1/0", "host bits at /0", "0.0.0.0/0"},
		{"2001:db8::1/32", "host bits", "2001:db8::/32"},
		{"::1/0", "host bits at /0", "::/0"},
		{"10.0.0.0/8/8", "two lengths", ""},
		{"1.2.3.4.5/32", "five fields", ""},
	}
	for _, tc := range reject {
		p, err := cidr.ParsePrefix(tc.in)
		if err == nil {
			t.Errorf("ParsePrefix(%q) = %s, want an error (%s)", tc.in, p, tc.why)
			continue
		}
		if p != (netip.Prefix{}) {
			t.Errorf("ParsePrefix(%q) returned %v with its error, want the zero Prefix", tc.in, p)
		}
		if !errors.Is(err, cidr.ErrInvalidPrefix) {
			t.Errorf("ParsePrefix(%q) error %v does not match ErrInvalidPrefix", tc.in, err)
		}
		var pe *cidr.ParseError
		if !errors.As(err, &pe) || pe.Input != tc.in {
			t.Errorf("ParsePrefix(%q) error %v is not a *ParseError quoting the input", tc.in, err)
		}
		if got := errors.Is(err, cidr.ErrNotCanonical); got != (tc.notCanonical != "") {
			t.Errorf("ParsePrefix(%q): errors.Is(err, ErrNotCanonical) = %v, want %v (%s)", tc.in, got, !got, tc.why)
		}
		if tc.notCanonical != "" {
			if pe.Canonical.String() != tc.notCanonical || !strings.Contains(err.Error(), tc.notCanonical) {
				t.Errorf("ParsePrefix(%q) error %q, Canonical %s: want the canonical form %s named", tc.in, err, pe.Canonical, tc.notCanonical)
			}
		}
	}
}

func TestParseAddr(t *testing.T) {
	accept := []struct{ in, want string }{
		{"10.0.0.5", "10.0.0.5"},
		{"0.0.0.0", "0.0.0.0"},
		{"255.255.255.255", "255.255.255.255"},
		{"::ffff:10.0.0.5", "10.0.0.5"}, // mapped comes back as IPv4
		{"::ffff:a00:5", "10.0.0.5"},
		{"::10.0.0.5", "::a00:5"},               // IPv4-compatible stays IPv6
		{"64:ff9b::10.0.0.5", "64:ff9b::a00:5"}, // NAT64 stays IPv6
		{"2001:db8::1", "2001:db8::1"},
		{"::", "::"},
	}
	for _, tc := range accept {
		a, err := cidr.ParseAddr(tc.in)
		if err != nil || a.String() != tc.want {
			t.Errorf("ParseAddr(%q) = %v, %v; want %s", tc.in, a, err, tc.want)
		}
	}
	reject := []struct{ in, why string }{
		{"", "empty"},
		{"010.0.0.1", "leading zero"},
		{"10.1", "short form"},
		{"10.0.0.256", "octet out of range"},
		{"10.0.0.5/32", "a CIDR is not an address"},
		{" 10.0.0.5", "leading space"},
		{"10.0.0.5 ", "trailing space"},
		{"fe80::1%eth0", "zone"},
		{"::ffff:10.0.0.5%eth0", "zone on a mapped address, rejected before unmapping"},
		{"0x0a000005", "hex"},
		{"167772165", "integer"},
		{"[::1]", "brackets"},
	}
	for _, tc := range reject {
		a, err := cidr.ParseAddr(tc.in)
		if err == nil {
			t.Errorf("ParseAddr(%q) = %v, want an error (%s)", tc.in, a, tc.why)
			continue
		}
		if a.IsValid() {
			t.Errorf("ParseAddr(%q) returned %v with its error, want the zero Addr", tc.in, a)
		}
		var pe *cidr.ParseError
		if !errors.Is(err, cidr.ErrInvalidAddr) || errors.Is(err, cidr.ErrInvalidPrefix) || !errors.As(err, &pe) || pe.Input != tc.in {
			t.Errorf("ParseAddr(%q) error %v: want a *ParseError matching only ErrInvalidAddr", tc.in, err)
		}
		if !strings.Contains(err.Error(), `"`+tc.in+`"`) && tc.in != "10.0.0.5 " && tc.in != " 10.0.0.5" {
			t.Errorf("ParseAddr(%q) error %q does not quote the input", tc.in, err)
		}
	}
}

func TestParseSetReportsEveryError(t *testing.T) {
	_, err := cidr.ParseSet("10.0.0.0/8", "10.0.0.1/8", "bogus", "192.168.0.0/16", "::ffff:10.0.0.0/104")
	if err == nil {
		t.Fatal("ParseSet accepted three bad prefixes")
	}
	for _, want := range []string{"s[1]", "10.0.0.0/8", "s[2]", `"bogus"`, "s[4]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSet error %q does not mention %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "s[0]") || strings.Contains(err.Error(), "s[3]") {
		t.Errorf("ParseSet error %q blames a valid prefix", err)
	}
	if !errors.Is(err, cidr.ErrInvalidPrefix) || !errors.Is(err, cidr.ErrNotCanonical) {
		t.Errorf("ParseSet error %q: want it to match ErrInvalidPrefix and ErrNotCanonical", err)
	}
}

// TestPathsAreFieldErrors: the index a rejection names is a field path,
// not only words of its message, in ParseSet, NewSet and NewIndex alike.
func TestPathsAreFieldErrors(t *testing.T) {
	_, setErr := cidr.ParseSet("10.0.0.0/8", "bogus", "10.0.0.1/8")
	_, newErr := cidr.NewSet(netip.MustParsePrefix("10.0.0.0/8"), netip.Prefix{})
	_, indexErr := cidr.NewIndex([]netip.Prefix{{}, netip.MustParsePrefix("10.0.0.0/8")})
	tests := []struct {
		name string
		err  error
		want []field.Path
	}{
		{"ParseSet", setErr, []field.Path{"s[1]", "s[2]"}},
		{"NewSet", newErr, []field.Path{"prefixes[1]"}},
		{"NewIndex", indexErr, []field.Path{"ps[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []field.Path
			for _, e := range field.Split(tt.err) {
				var fe *field.Error
				if !errors.As(e, &fe) || !errors.Is(e, cidr.ErrInvalidPrefix) {
					t.Fatalf("%v: want a *field.Error matching ErrInvalidPrefix", e)
				}
				if !strings.HasPrefix(e.Error(), string(fe.Field)+": ") {
					t.Errorf("%q does not start with its path %q", e, fe.Field)
				}
				got = append(got, fe.Field)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paths %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMustPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"MustParsePrefix": func() { cidr.MustParsePrefix("10.0.0.1/8") },
		"MustParseSet":    func() { cidr.MustParseSet("10.0.0.0/8", "x") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic on bad input", name)
				}
			}()
			f()
		}()
	}
}

func TestUnmapPrefix(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
		{"::ffff:0.0.0.0/96", "0.0.0.0/0"},
		{"::ffff:10.1.2.3/128", "10.1.2.3/32"},
		{"::ffff:10.1.2.3/104", "10.1.2.3/8"},  // host bits kept
		{"::ffff:0:0/95", "::ffff:0.0.0.0/95"}, // reaches beyond ::ffff:0:0/96: stays IPv6
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"::a00:0/104", "::a00:0/104"},
		{"2001:db8::/32", "2001:db8::/32"},
	} {
		if got := cidr.UnmapPrefix(netip.MustParsePrefix(tc.in)).String(); got != tc.want {
			t.Errorf("UnmapPrefix(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if got := cidr.UnmapPrefix(netip.Prefix{}); got.IsValid() {
		t.Errorf("UnmapPrefix(zero) = %v", got)
	}
}

package authz_test

import (
	"encoding/json"
	"errors"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/instance"
)

func TestParseEndpoint(t *testing.T) {
	ip := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	for _, tc := range []struct {
		in   string
		want authz.Endpoint
	}{
		{"http://10.0.1.5:8080", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 8080}},
		{"http://10.0.1.5", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 80}},
		{"https://10.0.1.5", authz.Endpoint{Scheme: "https", Addr: ip("10.0.1.5"), Port: 443}},
		{"HTTP://10.0.1.5/", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 80}},
		{"http://10.0.1.5:8080/v1/orders?x=1#top", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 8080}},
		{"http://10.0.1.5?x", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 80}},
		{"http://10.0.1.5/a%2Fb?q=%e4%b8%ad", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 80}},
		{"https://[fd00::5]/v1", authz.Endpoint{Scheme: "https", Addr: ip("fd00::5"), Port: 443}},
		{"http://[fd00::5]:65535", authz.Endpoint{Scheme: "http", Addr: ip("fd00::5"), Port: 65535}},
		{"http://[::ffff:10.0.1.5]:81", authz.Endpoint{Scheme: "http", Addr: ip("10.0.1.5"), Port: 81}},
		{"10.0.1.5:1", authz.Endpoint{Addr: ip("10.0.1.5"), Port: 1}},
		{"[fd00::5]:443", authz.Endpoint{Addr: ip("fd00::5"), Port: 443}},
		{"http://orders.internal", authz.Endpoint{Scheme: "http", Host: "orders.internal", Port: 80}},
		{"http://orders.internal.:8080", authz.Endpoint{Scheme: "http", Host: "orders.internal.", Port: 8080}},
		{"nacos-0.svc:8848", authz.Endpoint{Host: "nacos-0.svc", Port: 8848}},
		{"http://1a.example", authz.Endpoint{Scheme: "http", Host: "1a.example", Port: 80}},
	} {
		got, err := authz.ParseEndpoint(tc.in)
		if err != nil {
			t.Errorf("ParseEndpoint(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
			t.Errorf("ParseEndpoint(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestParseEndpointRejects(t *testing.T) {
	for _, in := range []string{
		"", " http://10.0.1.5", "http://10.0.1.5 ", "http://10.0.1.5/a b", "http://10.0.1.5\t",
		"\ufeffhttp://10.0.1.5", "http://１０.0.1.5", "http://10.0.1.5/é",
		"ftp://10.0.1.5", "tcp://10.0.1.5:80", "://10.0.1.5", "http:/10.0.1.5",
		"http://", "http://:80", "http://10.0.1.5:", "http://10.0.1.5:0", "http://10.0.1.5:65536",
		"http://10.0.1.5:080", "http://10.0.1.5:+80", "http://10.0.1.5:8x", "http://10.0.1.5:99999999999",
		"http://user@10.0.1.5", "http://10.0.1.5@evil.example", "http://a:b@10.0.1.5",
		"10.0.1.5", "orders.internal", "10.0.1.5:", ":8080",
		"http://010.0.1.5", "http://10.1", "http://0x0a.0.0.1", "http://4294967295", "http://10.0.1.5.",
		"http://a.b.123", "http://a.0xff",
		"http://fd00::5", "fd00::5:80", "http://[fd00::5", "http://[fd00::5]x", "http://[10.0.1.5]",
		"http://[fe80::1%25eth0]", "http://[fe80::1%eth0]:80", "http://[]:80",
		"http://-a.example", "http://a-.example", "http://a..example", "http://a_b.example",
		"http://%31%30.0.1.5", "http://" + strings.Repeat("a", 64) + ".example",
		"http://" + strings.Repeat("a.", 127) + "a",
		"http://0.0.0.0", "http://[::]", "http://127.0.0.1", "http://[::1]", "http://169.254.1.1", "http://[fe80::1]",
		"http://10.0.1.5/%", "http://10.0.1.5/a%2", "http://10.0.1.5#%zz", "http://10.0.1.5?q=%g1",
		"http://224.0.0.1", "http://[ff02::1]", "http://255.255.255.255", "[::ffff:127.0.0.1]:80",
	} {
		got, err := authz.ParseEndpoint(in)
		if err == nil {
			t.Errorf("ParseEndpoint(%q) = %+v, want an error", in, got)
			continue
		}
		if !errors.Is(err, authz.ErrInvalidEndpoint) {
			t.Errorf("ParseEndpoint(%q): %v, want errors.Is ErrInvalidEndpoint", in, err)
		}
		if got != (authz.Endpoint{}) {
			t.Errorf("ParseEndpoint(%q) returned %+v with its error", in, got)
		}
		if !strings.Contains(err.Error(), strconv.Quote(in)) {
			t.Errorf("ParseEndpoint(%q): %q does not quote the input", in, err)
		}
	}
}

func TestEndpointString(t *testing.T) {
	for in, want := range map[string]string{
		"http://10.0.1.5":             "http://10.0.1.5:80",
		"HTTPS://[fd00::5]/x":         "https://[fd00::5]:443",
		"[::ffff:10.0.0.1]:8080":      "10.0.0.1:8080",
		"http://orders.internal:8080": "http://orders.internal:8080",
	} {
		e, err := authz.ParseEndpoint(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.String(); got != want {
			t.Errorf("ParseEndpoint(%q).String() = %q, want %q", in, got, want)
		}
	}
}

func TestEndpointInVPC(t *testing.T) {
	v := instance.VPC{ID: "vpc-1", CIDRs: []netip.Prefix{P("47.0.0.0/16")}, Connected: []netip.Prefix{P("2400:3200::/32")}}
	for in, want := range map[string]bool{
		"http://10.0.1.5":            true, // private space
		"http://172.31.0.1":          true,
		"http://192.168.9.9":         true,
		"http://[fd00::5]":           true,
		"http://47.0.9.9":            true, // a public range the VPC uses
		"http://[2400:3200::1]":      true, // a connected network
		"http://47.1.0.1":            false,
		"http://8.8.8.8":             false,
		"http://[::ffff:8.8.8.8]":    false,
		"http://[::ffff:10.0.0.1]":   true,
		"http://[2400:3300::1]":      false,
		"http://orders.internal":     false,
		"http://[64:ff9b::10.0.0.1]": false, // NAT64 form stays IPv6
	} {
		e, err := authz.ParseEndpoint(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.InVPC(v); got != want {
			t.Errorf("%s.InVPC = %v, want %v", in, got, want)
		}
	}
	if (authz.Endpoint{}).InVPC(v) {
		t.Error("the zero Endpoint is in the VPC")
	}
}

func TestCheckEndpoint(t *testing.T) {
	vpcInst := vpcInstance()
	dedicated := vpcInst
	dedicated.Kind = instance.Dedicated
	noKind := vpcInst
	noKind.Kind = 0
	for _, tc := range []struct {
		name string
		inst instance.Instance
		addr string
		want error // nil, or a sentinel
	}{
		{"inside the vSwitch block", vpcInst, "http://10.0.1.5:8080", nil},
		{"inside an added block", vpcInst, "http://10.0.9.5", nil},
		{"edge of an added block", vpcInst, "http://10.0.11.255", nil},
		{"just outside", vpcInst, "http://10.0.12.0", authz.ErrUnreachable},
		{"mapped inside", vpcInst, "http://[::ffff:10.0.1.5]", nil},
		{"IPv6 never matches IPv4 blocks", vpcInst, "http://[::a00:105]", authz.ErrUnreachable},
		{"host name", vpcInst, "http://orders.internal", authz.ErrUnknownAddr},
		{"dedicated: authorizations decide", dedicated, "http://10.9.9.9", nil},
		{"no kind", noKind, "http://10.0.1.5", instance.ErrInvalidKind},
	} {
		e, err := authz.ParseEndpoint(tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		err = authz.NewChecker(tc.inst).CheckEndpoint(e)
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("%s: CheckEndpoint(%s) = %v, want nil", tc.name, tc.addr, err)
		case tc.want != nil && !errors.Is(err, tc.want):
			t.Errorf("%s: CheckEndpoint(%s) = %v, want %v", tc.name, tc.addr, err, tc.want)
		}
		var ue *authz.UnreachableError
		if errors.As(err, &ue) {
			if ue.Endpoint != e.String() || ue.Authorization != "" || ue.InstanceID != "apigw-1" {
				t.Errorf("%s: UnreachableError %+v", tc.name, *ue)
			}
			if want := "instance cannot connect to the backend " + e.Addr.String(); !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q lacks the console's words %q", tc.name, err, want)
			}
			if !strings.HasPrefix(err.Error(), "backend "+e.String()+": ") {
				t.Errorf("%s: %q does not start with the endpoint", tc.name, err)
			}
		}
	}
	var nilChecker *authz.Checker
	if err := nilChecker.CheckEndpoint(authz.Endpoint{Scheme: "http", Addr: netip.MustParseAddr("10.0.1.5"), Port: 80}); !errors.Is(err, instance.ErrInvalidKind) {
		t.Errorf("nil Checker: %v, want ErrInvalidKind", err)
	}
}

func TestCheckEndpointDoesNotAllocate(t *testing.T) {
	c := authz.NewChecker(vpcInstance())
	e, err := authz.ParseEndpoint("http://10.0.1.5:8080")
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = c.CheckEndpoint(e) }); n != 0 {
		t.Errorf("CheckEndpoint allocates %v times per passing call", n)
	}
}

// FuzzParseEndpoint checks ParseEndpoint's properties: no panic; an
// accepted address has a port, exactly one of a host name and an IP
// address, a String that parses back to itself, and agrees with net/url on
// the host and port; a rejected one matches ErrInvalidEndpoint.
func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{"http://10.0.1.5:8080", "https://[fd00::5]/v1", "10.0.1.5:80", "http://orders.internal",
		"http://10.1", "http://a@b", "http://[::ffff:10.0.0.1]", "HTTP://X.Y:1/?#", "http://0x0a.0.0.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := authz.ParseEndpoint(s)
		if err != nil {
			if !errors.Is(err, authz.ErrInvalidEndpoint) {
				t.Fatalf("ParseEndpoint(%q): %v does not match ErrInvalidEndpoint", s, err)
			}
			return
		}
		if !e.IsValid() || e.Port == 0 || (e.Host == "") == !e.Addr.IsValid() || e.Addr.Is4In6() || e.Addr.Zone() != "" {
			t.Fatalf("ParseEndpoint(%q) = %+v", s, e)
		}
		back, err := authz.ParseEndpoint(e.String())
		if err != nil || back != e {
			t.Fatalf("ParseEndpoint(%q) = %+v; String %q parses to %+v, %v", s, e, e.String(), back, err)
		}
		if e.Scheme == "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("ParseEndpoint accepts %q, net/url does not: %v", s, err)
		}
		host := u.Hostname()
		if e.Addr.IsValid() {
			if a, err := netip.ParseAddr(host); err != nil || a.Unmap() != e.Addr {
				t.Fatalf("%q: net/url's host %q, ours %s", s, host, e.Addr)
			}
		} else if !strings.EqualFold(host, e.Host) {
			t.Fatalf("%q: net/url's host %q, ours %q", s, host, e.Host)
		}
		if p := u.Port(); p != "" && p != e.String()[strings.LastIndexByte(e.String(), ':')+1:] {
			t.Fatalf("%q: net/url's port %q, ours %d", s, p, e.Port)
		}
	})
}

func TestEndpointText(t *testing.T) {
	type api struct {
		S authz.Endpoint `json:"s,omitzero"`
	}
	var v api
	if err := json.Unmarshal([]byte(`{"s": "HTTP://[::ffff:10.0.1.5]/v1"}`), &v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil || string(out) != `{"s":"http://10.0.1.5:80"}` {
		t.Errorf("round trip: %s, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"s": ""}`), &v); err != nil || v.S != (authz.Endpoint{}) {
		t.Errorf("empty text: %+v, %v; want the zero Endpoint", v.S, err)
	}
	if out, _ := json.Marshal(api{}); string(out) != `{}` {
		t.Errorf("zero Endpoint marshals to %s", out)
	}
	v.S = authz.Endpoint{Scheme: "http", Addr: netip.MustParseAddr("10.0.1.5"), Port: 80}
	if err := json.Unmarshal([]byte(`{"s": "http://10.1"}`), &v); !errors.Is(err, authz.ErrInvalidEndpoint) || v.S.Addr != netip.MustParseAddr("10.0.1.5") {
		t.Errorf("bad text: %v, and the value became %+v", err, v.S)
	}
	for _, bad := range []authz.Endpoint{
		{Scheme: "http", Port: 80},
		{Scheme: "http", Host: "a", Addr: netip.MustParseAddr("10.0.0.1"), Port: 80},
		{Scheme: "ftp", Host: "a", Port: 21},
		{Host: "10.1", Port: 1},
		{Addr: netip.MustParseAddr("::ffff:10.0.0.1"), Port: 1},
		{Addr: netip.MustParseAddr("10.0.0.1")},
	} {
		if bad.IsValid() {
			t.Errorf("%+v is valid", bad)
		}
		if _, err := bad.MarshalText(); !errors.Is(err, authz.ErrInvalidEndpoint) {
			t.Errorf("MarshalText(%+v): %v", bad, err)
		}
	}
}

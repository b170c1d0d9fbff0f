package authz

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

// ErrInvalidEndpoint matches text that [ParseEndpoint] rejects.
var ErrInvalidEndpoint = errors.New("invalid backend address")

// ErrDynamicBackend matches a service-discovery backend (a registry such as
// Nacos or ZooKeeper) on an instance that cannot use one: the document says
// a conventional dedicated instance does not support dynamic configuration.
var ErrDynamicBackend = errors.New("service-discovery backend not supported on this instance")

// Endpoint is a backend that an API calls directly by address, without a
// VPC access authorization: what the cloud calls an API's
// ServiceConfig.ServiceAddress ("http://10.0.1.5:8080"), or the address a
// routing plug-in's route or an HTTP backend service's environment sends
// to. On a VPC integration instance this is the main way to reach a VPC:
// "no additional API configuration" is needed.
//
// The zero Endpoint has no address and no host: it is not a valid
// endpoint. Endpoint is comparable.
type Endpoint struct {
	// Scheme is "http" or "https" as the address gave it (in lower case),
	// or "" when the address was host:port.
	Scheme string
	// Host is the host name when the address names a host rather than an
	// IP address; such a backend cannot be checked before the call, since
	// the name is resolved only then. Empty when Addr is set.
	Host string
	// Addr is the backend's IP address when the address gave one, in IPv4
	// form when it was IPv4-mapped; the zero Addr when Host is set.
	Addr netip.Addr
	// Port is the port: the address's own, or its scheme's default (80
	// for http, 443 for https).
	Port uint16
}

// ParseEndpoint parses a backend address strictly. It accepts
//
//   - a URL with the scheme http or https (in any case), a host, an
//     optional port, and anything after the host that starts with '/', '?'
//     or '#' (a path, a query or a fragment, ignored): "http://10.0.1.5:8080",
//     "https://[fd00::5]/v1", "http://orders.internal";
//   - host:port, with the port required: "10.0.1.5:8080", "[fd00::5]:443".
//
// A host is an IP address as [cidr.ParseAddr] reads it (IPv6 in brackets;
// an IPv4-mapped address becomes its IPv4 form) or a DNS name: ASCII
// letters, digits, '-' and '.', labels of 1 to 63 characters that neither
// start nor end with '-', at most 253 characters, an optional final '.'.
// A name whose last label is numeric ("10.1", "010.0.0.1",
// "0x0a.0.0.1") is an IP address in the forms some resolvers accept; since
// it is not one ParseAddr accepts, it is an error rather than a name.
// A port is 1 to 65535 in decimal digits without a sign or leading zero.
//
// An IP address must be one a backend can have: unspecified, loopback,
// link-local, multicast and broadcast addresses are errors (private
// addresses are accepted).
//
// Everything else is an error matching [ErrInvalidEndpoint]: surrounding or
// inner white space, other schemes, user information ("http://a@10.0.0.1",
// which hides the host), percent-encoding or non-ASCII in the host, an
// IPv6 zone, an empty host or port, host:port without a port, a bare IPv6
// address outside brackets, and a '%' after the host that starts no
// escape of two hex digits.
func ParseEndpoint(s string) (Endpoint, error) {
	bad := func(why string) (Endpoint, error) {
		return Endpoint{}, fmt.Errorf("%w %q: %s", ErrInvalidEndpoint, s, why)
	}
	if s == "" {
		return bad("empty")
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return bad("white space, control characters and non-ASCII text are not accepted (percent-encode a path)")
		}
	}
	var e Endpoint
	rest := s
	if i := strings.Index(rest, "://"); i >= 0 {
		switch strings.ToLower(rest[:i]) {
		case "http":
			e.Scheme, e.Port = "http", 80
		case "https":
			e.Scheme, e.Port = "https", 443
		default:
			return bad("the scheme must be http or https")
		}
		rest = rest[i+3:]
		if end := strings.IndexAny(rest, "/?#"); end >= 0 {
			if !escapesValid(rest[end:]) {
				return bad("a '%' in the path, query or fragment must start an escape of two hex digits")
			}
			rest = rest[:end]
		}
	}
	if strings.ContainsRune(rest, '@') {
		return bad("user information before the host is not accepted")
	}
	host, port := rest, ""
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return bad("an IPv6 address without its closing bracket")
		}
		host, port = rest[1:end], rest[end+1:]
		if port != "" && port[0] != ':' {
			return bad("text after the IPv6 address")
		}
		if host == "" {
			return bad("an empty host")
		}
		addr, err := cidr.ParseAddr(host)
		if err != nil || !strings.Contains(host, ":") {
			return bad("the host in brackets is not an IPv6 address")
		}
		e.Addr = addr
	} else {
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			host, port = rest[:i], rest[i:]
		}
		if strings.ContainsRune(host, ':') {
			return bad("an IPv6 address must be in brackets")
		}
		if host == "" {
			return bad("an empty host")
		}
		if addr, err := cidr.ParseAddr(host); err == nil {
			e.Addr = addr
		} else if why := hostProblem(host); why != "" {
			return bad(why)
		} else {
			e.Host = host
		}
	}
	if e.Addr.IsValid() && !e.Addr.IsGlobalUnicast() {
		return bad("not an address a backend can have (unspecified, loopback, link-local, multicast or broadcast)")
	}
	switch {
	case port != "":
		p, ok := parsePort(port[1:])
		if !ok {
			return bad("the port must be 1 to 65535 in decimal digits")
		}
		e.Port = p
	case e.Scheme == "":
		return bad("host:port needs a port")
	}
	return e, nil
}

// escapesValid reports whether every '%' in s starts an escape of two
// hexadecimal digits, as a URL requires.
func escapesValid(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		i += 2
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

// hostProblem says why host is not a DNS name ParseEndpoint accepts, or "".
func hostProblem(host string) string {
	name := strings.TrimSuffix(host, ".")
	if len(name) == 0 || len(name) > 253 {
		return "a host name must have 1 to 253 characters"
	}
	last := ""
	for label := range strings.SplitSeq(name, ".") {
		if len(label) == 0 || len(label) > 63 {
			return "a host name's labels must have 1 to 63 characters"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "a host name's label cannot start or end with '-'"
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(isLetter(c) || c >= '0' && c <= '9' || c == '-') {
				return "a host is an IP address or a name of ASCII letters, digits, '-' and '.'"
			}
		}
		last = label
	}
	if numeric(last) {
		return "not an IP address, and a name cannot end in a number (some resolvers read it as an address)"
	}
	return ""
}

// numeric reports whether a label is a number in a form that some
// resolvers read as part of an IPv4 address: decimal, or hexadecimal with
// 0x.
func numeric(label string) bool {
	if len(label) > 2 && (label[:2] == "0x" || label[:2] == "0X") {
		label = label[2:]
		for i := 0; i < len(label); i++ {
			if c := label[i] | 0x20; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(label); i++ {
		if label[i] < '0' || label[i] > '9' {
			return false
		}
	}
	return true
}

// String returns the endpoint as a URL when it has a scheme
// ("http://10.0.1.5:8080", the port always written), else as host:port;
// IPv6 addresses are bracketed.
func (e Endpoint) String() string {
	host := e.Host
	if e.Addr.IsValid() {
		host = e.Addr.String()
		if e.Addr.Is6() {
			host = "[" + host + "]"
		}
	}
	hp := host + ":" + strconv.Itoa(int(e.Port))
	if e.Scheme == "" {
		return hp
	}
	return e.Scheme + "://" + hp
}

// IsValid reports whether e is an endpoint ParseEndpoint could return: a
// port, and either an IP address (without a zone, not IPv4-mapped) or a
// host name, not both. The zero Endpoint is not valid.
func (e Endpoint) IsValid() bool {
	if e.Port == 0 || (e.Host == "") == !e.Addr.IsValid() || e.Addr.Is4In6() || e.Addr.Zone() != "" || e.Addr.IsValid() && !e.Addr.IsGlobalUnicast() {
		return false
	}
	switch e.Scheme {
	case "", "http", "https":
	default:
		return false
	}
	return e.Host == "" || hostProblem(e.Host) == ""
}

// Equal reports whether e and o are the same endpoint, as e == o does;
// comparison libraries such as go-cmp use it.
func (e Endpoint) Equal(o Endpoint) bool { return e == o }

// MarshalText returns [Endpoint.String]'s text, or "" for the zero
// Endpoint; another invalid Endpoint is an error.
func (e Endpoint) MarshalText() ([]byte, error) {
	if e == (Endpoint{}) {
		return []byte{}, nil
	}
	if !e.IsValid() {
		return nil, fmt.Errorf("%w: %+v", ErrInvalidEndpoint, e)
	}
	return []byte(e.String()), nil
}

// UnmarshalText sets *e with [ParseEndpoint]'s rules; empty text is the
// zero Endpoint (none given). On error *e is unchanged.
func (e *Endpoint) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*e = Endpoint{}
		return nil
	}
	v, err := ParseEndpoint(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// Flow returns the flow by which an instance reaches e: TCP to its address
// and port, the address zero (unknown) when e names a host.
func (e Endpoint) Flow() Flow {
	return Flow{Addr: e.Addr, Port: e.Port, Protocol: ProtocolTCP}
}

// InVPC reports whether e's address is one a VPC backend may have: inside
// v's CIDR blocks or connected networks, or in private address space
// (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7). Such a backend is
// checked as a VPC backend; any other address is not a VPC backend, and a
// host name is not known before the call: both return false.
func (e Endpoint) InVPC(v instance.VPC) bool {
	if !e.Addr.IsValid() {
		return false
	}
	return e.Addr.IsPrivate() || v.Reachable().Contains(e.Addr)
}

// CheckEndpoint reports whether the Checker's instance can call e
// directly:
//
//   - an instance of no valid kind: [instance.ErrInvalidKind];
//   - a VPC integration instance: an [*UnreachableError] (matching
//     [ErrUnreachable], with the console's words "instance cannot connect
//     to the backend <ip>") when e's address lies outside the accessible
//     blocks, and an error matching [ErrUnknownAddr] when e names a host,
//     whose address is known only when the call resolves it;
//   - another valid kind: nil. Those instances reach a VPC only through VPC
//     access authorizations; whether one covers e is the caller's to say.
//
// The caller decides first whether e is a VPC backend at all
// ([Endpoint.InVPC]): a public address is not checked against the
// accessible blocks. CheckEndpoint does not allocate when e passes.
func (c *Checker) CheckEndpoint(e Endpoint) error {
	var inst instance.Instance
	if c != nil {
		inst = c.inst
	}
	switch {
	case !inst.Kind.Valid():
		return fmt.Errorf("instance %q: %w (%d): no backend can be checked against it", inst.ID, instance.ErrInvalidKind, uint8(inst.Kind))
	case inst.Kind != instance.VPCIntegration:
		return nil
	case !e.Addr.IsValid():
		return fmt.Errorf("backend %s names host %q, resolved only when the call is made, so its reachability was not checked: %w", e, e.Host, ErrUnknownAddr)
	case !c.accessible.Contains(e.Addr):
		return &UnreachableError{Endpoint: e.String(), InstanceID: inst.ID, Addr: e.Addr}
	}
	return nil
}

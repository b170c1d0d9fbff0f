// This file reads the backends an API calls directly, by address, or
// through a service-discovery registry (issue #20; the wire facts are in
// the project's direct-shapes notes, §1, §3 and §5).

package openapi

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
)

// serviceAddressAt is the path, below an API of DescribeApi, of the
// address it calls directly.
const serviceAddressAt = "ServiceConfig.ServiceAddress"

// Unread is an address the cloud holds that is not read: where it is and
// why. It is a fact of the cloud, not an input error: what depends on it
// is unverified.
type Unread struct {
	// At is the address's path.
	At field.Path
	// Why says why it is not read.
	Why string
}

// endpoint reads an address the cloud holds with [authz.ParseEndpoint]:
// the Endpoint, or the zero Endpoint and why it is not read. A bare host
// without a scheme or port (the doc sample of DescribeBackendInfo has
// "10.0.0.1") names no port, and an address ParseEndpoint rejects names
// nothing that can be checked: the cloud's data is a fact, so neither is
// an input error.
func endpoint(s string) (authz.Endpoint, string) {
	e, err := authz.ParseEndpoint(s)
	if err == nil {
		return e, ""
	}
	if !strings.Contains(s, "://") {
		if _, err := authz.ParseEndpoint("http://" + s); err == nil {
			return authz.Endpoint{}, fmt.Sprintf("%q names no scheme or port, so the port it is called on is not known", s)
		}
	}
	return authz.Endpoint{}, err.Error()
}

// directAddress reads the address an API's ServiceConfig calls directly
// (its ServiceAddress s, Mock and ServiceProtocol), when the API is an HTTP
// one by the precedence the Terraform provider reads a DescribeApi with
// (resource_alicloud_api_gateway_api.go): Mock "TRUE" is a mock API, then
// ServiceVpcEnable "TRUE" an HTTP-VPC one (its caller reads the
// authorization and does not call this), then ServiceProtocol
// "FunctionCompute" a Function Compute one (as OSS and EventBridge, which
// call nothing in a VPC), and otherwise an HTTP one, whose ServiceAddress
// it calls. An empty ServiceAddress is none (an API that calls a backend
// service may give "").
func directAddress(s, mock, protocol string) (authz.Endpoint, string) {
	if s == "" || mock == "TRUE" {
		return authz.Endpoint{}, ""
	}
	switch protocol {
	case "FunctionCompute", "OSS", "EventBridge":
		return authz.Endpoint{}, ""
	}
	return endpoint(s)
}

// discovery reads whether a backend service's BackendConfig c is a
// service-discovery one, whatever its Type says (no Type value for one is
// documented): a DiscoveryConfig holding any value names the registry by
// its RcType ("NACOS"; the value for ZooKeeper is not documented and is
// passed on as given), an EdasConfig by its RegistryType, else "EDAS". It
// returns the registry's name and the member read, or "" and "".
func discovery(c obj) (string, string) {
	if d, ok := c.child("DiscoveryConfig"); ok && holdsValue(d.n, 0) {
		return cmp.Or(d.str("RcType"), "a registry whose RcType is not given"), "DiscoveryConfig"
	}
	if e, ok := c.child("EdasConfig"); ok && holdsValue(e.n, 0) {
		return cmp.Or(e.str("RegistryType"), "EDAS"), "EdasConfig"
	}
	return "", ""
}

// holdsValue reports whether n holds a value other than null, false, ""
// and empty containers, at any depth (bounded by maxDepth, as the tree).
func holdsValue(n *node, depth int) bool {
	switch n.kind {
	case 's':
		return n.str != ""
	case 'n':
		return true
	case 'b':
		return n.b
	case 'o', 'a':
		if depth > maxDepth {
			return true
		}
		for i := range n.vals {
			if holdsValue(&n.vals[i], depth+1) {
				return true
			}
		}
	}
	return false
}

package openapi

import (
	"fmt"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/routing"
)

// routes is what a routing plug-in's PluginData routes to: the VPC access
// authorization names, with the path of each inside PluginData
// (at.routes[i].backend.vpcAccessName), and the addresses HTTP routes call
// directly, each once, with the path of its first
// (at.routes[i].backend.address), and those not read.
type routes struct {
	names   []string
	namesAt []field.Path
	addrs   []authz.Endpoint
	addrsAt []field.Path
	unread  []Unread
}

// routingVpcAccess reads the backends a routing plug-in's PluginData
// routes to.
//
// PluginData is JSON or YAML text with the same schema:
// {"routes": [{"name", "condition", "backend": {"type", "vpcAccessName",
// ...}}]}. A backend of type "HTTP-VPC" (or "HTTP_VPC", the older
// documentation's spelling) must name an authorization; a vpcAccessName on
// a backend of another type, a route without a backend type, and text this
// reader cannot parse are errors, never ignored. A backend of type "HTTP"
// with an address calls it directly (direct-shapes §3: {"type": "HTTP",
// "address": "https://beta-version.api.foo.com"}); without one it calls
// the API's own (a route's backend is laid over the API's). An address
// [authz.ParseEndpoint] rejects is the cloud's fact, not read (see
// endpoint).
func routingVpcAccess(data string, at field.Path, errs *reader) routes {
	var root *node
	var err error
	if text, isJSON := routing.Split(data); isJSON {
		root, err = parseText([]byte(text), at, &errs.tree)
	} else {
		root, err = parseYAML(text, at, &errs.tree)
	}
	if err != nil {
		errs.AddUnder("", err)
		return routes{}
	}
	if root.kind == 'z' {
		errs.Add(at, fmt.Errorf("%w: a routing plug-in without data", ErrInvalid))
		return routes{}
	}
	if root.kind != 'o' {
		errs.Add(at, fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(root)))
		return routes{}
	}
	var out routes
	seen := map[authz.Endpoint]bool{}
	top := obj{n: root, at: at, errs: errs}
	routes, rat := top.array("routes")
	for i := range routes {
		if r := &routes[i]; r.kind != 'o' {
			errs.Add(rat.Index(i), fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(r)))
			continue
		}
		route := obj{n: &routes[i], at: rat.Index(i), errs: errs}
		b, ok := route.child("backend")
		if !ok {
			errs.Add(route.at.Child("backend"), fmt.Errorf("%w: a route without a backend", ErrInvalid))
			continue
		}
		typ, name, addr := b.str("type"), b.str("vpcAccessName"), b.str("address")
		switch {
		case typ == "":
			errs.Add(b.at.Child("type"), fmt.Errorf("%w: a route backend without a type", ErrInvalid))
		case typ == "HTTP-VPC" || typ == "HTTP_VPC":
			if name == "" {
				errs.Add(b.at.Child("vpcAccessName"), fmt.Errorf("%w: backend type %s names no VPC access authorization", ErrInvalid, typ))
				continue
			}
			out.names = append(out.names, name)
			out.namesAt = append(out.namesAt, b.at.Child("vpcAccessName"))
		case typ == "HTTP" && addr != "":
			e, why := endpoint(addr)
			switch {
			case why != "":
				out.unread = append(out.unread, Unread{At: b.at.Child("address"), Why: why})
			case !seen[e]:
				seen[e] = true
				out.addrs = append(out.addrs, e)
				out.addrsAt = append(out.addrsAt, b.at.Child("address"))
			}
		case name != "":
			errs.Add(b.at.Child("vpcAccessName"), fmt.Errorf("%w: vpcAccessName on a backend of type %q, want HTTP-VPC", ErrInvalid, typ))
		case typ == "HTTP" || typ == "MOCK":
			// the API's own backend, or a mock answer: nothing to add
		default:
			// A type this reader does not know may send anywhere.
			out.unread = append(out.unread, Unread{At: b.at.Child("type"), Why: fmt.Sprintf("backend type %q is not one this reader knows (HTTP, HTTP-VPC, MOCK), so where the route sends is not checked", typ)})
		}
	}
	return out
}

// parseYAML reads the small subset of YAML that plug-in data uses into a
// tree (internal/routing's ParseYAML, shared with the Terraform reader);
// each problem names its line and matches ErrInvalid, at path at.
func parseYAML(text string, at field.Path, b *build) (*node, error) {
	n, err := routing.ParseYAML(text, b)
	if err != nil {
		return nil, field.New(at, fmt.Errorf("%w: %w", ErrInvalid, err))
	}
	return &n, nil
}

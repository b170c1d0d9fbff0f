package openapi

import (
	"fmt"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/routing"
)

// routingVpcAccess returns the VPC access authorization names that a
// routing plug-in's PluginData routes to, with the path of each inside
// PluginData (at.routes[i].backend.vpcAccessName).
//
// PluginData is JSON or YAML text with the same schema:
// {"routes": [{"name", "condition", "backend": {"type", "vpcAccessName",
// ...}}]}. A backend of type "HTTP-VPC" (or "HTTP_VPC", the older
// documentation's spelling) must name an authorization; a vpcAccessName on
// a backend of another type, a route without a backend type, and text this
// reader cannot parse are errors, never ignored.
func routingVpcAccess(data string, at field.Path, errs *reader) ([]string, []field.Path) {
	var root *node
	var err error
	// A byte order mark may start a YAML stream or a JSON text; it is no
	// content (YAML 1.2 §5.2).
	data = strings.TrimPrefix(data, "\ufeff")
	if t := strings.TrimLeft(data, " \t\r\n"); strings.HasPrefix(t, "{") {
		root, err = parseText([]byte(data), at, &errs.tree)
	} else {
		root, err = parseYAML(data, at, &errs.tree)
	}
	if err != nil {
		errs.AddUnder("", err)
		return nil, nil
	}
	if root.kind == 'z' {
		errs.Add(at, fmt.Errorf("%w: a routing plug-in without data", ErrInvalid))
		return nil, nil
	}
	if root.kind != 'o' {
		errs.Add(at, fmt.Errorf("%w: want an object, got %s", ErrInvalid, typeName(root)))
		return nil, nil
	}
	var names []string
	var ats []field.Path
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
		typ, name := b.str("type"), b.str("vpcAccessName")
		switch {
		case typ == "":
			errs.Add(b.at.Child("type"), fmt.Errorf("%w: a route backend without a type", ErrInvalid))
		case typ == "HTTP-VPC" || typ == "HTTP_VPC":
			if name == "" {
				errs.Add(b.at.Child("vpcAccessName"), fmt.Errorf("%w: backend type %s names no VPC access authorization", ErrInvalid, typ))
				continue
			}
			names = append(names, name)
			ats = append(ats, b.at.Child("vpcAccessName"))
		case name != "":
			errs.Add(b.at.Child("vpcAccessName"), fmt.Errorf("%w: vpcAccessName on a backend of type %q, want HTTP-VPC", ErrInvalid, typ))
		}
	}
	return names, ats
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

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// plan is the JSON document preflight checks; see the package comment.
type plan struct {
	Instance       planInstance `json:"instance"`
	VPC            planVPC      `json:"vpc"`
	Accessible     []string     `json:"accessible"`
	Authorizations []planAuth   `json:"authorizations"`
	SecurityGroups []planSG     `json:"securityGroups"`
	Groups         []planGroup  `json:"groups"`
	Comment        string       `json:"comment"`
}

type planInstance struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	RegionID string     `json:"regionId"`
	VPCID    string     `json:"vpcId"`
	CIDR     string     `json:"cidr"`
	Zones    []planZone `json:"zones"`
}

type planZone struct {
	ZoneID          string `json:"zoneId"`
	VSwitchID       string `json:"vSwitchId"`
	VSwitchCIDR     string `json:"vSwitchCidr"`
	SecurityGroupID string `json:"securityGroupId"`
}

type planVPC struct {
	ID        string   `json:"id"`
	CIDRs     []string `json:"cidrs"`
	Connected []string `json:"connected"`
}

type planAuth struct {
	Name            string `json:"name"`
	VPCID           string `json:"vpcId"`
	InstanceID      string `json:"instanceId"`
	Port            uint16 `json:"port"`
	Addr            string `json:"addr"`
	HostName        string `json:"hostName"`
	Backend         string `json:"backend"`
	SecurityGroupID string `json:"securityGroupId"`
}

type planSG struct {
	ID         string   `json:"id"`
	IntraGroup bool     `json:"intraGroup"`
	Egress     []string `json:"egress"`
}

type planGroup struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	RegionID  string        `json:"regionId"`
	Instance  planSource    `json:"instance"`
	APIs      []migrate.API `json:"apis"`
	Plugins   []planPlugin  `json:"plugins"`
	DataWorks bool          `json:"dataWorks"`
}

type planSource struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	RegionID string `json:"regionId"`
}

type planPlugin struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	VPCAccess []string `json:"vpcAccess"`
}

// inputError is bad input: the plan cannot be read, so nothing is checked.
type inputError struct {
	where string // the JSON path, or line:column
	msg   string
}

func (e *inputError) Error() string { return e.where + ": " + e.msg }

// decodePlan reads a plan strictly: unknown fields, wrong types, trailing
// data and malformed CIDR blocks or addresses are errors that name the
// JSON path or the line.
func decodePlan(data []byte) (plan, []error) {
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		return plan{}, []error{syntaxError(data, err)}
	}
	if errs := unknownFields(reflect.TypeOf(plan{}), tree, ""); len(errs) > 0 {
		return plan{}, errs
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p plan
	if err := dec.Decode(&p); err != nil {
		return plan{}, []error{syntaxError(data, err)}
	}
	return p, nil
}

// syntaxError turns a JSON decoding error into one that names a line.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &inputError{lineCol(data, se.Offset), "malformed JSON: " + se.Error()}
	case errors.As(err, &te):
		where := lineCol(data, te.Offset)
		if te.Field != "" {
			where = te.Field + " (" + where + ")"
		}
		return &inputError{where, fmt.Sprintf("want a JSON %s, got %s", jsonKind(te.Type), te.Value)}
	}
	return &inputError{"plan", err.Error()}
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Uint16:
		return "number from 0 to 65535"
	}
	return t.String()
}

func lineCol(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// unknownFields walks the decoded JSON beside the Go type and reports every
// object key that names no field, with its JSON path.
func unknownFields(t reflect.Type, v any, path string) []error {
	var errs []error
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil // a type error, reported by the decoder
		}
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "-" && name != "" {
				fields[name] = f.Type
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				known := make([]string, 0, len(fields))
				for name := range fields {
					known = append(known, name)
				}
				slices.Sort(known)
				errs = append(errs, &inputError{join(path, k), "unknown field; the fields here are " + strings.Join(known, ", ")})
				continue
			}
			errs = append(errs, unknownFields(ft, obj[k], join(path, k))...)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return nil
		}
		for i, e := range arr {
			errs = append(errs, unknownFields(t.Elem(), e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return errs
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// parsed is a plan in the library's types.
type parsed struct {
	spec       instance.Spec
	id         string
	vpc        instance.VPC
	accessible []netip.Prefix
	auths      []authz.Authorization
	sgs        []authz.SecurityGroup
	groups     []migrate.Group
	sources    []instance.Instance
}

// convert parses every CIDR block, address and kind of the plan with the
// library's strict parsers, and reports every malformed one with its path.
func (p plan) convert() (parsed, []error) {
	var errs []error
	prefix := func(path, s string) netip.Prefix {
		if s == "" {
			return netip.Prefix{} // missing: the validators say so
		}
		v, err := cidr.ParsePrefix(s)
		if err != nil {
			errs = append(errs, &inputError{path, err.Error()})
		}
		return v
	}
	prefixes := func(path string, ss []string) []netip.Prefix {
		var out []netip.Prefix
		for i, s := range ss {
			if v := prefix(fmt.Sprintf("%s[%d]", path, i), s); v.IsValid() {
				out = append(out, v)
			}
		}
		return out
	}
	id := p.Instance.ID
	if id == "" {
		id = "planned-instance"
	}
	out := parsed{
		id: id,
		spec: instance.Spec{
			Name: p.Instance.Name, RegionID: p.Instance.RegionID, VPCID: p.Instance.VPCID,
			CIDR: prefix("instance.cidr", p.Instance.CIDR),
		},
		vpc:        instance.VPC{ID: p.VPC.ID, CIDRs: prefixes("vpc.cidrs", p.VPC.CIDRs), Connected: prefixes("vpc.connected", p.VPC.Connected)},
		accessible: prefixes("accessible", p.Accessible),
	}
	for i, z := range p.Instance.Zones {
		out.spec.Zones = append(out.spec.Zones, instance.ZonePlacement{
			ZoneID: z.ZoneID, VSwitchID: z.VSwitchID, SecurityGroupID: z.SecurityGroupID,
			VSwitchCIDR: prefix(fmt.Sprintf("instance.zones[%d].vSwitchCidr", i), z.VSwitchCIDR),
		})
	}
	for i, a := range p.Authorizations {
		path := fmt.Sprintf("authorizations[%d]", i)
		au := authz.Authorization{Name: a.Name, VPCID: a.VPCID, InstanceID: a.InstanceID, Port: a.Port, HostName: a.HostName, SecurityGroupID: a.SecurityGroupID}
		if a.Addr != "" {
			v, err := cidr.ParseAddr(a.Addr)
			if err != nil {
				errs = append(errs, &inputError{path + ".addr", err.Error()})
			}
			au.Addr = v
		}
		k, err := authz.ParseBackendKind(a.Backend)
		if err != nil {
			errs = append(errs, &inputError{path + ".backend", err.Error()})
		}
		au.Backend = k
		out.auths = append(out.auths, au)
	}
	for i, sg := range p.SecurityGroups {
		out.sgs = append(out.sgs, authz.SecurityGroup{ID: sg.ID, IntraGroup: sg.IntraGroup, Egress: prefixes(fmt.Sprintf("securityGroups[%d].egress", i), sg.Egress)})
	}
	for i, g := range p.Groups {
		kind, err := instance.ParseKind(g.Instance.Kind)
		if err != nil {
			errs = append(errs, &inputError{fmt.Sprintf("groups[%d].instance.kind", i), err.Error()})
		}
		mg := migrate.Group{ID: g.ID, Name: g.Name, RegionID: g.RegionID, InstanceID: g.Instance.ID, APIs: g.APIs, DataWorks: g.DataWorks}
		for _, pl := range g.Plugins {
			mg.Plugins = append(mg.Plugins, migrate.Plugin{ID: pl.ID, Name: pl.Name, Type: pl.Type, VPCAccess: pl.VPCAccess})
		}
		out.groups = append(out.groups, mg)
		out.sources = append(out.sources, instance.Instance{ID: g.Instance.ID, Kind: kind, RegionID: g.Instance.RegionID})
	}
	return out, errs
}

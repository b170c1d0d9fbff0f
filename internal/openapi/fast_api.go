package openapi

import (
	"math"
	"strconv"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// An account has a DescribeApi document for each API: many small
// documents, each read by a typed decoder of its own, straight into what
// readApi reads of it (apiText), without a tree or a pruned one. It gives
// up, for the pruned read and the tree, on anything readApi would report,
// on any member it reads that is not of the type it reads (even where
// readApi would not look, as VpcConfig beside ServiceVpcEnable "FALSE"),
// and on any top-level key by which recognise could find another kind (or
// an envelope), as soon as it is read.

// apiText is what a DescribeApi body says, as readApi reads it: api holds
// the members read as they are; the rest is what readApi decides from.
type apiText struct {
	api                     Api
	serviceConfig           bool // ServiceConfig is an object
	vpcEnable               string
	address, mock, protocol string
}

// The members readApi reads, by object, in the order readApiFast reads
// them by (the strings first): a key that differs from one of them only
// in case is a problem of readApi's, when the member itself is missing.
var (
	apiNames           = []string{"ApiId", "ApiName", "GroupId", "RegionId", "BackendEnable", "BackendConfig", "ServiceConfig"}
	backendConfigNames = []string{"BackendId"}
	serviceConfigNames = []string{"ServiceVpcEnable", "ServiceAddress", "Mock", "ServiceProtocol", "VpcConfig"}
	vpcConfigNames     = []string{"Name", "VpcId", "InstanceId", "VpcScheme", "Port"}
)

// readApiFast reads document i as read does when it is a DescribeApi body
// that readApi reads without a problem, and reports whether it did.
func (s *Snapshot) readApiFast(i int, data []byte, f *fastReader, errs *reader) bool {
	f.start(data)
	f.read = f.read[:0]
	var t apiText
	if jsonlex.HasBOM(data) || f.Peek() != '{' {
		return giveUp
	}
	// The strings of each object, in the order of its names.
	top := [...]*string{&t.api.ApiId, &t.api.ApiName, &t.api.GroupId, &t.api.RegionId}
	sc := [...]*string{&t.vpcEnable, &t.address, &t.mock, &t.protocol}
	vc := [...]*string{&t.api.VpcName, &t.api.Vpc.VpcId, &t.api.Vpc.InstanceId, &t.api.Vpc.VpcScheme}
	ok := f.members(0, apiNames, func(j, d int) bool {
		switch {
		case j < len(top):
			return f.strTo(top[j], d)
		case j == len(top):
			return f.boolTo(&t.api.BackendEnable, d)
		case j == len(top)+1:
			_, ok := f.objectOr(d, backendConfigNames, func(_, d int) bool { return f.strTo(&t.api.BackendId, d) })
			return ok
		}
		var ok bool
		t.serviceConfig, ok = f.objectOr(d, serviceConfigNames, func(j, d int) bool {
			if j < len(sc) {
				return f.strTo(sc[j], d)
			}
			_, ok := f.objectOr(d, vpcConfigNames, func(j, d int) bool {
				if j < len(vc) {
					return f.strTo(vc[j], d)
				}
				return f.portTo(&t.api.Vpc.Port, d)
			})
			return ok
		})
		return ok
	})
	if t.api.ApiId == "" {
		return giveUp // missing: readApi's problem
	}
	if f.Space(); !ok || f.Pos != len(data) {
		return giveUp
	}
	doc := s.docPath(DescribeApi, i, errs)
	a, ok := t.read(doc)
	if !ok {
		return giveUp
	}
	s.Kinds[i] = DescribeApi
	s.addApi(i, a, doc, errs)
	return true
}

// read returns the API as readApi reads it at doc (Api.service decides
// for both), or false where readApi reports a problem.
func (t *apiText) read(doc field.Path) (Api, bool) {
	a := t.api
	// VpcConfig was read as it came: it is the API's only when the API
	// calls a VPC backend.
	a.Vpc, a.VpcName = VpcConfig{}, ""
	calls, ok := a.service(doc, t.serviceConfig, t.vpcEnable)
	switch calls {
	case callsDirect:
		a.ServiceAddress, a.AddressUnknown = directAddress(t.address, t.mock, t.protocol)
	case callsVPC:
		a.Vpc, a.VpcName = t.api.Vpc, t.api.VpcName
		a.vpcNamed(doc)
	}
	return a, ok
}

// start readies f to read data.
func (f *fastReader) start(data []byte) {
	f.Lexer = jsonlex.Lexer{Data: data, LoneSurrogates: true} // as the tree reads strings
	f.keys = f.keys[:0]
}

// members reads the object whose '{' is at Pos, depth containers deep (a
// document's root when 0, whose keys rootKey must allow for a DescribeApi): member reads
// the value of each member that names has (names[j], at Pos, depth deep);
// every other value is checked. A key that differs from one of
// names only in case, a key given twice, or member's false makes it give
// up.
func (f *fastReader) members(depth int, names []string, member func(j, depth int) bool) bool {
	f.Pos++
	kbase, pbase := len(f.keys), len(f.read)
	level := levelOf(names)
	pred := f.typedPred[level] // the keys of the last object of this level, as object's pred
	predicted, plain := true, true
	if !f.Is('}') {
		for j := 0; ; j++ {
			if f.Peek() != '"' {
				return giveUp
			}
			var k keyPred
			if predicted && j < len(pred) && f.match(pred[j].s) {
				k = pred[j]
			} else {
				if predicted {
					f.read = append(f.read, pred[:j]...)
				}
				predicted = false
				key, ok := f.key()
				if !ok {
					return giveUp
				}
				plain = plain && key != &f.escaped
				var fold bool
				k = keyPred{s: key.s, ascii: key.ascii}
				if k.j, fold = nameOf(k.s, k.ascii, names); fold || depth == 0 && !rootKey(k.s, kApiId|kGroupId) {
					return giveUp
				}
				f.read = append(f.read, k)
			}
			if !f.Is(':') || depth+1 > maxDepth {
				return giveUp
			}
			f.keys = append(f.keys, k.s)
			ok := false
			if k.j >= 0 {
				ok = member(k.j, depth+1)
			} else {
				_, ok = f.value(nil, depth+1)
			}
			if !ok {
				return giveUp
			}
			if f.Is('}') {
				break
			}
			if !f.Is(',') {
				return giveUp
			}
		}
	}
	// Keys as a list of distinct keys has them are distinct.
	if !predicted {
		if f.twice(f.keys[kbase:]) {
			return giveUp
		}
		if plain {
			f.typedPred[level] = append(pred[:0], f.read[pbase:]...)
		}
	}
	f.keys, f.read = f.keys[:kbase], f.read[:pbase]
	return true
}

// levelOf returns the index of names among the lists of names that
// members reads by, for its predictions.
func levelOf(names []string) int {
	switch &names[0] {
	case &backendConfigNames[0]:
		return 1
	case &serviceConfigNames[0]:
		return 2
	case &vpcConfigNames[0]:
		return 3
	case &vpcAccessNames[0]:
		return 4
	}
	return 0
}

// nameOf returns the index of k in names (-1 for none), and fold when k
// differs from one of them only in case.
func nameOf(k string, ascii bool, names []string) (j int, fold bool) {
	for i, n := range names {
		if len(n) != len(k) && ascii {
			continue
		}
		if n == k {
			return i, false
		}
		if strings.EqualFold(n, k) {
			fold = true
		}
	}
	return -1, fold
}

// objectOr reads the value at Pos, depth deep, as an object whose members
// of names member reads (see members), or null; ok is false for any other
// value. given reports an object.
func (f *fastReader) objectOr(depth int, names []string, member func(j, depth int) bool) (given, ok bool) {
	if f.Peek() == '{' {
		return true, f.members(depth, names, member)
	}
	return false, f.Literal() == "null"
}

// scalarWanted is a wanted scalar, for value.
var scalarWanted = &wanted{}

// str reads the value at Pos, depth deep, as a string or null ("").
func (f *fastReader) str(depth int) (string, bool) {
	v, ok := f.value(scalarWanted, depth)
	switch {
	case !ok:
		return "", giveUp
	case v.kind == 's':
		return v.str, true
	}
	return "", v.kind == 'z'
}

// strTo is str into *s.
func (f *fastReader) strTo(s *string, depth int) bool {
	var ok bool
	*s, ok = f.str(depth)
	return ok
}

// boolTo reads the value at Pos, depth deep, into *b: true, false or null
// (false).
func (f *fastReader) boolTo(b *bool, depth int) bool {
	v, ok := f.value(scalarWanted, depth)
	*b = v.b
	return ok && (v.kind == 'b' || v.kind == 'z')
}

// portTo reads the value at Pos, depth deep, into *p: an integer from 0
// to 65535, or null (0).
func (f *fastReader) portTo(p *uint16, depth int) bool {
	v, ok := f.value(scalarWanted, depth)
	if !ok || v.kind != 'n' {
		return ok && v.kind == 'z'
	}
	n, err := strconv.ParseInt(v.str, 10, 64)
	*p = uint16(n)
	return err == nil && n >= 0 && n <= math.MaxUint16
}

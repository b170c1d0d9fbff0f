package openapi

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// fastAgrees reads docs the fast way and through the trees alone, fails t
// unless both give the same Snapshot and the same problems (words, paths,
// lines and columns, in order), and returns how many documents were read
// fast.
func fastAgrees(t testing.TB, docs [][]byte) int {
	t.Helper()
	fs, n, ferr := readWith(docs, nil, true)
	ts, _, terr := readWith(docs, nil, false)
	if f, tr := describe(ferr), describe(terr); !slices.Equal(f, tr) {
		t.Fatalf("problems differ on %q:\nfast: %q\ntree: %q", docs, f, tr)
	}
	if !reflect.DeepEqual(fs, ts) {
		t.Fatalf("snapshots differ on %q:\nfast: %+v\ntree: %+v", docs, fs, ts)
	}
	return n
}

// describe lists err's problems: each one's path, words, and line and
// column when it has them.
func describe(err error) []string {
	var out []string
	for _, e := range field.Split(err) {
		p, _ := field.PathOf(e)
		s := fmt.Sprintf("%s: %v", p, e)
		if je := (*jsonlex.Error)(nil); errors.As(e, &je) {
			s += fmt.Sprintf(" (line %d, column %d)", je.Line, je.Column)
		}
		out = append(out, s)
	}
	return out
}

// fastPage is a DescribeVpcAccesses page as the CLI prints it; fastApi a
// DescribeApi body that calls its backend through an authorization.
const (
	fastPage = `{"PageNumber": 1, "PageSize": 10, "TotalCount": 2, "RequestId": "r",
 "VpcAccessAttributes": {"VpcAccessAttribute": [
  {"Name": "a", "VpcId": "vpc-1", "InstanceId": "10.0.0.1", "Port": 80, "VpcAccessId": "va-1", "RegionId": "cn-hangzhou", "Description": "x",
   "CreatedTime": "2017-01-30T04:10:19Z", "Tags": {"TagInfo": [{"Key": "PROJECT", "Value": "p"}]}},
  {"Name": "b", "VpcId": "vpc-1", "InstanceId": "i-1", "Port": 8080, "VpcTargetHostName": "h.example.com"}]}}`
	fastApi = `{"ApiId": "api-1", "ApiName": "A", "GroupId": "g-1", "RegionId": "cn-hangzhou", "RequestConfig": {"RequestPath": "/x"},
 "ServiceConfig": {"ServiceVpcEnable": "TRUE", "ServiceProtocol": "HTTP", "VpcConfig": {"Name": "a", "VpcId": "vpc-1", "InstanceId": "10.0.0.1", "Port": 80, "VpcScheme": "HTTP"}},
 "ServiceParameters": {"ServiceParameter": []}, "TagList": {"Tag": [{"Key": "k", "Value": "v"}]}}`
)

// TestFastAgreesWithTree: documents that the fast read takes, and others
// that it hands to the tree (each a problem, another kind or an envelope),
// read the same either way; the fast read takes what it should.
func TestFastAgreesWithTree(t *testing.T) {
	// The tree allows a value 64 containers deep, no deeper: an array
	// inside k more under the root's member is k+1 deep.
	deep := func(k int) string { return strings.Repeat("[", k) + strings.Repeat("]", k) }
	tests := []struct {
		name string
		docs []string
		fast int // documents read fast
	}{
		{"page and API", []string{fastPage, fastApi}, 2},
		{"page read twice", []string{fastPage, fastPage}, 2},
		{"two pages of a call", []string{fastPage, strings.Replace(fastPage, `"PageNumber": 1`, `"PageNumber": 2`, 1)}, 2},
		{"the CLI's --pager output", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "VpcId": "v", "InstanceId": "i", "Port": 1}]}}`}, 1},
		{"an empty page", []string{`{"TotalCount": 0, "VpcAccessAttributes": {"VpcAccessAttribute": []}}`}, 1},
		{"a null list", []string{`{"TotalCount": 0, "VpcAccessAttributes": {"VpcAccessAttribute": null}}`}, 1},
		{"a null wrapper", []string{`{"TotalCount": 0, "VpcAccessAttributes": null}`}, 1},
		{"nulls for strings and Port", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": null, "VpcId": "v", "InstanceId": "i", "Port": null}]}}`}, 1},
		{"escaped keys and values", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"\u004eame": "\u00e9\n", "VpcId": "v\ud800", "InstanceId": "i", "Port": 1}]}}`}, 1},
		{"non-ASCII keys", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"名前": 1, "Name": "a", "VpcId": "v", "InstanceId": "i", "Port": 1}]}}`}, 1},
		{"the same authorization twice", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "VpcAccessId": "x"}, {"Name": "b", "VpcAccessId": "x"}]}}`}, 1},
		{"a page of another time", []string{fastPage, strings.Replace(fastPage, `"va-1"`, `"va-9"`, 1)}, 2},
		{"API without ServiceConfig", []string{`{"ApiId": "api-1"}`}, 1},
		{"API without ServiceVpcEnable", []string{`{"ApiId": "api-1", "ServiceConfig": {}}`}, 1},
		{"API calling an address", []string{`{"ApiId": "api-1", "BackendEnable": false, "BackendConfig": {"BackendId": "b"}, "ServiceConfig": {"ServiceVpcEnable": "FALSE", "ServiceAddress": "http://10.0.0.1:8080"}}`}, 1},
		{"API with a mock", []string{`{"ApiId": "api-1", "ServiceConfig": {"ServiceVpcEnable": "FALSE", "Mock": "TRUE", "ServiceAddress": "x"}}`}, 1},
		{"API naming no authorization", []string{`{"ApiId": "api-1", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {}}}`}, 1},
		{"APIs of other keys", []string{`{"ApiId": "a1", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "n"}}}`,
			`{"ApiId": "a2", "ServiceConfig": {"VpcConfig": {"Name": "n", "Port": 1}, "ServiceVpcEnable": "TRUE"}, "GroupId": "g"}`,
			`{"ApiId": "a3", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "n", "Name": "m"}}}`,
			`{"ApiId": "a4", "GroupId": "g", "GroupId": "h"}`,
			`{"ApiId": "a5", "GroupId": "g", "serviceConfig": {}}`,
			`{"ApiId": "a6", "GroupId": "g", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Name": "n"}}}`}, 3},
		{"API twice, differing", []string{fastApi, strings.Replace(fastApi, `"GroupId": "g-1"`, `"GroupId": "g-2"`, 1)}, 2},
		{"nested as deep as allowed", []string{`{"ApiId": "api-1", "RequestConfig": ` + deep(64) + `}`}, 1},
		{"a many-keyed object", []string{`{"ApiId": "api-1", ` + manyKeys(40) + `}`}, 1},
		// Handed to the tree: problems of the JSON.
		{"a key given twice", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Name": "b"}]}}`}, 0},
		{"a key given twice after keys as the element before", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "VpcId": "v"}, {"Name": "a", "VpcId": "v", "Name": "b"}]}}`}, 0},
		{"a key given twice in another order", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "VpcId": "v"}, {"VpcId": "v", "VpcId": "w"}]}}`}, 0},
		{"elements of other keys", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "VpcId": "v"}, {"Name": "b"}, {"VpcId": "w", "\u004eame": "c"}, {"Name": "d", "VpcId": "x", "Port": 1}]}}`}, 1},
		{"a key given twice, escaped", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "\u004eame": "b"}]}}`}, 0},
		{"a key given twice in an unread value", []string{`{"ApiId": "api-1", "RequestConfig": {"a": 1, "b": {"c": 1, "c": 2}}}`}, 0},
		{"a key given twice among many", []string{`{"ApiId": "api-1", ` + manyKeys(40) + `, "k7": 0}`}, 0},
		{"nested too deep", []string{`{"ApiId": "api-1", "RequestConfig": ` + deep(65) + `}`}, 0},
		{"nested too deep, a leaf", []string{`{"ApiId": "api-1", "RequestConfig": ` + strings.Repeat("[", 64) + "1" + strings.Repeat("]", 64) + `}`}, 0},
		{"invalid UTF-8", []string{"{\"ApiId\": \"api-1\", \"ApiName\": \"\xff\"}"}, 0},
		{"invalid UTF-8 unread", []string{"{\"ApiId\": \"api-1\", \"Description\": \"\xff\"}"}, 0},
		{"a byte order mark", []string{"\xef\xbb\xbf" + fastApi}, 0},
		{"data after the value", []string{fastApi + " {}"}, 0},
		{"malformed", []string{`{"ApiId": "api-1", "ServiceConfig": {"ServiceVpcEnable": "TRUE",}}`}, 0},
		{"empty", []string{" "}, 0},
		// Handed to the tree: problems of the values.
		{"Port as a string", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Port": "80"}]}}`}, 0},
		{"Port out of range", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Port": 65536}]}}`}, 0},
		{"Port not an integer", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "Port": 8e1}]}}`}, 0},
		{"a key in another case", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [{"Name": "a", "vpcId": "v"}]}}`}, 0},
		{"an element not an object", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": [1]}}`}, 0},
		{"a list not an array", []string{`{"VpcAccessAttributes": {"VpcAccessAttribute": {}}}`}, 0},
		// The page's own members are read by the code both ways share,
		// problems and all.
		{"TotalCount as a string", []string{`{"TotalCount": "2", "VpcAccessAttributes": {"VpcAccessAttribute": []}}`}, 1},
		{"API without ApiId", []string{`{"ApiId": "", "GroupId": "g"}`}, 0},
		{"API with ServiceVpcEnable maybe", []string{`{"ApiId": "api-1", "ServiceConfig": {"ServiceVpcEnable": "maybe"}}`}, 0},
		{"API with a name not a string", []string{`{"ApiId": "api-1", "ApiName": {}}`}, 0},
		{"API with ServiceConfig a string", []string{`{"ApiId": "api-1", "ServiceConfig": "x"}`}, 0},
		{"API with a key in another case", []string{`{"ApiId": "api-1", "serviceConfig": {}}`}, 0},
		// Handed to the tree: other kinds, or several.
		{"an envelope", []string{`{"request": {"PageSize": 10}, "response": ` + fastPage + `}`}, 0},
		{"the shapes of two responses", []string{`{"ApiId": "api-1", "VpcAccessAttributes": {"VpcAccessAttribute": []}}`}, 0},
		{"a wrapped list of another kind", []string{`{"Instances": {"InstanceAttribute": []}, "VpcAccessAttributes": {"VpcAccessAttribute": []}}`}, 0},
		{"a group", []string{`{"GroupId": "g-1", "InstanceId": "i"}`}, 0},
		{"no known shape", []string{`{"Code": "Forbidden", "Message": "no"}`}, 0},
		{"not an object", []string{`[]`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs [][]byte
			for _, d := range tt.docs {
				docs = append(docs, []byte(d))
			}
			if n := fastAgrees(t, docs); n != tt.fast {
				t.Errorf("%d documents read fast, want %d", n, tt.fast)
			}
		})
	}
}

// manyKeys returns the members "k0": 0 to "k<n-1>": n-1.
func manyKeys(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf(`"k%d": %d`, i, i))
	}
	return strings.Join(parts, ", ")
}

// fixtureDocs returns the documents of the root's response fixtures, by
// directory.
func fixtureDocs(t testing.TB) map[string][][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "responses", "*", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	out := map[string][][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Base(filepath.Dir(f))
		out[dir] = append(out[dir], data)
	}
	return out
}

// TestFastAgreesOnFixtures: the root's response fixtures, and the same
// mutated at random (seeded), read the same either way; the fixtures'
// DescribeVpcAccesses and DescribeApi documents are read fast.
func TestFastAgreesOnFixtures(t *testing.T) {
	fixtures := fixtureDocs(t)
	var seeds [][]byte
	fast := 0
	for _, dir := range sortedKeys(fixtures) {
		fast += fastAgrees(t, fixtures[dir])
		seeds = append(seeds, fixtures[dir]...)
	}
	if fast == 0 {
		t.Errorf("no fixture read fast")
	}
	seeds = append(seeds, []byte(fastPage), []byte(fastApi))
	r := rand.New(rand.NewPCG(19, 7))
	runs := 3000
	if testing.Short() {
		runs = 300
	}
	for range runs {
		doc := mutate(r, seeds[r.IntN(len(seeds))])
		fastAgrees(t, [][]byte{doc})
		fastAgrees(t, [][]byte{doc, []byte(fastPage), doc})
	}
}

// mutate returns a copy of doc with a few random edits: a byte replaced by
// one that JSON gives meaning to, a span deleted or repeated, a key's case
// changed.
func mutate(r *rand.Rand, doc []byte) []byte {
	out := slices.Clone(doc)
	for range 1 + r.IntN(3) {
		if len(out) == 0 {
			return out
		}
		i := r.IntN(len(out))
		switch r.IntN(5) {
		case 0:
			const meaningful = `{}[]",:\ 0an`
			out[i] = meaningful[r.IntN(len(meaningful))]
		case 1:
			out = slices.Delete(out, i, min(len(out), i+1+r.IntN(20)))
		case 2:
			j := min(len(out), i+1+r.IntN(40))
			out = slices.Insert(out, j, out[i:j]...)
		case 3:
			if c := out[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
				out[i] ^= 0x20
			}
		case 4:
			out = slices.Insert(out, i, []byte(`"Name": null, `)...)
		}
	}
	return out
}

// FuzzFastRead: a document, alone and among others, reads the same the
// fast way as through its tree: the same Snapshot, the same problems.
func FuzzFastRead(f *testing.F) {
	for _, s := range []string{fastPage, fastApi, `{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "FALSE", "ServiceAddress": "http://h:1"}}`, `{"VpcAccessAttributes": null}`, `{"a": {"a": 1, "a": 2}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		fastAgrees(t, [][]byte{[]byte(doc)})
		fastAgrees(t, [][]byte{[]byte(fastPage), []byte(doc), []byte(doc)})
	})
}

// TestFastReadsAccount: an account's DescribeVpcAccesses page and
// DescribeApi documents, as the root's benchmark has them, are all read
// fast, and as through their trees.
func TestFastReadsAccount(t *testing.T) {
	docs := benchDocs(300)
	if n := fastAgrees(t, docs); n != len(docs) {
		t.Errorf("%d of %d documents read fast", n, len(docs))
	}
}

// TestApiFast: the typed decoder of DescribeApi bodies reads those that
// readApi reads without a problem, and gives up on the others and on
// anything it does not decide alone (the pruned read or the tree reads
// them; fastAgrees checks that all agree).
func TestApiFast(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{fastApi, true},
		{`{"ApiId": "a", "GroupId": "g"}`, true},
		{`{"ApiId": "a", "ServiceConfig": null, "BackendConfig": null, "BackendEnable": null, "ApiName": null}`, true},
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "FALSE", "Mock": "TRUE", "ServiceAddress": "http://h:1"}}`, true},
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "FALSE", "ServiceProtocol": "OSS", "ServiceAddress": "http://h:1"}}`, true},
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": null}}`, true},
		{`{"ApiId": "a", "Unread": {"x": [1, {"y": null}]}, "ServiceConfig": {"Other": "x"}}`, true},
		{"\t{\"ApiId\": \"\\u0061pi\"} \n", true},
		// What readApi reports, or might: the tree words it.
		{`{"ApiId": ""}`, false},
		{`{"ApiId": null}`, false},
		{`{"ApiId": 1}`, false},
		{`{"GroupId": "g"}`, false},
		{`{"ApiId": "a", "apiName": "x"}`, false},
		{`{"ApiId": "a", "ServiceConfig": {"servicevpcenable": "TRUE"}}`, false},
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "yes"}}`, false},
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Port": -1}}}`, false},
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "TRUE", "VpcConfig": {"Port": "80"}}}`, false},
		{`{"ApiId": "a", "BackendEnable": "true"}`, false},
		{`{"ApiId": "a", "BackendConfig": []}`, false},
		// Not read by readApi, but refused here all the same.
		{`{"ApiId": "a", "ServiceConfig": {"ServiceVpcEnable": "FALSE", "VpcConfig": 1}}`, false},
		// Not of this kind alone, or of no JSON.
		{`{"ApiId": "a", "VpcId": "v", "CidrBlock": "10.0.0.0/8"}`, false},
		{`{"ApiId": "a", "BackendInfo": {}}`, false},
		{`{"request": {}, "response": {"ApiId": "a"}}`, false},
		{fastPage, false},
		{`{"ApiId": "a", "ApiId": "b"}`, false},
		{`{"ApiId": "a"} x`, false},
		{`{"ApiId": "a", "x": "` + "\xff" + `"}`, false},
	}
	for _, tt := range tests {
		s := &Snapshot{Kinds: make([]Kind, 1), Apis: map[string]*Api{}}
		if got := s.readApiFast(0, []byte(tt.doc), &fastReader{}, &reader{}); got != tt.want {
			t.Errorf("readApiFast(%s) = %v, want %v", tt.doc, got, tt.want)
		}
		fastAgrees(t, [][]byte{[]byte(tt.doc)})
	}
}

// TestFastGivesUpEarly: a document of another kind, or an envelope, is
// given up at the first key that shows it, before its value is read: the
// tree reads it, and it is not read twice before.
func TestFastGivesUpEarly(t *testing.T) {
	long := `[` + strings.Repeat(`{"a": 1}, `, 1000) + `{}]`
	for _, key := range []string{"Instances", "Permissions", "VSwitches", "request", "response"} {
		doc := []byte(`{"RequestId": "r", "` + key + `": ` + long + `}`)
		at := len(`{"RequestId": "r", "` + key + `":`)
		var f fastReader
		s := &Snapshot{Kinds: make([]Kind, 1), Apis: map[string]*Api{}}
		if s.readApiFast(0, doc, &f, &reader{}) || f.Pos > at {
			t.Errorf("readApiFast read %s up to %d, want to give up at %d", key, f.Pos, at)
		}
		if s.readFast(0, doc, &f, &accesses{}, &reader{}) || f.Pos > at {
			t.Errorf("readFast read %s up to %d, want to give up at %d", key, f.Pos, at)
		}
	}
}

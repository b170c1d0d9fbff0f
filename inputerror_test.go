package vpcgate_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate"
	"github.com/vpcgate/vpcgate/field"
)

// inputReader is one of the library's readers, with a key its documents
// hold as a string at the top level, and how a problem's place names the
// document (the prefix before the JSON path inside it).
type inputReader struct {
	name   string
	key    string
	prefix string
	file   string
	read   func([]byte) error
}

var inputReaders = []inputReader{
	{"ParsePlan", "comment", "", "", func(b []byte) error { _, err := vpcgate.ParsePlan(b); return err }},
	{"ReadTerraformPlan", "format_version", "", "", func(b []byte) error { _, err := vpcgate.ReadTerraformPlan(b); return err }},
	{"ReadResponses", "RequestId", "responses[0]", "", func(b []byte) error { _, err := vpcgate.ReadResponses(b); return err }},
	{"ReadNamedResponses", "RequestId", `responses["a.json"]`, "a.json", func(b []byte) error {
		_, err := vpcgate.ReadNamedResponses(vpcgate.NamedResponse{Name: "a.json", Body: b})
		return err
	}},
}

// TestInputErrorsOneVocabulary (#19): the same mistake fed to every reader
// is one *InputError in the same words, with the line and column of the
// mistake as fields and the path of the value it is in. In the documents,
// "@" marks where the mistake is and K stands for a key the reader knows.
func TestInputErrorsOneVocabulary(t *testing.T) {
	tests := []struct {
		name, doc string
		path      string // below the reader's prefix; K for its key
		what      string
		readers   []string // the readers that refuse it; nil for all
	}{
		{"key given twice", "{\"K\": \"a\",\n  @\"K\": \"b\"}", "K", "key given twice (also at line 1, column 2)", nil},
		{"key given twice, escaped", `{"K": "a", @"\u00ESC": "b"}`, "K", "key given twice (also at line 1, column 2)", nil},
		{"unknown field", `{"K": "a", @"bogus": 1}`, "bogus", "unknown field; the fields here are ", []string{"ParsePlan"}},
		{"invalid UTF-8", "{\"K\": \"a@\xffb\"}", "K", "invalid UTF-8", nil},
		{"byte order mark", "@\ufeff{\"K\": \"a\"}", "", "the document starts with a UTF-8 byte order mark (BOM); save it without one", nil},
		{"empty", "  @", "", "empty document: want a JSON object", nil},
		{"malformed", "{\"K\": \"a\",\n @, \"b\": 1}", "", "malformed JSON: want an object key, got ','", nil},
		{"malformed literal", `{"K": @tru}`, "K", "malformed JSON: want a value, got 't'", nil},
		{"malformed number", `{"K": @01}`, "K", "malformed JSON: invalid number", nil},
		{"unterminated string", `{"K": "a@`, "K", "malformed JSON: unterminated string", nil},
		{"truncated", `{"K": "a"@`, "", "malformed JSON: unexpected end of the document", nil},
		{"control character", "{\"K\": \"a@\tb\"}", "K", "malformed JSON: a control character in a string must be escaped", nil},
		{"invalid escape", `{"K": "a@\x"}`, "K", `malformed JSON: invalid escape \x`, nil},
		{"trailing data", "{\"K\": \"a\"}\n @x", "", "malformed JSON: data after the document's JSON value", nil},
	}
	for _, tt := range tests {
		for _, r := range inputReaders {
			if tt.readers != nil && !contains(tt.readers, r.name) {
				continue
			}
			t.Run(tt.name+"/"+r.name, func(t *testing.T) {
				doc := strings.ReplaceAll(tt.doc, "ESC", hexByte(r.key[0])+r.key[1:]) // the key, its first letter escaped
				doc = strings.ReplaceAll(doc, "K", r.key)
				at := strings.IndexByte(doc, '@')
				doc = doc[:at] + doc[at+1:]
				before := doc[:at]
				line, col := strings.Count(before, "\n")+1, at-strings.LastIndexByte(before, '\n')
				path := r.prefix
				if p := strings.ReplaceAll(tt.path, "K", r.key); p != "" {
					path = string(field.Path(r.prefix).Join(field.Path(p)))
				}
				err := r.read([]byte(doc))
				parts := field.Split(err)
				if len(parts) != 1 {
					t.Fatalf("%s(%q) = %v; want one problem", r.name, doc, err)
				}
				var ie *vpcgate.InputError
				if !errors.As(parts[0], &ie) || !errors.Is(parts[0], vpcgate.ErrInvalidPlan) {
					t.Fatalf("%v: want an *InputError matching ErrInvalidPlan", parts[0])
				}
				if string(ie.Path) != path || ie.Line != line || ie.Column != col || ie.File != r.file {
					t.Errorf("problem at %q line %d, column %d, file %q; want %q line %d, column %d, file %q", ie.Path, ie.Line, ie.Column, ie.File, path, line, col, r.file)
				}
				if what := ie.Err.Error(); !strings.HasPrefix(what, tt.what) {
					t.Errorf("problem says %q, want %q", what, tt.what)
				}
				p := vpcgate.InputProblems(err)[0]
				if p.Where != path || p.Line != line || p.Column != col || p.File != r.file {
					t.Errorf("InputProblem %+v: want where %q, line %d, column %d, file %q", p, path, line, col, r.file)
				}
			})
		}
	}
}

// TestInputErrorsPlaced (#19): a reader's problem about a value, not its
// syntax, has the line and column of the value (or of the nearest value
// above it that the document holds) as fields, as ParsePlan's have.
func TestInputErrorsPlaced(t *testing.T) {
	tests := []struct {
		reader string
		doc    string
		path   string
	}{
		{"ReadTerraformPlan", "{\"format_version\": \"1.2\",\n \"planned_values\": @7}", "planned_values"},
		{"ReadTerraformPlan", "{\"format_version\": \"1.2\"}", "planned_values"}, // missing: the document's
		{"ReadResponses", "{\"RequestId\": \"r\", \"VpcAccessAttributes\": {\"VpcAccessAttribute\": [\n  {\"Name\": \"a\", \"VpcId\": \"vpc-1\", \"InstanceId\": \"i-1\", \"Port\": @\"eighty\"}]}}",
			"DescribeVpcAccesses[0].VpcAccessAttributes.VpcAccessAttribute[0].Port"},
		// The column counts characters, as a finding's does and SARIF's
		// unicodeCodePoints say (it counted bytes: 35 here, not 23).
		{"ParsePlan", "{\"comment\": \"网关网关网关\", @\"bogus\": 1}", "bogus"},
		{"ReadTerraformPlan", "{\"format_version\": \"1.2\", \"x\": \"😀😀\", \"planned_values\": @7}", "planned_values"},
	}
	for _, tt := range tests {
		t.Run(tt.reader+"/"+tt.path, func(t *testing.T) {
			doc := tt.doc
			at := strings.IndexByte(doc, '@')
			if at < 0 {
				at = 0
			} else {
				doc = doc[:at] + doc[at+1:]
			}
			before := doc[:at]
			line, col := strings.Count(before, "\n")+1, utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:])+1
			var err error
			for _, r := range inputReaders {
				if r.name == tt.reader {
					err = r.read([]byte(doc))
				}
			}
			var ie *vpcgate.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("%v: want an *InputError", err)
			}
			if string(ie.Path) != tt.path || ie.Line != line || ie.Column != col {
				t.Errorf("problem %v at %q line %d, column %d; want %q line %d, column %d", ie, ie.Path, ie.Line, ie.Column, tt.path, line, col)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hexByte returns c's two hex digits.
func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// TestInputReportNamesTheFile (#19): a problem of a named response is
// annotated at that file, not at the name of the whole input.
func TestInputReportNamesTheFile(t *testing.T) {
	_, err := vpcgate.ReadNamedResponses(vpcgate.NamedResponse{Name: "a.json", Body: []byte("{\n \"RequestId\": tru}")})
	rep := vpcgate.NewInputReport("responses (1 response), moves g=i", err)
	var b strings.Builder
	if err := rep.WriteGitHub(&b, vpcgate.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "::error file=a.json,line=2,col=15,") {
		t.Errorf("GitHub annotations:\n%s\nwant one at a.json, line 2, column 15", b.String())
	}
}

// TestParsePlanDuplicatesSayWhere: each key given twice in a plan says
// where the first is, whether it names a field or not, however often it
// is repeated and whatever lies between.
func TestParsePlanDuplicatesSayWhere(t *testing.T) {
	doc := "{\"instance\": {\"name\": \"a\", \"zones\": [{\"zoneId\": \"z\", \"zoneId\": \"y\"}],\n \"name\": \"b\", \"x\": 1, \"x\": {\"a\": 1, \"a\": 2}, \"name\": \"c\"}}"
	_, err := vpcgate.ParsePlan([]byte(doc))
	var got []string
	for _, p := range vpcgate.InputProblems(err) {
		got = append(got, p.String())
	}
	want := []string{
		"instance.zones[0].zoneId (line 1, column 54): key given twice (also at line 1, column 39)",
		"instance.name (line 2, column 2): key given twice (also at line 1, column 15)",
		"instance.x (line 2, column 15): unknown field; the fields here are id, name, regionId, vpcId, cidr, zones, accessible, exists, connectCidrBlocks",
		"instance.x (line 2, column 23): key given twice (also at line 2, column 15)",
		"instance.x.a (line 2, column 37): key given twice (also at line 2, column 29)",
		"instance.name (line 2, column 46): key given twice (also at line 1, column 15)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ParsePlan problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

package vpcgate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate"
)

// TestLocateResponses checks that findings of a plan read from named
// responses point at the file and at the line and column of the value
// their where names, for every responses fixture.
func TestLocateResponses(t *testing.T) {
	dirs := scenarioDirs(t)
	located := 0
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		var docs []vpcgate.NamedResponse
		byName := map[string][]byte{}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, vpcgate.NamedResponse{Name: filepath.Base(f), Body: b})
			byName[filepath.Join(dir, filepath.Base(f))] = b
		}
		snap, err := vpcgate.ReadNamedResponses(docs...)
		if err != nil {
			continue // the conflict fixture
		}
		p, err := snap.Plan(vpcgate.Move{Group: "g-shop", To: "apigw-vpc-prod"})
		if err != nil {
			continue
		}
		r := vpcgate.Check(p, vpcgate.Options{})
		before := r
		r.LocateResponses(dir, docs...)
		for _, s := range r.Sections {
			for _, f := range append(append([]vpcgate.Finding{}, s.Problems...), s.Warnings...) {
				if f.File == "" {
					if strings.Contains(f.Where, `["`) && !strings.HasPrefix(f.Where, "notes[") {
						t.Errorf("%s: %s names a document and got no file", dir, f.Where)
					}
					continue
				}
				doc, ok := byName[f.File]
				if !ok {
					t.Errorf("%s: %s: file %q is none of the documents", dir, f.Where, f.File)
					continue
				}
				if f.Line == 0 {
					continue // the document's own place, or a field it lacks
				}
				located++
				// The value starts at the column, after its key when the
				// where ends in a key.
				runes := []rune(strings.Split(string(doc), "\n")[f.Line-1])
				head, rest := string(runes[:f.Column-1]), string(runes[f.Column-1:])
				if rest == "" || strings.ContainsAny(rest[:1], " ,:}]") {
					t.Errorf("%s: %s at %d:%d points at no value: %q", dir, f.Where, f.Line, f.Column, rest)
				}
				if key := f.Where[strings.LastIndexAny(f.Where, ".]")+1:]; key != "" && !strings.HasSuffix(strings.TrimSpace(head), `"`+key+`":`) {
					t.Logf("%s: %s at %d:%d: %q is not the value of %q (a field the document lacks names its object)", dir, f.Where, f.Line, f.Column, head, key)
				}
			}
		}
		if len(before.Sections) > 0 && len(before.Sections[0].Problems) > 0 && before.Sections[0].Problems[0].File != "" {
			t.Errorf("%s: LocateResponses changed the report it was called on", dir)
		}
	}
	if located == 0 {
		t.Error("no finding of any fixture was located")
	}
}

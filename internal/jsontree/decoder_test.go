package jsontree_test

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// kept builds a tree that keeps the slices the decoder hands out as they
// are (an object is its keys and values), so that a decoder that hands
// out the same memory twice changes trees built before.
type kept struct{}

type keptObject struct {
	Keys []string
	Vals []any
}

func (kept) Null() any             { return nil }
func (kept) Bool(b bool) any       { return b }
func (kept) Number(s string) any   { return "#" + s }
func (kept) String(s string) any   { return s }
func (kept) Array(elems []any) any { return elems }
func (kept) Object(keys []string, vals []any, _ map[string]int) any {
	return keptObject{keys, vals}
}

// TestDecoderAgreesWithParse: one Decoder reading seeded random documents
// one after another reads each as Parse does alone, values and problems,
// and the trees of the documents before stay as they were (until
// Recycle, which the test calls now and then after dropping them); keys
// given again are the same strings, and objects of the same keys may
// share their slice, but appending to a slice handed out never changes
// another.
func TestDecoderAgreesWithParse(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for _, o := range []jsontree.Options{{}, {MaxDepth: 4, LeafDepth: true}, {StrictStrings: true}} {
		d := jsontree.NewDecoder[any](kept{}, o)
		var docs []string
		var trees []any
		for i := range n {
			var b strings.Builder
			randomDoc(r, &b, 0)
			doc := b.String()
			got, gotProblems := d.Parse([]byte(doc))
			want, wantProblems := jsontree.Parse([]byte(doc), kept{}, o)
			if diff := cmp.Diff(wantProblems, gotProblems, cmp.Comparer(func(x, y error) bool { return x.Error() == y.Error() })); diff != "" {
				t.Fatalf("%+v: Decoder.Parse(%q) problems differ from Parse's (-Parse +Decoder):\n%s", o, doc, diff)
			}
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("%+v: Decoder.Parse(%q) = %#v, Parse = %#v", o, doc, got, want)
			}
			docs, trees = append(docs, doc), append(trees, got)
			if i%50 == 49 {
				for j, tree := range trees {
					want, _ := jsontree.Parse([]byte(docs[j]), kept{}, o)
					if !reflect.DeepEqual(want, tree) {
						t.Fatalf("%+v: the tree of %q changed while reading later documents: %#v, want %#v", o, docs[j], tree, want)
					}
					appendEverywhere(tree)
				}
				for j, tree := range trees {
					want, _ := jsontree.Parse([]byte(docs[j]), kept{}, o)
					appendEverywhere(want)
					if !reflect.DeepEqual(want, tree) {
						t.Fatalf("%+v: appending to the slices of other trees changed that of %q", o, docs[j])
					}
				}
				docs, trees = nil, nil
				d.Recycle()
			}
		}
	}
}

// appendEverywhere appends a value to every slice of the tree, as a
// builder that is careless with its slices might: it must change nothing
// else.
func appendEverywhere(v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			appendEverywhere(e)
		}
		_ = append(v, "appended")
	case keptObject:
		for _, e := range v.Vals {
			appendEverywhere(e)
		}
		_ = append(v.Keys, "appended")
		_ = append(v.Vals, "appended")
	}
}

// TestKeysShared: objects of the same keys share one slice of them, with
// no room to append.
func TestKeysShared(t *testing.T) {
	doc := `[{"VpcId":"a","Port":1},{"VpcId":"b","Port":2},{"VpcId":"c","Port":3,"x":{}}]`
	v, problems := jsontree.NewDecoder[any](kept{}, jsontree.Options{}).Parse([]byte(doc))
	if problems != nil {
		t.Fatal(problems)
	}
	objs := v.([]any)
	a, b, c := objs[0].(keptObject), objs[1].(keptObject), objs[2].(keptObject)
	if &a.Keys[0] != &b.Keys[0] {
		t.Errorf("objects of the same keys have two slices of them")
	}
	if &a.Keys[0] == &c.Keys[0] || cap(a.Keys) != len(a.Keys) {
		t.Errorf("an object of other keys shares their slice, or the slice has room to append: cap %d", cap(a.Keys))
	}
}

package jsontree_test

import (
	"testing"

	"github.com/vpcgate/vpcgate/internal/jsontree"
)

// FuzzParse: Parse never panics; it accepts a document exactly when
// encoding/json does, no key is given twice and the document is UTF-8,
// and then decodes the same
// value; every problem lies inside the document, and only the last may be
// other than a key given twice; strict strings accept less, never more; and
// with a small nesting limit, a document is refused exactly when it nests
// deeper.
func FuzzParse(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `[[[`, `"\ud800"`, `{"a":[1,{"b":null}]} `,
		"\ufeff{}", "\"\xff\"", `-0.5e+3`, `01`, `{"a" 1}`, `[1,]`, `"\u12"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		checkAgainstReference(t, doc)
		for _, leaf := range []bool{false, true} {
			o := jsontree.Options{MaxDepth: 3, LeafDepth: leaf}
			_, small := parse(doc, o)
			_, full := parse(doc, jsontree.Options{})
			deep := false
			for _, p := range small {
				deep = deep || p.Kind == jsontree.TooDeep
			}
			if full == nil && small != nil && !deep {
				t.Fatalf("Parse(%q, %+v) = %+v; without the limit it is accepted", doc, o, small)
			}
			if full != nil && small == nil {
				t.Fatalf("Parse(%q, %+v) accepted what the default refuses: %+v", doc, o, full)
			}
		}
	})
}

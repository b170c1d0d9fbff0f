package terraform_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/vpcgate/vpcgate/internal/terraform"
)

// TestParseSharesScalars: a string or number read again is the same Value
// (the empty string always), never one of another kind or text.
func TestParseSharesScalars(t *testing.T) {
	v, err := terraform.Parse([]byte(`["create","create",8080,8080,"","", "8080", 8080.0, "creatf", {"a":"create"}]`))
	if err != nil {
		t.Fatal(err)
	}
	e := v.Elems
	for _, p := range [][2]int{{0, 1}, {2, 3}, {4, 5}} {
		if e[p[0]] != e[p[1]] {
			t.Errorf("elements %d and %d (%q) are two Values", p[0], p[1], e[p[0]].Text)
		}
	}
	if e[6] == e[2] || e[7] == e[2] || e[8] == e[0] || e[9].Get("a") != e[0] {
		t.Errorf("Values of another kind or text are shared, or one in an object is not")
	}
}

// TestParseAgreesWithEncodingJSON: seeded random documents of strings and
// numbers that repeat, many of one length (so that the Values kept for
// sharing collide and are replaced often), decode as encoding/json decodes
// them.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	texts := []string{`""`, `"a"`, `"b"`, `"ab"`, `"ba"`, `"create"`, `"creatf"`, `"cn-hangzhou-j"`, `"\u0061"`, `"é"`, `"1"`, `"8080"`}
	numbers := []string{"0", "1", "10", "01e1", "1.0", "-1", "8080"}
	var value func(b *strings.Builder, depth int)
	value = func(b *strings.Builder, depth int) {
		switch k := r.IntN(6); {
		case depth > 3 || k < 1:
			b.WriteString(texts[r.IntN(len(texts))])
		case k == 1:
			if r.IntN(2) == 0 {
				fmt.Fprintf(b, `"k%03d"`, r.IntN(1000)) // more texts than Values kept, of one length
			} else {
				fmt.Fprintf(b, `%d`, 100+r.IntN(900))
			}
		case k == 2:
			if n := numbers[r.IntN(len(numbers))]; n != "01e1" {
				b.WriteString(n)
			} else {
				b.WriteString("1e1")
			}
		case k == 3:
			b.WriteByte('[')
			for i := range r.IntN(6) {
				if i > 0 {
					b.WriteByte(',')
				}
				value(b, depth+1)
			}
			b.WriteByte(']')
		default:
			b.WriteByte('{')
			for i := range r.IntN(6) {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(b, `"k%d":`, i)
				value(b, depth+1)
			}
			b.WriteByte('}')
		}
	}
	for range 2000 {
		var b strings.Builder
		value(&b, 0)
		doc := b.String()
		var want any
		d := json.NewDecoder(strings.NewReader(doc))
		d.UseNumber()
		if err := d.Decode(&want); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		v, err := terraform.Parse([]byte(doc))
		if err != nil {
			t.Fatalf("Parse(%q): %v", doc, err)
		}
		if got := plain(v); !reflect.DeepEqual(want, got) {
			t.Fatalf("Parse(%q) = %v, encoding/json %v", doc, got, want)
		}
	}
}

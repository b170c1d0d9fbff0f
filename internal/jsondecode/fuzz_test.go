package jsondecode_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/internal/jsondecode"
)

// FuzzDecode: Decode never panics; every problem lies inside the document
// and says what is wrong; and a document it reads without a problem
// encoding/json reads too, into the same value (but that an IPv4-mapped
// address reads as the IPv4 address it maps): the strict decoder accepts
// less than encoding/json, never more, and never reads a value otherwise.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		``, `{}`, `null`, `{"name":"a","n":-1,"u":2,"u64":3,"i":4,"b":true}`,
		`{"p":"10.0.0.0/8","a":"::ffff:10.0.0.1","c":"red"}`, `{"p":"10.0.0.1/8"}`,
		`{"list":["a","b"],"items":[{"id":"x","tags":null}],"ptr":{"id":"y"},"nested":[[1],[]]}`,
		`{"name":"a","name":"b"}`, `{"name":"a","n\u0061me":"b"}`, `{"x":{"a":1,"a":2}}`,
		`{"base":"b","Plain":"p"}`, `{"Name":"a"}`, `{"n":128}`, `{"u":-0}`, `{"n":1e2}`,
		"\ufeff{}", "{\"name\":\"\xff\"}", `{"name":"\ud800"}`, `{"name":"\ud83d\ude00"}`,
		`{"n":}`, `{"list":[1,]}`, `{} {}`, ` {"list" : [ ] } `,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		var got doc
		probs := jsondecode.Decode(data, reflect.ValueOf(&got).Elem())
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, p := range probs {
			if p.Err == nil || p.Err.Error() == "" || p.Line < 1 || p.Line > lines || p.Column < 1 || p.Column > len(data)+1 {
				t.Fatalf("Decode(%q): problem %q %d:%d %v", text, p.Path, p.Line, p.Column, p.Err)
			}
		}
		if probs != nil {
			return
		}
		var want doc
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("Decode(%q) read %+v; encoding/json refuses it: %v", text, got, err)
		}
		want.A = want.A.Unmap()
		if diff := cmp.Diff(want, got, addrCmp); diff != "" {
			t.Fatalf("Decode(%q) mismatch with encoding/json (-json +Decode):\n%s", text, diff)
		}
	})
}

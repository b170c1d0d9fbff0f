package jsonlex

import (
	"encoding/json"
	"testing"
)

// FuzzLexer: Skip never panics, accepts a document exactly when
// encoding/json does and it is UTF-8, and leaves Pos inside it; a string
// it reads decodes as encoding/json decodes it.
func FuzzLexer(f *testing.F) {
	for _, s := range []string{``, `{}`, `[1,{"a":"\u00e9"}]`, `"\ud800"`, `01`, "\"\xff\"", `{"a" 1}`, `[1,]`, `"\x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		checkSkip(t, doc)
		l := Lexer{Data: []byte(doc), LoneSurrogates: true}
		if l.Peek() != '"' {
			return
		}
		start := l.Pos
		v, err := l.String()
		if err != nil {
			return
		}
		var want string
		if json.Unmarshal([]byte(doc[start:l.Pos]), &want) != nil || want != string(v) {
			t.Fatalf("String(%q) = %q; encoding/json: %q", doc[start:l.Pos], v, want)
		}
	})
}

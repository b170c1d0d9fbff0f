package vpcgate

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/locale"
)

// TestSentinelInOneRule: a sentinel is listed by one rule only.
func TestSentinelInOneRule(t *testing.T) {
	seen := map[error]Code{}
	for _, r := range rules() {
		for _, e := range r.errs {
			if prev, dup := seen[e]; dup {
				t.Errorf("sentinel %q is in rules %q and %q", e, prev, r.Code)
			}
			seen[e] = r.Code
		}
	}
}

// slowCodeOf is codeOf as the rules say it: the first rule with a sentinel
// that errors.Is matches.
func slowCodeOf(err error) Code {
	for _, r := range ruleTable.rules {
		for _, s := range r.errs {
			if errors.Is(err, s) {
				return r.Code
			}
		}
	}
	return CodeError
}

// isErr matches target through an Is method only.
type isErr struct{ target error }

func (e isErr) Error() string          { return "is " + e.target.Error() }
func (e isErr) Is(target error) bool   { return target == e.target }
func (e isErr) Unwrap() error          { return nil }
func (e uncomparable) Error() string   { return "uncomparable" }
func (e uncomparable) Unwrap() []error { return e.errs }

// uncomparable is an error of a type that == and maps cannot compare.
type uncomparable struct{ errs []error }

// unhashable is an error of a comparable type whose value cannot be hashed
// when v holds a slice.
type unhashable struct{ v any }

func (unhashable) Error() string { return "unhashable" }

// TestCodeOfMatchesErrorsIs: codeOf's one walk agrees with asking
// errors.Is for each sentinel in turn, on seeded random error trees.
func TestCodeOfMatchesErrorsIs(t *testing.T) {
	var sentinels []error
	for _, r := range ruleTable.rules {
		sentinels = append(sentinels, r.errs...)
	}
	r := rand.New(rand.NewPCG(3, 4))
	var build func(depth int) error
	build = func(depth int) error {
		switch k := r.IntN(8); {
		case depth > 3 || k == 0:
			return sentinels[r.IntN(len(sentinels))]
		case k == 1:
			return errors.New("no sentinel")
		case k == 2:
			return fmt.Errorf("wrapped: %w", build(depth+1))
		case k == 3:
			return &field.Error{Field: "x", Err: build(depth + 1)}
		case k == 4:
			return isErr{sentinels[r.IntN(len(sentinels))]}
		case k == 5:
			return uncomparable{[]error{build(depth + 1), build(depth + 1)}}
		case k == 6 && r.IntN(2) == 0:
			return unhashable{[]int{1}}
		default:
			n := 1 + r.IntN(3)
			errs := make([]error, n)
			for i := range errs {
				errs[i] = build(depth + 1)
			}
			return errors.Join(errs...)
		}
	}
	for i := range 20_000 {
		err := build(0)
		if got, want := ruleTable.codeOf(err).Code, slowCodeOf(err); got != want {
			t.Fatalf("tree %d (%v): codeOf = %q, want %q", i, err, got, want)
		}
	}
	if got := ruleTable.codeOf(nil).Code; got != CodeError {
		t.Errorf("codeOf(nil) = %q, want %q", got, CodeError)
	}
}

// TestChineseTextsMatchRules: the Chinese table of internal/locale, keyed
// by the codes' strings, names only codes of the rule table and gives
// every rule its title, reason and fix, so that a misspelt key cannot
// leave a rule in English unnoticed.
func TestChineseTextsMatchRules(t *testing.T) {
	zh := locale.Chinese()
	for code := range zh {
		if ruleTable.ruleOf(Code(code)) == nil {
			t.Errorf("Chinese texts for %q, which is no rule's code", code)
		}
	}
	for _, r := range ruleTable.rules {
		if tx := zh[string(r.Code)]; tx.Title == "" || tx.Why == "" || tx.Fix == "" {
			t.Errorf("rule %q has no Chinese title, reason or fix: %+v", r.Code, tx)
		}
	}
}

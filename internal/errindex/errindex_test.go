package errindex

import (
	"errors"
	"fmt"
	"testing"
)

var (
	errA = errors.New("a")
	errB = errors.New("b")
	errC = errors.New("c")
)

// isB is an error that says it is errB.
type isB struct{}

func (isB) Error() string        { return "is b" }
func (isB) Is(target error) bool { return target == errB }

// unhashable is an error value that cannot be a map key.
type unhashable []int

func (unhashable) Error() string { return "unhashable" }

func TestFirst(t *testing.T) {
	x := New([][]error{{errC}, {errA, errB}, {errB}})
	for _, tt := range []struct {
		name string
		err  error
		want int
		ok   bool
	}{
		{"nil", nil, 0, false},
		{"none", errors.New("other"), 0, false},
		{"sentinel", errA, 1, true},
		{"wrapped", fmt.Errorf("x: %w", errB), 1, true},
		{"joined, the first class wins", errors.Join(errA, fmt.Errorf("y: %w", errC)), 0, true},
		{"Is method", fmt.Errorf("z: %w", isB{}), 1, true},
		{"unhashable", unhashable{1}, 0, false},
		{"unhashable joined", errors.Join(unhashable{1}, errB), 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := x.First(tt.err)
			if got != tt.want && tt.ok || ok != tt.ok {
				t.Errorf("First = %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
			for i, errs := range [][]error{{errC}, {errA, errB}, {errB}} {
				if i >= got {
					break
				}
				for _, s := range errs {
					if errors.Is(tt.err, s) {
						t.Errorf("errors.Is(err, %v) for class %d, before %d", s, i, got)
					}
				}
			}
		})
	}
}

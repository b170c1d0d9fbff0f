package vpcgate

import "testing"

// TestSentinelInOneRule: a sentinel is listed by one rule only.
func TestSentinelInOneRule(t *testing.T) {
	seen := map[error]string{}
	for _, r := range rules() {
		for _, e := range r.errs {
			if prev, dup := seen[e]; dup {
				t.Errorf("sentinel %q is in rules %q and %q", e, prev, r.Code)
			}
			seen[e] = r.Code
		}
	}
}

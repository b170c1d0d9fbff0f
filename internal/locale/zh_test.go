package locale

import "testing"

func TestLocalize(t *testing.T) {
	en := Texts{Title: "Backend unreachable", Why: "why", Fix: "fix"}
	zh := Texts{Title: "后端不可达", Why: "原因", Fix: "修复"}
	for _, tt := range []struct {
		why, fix         string
		wantWhy, wantFix string
	}{
		{"why", "fix", "原因", "修复"},
		{"own why", "add 10.0.1.5/32", "own why", "修复：add 10.0.1.5/32"},
		{"why", "", "原因", ""},
	} {
		why, fix := Localize(tt.why, tt.fix, en, zh)
		if why != tt.wantWhy || fix != tt.wantFix {
			t.Errorf("Localize(%q, %q) = %q, %q; want %q, %q", tt.why, tt.fix, why, fix, tt.wantWhy, tt.wantFix)
		}
	}
}

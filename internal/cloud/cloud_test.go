package cloud

import "testing"

func TestNonVPCBackend(t *testing.T) {
	for _, tt := range []struct {
		typ  string
		want bool
	}{
		{"HTTP", true}, {"FC_EVENT", true}, {"FC_EVENT_V3", true}, {"FC_HTTP", true}, {"FC_HTTP_V3", true},
		{"OSS", true}, {"MOCK", true}, {"EVENTBRIDGE", true},
		{"VPC", false}, {"", false}, {"http", false}, {"HTTP ", false}, {"Mock", false},
	} {
		if got := NonVPCBackend(tt.typ); got != tt.want {
			t.Errorf("NonVPCBackend(%q) = %v, want %v", tt.typ, got, tt.want)
		}
	}
}

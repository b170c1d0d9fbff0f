package report

import "testing"

// TestFileURI pins how a file name becomes an artifact URI: relative
// names stay relative (a name that would read as a scheme is led by
// "./"), absolute ones become file: URIs, and what a URI cannot hold is
// percent-encoded.
func TestFileURI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plan.json", "plan.json"},
		{"dir/plan.json", "dir/plan.json"},
		{"a:b.json", "./a:b.json"},
		{"dir/a:b.json", "dir/a:b.json"},
		{"/tmp/plan.json", "file:///tmp/plan.json"},
		{"my plan.json", "my%20plan.json"},
		{"p#1.json", "p%231.json"},
	} {
		if got := fileURI(tc.in); got != tc.want {
			t.Errorf("fileURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRuleName pins SARIF's rule names: the code in UpperCamelCase.
func TestRuleName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"vpc-mismatch", "VpcMismatch"},
		{"unreachable", "Unreachable"},
		{"backend-ingress-denied", "BackendIngressDenied"},
		{"a--b", "AB"},
		{"", ""},
	} {
		if got := ruleName(tc.in); got != tc.want {
			t.Errorf("ruleName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGitHubEscapes pins the escaping of workflow commands: the message's
// '%', '\r' and '\n', and in properties ':' and ',' too.
func TestGitHubEscapes(t *testing.T) {
	if got, want := githubData("100%\r\nx:y,z"), "100%25%0D%0Ax:y,z"; got != want {
		t.Errorf("githubData = %q, want %q", got, want)
	}
	if got, want := githubProperty("100%\r\nx:y,z"), "100%25%0D%0Ax%3Ay%2Cz"; got != want {
		t.Errorf("githubProperty = %q, want %q", got, want)
	}
}

// TestDisplayWidth: a CJK character takes two columns, others one.
func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{{"error", 5}, {"错误", 4}, {"警告x", 5}, {"", 0}} {
		if got := displayWidth(tc.in); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

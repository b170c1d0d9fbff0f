package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		says []string
	}{
		{[]string{"172.16.20.0/24"}, 1, []string{"conflicts in 2 of 86 zones", "me-central-1a", "172.16.20.0/24"}},
		{[]string{"172.16.0.0/12"}, 1, []string{"conflicts in 86 of 86 zones"}},
		{[]string{"10.0.0.0/8"}, 0, []string{"conflicts with no reserved block in any of the 86 zones"}},
		{[]string{"-region", "cn-beijing"}, 0, []string{"China (Beijing) (cn-beijing): 12 zone(s)", "cn-beijing-l", "192.168.176.0/20, 172.19.176.0/20, 172.22.0.0/16"}},
		{nil, 0, []string{"cn-hangzhou", "SAU (Riyadh - Partner Region)"}},
		{[]string{"-region", "nowhere"}, 2, []string{"unknown region"}},
		{[]string{"172.20.1.0/16"}, 2, []string{"host bits set", "172.20.0.0/16"}},
		{[]string{"2001:db8::/32"}, 2, []string{"IPv4"}},
		{[]string{"a", "b"}, 2, []string{"at most one"}},
	} {
		var out bytes.Buffer
		code := exitCode(run(tc.args, &out, &out), &out)
		if code != tc.code {
			t.Errorf("reserved %v: exit %d, want %d\n%s", tc.args, code, tc.code, out.String())
		}
		for _, s := range tc.says {
			if !strings.Contains(out.String(), s) {
				t.Errorf("reserved %v does not say %q:\n%s", tc.args, s, out.String())
			}
		}
	}
}

func Example() {
	_ = exitCode(run([]string{"172.20.0.0/16"}, os.Stdout, os.Stdout), os.Stdout)
	// Output:
	// 172.20.0.0/16 conflicts in 51 of 86 zones:
	//   cn-hangzhou-b            172.20.0.0/16
	//   cn-hangzhou-d            172.20.0.0/16
	//   cn-hangzhou-e            172.20.0.0/16
	//   cn-hangzhou-f            172.20.0.0/16
	//   cn-hangzhou-g            172.20.0.0/16
	//   cn-hangzhou-h            172.20.0.0/16
	//   cn-hangzhou-i            172.20.0.0/16
	//   cn-hangzhou-j            172.20.0.0/16
	//   cn-hangzhou-k            172.20.0.0/16
	//   cn-shanghai-a            172.20.0.0/16
	//   cn-shanghai-b            172.20.0.0/16
	//   cn-shanghai-c            172.20.0.0/16
	//   cn-shanghai-d            172.20.0.0/16
	//   cn-shanghai-e            172.20.0.0/16
	//   cn-shanghai-f            172.20.0.0/16
	//   cn-shanghai-g            172.20.0.0/16
	//   cn-shanghai-k            172.20.0.0/16
	//   cn-shanghai-l            172.20.0.0/16
	//   cn-shanghai-m            172.20.0.0/16
	//   cn-shanghai-n            172.20.0.0/16
	//   cn-beijing-finance-1k    172.20.0.0/16
	//   cn-beijing-finance-1l    172.20.0.0/16
	//   cn-shenzhen-finance-1a   172.20.0.0/16
	//   cn-shenzhen-finance-1b   172.20.0.0/16
	//   cn-shenzhen-finance-1d   172.20.0.0/16
	//   cn-shenzhen-finance-1e   172.20.0.0/16
	//   cn-heyuan-acdr-1a        172.20.0.0/16
	//   cn-heyuan-acdr-1b        172.20.0.0/16
	//   cn-zhangjiakou-a         172.20.0.0/16
	//   cn-zhangjiakou-b         172.20.0.0/16
	//   cn-zhangjiakou-c         172.20.0.0/16
	//   cn-chengdu-a             172.20.0.0/16
	//   cn-chengdu-b             172.20.0.0/16
	//   cn-qingdao-b             172.20.0.0/16
	//   cn-qingdao-c             172.20.0.0/16
	//   ap-southeast-5a          172.20.0.0/16
	//   ap-southeast-5b          172.20.0.0/16
	//   ap-southeast-5c          172.20.0.0/16
	//   ap-southeast-3a          172.20.0.0/16
	//   ap-southeast-3b          172.20.0.0/16
	//   ap-northeast-2a          172.20.0.0/16
	//   eu-central-1a            172.20.0.0/16
	//   eu-central-1b            172.20.0.0/16
	//   eu-central-1c            172.20.0.0/16
	//   eu-west-1a               172.20.0.0/16
	//   eu-west-1b               172.20.0.0/16
	//   us-west-1a               172.20.0.0/16
	//   us-west-1b               172.20.0.0/16
	//   us-east-1a               172.20.0.0/16
	//   us-east-1b               172.20.0.0/16
	//   me-east-1a               172.20.0.0/16
}

package zones_test

import (
	"net/netip"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/zones"
)

// The document's regions, pinned: ID, title, zone count, first and last
// zone, and the region-wide block every zone of it reserves.
var documentRegions = []struct {
	id, name    string
	zones       int
	first, last string
	regionWide  string
}{
	{"cn-hangzhou", "China (Hangzhou)", 9, "cn-hangzhou-b", "cn-hangzhou-k", "172.20.0.0/16"},
	{"cn-shanghai", "China (Shanghai)", 11, "cn-shanghai-a", "cn-shanghai-n", "172.20.0.0/16"},
	{"cn-shanghai-finance-1", "China East 2 Finance", 6, "cn-shanghai-finance-1a", "cn-shanghai-finance-1z", "172.21.0.0/16"},
	{"cn-beijing", "China (Beijing)", 12, "cn-beijing-a", "cn-beijing-l", "172.22.0.0/16"},
	{"cn-beijing-finance-1", "China North 2 Finance", 2, "cn-beijing-finance-1k", "cn-beijing-finance-1l", "172.20.0.0/16"},
	{"cn-shenzhen", "China (Shenzhen)", 6, "cn-shenzhen-a", "cn-shenzhen-f", "172.23.0.0/16"},
	{"cn-shenzhen-finance-1", "China South 1 Finance", 4, "cn-shenzhen-finance-1a", "cn-shenzhen-finance-1e", "172.20.0.0/16"},
	{"cn-heyuan-acdr-1", "Heyuan ACDR Auto", 2, "cn-heyuan-acdr-1a", "cn-heyuan-acdr-1b", "172.20.0.0/16"},
	{"cn-zhangjiakou", "China (Zhangjiakou)", 3, "cn-zhangjiakou-a", "cn-zhangjiakou-c", "172.20.0.0/16"},
	{"cn-chengdu", "China (Chengdu)", 2, "cn-chengdu-a", "cn-chengdu-b", "172.20.0.0/16"},
	{"cn-qingdao", "China (Qingdao)", 2, "cn-qingdao-b", "cn-qingdao-c", "172.20.0.0/16"},
	{"cn-hongkong", "China (Hong Kong)", 3, "cn-hongkong-b", "cn-hongkong-d", "172.21.0.0/16"},
	{"ap-southeast-1", "Singapore", 3, "ap-southeast-1a", "ap-southeast-1c", "172.21.0.0/16"},
	{"ap-southeast-5", "Indonesia (Jakarta)", 3, "ap-southeast-5a", "ap-southeast-5c", "172.20.0.0/16"},
	{"ap-southeast-3", "Malaysia (Kuala Lumpur)", 2, "ap-southeast-3a", "ap-southeast-3b", "172.20.0.0/16"},
	{"ap-northeast-1", "Japan (Tokyo)", 3, "ap-northeast-1a", "ap-northeast-1c", "172.21.0.0/16"},
	{"ap-northeast-2", "South Korea (Seoul)", 1, "ap-northeast-2a", "ap-northeast-2a", "172.20.0.0/16"},
	{"eu-central-1", "Germany (Frankfurt)", 3, "eu-central-1a", "eu-central-1c", "172.20.0.0/16"},
	{"eu-west-1", "UK (London)", 2, "eu-west-1a", "eu-west-1b", "172.20.0.0/16"},
	{"us-west-1", "US (Silicon Valley)", 2, "us-west-1a", "us-west-1b", "172.20.0.0/16"},
	{"us-east-1", "US (Virginia)", 2, "us-east-1a", "us-east-1b", "172.20.0.0/16"},
	{"me-east-1", "UAE (Dubai)", 1, "me-east-1a", "me-east-1a", "172.20.0.0/16"},
	{"me-central-1", "SAU (Riyadh - Partner Region)", 2, "me-central-1a", "me-central-1b", "172.16.20.0/24"},
}

func TestDefaultCounts(t *testing.T) {
	c := zones.Default()
	regions := c.Regions()
	blocks := 0
	for _, z := range c.Zones() {
		blocks += len(z.Reserved)
	}
	if len(regions) != 23 || len(c.Zones()) != 86 || blocks != 258 {
		t.Fatalf("Default() has %d regions, %d zones, %d blocks; want 23, 86, 258", len(regions), len(c.Zones()), blocks)
	}
	if zones.Updated != "2026-01-09" {
		t.Errorf("Updated = %q, want 2026-01-09", zones.Updated)
	}
}

func TestDefaultRegions(t *testing.T) {
	regions := zones.Default().Regions()
	if len(regions) != len(documentRegions) {
		t.Fatalf("got %d regions, want %d", len(regions), len(documentRegions))
	}
	seen := map[string]bool{}
	for i, want := range documentRegions {
		r := regions[i]
		if r.ID != want.id || r.Name != want.name || len(r.Zones) != want.zones {
			t.Errorf("region %d = %s %q with %d zones, want %s %q with %d", i, r.ID, r.Name, len(r.Zones), want.id, want.name, want.zones)
			continue
		}
		if r.Zones[0].ID != want.first || r.Zones[len(r.Zones)-1].ID != want.last {
			t.Errorf("%s: zones run %s..%s, want %s..%s", r.ID, r.Zones[0].ID, r.Zones[len(r.Zones)-1].ID, want.first, want.last)
		}
		wide := netip.MustParsePrefix(want.regionWide)
		for k, z := range r.Zones {
			if seen[z.ID] {
				t.Errorf("zone %s appears twice", z.ID)
			}
			seen[z.ID] = true
			if z.RegionID != r.ID || zones.RegionOf(z.ID) != r.ID || !strings.HasPrefix(z.ID, r.ID) {
				t.Errorf("zone %s: RegionID %q, RegionOf %q; want %q", z.ID, z.RegionID, zones.RegionOf(z.ID), r.ID)
			}
			// The document's pattern: the k-th zone of a region reserves the
			// k-th /20 of 192.168.0.0/16 and of 172.19.0.0/16, then the
			// region-wide block.
			want := []netip.Prefix{
				netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 168, byte(16 * k), 0}), 20),
				netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 19, byte(16 * k), 0}), 20),
				wide,
			}
			if diff := cmp.Diff(want, z.Reserved, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
				t.Errorf("zone %s reserved blocks (-want +got):\n%s", z.ID, diff)
			}
			for _, p := range z.Reserved {
				if !p.Addr().Is4() || p != p.Masked() {
					t.Errorf("zone %s: block %s is not canonical IPv4", z.ID, p)
				}
			}
		}
	}
}

// TestDefaultMatchesDocument re-reads the table from the document itself
// when the checkout sits beside it (../shared/reference), and compares.
func TestDefaultMatchesDocument(t *testing.T) {
	doc, err := os.ReadFile("../../shared/reference/api-gateway-vpc-integration-instances.txt")
	if err != nil {
		t.Skip("the source document is not beside this checkout:", err)
	}
	text := string(doc)
	text = text[strings.LastIndex(text, "CIDR blocks reserved by VPC integration instances in each region"):]
	zoneLine := regexp.MustCompile(`(?m)^\s*([a-z]{2}-[a-z0-9-]+)\s*\n\s*\n?\s*(\d[\d./, and]+)$`)
	var got []string
	for _, z := range zones.Default().Zones() {
		var bs []string
		for _, p := range z.Reserved {
			bs = append(bs, p.String())
		}
		got = append(got, z.ID+" "+strings.Join(bs, " "))
	}
	var want []string
	for _, m := range zoneLine.FindAllStringSubmatch(text, -1) {
		blocks := strings.Fields(strings.NewReplacer(",", " ", " and ", " ").Replace(m[2]))
		want = append(want, m[1]+" "+strings.Join(blocks, " "))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Default() differs from the document (-document +catalog):\n%s", diff)
	}
	for _, r := range documentRegions {
		if !strings.Contains(text, "\n"+r.name+"\n") {
			t.Errorf("region title %q is not in the document", r.name)
		}
	}
}

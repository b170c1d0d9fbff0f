package zones_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/zones"
)

func ExampleCatalog_CheckVSwitch() {
	c := zones.Default()

	err := c.CheckVSwitch("cn-hangzhou-b", netip.MustParsePrefix("172.20.1.0/24"))
	fmt.Println(err)

	var ce *zones.ConflictError
	if errors.As(err, &ce) {
		fmt.Println("zone:", ce.Zone, "reserved:", ce.Reserved)
	}

	// The same block is fine in Beijing, which reserves 172.22.0.0/16.
	fmt.Println(c.CheckVSwitch("cn-beijing-a", netip.MustParsePrefix("172.20.1.0/24")))

	// An unknown zone is an error, never "nothing reserved".
	err = c.CheckVSwitch("cn-hangzhou-z", netip.MustParsePrefix("172.20.1.0/24"))
	fmt.Println(errors.Is(err, zones.ErrUnknownZone), err)
	// Output:
	// vSwitch 172.20.1.0/24 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b
	// zone: cn-hangzhou-b reserved: [172.20.0.0/16]
	// <nil>
	// true zone "cn-hangzhou-z": unknown zone
}

func ExampleCatalog_Conflicting() {
	for _, z := range zones.Default().Conflicting(netip.MustParsePrefix("172.16.0.0/16")) {
		fmt.Println(z.ID, z.Reserved)
	}
	// Output:
	// me-central-1a [192.168.0.0/20 172.19.0.0/20 172.16.20.0/24]
	// me-central-1b [192.168.16.0/20 172.19.16.0/20 172.16.20.0/24]
}

func ExampleCatalog_Region() {
	r, _ := zones.Default().Region("cn-shanghai-finance-1")
	fmt.Println(r.Name, len(r.Zones), r.Zones[0].ID)
	// Output:
	// China East 2 Finance 6 cn-shanghai-finance-1a
}

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

func ExampleNewCatalog() {
	c, err := zones.NewCatalog([]zones.Region{{
		ID:   "eu-lab",
		Name: "Lab",
		Zones: []zones.Zone{
			{ID: "eu-lab-blue", Reserved: []netip.Prefix{netip.MustParsePrefix("172.20.0.0/16")}},
		},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A zone's region is the one that lists it, not one read from its ID.
	fmt.Println(c.ZoneRegion("eu-lab-blue"))
	fmt.Println(c.CheckVSwitch("eu-lab-blue", netip.MustParsePrefix("172.20.8.0/24")))

	// Every problem at once, each named by its path.
	_, err = zones.NewCatalog([]zones.Region{{
		ID: "eu-lab",
		Zones: []zones.Zone{
			{ID: "us-lab-a", Reserved: []netip.Prefix{netip.MustParsePrefix("172.20.0.1/16")}},
		},
	}})
	fmt.Println(errors.Is(err, zones.ErrInvalidCatalog))
	fmt.Println(err)
	// Output:
	// eu-lab true
	// vSwitch 172.20.8.0/24 overlaps 172.20.0.0/16 reserved in zone eu-lab-blue
	// true
	// regions[0].zones[0].id: invalid zone catalog: zone "us-lab-a" is not in region "eu-lab": its ID must start with the region's
	// regions[0].zones[0].reserved[0]: invalid zone catalog: 172.20.0.1/16 has host bits set; the canonical form is 172.20.0.0/16
}

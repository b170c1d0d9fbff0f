package cidr_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/vpcgate/vpcgate/cidr"
)

func ExampleParsePrefix() {
	p, err := cidr.ParsePrefix("172.20.0.0/16")
	fmt.Println(p, err)

	_, err = cidr.ParsePrefix("172.20.1.0/16")
	fmt.Println(err)
	// Output:
	// 172.20.0.0/16 <nil>
	// invalid CIDR prefix "172.20.1.0/16": host bits set; the canonical form is 172.20.0.0/16
}

// A parse error matches its sentinels with errors.Is and carries its facts
// in a *ParseError, reachable with errors.As.
func ExampleParseError() {
	_, err := cidr.ParsePrefix("10.0.0.1/8")
	fmt.Println(errors.Is(err, cidr.ErrInvalidPrefix), errors.Is(err, cidr.ErrNotCanonical))

	var pe *cidr.ParseError
	if errors.As(err, &pe) {
		fmt.Printf("input %q, canonical %s\n", pe.Input, pe.Canonical)
	}

	_, err = cidr.ParseAddr("fe80::1%eth0")
	fmt.Println(errors.Is(err, cidr.ErrInvalidAddr), err)
	// Output:
	// true true
	// input "10.0.0.1/8", canonical 10.0.0.0/8
	// true invalid IP address "fe80::1%eth0": IPv6 zone not allowed
}

func ExampleSet_Contains() {
	s := cidr.MustParseSet("192.168.0.0/16", "172.16.0.0/12")

	fmt.Println(s.Contains(netip.MustParseAddr("172.20.1.5")))
	// An IPv4-mapped IPv6 address is the IPv4 address it maps.
	fmt.Println(s.Contains(netip.MustParseAddr("::ffff:172.20.1.5")))
	fmt.Println(s.Contains(netip.MustParseAddr("10.0.0.1")))
	fmt.Println(s)
	// Output:
	// true
	// true
	// false
	// [172.16.0.0/12 192.168.0.0/16]
}

func ExampleOverlapping() {
	vswitches := []netip.Prefix{
		netip.MustParsePrefix("172.20.1.0/24"),
		netip.MustParsePrefix("10.0.0.0/24"),
		netip.MustParsePrefix("192.168.0.0/16"),
	}
	reserved := []netip.Prefix{
		netip.MustParsePrefix("192.168.0.0/20"),
		netip.MustParsePrefix("172.19.0.0/20"),
		netip.MustParsePrefix("172.20.0.0/16"),
	}
	for _, o := range cidr.Overlapping(vswitches, reserved) {
		fmt.Println(o.A, "overlaps", o.B)
	}
	// Output:
	// 172.20.1.0/24 overlaps 172.20.0.0/16
	// 192.168.0.0/16 overlaps 192.168.0.0/20
}

func ExampleIndex_Overlapping() {
	// Index the reserved blocks once, then ask for many lists.
	reserved, err := cidr.NewIndex([]netip.Prefix{
		netip.MustParsePrefix("100.64.0.0/10"),
		netip.MustParsePrefix("172.20.0.0/16"),
	})
	if err != nil {
		panic(err)
	}
	for _, plan := range [][]netip.Prefix{
		{netip.MustParsePrefix("172.20.1.0/24"), netip.MustParsePrefix("10.0.0.0/24")},
		// A mapped prefix is the IPv4 one; ::/0 holds no IPv4 address.
		{netip.MustParsePrefix("::ffff:100.64.0.0/112"), netip.MustParsePrefix("::/0")},
	} {
		fmt.Println(reserved.Overlapping(plan))
	}
	// Output:
	// [{172.20.1.0/24 172.20.0.0/16}]
	// [{::ffff:100.64.0.0/112 100.64.0.0/10}]
}

func ExampleSet_FreePrefix() {
	used := cidr.MustParseSet("10.0.0.0/24", "10.0.1.0/25", "10.0.3.0/24")
	p, ok := used.FreePrefix(netip.MustParsePrefix("10.0.0.0/16"), 24)
	fmt.Println(p, ok)
	p, ok = used.FreePrefix(netip.MustParsePrefix("10.0.0.0/16"), 25)
	fmt.Println(p, ok)
	_, ok = used.FreePrefix(netip.MustParsePrefix("10.0.0.0/24"), 26)
	fmt.Println(ok)
	// Output:
	// 10.0.2.0/24 true
	// 10.0.1.128/25 true
	// false
}

func ExampleSet_Subtract() {
	vpc := cidr.MustParseSet("172.16.0.0/12")
	reserved := cidr.MustParseSet("172.19.0.0/20", "172.20.0.0/16")
	fmt.Println(vpc.Subtract(reserved).Prefixes()[:3])
	// Output:
	// [172.16.0.0/15 172.18.0.0/16 172.19.16.0/20]
}

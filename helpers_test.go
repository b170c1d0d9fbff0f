package vpcgate_test

import "net/netip"

var netipTypes = []any{netip.Prefix{}, netip.Addr{}}

// Package remedy computes the least changes that clear the check's fixable
// findings, over the library's values: the smallest accessible blocks that
// cover exactly an instance's failing addresses, inside its VPC or the
// networks connected to it (Accessible), and outbound accept rules that
// come before the rule or default that refuses a flow (AcceptRule), within
// the cloud's limit of rules per security group (Limits). The root's Check
// gathers what its phases found, asks here, and fills its Remedy values
// from the answers; Report.FixedPlan applies them.
//
// Nothing here does I/O or keeps state beyond the values a caller holds;
// the texts (a blocked remedy's why) are in English, as a finding's what.
package remedy

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/instance"
)

// Block is the answer for one failing address: the block to add that
// holds it, a wider alternative, or why no block may.
type Block struct {
	// Block is the smallest block of the cover that holds the address;
	// the zero Prefix when Blocked is set.
	Block netip.Prefix
	// Wider is the vSwitch block of the VPC that holds the address, when
	// the VPC lists its vSwitches and the block lies in its reach; offered,
	// never applied.
	Wider netip.Prefix
	// Blocked says why no accessible block may hold the address; empty
	// when Block holds it.
	Blocked string
}

// Cover is the smallest set of blocks to add to one instance's accessible
// blocks that covers exactly its failing addresses that may be held: those
// in its VPC's blocks or the networks connected to it (host prefixes
// merged where adjacent). No block outside the VPC is ever in it.
type Cover struct {
	vpc               *instance.VPC
	instanceID, vpcID string
	reach             cidr.Set       // the VPC's blocks and connected networks; empty when vpc is not the instance's
	blocks            []netip.Prefix // sorted
}

// NewCover returns the cover of the n failing addresses that addr gives
// (addr(0) to addr(n-1)) of the instance whose ID and VPC ID are
// instanceID and vpcID, and whose VPC as the plan describes it is vpc (nil
// when it is not described). Its cost is O(n log n); it keeps neither
// addr nor the addresses.
func NewCover(vpc *instance.VPC, instanceID, vpcID string, n int, addr func(k int) netip.Addr) Cover {
	c := Cover{vpc: vpc, instanceID: instanceID, vpcID: vpcID}
	if vpc != nil && vpc.ID == vpcID {
		c.reach = vpc.Reachable()
	}
	var hosts []netip.Prefix
	for k := range n {
		if addr := addr(k); c.reach.Contains(addr) {
			hosts = append(hosts, netip.PrefixFrom(addr, addr.BitLen()))
		}
	}
	set, _ := cidr.NewSet(hosts...) // host prefixes of valid addresses
	c.blocks = set.Prefixes()
	return c
}

// Blocks returns the cover's blocks, sorted; the caller must not change
// them.
func (c Cover) Blocks() []netip.Prefix { return c.blocks }

// Of returns the answer for addr, one of the cover's addresses: the block
// of the cover that holds it and, when the VPC lists its vSwitches, the
// one that holds it; or, for an address no accessible block may hold (it
// lies outside the VPC's blocks and connected networks, or its place is
// not known: the VPC is not described or is another, lists no blocks, or
// its connected networks are not known), why not. Its cost is O(log n) in
// the blocks, plus one pass over the VPC's vSwitches.
func (c Cover) Of(addr netip.Addr) Block {
	if !c.reach.Contains(addr) {
		return Block{Blocked: outsideWhy(c.vpc, c.instanceID, c.vpcID, addr)}
	}
	var b Block
	i, _ := slices.BinarySearchFunc(c.blocks, addr, func(p netip.Prefix, a netip.Addr) int {
		if p.Contains(a) {
			return 0
		}
		return p.Addr().Compare(a)
	})
	if i < len(c.blocks) && c.blocks[i].Contains(addr) {
		b.Block = c.blocks[i]
	}
	b.Wider = wider(c.vpc, c.reach, addr)
	return b
}

// outsideWhy says why no accessible block of the instance may hold addr,
// which lies outside the VPC's blocks and connected networks as far as the
// plan tells.
func outsideWhy(v *instance.VPC, instanceID, vpcID string, addr netip.Addr) string {
	switch {
	case !addr.IsValid():
		return "the backend's address is not known"
	case v == nil:
		return fmt.Sprintf("VPC %q is not described in the plan, so whether %s lies in it is not known: describe the VPC to get a block", vpcID, addr)
	case v.ID != vpcID:
		return fmt.Sprintf("the plan's VPC %q is not instance %q's VPC %q: fix that first", v.ID, instanceID, vpcID)
	case len(v.CIDRs) == 0:
		return fmt.Sprintf("VPC %q lists no CIDR blocks, so whether %s lies in it is not known: no block is suggested", v.ID, addr)
	case v.ConnectedUnknown:
		return fmt.Sprintf("%s lies outside VPC %q's CIDR blocks %v, and the networks connected to the VPC are not known: no block outside the VPC is suggested; if a connected network holds it, add that block by hand", addr, v.ID, v.CIDRs)
	}
	connected := fmt.Sprintf("the connected networks %v", v.Connected)
	if len(v.Connected) == 0 {
		connected = "the networks connected to it (the plan lists none)"
	}
	return fmt.Sprintf("%s lies outside VPC %q's CIDR blocks %v and %s: no accessible block may hold it; connect its network to the VPC first, or move the backend into the VPC", addr, v.ID, v.CIDRs, connected)
}

// wider returns the vSwitch block of v that holds addr, when v lists its
// vSwitches and that block lies in reach.
func wider(v *instance.VPC, reach cidr.Set, addr netip.Addr) netip.Prefix {
	if v == nil {
		return netip.Prefix{}
	}
	for _, vs := range v.VSwitches {
		vs = cidr.UnmapPrefix(vs)
		if vs.IsValid() && vs.Masked() == vs && vs.Contains(addr) && reach.ContainsPrefix(vs) {
			return vs
		}
	}
	return netip.Prefix{}
}

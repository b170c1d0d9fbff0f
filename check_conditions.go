// This file implements the cloud's conditions that lie beyond the purchase
// form and the authorizations (issue 23): an instance in one zone, move
// sources the document does not describe, vSwitches without a free
// address, and the service-linked role the instance needs. The phases call
// them through small hooks.

package vpcgate

import (
	"fmt"
)

// zoneRedundancy notes, in t's section, an instance of exactly one zone:
// one network interface, no zone redundancy. No zone at all is a problem
// of the purchase form (required), reported there.
func (c *checker) zoneRedundancy(t *target, warn func(Finding)) {
	if len(t.pi.Zones) != 1 {
		return
	}
	z := t.pi.Zones[0]
	warn(c.note(CodeSingleZone, t.path.Child("zones"), fmt.Sprintf("instance %q has one zone (%s), so one network interface: no zone redundancy", t.pi.ID, z.ZoneID)))
}

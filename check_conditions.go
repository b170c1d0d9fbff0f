// This file implements the cloud's conditions that lie beyond the purchase
// form and the authorizations (issue 23): an instance in one zone, move
// sources the document does not describe, vSwitches without a free
// address, and the service-linked role the instance needs. The phases call
// them through small hooks.

package vpcgate

import (
	"fmt"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/instance"
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

// moveSource notes, in group g's section, a move that starts from an
// instance the document's moves do not start from: another VPC
// integration instance (the document describes moves from serverless and
// conventional dedicated instances only). A classic network shared
// instance has no kind in vpcgate: its note comes from the reader that
// sees it (the responses' InstanceType CLASSIC_SHARED). A group already on
// its target is not moved.
func (c *checker) moveSource(g int, tg *target, warn func(Finding)) {
	grp := c.p.Groups[g]
	if grp.Instance.Kind != instance.VPCIntegration || grp.Instance.ID == tg.pi.ID {
		return
	}
	warn(c.note(CodeMoveSource, field.Path("groups").Index(g).Child("instance").Child("kind"),
		fmt.Sprintf("group %q moves from instance %q, another VPC integration instance: the document describes moves from serverless and conventional dedicated instances only", grp.ID, grp.Instance.ID)))
}

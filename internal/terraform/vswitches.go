package terraform

import (
	"fmt"
	"math"
)

// tfVSwitchesData is the provider's vSwitch data source
// (alicloud/data_source_alicloud_vswitches.go): its vswitches, Computed, is
// a list of objects whose id (and vswitch_id) is the vSwitch ID and whose
// available_ip_address_count (TypeInt) is DescribeVSwitches'
// AvailableIpAddressCount, read when the plan is made. It is the only
// place of a plan that holds a vSwitch's free addresses: the alicloud_vswitch
// resource has no such attribute.
const tfVSwitchesData = "alicloud_vswitches"

// VSwitch is what a plan knows of a vSwitch's free addresses.
type VSwitch struct {
	// ID is the vSwitch ID.
	ID string
	// Available is its number of free addresses, nil when not known.
	Available *int
	// At is the place of the vSwitch's element, CountAt of its count ("" when
	// not known).
	At, CountAt string
}

// readVSwitchCounts reads the free addresses of the vSwitches that the
// plan's alicloud_vswitches data sources list. A data source read only
// during apply, or an element whose count is not known, says nothing (an
// unknown count checks nothing). A vSwitch listed by several data sources
// is one, with the fewest free addresses any of them knows. A vSwitch in
// which an instance the plan replaces, deleting it first, has a network
// interface will have more free addresses when the new one is created than
// the data source read: its count is left out. A value of the wrong type
// is an error at its place.
func (t *planReader) readVSwitchCounts() {
	byID := make(map[string]int)
	var freed map[string]bool
	for _, r := range t.ix.Resources() {
		if r.Mode != "data" || r.Type != tfVSwitchesData {
			continue
		}
		if f := t.attr(r, "vswitches"); f.Value != nil && f.Value.Kind != Array {
			t.fail(f, fmt.Errorf("%w: %s, want array", ErrWrongType, f.Value.Kind))
			continue
		}
		if freed == nil {
			freed = t.freedVSwitches()
		}
		t.list(r, "", func(i int) {
			if f := t.attr(r, "vswitches", i); f.Value != nil && f.Value.Kind != Object {
				t.fail(f, fmt.Errorf("%w: %s, want object", ErrWrongType, f.Value.Kind))
				return
			}
			id, _ := t.text(r, "", "vswitches", i, "id")
			if id == "" {
				id, _ = t.text(r, "", "vswitches", i, "vswitch_id")
			}
			if id == "" {
				return
			}
			v := VSwitch{ID: id, At: r.Address + Format([]Step{"vswitches", i})}
			if f := t.attr(r, "vswitches", i, "available_ip_address_count"); f.Value != nil && !freed[id] {
				if n, ok := t.integer(f); ok {
					c := int(max(min(n, math.MaxInt), math.MinInt))
					v.Available, v.CountAt = &c, f.Where()
				}
			}
			j, seen := byID[id]
			if !seen {
				byID[id] = len(t.v.VSwitches)
				t.v.VSwitches = append(t.v.VSwitches, v)
				return
			}
			if old := &t.v.VSwitches[j]; v.Available != nil && (old.Available == nil || *v.Available < *old.Available) {
				*old = v
			}
		}, "vswitches")
	}
}

// freedVSwitches returns the vSwitches in which an instance that the plan
// replaces, deleting it before it creates the new one, has a network
// interface (its zone blocks before the change).
func (t *planReader) freedVSwitches() map[string]bool {
	freed := map[string]bool{}
	for _, r := range t.resources(tfInstance) {
		c := r.Change
		if c == nil || len(c.Actions) != 2 || c.Actions[0] != "delete" || c.Actions[1] != "create" {
			continue
		}
		if zones := c.Before.Get(zoneBlock); zones != nil && zones.Kind == Array {
			for _, z := range zones.Elems {
				if id := z.Get("vswitch_id"); id != nil && id.Kind == String {
					freed[id.Text] = true
				}
			}
		}
	}
	return freed
}

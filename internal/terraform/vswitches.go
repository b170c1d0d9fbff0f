package terraform

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
// is one, with the fewest free addresses any of them knows.
func (t *planReader) readVSwitchCounts() {
	byID := make(map[string]int)
	for _, r := range t.ix.Resources() {
		if r.Mode != "data" || r.Type != tfVSwitchesData {
			continue
		}
		t.list(r, "", func(i int) {
			id := t.str(r, "vswitches", i, "id")
			if id == "" {
				id = t.str(r, "vswitches", i, "vswitch_id")
			}
			if id == "" {
				return
			}
			v := VSwitch{ID: id, At: r.Address + Format([]Step{"vswitches", i})}
			if f := t.attr(r, "vswitches", i, "available_ip_address_count"); f.Value != nil {
				if n, ok := t.integer(f); ok {
					c := int(max(min(n, 1<<31-1), -1<<31))
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

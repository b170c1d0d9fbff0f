package zones

import (
	"bufio"
	_ "embed"
	"fmt"
	"net/netip"
	"strings"
	"sync"
)

// Updated is the date of the source table: the "Last Updated" date of the
// API Gateway document "VPC integration instances".
const Updated = "2026-01-09"

//go:embed reserved.txt
var reservedTxt string

// defaultTable is the table of reserved.txt, built once on first use and
// never written after.
var defaultTable = sync.OnceValue(func() *table {
	regions, err := parseTable(reservedTxt)
	if err == nil {
		var t *table
		if t, err = newTable(regions, "regions"); err == nil {
			return t
		}
	}
	// The embedded table is part of the source; its tests guarantee it
	// parses, so this is unreachable in a tested build.
	panic("zones: the embedded reserved.txt is invalid: " + err.Error())
})

// Default returns the catalog of the document's table: 23 regions, 86
// zones and 258 reserved blocks, in the document's order (see [Updated]).
//
// The table is built once, on first use, and shared; each call returns a
// new *Catalog handle on it, so nothing a caller does with the result
// (decoding JSON into it, assigning to *Default()) changes what Default
// returns next. It is immutable and safe for concurrent use; a call costs
// one small allocation. A nil *Catalog means the same table.
func Default() *Catalog { return &Catalog{t: defaultTable()} }

// parseTable reads the text format of reserved.txt.
func parseTable(text string) ([]Region, error) {
	var regions []Region
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if name, ok := strings.CutPrefix(line, "region "); ok {
			regions = append(regions, Region{Name: name})
			continue
		}
		fields := strings.Fields(line)
		if len(regions) == 0 || len(fields) < 2 {
			return nil, fmt.Errorf("line %d: want \"region <title>\" or \"<zone> <block>...\", got %q", n, line)
		}
		// The document titles its regions and lists zone IDs; a region's
		// ID is its first zone's without the zone letter.
		z := Zone{ID: fields[0]}
		for _, f := range fields[1:] {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			z.Reserved = append(z.Reserved, p)
		}
		r := &regions[len(regions)-1]
		if r.ID == "" {
			r.ID = RegionOf(z.ID)
		}
		r.Zones = append(r.Zones, z)
	}
	return regions, sc.Err()
}

// RegionOf returns the region ID of a zone ID by the document's naming
// convention: the zone ID without its final letter and a dash before it, so
// "cn-hangzhou-b" is in "cn-hangzhou" and "cn-shanghai-finance-1a" in
// "cn-shanghai-finance-1". It returns "" for an ID too short to have one.
//
// It is a guess from spelling, used only to name the document's regions.
// Which region holds a zone is the catalog's data: use
// [Catalog.ZoneRegion] or [Zone].RegionID.
func RegionOf(zoneID string) string {
	if len(zoneID) < 2 {
		return ""
	}
	return strings.TrimSuffix(zoneID[:len(zoneID)-1], "-")
}

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

var defaultCatalog = sync.OnceValue(func() *Catalog {
	regions, err := parseTable(reservedTxt)
	if err == nil {
		var c *Catalog
		if c, err = NewCatalog(regions); err == nil {
			return c
		}
	}
	// The embedded table is part of the source; its tests guarantee it
	// parses, so this is unreachable in a tested build.
	panic("zones: the embedded reserved.txt is invalid: " + err.Error())
})

// Default returns the catalog of the document's table: 23 regions, 86
// zones and 258 reserved blocks, in the document's order (see [Updated]).
// It is built once, on first use, and shared: it is immutable and safe for
// concurrent use.
func Default() *Catalog { return defaultCatalog() }

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
		z := Zone{ID: fields[0], RegionID: RegionOf(fields[0])}
		for _, f := range fields[1:] {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			z.Reserved = append(z.Reserved, p)
		}
		r := &regions[len(regions)-1]
		if r.ID == "" {
			r.ID = z.RegionID
		}
		r.Zones = append(r.Zones, z)
	}
	return regions, sc.Err()
}

// RegionOf returns the region ID of a zone ID by the document's convention:
// the zone ID without its final letter and a dash before it, so
// "cn-hangzhou-b" is in "cn-hangzhou" and "cn-shanghai-finance-1a" in
// "cn-shanghai-finance-1". It returns "" for an ID too short to have one.
func RegionOf(zoneID string) string {
	if len(zoneID) < 2 {
		return ""
	}
	return strings.TrimSuffix(zoneID[:len(zoneID)-1], "-")
}

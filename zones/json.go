package zones

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MarshalJSON encodes the catalog as a JSON array of its regions, each
// {"id", "name", "zones": [{"id", "regionId", "reserved": ["CIDR", ...]}]}.
func (c *Catalog) MarshalJSON() ([]byte, error) {
	return json.Marshal(c.regions)
}

// UnmarshalJSON decodes a JSON array of regions, as MarshalJSON writes it,
// and validates it like [NewCatalog]. Unknown fields are errors, so a typo
// cannot drop a block. On error *c is unchanged.
func (c *Catalog) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var regions []Region
	if err := dec.Decode(&regions); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidCatalog, err)
	}
	nc, err := NewCatalog(regions)
	if err != nil {
		return err
	}
	*c = *nc
	return nil
}

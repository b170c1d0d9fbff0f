package cidr

import (
	"encoding/json"
	"fmt"
)

// MarshalJSON encodes s as a JSON array of its [Set.Prefixes] in canonical
// CIDR form, such as ["10.0.0.0/8","2001:db8::/32"]; [] for the empty set.
func (s Set) MarshalJSON() ([]byte, error) {
	strs := make([]string, 0)
	for _, p := range s.Prefixes() {
		strs = append(strs, p.String())
	}
	return json.Marshal(strs)
}

// UnmarshalJSON decodes a JSON array of CIDR strings into *s, with
// [ParsePrefix]'s rules: host bits, zones and IPv4-mapped prefixes are
// errors matching [ErrInvalidPrefix], each naming its array index. JSON null
// decodes to the empty set. On error *s is unchanged.
func (s *Set) UnmarshalJSON(data []byte) error {
	var strs []string
	if err := json.Unmarshal(data, &strs); err != nil {
		return fmt.Errorf("cidr.Set: want a JSON array of CIDR strings: %w", err)
	}
	set, err := parseSet("", strs)
	if err != nil {
		return err
	}
	*s = set
	return nil
}

package zones

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/jsonlex"
)

// MarshalJSON encodes the catalog as a JSON array of its regions, each
// {"id", "name", "zones": [{"id", "regionId", "reserved": ["CIDR", ...]}]}.
// A nil *Catalog encodes [Default]'s table.
func (c *Catalog) MarshalJSON() ([]byte, error) {
	return json.Marshal(c.tab().regions)
}

// UnmarshalJSON decodes a JSON array of regions, as MarshalJSON writes it,
// and validates it like [NewCatalog]. Decoding is strict, so that no block
// can vanish on the way in: an unknown member (names match exactly, so
// "Reserved" beside "reserved" is unknown, not the same member), a member
// given twice (however its name is escaped), a value of the wrong type
// (null included), a block that does not parse, and data after the array
// are errors. Every problem is a [*field.Error] named by its JSON path in
// the document ("[2].zones[0].reserved[1]") and matching
// [ErrInvalidCatalog]; a syntax error ends decoding and names its offset.
//
// On success c is pointed at the new table; no other Catalog changes (the
// table [Default] returns cannot be replaced this way). On error c is
// unchanged.
func (c *Catalog) UnmarshalJSON(data []byte) error {
	regions, err := decodeRegions(data)
	if err != nil {
		return err
	}
	t, err := newTable(regions, "")
	if err != nil {
		return err
	}
	c.t = t
	return nil
}

// decoder reads a catalog token by token, so that duplicate and
// differently cased member names, which encoding/json would merge, are seen.
type decoder struct {
	dec   *json.Decoder
	data  []byte
	lines *jsonlex.Lines // made at the first key given twice
	errs  field.List
}

// errSyntax stops decoding; the problem is already in the list.
var errSyntax = errors.New("syntax")

func (d *decoder) bad(p field.Path, format string, args ...any) {
	d.errs.Add(p, fmt.Errorf("%w: %s", ErrInvalidCatalog, fmt.Sprintf(format, args...)))
}

// token returns the next token; a syntax error is recorded at p.
func (d *decoder) token(p field.Path) (json.Token, error) {
	tok, err := d.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		d.bad(p, "at offset %d: %v", d.dec.InputOffset(), err)
		return nil, errSyntax
	}
	return tok, nil
}

// skip consumes the rest of a value whose first token was tok.
func (d *decoder) skip(p field.Path, tok json.Token) error {
	depth := 0
	for {
		if delim, ok := tok.(json.Delim); ok {
			if delim == '[' || delim == '{' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = d.token(p); err != nil {
			return err
		}
	}
}

// describe names a token's JSON type for a message.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	}
	return "a number"
}

// array reads an array at p, calling each for every element's path.
func (d *decoder) array(p field.Path, each func(field.Path) error) error {
	tok, err := d.token(p)
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		d.bad(p, "want an array, got %s", describe(tok))
		return d.skip(p, tok)
	}
	for i := 0; d.dec.More(); i++ {
		if err := each(p.Index(i)); err != nil {
			return err
		}
	}
	_, err = d.token(p) // ']'
	return err
}

// object reads an object at p whose members are names, calling member for
// each; unknown and repeated names are problems.
func (d *decoder) object(p field.Path, names []string, member func(name string, at field.Path) error) error {
	tok, err := d.token(p)
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		d.bad(p, "want an object, got %s", describe(tok))
		return d.skip(p, tok)
	}
	var seen []string // the member names read, and where their quotes are
	var seenAt []int
	for d.dec.More() {
		// Only white space and a comma lie between the last token and
		// the name's opening quote.
		keyAt := int(d.dec.InputOffset())
		keyAt += bytes.IndexByte(d.data[keyAt:], '"')
		tok, err := d.token(p)
		if err != nil {
			return err
		}
		name := tok.(string) // a member name, or Token would have failed
		at := p.Key(name)
		known := slices.Contains(names, name)
		switch first := slices.Index(seen, name); {
		case first >= 0:
			if d.lines == nil {
				d.lines = jsonlex.NewLines(d.data)
			}
			also := jsonlex.At(d.lines.Position(seenAt[first]))
			d.errs.Add(at, fmt.Errorf("%w: %w", ErrInvalidCatalog, field.Duplicate(nil, fmt.Sprintf("member %q", name), also)))
			known = false
		case !known:
			hint := ""
			for _, n := range names {
				if strings.EqualFold(n, name) {
					hint = fmt.Sprintf(" (names are case-sensitive: %q)", n)
				}
			}
			d.bad(at, "unknown member %q%s", name, hint)
		}
		seen, seenAt = append(seen, name), append(seenAt, keyAt)
		if known {
			err = member(name, at)
		} else {
			var v json.Token
			if v, err = d.token(at); err == nil {
				err = d.skip(at, v)
			}
		}
		if err != nil {
			return err
		}
	}
	_, err = d.token(p) // '}'
	return err
}

// str reads a string at p into *s, and reports whether there was one.
func (d *decoder) str(p field.Path, s *string) (bool, error) {
	tok, err := d.token(p)
	if err != nil {
		return false, err
	}
	v, ok := tok.(string)
	if !ok {
		d.bad(p, "want a string, got %s", describe(tok))
		return false, d.skip(p, tok)
	}
	*s = v
	return true, nil
}

// text is str for a member whose absence needs no note.
func (d *decoder) text(p field.Path, s *string) error {
	_, err := d.str(p, s)
	return err
}

// decodeRegions reads the JSON form of a catalog strictly.
func decodeRegions(data []byte) ([]Region, error) {
	d := &decoder{dec: json.NewDecoder(bytes.NewReader(data)), data: data}
	var regions []Region
	err := d.array("", func(p field.Path) error {
		var r Region
		defer func() { regions = append(regions, r) }()
		return d.object(p, []string{"id", "name", "zones"}, func(name string, at field.Path) error {
			switch name {
			case "id":
				return d.text(at, &r.ID)
			case "name":
				return d.text(at, &r.Name)
			}
			return d.array(at, func(p field.Path) error {
				var z Zone
				defer func() { r.Zones = append(r.Zones, z) }()
				return d.object(p, []string{"id", "regionId", "reserved"}, func(name string, at field.Path) error {
					switch name {
					case "id":
						return d.text(at, &z.ID)
					case "regionId":
						return d.text(at, &z.RegionID)
					}
					return d.array(at, func(p field.Path) error {
						var s string
						ok, err := d.str(p, &s)
						if err != nil {
							return err
						}
						b, perr := netip.ParsePrefix(s)
						if ok && perr != nil {
							d.bad(p, "%v", perr)
						}
						z.Reserved = append(z.Reserved, b)
						return nil
					})
				})
			})
		})
	})
	if err == nil {
		if tok, terr := d.dec.Token(); terr != io.EOF {
			d.bad("", "data after the catalog at offset %d (%v)", d.dec.InputOffset(), describeTrailing(tok, terr))
		}
	}
	return regions, d.errs.Err()
}

func describeTrailing(tok json.Token, err error) string {
	if err != nil {
		return err.Error()
	}
	return describe(tok)
}

// Command reserved answers questions about the CIDR blocks that API Gateway
// VPC integration instances reserve in each zone (the document's table,
// updated 2026-01-09).
//
// Usage:
//
//	go run ./examples/reserved 172.20.0.0/16       # where would this block conflict?
//	go run ./examples/reserved -region cn-hangzhou  # a region's table
//	go run ./examples/reserved                      # every region, with its zone count
//
// Exit status: 0 when the block conflicts nowhere (or for a table), 1 when
// it conflicts in some zone, 2 for bad input or usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vpcgate/vpcgate/cidr"
	"github.com/vpcgate/vpcgate/zones"
)

func main() {
	os.Exit(exitCode(run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// errConflicts is run's answer when the block conflicts (exit status 1).
var errConflicts = errors.New("the block conflicts with reserved blocks")

func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errConflicts):
		return 1
	}
	fmt.Fprintln(stderr, "reserved:", err)
	return 2
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reserved", flag.ContinueOnError)
	fs.SetOutput(stderr)
	region := fs.String("region", "", "print the reserved blocks of the region with this ID, such as cn-hangzhou")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: reserved [-region ID] [CIDR]\n\nWith a CIDR block, lists the zones where a vSwitch with that block would conflict\nwith the blocks VPC integration instances reserve. With -region, prints the\nregion's table. With neither, lists the regions. Source: the table updated", zones.Updated)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	c := zones.Default()
	switch {
	case fs.NArg() > 1:
		return fmt.Errorf("want at most one CIDR block, got %q", fs.Args())
	case *region != "":
		r, err := c.Region(*region)
		if err != nil {
			return fmt.Errorf("%w (run without arguments to list the regions)", err)
		}
		fmt.Fprintf(stdout, "%s (%s): %d zone(s), table of %s\n", r.Name, r.ID, len(r.Zones), zones.Updated)
		for _, z := range r.Zones {
			fmt.Fprintf(stdout, "  %-24s %s\n", z.ID, joinPrefixes(z.Reserved))
		}
		return nil
	case fs.NArg() == 0:
		fmt.Fprintf(stdout, "regions with VPC integration instances (table of %s):\n", zones.Updated)
		for _, r := range c.Regions() {
			fmt.Fprintf(stdout, "  %-24s %-32s %d zone(s)\n", r.ID, r.Name, len(r.Zones))
		}
		return nil
	}
	p, err := cidr.ParsePrefix(fs.Arg(0))
	if err != nil {
		return err
	}
	if !p.Addr().Is4() {
		return fmt.Errorf("%s: vSwitch blocks are IPv4, and no zone reserves IPv6 blocks", p)
	}
	hits := c.Conflicting(p)
	if len(hits) == 0 {
		fmt.Fprintf(stdout, "%s conflicts with no reserved block in any of the %d zones\n", p, len(c.Zones()))
		return nil
	}
	fmt.Fprintf(stdout, "%s conflicts in %d of %d zones:\n", p, len(hits), len(c.Zones()))
	for _, z := range hits {
		var which []string
		for _, r := range z.Reserved {
			if r.Overlaps(p) {
				which = append(which, r.String())
			}
		}
		fmt.Fprintf(stdout, "  %-24s %s\n", z.ID, strings.Join(which, ", "))
	}
	return errConflicts
}

func joinPrefixes[T fmt.Stringer](ps []T) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

// Command preflight checks a whole plan for an API Gateway VPC integration
// instance before anything touches the cloud, and prints a report a person
// can act on: every problem with where it is, what is wrong, the rule from
// the document, and what to do.
//
// Usage:
//
//	go run ./examples/preflight              # check the embedded sample plan
//	go run ./examples/preflight plan.json    # check a plan file
//	go run ./examples/preflight - < plan.json
//	go run ./examples/preflight -json plan.json
//
// Exit status: 0 when the plan passes (warnings allowed), 1 when it has
// problems, 2 for bad input or usage, with a message that names the file
// and the JSON path or line.
//
// # The plan
//
// A plan is one JSON object. Field names are lowerCamel, as in the cloud's
// API; unknown fields are errors, so that a typo cannot silently drop a
// rule. CIDR blocks are strings in canonical form ("10.0.0.0/24"; host bits,
// zones and IPv4-mapped forms are errors).
//
//	{
//	  "comment": "free text, ignored",
//	  "instance": {                         // the purchase form
//	    "id": "apigw-1",                    // optional; the planned instance's ID
//	    "name": "gw-prod", "regionId": "cn-hangzhou", "vpcId": "vpc-1",
//	    "cidr": "192.168.0.0/16",           // 192.168.0.0/16 or 172.16.0.0/12
//	    "zones": [{"zoneId": "cn-hangzhou-j", "vSwitchId": "vsw-1",
//	               "vSwitchCidr": "10.0.1.0/24", "securityGroupId": "sg-1"}]
//	  },
//	  "vpc": {"id": "vpc-1", "cidrs": ["10.0.0.0/16"], "connected": ["10.200.0.0/16"]},
//	  "accessible": ["10.0.8.0/22"],        // blocks to add beyond the vSwitches'
//	  "authorizations": [{"name": "orders", "vpcId": "vpc-1",
//	    "instanceId": "i-1 or 10.0.1.5", "addr": "10.0.1.5", "port": 80,
//	    "hostName": "", "backend": "ECS|CLB|SLB", "securityGroupId": "sg-1"}],
//	  "securityGroups": [{"id": "sg-1", "intraGroup": true, "egress": ["10.0.8.0/22"]}],
//	  "groups": [{"id": "g-1", "name": "shop", "regionId": "cn-hangzhou",
//	    "instance": {"id": "apigw-shared", "kind": "serverless|dedicated|vpc-integration", "regionId": "cn-hangzhou"},
//	    "apis": [{"id": "api-1", "name": "GetOrder", "vpcAccess": "orders"}],
//	    "plugins": [{"id": "plg-1", "name": "routing", "type": "routing", "vpcAccess": ["orders"]}],
//	    "dataWorks": false}]
//	}
//
// # What is checked
//
// The instance spec (every problem, by field; for a vSwitch that conflicts,
// a block that would work), that each vSwitch lies in the VPC, the extra
// accessible blocks, each authorization against the instance (and the
// outbound rules of the instance's security groups, when securityGroups
// describes them), and each group's move to the instance.
//
// # JSON output
//
// With -json the report is one object: "plan" (what was checked), "ok",
// "problems" and "warnings" (counts), and "sections", each with "subject",
// "passed" (lines), "problems" and "warnings" (items with "code", "where",
// "what", "why" and "fix"). These names are stable.
package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

//go:embed sample.json
var samplePlan []byte

func main() {
	os.Exit(exitCode(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

// exitCode maps run's result to the exit status, printing what the user
// must know about a bad input or usage.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errProblems):
		return 1
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	fmt.Fprintln(stderr, "preflight:", err)
	return 2
}

// errProblems is run's answer when the plan has problems (exit status 1).
var errProblems = errors.New("the plan has problems")

const usage = `usage: preflight [-json] [plan.json | -]

Checks a plan for an API Gateway VPC integration instance and prints a report.
With no argument it checks an embedded sample plan; with a file name it checks
that file; with - it reads the plan from standard input. The plan's format is
described in the package documentation: go doc ./examples/preflight

Exit status: 0 all clear (warnings allowed), 1 problems found, 2 bad input or usage.

Flags:
`

// run is the whole program; main only maps its result to an exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return fmt.Errorf("want at most one plan, got %d arguments", fs.NArg())
	}

	name, data := "embedded sample plan", samplePlan
	switch arg := fs.Arg(0); arg {
	case "":
		if !*asJSON {
			fmt.Fprintln(stdout, "preflight: checking the embedded sample plan (pass a plan file, or - for standard input, to check yours; -h for help)")
		}
	case "-":
		name = "standard input"
		b, err := io.ReadAll(stdin)
		if err != nil {
			return fmt.Errorf("reading standard input: %w", err)
		}
		data = b
	default:
		name = arg
		b, err := os.ReadFile(arg)
		if err != nil {
			return err
		}
		data = b
	}

	p, errs := decodePlan(data)
	var parsedPlan parsed
	if len(errs) == 0 {
		parsedPlan, errs = p.convert()
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(stderr, "preflight: %s: %v\n", name, e)
		}
		return fmt.Errorf("%s: %d input error(s); nothing was checked", name, len(errs))
	}

	r := check(name, parsedPlan)
	var err error
	if *asJSON {
		err = writeJSON(stdout, r)
	} else {
		fmt.Fprintf(stdout, "plan: %s\n", name)
		err = writeText(stdout, r)
	}
	if err != nil {
		return err
	}
	if !r.OK {
		return errProblems
	}
	return nil
}

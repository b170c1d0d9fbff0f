// Command preflight checks a whole plan for API Gateway VPC integration
// instances before anything touches the cloud, and prints a report a person
// can act on: every problem with where it is, what is wrong, the rule from
// the document, and what to do. The work is done by the library
// (vpcgate.ParsePlan and vpcgate.Check); this program reads files and prints.
//
// Usage:
//
//	preflight                       # check the embedded sample plan
//	preflight plan.json             # check a plan file (see package vpcgate for its format)
//	preflight - < plan.json         # read the plan from standard input
//	preflight plan.json -json       # the report as JSON (flags may come after the file)
//	preflight -strict plan.json     # unverified findings count as problems
//	preflight -responses DIR -move g-shop=apigw-1   # a move, against saved OpenAPI responses
//	preflight -terraform plan.json  # a Terraform plan (terraform show -json), - for stdin
//
// Exit status: 0 when the plan passes (warnings allowed), 1 when it has
// problems, 2 for bad input or usage, with a message that names the file,
// the JSON path and the line. ("go run" reports every non-zero status as 1;
// build the program to see 2.)
package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpcgate/vpcgate"
)

//go:embed sample.json
var samplePlan []byte

func main() {
	os.Exit(exitCode(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr))
}

// errProblems is run's answer when the plan has problems (exit status 1).
var errProblems = errors.New("the plan has problems")

// errReported is bad input already printed (exit status 2).
var errReported = errors.New("bad input")

// exitCode maps run's result to the exit status, printing what the user
// must know about a bad input or usage.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errProblems):
		return 1
	case errors.Is(err, errReported):
		return 2
	}
	fmt.Fprintln(stderr, "preflight:", vpcgate.Escape(err.Error()))
	return 2
}

const usage = `usage: preflight [-json] [-strict] [plan.json | -]
       preflight [-json] [-strict] -responses DIR -move GROUP=INSTANCE [-move ...]
       preflight [-json] [-strict] -terraform FILE|-

Checks a plan for API Gateway VPC integration instances and prints a report.
With no argument it checks an embedded sample plan; with a file name it checks
that file; with - it reads standard input. The plan's format is documented in
package vpcgate: go doc github.com/vpcgate/vpcgate Plan

With -responses it reads every *.json file of DIR, each a response body the
cloud's CLI saved (aliyun cloudapi DescribeInstances, DescribeVpcAccesses,
DescribeApi, ...; the README lists them), names findings by file, lists on
standard error the entries it skips, and checks the moves given with -move.
With -terraform it reads the JSON of "terraform show -json PLANFILE" and
checks its alicloud resources.

Exit status: 0 all clear (warnings allowed), 1 problems found, 2 bad input or usage.

Flags:
`

type options struct {
	json, strict         bool
	responses, terraform string
	moves                moveList
	args                 []string
}

// moveList is the repeatable -move flag.
type moveList []vpcgate.Move

func (m *moveList) String() string { return fmt.Sprint(*m) }

func (m *moveList) Set(s string) error {
	mv, err := vpcgate.ParseMove(s)
	if err != nil {
		return err
	}
	*m = append(*m, mv)
	return nil
}

// parseArgs reads flags before and after the file name.
func parseArgs(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.json, "json", false, "print the report (and input errors) as JSON")
	fs.BoolVar(&o.strict, "strict", false, "count unverified findings as problems")
	fs.StringVar(&o.responses, "responses", "", "check moves against the OpenAPI responses saved in `DIR` (one *.json body each)")
	fs.Var(&o.moves, "move", "a move to check with -responses, `GROUP=INSTANCE`; repeatable")
	fs.StringVar(&o.terraform, "terraform", "", "check the Terraform plan in `FILE` (terraform show -json; - for standard input)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	for {
		if err := fs.Parse(args); err != nil {
			return o, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return o, nil
		}
		o.args = append(o.args, args[0])
		args = args[1:]
	}
}

// run is the whole program; main only maps its result to an exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	name, p, err := readPlan(o, stdin, stdout, stderr)
	if err != nil {
		if errors.Is(err, errInput) {
			return inputErrors(vpcgate.NewInputReport(name, errors.Unwrap(err)), o.json, stdout, stderr)
		}
		if o.json { // the file or directory cannot be read: still JSON, the file named as where
			r := vpcgate.NewInputReport(name, nil)
			r.InputErrors = []vpcgate.InputProblem{{Where: name, What: err.Error()}}
			return inputErrors(r, true, stdout, stderr)
		}
		return err
	}
	r := vpcgate.Check(p, vpcgate.Options{Strict: o.strict})
	r.Plan = name
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		fmt.Fprintf(stdout, "plan: %s\n", vpcgate.Escape(name))
		err = r.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if !r.OK {
		return errProblems
	}
	return nil
}

// errInput wraps what the library says of input it cannot read.
var errInput = errors.New("input errors")

type inputErr struct{ err error }

func (e inputErr) Error() string        { return e.err.Error() }
func (e inputErr) Unwrap() error        { return e.err }
func (e inputErr) Is(target error) bool { return target == errInput }

// readPlan reads the plan the options name: the embedded sample, a plan
// file, saved OpenAPI responses, or a Terraform plan.
func readPlan(o options, stdin io.Reader, stdout, stderr io.Writer) (string, vpcgate.Plan, error) {
	read := func(arg string) (string, []byte, error) {
		if arg == "-" {
			b, err := io.ReadAll(stdin)
			if err != nil {
				return "standard input", nil, fmt.Errorf("reading standard input: %w", err)
			}
			return "standard input", b, nil
		}
		b, err := os.ReadFile(arg)
		return arg, b, err
	}
	sources := len(o.args)
	if o.responses != "" {
		sources++
	}
	if o.terraform != "" {
		sources++
	}
	switch {
	case sources > 1:
		return "", vpcgate.Plan{}, fmt.Errorf("want one plan (a file, -responses or -terraform), got %d", sources)
	case len(o.moves) > 0 && o.responses == "":
		return "", vpcgate.Plan{}, errors.New("-move needs -responses")
	case o.responses != "":
		if len(o.moves) == 0 {
			return "", vpcgate.Plan{}, errors.New("-responses needs at least one -move GROUP=INSTANCE")
		}
		docs, err := readResponses(o.responses, stderr)
		if err != nil {
			return o.responses, vpcgate.Plan{}, err
		}
		name := fmt.Sprintf("%s (%d responses), moves %v", o.responses, len(docs), strings.Trim(o.moves.String(), "[]"))
		snap, err := vpcgate.ReadNamedResponses(docs...)
		if err != nil {
			return name, vpcgate.Plan{}, inputErr{err}
		}
		p, err := snap.Plan(o.moves...)
		if err != nil {
			return name, vpcgate.Plan{}, inputErr{err}
		}
		return name, p, nil
	case o.terraform != "":
		name, data, err := read(o.terraform)
		if err != nil {
			return name, vpcgate.Plan{}, err
		}
		p, err := vpcgate.ReadTerraformPlan(data)
		if err != nil {
			return name, vpcgate.Plan{}, inputErr{err}
		}
		return name, p, nil
	case len(o.args) == 0:
		if !o.json {
			fmt.Fprintln(stdout, "preflight: checking the embedded sample plan (pass a plan file, or - for standard input, to check yours; -h for help)")
		}
		p, err := vpcgate.ParsePlan(samplePlan)
		return "embedded sample plan", p, err
	}
	name, data, err := read(o.args[0])
	if err != nil {
		return name, vpcgate.Plan{}, err
	}
	p, err := vpcgate.ParsePlan(data)
	if err != nil {
		if vpcgate.IsTerraformPlan(data) {
			return name, vpcgate.Plan{}, fmt.Errorf("%s is a Terraform plan (the JSON of terraform show -json), not a vpcgate plan: add -terraform, as in: preflight -terraform %s", name, o.args[0])
		}
		return name, vpcgate.Plan{}, inputErr{err}
	}
	return name, p, nil
}

// readResponses reads every *.json file of dir, named by its file name,
// in name order, and lists on stderr the entries it skips (sub-directories
// and files of other names), so that no saved response is left out
// unnoticed.
func readResponses(dir string, stderr io.Writer) ([]vpcgate.NamedResponse, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("-responses %s: no such directory", dir)
	case err != nil:
		return nil, fmt.Errorf("-responses %s: %w", dir, err)
	}
	var docs []vpcgate.NamedResponse
	var skipped []string
	for _, e := range entries { // sorted by name
		switch {
		case e.IsDir():
			skipped = append(skipped, e.Name()+"/ (a directory)")
		case !strings.HasSuffix(e.Name(), ".json"):
			skipped = append(skipped, e.Name()+" (not .json)")
		default:
			body, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			docs = append(docs, vpcgate.NamedResponse{Name: e.Name(), Body: body})
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(stderr, "preflight: skipped in %s: %s\n", vpcgate.Escape(dir), vpcgate.Escape(strings.Join(skipped, ", ")))
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("-responses %s: no *.json responses", dir)
	}
	return docs, nil
}

// inputErrors prints the report on a plan that cannot be read: JSON on
// standard output, or text on standard error, each line led by the
// program's name.
func inputErrors(r vpcgate.InputReport, asJSON bool, stdout, stderr io.Writer) error {
	if asJSON {
		if err := json.NewEncoder(stdout).Encode(r); err != nil {
			return err
		}
		return errReported
	}
	var text strings.Builder
	_ = r.WriteText(&text) // a strings.Builder does not fail
	for line := range strings.Lines(text.String()) {
		fmt.Fprint(stderr, "preflight: ", line)
	}
	return errReported
}

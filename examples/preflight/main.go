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
//	preflight -format sarif plan.json > vpcgate.sarif   # also json, github, junit
//	preflight -waivers waivers.json -fail-on warning plan.json
//	preflight -rules -lang zh       # the rules, in Chinese
//	preflight -fix plan p.json > fixed.json   # the remedies as a fixed plan (also terraform, cli); the report on stderr
//
// Exit status: 0 when the plan passes (warnings allowed), 1 when it has
// problems (or what -fail-on names), 2 for bad input or usage, with a
// message that names the file, the JSON path and the line. ("go run"
// reports every non-zero status as 1; build the program to see 2.)
package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

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

const usage = `usage: preflight [flags] [plan.json | -]
       preflight [flags] -responses DIR -move GROUP=INSTANCE [-move ...]
       preflight [flags] -terraform FILE|-
       preflight -rules [-format json] [-lang zh]
       preflight -version

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

-fix writes the remedies (the least changes that clear the fixable findings)
to standard output as plan (the whole fixed plan, JSON), terraform
(alicloud_security_group_rule resources, to_connect_vpc_ip_block, ...) or cli
(aliyun calls, one a line), and the report to standard error:
preflight -fix plan p.json > fixed.json. The exit status is the report's.

-format prints the report as text, json, sarif (SARIF 2.1.0, for code
scanning), github (GitHub Actions annotations) or junit (JUnit XML). -waivers
reads a file of accepted findings, each with a reason and an optional expiry:
{"waivers": [{"code": "egress-change", "where": "groups[0]*", "reason": "...",
"expires": "2027-03-31", "owner": "..."}]}.

Exit status: 0 all clear (warnings allowed), 1 problems found (or what
-fail-on names: error, the default; warning; unverified, as -strict; none),
2 bad input or usage.

Flags:
`

type options struct {
	json, strict, quiet, rules, version bool
	responses, terraform, waivers       string
	format, failOn, lang, fix           string
	moves                               moveList
	args                                []string
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
	fs.BoolVar(&o.json, "json", false, "print the report (and input errors) as JSON: -format json")
	fs.BoolVar(&o.strict, "strict", false, "count unverified findings as problems (fails as -fail-on unverified)")
	fs.StringVar(&o.format, "format", "text", "print the report as `text`, json, sarif, github or junit")
	fs.StringVar(&o.waivers, "waivers", "", "silence the findings that the waivers in `FILE` accept (JSON)")
	fs.StringVar(&o.failOn, "fail-on", "error", "exit 1 on `LEVEL`: error (problems), warning, unverified, or none")
	fs.StringVar(&o.lang, "lang", "en", "write rule texts and fixed words in `LANG`: en or zh")
	fs.BoolVar(&o.quiet, "quiet", false, "print problems and warnings only, not what passed")
	fs.BoolVar(&o.rules, "rules", false, "print the rules (a table, or JSON with -format json) and exit")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
	fs.StringVar(&o.responses, "responses", "", "check moves against the OpenAPI responses saved in `DIR` (one *.json body each)")
	fs.Var(&o.moves, "move", "a move to check with -responses, `GROUP=INSTANCE`; repeatable")
	fs.StringVar(&o.fix, "fix", "", "write the remedies to standard output as `FORM`: plan, terraform or cli (the report goes to standard error)")
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

// settings are the options checked and parsed into the library's values.
type settings struct {
	fix    vpcgate.FixFormat // "" when -fix is not given
	format vpcgate.Format
	gate   vpcgate.Gate
	strict bool // Options.Strict: -strict, or -fail-on unverified
	write  vpcgate.WriteOptions
}

// settle checks the options that name values and turns them into the
// library's.
func settle(o options) (settings, error) {
	var s settings
	var err error
	if o.json {
		if o.format != "text" && o.format != "json" {
			return s, fmt.Errorf("-json is -format json, and -format is %q", o.format)
		}
		o.format = "json"
	}
	if s.format, err = vpcgate.ParseFormat(o.format); err != nil {
		return s, fmt.Errorf("-format: %w", err)
	}
	if s.gate, err = vpcgate.ParseGate(o.failOn); err != nil {
		return s, fmt.Errorf("-fail-on: %w", err)
	}
	if o.strict && s.gate == vpcgate.GateError {
		s.gate = vpcgate.GateUnverified
	}
	// -fail-on unverified is -strict: the report says what the exit
	// status does (its unverified findings are problems, "ok" false).
	s.strict = o.strict || s.gate == vpcgate.GateUnverified
	if o.fix != "" {
		if s.fix, err = vpcgate.ParseFixFormat(o.fix); err != nil {
			return s, fmt.Errorf("-fix: %w", err)
		}
	}
	if s.write.Lang, err = vpcgate.ParseLang(o.lang); err != nil {
		return s, fmt.Errorf("-lang: %w", err)
	}
	s.write.Quiet, s.write.Version = o.quiet, version()
	return s, nil
}

// run is the whole program; main only maps its result to an exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	o, err := parseArgs(args, stderr)
	if err != nil {
		return err
	}
	s, err := settle(o)
	if err != nil {
		return err
	}
	switch {
	case o.version:
		_, err := fmt.Fprintln(stdout, "preflight", version())
		return err
	case o.rules:
		return vpcgate.WriteRules(stdout, s.format, s.write.Lang)
	}
	// With -fix, standard output is the remedies' and everything else goes
	// to standard error.
	out := stdout
	if s.fix != "" {
		out = stderr
	}
	var waivers []vpcgate.Waiver
	if o.waivers != "" {
		data, err := os.ReadFile(o.waivers)
		if err == nil {
			waivers, err = vpcgate.ParseWaivers(o.waivers, data)
			if err != nil {
				err = inputErr{err}
			}
		}
		if err != nil {
			return badInput(o.waivers, err, s, out, stderr)
		}
	}
	name, p, doc, docs, err := readPlan(o, stdin, out, stderr, s.format)
	if err != nil {
		return badInput(name, err, s, out, stderr)
	}
	r := vpcgate.Check(p, vpcgate.Options{Strict: s.strict, Waivers: waivers, Today: time.Now()})
	r.Plan = name
	switch file := planFile(o); {
	case o.responses != "":
		r.LocateResponses(o.responses, docs...)
	case file == "":
	case o.terraform != "":
		r.LocateTerraform(file, doc)
	default:
		r.Locate(file, doc)
	}
	if err := r.Write(out, s.format, s.write); err != nil {
		return err
	}
	if s.fix != "" {
		if err := r.WriteFix(stdout, s.fix); err != nil {
			return err
		}
	}
	if r.Fails(s.gate) {
		return errProblems
	}
	return nil
}

// planFile names the file the plan was read from, for the findings'
// locations: none for the embedded sample, standard input and a directory
// of responses.
func planFile(o options) string {
	switch {
	case o.responses != "":
		return ""
	case o.terraform != "":
		if o.terraform == "-" {
			return ""
		}
		return o.terraform
	case len(o.args) == 1 && o.args[0] != "-":
		return o.args[0]
	}
	return ""
}

// badInput prints what could not be read: the library's report on it in
// the chosen format, or, for a file that cannot be opened, the error.
func badInput(name string, err error, s settings, stdout, stderr io.Writer) error {
	var r vpcgate.InputReport
	switch {
	case errors.Is(err, errInput):
		r = vpcgate.NewInputReport(name, errors.Unwrap(err))
	case s.format == vpcgate.FormatText:
		return err
	default: // the file or directory cannot be read: still the format, the file named as where
		r = vpcgate.NewInputReport(name, nil)
		r.InputErrors = []vpcgate.InputProblem{{Where: name, What: err.Error()}}
	}
	if s.format != vpcgate.FormatText {
		if err := r.Write(stdout, s.format, s.write); err != nil {
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

// version returns the module's version and VCS revision from the build
// information, such as "v1.2.0" or "(devel) rev 1a2b3c4d5e6f (modified)".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		}
	}
	if rev != "" {
		v += " rev " + rev + modified
	}
	return v
}

// errInput wraps what the library says of input it cannot read.
var errInput = errors.New("input errors")

type inputErr struct{ err error }

func (e inputErr) Error() string        { return e.err.Error() }
func (e inputErr) Unwrap() error        { return e.err }
func (e inputErr) Is(target error) bool { return target == errInput }

// readPlan reads the plan the options name: the embedded sample, a plan
// file, saved OpenAPI responses, or a Terraform plan.
func readPlan(o options, stdin io.Reader, stdout, stderr io.Writer, format vpcgate.Format) (string, vpcgate.Plan, []byte, []vpcgate.NamedResponse, error) {
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
		return "", vpcgate.Plan{}, nil, nil, fmt.Errorf("want one plan (a file, -responses or -terraform), got %d", sources)
	case len(o.moves) > 0 && o.responses == "":
		return "", vpcgate.Plan{}, nil, nil, errors.New("-move needs -responses")
	case o.responses != "":
		if len(o.moves) == 0 {
			return "", vpcgate.Plan{}, nil, nil, errors.New("-responses needs at least one -move GROUP=INSTANCE")
		}
		docs, err := readResponses(o.responses, stderr)
		if err != nil {
			return o.responses, vpcgate.Plan{}, nil, nil, err
		}
		name := fmt.Sprintf("%s (%d responses), moves %v", o.responses, len(docs), strings.Trim(o.moves.String(), "[]"))
		snap, err := vpcgate.ReadNamedResponses(docs...)
		if err != nil {
			return name, vpcgate.Plan{}, nil, nil, inputErr{err}
		}
		p, err := snap.Plan(o.moves...)
		if err != nil {
			return name, vpcgate.Plan{}, nil, nil, inputErr{err}
		}
		return name, p, nil, docs, nil
	case o.terraform != "":
		name, data, err := read(o.terraform)
		if err != nil {
			return name, vpcgate.Plan{}, nil, nil, err
		}
		p, err := vpcgate.ReadTerraformPlan(data)
		if err != nil {
			return name, vpcgate.Plan{}, nil, nil, inputErr{err}
		}
		return name, p, data, nil, nil
	case len(o.args) == 0:
		if format == vpcgate.FormatText {
			fmt.Fprintln(stdout, "preflight: checking the embedded sample plan (pass a plan file, or - for standard input, to check yours; -h for help)")
		}
		p, err := vpcgate.ParsePlan(samplePlan)
		return "embedded sample plan", p, nil, nil, err
	}
	name, data, err := read(o.args[0])
	if err != nil {
		return name, vpcgate.Plan{}, nil, nil, err
	}
	p, err := vpcgate.ParsePlan(data)
	if err != nil {
		if vpcgate.IsTerraformPlan(data) {
			return name, vpcgate.Plan{}, nil, nil, fmt.Errorf("%s is a Terraform plan (the JSON of terraform show -json), not a vpcgate plan: add -terraform, as in: preflight -terraform %s", name, o.args[0])
		}
		return name, vpcgate.Plan{}, nil, nil, inputErr{err}
	}
	return name, p, data, nil, nil
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

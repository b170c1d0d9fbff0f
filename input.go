package vpcgate

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/problem"
	"github.com/vpcgate/vpcgate/internal/report"
)

// InputProblem is one reason why a plan could not be read: where the
// problem is and what is wrong, as [ParsePlan], [ReadResponses],
// [Snapshot.Plan] and [ReadTerraformPlan] report it. Its JSON form is
//
//	{"where": "authorizations[0].addr", "line": 4, "column": 12, "what": "..."}
//
// with line and column left out when they are not known, and "file" added
// when the problem's document has a name of its own (read with
// [ReadNamedResponses]).
type InputProblem struct {
	// File names the document the problem is in, when the reader was given
	// names; empty otherwise. Line and Column count in that document.
	File string `json:"file,omitempty"`
	// Where is the place of the problem, as a [Finding]'s Where is: a JSON
	// path into the plan ("authorizations[0].addr"), a Terraform resource
	// address and attribute, or an OpenAPI response and the JSON path in
	// it ("DescribeVpcAccesses[0].RequestId"). It is empty for the
	// document itself and for a problem that names no place.
	Where string `json:"where"`
	// Line is the problem's line in the document, counting from 1; 0 when
	// not known (a move, or responses that disagree, lie in no document).
	Line int `json:"line,omitempty"`
	// Column is the problem's column in its line, counting characters
	// (Unicode code points) from 1, as a Finding's Column does;
	// 0 when not known.
	Column int `json:"column,omitempty"`
	// What says what is wrong, without the place: the message of the
	// error behind the problem.
	What string `json:"what"`
}

// String returns the problem as one message, the way the error it came from
// prints: "where (line L, column C): what", with the position left out
// when Line and Column are 0, and "where: " left out when Where is empty.
// The text is not escaped; see [Escape].
func (p InputProblem) String() string { return problem.Placed(p.Where, p.Line, p.Column, p.What) }

// InputProblems returns one [InputProblem] per problem in err, in order,
// so that a program can print the problems of a plan that could not be read
// or send them as JSON. err is split into its problems with [field.Split]
// (every [errors.Join], however nested), and each problem becomes:
//
//   - an [*InputError] (what [ParsePlan], [ReadResponses],
//     [ReadNamedResponses], [Snapshot.Plan] and [ReadTerraformPlan]
//     report) or a [*WaiverError] (what [ParseWaivers] reports): its file,
//     path, line and column, and the message of its Err;
//   - a [*field.Error] (what the packages' validators report): its path
//     and the message of its Err;
//     a [*field.Error] whose Err is another [*field.Error] or an
//     [*InputError] gives the paths joined ("a" and "b[1]" give "a.b[1]"),
//     with the position of the InputError (at most 64 nested field
//     errors are taken apart; what lies deeper stays in What);
//   - anything else, including an error that wraps one of the above with
//     more words (fmt.Errorf("reading x: %w", err)): an empty Where and the
//     whole message as What, so that no word of it is lost.
//
// A nil error gives nil. A nil error inside (an InputError whose Err is
// nil, a typed nil pointer) gives the message "<nil>", and an Error method
// that panics gives what fmt prints for it, never a panic. Messages are not
// escaped: use [Escape] to print them for a person. The cost is linear in
// the size of err's tree; the result is new on each call.
func InputProblems(err error) []InputProblem {
	parts := field.Split(err)
	if len(parts) == 0 {
		return nil
	}
	out := make([]InputProblem, len(parts))
	for i, e := range parts {
		out[i] = inputProblem(e)
	}
	return out
}

// inputProblem describes one problem, taking apart the field errors and
// the input error it is made of.
func inputProblem(err error) InputProblem {
	var buf [4]field.Path // most problems nest no deeper
	paths, err := problem.Unwrap(err, buf[:0])
	if e, ok := err.(*InputError); ok && e != nil {
		return InputProblem{File: e.File, Where: problem.Join(append(paths, e.Path)), Line: e.Line, Column: e.Column, What: problem.Message(e.Err)}
	}
	if e, ok := err.(*WaiverError); ok && e != nil {
		return InputProblem{Where: problem.Join(append(paths, e.Path)), Line: e.Line, Column: e.Column, What: problem.Message(e.Err)}
	}
	return InputProblem{Where: problem.Join(paths), What: problem.Message(err)}
}

// InputReport is the answer for a plan that could not be read, beside the
// [Report] of one that could: the plan's name and every problem of its
// input, so that a service and a command line say the same. Its JSON form
// is stable:
//
//	{"version": 1, "plan": "plan.json", "ok": false,
//	 "inputErrors": [{"where": "...", "line": 3, "column": 7, "what": "..."}]}
//
// An empty list is encoded as [] rather than null.
type InputReport struct {
	// Version is ReportVersion, as in a Report.
	Version int `json:"version"`
	// Plan says what could not be read, such as a file name.
	Plan string `json:"plan"`
	// OK is false in every report NewInputReport builds: nothing was
	// checked, so nothing passed.
	OK bool `json:"ok"`
	// InputErrors holds the problems of the input, in order.
	InputErrors []InputProblem `json:"inputErrors"`
}

// NewInputReport returns the report on plan, a name for what could not be
// read, whose reader returned err: Version ReportVersion, OK false, and
// [InputProblems] of err. A nil err gives a report with no problems, still
// not OK (nothing was checked).
func NewInputReport(plan string, err error) InputReport {
	return InputReport{Version: ReportVersion, Plan: plan, InputErrors: InputProblems(err)}
}

// MarshalJSON encodes the report in its versioned JSON form.
func (r InputReport) MarshalJSON() ([]byte, error) {
	type plain InputReport
	out := plain(r)
	if out.InputErrors == nil {
		out.InputErrors = []InputProblem{}
	}
	return json.Marshal(out)
}

// Summary returns the report's last line, such as "2 input error(s);
// nothing was checked".
func (r InputReport) Summary() string {
	return strconv.Itoa(len(r.InputErrors)) + " input error(s); nothing was checked"
}

// WriteText writes the report for a person: a line per problem, as
// [InputProblem.String] gives it, then the [InputReport.Summary], each line
// led by the plan's name and ": " (nothing when Plan is empty):
//
//	plan.json: instance (line 5, column 3): want an object, got a string
//	plan.json: 1 input error(s); nothing was checked
//
// Control and invisible formatting characters are escaped as [Escape] does,
// so that no name or message can forge a line or hide another. It returns
// the first write error.
func (r InputReport) WriteText(w io.Writer) error {
	return report.InputText(w, r.view())
}

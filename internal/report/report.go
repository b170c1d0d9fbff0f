// Package report writes a check's report in the forms people and tools
// read: text, SARIF 2.1.0, JUnit XML, GitHub Actions workflow commands,
// and the rule list as a table. It is the format half of the root's
// Report.Write and its siblings: the root decides what the report says and
// fills the plain view below (strings and ints, reasons and fixes already
// in the language written); this package turns that view into bytes.
//
// Every value taken from a plan is escaped where the form needs it
// (internal/escape for text and commands, encoding/json and encoding/xml
// for the structured forms), so that no value can forge a line, a command
// or an element. Nothing here does I/O beyond the writer it is given, and
// nothing keeps state.
package report

// The severities of findings and rules, as the root spells them.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note"
)

// Report is a check's report as the writers see it.
type Report struct {
	// Plan names what was checked.
	Plan string
	// Summary is the report's last line, in the language written.
	Summary string
	// Sections are the report's sections, in order.
	Sections []Section
}

// Section is what concerns one subject.
type Section struct {
	// Subject names what the section is about.
	Subject string
	// Passed holds a line for each check that passed.
	Passed []string
	// Problems and Warnings hold the section's findings.
	Problems, Warnings []Finding
	// Waived holds the findings that waivers silenced.
	Waived []Waived
}

// Finding is one problem or warning.
type Finding struct {
	// Code is the rule's code; Severity its severity ("" when not set).
	Code, Severity string
	// Unverified says the finding is of what could not be checked (the
	// root's CodeUnverified).
	Unverified bool
	// Where, What, Why and Fix say where and what is wrong, why it matters
	// and what to do; Why and Fix are in the language written.
	Where, What, Why, Fix string
	// Fingerprint identifies the finding across runs; "" when not known.
	Fingerprint string
	// File names the document of the finding's value; "" when not known.
	File string
	// Line and Column locate the value in File, counting from 1 (Column in
	// Unicode characters); 0 when not known.
	Line, Column int
}

// Waived is a finding that a waiver silenced, with the waiver's reason,
// owner and expiry date (the last two "" when not given).
type Waived struct {
	Finding
	// Reason, Owner and Expires are the waiver's.
	Reason, Owner, Expires string
}

// Rule is a rule of the rule list, with its texts in the language written.
type Rule struct {
	// Code and Severity are the rule's code and default severity.
	Code, Severity string
	// Title, Why and Fix are its texts.
	Title, Why, Fix string
}

// Options say how a report is written.
type Options struct {
	// Chinese writes the fixed words in Simplified Chinese; English
	// otherwise.
	Chinese bool
	// Quiet leaves out what passed: passed lines, sections with nothing
	// wrong, and waived findings.
	Quiet bool
	// Version is the tool's version, for SARIF's tool.driver.version;
	// left out when empty.
	Version string
}

// Input is the report on input that could not be read.
type Input struct {
	// Plan names what could not be read.
	Plan string
	// Summary is the report's last line.
	Summary string
	// Problems are the input's problems, in order.
	Problems []Problem
}

// Problem is one problem of an input.
type Problem struct {
	// Text is the problem as a line: where, the line and column, what.
	Text string
	// Where is the problem's JSON path; "" for the document.
	Where string
	// File names the document, when not the plan's; "" otherwise.
	File string
	// Line and Column locate the problem, counting from 1 (the column in
	// bytes); 0 when not known.
	Line, Column int
}

// toolName names the tool in every form.
const toolName = "vpcgate"

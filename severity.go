package vpcgate

import (
	"errors"
	"strconv"
)

// Severity is how much a finding matters: a problem is an error; a warning
// is a warning, or a note when it only informs. The values are SARIF's
// levels.
type Severity string

// The severities, from the most to the least severe.
const (
	// SeverityError is a problem: the cloud would refuse the plan.
	SeverityError Severity = "error"
	// SeverityWarning is something to act on that does not stop the plan,
	// or that could not be verified.
	SeverityWarning Severity = "warning"
	// SeverityNote is information, such as where a group could go.
	SeverityNote Severity = "note"
)

// Lang is a language of the report's fixed words and of the rules' texts.
// The zero value is English.
type Lang string

// The languages.
const (
	// English is the default language.
	English Lang = "en"
	// Chinese is Simplified Chinese.
	Chinese Lang = "zh"
)

// ParseLang returns the language s names: "en" or "zh" (also "zh-CN" and
// "zh-Hans"); anything else is an error that lists them.
func ParseLang(s string) (Lang, error) {
	switch s {
	case "en", "":
		return English, nil
	case "zh", "zh-CN", "zh-Hans", "zh-cn", "zh-hans":
		return Chinese, nil
	}
	return "", usageError("language", s, "en, zh")
}

func usageError(what, s, want string) error {
	return errors.New(what + " " + strconv.Quote(s) + ": want one of " + want)
}

// Gate says which findings fail a report, for the exit status of a CI job:
// [Report.Fails] applies it. Waived findings never fail a report.
type Gate string

// The gates, from the strictest to the most lenient.
const (
	// GateWarning fails on a problem, or on a warning whose severity is
	// warning (a note does not fail).
	GateWarning Gate = "warning"
	// GateUnverified fails on a problem or an unverified finding, as
	// Options.Strict does.
	GateUnverified Gate = Gate(CodeUnverified)
	// GateError fails on a problem: the default.
	GateError Gate = "error"
	// GateNone never fails a report.
	GateNone Gate = "none"
)

// ParseGate returns the gate s names: "error", "warning", "unverified" or
// "none"; anything else is an error that lists them.
func ParseGate(s string) (Gate, error) {
	switch g := Gate(s); g {
	case GateError, GateWarning, GateUnverified, GateNone:
		return g, nil
	}
	return "", usageError("gate", s, "error, warning, unverified, none")
}

// Fails reports whether the report fails gate g: with GateError when it
// has a problem, with GateUnverified also when it has an unverified
// warning, with GateWarning also when it has a warning of severity
// warning, and never with GateNone. Waived findings count for no gate. An
// unknown gate fails every report, so that a typo never passes a job.
func (r Report) Fails(g Gate) bool {
	switch g {
	case GateNone:
		return false
	case GateError, GateUnverified, GateWarning:
	default:
		return true
	}
	if r.Problems > 0 || !r.OK {
		return true
	}
	if g == GateError {
		return false
	}
	for _, s := range r.Sections {
		for _, f := range s.Warnings {
			if f.Code == CodeUnverified || g == GateWarning && f.Severity != SeverityNote {
				return true
			}
		}
	}
	return false
}

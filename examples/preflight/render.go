package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// writeText prints the report for a person: one block per subject, each
// problem with where, what, why and what to do, warnings apart, and a
// one-line summary.
func writeText(w io.Writer, r report) error {
	var b strings.Builder
	for _, s := range r.Sections {
		fmt.Fprintf(&b, "\n== %s\n", s.Subject)
		for _, p := range s.Passed {
			fmt.Fprintf(&b, "   ok    %s\n", p)
		}
		for _, it := range s.Problems {
			writeItem(&b, "FAIL", it)
		}
		for _, it := range s.Warnings {
			writeItem(&b, "WARN", it)
		}
	}
	b.WriteString("\n")
	b.WriteString(summary(r))
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeItem(b *strings.Builder, tag string, it item) {
	fmt.Fprintf(b, "   %s  %s  [%s]\n", tag, it.Where, it.Code)
	fmt.Fprintf(b, "         what: %s\n", it.What)
	if it.Why != "" {
		fmt.Fprintf(b, "         why:  %s\n", it.Why)
	}
	if it.Fix != "" {
		fmt.Fprintf(b, "         fix:  %s\n", it.Fix)
	}
}

func summary(r report) string {
	verdict := "all clear, the plan passes every check"
	if !r.OK {
		verdict = "the plan would be rejected"
	}
	return fmt.Sprintf("summary: %d problem(s), %d warning(s): %s.", r.Problems, r.Warnings, verdict)
}

// writeJSON prints the report as indented JSON; see the package comment for
// its fields. Empty lists are [] rather than null.
func writeJSON(w io.Writer, r report) error {
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Passed == nil {
			s.Passed = []string{}
		}
		if s.Problems == nil {
			s.Problems = []item{}
		}
		if s.Warnings == nil {
			s.Warnings = []item{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

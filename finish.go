package vpcgate

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/fingerprint"
	"github.com/vpcgate/vpcgate/internal/waiverfile"
)

// finish completes the report Check built from p: each finding's severity
// and fingerprint, then the waivers of opts (findings they match move to
// Waived; waivers expired, unused or invalid become findings of a
// "waivers" section), and the counts. Its cost is linear in the findings
// and the plan's Source, plus, per finding, the waivers of its code whose
// where has a '*'.
func finish(r Report, p *Plan, opts Options) Report {
	var wheres map[string]bool
	if len(p.Source) > 0 {
		wheres = map[string]bool{}
		for _, s := range r.Sections {
			for _, f := range s.Problems {
				wheres[f.Where] = true
			}
			for _, f := range s.Warnings {
				wheres[f.Where] = true
			}
		}
	}
	pl := fingerprint.NewPlacer(reflect.ValueOf(p).Elem(), p.Source, wheres)
	// The findings of one code and place (one mistake against several
	// instances) each hash their What: see fingerprint.Unique.
	type codePlace struct{ code, place string }
	var places []string // by finding, in the order stamped
	shared := map[codePlace]int{}
	for _, s := range r.Sections {
		for _, fs := range [][]Finding{s.Problems, s.Warnings} {
			for _, f := range fs {
				place := pl.Place(f.Where)
				places = append(places, place)
				shared[codePlace{string(f.Code), place}]++
			}
		}
	}
	used := map[string]bool{} // fingerprints given
	stamp := func(f *Finding, sev Severity) {
		f.Severity = sev
		place := places[0]
		places = places[1:]
		f.Fingerprint = fingerprint.Unique(used, string(f.Code), place, f.What, shared[codePlace{string(f.Code), place}] > 1)
	}
	for i := range r.Sections {
		s := &r.Sections[i]
		for j := range s.Problems {
			stamp(&s.Problems[j], SeverityError)
		}
		for j := range s.Warnings {
			sev := SeverityWarning
			if rl := ruleTable.ruleOf(s.Warnings[j].Code); rl != nil && rl.Severity == SeverityNote {
				sev = SeverityNote
			}
			stamp(&s.Warnings[j], sev)
		}
	}
	if len(opts.Waivers) > 0 {
		applyWaivers(&r, opts, used)
	}
	r.Problems, r.Warnings, r.Waived = 0, 0, 0
	for _, s := range r.Sections {
		r.Problems += len(s.Problems)
		r.Warnings += len(s.Warnings)
		r.Waived += len(s.Waived)
	}
	r.OK = r.Problems == 0
	return r
}

// waiverState is a waiver as applyWaivers uses it.
type waiverState struct {
	w       Waiver
	expires time.Time
	live    bool // valid, and not expired: it applies
	used    bool
}

// applyWaivers moves the findings that opts' waivers match to Waived and
// adds a section of findings about the waivers.
func applyWaivers(r *Report, opts Options, used map[string]bool) {
	var about []Finding // findings about the waivers
	states := make([]waiverState, len(opts.Waivers))
	var index waiverfile.Index // the waivers that apply
	for i, w := range opts.Waivers {
		st := &states[i]
		st.w = w
		path := field.Path("waivers").Index(i)
		var errs []error
		for _, e := range waiverProblems(w) {
			if e != nil {
				errs = append(errs, e)
			}
		}
		if len(errs) > 0 {
			err := &WaiverError{Path: path, Err: errors.Join(errs...)}
			f := waiverFinding(w, CodeInvalidWaivers, path, err.Err.Error())
			f.Err = err
			about = append(about, f)
			continue
		}
		if w.Expires != "" {
			st.expires, _ = waiverfile.ParseDate(w.Expires)
			switch gone, known := waiverfile.Expired(st.expires, opts.Today); {
			case !known:
				about = append(about, waiverFinding(w, CodeExpiredWaiver, path.Child("expires"),
					fmt.Sprintf("the waiver of %s expires on %s, and today's date was not given, so it cannot be said to apply: it applies to nothing", waiverName(w), w.Expires)))
				continue
			case gone:
				about = append(about, waiverFinding(w, CodeExpiredWaiver, path.Child("expires"),
					fmt.Sprintf("the waiver of %s expired on %s: it applies to nothing", waiverName(w), w.Expires)))
				continue
			}
		}
		st.live = true
		index.Add(i, string(w.Code), w.Where)
	}
	for si := range r.Sections {
		s := &r.Sections[si]
		keep := func(fs []Finding) []Finding {
			out := fs[:0:0]
			for _, f := range fs {
				i := index.Find(string(f.Code), f.Where)
				if i < 0 {
					out = append(out, f)
					continue
				}
				states[i].used = true
				w := states[i].w
				s.Waived = append(s.Waived, Waived{Finding: f, Reason: w.Reason, Owner: w.Owner, Expires: w.Expires})
			}
			if len(out) == len(fs) {
				return fs
			}
			return out
		}
		s.Problems = keep(s.Problems)
		s.Warnings = keep(s.Warnings)
	}
	for i, st := range states {
		if st.live && !st.used {
			about = append(about, waiverFinding(st.w, CodeUnusedWaiver, field.Path("waivers").Index(i),
				fmt.Sprintf("the waiver of %s matches no finding", waiverName(st.w))))
		}
	}
	if len(about) == 0 {
		return
	}
	sec := Section{Subject: "waivers"}
	if f := opts.Waivers[0].Pos.File; f != "" {
		sec.Subject = "waivers in " + strconv.Quote(f)
	}
	for _, f := range about {
		f.Fingerprint = fingerprint.Unique(used, string(f.Code), f.Fingerprint, f.What, false)
		if f.Severity == SeverityError {
			sec.Problems = append(sec.Problems, f)
		} else {
			sec.Warnings = append(sec.Warnings, f)
		}
	}
	r.Sections = append(r.Sections, sec)
}

// waiverName names a waiver in messages: its code and its pattern.
func waiverName(w Waiver) string {
	where := w.Where
	if where == "" {
		where = "*"
	}
	return strconv.Quote(string(w.Code)) + " at " + strconv.Quote(where)
}

// waiverFinding is a finding with code about waiver w at path, placed at
// w's position; its Fingerprint holds, for now, the stable place to hash.
func waiverFinding(w Waiver, code Code, path field.Path, what string) Finding {
	rl := ruleTable.rule(code)
	_, member, _ := strings.Cut(string(path), "]")
	return Finding{Code: code, Where: string(path), What: what, Why: rl.Why, Fix: rl.Fix, Severity: rl.Severity,
		Fingerprint: "waivers[" + strconv.Quote(string(w.Code)+" "+w.Where) + "]" + member,
		File:        w.Pos.File, Line: w.Pos.Line, Column: w.Pos.Column}
}

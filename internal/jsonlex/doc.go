// Package jsonlex is the module's one JSON lexer (RFC 8259) and the one
// vocabulary of the problems of a JSON document, for its strict readers:
// plans and waivers (internal/jsondecode), and OpenAPI responses and
// Terraform plans (through internal/jsontree), and for the finding of
// values' lines (internal/locate, behind Report.Locate).
//
// A [Lexer] reads white space, literals, numbers and strings (escapes,
// control characters, UTF-8 and UTF-16 surrogates checked as one piece of
// code, so that every reader agrees on what a string holds) and skips
// whole values; [Lines] turns byte offsets into lines and columns in time
// linear in the document however many are asked for; the errors of
// errors.go word each mistake once ("malformed JSON: ...", "invalid
// UTF-8", "key given twice (also at line 3, column 5)"), and [Error]
// carries a problem's line and column to the reader that reports it.
//
// Nothing here does I/O, keeps state beyond a value's own, or modifies the
// data it reads.
package jsonlex

package vpcgate

// The writers' quoting and address parsing, for the black-box tests.
var (
	ShellQuote     = shellQuote
	HCLQuote       = hclQuote
	ParseTFAddress = parseTFAddress
)

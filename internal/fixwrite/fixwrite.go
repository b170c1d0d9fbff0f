// Package fixwrite writes the remedies of a check as text other tools
// run: Terraform configuration for the alicloud provider (HCL) and the
// cloud's CLI calls (aliyun, one a line). It is the format half of the
// root's Report.WriteFix: the root gathers each change once, in the order
// of the findings, with what the plan says about it (its region, its
// Terraform address), into the plain [Fixes] below; this package quotes
// and writes them.
//
// Text from the plan is quoted for the form (HCL strings, single-quoted
// shell words) and escaped in comments (internal/escape), so that no value
// can end a string or a comment early. Nothing here does I/O beyond the
// writer it is given, and nothing keeps state.
package fixwrite

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpcgate/vpcgate/authz"
	"github.com/vpcgate/vpcgate/internal/escape"
	"github.com/vpcgate/vpcgate/internal/terraform"
)

// Fixes are a report's remedies to write, each change once, in the order
// of the findings, with the first finding that needs it.
type Fixes struct {
	// Rules are the outbound rules to add.
	Rules []Rule
	// Blocks are the accessible blocks to add, by instance.
	Blocks []Blocks
	// Layout are the vSwitch and instance CIDR blocks to set.
	Layout []Layout
	// Auths are the VPC access authorizations to create.
	Auths []Auth
	// Blocked are the findings whose remedy cannot be applied.
	Blocked []Blocked
}

// Finding names the finding a change is for.
type Finding struct {
	// Code and Where are the finding's.
	Code, Where string
}

// Rule is an outbound rule to add to a security group.
type Rule struct {
	Finding
	// Extra counts the more findings the rule clears.
	Extra int
	// SecurityGroup is the group's ID; Source the Terraform address the
	// plan read the group from ("" when none).
	SecurityGroup, Source string
	// Pending is set when SecurityGroup only stands for an ID known after
	// apply: a call is written as a comment, to run once the ID is known.
	Pending bool
	// Region is the region of the instance the rule is for; "" for the
	// CLI's configured one.
	Region string
	// Change is the rule.
	Change authz.Rule
}

// Blocks are the blocks to add to an instance's accessible blocks.
type Blocks struct {
	Finding
	// Instance is the instance's ID; Source the Terraform address the plan
	// read it from ("" when none); Region its region.
	Instance, Source, Region string
	// ToCreate is set when the instance is yet to be created.
	ToCreate bool
	// Pending is set when Instance only stands for an ID known after
	// apply (see Rule.Pending).
	Pending bool
	// Blocks are the blocks to add; Wider the backends' vSwitch blocks, a
	// wider alternative offered in a comment.
	Blocks, Wider []netip.Prefix
}

// Auth is a VPC access authorization to create.
type Auth struct {
	Finding
	// Authorization is the authorization.
	Authorization authz.Authorization
	// VPCSource is the Terraform address the plan read its VPC from ("" when
	// none); Region the region of an instance in that VPC.
	VPCSource, Region string
	// Pending is set when the VPC's ID only stands for one known after
	// apply (see Rule.Pending).
	Pending bool
}

// Layout is a vSwitch block or an instance CIDR block to set for an
// instance yet to be created.
type Layout struct {
	Finding
	// Instance is the instance's ID; Source the Terraform address the plan
	// read it from ("" when none).
	Instance, Source string
	// CIDR is set when the instance CIDR block is what to set.
	CIDR bool
	// InstanceCIDR is the instance CIDR block to set, when CIDR is set.
	InstanceCIDR netip.Prefix
	// VSwitch is the placement to set, when CIDR is not set.
	VSwitch *VSwitch
}

// VSwitch is a placement's new vSwitch block.
type VSwitch struct {
	// Zone is the placement's index in the instance's zones.
	Zone int
	// ZoneID is the placement's zone.
	ZoneID string
	// VSwitchID is the placement's vSwitch, when the plan names it.
	VSwitchID string
	// Block is the vSwitch block to use.
	Block netip.Prefix
}

// Blocked is a finding whose remedy cannot be applied, and why.
type Blocked struct {
	Finding
	// Why says why.
	Why string
}

// about returns a comment's text for finding f: its code and where, and
// how many more findings the change clears.
func about(f Finding, extra int) string {
	s := f.Code + " at " + f.Where
	if extra > 0 {
		s += " (and " + strconv.Itoa(extra) + " more)"
	}
	return s
}

// comment writes text as a comment line (lead "# "), escaped so that it
// stays on its line.
func comment(b *bufio.Writer, text string) {
	b.WriteString("# ")
	b.WriteString(escape.String(text))
	b.WriteString("\n")
}

// Terraform writes the fixes as Terraform configuration for the alicloud
// provider (see the root's Report.WriteFix), as it goes; it returns the
// first write error.
func Terraform(w io.Writer, it *Fixes) error {
	b := bufio.NewWriter(w)
	comment(b, "vpcgate remedies as Terraform configuration (alicloud provider): the least changes that clear the findings named above each.")
	labels := map[string]int{}
	label := func(s string) string {
		l := tfLabel(s)
		labels[l]++
		if n := labels[l]; n > 1 {
			l += "_" + strconv.Itoa(n)
		}
		return l
	}
	for _, x := range it.Rules {
		rl := x.Change
		addr := rl.DestCIDR
		if !addr.IsValid() {
			addr = rl.IPv6DestCIDR
		}
		b.WriteString("\n")
		comment(b, fmt.Sprintf("%s: let TCP port %d out to %s from security group %q", about(x.Finding, x.Extra), rl.Ports.From, addr.Addr(), x.SecurityGroup))
		ref, module := tfRef(x.Source, x.SecurityGroup, terraform.TypeSecurityGroup)
		if module != "" {
			comment(b, "in "+module+", where the group's resource is")
		}
		sgName, _ := tfResourceName(x.Source, x.SecurityGroup, terraform.TypeSecurityGroup)
		fmt.Fprintf(b, "resource %q %s {\n", terraform.TypeSecurityGroupRule, hclQuote(label("vpcgate_"+sgName+"_"+addr.Addr().String()+"_"+strconv.Itoa(int(rl.Ports.From)))))
		b.WriteString("  type              = \"egress\"\n")
		b.WriteString("  ip_protocol       = \"tcp\"\n")
		fmt.Fprintf(b, "  port_range        = %s\n", hclQuote(rl.Ports.String()))
		if addr.Addr().Is4() {
			fmt.Fprintf(b, "  cidr_ip           = %s\n", hclQuote(addr.String()))
		} else {
			fmt.Fprintf(b, "  ipv6_cidr_ip      = %s\n", hclQuote(addr.String()))
		}
		b.WriteString("  policy            = \"accept\"\n")
		fmt.Fprintf(b, "  priority          = %d\n", rl.Priority)
		fmt.Fprintf(b, "  security_group_id = %s\n", ref)
		b.WriteString("}\n")
	}
	for _, x := range it.Blocks {
		if len(x.Blocks) == 0 {
			continue
		}
		b.WriteString("\n")
		comment(b, fmt.Sprintf("%s: add %v to the accessible blocks of instance %q", about(x.Finding, 0), x.Blocks, x.Instance))
		if len(x.Wider) > 0 {
			comment(b, fmt.Sprintf("a wider alternative: the backends' vSwitch block(s) %v", x.Wider))
		}
		name, module := tfResourceName(x.Source, x.Instance, terraform.TypeInstance)
		if module != "" {
			comment(b, "in "+module+", where the instance's resource is")
		}
		comment(b, "set this in the instance's resource (its other arguments stay as they are)")
		fmt.Fprintf(b, "resource %q %s {\n", terraform.TypeInstance, hclQuote(name))
		writeIPBlock(b, "  ", x.Blocks[0])
		for i, blk := range x.Blocks[1:] {
			fmt.Fprintf(b, "  # to_connect_vpc_ip_block holds one block per apply: after applying, set cidr_block to %s and apply again (block %d of %d)\n", blk, i+2, len(x.Blocks))
		}
		b.WriteString("}\n")
	}
	for _, x := range it.Auths {
		a := x.Authorization
		b.WriteString("\n")
		comment(b, fmt.Sprintf("%s: create VPC access authorization %q", about(x.Finding, 0), a.Name))
		fmt.Fprintf(b, "resource %q %s {\n", terraform.TypeVPCAccess, hclQuote(label("vpcgate_"+a.Name)))
		fmt.Fprintf(b, "  name        = %s\n", hclQuote(a.Name))
		vpc, _ := tfRef(x.VPCSource, a.VPCID, terraform.TypeVPC)
		fmt.Fprintf(b, "  vpc_id      = %s\n", vpc)
		fmt.Fprintf(b, "  instance_id = %s\n", hclQuote(a.InstanceID))
		fmt.Fprintf(b, "  port        = %d\n", a.Port)
		b.WriteString("}\n")
	}
	for _, x := range it.Layout {
		b.WriteString("\n")
		comment(b, about(x.Finding, 0)+": "+layoutText(x))
		if x.CIDR {
			name, _ := tfResourceName(x.Source, x.Instance, terraform.TypeInstance)
			fmt.Fprintf(b, "resource %q %s {\n", terraform.TypeInstance, hclQuote(name))
			fmt.Fprintf(b, "  instance_cidr = %s\n", hclQuote(x.InstanceCIDR.String()))
			b.WriteString("}\n")
		} else if _, local, name, ok := parseTFAddress(x.VSwitch.VSwitchID, terraform.TypeVSwitch); ok && !strings.Contains(local, "[") {
			fmt.Fprintf(b, "resource %q %s {\n", terraform.TypeVSwitch, hclQuote(name))
			fmt.Fprintf(b, "  cidr_block = %s\n", hclQuote(x.VSwitch.Block.String()))
			b.WriteString("}\n")
		}
	}
	writeBlocked(b, it.Blocked)
	return b.Flush()
}

// writeIPBlock writes the to_connect_vpc_ip_block map of block p, as the
// provider spells it (a map(string): customized is the string "true").
func writeIPBlock(b *bufio.Writer, indent string, p netip.Prefix) {
	b.WriteString(indent + "to_connect_vpc_ip_block = {\n")
	fmt.Fprintf(b, "%s  cidr_block = %s\n", indent, hclQuote(p.String()))
	b.WriteString(indent + "  customized = \"true\"\n")
	b.WriteString(indent + "}\n")
}

// layoutText says what a vSwitch or instance CIDR block change sets.
func layoutText(r Layout) string {
	if r.CIDR {
		return fmt.Sprintf("instance %q is to be created: use %s as its instance CIDR block (instance_cidr, CreateInstance's InstanceCidr)", r.Instance, r.InstanceCIDR)
	}
	v := r.VSwitch
	return fmt.Sprintf("instance %q is to be created: in zone %s use vSwitch block %s for vSwitch %q (its cidr_block, and the instance's zone_vswitch_security_group[%d].cidr_block; CreateInstance's ZoneVSwitchSecurityGroup CidrBlock)", r.Instance, v.ZoneID, v.Block, v.VSwitchID, v.Zone)
}

// writeBlocked writes the blocked remedies as comments.
func writeBlocked(b *bufio.Writer, blocked []Blocked) {
	if len(blocked) == 0 {
		return
	}
	b.WriteString("\n")
	comment(b, "not written: these findings have a remedy that cannot be applied as it stands")
	for _, f := range blocked {
		comment(b, about(f.Finding, 0)+": "+f.Why)
	}
}

// CLI writes the fixes as aliyun CLI calls, one a line, with comments (see
// the root's Report.WriteFix), as it goes; it returns the first write
// error.
func CLI(w io.Writer, it *Fixes) error {
	b := bufio.NewWriter(w)
	comment(b, "vpcgate remedies as aliyun CLI calls, one a line: the least changes that clear the findings named above each.")
	pending := false // the next call names an ID known only after apply
	call := func(product, action string, args ...string) {
		for i := 1; i < len(args); i += 2 {
			if !escape.Printable(args[i]) {
				comment(b, fmt.Sprintf("not written: the value of %s holds a control character or invalid UTF-8: %s", args[i-1], args[i]))
				return
			}
		}
		if pending {
			b.WriteString("# ") // not a call to run as it stands
		}
		b.WriteString("aliyun " + product + " " + action)
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == "--region" || args[i] == "--RegionId" {
				if args[i+1] == "" {
					continue // the CLI's configured region
				}
			}
			b.WriteString(" " + args[i] + " " + shellQuote(args[i+1]))
		}
		b.WriteString("\n")
	}
	for _, x := range it.Rules {
		rl := x.Change
		comment(b, fmt.Sprintf("%s: let TCP port %d out from security group %q", about(x.Finding, x.Extra), rl.Ports.From, x.SecurityGroup))
		if pending = x.Pending; pending {
			comment(b, fmt.Sprintf("the ID of security group %s is known only after apply: run this with it then", x.Source))
		}
		dest, destFlag := rl.DestCIDR, "--DestCidrIp"
		if !dest.IsValid() {
			dest, destFlag = rl.IPv6DestCIDR, "--Ipv6DestCidrIp"
		}
		call("ecs", "AuthorizeSecurityGroupEgress", "--RegionId", x.Region, "--SecurityGroupId", x.SecurityGroup,
			"--IpProtocol", "tcp", "--PortRange", rl.Ports.String(), destFlag, dest.String(), "--Policy", "accept", "--Priority", strconv.Itoa(rl.Priority))
	}
	for _, x := range it.Blocks {
		if len(x.Blocks) == 0 {
			continue
		}
		comment(b, fmt.Sprintf("%s: add %v to the accessible blocks of instance %q", about(x.Finding, 0), x.Blocks, x.Instance))
		if len(x.Wider) > 0 {
			comment(b, fmt.Sprintf("a wider alternative: the backends' vSwitch block(s) %v", x.Wider))
		}
		if x.ToCreate {
			comment(b, fmt.Sprintf("instance %q is to be created: run these once it exists", x.Instance))
		}
		if pending = x.Pending; pending {
			comment(b, fmt.Sprintf("the ID of instance %s is known only after apply: run these with it then", x.Source))
		}
		for _, blk := range x.Blocks {
			block, _ := json.Marshal(struct {
				CidrBlock  string
				Customized bool
			}{blk.String(), true})
			call("cloudapi", "ModifyInstanceAttribute", "--region", x.Region, "--InstanceId", x.Instance, "--ToConnectVpcIpBlock", string(block))
		}
	}
	for _, x := range it.Auths {
		a := x.Authorization
		comment(b, fmt.Sprintf("%s: create VPC access authorization %q", about(x.Finding, 0), a.Name))
		if pending = x.Pending; pending {
			comment(b, fmt.Sprintf("the ID of VPC %s is known only after apply: run this with it then", x.VPCSource))
		}
		call("cloudapi", "SetVpcAccess", "--region", x.Region, "--Name", a.Name, "--VpcId", a.VPCID,
			"--InstanceId", a.InstanceID, "--Port", strconv.Itoa(int(a.Port)))
	}
	for _, x := range it.Layout {
		comment(b, about(x.Finding, 0)+": "+layoutText(x))
	}
	writeBlocked(b, it.Blocked)
	return b.Flush()
}

// shellQuote returns s as one word for a POSIX shell: as it is when it
// holds only characters no shell treats specially (letters, digits and
// "@%+=:,./-_"), otherwise in single quotes, each ' written as '\”. The
// empty string is ”.
func shellQuote(s string) string {
	safe := s != ""
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("@%+=:,./-_", c) >= 0
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// hclQuote returns s as an HCL string literal: in double quotes, with
// '\\', '"' and control characters escaped, and the template sequences
// "${" and "%{" written as "$${" and "%%{", so that s is taken literally.
func hclQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError, escape.Unsafe(r):
			fmt.Fprintf(&b, `\u%04X`, r) // an invalid byte is U+FFFD
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tfLabel returns s as a Terraform name: letters, digits and '_' (every
// other character '_'), starting with a letter or '_'.
func tfLabel(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	if len(b) == 0 || b[0] >= '0' && b[0] <= '9' {
		b = append([]byte("_"), b...)
	}
	return string(b)
}

// tfRef returns how configuration names the ID of the resource of type typ
// read from source whose ID is id: a reference to its resource
// ("alicloud_security_group.sg.id") when the plan came from Terraform
// (source, or id itself, is such an address), else id as a string. A
// resource in a module is referred to as that module's configuration does,
// and its module is returned.
func tfRef(source, id, typ string) (ref, module string) {
	for _, s := range []string{source, id} {
		if m, local, _, ok := parseTFAddress(s, typ); ok {
			return local + ".id", m
		}
	}
	return hclQuote(id), ""
}

// tfResourceName returns the name of the resource of type typ read from
// source (source's, when the plan came from Terraform; else id as a name),
// and its module.
func tfResourceName(source, id, typ string) (name, module string) {
	for _, s := range []string{source, id} {
		if m, _, n, ok := parseTFAddress(s, typ); ok {
			return n, m
		}
	}
	return tfLabel(id), ""
}

// parseTFAddress reads s as the address of a resource of type typ, such
// as "alicloud_security_group.sg", "alicloud_security_group.sg[0]" or
// `module.net["a"].alicloud_security_group.sg`, and returns its module
// path ("module.net[\"a\"]", or ""), its address within the module
// ("alicloud_security_group.sg[0]") and its name ("sg"). Anything else,
// an attribute after the address included, is not one.
func parseTFAddress(s, typ string) (module, local, name string, ok bool) {
	rest := s
	for strings.HasPrefix(rest, "module.") {
		n, after, ok := tfStep(rest[len("module."):])
		if !ok || n == "" || !strings.HasPrefix(after, ".") {
			return "", "", "", false
		}
		rest = after[1:]
	}
	module = strings.TrimSuffix(s[:len(s)-len(rest)], ".")
	if !strings.HasPrefix(rest, typ+".") {
		return "", "", "", false
	}
	n, after, ok := tfStep(rest[len(typ)+1:])
	if !ok || after != "" {
		return "", "", "", false
	}
	return module, rest, n, true
}

// tfStep reads a name and an optional index ("[0]", "[\"key\"]") at the
// start of s, and returns the name and what follows.
func tfStep(s string) (name, rest string, ok bool) {
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] == '-' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i == 0 || s[0] == '-' || s[0] >= '0' && s[0] <= '9' {
		return "", s, false
	}
	name, rest = s[:i], s[i:]
	if !strings.HasPrefix(rest, "[") {
		return name, rest, true
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return "", s, false
	}
	key := rest[1:end]
	if _, err := strconv.Atoi(key); err != nil {
		if u, err := strconv.Unquote(key); err != nil || strings.ContainsAny(u, "\"\\") || strings.Contains(u, "${") || strings.Contains(u, "%{") || !escape.Printable(u) {
			return "", s, false
		}
	}
	return name, rest[end+1:], true
}

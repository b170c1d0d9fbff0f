package vpcgate

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
	"github.com/vpcgate/vpcgate/field"
	"github.com/vpcgate/vpcgate/internal/escape"
)

// FixFormat is a form in which [Report.WriteFix] writes a report's
// remedies.
type FixFormat string

// The forms of [Report.WriteFix].
const (
	// FixPlan is the fixed plan ([Report.FixedPlan]) as a JSON document in
	// the form ParsePlan reads.
	FixPlan FixFormat = "plan"
	// FixTerraform is Terraform configuration for the alicloud provider:
	// alicloud_security_group_rule resources for outbound rules, the
	// instance's to_connect_vpc_ip_block for accessible blocks, an
	// alicloud_api_gateway_vpc_access resource for an authorization.
	FixTerraform FixFormat = "terraform"
	// FixCLI is the cloud's CLI calls, one a line: aliyun ecs
	// AuthorizeSecurityGroupEgress, aliyun cloudapi ModifyInstanceAttribute
	// (ToConnectVpcIpBlock) and aliyun cloudapi SetVpcAccess.
	FixCLI FixFormat = "cli"
)

// ParseFixFormat returns the form s names: plan, terraform or cli.
func ParseFixFormat(s string) (FixFormat, error) {
	switch f := FixFormat(s); f {
	case FixPlan, FixTerraform, FixCLI:
		return f, nil
	}
	return "", usageError("fix form", s, "plan, terraform, cli")
}

// WriteFix writes the report's remedies in form f, from the same remedies
// FixedPlan applies:
//
//   - FixPlan: the whole fixed plan, indented JSON that [ParsePlan] reads
//     and that checks clean of every remedied finding (a plan read from
//     Terraform or responses loses its Source, so its findings name JSON
//     paths);
//   - FixTerraform: for each outbound rule, an alicloud_security_group_rule
//     resource (type "egress", ip_protocol "tcp", port_range, cidr_ip or
//     ipv6_cidr_ip, policy "accept", priority, security_group_id, which
//     refers to the group's resource when the plan came from Terraform);
//     for each instance's accessible blocks, the to_connect_vpc_ip_block
//     map of its alicloud_api_gateway_instance (one block per apply: the
//     others follow as comments); for an authorization, an
//     alicloud_api_gateway_vpc_access resource; vSwitch and instance CIDR
//     blocks to set, and blocked remedies, as comments;
//   - FixCLI: one aliyun call a line, every value shell-quoted where it
//     needs it: ecs AuthorizeSecurityGroupEgress, cloudapi
//     ModifyInstanceAttribute with ToConnectVpcIpBlock as the JSON object
//     {"CidrBlock", "Customized": true} (the API's shape), cloudapi
//     SetVpcAccess; what is not a call (vSwitch blocks of an instance to
//     create, blocked remedies, values with control characters) as shell
//     comments.
//
// Each change is written once, however many findings it clears; comments
// name the finding it is for. Text from the plan is quoted for the form
// (HCL strings, single-quoted shell words) and escaped in comments, so no
// value can end a string or a comment early. WriteFix writes as it goes
// and returns the first error; a report that Check did not make holds no
// plan and is an error, and so is an unknown form, which writes nothing.
func (r Report) WriteFix(w io.Writer, f FixFormat) error {
	if _, err := ParseFixFormat(string(f)); err != nil {
		return err
	}
	if r.plan == nil {
		return errNoPlan
	}
	switch f {
	case FixPlan:
		p, err := r.FixedPlan()
		if err != nil {
			return err
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(p)
	case FixTerraform:
		return r.writeTerraform(w)
	}
	return r.writeCLI(w)
}

// fixItems gathers the remedies of r for writing: each change once, in the
// order of the findings, with the first finding that needs it.
type fixItems struct {
	rules   []fixRule
	blocks  []fixBlocks
	layout  []fixLayout
	auths   []fixAuth
	blocked []Finding
}

type fixRule struct {
	f     Finding
	rc    RuleChange
	inst  field.Path // the instance whose groups it is for
	extra int        // more findings it clears
}

type fixBlocks struct {
	f      Finding
	inst   field.Path
	id     string
	blocks []netip.Prefix
	wider  []netip.Prefix
}

type fixLayout struct {
	f Finding
	r *Remedy
}

type fixAuth struct {
	f Finding
	a authz.Authorization
}

// items gathers r's remedies.
func (r Report) items() fixItems {
	var it fixItems
	seenRule := map[string]int{}
	blocksAt := map[field.Path]int{}
	seenBlock := map[string]bool{}
	seenAuth := map[string]bool{}
	seenLayout := map[string]bool{}
	for _, f := range r.Remedies() {
		rm := f.Remedy
		if !rm.Applicable() {
			it.blocked = append(it.blocked, f)
			continue
		}
		switch rm.Kind {
		case RemedyEgressRules:
			for _, rc := range rm.Rules {
				key := string(rc.Path) + " " + rc.Rule.String()
				if k, ok := seenRule[key]; ok {
					it.rules[k].extra++
					continue
				}
				seenRule[key] = len(it.rules)
				it.rules = append(it.rules, fixRule{f: f, rc: rc, inst: rm.Path})
			}
		case RemedyAccessible:
			k, ok := blocksAt[rm.Path]
			if !ok {
				k = len(it.blocks)
				blocksAt[rm.Path] = k
				it.blocks = append(it.blocks, fixBlocks{f: f, inst: rm.Path, id: rm.Instance})
			}
			for _, b := range rm.Accessible {
				if key := string(rm.Path) + " " + b.String(); !seenBlock[key] {
					seenBlock[key] = true
					it.blocks[k].blocks = append(it.blocks[k].blocks, b)
				}
			}
			if rm.Wider.IsValid() {
				if key := string(rm.Path) + " wider " + rm.Wider.String(); !seenBlock[key] {
					seenBlock[key] = true
					it.blocks[k].wider = append(it.blocks[k].wider, rm.Wider)
				}
			}
		case RemedyVSwitch, RemedyInstanceCIDR:
			key := string(rm.Path) + " " + string(rm.Kind) + " " + rm.InstanceCIDR.String()
			if rm.VSwitch != nil {
				key += " " + strconv.Itoa(rm.VSwitch.Zone)
			}
			if !seenLayout[key] {
				seenLayout[key] = true
				it.layout = append(it.layout, fixLayout{f: f, r: rm})
			}
		case RemedyAuthorization:
			if rm.Authorization != nil && !seenAuth[rm.Authorization.Name] {
				seenAuth[rm.Authorization.Name] = true
				it.auths = append(it.auths, fixAuth{f: f, a: *rm.Authorization})
			}
		}
	}
	return it
}

// instanceAt returns the plan's instance at path ("instance" or
// "instances[k]"), or nil.
func (p *Plan) instanceAt(path field.Path) *Instance {
	if path == "instance" {
		return p.Instance
	}
	if k, ok := indexOf(path, "instances"); ok && k < len(p.Instances) {
		return &p.Instances[k]
	}
	return nil
}

// regionOf returns the region of the instance at path, or "".
func (p *Plan) regionOf(path field.Path) string {
	if inst := p.instanceAt(path); inst != nil {
		return inst.RegionID
	}
	return ""
}

// regionOfVPC returns the region of the first instance in VPC vpc, or "".
func (p *Plan) regionOfVPC(vpc string) string {
	if p.Instance != nil && p.Instance.VPCID == vpc {
		return p.Instance.RegionID
	}
	for _, inst := range p.Instances {
		if inst.VPCID == vpc {
			return inst.RegionID
		}
	}
	return ""
}

// about returns a comment's text for finding f: its code and where, and
// how many more findings the change clears.
func about(f Finding, extra int) string {
	s := string(f.Code) + " at " + f.Where
	if extra > 0 {
		s += " (and " + strconv.Itoa(extra) + " more)"
	}
	return s
}

// comment writes text as a comment line (lead "# "), escaped so that it
// stays on its line.
func comment(b *bufio.Writer, text string) {
	b.WriteString("# ")
	b.WriteString(Escape(text))
	b.WriteString("\n")
}

// writeTerraform writes the remedies as Terraform configuration.
func (r Report) writeTerraform(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := r.plan
	it := r.items()
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
	for _, x := range it.rules {
		rl := x.rc.Rule
		addr := rl.DestCIDR
		if !addr.IsValid() {
			addr = rl.IPv6DestCIDR
		}
		b.WriteString("\n")
		comment(b, fmt.Sprintf("%s: let TCP port %d out to %s from security group %q", about(x.f, x.extra), rl.Ports.From, addr.Addr(), x.rc.SecurityGroup))
		ref, module := p.tfRef(x.rc.Path, x.rc.SecurityGroup, remTFSecurityGroup)
		if module != "" {
			comment(b, "in "+module+", where the group's resource is")
		}
		sgName, _ := p.tfResourceName(x.rc.Path, x.rc.SecurityGroup, remTFSecurityGroup)
		fmt.Fprintf(b, "resource %q %s {\n", "alicloud_security_group_rule", hclQuote(label("vpcgate_"+sgName+"_"+addr.Addr().String()+"_"+strconv.Itoa(int(rl.Ports.From)))))
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
	for _, x := range it.blocks {
		if len(x.blocks) == 0 {
			continue
		}
		b.WriteString("\n")
		comment(b, fmt.Sprintf("%s: add %v to the accessible blocks of instance %q", about(x.f, 0), x.blocks, x.id))
		if len(x.wider) > 0 {
			comment(b, fmt.Sprintf("a wider alternative: the backends' vSwitch block(s) %v", x.wider))
		}
		name, module := p.tfResourceName(x.inst, x.id, remTFInstance)
		if module != "" {
			comment(b, "in "+module+", where the instance's resource is")
		}
		comment(b, "set this in the instance's resource (its other arguments stay as they are)")
		fmt.Fprintf(b, "resource %q %s {\n", remTFInstance, hclQuote(name))
		writeIPBlock(b, "  ", x.blocks[0])
		for i, blk := range x.blocks[1:] {
			fmt.Fprintf(b, "  # to_connect_vpc_ip_block holds one block per apply: after applying, set cidr_block to %s and apply again (block %d of %d)\n", blk, i+2, len(x.blocks))
		}
		b.WriteString("}\n")
	}
	for _, x := range it.auths {
		a := x.a
		b.WriteString("\n")
		comment(b, fmt.Sprintf("%s: create VPC access authorization %q", about(x.f, 0), a.Name))
		fmt.Fprintf(b, "resource %q %s {\n", "alicloud_api_gateway_vpc_access", hclQuote(label("vpcgate_"+a.Name)))
		fmt.Fprintf(b, "  name        = %s\n", hclQuote(a.Name))
		vpc, _ := p.tfRef(p.vpcPath(a.VPCID), a.VPCID, remTFVPC)
		fmt.Fprintf(b, "  vpc_id      = %s\n", vpc)
		fmt.Fprintf(b, "  instance_id = %s\n", hclQuote(a.InstanceID))
		fmt.Fprintf(b, "  port        = %d\n", a.Port)
		b.WriteString("}\n")
	}
	for _, x := range it.layout {
		b.WriteString("\n")
		comment(b, about(x.f, 0)+": "+layoutText(x.r))
		if x.r.Kind == RemedyInstanceCIDR {
			name, _ := p.tfResourceName(x.r.Path, x.r.Instance, remTFInstance)
			fmt.Fprintf(b, "resource %q %s {\n", remTFInstance, hclQuote(name))
			fmt.Fprintf(b, "  instance_cidr = %s\n", hclQuote(x.r.InstanceCIDR.String()))
			b.WriteString("}\n")
		} else if _, local, name, ok := parseTFAddress(x.r.VSwitch.VSwitchID, remTFVSwitch); ok && !strings.Contains(local, "[") {
			fmt.Fprintf(b, "resource %q %s {\n", remTFVSwitch, hclQuote(name))
			fmt.Fprintf(b, "  cidr_block = %s\n", hclQuote(x.r.VSwitch.Block.String()))
			b.WriteString("}\n")
		}
	}
	writeBlocked(b, it.blocked)
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

// layoutText says what a vSwitch or instance CIDR remedy sets.
func layoutText(r *Remedy) string {
	if r.Kind == RemedyInstanceCIDR {
		return fmt.Sprintf("instance %q is to be created: use %s as its instance CIDR block (instance_cidr, CreateInstance's InstanceCidr)", r.Instance, r.InstanceCIDR)
	}
	v := r.VSwitch
	return fmt.Sprintf("instance %q is to be created: in zone %s use vSwitch block %s for vSwitch %q (its cidr_block, and the instance's zone_vswitch_security_group[%d].cidr_block; CreateInstance's ZoneVSwitchSecurityGroup CidrBlock)", r.Instance, v.ZoneID, v.Block, v.VSwitchID, v.Zone)
}

// writeBlocked writes the blocked remedies as comments.
func writeBlocked(b *bufio.Writer, blocked []Finding) {
	if len(blocked) == 0 {
		return
	}
	b.WriteString("\n")
	comment(b, "not written: these findings have a remedy that cannot be applied as it stands")
	for _, f := range blocked {
		comment(b, about(f, 0)+": "+f.Remedy.Blocked)
	}
}

// writeCLI writes the remedies as aliyun CLI calls.
func (r Report) writeCLI(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := r.plan
	it := r.items()
	comment(b, "vpcgate remedies as aliyun CLI calls, one a line: the least changes that clear the findings named above each.")
	call := func(product, action string, args ...string) {
		for i := 1; i < len(args); i += 2 {
			if !printable(args[i]) {
				comment(b, fmt.Sprintf("not written: the value of %s holds a control character or invalid UTF-8: %s", args[i-1], args[i]))
				return
			}
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
	for _, x := range it.rules {
		rl := x.rc.Rule
		comment(b, fmt.Sprintf("%s: let TCP port %d out from security group %q", about(x.f, x.extra), rl.Ports.From, x.rc.SecurityGroup))
		dest, destFlag := rl.DestCIDR, "--DestCidrIp"
		if !dest.IsValid() {
			dest, destFlag = rl.IPv6DestCIDR, "--Ipv6DestCidrIp"
		}
		call("ecs", "AuthorizeSecurityGroupEgress", "--RegionId", p.regionOf(x.inst), "--SecurityGroupId", x.rc.SecurityGroup,
			"--IpProtocol", "tcp", "--PortRange", rl.Ports.String(), destFlag, dest.String(), "--Policy", "accept", "--Priority", strconv.Itoa(rl.Priority))
	}
	for _, x := range it.blocks {
		if len(x.blocks) == 0 {
			continue
		}
		comment(b, fmt.Sprintf("%s: add %v to the accessible blocks of instance %q", about(x.f, 0), x.blocks, x.id))
		if len(x.wider) > 0 {
			comment(b, fmt.Sprintf("a wider alternative: the backends' vSwitch block(s) %v", x.wider))
		}
		if inst := p.instanceAt(x.inst); inst != nil && !inst.Exists {
			comment(b, fmt.Sprintf("instance %q is to be created: run these once it exists", x.id))
		}
		for _, blk := range x.blocks {
			block, _ := json.Marshal(struct {
				CidrBlock  string
				Customized bool
			}{blk.String(), true})
			call("cloudapi", "ModifyInstanceAttribute", "--region", p.regionOf(x.inst), "--InstanceId", x.id, "--ToConnectVpcIpBlock", string(block))
		}
	}
	for _, x := range it.auths {
		a := x.a
		comment(b, fmt.Sprintf("%s: create VPC access authorization %q", about(x.f, 0), a.Name))
		call("cloudapi", "SetVpcAccess", "--region", p.regionOfVPC(a.VPCID), "--Name", a.Name, "--VpcId", a.VPCID,
			"--InstanceId", a.InstanceID, "--Port", strconv.Itoa(int(a.Port)))
	}
	for _, x := range it.layout {
		comment(b, about(x.f, 0)+": "+layoutText(x.r))
	}
	writeBlocked(b, it.blocked)
	return b.Flush()
}

// printable reports whether s is valid UTF-8 without control characters,
// so that it can be written on one line.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if escape.Unsafe(r) {
			return false
		}
	}
	return true
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

// The Terraform resource types the remedies name.
const (
	remTFSecurityGroup = "alicloud_security_group"
	remTFInstance      = "alicloud_api_gateway_instance"
	remTFVSwitch       = "alicloud_vswitch"
	remTFVPC           = "alicloud_vpc"
)

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
// at plan path path whose ID is id: a reference to its resource
// ("alicloud_security_group.sg.id") when the plan came from Terraform (its
// Source maps path, or id itself is such an address), else id as a string.
// A resource in a module is referred to as that module's configuration
// does, and its module is returned.
func (p *Plan) tfRef(path field.Path, id, typ string) (ref, module string) {
	for _, s := range []string{p.Source[path], id} {
		if m, local, _, ok := parseTFAddress(s, typ); ok {
			return local + ".id", m
		}
	}
	return hclQuote(id), ""
}

// tfResourceName returns the name of the resource of type typ at plan path
// path (its Source's, when the plan came from Terraform; else id as a
// name), and its module.
func (p *Plan) tfResourceName(path field.Path, id, typ string) (name, module string) {
	for _, s := range []string{p.Source[path], id} {
		if m, _, n, ok := parseTFAddress(s, typ); ok {
			return n, m
		}
	}
	return tfLabel(id), ""
}

// vpcPath returns the plan path of the VPC of ID id ("vpc" or "vpcs[j]"),
// or "".
func (p *Plan) vpcPath(id string) field.Path {
	if p.VPC != nil && p.VPC.ID == id {
		return "vpc"
	}
	for j, v := range p.VPCs {
		if v.ID == id {
			return field.Path("vpcs").Index(j)
		}
	}
	return ""
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
		if u, err := strconv.Unquote(key); err != nil || strings.ContainsAny(u, "\"\\") || strings.Contains(u, "${") || strings.Contains(u, "%{") || !printable(u) {
			return "", s, false
		}
	}
	return name, rest[end+1:], true
}

#!/usr/bin/env python3
"""Hand-write a Terraform state (version 4) from a create plan's planned values.

usage: mkstate.py PRE_PLAN_JSON CASE_FILLS_JSON > terraform.tfstate

Every resource in PRE_PLAN_JSON (a `terraform show -json` of a create plan of the
"before" configuration) becomes one state instance. Known values are copied from
change.after; values that were unknown are filled in: first from references in the
configuration (e.g. vpc_id = alicloud_vpc.vpc.id takes that VPC's filled-in id), then
from the table below (per resource type), then from CASE_FILLS_JSON (per address).
"""
import json, sys, copy, uuid

plan = json.load(open(sys.argv[1]))
case_fills = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else {}

T = "2026-11-02T08:15:31Z"
TYPE_FILLS = {
    "alicloud_vpc": lambda a, n: {
        "id": f"vpc-bp1{n:0>4}vpcgatefixture0", "create_time": T,
        "dns_hostname_status": "DISABLED", "ipv6_cidr_block": "", "ipv6_cidr_blocks": [],
        "name": a.get("vpc_name"), "region_id": "cn-hangzhou",
        "resource_group_id": "rg-acfmvpcgatefixture", "route_table_id": f"vtb-bp1{n:0>4}vpcgatefixture0",
        "router_id": f"vrt-bp1{n:0>4}vpcgatefixture0", "router_table_id": f"vtb-bp1{n:0>4}vpcgatefixture0",
        "secondary_cidr_blocks": [], "status": "Available",
        "system_route_table_route_propagation_enable": True, "user_cidrs": []},
    "alicloud_vswitch": lambda a, n: {
        "id": f"vsw-bp1{n:0>4}vpcgatefixture0", "availability_zone": a.get("zone_id"),
        "create_time": T, "ipv6_cidr_block": "", "ipv6_cidr_block_mask": 0,
        "name": a.get("vswitch_name"), "status": "Available"},
    "alicloud_security_group": lambda a, n: {
        "id": f"sg-bp1{n:0>4}vpcgatefixture00", "create_time": T, "inner_access": True,
        "inner_access_policy": "Accept", "name": a.get("security_group_name"),
        "security_group_type": "normal"},
    "alicloud_security_group_rule": lambda a, n: {
        "nic_type": "intranet", "prefix_list_id": "",
        "security_group_rule_id": f"sgr-bp1{n:0>4}vpcgatefixture0"},
    "alicloud_api_gateway_instance": lambda a, n: {
        "id": f"apigateway-cn-vpcgate{n:0>4}", "create_time": "2026-11-02 08:20:11.0",
        "status": "RUNNING", "support_ipv6": True, "zone_id": "cn-hangzhou-MAZ6(j,k)"},
    "alicloud_api_gateway_group": lambda a, n: {
        "id": f"9e0f1a2b3c4d4e5f8a9b0c1d2e3f{n:0>4}", "base_path": "/",
        "vpc_domain": ""},
}
# Values that the provider's Read sets even when the configuration leaves them unset
# (so a state written by a real apply+refresh holds them instead of null).
READ_SETS = {
    "alicloud_security_group_rule": {"description": "", "ipv6_cidr_ip": "",
        "source_security_group_id": "", "source_group_owner_account": ""},
    "alicloud_api_gateway_instance": {"egress_ipv6_enable": False, "vpc_slb_intranet_enable": False,
        "ipv6_enabled": False, "ingress_vpc_id": "", "ingress_vpc_owner_id": "",
        "ingress_vswitch_id": ""},
    "alicloud_vpc": {"description": "", "classic_link_enabled": False, "tags": {}},
    "alicloud_vswitch": {"description": "", "tags": {}},
    "alicloud_security_group": {"description": "", "resource_group_id": "", "tags": {}},
    "alicloud_api_gateway_group": {"vpc_intranet_enable": False},
}
LATE = {  # fills that need other filled values
    "alicloud_security_group_rule": lambda a: {"id": ":".join(str(x) for x in [
        a["security_group_id"], a["type"], a["ip_protocol"], a["port_range"], a["nic_type"],
        a["cidr_ip"], a["policy"], a["priority"]])},
    "alicloud_api_gateway_group": lambda a: {"sub_domain": f"{a['id']}-cn-hangzhou.alicloudapi.com"},
}

cfg = {}
def walk_cfg(m):
    for r in m.get("resources", []):
        cfg[r["address"]] = r
walk_cfg(plan["configuration"]["root_module"])

rcs = [rc for rc in plan["resource_changes"] if rc["change"]["actions"] == ["create"]]
vals = {}
for i, rc in enumerate(rcs, 1):
    a = copy.deepcopy(rc["change"]["after"])
    vals[rc["address"]] = a
    for k, v in TYPE_FILLS.get(rc["type"], lambda a, n: {})(a, i).items():
        if k not in a or a[k] is None and k in rc["change"]["after_unknown"]:
            a[k] = v

def ref_value(refs):
    for ref in refs:
        parts = ref.split(".")
        if len(parts) == 3 and ".".join(parts[:2]) in vals:
            return vals[".".join(parts[:2])].get(parts[2])
    return None

def resolve(after, unknown, expr):
    """Fill unknowns in `after` from references in the config expression `expr`."""
    if isinstance(unknown, dict):
        for k, u in unknown.items():
            e = expr.get(k) if isinstance(expr, dict) else None
            if u is True:
                if isinstance(e, dict) and "references" in e:
                    v = ref_value(e["references"])
                    if v is not None:
                        after[k] = v
            elif isinstance(u, (list, dict)) and k in after:
                resolve(after[k], u, e)
    elif isinstance(unknown, list):
        for i, u in enumerate(unknown):
            e = expr[i] if isinstance(expr, list) and i < len(expr) else None
            if isinstance(u, dict):
                resolve(after[i], u, e)

for _ in range(3):
    for rc in rcs:
        resolve(vals[rc["address"]], rc["change"]["after_unknown"], cfg[rc["address"]].get("expressions", {}))
for rc in rcs:
    a = vals[rc["address"]]
    for k, v in READ_SETS.get(rc["type"], {}).items():
        if a.get(k) is None:
            a[k] = v
    for k, v in LATE.get(rc["type"], lambda a: {})(a).items():
        a[k] = v
    a.update(case_fills.get(rc["address"], {}))

def missing(after, unknown, path=""):
    out = []
    if isinstance(unknown, dict):
        for k, u in unknown.items():
            if u is True and (k not in after):
                out.append(path + k)
            elif isinstance(u, (list, dict)) and isinstance(after, dict) and k in after:
                out += missing(after[k], u, path + k + ".")
    elif isinstance(unknown, list):
        for i, u in enumerate(unknown):
            out += missing(after[i], u, f"{path}{i}.")
    return out

# dependencies: transitive references in the configuration
def refs_of(expr):
    out = set()
    if isinstance(expr, dict):
        for k, v in expr.items():
            if k == "references":
                for r in v:
                    p = r.split(".")
                    if len(p) >= 2 and ".".join(p[:2]) in vals:
                        out.add(".".join(p[:2]))
            else:
                out |= refs_of(v)
    elif isinstance(expr, list):
        for v in expr:
            out |= refs_of(v)
    return out
direct = {addr: refs_of(cfg[addr].get("expressions", {})) for addr in vals}
def closure(addr, seen=None):
    seen = set() if seen is None else seen
    for d in direct[addr]:
        if d not in seen:
            seen.add(d); closure(d, seen)
    return seen

resources = []
for rc in sorted(rcs, key=lambda r: r["address"]):
    m = missing(vals[rc["address"]], rc["change"]["after_unknown"])
    # unknowns that stay unfilled are null in state (optional+computed values the cloud left empty)
    for path in m:
        print(f"note: {rc['address']}.{path} left null", file=sys.stderr)
    resources.append({
        "mode": "managed", "type": rc["type"], "name": rc["name"],
        "provider": f"provider[\"{rc['provider_name']}\"]",
        "instances": [{
            "schema_version": 0,
            "attributes": vals[rc["address"]],
            "sensitive_attributes": [],
            "dependencies": sorted(closure(rc["address"])),
        }],
    })

json.dump({
    "version": 4, "terraform_version": plan["terraform_version"], "serial": 7,
    "lineage": str(uuid.uuid5(uuid.NAMESPACE_URL, "vpcgate-fixture:" + sys.argv[1])),
    "outputs": {}, "resources": resources, "check_results": None,
}, sys.stdout, indent=2)
print()

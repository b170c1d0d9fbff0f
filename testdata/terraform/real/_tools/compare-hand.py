#!/usr/bin/env python3
"""usage: compare-hand.py HAND.json PLAN.json

Compares a plan written by hand (testdata/terraform/<name>.json) with the
plan Terraform made of its source (<name>.tf, planned as plan.sh does, with
skip_region_validation = true in an override.tf): the hand-written
configuration block's expressions, each resource change's actions, its
known "after" values and what it marks unknown. Prints each difference."""
import json, sys

def resources(mod, prefix=''):
    out = {}
    for r in mod.get('resources', []):
        out[prefix + r['address']] = r
    for name, call in mod.get('module_calls', {}).items():
        out.update(resources(call['module'], prefix + 'module.' + name + '.'))
    return out

hand, real = (json.load(open(f)) for f in sys.argv[1:3])
H, R = resources(hand['configuration']['root_module']), resources(real['configuration']['root_module'])
diffs = []
for a, h in H.items():
    if a not in R:
        diffs.append('configuration: %s only by hand' % a)
        continue
    for k, v in h.get('expressions', {}).items():
        if R[a].get('expressions', {}).get(k) != v:
            diffs.append('configuration %s.%s: hand %s, Terraform %s' % (a, k, json.dumps(v), json.dumps(R[a].get('expressions', {}).get(k))))
diffs += ['configuration: %s only by Terraform' % a for a in R if a not in H]
hc = {r['address']: r for r in hand['resource_changes']}
rc = {r['address']: r for r in real['resource_changes']}
for a, h in hc.items():
    if a not in rc:
        diffs.append('change: %s only by hand' % a)
        continue
    hch, rch = h['change'], rc[a]['change']
    if hch['actions'] != rch['actions']:
        diffs.append('actions %s: hand %s, Terraform %s' % (a, hch['actions'], rch['actions']))
    after, unknown = rch['after'] or {}, rch.get('after_unknown') or {}
    for k, v in (hch['after'] or {}).items():
        if v is None and (hch.get('after_unknown') or {}).get(k):
            continue
        if after.get(k) != v and not (v is None and k not in after):
            diffs.append('after %s.%s: hand %s, Terraform %s' % (a, k, json.dumps(v), json.dumps(after.get(k))))
    for k, v in (hch.get('after_unknown') or {}).items():
        if v is True and unknown.get(k) is not True:
            diffs.append('unknown %s.%s: hand unknown, Terraform %s' % (a, k, json.dumps(after.get(k))))
diffs += ['change: %s only by Terraform' % a for a in rc if a not in hc]
print('\n'.join(diffs) if diffs else 'no differences')

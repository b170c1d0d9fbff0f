#!/bin/bash
# usage: plan-fake-vpc.sh <case-dir> ACTION=RESPONSE.json...
# As plan.sh, with the provider's VPC calls answered by fake-vpc.py on 127.0.0.1:18080 inside the
# same network namespace (only the loopback interface is up: no network).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$1"
shift
export TF_CLI_CONFIG_FILE=/work/tfwork/tf.rc
export ALICLOUD_ACCESS_KEY=AKfake ALICLOUD_SECRET_KEY=fake ALICLOUD_REGION=cn-hangzhou
export ALIBABA_CLOUD_ACCOUNT_TYPE=Domestic
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
rm -f plan.bin plan.json
unshare -n bash -c '
  set -euo pipefail
  ip link set lo up
  python3 "$0" 18080 "$@" 2>fake-vpc.log &
  server=$!
  trap "kill $server" EXIT
  sleep 1
  terraform validate -no-color
  terraform plan -refresh=false -input=false -no-color -out=plan.bin
  terraform show -json plan.bin > plan.json
' "$here/fake-vpc.py" "$@"

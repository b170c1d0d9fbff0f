#!/bin/bash
# usage: plan.sh <case-dir>   (runs validate, plan -refresh=false, show -json; no network)
set -euo pipefail
cd "$1"
export TF_CLI_CONFIG_FILE=/work/tfwork/tf.rc
export ALICLOUD_ACCESS_KEY=AKfake ALICLOUD_SECRET_KEY=fake ALICLOUD_REGION=cn-hangzhou
export ALIBABA_CLOUD_ACCOUNT_TYPE=Domestic
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
rm -f plan.bin plan.json
unshare -n terraform validate -no-color
unshare -n terraform plan -refresh=false -input=false -no-color -out=plan.bin
unshare -n terraform show -json plan.bin > plan.json

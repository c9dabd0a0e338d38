#!/bin/sh
# The examples, run by the demo script against aml-emulator, must succeed and
# print what they created.
set -eu
out=$(AZUREML_DEMO_DELAY_MS=300 "$1/scripts/demo.sh" "$2" 2>&1) || { printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out"
for want in "batch endpoint endpoint-example: Succeeded" "compute aml-cluster: Succeeded" \
            "instances: min 0, max 4, idle before scale-down 120 s" \
            "batch deployment endpoint-example/heart-deployment: Succeeded" \
            "batch endpoint endpoint-example: default deployment heart-deployment"; do
  printf '%s\n' "$out" | grep -qF "$want" || { echo "missing from the output: $want"; exit 1; }
done
echo "OK: the three examples ran against aml-emulator"

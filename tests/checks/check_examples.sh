#!/bin/sh
# The examples, run by the demo script against aml-emulator, must succeed and
# print what they created.
set -eu
out=$(AZUREML_DEMO_DELAY_MS=300 "$1/scripts/demo.sh" "$2" 2>&1) || { printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out"
for want in "batch endpoint endpoint-example: Succeeded" "compute aml-cluster: Succeeded" \
            "instances: min 0, max 4, idle before scale-down 120 s" \
            "batch deployment endpoint-example/heart-deployment: Succeeded" \
            "batch endpoint endpoint-example: default deployment heart-deployment" \
            ": Completed" "== predictions (40 rows, file,row,probability,prediction)" \
            "patients-01.csv,0,0.2319,0"; do
  printf '%s\n' "$out" | grep -qF "$want" || { echo "missing from the output: $want"; exit 1; }
done
echo "OK: the examples ran against aml-emulator, through a completed batch scoring job"

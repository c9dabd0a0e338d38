#!/bin/sh
# The examples, run by the demo script against aml-emulator, must succeed and
# print what they created.
set -eu
# The demo must run against Azure with only the environment changed: nothing
# in it may reach into the emulator's folders or its control routes.
if grep -n 'AZUREML_EMULATOR_DATASTORE_DIR\|/_emulator/' "$1/scripts/demo.sh" "$1"/examples/*.c "$1"/examples/*.h; then
  echo "the demo reaches into aml-emulator instead of going through the SDK"; exit 1
fi
out=$(AZUREML_DEMO_DELAY_MS=300 "$1/scripts/demo.sh" "$2" 2>&1) || { printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out"
for want in "batch endpoint endpoint-example: Succeeded" "compute aml-cluster: Succeeded" \
            "instances: min 0, max 4, idle before scale-down 120 s" \
            "batch deployment endpoint-example/heart-deployment: Succeeded" \
            "batch endpoint endpoint-example: default deployment heart-deployment" \
            "  files: azureml://datastores/workspaceblobstore/paths/LocalUpload/" \
            "  input heart_dataset: azureml://datastores/workspaceblobstore/paths/LocalUpload/" \
            "  [logs/job.log] " "  [user_logs/std_log.txt] " "downloaded 1 file(s), " \
            ": Completed" "== predictions (40 rows, file,row,probability,prediction)" \
            "patients-01.csv,0,0.2319,0"; do
  printf '%s\n' "$out" | grep -qF "$want" || { echo "missing from the output: $want"; exit 1; }
done
echo "OK: the examples ran against aml-emulator: uploads, a completed batch scoring job, its logs followed and its predictions downloaded"

#!/bin/sh
# One command, no Azure account: build what is needed, start aml-emulator on a
# free port, and run the batch-scoring examples against it, exactly as they
# would run against Azure (configured by the environment the emulator prints):
# create an endpoint, a compute cluster, and a deployment of the sample model
# and scoring script (examples/batch-scoring, uploaded through the SDK), then
# invoke the endpoint on the sample data (uploaded too), follow the batch
# scoring job's logs, and download its predictions through the SDK.
#
#   ./scripts/demo.sh [BUILD_DIR]        (default: ./build)
#
# Set AZUREML_LOG=info (or debug) to see every HTTP request the SDK makes.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
build="${1:-$root/build}"
emulator="$build/emulator/aml-emulator"
examples="$build/examples"

if [ ! -x "$emulator" ] || [ ! -x "$examples/invoke_batch_endpoint" ]; then
  echo "== building ($build)"
  cmake -S "$root" -B "$build" >/dev/null
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" \
    --target aml-emulator create_batch_endpoint create_compute create_batch_deployment invoke_batch_endpoint
fi

tmp=$(mktemp -d)
emu_pid=""
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# A visible provisioning delay, so the pollers really poll.
"$emulator" --port 0 --quiet --env-file "$tmp/env" --port-file "$tmp/port" \
  --provisioning-delay-ms "${AZUREML_DEMO_DELAY_MS:-1500}" >"$tmp/stdout" 2>"$tmp/stderr" &
emu_pid=$!
i=0
while [ ! -s "$tmp/env" ]; do
  i=$((i + 1))
  if [ $i -gt 200 ] || ! kill -0 "$emu_pid" 2>/dev/null; then
    echo "aml-emulator did not start:"; cat "$tmp/stderr"; exit 1
  fi
  sleep 0.05
done
# shellcheck disable=SC1091
. "$tmp/env"
export AZUREML_POLL_INTERVAL_MS="${AZUREML_POLL_INTERVAL_MS:-500}"
echo "== aml-emulator is up at $AZURE_RESOURCE_MANAGER_URL (workspace $AZUREML_WORKSPACE)"

# The sample model, scoring script and data (examples/batch-scoring) stay
# where they are: the examples upload them through the SDK, as they would to
# Azure. Nothing below reaches into the emulator's folders.
export AZUREML_SAMPLE_DIR="$root/examples/batch-scoring"
out_dir="${AZUREML_OUTPUT_DIR:-$tmp/batch-output}"

echo "== 1. create a batch endpoint"
"$examples/create_batch_endpoint"
echo "== 2. create an AmlCompute cluster"
"$examples/create_compute"
echo "== 3. upload and register model and code, register the environment; create a deployment; make it the default"
"$examples/create_batch_deployment"
echo "== 4. invoke the endpoint on the local sample data (uploaded by the SDK), follow the job's logs, download its predictions"
job="demo-heart-$$"
AZUREML_JOB_NAME="$job" AZUREML_OUTPUT_DIR="$out_dir" AZUREML_JOB_TIMEOUT_S="${AZUREML_JOB_TIMEOUT_S:-300}" \
  "$examples/invoke_batch_endpoint"
predictions="$out_dir/predictions.csv"
echo "== predictions ($(wc -l <"$predictions") rows, file,row,probability,prediction), first 5:"
sort "$predictions" | head -n 5
echo "== done: the same programs run against Azure with your own AZURE_* variables"

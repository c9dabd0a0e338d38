#!/bin/sh
# The seed story through `aml`, against aml-emulator: a compute cluster, a
# batch endpoint, the assets and a deployment, made the default; an invoke on
# a local folder, its log streamed, its predictions downloaded and compared
# with the expected rows; the datastore, list, show and table/tsv/--query
# forms on the way; and the exit codes scripts rely on (0, 1, 2, 3, 4, 5).
#
#   test_cli_story.sh AML EMULATOR SOURCE_DIR
set -eu
aml=$1
emulator=$2
src=$3
sample="$src/examples/batch-scoring"
fixtures="$src/tests/cli/fixtures"

tmp=$(mktemp -d)
emu_pid=""
cleanup() {
  [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null && wait "$emu_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Operations finish at their first poll (no provisioning delay); invoked jobs
# wait for the emulator's clock, which this test moves, to start. (Less than
# 15 minutes: the emulator checks storage request dates against that clock.)
"$emulator" --port 0 --quiet --env-file "$tmp/env" --provisioning-delay-ms 0 \
  --job-start-delay-ms 600000 >"$tmp/emu.out" 2>"$tmp/emu.err" &
emu_pid=$!
i=0
while [ ! -s "$tmp/env" ]; do
  i=$((i + 1))
  if [ $i -gt 400 ] || ! kill -0 "$emu_pid" 2>/dev/null; then
    echo "aml-emulator did not start:"; cat "$tmp/emu.err"; exit 1
  fi
  sleep 0.05
done
# shellcheck disable=SC1091
. "$tmp/env"
export AZUREML_POLL_INTERVAL_MS=50

steps=0
fail() {
  echo "FAIL: $*"
  echo "--- stdout"; cat "$tmp/out" 2>/dev/null || true
  echo "--- stderr"; cat "$tmp/err" 2>/dev/null || true
  exit 1
}
# run WANT_RC aml ARGS...: run aml, output in $tmp/out and $tmp/err, and check its exit code.
run() {
  want=$1
  shift
  set +e
  "$aml" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  steps=$((steps + 1))
  [ "$rc" -eq "$want" ] || fail "aml $* exited $rc, expected $want"
}
out_is() { [ "$(cat "$tmp/out")" = "$1" ] || fail "output is not '$1'"; }
out_has() { grep -qF -- "$1" "$tmp/out" || fail "output lacks '$1'"; }
err_has() { grep -qF -- "$1" "$tmp/err" || fail "stderr lacks '$1'"; }
advance_clock() { # start the jobs that wait (the emulator's controllable clock)
  python3 -c 'import sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_emulator/clock", data=b"{\"advanceMs\": 600000}",
                             headers={"Content-Type": "application/json"}, method="POST")
urllib.request.urlopen(req, timeout=30).read()' "$AZURE_RESOURCE_MANAGER_URL" || fail "could not move the emulator's clock"
}

echo "== usage and help"
run 0 --help
out_has "Exit codes"
run 0 batch-endpoint invoke --help
out_has "--input-type"
run 2 no-such-group list
err_has "not an aml command group"
run 2 batch-endpoint show
err_has "--name/-n"
run 2 batch-endpoint list --query '[?name]'
run 2 batch-endpoint list -o yaml

echo "== compute"
run 0 compute create --file "$fixtures/compute.yml" --query properties.provisioningState -o tsv
out_is "Succeeded"
run 0 compute show -n cpu-cluster --query properties.properties.scaleSettings.maxNodeCount
out_is "2"
run 0 compute show -n cpu-cluster --query properties.description -o tsv
out_is "CPU nodes for the heart-disease batch scoring"
run 0 compute create -n flag-cluster --size STANDARD_DS3_V2 --min-instances 0 --max-instances 1 \
  --query properties.properties.scaleSettings.maxNodeCount -o tsv
out_is "1"
run 0 compute delete -n flag-cluster --yes
run 0 compute update -n cpu-cluster --max-instances 4 --query properties.properties.scaleSettings.maxNodeCount -o tsv
out_is "4"
run 0 compute list -o table
out_has "cpu-cluster"
out_has "AmlCompute"
run 0 compute list-sizes -o tsv --query '[].name'
out_has "Standard_DS3_v2"
run 0 compute list-usage -o table
out_has "CurrentValue"
run 0 compute list-nodes -n cpu-cluster
run 1 compute create -n other-cluster --location not-a-region
err_has "LocationNotAvailableForResourceType"
run 5 compute create -n gpu --type kubernetes

echo "== batch endpoint"
run 0 batch-endpoint create --file "$fixtures/endpoint.yml" --set tags.run=story --query name -o tsv
out_is "heart-endpoint"
run 0 batch-endpoint show -n heart-endpoint --query tags.run -o tsv
out_is "story"
run 0 batch-endpoint update -n heart-endpoint --set 'description="updated by aml"' --query properties.description -o tsv
out_is "updated by aml"
run 0 batch-endpoint show -n heart-endpoint --query tags.owner -o tsv
out_is "cli-story"   # an update keeps what it does not change
# -w/-g override the environment: another workspace has no endpoints.
run 0 -w other-workspace batch-endpoint list
out_is "[]"
run 0 batch-endpoint list -g "$AZURE_RESOURCE_GROUP" --workspace-name "$AZUREML_WORKSPACE" --query '[].name' -o tsv
out_has "heart-endpoint"
# --debug logs the requests on stderr, never a secret or a token.
run 0 batch-endpoint show -n heart-endpoint --debug
err_has "DEBUG: "
err_has "/batchEndpoints/heart-endpoint"
grep -qF "$AZURE_CLIENT_SECRET" "$tmp/err" && fail "--debug printed the client secret"
grep -qiE "bearer [a-z0-9_-]{8,}" "$tmp/err" && fail "--debug printed a token"
run 0 batch-endpoint create -n scratch-endpoint --query name -o tsv
out_is "scratch-endpoint"
run 0 batch-endpoint delete -n scratch-endpoint --yes

echo "== YAML errors"
run 1 batch-endpoint create --file "$fixtures/endpoint_unknown_key.yml"
err_has "endpoint_unknown_key.yml:4:"
err_has "traffic"
run 1 compute create --file "$fixtures/compute_bad_type.yml"
err_has "compute_bad_type.yml:4:"
err_has "max_instances"
run 1 compute create --file "$tmp/no-such-file.yml"
err_has "no-such-file.yml"
run 2 batch-endpoint create --file "$fixtures/endpoint.yml" --set no_such_field=1
run 3 compute show -n other-cluster   # nothing was created by the failed loads
run 0 batch-endpoint show -n heart-endpoint --query properties.provisioningState -o tsv
out_is "Succeeded"
run 0 batch-endpoint list --query '[].name' -o tsv
out_has "heart-endpoint"
run 3 batch-endpoint show -n no-such-endpoint
err_has "ResourceNotFound"
run 2 batch-endpoint delete -n heart-endpoint </dev/null # no --yes and no terminal to ask on
run 0 batch-endpoint show -n heart-endpoint

echo "== datastore"
run 0 datastore list --query '[].name' -o tsv
out_has "workspaceblobstore"
run 0 datastore show -n workspaceblobstore --query properties.datastoreType -o tsv
out_is "AzureBlob"
run 0 datastore upload -n workspaceblobstore --src-path "$sample/data" --target-path cli-story/heart --query files -o tsv
out_is "8"
[ -s "$tmp/err" ] && fail "progress went to a stderr that is not a terminal"
run 1 datastore upload -n workspaceblobstore --src-path "$sample/data" --target-path cli-story/heart
err_has "exists"
run 0 datastore download -n workspaceblobstore --prefix cli-story/heart/ --destination "$tmp/copy"
diff -r "$sample/data" "$tmp/copy" >/dev/null || fail "the downloaded folder differs from the uploaded one"
run 3 datastore show -n no-such-store

echo "== progress: on a terminal only, not with --only-show-errors"
# script(1) gives aml a terminal; its transcript holds what the terminal showed.
script -qec "'$aml' datastore upload -n workspaceblobstore --src-path '$sample/data' --target-path cli-story/tty1" \
  /dev/null >"$tmp/tty1" 2>&1 || { cat "$tmp/tty1"; fail "aml on a terminal failed"; }
grep -qF "8/8 files" "$tmp/tty1" || { cat "$tmp/tty1"; fail "no transfer progress on a terminal"; }
script -qec "'$aml' datastore upload -n workspaceblobstore --src-path '$sample/data' --target-path cli-story/tty2 --only-show-errors" \
  /dev/null >"$tmp/tty2" 2>&1 || { cat "$tmp/tty2"; fail "aml on a terminal failed"; }
grep -qF "8/8 files" "$tmp/tty2" && { cat "$tmp/tty2"; fail "progress despite --only-show-errors"; }
grep -qF '"files": 8' "$tmp/tty2" || { cat "$tmp/tty2"; fail "no result on a terminal"; }
script -qec "'$aml' compute update -n cpu-cluster --max-instances 2" /dev/null >"$tmp/tty3" 2>&1 ||
  { cat "$tmp/tty3"; fail "aml on a terminal failed"; }
grep -qF "updating compute cpu-cluster: " "$tmp/tty3" || { cat "$tmp/tty3"; fail "no operation status on a terminal"; }

echo "== assets"
run 0 model create --file "$fixtures/model.yml" --query id -o tsv
out_has "/models/heart-classifier/versions/1"
run 0 model show -n heart-classifier -v 1 --query properties.description -o tsv
out_is "Heart-disease risk, logistic regression"
run 0 code create -n heart-scoring-code -v 1 --path "$sample/code" --query properties.codeUri -o tsv
out_has "azureml://datastores/workspaceblobstore/paths/LocalUpload/"
run 0 environment create -n scoring-env -v 1 --image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest \
  --query properties.image -o tsv
out_is "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest"
run 0 model show -n heart-classifier -v 1 --query name -o tsv
out_is "1"
run 3 model show -n heart-classifier -v 9
run 0 model create -n heart-classifier -v 2 --path "$sample/model" --description "second" --query name -o tsv
out_is "2"
run 0 model list -n heart-classifier --query '[].name' -o tsv
[ "$(cat "$tmp/out")" = "$(printf '2\n1')" ] || fail "model versions are not listed newest first"
run 0 model show -n heart-classifier --label latest --query properties.description -o tsv
out_is "second"
run 0 code list -n heart-scoring-code -o table
out_has "Succeeded"
run 0 environment show -n scoring-env --label latest --query name -o tsv
out_is "1"
run 5 model list
err_has "not supported yet"
run 2 model show -n heart-classifier --label newest
run 0 data create -n heart-data -v 1 --path "$sample/data" --query properties.dataType -o tsv
out_is "uri_folder"
run 0 data show -n heart-data --label latest --query name -o tsv
out_is "1"
run 0 data list -n heart-data -o tsv --query '[].name'
out_is "1"

echo "== batch deployment"
run 2 batch-deployment create --file "$fixtures/deployment.yml" --set-default --no-wait
run 0 batch-deployment create --file "$fixtures/deployment.yml" --set-default --query name -o tsv
out_is "heart-deployment"
run 0 model show -n heart-classifier -v 3 --query properties.modelUri -o tsv   # the inline model, registered
out_has "azureml://datastores/workspaceblobstore/paths/LocalUpload/"
# A deployment on a compute that does not exist fails while it is provisioned: exit 1.
run 1 batch-deployment create --file "$fixtures/deployment.yml" --name broken-deployment \
  --set compute=azureml:no-such-cluster
err_has "ComputeNotFound"
run 0 batch-deployment update -n heart-deployment -e heart-endpoint --set-default --query name -o tsv
out_is "heart-deployment"
run 0 batch-endpoint show -n heart-endpoint --query properties.defaults.deploymentName -o tsv
out_is "heart-deployment"
run 0 batch-deployment list -e heart-endpoint -o table
out_has "heart-deployment"
run 0 batch-deployment show -n heart-deployment -e heart-endpoint --query properties.provisioningState -o tsv
out_is "Succeeded"

echo "== invoke, stream, download"
run 0 batch-endpoint invoke -n heart-endpoint --input "$sample/data" --job-name cli-story-job --query name -o tsv
out_is "cli-story-job"
run 4 job wait -n cli-story-job --timeout 0   # not started yet: the wait times out, the job goes on
err_has "goes on"
run 0 job show -n cli-story-job --query properties.status -o tsv
out_is "NotStarted"
advance_clock
run 0 job stream -n cli-story-job
out_has "[logs/job.log]"
out_has "[user_logs/std_log.txt] init: model"
run 0 job wait -n cli-story-job --query properties.status -o tsv
out_is "Completed"
run 0 job download -n cli-story-job --download-path "$tmp/predictions"
sort "$tmp/predictions/predictions.csv" >"$tmp/predictions.sorted"
cmp -s "$tmp/predictions.sorted" "$fixtures/expected_predictions.csv" || {
  diff "$tmp/predictions.sorted" "$fixtures/expected_predictions.csv" | head -20
  fail "the predictions differ from the expected rows"
}
run 0 job download -n cli-story-job --all --download-path "$tmp/all"
[ -s "$tmp/all/score/predictions.csv" ] || fail "--all did not download the score output"
[ -s "$tmp/all/logs/logs/job.log" ] || fail "--all did not download the logs"
run 0 batch-endpoint list-jobs -n heart-endpoint --query '[].name' -o tsv
out_has "cli-story-job"
run 0 batch-deployment list-jobs -n heart-deployment -e heart-endpoint -o table
out_has "cli-story-job"
run 0 job list --query '[].name' -o tsv
out_has "cli-story-job"
run 3 job show -n no-such-job

echo "== an inputs file; a canceled job, a failed wait"
run 0 batch-endpoint invoke -n heart-endpoint --file "$fixtures/inputs.yml" --job-name cli-story-file --query name -o tsv
out_is "cli-story-file"
run 0 job show -n cli-story-file --query 'properties.inputs.heart_dataset.uri' -o tsv
out_has "azureml://datastores/workspaceblobstore/paths/LocalUpload/"
run 2 batch-endpoint invoke -n heart-endpoint --file "$fixtures/inputs.yml" --input "$sample/data"
run 1 batch-endpoint invoke -n heart-endpoint --file "$fixtures/model.yml"
err_has "model.yml"
run 0 batch-endpoint invoke -n heart-endpoint --inputs heart=azureml://datastores/workspaceblobstore/paths/cli-story/heart/ \
  --job-name cli-story-cancel --query name -o tsv
run 0 job cancel -n cli-story-cancel --query properties.status -o tsv
run 1 job wait -n cli-story-cancel
err_has "Canceled"

echo "== deletes"
run 0 batch-deployment delete -n heart-deployment -e heart-endpoint --yes
run 3 batch-deployment show -n heart-deployment -e heart-endpoint
run 0 batch-endpoint delete -n heart-endpoint --yes
run 3 batch-endpoint show -n heart-endpoint
run 0 compute delete -n cpu-cluster --yes --no-wait
run 0 compute delete -n cpu-cluster --yes --timeout 60

echo "OK: $steps aml runs against aml-emulator, exit codes 0/1/2/3/4/5 as documented"

#!/bin/sh
# The one test command: on a fresh Debian 12 machine (as root) it installs
# what is missing, then configures, builds with -Wall -Wextra -Werror and runs
# the whole suite twice: a normal build and an AddressSanitizer +
# UndefinedBehaviorSanitizer build (leaks fail the run); then the emulator's own
# tests under ThreadSanitizer.
#
#   ./scripts/check.sh            # everything
#   AML_CHECK_SKIP_SANITIZERS=1 ./scripts/check.sh   # normal build only
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

packages="gcc g++ make cmake pkg-config binutils ca-certificates python3 \
libcurl4-openssl-dev libjansson-dev libyaml-dev libssl-dev libcmocka-dev libmicrohttpd-dev libsqlite3-dev doxygen \
python3-azure"
# python3-azure (azure-identity + azure-ai-ml from Debian) lets the emulator's
# compatibility tests drive it with the official Python client.

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages:$missing — run this script as root (or install them) first" >&2
    exit 1
  fi
  echo "== installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The official JavaScript client, for the same compatibility tests. Best
# effort: without npm or the registry those tests report themselves skipped.
node_dir="${AML_COMPAT_NODE_DIR:-$HOME/.cache/aml-emulator-compat-node}"
if command -v npm >/dev/null 2>&1 && [ ! -d "$node_dir/node_modules/@azure/arm-machinelearning" ]; then
  echo "== installing @azure/arm-machinelearning and @azure/identity into $node_dir"
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error \
     @azure/arm-machinelearning@2.1.1 @azure/identity@4.13.1 >/dev/null) ||
    echo "warning: npm install failed; the JavaScript compatibility test will be skipped"
fi

# Azurite, the second Blob Storage implementation the SDK's blob tests run
# against (tests/support/azurite_harness.c finds it here). Best effort, as
# above: without Node.js/npm those cases say they are skipped and why.
azurite_dir="${AML_AZURITE_DIR:-$HOME/.cache/aml-azurite}"
if command -v npm >/dev/null 2>&1 && [ ! -x "$azurite_dir/node_modules/.bin/azurite-blob" ]; then
  echo "== installing azurite@3.35.0 into $azurite_dir"
  mkdir -p "$azurite_dir"
  (cd "$azurite_dir" && npm install --no-audit --no-fund --loglevel=error azurite@3.35.0 >/dev/null) ||
    echo "warning: npm install azurite failed; the Azurite blob tests will be skipped"
fi
export AML_AZURITE_DIR="$azurite_dir"

run_suite() {
  dir="$1"; shift
  echo "== configure $dir ($*)"
  cmake -S "$root" -B "$root/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAML_WERROR=ON "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$root/$dir" -j "$jobs"
  echo "== test $dir"
  (cd "$root/$dir" && ctest -j "$jobs" --output-on-failure --timeout 600)
}

run_suite build

if [ "${AML_CHECK_SKIP_SANITIZERS:-0}" != "1" ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  run_suite build-asan -DAML_SANITIZE=address,undefined -DAML_BUILD_BENCH=OFF

  # The emulator is the one multi-threaded server here: its own tests run once
  # more under ThreadSanitizer (only the emulator and its C unit test are built).
  echo "== configure build-tsan (emulator only)"
  cmake -S "$root" -B "$root/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAML_WERROR=ON \
    -DAML_SANITIZE=thread -DAML_BUILD_TESTS=ON -DAML_BUILD_EXAMPLES=OFF -DAML_BUILD_BENCH=OFF >/dev/null
  echo "== build build-tsan"
  cmake --build "$root/build-tsan" -j "$jobs" --target aml-emulator emulator_unit
  echo "== test build-tsan (emulator)"
  (cd "$root/build-tsan" &&
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
      ctest -j "$jobs" -L '^emulator$' --output-on-failure --timeout 600)
fi
echo "== all checks passed"

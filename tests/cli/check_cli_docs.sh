#!/bin/sh
# docs/cli.md must be exactly what `aml --help-markdown` prints from the
# command table: regenerate it with `cmake --build build --target cli-docs`.
set -eu
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$1" --help-markdown >"$tmp"
if ! cmp -s "$tmp" "$2"; then
  diff -u "$2" "$tmp" | head -40
  echo "docs/cli.md is out of date: run 'cmake --build build --target cli-docs'"
  exit 1
fi
echo "OK: docs/cli.md matches the command table"

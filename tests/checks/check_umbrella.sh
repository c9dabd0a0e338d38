#!/bin/sh
# Every public header under include/azureml/ is reachable from <azureml.h>.
set -eu
inc="$1"
missing=0
for h in "$inc"/azureml/*.h; do
  name="azureml/$(basename "$h")"
  grep -q "#include \"$name\"" "$inc/azureml.h" || { echo "azureml.h does not include $name"; missing=1; }
done
[ $missing -eq 0 ] && echo "OK: azureml.h includes every public header"
exit $missing

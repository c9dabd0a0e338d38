#!/bin/sh
# Fails when libazureml.so exports a symbol that does not start with aml_.
set -eu
lib="$1"
[ -f "$lib" ] || { echo "no such library: $lib"; exit 1; }
all=$(nm -D --defined-only "$lib" | awk 'NF==3 {print $3}')
count=$(printf '%s\n' "$all" | grep -c . || true)
bad=$(printf '%s\n' "$all" | grep -v '^aml_' | grep -v '^AZUREML_' || true)
if [ -n "$bad" ]; then
  echo "exported symbols outside the aml_ namespace:"; printf '%s\n' "$bad"; exit 1
fi
internal=$(printf '%s\n' "$all" | grep '^aml__' || true)
if [ -n "$internal" ]; then
  echo "internal aml__ symbols are exported:"; printf '%s\n' "$internal"; exit 1
fi
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
case "$soname" in
  libazureml.so.[0-9]*) ;;
  *) echo "unexpected SONAME: $soname"; exit 1 ;;
esac
echo "OK: $count exported symbols, all aml_*; SONAME $soname"

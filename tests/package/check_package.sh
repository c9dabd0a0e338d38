#!/bin/sh
# Install libazureml into a temporary prefix, then build and run a consumer
# out of tree in three ways: pkg-config, find_package (shared), find_package
# (static).
set -eu
build="$1"; src="$2"; cc="$3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(find "$prefix" -name 'libazureml.so' -printf '%h\n' | head -n1)
[ -n "$libdir" ] || { echo "libazureml.so not installed"; exit 1; }
for f in "$prefix/include/azureml.h" "$libdir/libazureml.a" "$libdir/pkgconfig/azureml.pc" \
         "$libdir/cmake/azureml/azuremlConfig.cmake"; do
  [ -f "$f" ] || { echo "missing from install: $f"; exit 1; }
done

# aml, the command line, is installed beside the library and finds it there (its RPATH).
if [ -x "$prefix/bin/aml" ]; then
  echo "== aml"
  "$prefix/bin/aml" --version
  loaded=$(ldd "$prefix/bin/aml" | sed -n 's/.*libazureml\.so\.0 => \([^ ]*\).*/\1/p')
  [ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "$libdir/libazureml.so.0")" ] ||
    { echo "the installed aml did not load the installed libazureml.so.0 (it loads '$loaded')"; exit 1; }
fi

echo "== pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
"$cc" -std=c99 -Wall -Werror -o "$tmp/consumer_pc" "$src/main.c" $(pkg-config --cflags --libs azureml)
LD_LIBRARY_PATH="$libdir" "$tmp/consumer_pc"
LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer_pc" | grep -q "$libdir/libazureml.so.0" || { echo "consumer did not load the installed libazureml.so.0"; exit 1; }

echo "== find_package"
cmake -S "$src" -B "$tmp/consumer_build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$tmp/consumer_build" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/consumer_build/consumer_shared"
"$tmp/consumer_build/consumer_static"
if ldd "$tmp/consumer_build/consumer_static" | grep -q libazureml; then
  echo "static consumer links libazureml.so"; exit 1
fi
echo "OK: installed package consumed via pkg-config and find_package (shared, static)"

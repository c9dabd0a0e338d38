#!/bin/sh
# Fails when a public declaration lacks documentation (any Doxygen warning).
set -eu
doxygen="$1"; inc="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/Doxyfile" <<CFG
INPUT = $inc
RECURSIVE = YES
FILE_PATTERNS = *.h
OUTPUT_DIRECTORY = $tmp/out
GENERATE_HTML = NO
GENERATE_LATEX = NO
GENERATE_XML = YES
OPTIMIZE_OUTPUT_FOR_C = YES
QUIET = YES
WARN_IF_UNDOCUMENTED = YES
WARN_IF_DOC_ERROR = YES
WARN_IF_INCOMPLETE_DOC = YES
WARN_LOGFILE = $tmp/warnings.txt
ALIASES = "threadsafety=@par Thread safety:^^"
CFG
"$doxygen" "$tmp/Doxyfile" >/dev/null 2>&1
if [ -s "$tmp/warnings.txt" ]; then
  echo "undocumented or badly documented public API:"; cat "$tmp/warnings.txt"; exit 1
fi
echo "OK: every public declaration is documented"

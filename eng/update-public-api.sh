#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's
# PublicAPI.Unshipped.txt, and drops removed ones (RS0017). Review the diff before committing.
# Usage: eng/update-public-api.sh src/Ksbb.Model [src/Ksbb.Geo ...]
set -euo pipefail
for project in "$@"; do
  dir=${project%/}
  [ -f "$dir/PublicAPI.Unshipped.txt" ] || { echo "no $dir/PublicAPI.Unshipped.txt" >&2; exit 2; }
  log=$(mktemp)
  dotnet build "$dir" -p:TreatWarningsAsErrors=false --no-incremental -clp:NoSummary >"$log" 2>&1 || true
  grep -o "RS0016: Symbol '.*' is not part of the declared public API" "$log" \
    | sed -e "s/^RS0016: Symbol '//" -e "s/' is not part of the declared public API$//" >"$log.add" || true
  grep -o "RS0017: Symbol '.*' is part of the declared API, but is either not public or could not be found" "$log" \
    | sed -e "s/^RS0017: Symbol '//" -e "s/' is part of the declared API.*$//" >"$log.del" || true
  { cat "$dir/PublicAPI.Unshipped.txt"; cat "$log.add"; } | grep -v -x -F -f <(sort -u "$log.del"; echo '__none__') \
    | grep -v '^#nullable enable$' | sort -u >"$log.new" || true
  { echo '#nullable enable'; cat "$log.new"; } >"$dir/PublicAPI.Unshipped.txt.tmp"
  mv "$dir/PublicAPI.Unshipped.txt.tmp" "$dir/PublicAPI.Unshipped.txt"
  echo "$dir: $(sort -u "$log.add" | wc -l) added, $(sort -u "$log.del" | wc -l) removed"
  rm -f "$log" "$log.add" "$log.del" "$log.new"
done

#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to its project's PublicAPI.Unshipped.txt, and
# removes the unshipped ones it reports as gone (RS0017).
# Run it after adding public API on purpose, then review the diff: it is the API change you are shipping.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet build -warnaserror --no-incremental "${@:-Cortex.Performance.sln}" >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, os, collections
found = collections.defaultdict(set)
gone = collections.defaultdict(set)
pat = re.compile(r"^(?P<file>/\S+?/src/[^/]+)/.*?: (?:error|warning) RS0016: Symbol '(?P<sym>.+)' is not part of the declared public API")
removed = re.compile(r"^(?P<file>/\S+?/src/[^/]+)/PublicAPI\.Unshipped\.txt\(\d+,\d+\): (?:error|warning) RS0017: Symbol '(?P<sym>.+)' is part of the declared API")
for line in open(sys.argv[1], encoding="utf-8"):
    m = pat.search(line.strip())
    if m:
        found[m["file"]].add(m["sym"])
    m = removed.search(line.strip())
    if m:
        gone[m["file"]].add(m["sym"])
for proj in set(found) | set(gone):
    syms = found[proj]
    path = os.path.join(proj, "PublicAPI.Unshipped.txt")
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")] if os.path.exists(path) else ["#nullable enable"]
    body = sorted((set(l for l in lines[1:] if l.strip()) | syms) - gone[proj])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join([lines[0]] + body) + "\n")
    print(f"{path}: +{len(syms)} -{len(gone[proj])}")
PY
rm -f "$log"

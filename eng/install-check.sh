#!/usr/bin/env bash
# The README's install, run as a new user runs it: a fresh `dotnet new web` app outside the repository gets
# Cortex.Production from artifacts/packages (the public feed behind it for dependencies) with the README's install
# lines, takes the README's Program.cs and appsettings.json, builds warning-free, starts against the test servers of the
# packed Cortex.Testing (Qdrant, Z.AI, a real redis-server) and must answer /health and /ask.
# Needs `dotnet pack` to have filled artifacts/packages. Exits non-zero, saying which step failed, when anything fails.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! ls "$repo"/artifacts/packages/Cortex.Production.*.nupkg >/dev/null 2>&1; then
  echo "install-check: no Cortex.Production package in artifacts/packages; run dotnet pack -c Release first" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cortex-install-check.XXXXXX")"
servers_pid=""
app_pid=""
cleanup() {
  # Only the two processes this script started, by id.
  for pid in $app_pid $servers_pid; do
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in $app_pid $servers_pid; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "install-check: $*" >&2; exit 1; }

# A block of README.md: the fenced lines after the marker <!-- NAME --> up to the closing fence.
readme_block() {
  python3 - "$repo/README.md" "$1" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
marker = f"<!-- {sys.argv[2]} -->"
try:
    i = lines.index(marker)
except ValueError:
    sys.exit(f"README.md has no {marker}")
if not lines[i + 1].startswith("```"):
    sys.exit(f"README.md: no fenced block right after {marker}")
end = next(j for j in range(i + 2, len(lines)) if lines[j].startswith("```"))
print("\n".join(lines[i + 2:end]))
PY
}

# The layout the README assumes: the app beside a clone of this repository that has been packed. Its own package
# folder, so that no Cortex package restored earlier on this machine stands in for the ones just packed.
ln -s "$repo" "$work/cortex-performance"
export NUGET_PACKAGES="$work/nuget-packages"
install_lines="$(readme_block install)"
program="$(readme_block program)"
appsettings="$(readme_block appsettings)"

echo "== install-check: the README's install lines in $work"
printf '%s\n' "$install_lines" | sed 's/^/   $ /'
(cd "$work" && bash -euo pipefail -c "$install_lines") >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "the README's install lines failed"; }
app="$work/MyService"
[ -f "$app/MyService.csproj" ] || fail "the install lines did not create MyService/MyService.csproj"
grep -q 'Include="Cortex.Production"' "$app/MyService.csproj" || fail "MyService.csproj has no PackageReference to Cortex.Production"

printf '%s\n' "$program" >"$app/Program.cs"
printf '%s\n' "$appsettings" >"$app/appsettings.json"
echo "== install-check: build the app (README's Program.cs and appsettings.json, -warnaserror)"
dotnet build "$app" -warnaserror -nologo -clp:ErrorsOnly -v:q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "the fresh app does not build"; }

# The test servers, from the packed Cortex.Testing, in a console app of their own.
echo "== install-check: start the test servers from the packed Cortex.Testing"
servers="$work/TestServers"
(cd "$work" && dotnet new console -o TestServers >/dev/null && cp MyService/nuget.config TestServers/ \
  && cd TestServers && dotnet add package Cortex.Testing >"$work/servers-add.log" 2>&1) || { cat "$work/servers-add.log" >&2; fail "cannot add Cortex.Testing"; }
cp "$repo/eng/install-check/TestServers.cs" "$servers/Program.cs"
dotnet build "$servers" -nologo -clp:ErrorsOnly -v:q >"$work/servers-build.log" 2>&1 || { cat "$work/servers-build.log" >&2; fail "the test-server app does not build"; }
env_file="$work/servers.env"
dotnet "$servers/bin/Debug/net10.0/TestServers.dll" "$env_file" 300 >"$work/servers.log" 2>&1 &
servers_pid=$!
for _ in $(seq 1 300); do
  [ -f "$env_file" ] && break
  kill -0 "$servers_pid" 2>/dev/null || { cat "$work/servers.log" >&2; fail "the test servers exited at start"; }
  sleep 0.1
done
[ -f "$env_file" ] || { cat "$work/servers.log" >&2; fail "the test servers did not start within 30 s"; }
cat "$work/servers.log"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
echo "== install-check: run the app at $url"
(
  set -a
  # shellcheck disable=SC1090
  . "$env_file"
  set +a
  export ASPNETCORE_URLS="$url"
  cd "$app" && exec dotnet bin/Debug/net10.0/MyService.dll
) >"$work/app.log" 2>&1 &
app_pid=$!
status="000"
for _ in $(seq 1 600); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url/health" 2>/dev/null || true)
  [ "$status" != "000" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; fail "the app exited at start"; }
  sleep 0.1
done
[ "$status" != "000" ] || { cat "$work/app.log" >&2; fail "the app did not listen within 60 s"; }

health=$(curl -sS "$url/health")
[ "$status" = "200" ] && [ "$health" = "Healthy" ] || { cat "$work/app.log" >&2; fail "GET /health answered $status '$health', not 200 Healthy"; }
answer=$(curl -fsS -X POST "$url/ask?question=hello") || { cat "$work/app.log" >&2; fail "POST /ask failed"; }
case "$answer" in
  *"re: hello"*) ;;
  *) cat "$work/app.log" >&2; fail "POST /ask answered '$answer', not the Z.AI test server's answer to 'hello'";;
esac
echo "   GET /health -> $health"
echo "   POST /ask?question=hello -> $answer"
echo "== install-check: passed"

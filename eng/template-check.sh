#!/usr/bin/env bash
# Installs Cortex.Templates from artifacts/packages into a template hive of its own, instantiates each template into a
# temporary folder outside the repository, and builds and tests what it made (-warnaserror), with the packed Cortex
# packages and nuget.org behind them. Needs `dotnet pack` to have filled artifacts/packages.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
fail() { echo "template-check: $*" >&2; exit 1; }

package=$(ls "$repo"/artifacts/packages/Cortex.Templates.*.nupkg 2>/dev/null | head -1)
[ -n "$package" ] || fail "no Cortex.Templates package in artifacts/packages; run dotnet pack -c Release first"

work="$(mktemp -d "${TMPDIR:-/tmp}/cortex-template-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Its own hive and package folder: nothing installed or restored earlier on this machine stands in for what was just packed.
hive="$work/hive"
export NUGET_PACKAGES="$work/nuget-packages"
(cd "$work" && dotnet new nugetconfig >/dev/null \
  && dotnet nuget add source "$repo/artifacts/packages" --name cortex-performance --configfile nuget.config >/dev/null) || fail "cannot write nuget.config"

echo "== template-check: dotnet new install $(basename "$package")"
dotnet new install "$package" --debug:custom-hive "$hive" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "the templates do not install"; }

check() {
  local template=$1 name=$2 started=$SECONDS
  echo "== template-check: dotnet new $template -n $name"
  dotnet new "$template" -n "$name" -o "$work/$name" --debug:custom-hive "$hive" >"$work/$name.new.log" 2>&1 \
    || { cat "$work/$name.new.log" >&2; fail "dotnet new $template failed"; }
  [ -f "$work/$name/$name/$name.csproj" ] || fail "dotnet new $template made no $name/$name.csproj"
  if grep -rq "Cortex.Samples\|MyLoadTest" "$work/$name" --include='*.cs' --include='*.csproj'; then
    fail "dotnet new $template left the template's own name in the sources"
  fi
  dotnet test "$work/$name/$name.Tests" -warnaserror -nologo >"$work/$name.test.log" 2>&1 \
    || { tail -60 "$work/$name.test.log" >&2; fail "the $template project's tests failed"; }
  local summary
  summary=$(grep -E "^(Passed|Failed)!" "$work/$name.test.log" | tail -1)
  case "$summary" in
    "Passed!"*"Failed:     0"*) ;;
    *) tail -30 "$work/$name.test.log" >&2; fail "no passing test run for $template ($summary)";;
  esac
  echo "   $summary ($((SECONDS - started)) s)"
}
check cortex-service Acme.Memory
check cortex-loadtest Acme.LoadTest
echo "== template-check: passed"

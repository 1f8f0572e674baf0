#!/usr/bin/env bash
# Load test: builds dramadb, starts it on a loopback port and runs wrk
# against the given paths (default: the demo title page and its API).
#
#   scripts/loadtest.sh                          # demo catalog, fresh SQLite folder
#   scripts/loadtest.sh --data /tmp/gen1m --path /titles/SLUG --path /api/v1/titles/SLUG
#   scripts/loadtest.sh --database-url 'postgres://…' --demo
#
# Options: --data DIR, --database-url URL, --demo (load the demo catalog if
# empty; the default when neither --data nor --database-url is given),
# --path P (repeatable), --connections N (64), --duration D (20s),
# --threads N (2), --paths-file F (each request picks a random path from F,
# one per line, instead of --path). Needs wrk (apt-get install wrk). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

data="" url="" demo="" connections=64 duration=20s threads=2 pathsfile=""
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --database-url) url="$2"; shift 2 ;;
    --demo) demo="--demo"; shift ;;
    --path) paths+=("$2"); shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --paths-file) pathsfile="$2"; shift 2 ;;
    *) echo "loadtest: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "loadtest: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -z "$data" ] && [ -z "$url" ]; then data="$work/data"; demo="--demo"; fi
[ ${#paths[@]} -gt 0 ] || paths=(/titles/crash-landing-on-you /api/v1/titles/crash-landing-on-you)

CGO_ENABLED=0 go build -o "$work/dramadb" ./cmd/dramadb
args=(serve --addr 127.0.0.1:0 --log-level warn $demo)
[ -n "$data" ] && args+=(--data "$data")
[ -n "$url" ] && args+=(--database-url "$url")
"$work/dramadb" "${args[@]}" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 600); do
  grep -q 'listening on' "$work/out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
base=$(grep -o 'http://[^ ]*' "$work/out" | head -n1)
echo "server: $(head -n1 "$work/out")"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
if [ -n "$pathsfile" ]; then
  echo
  echo "== GET random paths from $pathsfile ($(wc -l <"$pathsfile") paths; wrk -t$threads -c$connections -d$duration --latency)"
  WRK_PATHS="$pathsfile" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s scripts/paths.lua "$base" | grep -E 'Requests/sec|Transfer/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors'
  exit 0
fi
for p in "${paths[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
  [ "$code" = 200 ] || { echo "loadtest: GET $p answered $code" >&2; exit 1; }
  wrk -t1 -c8 -d2s "$base$p" >/dev/null   # warm up caches and connections
  echo
  echo "== GET $p  (wrk -t$threads -c$connections -d$duration --latency)"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base$p" | grep -E 'Requests/sec|Transfer/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors'
done

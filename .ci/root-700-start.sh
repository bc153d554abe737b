#!/usr/bin/env bash
# `npm start` as root in a checkout that other users cannot reach (root's home is mode 700): the
# embedded PostgreSQL runs as the postgres system user, which cannot enter the checkout. A fresh
# clone of this checkout's HEAD goes into a mode-700 directory, gets `npm ci`, and must answer
# /health/ready after its first `npm start` (which builds) and after a second one (which must skip
# the build), then stop cleanly on SIGTERM. Not root: nothing to check, says so and passes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  echo "root-700-start: not running as root, nothing to check"
  exit 0
fi

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
base="$(mktemp -d)"
chmod 700 "$base"
clone="$base/clone"
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 180); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  # The stand-in data directory the service named in its log (one per checkout path).
  grep -ho '/var/lib/model-performance-service/data-[0-9a-f]*' "$base"/start-*.log 2>/dev/null | sort -u |
    while read -r dir; do rm -rf "$dir"; done
  rm -rf "$base"
}
trap cleanup EXIT

git clone -q "$repo" "$clone"
(cd "$clone" && npm ci --no-audit --no-fund --loglevel=error)

port="$(free_port)"
pg_port="$(free_port)"
# One `npm start`: waits for /health/ready (at most $1 s), prints the seconds it took, stops it with SIGTERM.
start_once() {
  local limit=$1 log="$base/start-$2.log" began
  began=$(date +%s.%N)
  (cd "$clone" && PORT="$port" EMBEDDED_PG_PORT="$pg_port" exec setsid npm start) >"$log" 2>&1 &
  pid=$!
  while ! curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "root-700-start: npm start ($2) exited before /health/ready; its log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    if [ "$(echo "$(date +%s.%N) - $began > $limit" | bc)" -eq 1 ]; then
      echo "root-700-start: npm start ($2) not ready within $limit s; its log:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  printf 'root-700-start: %s start ready after %.1f s\n' "$2" "$(echo "$(date +%s.%N) - $began" | bc)"
  kill -TERM -- "-$pid"
  wait "$pid" || true
  # npm exits at once on SIGTERM; the service in its process group drains, then stops PostgreSQL.
  for _ in $(seq 1 180); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
  pid=""
  if ! grep -q '"msg":"stopped cleanly"' "$log"; then
    echo "root-700-start: npm start ($2) did not stop cleanly on SIGTERM; its log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

start_once 600 first
start_once 60 second
if ! grep -q 'starting without a build' "$base/start-second.log"; then
  echo "root-700-start: the second npm start rebuilt although dist/ was up to date" >&2
  exit 1
fi
echo "root-700-start: passed"

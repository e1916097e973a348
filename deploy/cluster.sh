#!/usr/bin/env bash
# ./confab cluster up N [--key=value ...] | down | status
# N Confab nodes on one PostgreSQL database behind a local nginx (round robin, no sticky sessions).
# State (pids, logs, nginx config, shared media folder) lives in data/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE="${CONFAB_CLUSTER_STATE:-$PWD/data/cluster}"
PORT="${CONFAB_CLUSTER_PORT:-8080}"
FIRST_NODE_PORT="${CONFAB_CLUSTER_NODE_PORT:-8081}"
PG="${CONFAB_CLUSTER_PG:-postgresql://postgres@127.0.0.1:5432}"
DB="${CONFAB_CLUSTER_DB:-confab_cluster}"
JAR=server/target/confab-server.jar

nodes() { ls "$STATE"/node-*.pid 2>/dev/null || true; }

down() {
  if [[ -f "$STATE/nginx.pid" ]]; then nginx -p "$STATE" -c "$STATE/nginx.conf" -s quit 2>/dev/null || true; fi
  for f in $(nodes); do
    pid=$(cat "$f"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$f"
  done
  echo "cluster: stopped"
}

up() {
  local n="${1:-3}"; shift || true
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || { echo "cluster: up N, with N from 1 to 99" >&2; exit 2; }
  command -v nginx >/dev/null || { echo "cluster: nginx is required (apt-get install nginx)" >&2; exit 1; }
  [[ -f "$JAR" ]] || { echo "cluster: build first (./confab build)" >&2; exit 1; }
  down >/dev/null
  mkdir -p "$STATE/nginx-tmp" "$STATE/media"
  psql "$PG/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
    || psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
  local upstreams=""
  for i in $(seq 1 "$n"); do
    local p=$((FIRST_NODE_PORT + i - 1))
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$JAR" --http.host=127.0.0.1 --http.port="$p" \
      --store.url="jdbc:postgresql://127.0.0.1:5432/$DB" --store.user=postgres --media.dir="$STATE/media" "$@" \
      >"$STATE/node-$i.log" 2>&1 &
    echo $! >"$STATE/node-$i.pid"
    upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'
  done
  for i in $(seq 1 "$n"); do
    local p=$((FIRST_NODE_PORT + i - 1))
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$p/readyz" >/dev/null && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$p/readyz" >/dev/null || { echo "cluster: node $i did not become ready, see $STATE/node-$i.log" >&2; exit 1; }
  done
  awk -v state="$STATE" -v port="$PORT" -v ups="$upstreams" \
    '{ gsub("@STATE@", state); gsub("@PORT@", port); if ($0 ~ /@UPSTREAMS@/) { printf "%s", ups } else print }' \
    deploy/nginx-cluster.conf.template >"$STATE/nginx.conf"
  nginx -p "$STATE" -c "$STATE/nginx.conf"
  echo "cluster: $n nodes (ports $FIRST_NODE_PORT-$((FIRST_NODE_PORT + n - 1))) behind nginx at http://127.0.0.1:$PORT"
}

status() {
  for f in $(nodes); do
    i=$(basename "$f" .pid); pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then echo "$i: running (pid $pid)"; else echo "$i: dead"; fi
  done
  if [[ -f "$STATE/nginx.pid" ]] && kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null; then echo "nginx: running, $(grep -o 'listen [^;]*' "$STATE/nginx.conf")"; else echo "nginx: not running"; fi
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: ./confab cluster up N [--key=value ...] | down | status" >&2; exit 2 ;;
esac

# Shared by the bench scripts: their setup, the bootstrap admin key they start the service with, and an API client.

# bench_start: the local database's place, the service's port, a scratch directory, and the service instances
# (app_pid, pooled_pid) stopped and the scratch removed on exit
bench_start() {
  export CELESTIAL_DB_DIR=${CELESTIAL_DB_DIR:-$root/.local/db}
  port=${BENCH_PORT:-18080}
  work=$(mktemp -d /tmp/celestial-bench.XXXXXX)
  app_pid="" pooled_pid=""
  trap 'for p in $app_pid $pooled_pid; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
}
bench_admin_key=cel_bench_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
export CELESTIAL_BOOTSTRAP_ADMIN_KEY=$bench_admin_key

# bench_client PORT: creates an ingest + read client on the service at PORT and prints its key
bench_client() {
  curl -sf -X POST "localhost:$1/api/v1/admin/clients" -H "Authorization: Bearer $bench_admin_key" \
    -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["ingest","read"]}' \
    | sed -n 's/.*"key":"\([^"]*\)".*/\1/p'
}

# bench_wait_ready PORT LOG: waits up to 60 s for the service's readiness; otherwise prints its log and exits
bench_wait_ready() {
  for _ in $(seq 1 300); do curl -sf "localhost:$1/actuator/health/readiness" >/dev/null && return 0; sleep 0.2; done
  echo "bench: the service did not become ready; its log ends:" >&2
  tail -40 "$2" >&2
  exit 1
}

# the JVM options the service is deployed with, unless JAVA_OPTS says otherwise
java_opts=${JAVA_OPTS-$(grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/../local/java-options")}

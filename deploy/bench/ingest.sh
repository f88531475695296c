#!/usr/bin/env bash
# Ingestion throughput: the service's NDJSON path against PostgreSQL's own COPY, same primary, same run.
usage="usage: deploy/bench/ingest.sh [rows (default 1000000)] [--workers N (batches of 100000)] [--heap 256m] [--runs N (default 2)] [--pooler]"
set -eu

rows=1000000 workers=0 heap="" runs=2 pooler=""
while [ $# -gt 0 ]; do
  case $1 in
    --workers) workers=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    # a second instance of the service through PgBouncer (db.sh up --pooler) takes its turn in every run
    --pooler) pooler=--pooler; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) rows=$1; shift ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib.sh"
bench_start

"$root/deploy/local/db.sh" up $pooler >/dev/null
# parsed, never sourced; the service started below gets only the owner, writer and reader credentials
. "$root/deploy/local/credentials.sh"
read_credentials "$CELESTIAL_DB_DIR/credentials.env" || exit 1
export CELESTIAL_DB_NAME CELESTIAL_OWNER_USER CELESTIAL_OWNER_PASSWORD CELESTIAL_WRITER_USER CELESTIAL_WRITER_PASSWORD \
  CELESTIAL_READER_USER CELESTIAL_READER_PASSWORD
pg_port=${CELESTIAL_PRIMARY_PORT:-15432}
psql_super() { PGPASSWORD=$CELESTIAL_SUPERUSER_PASSWORD psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d "$CELESTIAL_DB_NAME" -v ON_ERROR_STOP=1 "$@"; }

jar=$root/service/target/celestial-service.jar
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)

echo "bench: generating $rows synthetic earthquakes"
# the same rows twice: CSV for COPY, NDJSON for the service
awk -v n="$rows" -v csv="$work/quakes.csv" -v nd="$work/quakes.ndjson" 'BEGIN {
  srand(42);
  for (i = 1; i <= n; i++) {
    # magnitudes as a feed has them (Gutenberg-Richter, b = 1, from M1): one in ten is M2 or more, one in
    # 100000 M6 or more, so the example correlation rules and triggers (M6, M7) meet as many events as in life
    lat = -89 + rand() * 178; lon = -179 + rand() * 358; mag = 1 - log(1 - rand()) / log(10); if (mag > 9.5) mag = 9.5; depth = rand() * 600;
    t = 1420070400 + int(rand() * 315360000);
    ts = strftime("%Y-%m-%dT%H:%M:%SZ", t, 1);
    id = sprintf("bench%08d", i);
    printf "%s,%s,%s,%.2f,ml,%.2f,SRID=4326;POINT(%.5f %.5f),synthetic place %d,reviewed,f,%d,bn\n", id, ts, ts, mag, depth, lon, lat, lat, int(mag * 100), i > csv;
    printf "{\"sourceId\":\"%s\",\"time\":\"%s\",\"updated\":\"%s\",\"latitude\":%.5f,\"longitude\":%.5f,\"magnitude\":%.2f,\"magType\":\"ml\",\"depthKm\":%.2f,\"place\":\"synthetic place %d\",\"status\":\"reviewed\",\"tsunami\":false,\"sig\":%d,\"net\":\"bn\"}\n", id, ts, ts, lat, lon, mag, depth, lat, int(mag * 100) > nd;
  } }'

# the bench measures throughput, so the per-client ingestion limits are lifted
SERVER_PORT=$port CELESTIAL_INGEST_ROWS_PER_SECOND=1e12 CELESTIAL_INGEST_REQUESTS_PER_SECOND=1e6 \
  java $java_opts ${heap:+-Xmx$heap} -jar "$jar" > "$work/service.log" 2>&1 &
app_pid=$!
bench_wait_ready "$port" "$work/service.log"
key=$(bench_client "$port")
if [ -n "$pooler" ]; then
  pooler_url=r2dbc:postgresql://127.0.0.1:$((pg_port + 2))/$CELESTIAL_DB_NAME
  SERVER_PORT=$((port + 1)) CELESTIAL_MIGRATE_ON_START=false CELESTIAL_INGEST_ROWS_PER_SECOND=1e12 CELESTIAL_INGEST_REQUESTS_PER_SECOND=1e6 \
    CELESTIAL_DB_PRIMARY_URL="$pooler_url?preparedStatementCacheQueries=0" CELESTIAL_DB_REPLICA_URL="${pooler_url}_ro?preparedStatementCacheQueries=0" \
    CELESTIAL_ALERTS_LISTEN_URL=r2dbc:postgresql://127.0.0.1:$pg_port/$CELESTIAL_DB_NAME \
    java $java_opts ${heap:+-Xmx$heap} -jar "$jar" > "$work/pooled.log" 2>&1 &
  pooled_pid=$!
  bench_wait_ready $((port + 1)) "$work/pooled.log"
fi

# -T streams the file; --data-binary would load it whole into curl's memory
post() { curl -sf -X POST -T "$1" "localhost:${2:-$port}/api/v1/earthquakes" -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' -o "$1.out"; }
peak_rss() { awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$app_pid/status"; }

[ "$workers" -gt 0 ] && split -l 100000 -d -a 4 "$work/quakes.ndjson" "$work/batch."

# COPY and the service take turns on the same primary, each starting from an empty table after a
# checkpoint; the best run of each counts, since checkpoints and the replica's replay make single runs noisy
copy_best=0 service_best=0 pooled_best=0
for run in $(seq 1 "$runs"); do
  psql_super -c "DROP SCHEMA IF EXISTS bench CASCADE" -c "CREATE SCHEMA bench" \
    -c "CREATE TABLE bench.earthquakes (LIKE celestial.earthquakes INCLUDING ALL)" \
    -c "TRUNCATE celestial.earthquakes" -c "CHECKPOINT" 2>/dev/null
  start=$(date +%s.%N)
  psql_super -c "\\copy bench.earthquakes (source_id, occurred_at, source_updated_at, magnitude, mag_type, depth_km, location, place, status, tsunami, significance, network) FROM '$work/quakes.csv' WITH (FORMAT csv)"
  copy_s=$(echo "$(date +%s.%N) - $start" | bc)
  psql_super -c "DROP SCHEMA bench CASCADE" -c "CHECKPOINT" 2>/dev/null

  start=$(date +%s.%N)
  if [ "$workers" -gt 0 ]; then
    ls "$work"/batch.* | grep -v '\.out$' | xargs -P "$workers" -I{} sh -c 'curl -sf -X POST "localhost:'"$port"'/api/v1/earthquakes" -H "Authorization: Bearer '"$key"'" -H "Content-Type: application/x-ndjson" --data-binary "@{}" -o "{}.out"'
  else
    post "$work/quakes.ndjson"
  fi
  service_s=$(echo "$(date +%s.%N) - $start" | bc)
  stored=$(psql_super -Atc "SELECT count(*) FROM celestial.earthquakes")
  [ "$stored" = "$rows" ] || { echo "bench: expected $rows rows, found $stored" >&2; exit 1; }
  read -r copy_rate service_rate <<EOF2
$(awk -v n="$rows" -v s="$service_s" -v c="$copy_s" 'BEGIN { printf "%.0f %.0f", n / c, n / s }')
EOF2
  if [ -n "$pooler" ]; then
    # the same body through the instance behind PgBouncer, from an empty table again
    psql_super -c "TRUNCATE celestial.earthquakes" -c "CHECKPOINT" 2>/dev/null
    start=$(date +%s.%N)
    post "$work/quakes.ndjson" $((port + 1))
    pooled_s=$(echo "$(date +%s.%N) - $start" | bc)
    [ "$(psql_super -Atc "SELECT count(*) FROM celestial.earthquakes")" = "$rows" ] || { echo "bench: rows missing through the pooler" >&2; exit 1; }
    pooled_rate=$(awk -v n="$rows" -v s="$pooled_s" 'BEGIN { printf "%.0f", n / s }')
    [ "$pooled_rate" -gt "$pooled_best" ] && pooled_best=$pooled_rate
  fi
  echo "bench: run $run copy_rows_per_s=$copy_rate service_rows_per_s=$service_rate${pooler:+ pooler_rows_per_s=$pooled_rate}"
  [ "$copy_rate" -gt "$copy_best" ] && copy_best=$copy_rate
  [ "$service_rate" -gt "$service_best" ] && service_best=$service_rate
done

awk -v s="$service_best" -v c="$copy_best" -v n="$rows" -v w="$workers" -v runs="$runs" -v rss="$(peak_rss)" -v mb="$(du -m "$work/quakes.ndjson" | cut -f1)" 'BEGIN {
  printf "ingest: service_rows_per_s=%d copy_rows_per_s=%d ratio=%.2f rows=%d workers=%d runs=%d body_mb=%d service_peak_rss=%s\n",
    s, c, s / c, n, (w > 0 ? w : 1), runs, mb, rss }'
if [ -n "$pooler" ]; then
  awk -v p="$pooled_best" -v s="$service_best" 'BEGIN { printf "ingest: pooler_rows_per_s=%d direct_rows_per_s=%d pooler_vs_direct=%.2f\n", p, s, p / s }'
fi

#!/usr/bin/env bash
# Radius-query throughput: the service's GET /api/v1/earthquakes/nearby against pgbench running the
# exact SQL the service issues, both on the local replica, same data, same run.
# Both sides are warmed up, then measured in alternation (--runs times each); the best run of each is
# compared, as single runs on a shared 2-core host vary with whatever else the machine is doing. Each
# back-to-back pair's own ratio is printed too (pair_ratios, and their median), since the host's speed
# can change between the best pgbench run and the best service run.
usage="usage: deploy/bench/query.sh [rows (default 1000000)] [--seconds N (default 20)] [--runs N (default 2)] [--clients N (default 8)] [--reload] [--java PATH (default java)] [--pooler]"
set -eu

rows=1000000 seconds=20 runs=2 clients=8 java=java reload=0 pooler=""
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --reload) reload=1; shift ;;
    # a second instance of the service through PgBouncer (db.sh up --pooler) is measured in every run too
    --pooler) pooler=--pooler; shift ;;
    --clients) clients=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) rows=$1; shift ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
export CELESTIAL_DB_DIR=${CELESTIAL_DB_DIR:-$root/.local/db}
port=${BENCH_PORT:-18080}
work=$(mktemp -d /tmp/celestial-bench.XXXXXX)
app_pid="" pooled_pid=""
cleanup() { for p in $app_pid $pooled_pid; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "bench: needs wrk" >&2; exit 1; }
"$root/deploy/local/db.sh" up $pooler >/dev/null
# parsed, never sourced; the service started below gets only the owner, writer and reader credentials
. "$root/deploy/local/credentials.sh"
read_credentials "$CELESTIAL_DB_DIR/credentials.env" || exit 1
export CELESTIAL_DB_NAME CELESTIAL_OWNER_USER CELESTIAL_OWNER_PASSWORD CELESTIAL_WRITER_USER CELESTIAL_WRITER_PASSWORD \
  CELESTIAL_READER_USER CELESTIAL_READER_PASSWORD
primary_port=${CELESTIAL_PRIMARY_PORT:-15432} replica_port=${CELESTIAL_REPLICA_PORT:-15433}
psql_on() { PGPASSWORD=$CELESTIAL_SUPERUSER_PASSWORD psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d "$CELESTIAL_DB_NAME" -v ON_ERROR_STOP=1 "${@:2}"; }

jar=$root/service/target/celestial-service.jar
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)

# the service migrates the schema; start it first. Tuned for this host: the reader pool at twice the
# replica's cores (8 clients share 4 connections instead of 8 backends time-slicing 2 cores).
pool=${CELESTIAL_DB_REPLICA_POOL_MAXSIZE:-$((2 * $(nproc)))}
. "$root/deploy/bench/lib.sh"
SERVER_PORT=$port CELESTIAL_DB_REPLICA_POOL_MAXSIZE=$pool "$java" $java_opts -jar "$jar" > "$work/service.log" 2>&1 &
app_pid=$!
bench_wait_ready "$port" "$work/service.log"
key=$(bench_client "$port")
if [ -n "$pooler" ]; then
  pooler_url=r2dbc:postgresql://127.0.0.1:$((primary_port + 2))/$CELESTIAL_DB_NAME
  SERVER_PORT=$((port + 1)) CELESTIAL_MIGRATE_ON_START=false CELESTIAL_DB_REPLICA_POOL_MAXSIZE=$pool \
    CELESTIAL_DB_PRIMARY_URL="$pooler_url?preparedStatementCacheQueries=0" CELESTIAL_DB_REPLICA_URL="${pooler_url}_ro?preparedStatementCacheQueries=0" \
    CELESTIAL_ALERTS_LISTEN_URL=r2dbc:postgresql://127.0.0.1:$primary_port/$CELESTIAL_DB_NAME \
    "$java" $java_opts -jar "$jar" > "$work/pooled.log" 2>&1 &
  pooled_pid=$!
  bench_wait_ready $((port + 1)) "$work/pooled.log"
fi

# the data of an earlier run is reused when it is the same size (--reload loads anew). A fresh load is
# frozen, so the replica's visibility checks cost the same in every run instead of falling as hint
# bits accumulate in its buffers (pgbench alone went from about 2,200 to 3,400 tps that way).
loaded=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes WHERE place = 'synthetic'")
total=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes")
if [ "$reload" = 1 ] || [ "$loaded" != "$rows" ] || [ "$total" != "$rows" ]; then
echo "bench: loading $rows synthetic earthquakes over the globe and 10 years"
psql_on "$primary_port" -c "TRUNCATE celestial.earthquakes" -c "
  INSERT INTO celestial.earthquakes (source_id, occurred_at, source_updated_at, magnitude, mag_type, depth_km, location, place, status, network)
  SELECT 'q' || lpad(i::text, 8, '0'), t, t, round((1 + random() * 7)::numeric, 1), 'ml', round((random() * 600)::numeric, 2),
         -- four decimals, as USGS gives coordinates
         ST_SetSRID(ST_MakePoint(round((-180 + random() * 360)::numeric, 4), round(degrees(asin(2 * random() - 1))::numeric, 4)), 4326)::geography,
         'synthetic', 'reviewed', 'bn'
    FROM generate_series(1, $rows) AS i,
         LATERAL (SELECT timestamptz '2016-01-01' + (random() * 3650 + i * 0) * interval '1 day' AS t) AS r" \
  -c "VACUUM (FREEZE, ANALYZE) celestial.earthquakes" -c "CHECKPOINT"
else
  echo "bench: reusing the $rows synthetic earthquakes already loaded"
fi
lsn=$(psql_on "$primary_port" -Atc "SELECT pg_current_wal_lsn()")
until [ "$(psql_on "$replica_port" -Atc "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do sleep 0.5; done

# the SQL EarthquakeQueries.nearby issues for ?lat=&lon=&radiusKm=100 (orderBy time, limit 100 + 1)
cat > "$work/nearby.sql" <<'SQL'
\set lat -89.0 + random(0, 1780000) / 10000.0
\set lon -179.0 + random(0, 3580000) / 10000.0
SELECT source_id, occurred_at, source_updated_at, ST_Y(location::geometry) AS latitude,
       ST_X(location::geometry) AS longitude, magnitude, mag_type, depth_km, place, status, tsunami,
       significance, network, code, alert_level, felt, cdi, mmi, url,
       ST_Distance(location, ST_MakePoint(:lon, :lat)::geography) AS distance_m
  FROM celestial.earthquakes
 WHERE ST_DWithin(location, ST_MakePoint(:lon, :lat)::geography, 100000)
 ORDER BY occurred_at DESC, source_id DESC
 LIMIT 101;
SQL
echo "bench: plan on the replica:"
psql_on "$replica_port" -Atc "EXPLAIN SELECT source_id FROM celestial.earthquakes
  WHERE ST_DWithin(location, ST_MakePoint(12.5, 41.9)::geography, 100000) ORDER BY occurred_at DESC, source_id DESC LIMIT 101" | sed 's/^/  /'

# the requests are formatted before the run (per request, Lua's formatting would take the client a
# larger share of the 2 cores than pgbench's \set takes); each wrk thread cycles through its own 20,000 points
cat > "$work/nearby.lua" <<'LUA'
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("seed", 42 + threads)
end
local requests, last = {}, 0
init = function(args)
  math.randomseed(seed)
  for i = 1, 20000 do
    requests[i] = wrk.format("GET", string.format("/api/v1/earthquakes/nearby?lat=%.4f&lon=%.4f&radiusKm=100",
      -89 + math.random() * 178, -179 + math.random() * 358))
  end
end
request = function()
  last = last % #requests + 1
  return requests[last]
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("%.1f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA

# pgbench_run SECONDS: tps, then p50 and p99 in ms from pgbench's per-transaction log (microseconds in column 3)
pgbench_run() {
  rm -f "$work"/pgbench.*
  local tps
  tps=$(cd "$work" && PGPASSWORD=$CELESTIAL_READER_PASSWORD pgbench -n -h 127.0.0.1 -p "$replica_port" -U "$CELESTIAL_READER_USER" \
    -M prepared -c "$clients" -j 2 -T "$1" -l --log-prefix=pgbench -f "$work/nearby.sql" "$CELESTIAL_DB_NAME" | awk '/^tps/ {print $3; exit}')
  echo "$tps $(cat "$work"/pgbench.* | awk '{print $3}' | sort -n | awk '{v[NR] = $1} END {printf "%.2f %.2f", v[int(NR * 0.5)] / 1000, v[int(NR * 0.99)] / 1000}')"
}
# wrk_run SECONDS [PORT]: requests/s, p50 and p99 in ms, errors
wrk_run() {
  wrk -t 2 -c "$clients" -d "${1}s" -H "Authorization: Bearer $key" -s "$work/nearby.lua" "http://127.0.0.1:${2:-$port}" | tail -1
}

# warm-up: the replica's cache for pgbench, and 60 s for the service (on 2 cores the JIT is still compiling after 30 s)
pgbench_run 10 >/dev/null
wrk_run 60 >/dev/null
[ -z "$pooler" ] || wrk_run 60 $((port + 1)) >/dev/null
best_pg="0 0 0" best_svc="0 0 0 0" pairs="" best_pooled=0
for run in $(seq 1 "$runs"); do
  pg=$(pgbench_run "$seconds")
  svc=$(wrk_run "$seconds")
  echo "bench: run $run: pgbench tps p50 p99 = $pg; service rps p50 p99 errors = $svc"
  # a failed request is answered faster than a query: a run with errors measures nothing
  [ "${svc##* }" = 0 ] || { echo "bench: ${svc##* } service requests failed (non-2xx or socket errors); no figures" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  if [ -n "$pooler" ]; then
    pooled=$(wrk_run "$seconds" $((port + 1)))
    echo "bench: run $run: through the pooler rps p50 p99 errors = $pooled"
    [ "${pooled##* }" = 0 ] || { echo "bench: requests through the pooler failed; no figures" >&2; tail -20 "$work/pooled.log" >&2; exit 1; }
    awk -v a="${pooled%% *}" -v b="$best_pooled" 'BEGIN {exit !(a > b)}' && best_pooled=${pooled%% *}
  fi
  pairs="$pairs $(awk -v s="${svc%% *}" -v p="${pg%% *}" 'BEGIN {printf "%.2f", s / p}')"
  awk -v a="${pg%% *}" -v b="${best_pg%% *}" 'BEGIN {exit !(a > b)}' && best_pg=$pg
  awk -v a="${svc%% *}" -v b="${best_svc%% *}" 'BEGIN {exit !(a > b)}' && best_svc=$svc
done
read -r pgbench_tps pg_p50 pg_p99 <<EOF3
$best_pg
EOF3
read -r service_rps p50 p99 errors <<EOF2
$best_svc
EOF2
served=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $key" "localhost:$port/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=100" | awk -F': ' 'tolower($1) == "served-by" {print $2}' | tr -d '\r')

# the median of the pairs' ratios (the mean of the middle two for an even count)
median=$(printf '%s\n' $pairs | sort -n | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')

awk -v s="$service_rps" -v p="$pgbench_tps" -v p50="$p50" -v p99="$p99" -v e="$errors" -v c="$clients" -v by="$served" \
    -v pairs="$(echo $pairs | tr ' ' ',')" -v median="$median" -v g50="$pg_p50" -v g99="$pg_p99" -v pool="$pool" -v jo="$java_opts" -v jv="$("$java" -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')" 'BEGIN {
  printf "query: service_rps=%.0f pgbench_tps=%.0f ratio=%.2f p50_ms=%.2f p99_ms=%.2f pair_ratios=%s pair_ratio_median=%s pgbench_p50_ms=%.2f pgbench_p99_ms=%.2f errors=%d clients=%d reader_pool=%d served_by=%s java=%s java_opts=\"%s\"\n",
    s, p, s / p, p50, p99, pairs, median, g50, g99, e, c, pool, by, jv, jo }'
if [ -n "$pooler" ]; then
  awk -v p="$best_pooled" -v s="$service_rps" 'BEGIN { printf "query: pooler_rps=%.0f direct_rps=%.0f pooler_vs_direct=%.2f\n", p, s, p / s }'
fi

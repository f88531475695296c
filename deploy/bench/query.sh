#!/usr/bin/env bash
# Radius-query throughput as users get it: the service's GET /api/v1/earthquakes/nearby, started exactly as
# deploy/local/run.sh starts it (that script, its java options and environment, no bench-only setting), against
# pgbench running the exact SQL the service issues, both on the local replica, same data, same query centres.
#
# The data (default): USGS-like earthquakes (deploy/bench/usgs-like.awk: seeded; clustered on real seismic zones
# with a uniform background, Gutenberg-Richter magnitudes, place names, magType, status, net/code, url, felt/cdi/mmi
# on a realistic share, 10 years) posted to POST /api/v1/earthquakes in batches, as a feed worker posts them. The
# service's archive run then moves what is older than celestial.archive.age out of the live table, as its schedule
# does on any instance up for 5 minutes (done before measuring, so the move is not measured). --synthetic: the old
# SQL-generated load instead (uniform over the globe, place 'synthetic', written straight into the live table).
# A load is reused by a later run of the same size and mode; --reload loads anew. A load is frozen, so the
# replica's visibility checks cost the same in every run (pgbench alone went from about 2,200 to 3,400 tps
# as hint bits accumulated without it).
#
# The query centres: half are event locations (so queries land where events are dense), half uniform in latitude
# and longitude; wrk and pgbench draw from the same list. Rows and bytes per response are printed beside the ratio.
# Both sides are warmed up, then measured in alternation (--runs times each); the best run of each is compared,
# as single runs on a shared 2-core host vary with whatever else the machine is doing. Each back-to-back pair's
# own ratio is printed too (pair_ratios, and their median), since the host's speed can change between the best
# pgbench run and the best service run.
# Last, the service is restarted and measured for its first 30 s after readiness: a freshly scaled-out pod on
# Kubernetes takes real traffic then, with its JIT still cold (first_30s_p99_ms).
usage="usage: deploy/bench/query.sh [rows (default 1000000)] [--synthetic] [--seconds N (default 20)] [--runs N (default 3)] [--clients N (default 8)] [--reload] [--java PATH (default java)] [--pooler]"
set -eu

rows=1000000 seconds=20 runs=3 clients=8 java=java reload=0 pooler="" mode=usgs
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --reload) reload=1; shift ;;
    --synthetic) mode=synthetic; shift ;;
    # a second instance of the service through PgBouncer (db.sh up --pooler) is measured in every run too
    --pooler) pooler=--pooler; shift ;;
    --clients) clients=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) rows=$1; shift ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/bench/lib.sh"
bench_start

command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "bench: needs wrk" >&2; exit 1; }
"$root/deploy/local/db.sh" up $pooler >/dev/null
# parsed, never sourced; run.sh hands the service only the owner, writer and reader credentials
. "$root/deploy/local/credentials.sh"
read_credentials "$CELESTIAL_DB_DIR/credentials.env" || exit 1
export CELESTIAL_DB_NAME CELESTIAL_OWNER_USER CELESTIAL_OWNER_PASSWORD CELESTIAL_WRITER_USER CELESTIAL_WRITER_PASSWORD \
  CELESTIAL_READER_USER CELESTIAL_READER_PASSWORD
primary_port=${CELESTIAL_PRIMARY_PORT:-15432} replica_port=${CELESTIAL_REPLICA_PORT:-15433}
psql_on() { PGPASSWORD=$CELESTIAL_SUPERUSER_PASSWORD psql -X -q -h 127.0.0.1 -p "$1" -U postgres -d "$CELESTIAL_DB_NAME" -v ON_ERROR_STOP=1 "${@:2}"; }

jar=$root/service/target/celestial-service.jar
[ -f "$jar" ] || (cd "$root" && ./mvnw -B -q -DskipTests package)

# --java: run.sh runs the java on its PATH
path=$PATH
if [ "$java" != java ]; then mkdir "$work/bin"; ln -s "$(command -v "$java")" "$work/bin/java"; path=$work/bin:$PATH; fi
# start_service PORT LOG [VAR=VALUE...]: deploy/local/run.sh in the background (it execs java, so $! is the service)
start_service() {
  env PATH="$path" SERVER_PORT="$1" "${@:3}" "$root/deploy/local/run.sh" > "$2" 2>&1 &
}

# the service migrates the schema; start it first
start_service "$port" "$work/service.log"
app_pid=$!
bench_wait_ready "$port" "$work/service.log"
key=$(bench_client "$port")
if [ -n "$pooler" ]; then
  pooler_url=r2dbc:postgresql://127.0.0.1:$((primary_port + 2))/$CELESTIAL_DB_NAME
  start_service $((port + 1)) "$work/pooled.log" CELESTIAL_MIGRATE_ON_START=false \
    CELESTIAL_DB_PRIMARY_URL="$pooler_url?preparedStatementCacheQueries=0" CELESTIAL_DB_REPLICA_URL="${pooler_url}_ro?preparedStatementCacheQueries=0" \
    CELESTIAL_ALERTS_LISTEN_URL=r2dbc:postgresql://127.0.0.1:$primary_port/$CELESTIAL_DB_NAME
  pooled_pid=$!
  bench_wait_ready $((port + 1)) "$work/pooled.log"
fi

# archive_run: the service's own archive run (what its schedule does 5 minutes after start); prints the rows it
# moved, fails when the run does (call it as moved=$(archive_run) || exit 1: an exit in $(...) leaves only the subshell)
archive_run() {
  curl -sf -X POST "localhost:$port/api/v1/admin/archive/run" -H "Authorization: Bearer $bench_admin_key" > "$work/archive.json" \
    || { echo "bench: the archive run failed" >&2; exit 1; }
  grep -o '"moved":[0-9]*' "$work/archive.json" | awk -F: '{n += $2} END {print n + 0}'
}
freeze() { psql_on "$primary_port" -c "VACUUM (FREEZE, ANALYZE) celestial.earthquakes, celestial.earthquakes_archive, celestial.earthquakes_archive_keys" -c "CHECKPOINT"; }

# the data of an earlier run is reused when it is the same size and mode: USGS-like events are the ones whose url
# is their own event page, live or archived; synthetic ones have place 'synthetic' and must all be live
if [ "$mode" = usgs ]; then
  loaded=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes_with_archive
                                          WHERE url = 'https://earthquake.usgs.gov/earthquakes/eventpage/' || source_id")
else
  loaded=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes WHERE place = 'synthetic'")
fi
total=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes_with_archive")
if [ "$reload" = 1 ] || [ "$loaded" != "$rows" ] || [ "$total" != "$rows" ]; then
  # an archived key would make ingestion skip its event: the archive goes too
  psql_on "$primary_port" -c "TRUNCATE celestial.earthquakes, celestial.earthquakes_archive, celestial.earthquakes_archive_keys"
  load_start=$(date +%s)
  if [ "$mode" = usgs ]; then
    echo "bench: posting $rows USGS-like earthquakes (10 years) to the service in batches of 100000"
    awk -v n="$rows" -v end=$(( $(date -u +%s) / 86400 * 86400 )) -f "$root/deploy/bench/usgs-like.awk" \
      | split -l 100000 -d -a 4 - "$work/batch."
    body_mb=$(du -cm "$work"/batch.* | awk 'END {print $1}')
    post_start=$(date +%s.%N)
    for batch in "$work"/batch.*; do
      # -T streams the file; a 429 (the client's ingestion rate) is waited out as a worker would
      while code=$(curl -s -X POST -T "$batch" "localhost:$port/api/v1/earthquakes" -H "Authorization: Bearer $key" \
                     -H 'Content-Type: application/x-ndjson' -o "$work/posted.json" -w '%{http_code}'); [ "$code" = 429 ]; do sleep 1; done
      case $code in 2??) ;; *) echo "bench: posting $batch answered $code: $(head -c 600 "$work/posted.json")" >&2; exit 1 ;; esac
      rm "$batch"
    done
    post_s=$(echo "$(date +%s.%N) - $post_start" | bc)
    stored=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes")
    [ "$stored" = "$rows" ] || { echo "bench: expected $rows earthquakes, found $stored" >&2; exit 1; }
    awk -v n="$rows" -v s="$post_s" -v mb="$body_mb" 'BEGIN {printf "bench: posted %d MB in %.0f s (%.0f rows/s)\n", mb, s, n / s}'
    moved=$(archive_run) || exit 1
    echo "bench: the archive run moved $moved earthquakes older than celestial.archive.age out of the live table"
  else
    echo "bench: loading $rows synthetic earthquakes over the globe and 10 years"
    psql_on "$primary_port" -c "
      INSERT INTO celestial.earthquakes (source_id, occurred_at, source_updated_at, magnitude, mag_type, depth_km, location, place, status, network)
      SELECT 'q' || lpad(i::text, 8, '0'), t, t, round((1 + random() * 7)::numeric, 1), 'ml', round((random() * 600)::numeric, 2),
             -- four decimals, as USGS gives coordinates
             ST_SetSRID(ST_MakePoint(round((-180 + random() * 360)::numeric, 4), round(degrees(asin(2 * random() - 1))::numeric, 4)), 4326)::geography,
             'synthetic', 'reviewed', 'bn'
        FROM generate_series(1, $rows) AS i,
             LATERAL (SELECT timestamptz '2016-01-01' + (random() * 3650 + i * 0) * interval '1 day' AS t) AS r"
  fi
  freeze
  echo "bench: loaded in $(( $(date +%s) - load_start )) s"
else
  echo "bench: reusing the $rows $mode earthquakes already loaded"
  # what crossed the archive cutoff since the load moves now rather than during the measurement
  if [ "$mode" = usgs ]; then
    moved=$(archive_run) || exit 1
    [ "$moved" = 0 ] || freeze
  fi
fi
live=$(psql_on "$primary_port" -Atc "SELECT count(*) FROM celestial.earthquakes")
lsn=$(psql_on "$primary_port" -Atc "SELECT pg_current_wal_lsn()")
until [ "$(psql_on "$replica_port" -Atc "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do sleep 0.5; done

# the query centres, "lat lon" a line: event locations (a deterministic sample) and uniform points, alternating
ncentres=8192
psql_on "$replica_port" -At -F ' ' -c "SELECT round(ST_Y(location::geometry)::numeric, 4), round(ST_X(location::geometry)::numeric, 4)
                                         FROM celestial.earthquakes ORDER BY md5(source_id) LIMIT $((ncentres / 2))" > "$work/events.txt"
awk -v n="$ncentres" 'BEGIN {srand(7)} {ev[NR] = $0} END {
  for (i = 1; i <= n / 2; i++) { print ev[(i - 1) % NR + 1]; printf "%.4f %.4f\n", -89 + rand() * 178, -179 + rand() * 358 } }' "$work/events.txt" > "$work/centres.txt"

# the SQL EarthquakeQueries.nearby issues for ?lat=&lon=&radiusKm=100 (orderBy time, limit 100 + 1); pgbench picks
# centre i of the list through a balanced CASE tree over the centres (lat and lon packed in one integer), about
# 13 comparisons, so neither an extra statement nor client work beyond a few microseconds is added
awk '
  function tree(lo, hi,   mid) {
    if (lo == hi) return v[lo]
    mid = int((lo + hi + 1) / 2)
    return "case when :i < " mid " then " tree(lo, mid - 1) " else " tree(mid, hi) " end"
  }
  { v[NR] = sprintf("%.0f", int(($1 + 90) * 10000 + 0.5) * 3600001 + int(($2 + 180) * 10000 + 0.5)) }
  END {
    print "\\set i random(1, " NR ")"
    print "\\set c " tree(1, NR)
    print "\\set lat (:c / 3600001) / 10000.0 - 90"
    print "\\set lon (:c % 3600001) / 10000.0 - 180"
  }' "$work/centres.txt" > "$work/nearby.sql"
# the radius (m) and the limit are bound, as the service binds them
printf '\\set radiusM 100000.0\n\\set limit 101\n' >> "$work/nearby.sql"
# newest first, window by window (EarthquakeQueries#newestFirst): one ordered branch per time window, under one LIMIT
select="SELECT source_id, occurred_at, source_updated_at, ST_Y(location::geometry) AS latitude,
       ST_X(location::geometry) AS longitude, magnitude, mag_type, depth_km, place, status, tsunami,
       significance, network, code, alert_level, felt, cdi, mmi, url,
       ST_Distance(location, ST_MakePoint(:lon, :lat)::geography) AS distance_m
  FROM celestial.earthquakes
 WHERE ST_DWithin(location, ST_MakePoint(:lon, :lat)::geography, :radiusM)"
order=" ORDER BY occurred_at DESC, source_id DESC
 LIMIT :limit)"
# the windows EarthquakeQueries.WINDOWS declares, read from it (the last branch takes all that is older)
IFS=, read -r -a windows <<< "$(sed -n 's/.*List<String> WINDOWS = List.of(\(.*\));/\1/p' \
  "$root/service/src/main/java/dev/celestial/earthquake/EarthquakeQueries.java" | tr -d '"' | sed 's/, */,/g')"
[ "${#windows[@]}" -gt 0 ] || { echo "bench: no WINDOWS in EarthquakeQueries.java" >&2; exit 1; }
{
  echo "SELECT * FROM ("
  previous=""
  for window in "${windows[@]}" ""; do
    [ -z "$previous" ] || echo "UNION ALL"
    echo "($select"
    [ -z "$window" ] || echo "   AND occurred_at >= now() - interval '$window'"
    [ -z "$previous" ] || echo "   AND occurred_at < now() - interval '$previous'"
    echo "$order"
    previous=$window
  done
  echo ") AS newest_first"
  echo " LIMIT :limit;"
} | tr '\n' ' ' | sed 's/; $/;/' >> "$work/nearby.sql"
echo >> "$work/nearby.sql"

# rows per response over all the centres (a page holds up to 100), and how many rows a query matches (and sorts)
# over every 16th of them
awk 'BEGIN {print "WITH c(k, lat, lon) AS (VALUES"} {printf "%s(%d, %s::float8, %s::float8)\n", (NR > 1 ? "," : " "), NR, $1, $2} END {print ")"}' \
  "$work/centres.txt" > "$work/centres.sql"
cat >> "$work/centres.sql" <<'SQL'
, page AS (SELECT (SELECT count(*) FROM (SELECT FROM celestial.earthquakes
                                          WHERE ST_DWithin(location, ST_MakePoint(lon, lat)::geography, 100000) LIMIT 101) AS p) AS n
             FROM c)
, matched AS (SELECT (SELECT count(*) FROM celestial.earthquakes WHERE ST_DWithin(location, ST_MakePoint(lon, lat)::geography, 100000)) AS n
                FROM c WHERE k % 16 = 1)
SELECT round(avg(least(n, 100)), 1), round(100 * avg((n > 100)::int)), round(100 * avg((n = 0)::int)),
       (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) || ' ' || percentile_disc(0.9) WITHIN GROUP (ORDER BY n) || ' ' || max(n) FROM matched)
  FROM page;
SQL
read -r rows_per_response full_pages empty_pages matches < <(psql_on "$replica_port" -At -F ' ' -f "$work/centres.sql")
echo "bench: $live of $rows earthquakes live; $ncentres centres (half event locations, half uniform): $rows_per_response rows per response, $full_pages% full pages, $empty_pages% empty; rows matched p50 p90 max = $matches"
echo "bench: plan on the replica (an event location):"
read -r first_lat first_lon < "$work/centres.txt"
psql_on "$replica_port" -Atc "EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) $(tail -1 "$work/nearby.sql" \
  | sed "s/:lon/$first_lon/g; s/:lat/$first_lat/g; s/:radiusM/100000.0/g; s/:limit/101/g")" | grep -v "Index Cond\|Filter:\|Sort Key" | sed 's/^/  /'

# the requests are formatted before the run (per request, Lua's formatting would take the client a larger share
# of the 2 cores than pgbench's \set takes); each wrk thread cycles through the centres from its own starting point
cat > "$work/nearby.lua" <<'LUA'
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
local requests, last = {}, 0
init = function(args)
  for line in io.lines(args[1]) do
    local lat, lon = line:match("^(%S+) (%S+)")
    requests[#requests + 1] = wrk.format("GET", "/api/v1/earthquakes/nearby?lat=" .. lat .. "&lon=" .. lon .. "&radiusKm=100")
  end
  last = math.floor((id - 1) * #requests / tonumber(args[2]))
end
request = function()
  last = last % #requests + 1
  return requests[last]
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("%.1f %.2f %.2f %.0f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.bytes / math.max(summary.requests, 1), errors))
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
# wrk_run SECONDS [PORT]: requests/s, p50 and p99 in ms, bytes per response, errors
wrk_run() {
  wrk -t 2 -c "$clients" -d "${1}s" -H "Authorization: Bearer $key" -s "$work/nearby.lua" "http://127.0.0.1:${2:-$port}" \
    -- "$work/centres.txt" 2 | tail -1
}

# CPU time each side spends (clock ticks): the service's JVM, and the replica's processes (its postmaster's live
# children, plus those it has reaped, so backends that exit within a run still count)
clk=$(getconf CLK_TCK)
replica_pm=$(head -1 "$CELESTIAL_DB_DIR/replica/postmaster.pid")
service_ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
replica_ticks() {
  { awk '{print $16 + $17}' "/proc/$replica_pm/stat"
    for child in $(pgrep -P "$replica_pm"); do awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || true; done
  } | awk '{t += $1} END {print t + 0}'
}
pg_ticks=0 pg_count=0 svc_ticks=0 svc_db_ticks=0 svc_count=0

# warm-up: the replica's cache for pgbench, and 60 s for the service (on 2 cores the JIT is still compiling after 30 s)
pgbench_run 10 >/dev/null
wrk_run 60 >/dev/null
[ -z "$pooler" ] || wrk_run 60 $((port + 1)) >/dev/null
best_pg="0 0 0" best_svc="0 0 0 0 0" pairs="" best_pooled=0
for run in $(seq 1 "$runs"); do
  r0=$(replica_ticks)
  pg=$(pgbench_run "$seconds")
  # pgbench's backends exit as it ends: once the postmaster has reaped them their time is in its own count,
  # not the service's turn that follows
  sleep 2
  r1=$(replica_ticks) s1=$(service_ticks)
  svc=$(wrk_run "$seconds")
  r2=$(replica_ticks) s2=$(service_ticks)
  pg_ticks=$((pg_ticks + r1 - r0)) svc_db_ticks=$((svc_db_ticks + r2 - r1)) svc_ticks=$((svc_ticks + s2 - s1))
  pg_count=$(awk -v a="$pg_count" -v t="${pg%% *}" -v s="$seconds" 'BEGIN {printf "%d", a + t * s}')
  svc_count=$(awk -v a="$svc_count" -v t="${svc%% *}" -v s="$seconds" 'BEGIN {printf "%d", a + t * s}')
  echo "bench: run $run: pgbench tps p50 p99 = $pg; service rps p50 p99 bytes errors = $svc"
  # a failed request is answered faster than a query: a run with errors measures nothing
  [ "${svc##* }" = 0 ] || { echo "bench: ${svc##* } service requests failed (non-2xx or socket errors); no figures" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  if [ -n "$pooler" ]; then
    pooled=$(wrk_run "$seconds" $((port + 1)))
    echo "bench: run $run: through the pooler rps p50 p99 bytes errors = $pooled"
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
read -r service_rps p50 p99 bytes errors <<EOF2
$best_svc
EOF2
served=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $key" "localhost:$port/api/v1/earthquakes/nearby?lat=0&lon=0&radiusKm=100" | awk -F': ' 'tolower($1) == "served-by" {print $2}' | tr -d '\r')

# the reader pool the service ran with, as its metrics report it
pool=$(curl -s "localhost:$port/actuator/prometheus" | awk -F'} ' '/^r2dbc_pool_max_allocated_connections\{name="readerPool"/ {printf "%d", $2; exit}')

# the median of the pairs' ratios (the mean of the middle two for an even count)
median=$(printf '%s\n' $pairs | sort -n | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')

awk -v s="$service_rps" -v p="$pgbench_tps" -v p50="$p50" -v p99="$p99" -v e="$errors" -v c="$clients" -v by="$served" \
    -v pairs="$(echo $pairs | tr ' ' ',')" -v median="$median" -v g50="$pg_p50" -v g99="$pg_p99" -v pool="${pool:-?}" -v jo="$(echo $java_opts)" \
    -v rpr="$rows_per_response" -v bpr="$bytes" -v mode="$mode" -v rows="$rows" -v live="$live" \
    -v jv="$("$java" -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')" 'BEGIN {
  printf "query: service_rps=%.0f pgbench_tps=%.0f ratio=%.2f rows_per_response=%s bytes_per_response=%d p50_ms=%.2f p99_ms=%.2f pair_ratios=%s pair_ratio_median=%s pgbench_p50_ms=%.2f pgbench_p99_ms=%.2f errors=%d clients=%d data=%s rows=%d live_rows=%d reader_pool=%s served_by=%s java=%s java_opts=\"%s\"\n",
    s, p, s / p, rpr, bpr, p50, p99, pairs, median, g50, g99, e, c, mode, rows, live, pool, by, jv, jo }'
# per request, over all runs: the service's CPU, the replica's CPU for the service's queries, and for pgbench's
awk -v st="$svc_ticks" -v sd="$svc_db_ticks" -v sc="$svc_count" -v pt="$pg_ticks" -v pc="$pg_count" -v clk="$clk" 'BEGIN {
  printf "query: cpu_ms_per_request service=%.3f replica=%.3f; cpu_ms_per_query pgbench_replica=%.3f\n",
    1000 * st / clk / sc, 1000 * sd / clk / sc, 1000 * pt / clk / pc }'
if [ -n "$pooler" ]; then
  awk -v p="$best_pooled" -v s="$service_rps" 'BEGIN { printf "query: pooler_rps=%.0f direct_rps=%.0f pooler_vs_direct=%.2f\n", p, s, p / s }'
fi

# a fresh instance: stopped, started again as run.sh starts it, and sent the same queries from the moment its
# readiness answers, for 30 s
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
started=$(date +%s.%N)
start_service "$port" "$work/restarted.log"
app_pid=$!
for _ in $(seq 1 1200); do curl -sf "localhost:$port/actuator/health/readiness" >/dev/null && break; sleep 0.1; done
ready_s=$(echo "$(date +%s.%N) - $started" | bc)
curl -sf "localhost:$port/actuator/health/readiness" >/dev/null || { echo "bench: the restarted service did not become ready" >&2; tail -40 "$work/restarted.log" >&2; exit 1; }
read -r first_rps first_p50 first_p99 first_bytes first_errors <<EOF5
$(wrk_run 30)
EOF5
awk -v s="$first_rps" -v p50="$first_p50" -v p99="$first_p99" -v e="$first_errors" -v r="$ready_s" 'BEGIN {
  printf "query: first_30s_p99_ms=%.2f first_30s_p50_ms=%.2f first_30s_rps=%.0f errors=%d ready_after_s=%.1f\n", p99, p50, s, e, r }'

#!/usr/bin/env bash
# Point-in-time recovery drill: a full pgBackRest backup, marker rows written once a second through the
# service, a target time between two of them, then a restore to that target into a new data directory on a
# spare port, which must hold exactly the markers committed before the target.
usage="usage: deploy/ops/pitr-drill.sh [markers before the target (default 10)]
  env: CELESTIAL_DB_DIR, CELESTIAL_PRIMARY_PORT, CELESTIAL_REPLICA_PORT (the pair, brought up with WAL archiving),
       CELESTIAL_DRILL_PG_PORT (the restored copy, default primary + 2),
       CELESTIAL_SERVICE_URL + CELESTIAL_BOOTSTRAP_ADMIN_KEY (a running service; default: start one on CELESTIAL_DRILL_HTTP_PORT, 18090)"
set -eu
case ${1:-} in -h|--help) echo "$usage"; exit 0 ;; *[!0-9]*) echo "$usage" >&2; exit 2 ;; esac
. "$(dirname "$0")/lib.sh"
before=${1:-10}
primary_port=${CELESTIAL_PRIMARY_PORT:-15432}
drill_port=${CELESTIAL_DRILL_PG_PORT:-$((primary_port + 2))}
conf=$db_dir/pgbackrest/pgbackrest.conf
restored=$db_dir/pitr-restore
sock=$db_dir/run
[ ${#sock} -lt 90 ] || sock=/tmp/celestial-pg-$(printf %s "$db_dir" | cksum | cut -d' ' -f1)
run=$(date -u +%H%M%S)-$$

work=$(mktemp -d /tmp/celestial-pitr.XXXXXX)
service_pid=""
cleanup() {
  [ -z "$service_pid" ] || { kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; }
  if [ -f "$restored/postmaster.pid" ]; then as_db "$pg_bin/pg_ctl" -D "$restored" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$restored" "$work"
}
trap cleanup EXIT

CELESTIAL_WAL_ARCHIVE=1 "$root/deploy/local/db.sh" up >/dev/null
ops_connect "$work"
sql() { pg -At -d "$db_name" -c "$1"; }
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); } # milliseconds, as seconds to a tenth

url=${CELESTIAL_SERVICE_URL:-}
if [ -z "$url" ]; then
  http_port=${CELESTIAL_DRILL_HTTP_PORT:-18090}
  url=http://127.0.0.1:$http_port
  CELESTIAL_BOOTSTRAP_ADMIN_KEY=cel_drill_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  CELESTIAL_BOOTSTRAP_ADMIN_KEY=$CELESTIAL_BOOTSTRAP_ADMIN_KEY SERVER_PORT=$http_port \
    "$root/deploy/local/run.sh" > "$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 300); do curl -sf "$url/actuator/health/readiness" >/dev/null && break; sleep 0.2; done
  curl -sf "$url/actuator/health/readiness" >/dev/null || { tail -30 "$work/service.log" >&2; die "the service did not become ready"; }
  say "started the service on $url"
fi
[ -n "${CELESTIAL_BOOTSTRAP_ADMIN_KEY:-}" ] || die "CELESTIAL_BOOTSTRAP_ADMIN_KEY is needed with CELESTIAL_SERVICE_URL"
# Keys travel in a curl config file, not on the command line.
(umask 077; printf 'header = "Authorization: Bearer %s"\n' "$CELESTIAL_BOOTSTRAP_ADMIN_KEY" > "$work/admin.curl")
curl -sf -K "$work/admin.curl" -H 'Content-Type: application/json' -X POST "$url/api/v1/admin/clients" \
  -d "{\"name\":\"pitr-drill-$run\",\"scopes\":[\"ingest\"]}" > "$work/client.json" || die "could not create an ingest client"
key=$(sed -n 's/.*"key":"\([^"]*\)".*/\1/p' "$work/client.json")
client=$(sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' "$work/client.json")
[ -n "$key" ] && [ -n "$client" ] || die "the new client's answer holds no key or id"
(umask 077; printf 'header = "Authorization: Bearer %s"\n' "$key" > "$work/ingest.curl")

as_db pgbackrest --config="$conf" --stanza=celestial --type=full backup
say "took a $(as_db pgbackrest --config="$conf" --stanza=celestial info | grep -o 'full backup: [^ ]*' | tail -1) into $db_dir/pgbackrest/repo"

marker() { # n: one marker earthquake, committed when the service answers 200
  local id; id=$(printf 'pitr-%s-%04d' "$run" "$1")
  curl -sf -o /dev/null -K "$work/ingest.curl" -H 'Content-Type: application/x-ndjson' -X POST "$url/api/v1/earthquakes" \
    --data-binary "{\"sourceId\":\"$id\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"latitude\":0,\"longitude\":0,\"magnitude\":1}" \
    || die "marker $id was not accepted"
  echo "$id" >> "$work/committed"
}
n=0
while [ $n -lt "$before" ]; do n=$((n + 1)); marker $n; sleep 1; done
# The target lies between marker $before (answered, so committed) and the next (not yet sent).
target=$(sql "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
target_at=$(date +%s%3N)
cp "$work/committed" "$work/expected"
sleep 0.5
# Writing goes on until the archive holds the WAL past the target; no switch is forced, so the wait is
# the RPO an idle primary gives (archive_timeout).
n=$((n + 1)); marker $n
past=$(sql "SELECT pg_walfile_name(pg_current_wal_insert_lsn())")
# (segments only: a backup's .backup file is named after the segment it started in, not one archived)
while [[ "$(sql "SELECT CASE WHEN last_archived_wal ~ '^[0-9A-F]{24}$' THEN last_archived_wal ELSE '' END FROM pg_stat_archiver")" < "$past" ]]; do
  [ $(( $(date +%s%3N) - target_at )) -lt 120000 ] || die "WAL $past not archived within 120 s"
  sleep 1; n=$((n + 1)); marker $n
done
rpo=$(( $(date +%s%3N) - target_at ))
say "target $target after $before markers; WAL past it archived $(secs $rpo) s later, $n markers written"
# Erased after the target: the copy holds the client again until the erasure is re-applied to it.
curl -sf -o /dev/null -K "$work/admin.curl" -X DELETE "$url/api/v1/admin/clients/$client?erase=true" || die "could not erase the drill's client"
say "erased the drill's client $client"

rto_start=$(date +%s%3N)
rm -rf "$restored"
mkdir -m 700 "$restored"; [ "$(id -u)" != 0 ] || chown "${CELESTIAL_DB_OS_USER:-postgres}" "$restored"
as_db pgbackrest --config="$conf" --stanza=celestial --pg1-path="$restored" --type=time --target="$target" \
  --target-action=promote --archive-mode=off restore
# A copy beside the running pair: its own port, a small buffer pool, no archiving into the pair's repository.
as_db "$pg_bin/pg_ctl" -D "$restored" -l "$db_dir/log/pitr-restore.log" -w -t 120 \
  -o "-p $drill_port -k $sock -c shared_buffers=128MB -c archive_mode=off" start >/dev/null \
  || die "the restored copy did not start; see $db_dir/log/pitr-restore.log"
for _ in $(seq 1 600); do
  [ "$(PGPORT=$drill_port pg -At -d "$db_name" -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 0.1
done
rto=$(( $(date +%s%3N) - rto_start ))
PGPORT=$drill_port pg -At -d "$db_name" -c "SELECT source_id FROM celestial.earthquakes WHERE source_id LIKE 'pitr-$run-%' ORDER BY 1" > "$work/found"
expected=$(wc -l < "$work/expected") found=$(wc -l < "$work/found")
say "restored to $target into $restored, promoted, on port $drill_port"
echo "pitr: rpo_s=$(secs $rpo) rto_s=$(secs $rto) markers_expected=$expected markers_found=$found"
cmp -s "$work/expected" "$work/found" || { diff "$work/expected" "$work/found" >&2 || true; die "the restored markers differ from those committed before the target"; }
"$root/deploy/ops/reapply-erasures.sh" "$db_name" "$drill_port"
[ "$(PGPORT=$drill_port pg -At -d "$db_name" -c "SELECT count(*) FROM celestial.api_clients WHERE id = '$client'")" = 0 ] \
  || die "the erased client is still in the restored copy"

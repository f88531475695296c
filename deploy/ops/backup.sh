#!/usr/bin/env bash
# Nightly logical backup: pg_dump (custom format) of the database, a manifest of per-table row counts and
# checksums taken in the dump's own snapshot, a sha256 file over both; backups older than 7 days deleted.
usage="usage: deploy/ops/backup.sh [backup dir (default \$CELESTIAL_BACKUP_DIR, else .local/backups)]"
set -eu
case ${1:-} in -h|--help) echo "$usage"; exit 0 ;; -*) echo "$usage" >&2; exit 2 ;; esac
. "$(dirname "$0")/lib.sh"
dir=${1:-${CELESTIAL_BACKUP_DIR:-$root/.local/backups}}
keep_days=${CELESTIAL_BACKUP_KEEP_DAYS:-7}
case $keep_days in '' | *[!0-9]*) die "CELESTIAL_BACKUP_KEEP_DAYS must be a whole number of days" ;; esac

work=$(mktemp -d /tmp/celestial-backup.XXXXXX)
holder=""
cleanup() {
  touch "$work/done"
  [ -z "$holder" ] || wait "$holder" 2>/dev/null || true
  rm -rf "$work"
  rm -f "$dir/$name".*.tmp
}
name=$db_name-$(date -u +%Y%m%dT%H%M%SZ)
trap cleanup EXIT
ops_connect "$work"
mkdir -p "$dir"
chmod 700 "$dir"
started=$(date +%s)

# One transaction exports its snapshot and stays open while the manifest and pg_dump use it, so both
# see exactly the same rows however busy the primary is.
{
  echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
  echo "\\o $work/snapshot"
  echo "SELECT pg_export_snapshot();"
  echo "\\o"
  echo "\\! while [ ! -e $work/done ]; do sleep 0.1; done"
  echo "COMMIT;"
} | pg -At -d "$db_name" -f - &
holder=$!
for _ in $(seq 1 300); do
  [ -s "$work/snapshot" ] && break
  kill -0 "$holder" 2>/dev/null || die "could not open a snapshot on $db_name"
  sleep 0.1
done
snapshot=$(cat "$work/snapshot")
[[ $snapshot =~ ^[0-9A-F-]+$ ]] || die "no snapshot exported"

{
  echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
  echo "SET TRANSACTION SNAPSHOT '$snapshot';"
  manifest_sql
  echo "COMMIT;"
} | pg -At -F $'\t' -d "$db_name" -f - > "$work/tables"
owner=$(pg -At -d "$db_name" -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
{
  printf '# %s\n' "database $db_name" "owner $owner" "snapshot $snapshot" "taken $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  cat "$work/tables"
} > "$dir/$name.manifest.tmp"
"$pg_bin/pg_dump" -Fc --snapshot="$snapshot" -d "$db_name" -f "$dir/$name.dump.tmp"
touch "$work/done"
wait "$holder" || die "the snapshot's transaction failed"
holder=""

mv "$dir/$name.manifest.tmp" "$dir/$name.manifest"
mv "$dir/$name.dump.tmp" "$dir/$name.dump"
(cd "$dir" && sha256sum "$name.dump" "$name.manifest" > "$name.sha256.tmp" && mv "$name.sha256.tmp" "$name.sha256")
rows=$(awk -F'\t' '!/^#/ { n += $2 } END { print n + 0 }' "$dir/$name.manifest")
say "wrote $dir/$name.dump ($(du -h "$dir/$name.dump" | cut -f1), $(grep -vc '^#' "$dir/$name.manifest") tables, $rows rows, snapshot $snapshot) in $(( $(date +%s) - started ))s"
say "wrote $dir/$name.manifest (per-table rows and md5) and $dir/$name.sha256"

# Retention by the time in the name (copies and restores reset mtimes): older than keep_days goes.
cutoff=$(date -u -d "$keep_days days ago" +%Y%m%dT%H%M%SZ)
kept=0
for dump in "$dir/$db_name"-*.dump; do
  [ -e "$dump" ] || continue
  stamp=${dump##*/$db_name-}; stamp=${stamp%.dump}
  [[ $stamp =~ ^[0-9]{8}T[0-9]{6}Z$ ]] || continue
  if [[ $stamp < $cutoff ]]; then
    rm -f "$dir/$db_name-$stamp".{dump,manifest,sha256}
    say "deleted $dir/$db_name-$stamp (older than $keep_days days)"
  else
    kept=$((kept + 1))
  fi
done
say "keeping $kept backups from the last $keep_days days in $dir"
# the CelestialBackupTooOld alert reads when the last backup succeeded (db.sh up --monitoring's textfile)
"$root/deploy/monitoring/backup-metric.sh" pg_dump >/dev/null && say "recorded the backup for monitoring"

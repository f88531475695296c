#!/usr/bin/env bash
# Restores a backup.sh dump into a new database, verifies every table's row count and checksum against the
# manifest taken in the dump's snapshot, then re-applies client erasures (reapply-erasures.sh, GDPR).
usage="usage: deploy/ops/restore.sh DUMP_FILE [new database (default <db>_restore_<dump time>)]"
set -eu
case ${1:-} in -h|--help) echo "$usage"; exit 0 ;; '' | -*) echo "$usage" >&2; exit 2 ;; esac
. "$(dirname "$0")/lib.sh"
dump=$1
[ -f "$dump" ] || die "$dump: no such file"
base=${dump%.dump}
stamp=${base##*-}
target=${2:-${db_name}_restore_$(printf %s "$stamp" | tr 'A-Z' 'a-z')}
[[ $target =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "database name must be lower-case letters, digits and _: $target"

# Nothing is restored from a file that is not what backup.sh wrote.
(cd "$(dirname "$dump")" && sha256sum --quiet -c "${base##*/}.sha256") || die "checksums of $base.sha256 do not match"
say "checksums match ($base.sha256)"

work=$(mktemp -d /tmp/celestial-restore.XXXXXX)
trap 'rm -rf "$work"' EXIT
ops_connect "$work"
owner=$(sed -n 's/^# owner //p' "$base.manifest")
[[ $owner =~ ^[a-z_][a-z0-9_]*$ ]] || die "$base.manifest names no usable owner"
[ "$(pg -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$target'")" = 0 ] \
  || die "database $target exists; restore goes into a new database only"
started=$(date +%s)
pg -d postgres -c "CREATE DATABASE \"$target\" OWNER \"$owner\""
"$pg_bin/pg_restore" --exit-on-error -j 2 -d "$target" "$dump"
say "restored $dump into database $target in $(( $(date +%s) - started ))s"

{ manifest_sql; } | pg -At -F $'\t' -d "$target" -f - > "$work/restored"
report=$(awk -F'\t' 'NR == FNR { if ($0 !~ /^#/) want[$1] = $2 "\t" $3; next }
  { got[$1] = $2 "\t" $3 }
  END {
    for (t in want) { split(want[t], w, "\t"); s = (t in got) ? got[t] : "missing\t-"; split(s, g, "\t")
      ok = (s == want[t]); if (!ok) bad++
      printf "restore.sh: verify %-40s rows %9s/%-9s md5 %s %s\n", t, g[1], w[1], g[2], ok ? "ok" : "MISMATCH (backup " w[2] ")" | "sort -k3" }
    for (t in got) if (!(t in want)) { bad++; printf "restore.sh: verify %-40s not in the backup MISMATCH\n", t }
    close("sort -k3"); print bad + 0 > "/dev/stderr" }' "$base.manifest" "$work/restored" 2> "$work/bad")
printf '%s\n' "$report"
[ "$(cat "$work/bad")" = 0 ] || die "$(cat "$work/bad") tables differ from the backup's manifest; $target kept for inspection"
say "verified $(grep -vc '^#' "$base.manifest") tables: row counts and checksums equal the backup's snapshot"

"$(dirname "$0")/reapply-erasures.sh" "$target"
say "done: database $target (rename it, or point the service at it, to put it in service)"

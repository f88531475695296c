#!/usr/bin/env bash
# Records a successful backup for the CelestialBackupTooOld alert: writes
# celestial_backup_last_success_timestamp_seconds{tool="<tool>"} into the node exporter's textfile
# directory ($CELESTIAL_DB_DIR/monitoring/textfile, started by db.sh up --monitoring). Call it after a
# backup succeeded: deploy/monitoring/backup-metric.sh pg_dump   (or pgbackrest; time defaults to now)
usage="usage: deploy/monitoring/backup-metric.sh <tool> [unix-seconds]"
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
db_dir=${CELESTIAL_DB_DIR:-$root/.local/db}
case $db_dir in /*) ;; *) db_dir=$(pwd)/$db_dir ;; esac
tool=${1:-}
at=${2:-$(date +%s)}
case $tool in ''|*[!a-z0-9_-]*) echo "$usage" >&2; exit 2 ;; esac
case $at in ''|*[!0-9]*) echo "$usage" >&2; exit 2 ;; esac

dir=$db_dir/monitoring/textfile
mkdir -p "$dir"
# written aside and renamed, so the exporter never reads half a file
tmp=$(mktemp "$dir/.backup_$tool.XXXXXX")
cat > "$tmp" <<METRIC
# HELP celestial_backup_last_success_timestamp_seconds Unix time of the last successful backup, by tool.
# TYPE celestial_backup_last_success_timestamp_seconds gauge
celestial_backup_last_success_timestamp_seconds{tool="$tool"} $at
METRIC
chmod 644 "$tmp"
mv "$tmp" "$dir/backup_$tool.prom"
echo "backup-metric.sh: $tool last succeeded at $at ($dir/backup_$tool.prom)"

#!/usr/bin/env bash
# Re-applies client erasures (GDPR) to a restored copy: every erasure in the copy's own admin_audit and in
# the live database's, so that no restore, logical or point-in-time, brings an erased client back.
usage="usage: deploy/ops/reapply-erasures.sh DATABASE [PORT (default: the primary's)]"
set -eu
case ${1:-} in -h|--help) echo "$usage"; exit 0 ;; '' | -*) echo "$usage" >&2; exit 2 ;; esac
. "$(dirname "$0")/lib.sh"
target=$1
work=$(mktemp -d /tmp/celestial-erasures.XXXXXX)
trap 'rm -rf "$work"' EXIT
ops_connect "$work"
port=${2:-${PGPORT:-5432}}
[[ $port =~ ^[0-9]+$ ]] || die "$usage"

live_ids=""
if [ "$(pg -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$db_name'")" = 1 ]; then
  live_ids=$(pg -At -d "$db_name" -c "SELECT string_agg(DISTINCT api_client_id::text, ',') FROM celestial.admin_audit WHERE action = 'erase'")
else
  say "the live database $db_name is gone: only the erasures the copy records are re-applied"
fi
[[ $live_ids =~ ^[0-9a-f,-]*$ ]] || die "unexpected client ids in the audit"
PGPORT=$port pg -At -F ' ' -d "$target" -f - > "$work/erased" <<SQL
\\set live '{$live_ids}'
BEGIN;
CREATE TEMP TABLE erased AS
  SELECT api_client_id AS id FROM celestial.admin_audit WHERE action = 'erase' UNION SELECT unnest(:'live'::uuid[]);
WITH b AS (UPDATE celestial.ingestion_batches SET client = NULL, api_client_id = NULL
            WHERE api_client_id IN (SELECT id FROM erased) RETURNING 1)
SELECT count(*) FROM b;
WITH c AS (DELETE FROM celestial.api_clients WHERE id IN (SELECT id FROM erased) RETURNING 1)
SELECT count(*) FROM c;
SELECT count(*) FROM erased;
COMMIT;
SQL
read -r batches clients erased < <(tr '\n' ' ' < "$work/erased"; echo)
say "re-applied $erased erasures to $target on port $port: deleted $clients clients, cleared the client of $batches batches"

# Shared by the ops scripts: the local pair's primary as its superuser, logged in through a pgpass file
# (never a password on a command line). Without a local credentials file, libpq's PG* variables say where.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pg_bin=${CELESTIAL_PG_BIN:-/usr/lib/postgresql/15/bin}
db_dir=${CELESTIAL_DB_DIR:-$root/.local/db}
case $db_dir in /*) ;; *) db_dir=$(pwd)/$db_dir ;; esac
db_name=${CELESTIAL_DB_NAME:-celestial}

die() { printf '%s: %s\n' "${0##*/}" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "${0##*/}" "$*"; }

ops_connect() { # private work dir for the pgpass file
  [ -f "$db_dir/credentials.env" ] || return 0
  . "$root/deploy/local/credentials.sh"
  read_credentials "$db_dir/credentials.env" || exit 1
  local v=${CELESTIAL_SUPERUSER_PASSWORD//\\/\\\\}
  (umask 077; printf '*:*:*:%s:%s\n' "$CELESTIAL_SUPERUSER" "${v//:/\\:}" > "$1/pgpass")
  export PGHOST=127.0.0.1 PGPORT=${CELESTIAL_PRIMARY_PORT:-15432} PGUSER=$CELESTIAL_SUPERUSER PGPASSFILE=$1/pgpass
  db_name=$CELESTIAL_DB_NAME
  export -n "${credential_keys[@]}"
}

pg() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# One line per table: schema.table, rows, md5 over the sorted md5s of its rows' text. Order-free, so it
# needs no key; the session settings fix every type's text form, so a restored copy compares equal.
manifest_sql() {
  cat <<'SQL'
SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres';
SET extra_float_digits = 1; SET bytea_output = 'hex';
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(h, %L ORDER BY h), %L)) FROM (SELECT md5(t::text) AS h FROM %I.%I t) s',
              n.nspname || '.' || c.relname, '', '', n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
 ORDER BY n.nspname, c.relname \gexec
SQL
}

# The cluster's programs run as its OS user: postgres refuses root (see deploy/local/db.sh).
if [ "$(id -u)" = 0 ]; then
  as_db() { runuser -u "${CELESTIAL_DB_OS_USER:-postgres}" -- "$@"; }
else
  as_db() { "$@"; }
fi

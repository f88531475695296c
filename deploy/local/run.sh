#!/usr/bin/env bash
# Runs the service in the foreground on a local primary + replica, until interrupted.
usage="usage: deploy/local/run.sh [--print-env] [extra java arguments, e.g. --migrate-only]"
set -eu
print_env=false
case ${1:-} in
  -h|--help) echo "$usage"; exit 0 ;;
  # prints the environment the service would start with, alone on stdout, instead of starting it
  --print-env) print_env=true; shift; exec 3>&1 1>&2 ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
db_dir=${CELESTIAL_DB_DIR:-$root/.local/db}
case $db_dir in /*) ;; *) db_dir=$(pwd)/$db_dir ;; esac

CELESTIAL_DB_DIR=$db_dir "$root/deploy/local/db.sh" up
# The service gets its three roles and where the nodes are; the superuser's and the replicator's
# passwords stay with db.sh. CELESTIAL_* settings already in the environment win over the file.
. "$root/deploy/local/credentials.sh"
read_credentials "$db_dir/credentials.env" keep-set || exit 1
unset CELESTIAL_DB_DIR CELESTIAL_SUPERUSER CELESTIAL_SUPERUSER_PASSWORD CELESTIAL_REPLICATION_USER CELESTIAL_REPLICATION_PASSWORD
export CELESTIAL_DB_NAME CELESTIAL_OWNER_USER CELESTIAL_OWNER_PASSWORD CELESTIAL_WRITER_USER CELESTIAL_WRITER_PASSWORD \
  CELESTIAL_READER_USER CELESTIAL_READER_PASSWORD
export CELESTIAL_PRIMARY_HOST=${CELESTIAL_PRIMARY_HOST:-127.0.0.1} CELESTIAL_PRIMARY_PORT=${CELESTIAL_PRIMARY_PORT:-15432} \
  CELESTIAL_REPLICA_HOST=${CELESTIAL_REPLICA_HOST:-127.0.0.1} CELESTIAL_REPLICA_PORT=${CELESTIAL_REPLICA_PORT:-15433}

# The admin-only key that creates the first API clients: passed through when set, else made and shown here.
if [ -z "${CELESTIAL_BOOTSTRAP_ADMIN_KEY:-}" ]; then
  CELESTIAL_BOOTSTRAP_ADMIN_KEY=cel_admin_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  echo "run.sh: bootstrap admin key (this run only): $CELESTIAL_BOOTSTRAP_ADMIN_KEY"
fi
export CELESTIAL_BOOTSTRAP_ADMIN_KEY
export SERVER_PORT=${SERVER_PORT:-8080}
if $print_env; then env >&3; exit 0; fi

jar=$root/service/target/celestial-service.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/migrations" "$root/service/pom.xml" "$root/service/src/main" \
      -newer "$jar" -type f -print -quit)" ]; then
  echo "run.sh: building the service"
  (cd "$root" && ./mvnw -B -q -DskipTests package)
fi

echo "run.sh: starting celestial on http://127.0.0.1:$SERVER_PORT (readiness: /actuator/health/readiness)"
java_opts=${JAVA_OPTS-$(grep -v '^#' "$root/deploy/local/java-options")}
exec java $java_opts -jar "$jar" "$@"

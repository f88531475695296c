#!/usr/bin/env bash
# Runs the service in the foreground on a local primary + replica, until interrupted.
usage="usage: deploy/local/run.sh [extra java arguments, e.g. --migrate-only]"
set -eu
case ${1:-} in -h|--help) echo "$usage"; exit 0 ;; esac

root=$(cd "$(dirname "$0")/../.." && pwd)
db_dir=${CELESTIAL_DB_DIR:-$root/.local/db}
case $db_dir in /*) ;; *) db_dir=$(pwd)/$db_dir ;; esac
export CELESTIAL_DB_DIR=$db_dir

"$root/deploy/local/db.sh" up
# The pair's generated role passwords; CELESTIAL_* settings already in the environment win.
while IFS='=' read -r key value; do
  case $key in CELESTIAL_*) [ -n "${!key:-}" ] || export "$key=$value" ;; esac
done < "$db_dir/credentials.env"

jar=$root/service/target/celestial-service.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/migrations" "$root/service/pom.xml" "$root/service/src/main" \
      -newer "$jar" -type f -print -quit)" ]; then
  echo "run.sh: building the service"
  (cd "$root" && ./mvnw -B -q -DskipTests package)
fi

# The admin-only key that creates the first API clients: passed through when set, else made and shown here.
if [ -z "${CELESTIAL_BOOTSTRAP_ADMIN_KEY:-}" ]; then
  CELESTIAL_BOOTSTRAP_ADMIN_KEY=cel_admin_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  echo "run.sh: bootstrap admin key (this run only): $CELESTIAL_BOOTSTRAP_ADMIN_KEY"
fi
export CELESTIAL_BOOTSTRAP_ADMIN_KEY

export SERVER_PORT=${SERVER_PORT:-8080}
echo "run.sh: starting celestial on http://127.0.0.1:$SERVER_PORT (readiness: /actuator/health/readiness)"
java_opts=${JAVA_OPTS-$(grep -v '^#' "$root/deploy/local/java-options")}
exec java $java_opts -jar "$jar" "$@"

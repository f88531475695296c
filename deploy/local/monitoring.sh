# Sourced by deploy/local/db.sh: `up --monitoring` starts, on loopback, prometheus-postgres-exporter
# (both nodes, deploy/monitoring/exporter-queries.yml), prometheus-node-exporter (disk usage and the
# backup-age textfile) and a Prometheus scraping them and the service, with deploy/monitoring/alerts.yml;
# `down` stops them. Each runs as the clusters' OS user, its pid and log under $db_dir/monitoring and
# $db_dir/log. The exporter logs in over the private socket as a password-less pg_monitor role.
# Uses db.sh's db_dir, sock, ports, db_name, os_user, as_db, psql_super, log, die.

monitoring_dir=$db_dir/monitoring
exporter_port=${CELESTIAL_EXPORTER_PORT:-9187}
node_exporter_port=${CELESTIAL_NODE_EXPORTER_PORT:-9100}
prometheus_port=${CELESTIAL_PROMETHEUS_PORT:-9090}
service_address=${CELESTIAL_SERVICE_ADDRESS:-127.0.0.1:8080}
monitoring_daemons="prometheus node-exporter postgres-exporter"

ensure_monitoring_packages() {
  command -v prometheus >/dev/null && command -v prometheus-postgres-exporter >/dev/null \
    && command -v prometheus-node-exporter >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "install the monitoring tools: sudo apt-get install -y prometheus prometheus-postgres-exporter prometheus-node-exporter"
  log "installing prometheus prometheus-postgres-exporter prometheus-node-exporter"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q prometheus prometheus-postgres-exporter prometheus-node-exporter >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q prometheus prometheus-postgres-exporter prometheus-node-exporter >/dev/null; }
}

daemon_pid() { # name: the pid of a daemon we started and that still runs, else nothing
  local pidfile=$monitoring_dir/$1.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  case $pid in ''|*[!0-9]*) return 0 ;; esac
  # a pid reused by another program is not ours
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--web.listen-address=127.0.0.1:"; then
    echo "$pid"
  fi
}

start_daemon() { # name, port, command...
  local name=$1 port=$2 pidfile=$monitoring_dir/$1.pid i; shift 2
  if [ -n "$(daemon_pid "$name")" ]; then return 0; fi
  # the process writes its own pid before exec, so the file names it, not a runuser or sh wrapper
  if [ "$(id -u)" = 0 ]; then
    setsid runuser -u "$os_user" -- sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >> "$db_dir/log/$name.log" 2>&1 < /dev/null &
  else
    setsid sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >> "$db_dir/log/$name.log" 2>&1 < /dev/null &
  fi
  for i in $(seq 1 100); do
    if [ -n "$(daemon_pid "$name")" ] && (exec 3<> "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "$name started on 127.0.0.1:$port (log $db_dir/log/$name.log)"
      return 0
    fi
    sleep 0.1
  done
  die "$name did not start on 127.0.0.1:$port; see $db_dir/log/$name.log"
}

monitoring_up() {
  ensure_monitoring_packages
  os_user_dir "$monitoring_dir"
  as_db mkdir -p "$monitoring_dir/textfile" "$monitoring_dir/prometheus-data"
  as_db chmod 755 "$monitoring_dir/textfile"
  # the exporter's role: statistics only (pg_monitor), no password, so it logs in only over the socket
  psql_super "$primary_port" -d postgres -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'celestial_monitor') THEN CREATE ROLE celestial_monitor; END IF;
    END \$\$; ALTER ROLE celestial_monitor LOGIN NOSUPERUSER PASSWORD NULL; GRANT pg_monitor TO celestial_monitor;"
  local src=$root/deploy/monitoring
  as_db tee "$monitoring_dir/exporter-queries.yml" < "$src/exporter-queries.yml" >/dev/null
  as_db tee "$monitoring_dir/alerts.yml" < "$src/alerts.yml" >/dev/null
  sed -e "s/'127.0.0.1:9187'/'127.0.0.1:$exporter_port'/" -e "s/'127.0.0.1:9100'/'127.0.0.1:$node_exporter_port'/" \
    -e "s/'127.0.0.1:8080'/'$service_address'/" "$src/prometheus.yml" | as_db tee "$monitoring_dir/prometheus.yml" >/dev/null
  # the postgres database: what it reads is cluster-wide, and celestial admits only its own roles
  local dsn="host=$sock user=celestial_monitor dbname=postgres sslmode=disable"
  start_daemon postgres-exporter "$exporter_port" env DATA_SOURCE_NAME="$dsn port=$primary_port,$dsn port=$replica_port" \
    prometheus-postgres-exporter --web.listen-address="127.0.0.1:$exporter_port" \
    --extend.query-path="$monitoring_dir/exporter-queries.yml" \
    --no-collector.database --no-collector.bgwriter # with two servers, 0.11's collectors repeat their series and fail the scrape
  start_daemon node-exporter "$node_exporter_port" prometheus-node-exporter --web.listen-address="127.0.0.1:$node_exporter_port" \
    --collector.disable-defaults --collector.filesystem --collector.textfile \
    --collector.textfile.directory="$monitoring_dir/textfile"
  start_daemon prometheus "$prometheus_port" prometheus --web.listen-address="127.0.0.1:$prometheus_port" \
    --config.file="$monitoring_dir/prometheus.yml" --storage.tsdb.path="$monitoring_dir/prometheus-data" \
    --storage.tsdb.retention.time=7d
  echo "monitoring  http://127.0.0.1:$prometheus_port/alerts  (exporter :$exporter_port, node :$node_exporter_port, service $service_address)"
}

monitoring_down() {
  local name pid i
  for name in $monitoring_daemons; do
    pid=$(daemon_pid "$name")
    if [ -n "$pid" ]; then
      kill "$pid"
      for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
      log "$name stopped"
    fi
    rm -f "$monitoring_dir/$name.pid"
  done
}

monitoring_status() {
  local name pid
  for name in $monitoring_daemons; do
    pid=$(daemon_pid "$name")
    [ -z "$pid" ] || printf '%-8s running, pid %s\n' "$name" "$pid"
  done
}

# Reads the local pair's credentials file as KEY=VALUE data; sourced by db.sh and run.sh.
# Never `.` the file itself: that runs whatever it holds, with the invoking user's rights (root's, for db.sh).

credential_keys=(CELESTIAL_DB_NAME CELESTIAL_SUPERUSER CELESTIAL_SUPERUSER_PASSWORD
  CELESTIAL_OWNER_USER CELESTIAL_OWNER_PASSWORD CELESTIAL_WRITER_USER CELESTIAL_WRITER_PASSWORD
  CELESTIAL_READER_USER CELESTIAL_READER_PASSWORD CELESTIAL_REPLICATION_USER CELESTIAL_REPLICATION_PASSWORD)

credentials_refuse() { printf '%s: refusing %s\n' "${0##*/}" "$*" >&2; return 1; }

# Whoever can write the file or its folder chooses the passwords the scripts set and hand on: only the
# invoking user may (as root, not the cluster's OS user, which owns the data directories).
credentials_private() { # file
  local dir owner mode
  [ -f "$1" ] || { credentials_refuse "$1: no such file"; return 1; }
  dir=$(dirname "$1")
  read -r owner mode < <(stat -L -c '%u %a' "$dir")
  if [ "$owner" != "$(id -u)" ] || (( (8#$mode & 8#022) != 0 )); then
    credentials_refuse "$1: its folder $dir must belong to $(id -un) and be writable by no one else"; return 1
  fi
  read -r owner mode < <(stat -L -c '%u %a' "$1")
  if [ "$owner" != "$(id -u)" ] || (( (8#$mode & 8#077) != 0 )); then
    credentials_refuse "$1: it must belong to $(id -un) with mode 600 (chmod 600 $1)"; return 1
  fi
}

# Sets each known key as a shell variable (exported only if it already was). With keep-set, values already set win.
read_credentials() { # file [keep-set]
  local line key n=0
  credentials_private "$1" || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case $line in '' | '#'*) continue ;; esac
    key=${line%%=*}
    if ! [[ $line == *=* && $key =~ ^CELESTIAL_[A-Z_]+$ && " ${credential_keys[*]} " == *" $key "* ]]; then
      credentials_refuse "$1 line $n: expected KEY=VALUE with one of ${credential_keys[*]}"; return 1
    fi
    if [ "${2:-}" != keep-set ] || [ -z "${!key:-}" ]; then printf -v "$key" '%s' "${line#*=}"; fi
  done < "$1"
  for key in "${credential_keys[@]}"; do
    [ -n "${!key:-}" ] || { credentials_refuse "$1: $key is missing"; return 1; }
  done
}

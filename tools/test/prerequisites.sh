#!/usr/bin/env bash
# What `npm test` needs besides node_modules: Debian packages (firmware toolchains, Chromium, the
# MQTT clients) and three local services (MariaDB with a `test` database, Redis, Mosquitto as the
# benchmarks' reference broker). Installs and starts whatever is missing when it can (root, or
# passwordless sudo); otherwise prints the one command that does. Idempotent and quick when all is there.
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '### %s\n' "$*"; }

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then sudo_cmd=(sudo -n); else sudo_cmd=(); fi
fi
can_install() { [ "$(id -u)" -eq 0 ] || [ ${#sudo_cmd[@]} -gt 0 ]; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else "${sudo_cmd[@]}" "$@"; fi; }

# --- Debian packages: the lists live beside what uses them ----------------------------------
packages=(mosquitto mosquitto-clients chromium g++ make mariadb-server mariadb-client redis-server)
for list in firmware-arduino/apt-packages.txt firmware-esp32/apt-packages.txt; do
  [ -f "$list" ] || continue
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg// /}"
    [ -n "$pkg" ] && packages+=("$pkg")
  done < "$list"
done
missing=()
for pkg in "${packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  if ! can_install; then
    echo "npm test needs these Debian packages: ${missing[*]}" >&2
    echo "install them with:  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  log "apt-get install ${missing[*]}"
  # A fresh machine may still be running its own boot-time apt job: wait for its lock instead of failing.
  apt_wait=(-o DPkg::Lock::Timeout=600)
  as_root apt-get "${apt_wait[@]}" update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Services: start any that is installed but not running ----------------------------------
wait_for() { # name, check command
  for _ in $(seq 1 60); do eval "$2" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$1 did not come up" >&2; return 1
}
if ! mysqladmin -h127.0.0.1 -uroot ping >/dev/null 2>&1; then
  log "starting MariaDB"
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi
wait_for MariaDB "mysqladmin -h127.0.0.1 -uroot ping"
if ! mysql -h127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS test' 2>/dev/null; then
  echo "MariaDB on 127.0.0.1:3306 must accept root with an empty password (the tests create databases energy_test_*)" >&2
  exit 1
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis "redis-cli -h 127.0.0.1 ping"
if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  log "starting Mosquitto (the benchmarks' reference broker)"
  as_root mosquitto -d -c /etc/mosquitto/mosquitto.conf
fi
wait_for Mosquitto "(exec 3<>/dev/tcp/127.0.0.1/1883)"

# Leftover test databases from an interrupted run.
mysql -h127.0.0.1 -uroot -N -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'energy_test_%'" |
  while read -r db; do mysql -h127.0.0.1 -uroot -e "DROP DATABASE \`$db\`"; done
exit 0

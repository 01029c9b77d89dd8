#!/usr/bin/env bash
# QueueDeck development brokers: RabbitMQ, Redis, a single-node Kafka (KRaft), and PostgreSQL
# (for the store's PostgreSQL tests).
#
#   scripts/brokers.sh up     [rabbitmq|redis|kafka|postgres ...]   reuse or start, write .cache/brokers.env
#   scripts/brokers.sh down   [--all] [rabbitmq|redis|kafka|postgres ...]
#                                            stop what `up` started in this session (--all: any session)
#   scripts/brokers.sh status [rabbitmq|redis|kafka|postgres ...]
#   scripts/brokers.sh kafka-jars      fetch the Kafka jars into .cache/kafka/libs (once) and print where
#
# Addresses (defaults in brackets):
#   QUEUEDECK_RABBITMQ_PORT [5672]  QUEUEDECK_RABBITMQ_MGMT_PORT [15672]
#   QUEUEDECK_REDIS_URL [redis://127.0.0.1:6379]  QUEUEDECK_KAFKA_BROKERS [127.0.0.1:9092]
#   QUEUEDECK_POSTGRES_PORT [5432] (on 127.0.0.1, user postgres, trust auth for a private one)
# Kafka extras: QUEUEDECK_KAFKA_CONTROLLER_PORT [kafka port + 1],
#   QUEUEDECK_KAFKA_VERSION [4.1.0, falling back to 4.0.0 if it does not resolve].
#
# A broker that already answers at its address is reused and never stopped by `down`.
# Otherwise a private one is started with its data and logs under .cache/<broker>/, and
# .cache/<broker>/owned records it so that `down` stops exactly that process.
#
# Ownership is per terminal session (Linux session id, or QUEUEDECK_BROKERS_SESSION):
# several people and test runs share one machine, and `scripts/test-all.sh` in one shell
# calls `down` on exit. It must not stop the Kafka another shell started and still uses,
# so `down` only stops what an `up` of the same session started; `down --all` stops every
# private broker whoever started it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
ALL_BROKERS=(rabbitmq redis kafka postgres)

RABBIT_PORT="${QUEUEDECK_RABBITMQ_PORT:-5672}"
RABBIT_MGMT_PORT="${QUEUEDECK_RABBITMQ_MGMT_PORT:-15672}"
RABBIT_NODE="${QUEUEDECK_RABBITMQ_NODENAME:-queuedeck@localhost}"
REDIS_URL="${QUEUEDECK_REDIS_URL:-redis://127.0.0.1:6379}"
KAFKA_BROKERS="${QUEUEDECK_KAFKA_BROKERS:-127.0.0.1:9092}"
PG_PORT="${QUEUEDECK_POSTGRES_PORT:-5432}"
RABBIT_PLUGINS=(rabbitmq_management rabbitmq_shovel rabbitmq_shovel_management)

log() { printf '%s\n' "$*" >&2; }
die() { log "brokers.sh: $*"; exit 1; }

# ---------------------------------------------------------------- helpers

# True when something accepts TCP connections at host:port (bash's /dev/tcp: no netcat needed).
# shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

is_loopback() { [[ "$1" == 127.* || "$1" == localhost || "$1" == ::1 ]]; }

# wait_until SECONDS DESCRIPTION COMMAND... : polls every 0.5 s.
wait_until() {
  local secs="$1" what="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < deadline)) || { log "timed out after ${secs}s waiting for $what"; return 1; }
    sleep 0.5
  done
}

# Installs Debian packages when a binary is missing (root only: say what to do otherwise).
need_bin() {
  local bin="$1"; shift
  command -v "$bin" >/dev/null 2>&1 && return 0
  [[ $(id -u) -eq 0 ]] || die "'$bin' is missing; install it with: sudo apt-get install -y $*"
  log "installing $* (missing '$bin')"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Session id = field 6 of /proc/PID/stat (after the parenthesised command name).
session_id() {
  if [[ -n "${QUEUEDECK_BROKERS_SESSION:-}" ]]; then echo "$QUEUEDECK_BROKERS_SESSION"; return; fi
  local stat rest
  stat="$(cat "/proc/$$/stat" 2>/dev/null)" || { echo "ppid-$PPID"; return; }
  rest="${stat##*) }"
  # shellcheck disable=SC2086 # split the fields on purpose
  set -- $rest
  echo "$4"
}
SESSION="$(session_id)"
DOWN_ALL=0

owned_file() { echo "$CACHE/$1/owned"; }
owned_get() {
  local f; f="$(owned_file "$1")"
  if [[ -f "$f" ]]; then sed -n "s/^$2=//p" "$f" | head -n1; fi
}
# How `up`/`status` describe a private broker: which session started it.
owner_note() {
  local sid; sid="$(owned_get "$1" session)"
  [[ "$sid" == "$SESSION" ]] && echo "this session" || echo "session $sid"
}
# `down` may stop a private broker: started in this session, or --all.
may_stop() { [[ $DOWN_ALL -eq 1 || "$(owned_get "$1" session)" == "$SESSION" ]]; }
# One private instance per broker kind (.cache/<broker>/ holds its data): refuse to start a
# second one on other ports rather than lose track of the first.
ensure_no_other_private() {
  local b="$1" port="$2" proc="$3" oport opid
  oport="$(owned_get "$b" port)"; opid="$(owned_get "$b" pid)"
  [[ -n "$oport" && "$oport" != "$port" ]] || return 0
  if pid_runs "$opid" "$proc"; then
    die "a private $b started by this script still runs on :$oport (pid $opid); use that address or run: scripts/brokers.sh down --all $b"
  fi
}
left_alone() {
  printf '%-9s started by another session (%s): left alone (down --all stops it)\n' "$1" "$(owner_note "$1")"
}
pid_alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }
pid_gone() { ! pid_alive "$1"; }
# A pid file may outlive its process and the pid be reused: check what it runs before signalling.
pid_runs() { pid_alive "$1" && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -- "$2"; }

# Prints a URL without its password, for the terminal.
redact_url() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# ---------------------------------------------------------------- address parsing

if [[ "$REDIS_URL" =~ ^rediss?://([^@/]*@)?([^:/]+)(:([0-9]+))?(/.*)?$ ]]; then
  REDIS_HOST="${BASH_REMATCH[2]}"; REDIS_PORT="${BASH_REMATCH[4]:-6379}"
else
  die "QUEUEDECK_REDIS_URL must look like redis://host:port, got: $(redact_url "$REDIS_URL")"
fi
KAFKA_FIRST="${KAFKA_BROKERS%%,*}"
[[ "$KAFKA_FIRST" =~ ^([^:]+):([0-9]+)$ ]] || die "QUEUEDECK_KAFKA_BROKERS must be host:port[,host:port], got: $KAFKA_BROKERS"
KAFKA_HOST="${BASH_REMATCH[1]}"; KAFKA_PORT="${BASH_REMATCH[2]}"
KAFKA_CONTROLLER_PORT="${QUEUEDECK_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"

# ================================================================ RabbitMQ

# Debian's /usr/sbin wrappers `su` to the rabbitmq user, who cannot write our .cache and
# uses the system node's cookie; the real scripts behind them run as us instead.
rabbit_bin() {
  if [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then echo /usr/lib/rabbitmq/bin
  else dirname "$(command -v rabbitmq-server)"; fi
}

# rabbit_private PORT CMD ARGS... : runs a RabbitMQ CLI (or the server) for the private node,
# with everything it needs under .cache/rabbitmq so that nothing in /etc/rabbitmq (whose
# config pins the system node to :5672) or the system node's cookie (HOME) leaks in.
# The distribution port is the AMQP port + 20000, like RabbitMQ's own default, so a private
# node on 5682 does not collide with the system node's 25672.
rabbit_private() {
  local port="$1" cmd="$2" d="$CACHE/rabbitmq"; shift 2
  env HOME="$d" RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" RABBITMQ_DIST_PORT="$((port + 20000))" \
    RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log" RABBITMQ_PID_FILE="$d/rabbitmq.pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$d/enabled_plugins" RABBITMQ_CONFIG_FILE="$d/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$d/advanced.config" RABBITMQ_CONF_ENV_FILE="$d/rabbitmq-env.conf" \
    ERL_EPMD_ADDRESS=127.0.0.1 "$(rabbit_bin)/$cmd" "$@"
}

# The management API answers (401 without credentials still proves it is there).
mgmt_answers() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/api/overview" || true)"
  [[ "$code" == 200 || "$code" == 401 ]]
}

rabbit_up() {
  local where="127.0.0.1:$RABBIT_PORT (mgmt :$RABBIT_MGMT_PORT)"
  need_bin curl curl
  if port_open 127.0.0.1 "$RABBIT_PORT"; then
    local mine; mine="$(owned_get rabbitmq port)"
    if [[ "$mine" == "$RABBIT_PORT" ]]; then
      # Ours: its plugins were enabled (offline) before it started.
      wait_until 60 "RabbitMQ management on :$RABBIT_MGMT_PORT" mgmt_answers "$RABBIT_MGMT_PORT"
      printf '%-9s %s  private, already running (node %s, started by %s)\n' rabbitmq "$where" "$RABBIT_NODE" "$(owner_note rabbitmq)"
      return
    fi
    # Someone else's node: enable the plugins online (idempotent) on this machine's default
    # node. Needs root and the node's cookie, which Debian's wrapper provides; a node we
    # cannot reach this way must already have them (the management check below tells).
    if command -v rabbitmq-plugins >/dev/null 2>&1; then
      rabbitmq-plugins enable "${RABBIT_PLUGINS[@]}" >/dev/null 2>&1 ||
        log "warning: could not enable ${RABBIT_PLUGINS[*]} on the running RabbitMQ (not root, or not this machine's node)"
    fi
    wait_until 60 "RabbitMQ management API on :$RABBIT_MGMT_PORT" mgmt_answers "$RABBIT_MGMT_PORT" ||
      die "RabbitMQ answers on :$RABBIT_PORT but its management API does not on :$RABBIT_MGMT_PORT"
    printf '%-9s %s  reused\n' rabbitmq "$where"
    return
  fi

  need_bin rabbitmq-server rabbitmq-server
  ensure_no_other_private rabbitmq "$RABBIT_PORT" beam
  port_open 127.0.0.1 "$RABBIT_MGMT_PORT" && die "port $RABBIT_MGMT_PORT (RabbitMQ management) is taken by something else"
  local d="$CACHE/rabbitmq"
  mkdir -p "$d/mnesia" "$d/log"
  rm -f "$(owned_file rabbitmq)"
  cat >"$d/rabbitmq.conf" <<EOF
# Written by scripts/brokers.sh for the private development node.
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
EOF
  echo "# Empty on purpose: keeps /etc/rabbitmq/rabbitmq-env.conf (system node's name) out." >"$d/rabbitmq-env.conf"
  rabbit_private "$RABBIT_PORT" rabbitmq-plugins enable --offline "${RABBIT_PLUGINS[@]}" >/dev/null
  rm -f "$d/rabbitmq.pid"
  rabbit_private "$RABBIT_PORT" rabbitmq-server -detached >>"$d/log/startup.log" 2>&1 9>&-
  # Recorded before waiting, so that a node that starts too slowly can still be stopped by `down`.
  printf 'port=%s\nmgmt=%s\nnode=%s\nsession=%s\n' "$RABBIT_PORT" "$RABBIT_MGMT_PORT" "$RABBIT_NODE" "$SESSION" >"$(owned_file rabbitmq)"
  # `wait` follows the pid file until the VM runs; await_startup alone fails at once when the
  # node is not registered yet, then blocks until the rabbit app has booted.
  if ! rabbit_private "$RABBIT_PORT" rabbitmqctl -n "$RABBIT_NODE" -q --timeout 120 wait "$d/rabbitmq.pid" >>"$d/log/startup.log" 2>&1 ||
    ! rabbit_private "$RABBIT_PORT" rabbitmqctl -n "$RABBIT_NODE" -q --timeout 120 await_startup >>"$d/log/startup.log" 2>&1; then
    tail -n 20 "$d/log/"*.log >&2 || true
    die "private RabbitMQ did not start (logs in ${d#"$ROOT"/}/log; scripts/brokers.sh down rabbitmq cleans up)"
  fi
  echo "pid=$(cat "$d/rabbitmq.pid")" >>"$(owned_file rabbitmq)"
  wait_until 60 "RabbitMQ management on :$RABBIT_MGMT_PORT" mgmt_answers "$RABBIT_MGMT_PORT" ||
    die "private RabbitMQ started but its management API does not answer on :$RABBIT_MGMT_PORT"
  printf '%-9s %s  started (node %s, data %s)\n' rabbitmq "$where" "$RABBIT_NODE" "${d#"$ROOT"/}"
}

rabbit_down() {
  local port pid
  port="$(owned_get rabbitmq port)"; pid="$(owned_get rabbitmq pid)"
  if [[ -z "$port" ]]; then printf '%-9s nothing to stop (not started by this script)\n' rabbitmq; return; fi
  may_stop rabbitmq || { left_alone rabbitmq; return; }
  # `stop <pidfile>` returns only once the OS process has exited.
  rabbit_private "$port" rabbitmqctl -n "$(owned_get rabbitmq node)" -q stop "$CACHE/rabbitmq/rabbitmq.pid" >/dev/null 2>&1 ||
    if pid_runs "$pid" beam; then kill "$pid" 2>/dev/null || true; fi
  if [[ -n "$pid" ]]; then wait_until 30 "RabbitMQ to exit" pid_gone "$pid" || true; fi
  rm -f "$(owned_file rabbitmq)"
  printf '%-9s 127.0.0.1:%s  stopped\n' rabbitmq "$port"
}

rabbit_status() {
  local state=down origin=""
  port_open 127.0.0.1 "$RABBIT_PORT" && state=up origin=external
  [[ "$(owned_get rabbitmq port)" == "$RABBIT_PORT" ]] && origin="private (node $(owned_get rabbitmq node), started by $(owner_note rabbitmq))"
  local mgmt=down; mgmt_answers "$RABBIT_MGMT_PORT" && mgmt=up
  printf '%-9s 127.0.0.1:%s (mgmt :%s %s)  %s  %s\n' rabbitmq "$RABBIT_PORT" "$RABBIT_MGMT_PORT" "$mgmt" "$state" "$origin"
}

# A broker already answers at its address: say whether it is ours (and whose) or reused.
report_running() {
  local name=$1 where=$2 port=$3 how=reused
  [[ "$(owned_get "$name" port)" == "$port" ]] && how="private, already running (pid $(owned_get "$name" pid), started by $(owner_note "$name"))"
  printf '%-9s %s  %s\n' "$name" "$where" "$how"
}

# ================================================================ Redis

redis_pings() { [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_up() {
  local where="$REDIS_HOST:$REDIS_PORT"
  if port_open "$REDIS_HOST" "$REDIS_PORT"; then
    report_running redis "$where" "$REDIS_PORT"
    return
  fi
  is_loopback "$REDIS_HOST" || die "no Redis answers at $where, and a private one can only be started on this machine"
  need_bin redis-server redis-server
  ensure_no_other_private redis "$REDIS_PORT" redis-server
  local d="$CACHE/redis"
  mkdir -p "$d"
  rm -f "$(owned_file redis)" "$d/redis.pid"
  # Nothing on disk (tests want a clean slate); noeviction because BullMQ requires it.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
    --maxmemory-policy noeviction --pidfile "$d/redis.pid" --dir "$d" --logfile "$d/redis.log" 9>&-
  wait_until 20 "Redis on :$REDIS_PORT" redis_pings || { tail -n 20 "$d/redis.log" >&2; die "private Redis did not start"; }
  wait_until 5 "Redis pid file" test -s "$d/redis.pid"
  printf 'port=%s\npid=%s\nsession=%s\n' "$REDIS_PORT" "$(cat "$d/redis.pid")" "$SESSION" >"$(owned_file redis)"
  printf '%-9s %s  started (pid %s)\n' redis "$where" "$(cat "$d/redis.pid")"
}

redis_down() {
  local port pid
  port="$(owned_get redis port)"; pid="$(owned_get redis pid)"
  if [[ -z "$port" ]]; then printf '%-9s nothing to stop (not started by this script)\n' redis; return; fi
  may_stop redis || { left_alone redis; return; }
  if pid_runs "$pid" redis-server; then
    kill "$pid"
    wait_until 20 "Redis to exit" pid_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$(owned_file redis)"
  printf '%-9s 127.0.0.1:%s  stopped\n' redis "$port"
}

redis_status() {
  local state=down origin=""
  port_open "$REDIS_HOST" "$REDIS_PORT" && state=up origin=external
  [[ "$(owned_get redis port)" == "$REDIS_PORT" ]] && origin="private (pid $(owned_get redis pid), started by $(owner_note redis))"
  printf '%-9s %s:%s  %s  %s\n' redis "$REDIS_HOST" "$REDIS_PORT" "$state" "$origin"
}

# ================================================================ Kafka

KAFKA_DIR="$CACHE/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"

# Downloads the broker's classpath from Maven Central once; .version marks a complete copy.
kafka_fetch() {
  if [[ -f "$KAFKA_LIBS/.version" ]] && compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then return; fi
  need_bin java openjdk-17-jre-headless
  need_bin mvn maven
  local versions="${QUEUEDECK_KAFKA_VERSION:-4.1.0 4.0.0}" v tmp
  for v in $versions; do
    tmp="$KAFKA_DIR/libs.tmp"
    rm -rf "$tmp"
    log "fetching Apache Kafka $v jars from Maven Central (once)"
    if mvn -q -B -f "$ROOT/scripts/kafka/pom.xml" -Dkafka.version="$v" \
      dependency:copy-dependencies -DoutputDirectory="$tmp" >"$KAFKA_DIR/mvn.log" 2>&1; then
      rm -rf "$KAFKA_LIBS"
      mv "$tmp" "$KAFKA_LIBS"
      echo "$v" >"$KAFKA_LIBS/.version"
      return
    fi
    tail -n 15 "$KAFKA_DIR/mvn.log" >&2
    log "Kafka $v did not resolve, trying the next version"
  done
  die "could not fetch Kafka ($versions) from Maven Central"
}

# Two cores and other engineers' processes: a small heap and the serial collector are plenty
# for a development broker.
KAFKA_JVM=(java -Xms128m -Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$ROOT/scripts/kafka/log4j2.properties" -cp "$KAFKA_LIBS/*")
kafka_java() { "${KAFKA_JVM[@]}" "$@"; }

kafka_write_config() {
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by scripts/brokers.sh: one process that is both KRaft controller and broker.
process.roles=broker,controller
node.id=1
# A static voter set: unlike a formatted --standalone quorum it keeps working if the ports change.
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
# Internal topics default to 3 replicas, which a single node can never satisfy.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Tests and the demo want consumer groups to settle at once, not after 3 s.
group.initial.rebalance.delay.ms=0
# Two cores: keep the thread pools small.
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
EOF
}

kafka_up() {
  local where="$KAFKA_HOST:$KAFKA_PORT"
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    report_running kafka "$where" "$KAFKA_PORT"
    return
  fi
  is_loopback "$KAFKA_HOST" || die "no Kafka answers at $where, and a private one can only be started on this machine"
  ensure_no_other_private kafka "$KAFKA_PORT" kafka.Kafka
  port_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT" &&
    die "Kafka controller port $KAFKA_CONTROLLER_PORT is taken (set QUEUEDECK_KAFKA_CONTROLLER_PORT)"
  mkdir -p "$KAFKA_DIR"
  kafka_fetch
  need_bin java openjdk-17-jre-headless
  rm -f "$(owned_file kafka)"
  kafka_write_config
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    if ! grep -Eqx '[A-Za-z0-9_-]{22}' "$KAFKA_DIR/cluster.id" 2>/dev/null; then
      # log4j may print to stdout too: keep only the line that is a base64url UUID.
      kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | grep -Ex '[A-Za-z0-9_-]{22}' | tail -n1 >"$KAFKA_DIR/cluster.id"
      grep -Eqx '[A-Za-z0-9_-]{22}' "$KAFKA_DIR/cluster.id" || die "kafka.tools.StorageTool random-uuid printed no cluster id"
    fi
    kafka_java kafka.tools.StorageTool format -t "$(cat "$KAFKA_DIR/cluster.id")" \
      -c "$KAFKA_DIR/server.properties" >>"$KAFKA_DIR/kafka.log" 2>&1 ||
      { tail -n 20 "$KAFKA_DIR/kafka.log" >&2; die "formatting Kafka storage failed"; }
  fi
  # setsid + nohup: the broker must outlive this shell and the terminal's signals.
  echo "--- $(date -u +%FT%TZ) brokers.sh up" >>"$KAFKA_DIR/kafka.log"
  # `exec` keeps one pid from the subshell through setsid and nohup to the JVM.
  (cd "$KAFKA_DIR" && exec setsid nohup "${KAFKA_JVM[@]}" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >>"$KAFKA_DIR/kafka.log" 2>&1 </dev/null 9>&-) &
  local pid=$!
  echo "$pid" >"$KAFKA_DIR/kafka.pid"
  printf 'port=%s\ncontroller=%s\npid=%s\nsession=%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$pid" "$SESSION" >"$(owned_file kafka)"
  # Up to 60 s for the port, but give up at once if the JVM exits (bad config, port race).
  local deadline=$((SECONDS + 60))
  until port_open 127.0.0.1 "$KAFKA_PORT"; do
    if ! pid_alive "$pid" || ((SECONDS >= deadline)); then
      tail -n 30 "$KAFKA_DIR/kafka.log" >&2
      if pid_alive "$pid"; then kill "$pid"; fi
      rm -f "$(owned_file kafka)"
      die "Kafka did not start within 60 s (log: ${KAFKA_DIR#"$ROOT"/}/kafka.log)"
    fi
    sleep 0.5
  done
  printf '%-9s %s  started (Kafka %s, pid %s, controller :%s, log %s)\n' kafka "$where" \
    "$(cat "$KAFKA_LIBS/.version")" "$pid" "$KAFKA_CONTROLLER_PORT" "${KAFKA_DIR#"$ROOT"/}/kafka.log"
}

kafka_find_pid() {
  local p
  for p in /proc/[0-9]*; do
    tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "kafka.Kafka $KAFKA_DIR/server.properties" && { echo "${p#/proc/}"; return; }
  done
  true
}

kafka_down() {
  local port pid
  port="$(owned_get kafka port)"; pid="$(owned_get kafka pid)"
  if [[ -z "$port" ]]; then printf '%-9s nothing to stop (not started by this script)\n' kafka; return; fi
  may_stop kafka || { left_alone kafka; return; }
  # Fallback: the JVM whose command line names our server.properties is ours and only ours.
  pid_runs "$pid" "$KAFKA_DIR/server.properties" || pid="$(kafka_find_pid)"
  if pid_runs "$pid" "$KAFKA_DIR/server.properties"; then
    # SIGTERM = controlled shutdown; it flushes logs so the next start needs no recovery.
    kill "$pid"
    wait_until 60 "Kafka to exit" pid_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$(owned_file kafka)" "$KAFKA_DIR/kafka.pid"
  printf '%-9s 127.0.0.1:%s  stopped\n' kafka "$port"
}

kafka_status() {
  local state=down origin=""
  port_open "$KAFKA_HOST" "$KAFKA_PORT" && state=up origin=external
  [[ "$(owned_get kafka port)" == "$KAFKA_PORT" ]] && origin="private (pid $(owned_get kafka pid), started by $(owner_note kafka))"
  printf '%-9s %s  %s  %s\n' kafka "$KAFKA_BROKERS" "$state" "$origin"
}

# ================================================================ PostgreSQL

PG_DIR="$CACHE/postgres"

# Debian puts initdb and pg_ctl under /usr/lib/postgresql/<version>/bin: the newest one.
pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] || return 1
  echo "$dir"
}

# initdb and the server refuse to run as root: as root they run as the `postgres` user.
pg_as() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

postgres_up() {
  local where="127.0.0.1:$PG_PORT"
  if port_open 127.0.0.1 "$PG_PORT"; then
    report_running postgres "$where" "$PG_PORT"
    return
  fi
  pg_bin >/dev/null || need_bin /usr/lib/postgresql/15/bin/pg_ctl postgresql
  local bin; bin="$(pg_bin)" || die "postgresql is installed but pg_ctl was not found under /usr/lib/postgresql"
  ensure_no_other_private postgres "$PG_PORT" postgres
  mkdir -p "$PG_DIR"
  rm -f "$(owned_file postgres)"
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$PG_DIR"; chmod 700 "$PG_DIR"; fi
  if [[ ! -s "$PG_DIR/data/PG_VERSION" ]]; then
    # Trust on loopback only: a private test cluster, like the private Redis.
    pg_as "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 ||
      { tail -n 20 "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off" start >/dev/null 9>&- ||
    { tail -n 20 "$PG_DIR/postgres.log" >&2; die "private PostgreSQL did not start"; }
  wait_until 30 "PostgreSQL on :$PG_PORT" port_open 127.0.0.1 "$PG_PORT" || die "private PostgreSQL did not open :$PG_PORT"
  local pid; pid="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
  printf 'port=%s\npid=%s\nsession=%s\n' "$PG_PORT" "$pid" "$SESSION" >"$(owned_file postgres)"
  printf '%-9s %s  started (pid %s)\n' postgres "$where" "$pid"
}

postgres_down() {
  local port pid
  port="$(owned_get postgres port)"; pid="$(owned_get postgres pid)"
  if [[ -z "$port" ]]; then printf '%-9s nothing to stop (not started by this script)\n' postgres; return; fi
  may_stop postgres || { left_alone postgres; return; }
  if pid_runs "$pid" postgres; then
    local bin; bin="$(pg_bin)"
    pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait_until 30 "PostgreSQL to exit" pid_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$(owned_file postgres)"
  printf '%-9s 127.0.0.1:%s  stopped\n' postgres "$port"
}

postgres_status() {
  local state=down origin=""
  port_open 127.0.0.1 "$PG_PORT" && state=up origin=external
  [[ "$(owned_get postgres port)" == "$PG_PORT" ]] && origin="private (pid $(owned_get postgres pid), started by $(owner_note postgres))"
  printf '%-9s 127.0.0.1:%s  %s  %s\n' postgres "$PG_PORT" "$state" "$origin"
}

# ================================================================ main

write_env() {
  # Tests and the dev server source this; it may hold a Redis password, so only we read it.
  (umask 077 && cat >"$CACHE/brokers.env" <<EOF
export QUEUEDECK_RABBITMQ_PORT=$RABBIT_PORT
export QUEUEDECK_RABBITMQ_MGMT_PORT=$RABBIT_MGMT_PORT
export QUEUEDECK_REDIS_URL='$REDIS_URL'
export QUEUEDECK_KAFKA_BROKERS=$KAFKA_BROKERS
export QUEUEDECK_TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$PG_PORT/postgres'
EOF
  )
}

cmd="${1:-status}"
shift || true
brokers=()
for a in "$@"; do
  case "$a" in
    --all) [[ "$cmd" == down ]] || die "--all only applies to down"; DOWN_ALL=1 ;;
    *) brokers+=("$a") ;;
  esac
done
[[ ${#brokers[@]} -gt 0 ]] || brokers=("${ALL_BROKERS[@]}")
for b in "${brokers[@]}"; do
  [[ " ${ALL_BROKERS[*]} " == *" $b "* ]] || die "unknown broker '$b' (expected: ${ALL_BROKERS[*]})"
done
fn() { case "$1" in rabbitmq) echo "rabbit_$2" ;; *) echo "$1_$2" ;; esac; }

mkdir -p "$CACHE"
case "$cmd" in
  up|down)
    # Several shells (tests, dev server, people) may run this at once: one at a time.
    # (Brokers started below get `9>&-`, or they would hold this lock for their whole life.)
    exec 9>"$CACHE/brokers.lock"
    flock -w 600 9 || die "another brokers.sh is still running"
    for b in "${brokers[@]}"; do "$(fn "$b" "$cmd")"; done
    if [[ "$cmd" == up ]]; then
      write_env
      echo "addresses: ${CACHE#"$ROOT"/}/brokers.env (source it)"
    fi
    ;;
  status)
    for b in "${brokers[@]}"; do "$(fn "$b" status)"; done
    ;;
  kafka-jars)
    # The fault tests run Kafka brokers of their own from these jars, even when `up` reused a
    # Kafka that was already running (and so never fetched them).
    exec 9>"$CACHE/brokers.lock"
    flock -w 600 9 || die "another brokers.sh is still running"
    mkdir -p "$KAFKA_DIR"
    kafka_fetch
    echo "$KAFKA_LIBS"
    ;;
  *) die "usage: scripts/brokers.sh up|down [--all]|status [rabbitmq|redis|kafka|postgres ...] | kafka-jars" ;;
esac

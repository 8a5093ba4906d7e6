#!/usr/bin/env bash
# Shared by compare.sh, soak.sh and flood.sh: the namespaces, the servers and perfdhcp. Sourced
# after the caller set PERIOD (seconds per perfdhcp run). Documentation addresses only, on links
# inside these namespaces only.
CLIENTS=100000                    # distinct clients per perfdhcp process
POOL="2001:db8:1:0:1::/80"        # the same pool for every server
SERVER_ADDR="2001:db8:1::1"
NS=nb6pd$$
WORK=$(mktemp -d /tmp/nb6-perfdhcp.XXXXXX)
CLK_TCK=$(getconf CLK_TCK)
OUT="$ROOT/benchmarks/perfdhcp/${OUT_NAME:-results}-$(date -u +%Y%m%dT%H%M%SZ).md"
[ -n "${SERVE_EXTRA+x}" ] || SERVE_EXTRA=()   # more netboot6 serve options, set by the caller
: "${RATE_LIMIT:=1000000}"                      # serve's per-client limit: off unless set
: "${BATCH_WINDOW:=1000}"   # microseconds, for the -batched servers (serve --batch-window)
JAR="$ROOT/examples/target/netboot6.jar"
JAVA="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java"
[ -x "$JAVA" ] || JAVA=java

for tool in perfdhcp kea-dhcp6 dnsmasq ip; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (see benchmarks/perfdhcp/README.md)" >&2; exit 3; }
done
[ -f "$JAR" ] || { echo "$JAR is missing: ./mvnw -q -pl examples -am package -DskipTests" >&2; exit 3; }

SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  for n in "$NS-s" "$NS-c1" "$NS-c2" "$NS-r"; do
    for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$n" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- network: server namespace with bridge br0; two client namespaces (two perfdhcp processes);
# --- documentation addresses only, on these links only.
ip netns add "$NS-s"
ip -n "$NS-s" link set lo up
ip -n "$NS-s" link add br0 type bridge
ip netns exec "$NS-s" sysctl -qw net.ipv6.conf.br0.accept_dad=0
ip -n "$NS-s" addr add "$SERVER_ADDR/64" dev br0 nodad
ip -n "$NS-s" link set br0 up
i=1
for c in c1 c2; do
  ip netns add "$NS-$c"
  ip -n "$NS-$c" link set lo up
  ip -n "$NS-$c" link add "$c" type veth peer "s-$c"
  ip -n "$NS-$c" link set "s-$c" netns "$NS-s"
  ip -n "$NS-s" link set "s-$c" master br0
  ip -n "$NS-s" link set "s-$c" up
  ip netns exec "$NS-$c" sysctl -qw "net.ipv6.conf.$c.accept_dad=0"
  ip -n "$NS-$c" addr add "2001:db8:1::c$i/64" dev "$c" nodad
  ip -n "$NS-$c" link set "$c" up
  i=$((i + 1))
done
sleep 1

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

start_server() {  # $1 = server name; sets SERVER_PID
  local name=$1 dir="$WORK/$1"
  rm -rf "$dir"; mkdir -p "$dir"
  case "$name" in
    netboot6-memory|netboot6-journal|netboot6-memory-batched|netboot6-journal-batched)
      local store=${name#netboot6-} batch=()
      store=${store%-batched}
      [ "$name" != "${name%-batched}" ] && batch=(--batch-window "$BATCH_WINDOW")
      echo '{"hosts": [{"name": "placeholder", "macs": ["02:00:00:00:00:01"]}]}' > "$dir/inventory.json"
      ip netns exec "$NS-s" "$JAVA" -Xms256m -Xmx256m -XX:+UseParallelGC \
        -Xlog:gc:file="$dir/gc.log" -jar "$JAR" serve --inventory "$dir/inventory.json" \
        --pool 2001:db8:1::/64 --discovery "$POOL" --state "$dir/state" --store "$store" \
        --server-address "$SERVER_ADDR" --interface br0 --http-port 8080 \
        --rate-limit "$RATE_LIMIT" ${batch[@]+"${batch[@]}"} ${SERVE_EXTRA[@]+"${SERVE_EXTRA[@]}"} \
        > "$dir/server.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 100); do grep -q '^serve started' "$dir/server.log" && break; sleep 0.2; done
      ;;
    kea-memfile|kea-memfile-persist|kea-memfile-1t|kea-memfile-persist-1t)
      # -1t: Kea's classic single-threaded mode; otherwise multi-threaded on 2 threads.
      local persist=false mt=true
      case "$name" in kea-memfile-persist*) persist=true ;; esac
      case "$name" in *-1t) mt=false ;; esac
      cat > "$dir/kea.json" <<EOF
{"Dhcp6": {
  "interfaces-config": {"interfaces": ["br0/$SERVER_ADDR"]},
  "server-id": {"type": "LLT", "persist": false},
  "lease-database": {"type": "memfile", "persist": $persist, "name": "$dir/leases.csv", "lfc-interval": 0},
  "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
  "multi-threading": {"enable-multi-threading": $mt, "thread-pool-size": 2, "packet-queue-size": 64},
  "subnet6": [{"id": 1, "subnet": "2001:db8:1::/64", "interface": "br0",
               "relay": {"ip-addresses": ["2001:db8:1::c1", "2001:db8:1::c2"]},
               "pools": [{"pool": "$POOL"}]}],
  "loggers": [{"name": "kea-dhcp6", "output_options": [{"output": "$dir/kea.log"}], "severity": "WARN"}]
}}
EOF
      KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" ip netns exec "$NS-s" kea-dhcp6 -c "$dir/kea.json" \
        > "$dir/server.log" 2>&1 &
      SERVER_PID=$!
      sleep 2
      ;;
    floor|floor-batched)
      # The kernel's share: see floor.c. Built here, with the machine's C compiler.
      local window=0
      [ "$name" = floor-batched ] && window=$BATCH_WINDOW
      cc -O2 -o "$dir/floor" "$ROOT/benchmarks/perfdhcp/floor.c"
      ip netns exec "$NS-s" "$dir/floor" br0 "$window" > "$dir/server.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 50); do grep -q '^floor started' "$dir/server.log" && break; sleep 0.1; done
      ;;
    dnsmasq)
      ip netns exec "$NS-s" dnsmasq --keep-in-foreground --no-daemon --conf-file=/dev/null \
        --port=0 --interface=br0 --bind-interfaces --dhcp-authoritative \
        --dhcp-range=2001:db8:1::1:0:0:0,2001:db8:1::1:ffff:ffff:ffff,64,1h \
        --dhcp-leasefile="$dir/leases" --pid-file="$dir/pid" --log-facility="$dir/dnsmasq.log" \
        > "$dir/server.log" 2>&1 &
      SERVER_PID=$!
      sleep 2
      ;;
    *) echo "unknown server $name" >&2; exit 2 ;;
  esac
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "$name did not start:"; cat "$dir/server.log"; exit 1; }
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# Datagrams the kernel dropped because a socket's receive buffer was full, in namespace $1
# (Udp6RcvbufErrors): in "$NS-s" the server's, in "$NS-c1" and "$NS-c2" perfdhcp's own.
rcvbuf_drops() { ip netns exec "$1" awk '$1 == "Udp6RcvbufErrors" {print $2}' /proc/net/snmp6; }

# Runs perfdhcp from one or two client namespaces; prints "exchanges drops avg_ms solicits_sent".
run_perfdhcp() {  # $1 mode, $2 total rate, $3 processes
  local mode=$1 rate=$2 procs=$3 relay=() target=(-l)
  local per=$((rate / procs)) pids=() k
  for k in $(seq 1 "$procs"); do
    local args=(-6 -r "$per" -p "$PERIOD" -R "$CLIENTS" -b "mac=00:0c:0$k:00:00:00" -W 1000000)
    if [ "$mode" = relayed ]; then
      args+=(-A 1 -l "c$k" "$SERVER_ADDR")
    else
      args+=(-l "c$k")
    fi
    ip netns exec "$NS-c$k" perfdhcp "${args[@]}" > "$WORK/perfdhcp-$k.out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  cat "$WORK"/perfdhcp-*.out | awk '
    /Statistics for: SOLICIT-ADVERTISE/ {sec="sa"} /Statistics for: REQUEST-REPLY/ {sec="rr"}
    /^drops:/ {drops += $2}
    /^sent packets:/ && sec=="sa" {sent += $3}
    /^received packets:/ && sec=="rr" {done += $3}
    /^avg delay:/ && sec=="rr" {delay += $3; n++}
    END {printf "%d %d %.3f %d\n", done, drops, (n ? delay / n : 0), sent}'
  rm -f "$WORK"/perfdhcp-*.out
}


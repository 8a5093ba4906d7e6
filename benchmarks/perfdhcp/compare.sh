#!/usr/bin/env bash
# Load test: ISC perfdhcp -6 against netboot6 serve, kea-dhcp6 and dnsmasq, in turn, with the same
# perfdhcp parameters, the same pool and the same machine, in network namespaces of its own.
#
#   sudo benchmarks/perfdhcp/compare.sh [--quick] [--servers "netboot6-memory kea-memfile ..."]
#
# Needs root, Debian's kea-admin (perfdhcp), kea-dhcp6-server and dnsmasq-base, and
# examples/target/netboot6.jar (./mvnw -q -pl examples -am package -DskipTests). Writes a Markdown
# table to benchmarks/perfdhcp/results-<date>.md and prints it. See benchmarks/perfdhcp/README.md.
#
# For each server and mode, the offered rate is stepped up; each point is run twice. The zero-drop
# rate is the highest rate at which both runs had no drop in either exchange (Solicit-Advertise and
# Request-Reply). CPU is the server process's user+system time from /proc/<pid>/stat over the run,
# divided by the four-way exchanges completed; RSS is VmRSS at the end of the server's runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

QUICK=0
SERVERS="netboot6-memory netboot6-journal kea-memfile kea-memfile-persist dnsmasq"
MODES="direct relayed"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --servers) SERVERS="$2"; shift ;;
    --modes) MODES="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--servers LIST] [--modes 'direct relayed']" >&2; exit 2 ;;
  esac
  shift
done

if [ "$QUICK" = 1 ]; then
  PERIOD=5; REPEATS=1; RATES="500 2000 5000"; TWO_PROCESS_RATES=""
else
  PERIOD=10; REPEATS=2
  RATES="250 500 1000 2000 3000 4000 5000 6000 7000 8000 9000 10000"
  TWO_PROCESS_RATES="12000 14000 16000 18000 20000"
fi
CLIENTS=100000                    # distinct clients per perfdhcp process
POOL="2001:db8:1:0:1::/80"        # the same pool for every server
SERVER_ADDR="2001:db8:1::1"
NS=nb6pd$$
WORK=$(mktemp -d /tmp/nb6-perfdhcp.XXXXXX)
CLK_TCK=$(getconf CLK_TCK)
OUT="$ROOT/benchmarks/perfdhcp/results-$(date -u +%Y%m%dT%H%M%SZ).md"
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
    netboot6-memory|netboot6-journal)
      local store=${name#netboot6-}
      echo '{"hosts": [{"name": "placeholder", "macs": ["02:00:00:00:00:01"]}]}' > "$dir/inventory.json"
      ip netns exec "$NS-s" "$JAVA" -Xms256m -Xmx256m -XX:+UseParallelGC \
        -Xlog:gc:file="$dir/gc.log" -jar "$JAR" serve --inventory "$dir/inventory.json" \
        --pool 2001:db8:1::/64 --discovery "$POOL" --state "$dir/state" --store "$store" \
        --server-address "$SERVER_ADDR" --interface br0 --http-port 8080 \
        --rate-limit 1000000 > "$dir/server.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 100); do grep -q '^serve started' "$dir/server.log" && break; sleep 0.2; done
      ;;
    kea-memfile|kea-memfile-persist)
      local persist=false
      [ "$name" = kea-memfile-persist ] && persist=true
      cat > "$dir/kea.json" <<EOF
{"Dhcp6": {
  "interfaces-config": {"interfaces": ["br0/$SERVER_ADDR"]},
  "server-id": {"type": "LLT", "persist": false},
  "lease-database": {"type": "memfile", "persist": $persist, "name": "$dir/leases.csv", "lfc-interval": 0},
  "preferred-lifetime": 3000, "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
  "multi-threading": {"enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64},
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

# Runs perfdhcp from one or two client namespaces; prints "exchanges drops avg_ms".
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
    /^received packets:/ && sec=="rr" {done += $3}
    /^avg delay:/ && sec=="rr" {delay += $3; n++}
    END {printf "%d %d %.3f\n", done, drops, (n ? delay / n : 0)}'
  rm -f "$WORK"/perfdhcp-*.out
}

printf '| server | mode | zero-drop rate (4-way/s) | at that rate: CPU us/exchange | avg Request-Reply delay ms | first rate with drops (drops) | RSS MiB |\n' > "$WORK/table"
printf '|---|---|---|---|---|---|---|\n' >> "$WORK/table"

for server in $SERVERS; do
  for mode in $MODES; do
    [ "$server" = dnsmasq ] && [ "$mode" = relayed ] && continue  # dnsmasq does not serve relays here
    start_server "$server"
    # Warm-up (the JVM's JIT; the same for every server): 10 s at 1,000/s.
    run_perfdhcp "$mode" 1000 1 > /dev/null
    best=0; best_cpu="-"; best_delay="-"; first_drop="-"
    for rate in $RATES $TWO_PROCESS_RATES; do
      procs=1
      case " $TWO_PROCESS_RATES " in *" $rate "*) procs=2 ;; esac
      ok=1; cpu_sum=0; ex_sum=0; delay=""
      for _ in $(seq 1 "$REPEATS"); do
        t0=$(cpu_ticks "$SERVER_PID")
        read -r exchanges drops avg < <(run_perfdhcp "$mode" "$rate" "$procs")
        t1=$(cpu_ticks "$SERVER_PID")
        cpu_sum=$((cpu_sum + t1 - t0)); ex_sum=$((ex_sum + exchanges)); delay=$avg
        echo "$server $mode rate=$rate procs=$procs exchanges=$exchanges drops=$drops avg_ms=$avg cpu_ticks=$((t1 - t0))" >&2
        if [ "$drops" -gt 0 ] || [ "$exchanges" -eq 0 ]; then ok=0; [ "$first_drop" = "-" ] && first_drop="$rate ($drops)"; fi
      done
      if [ "$ok" = 1 ]; then
        best=$rate; best_delay=$delay
        best_cpu=$(awk -v t="$cpu_sum" -v e="$ex_sum" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", e ? t * 1e6 / hz / e : 0}')
      else
        break
      fi
    done
    rss=$(awk -v k="$(rss_kib "$SERVER_PID")" 'BEGIN {printf "%.0f", k / 1024}')
    stop_server
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$server" "$mode" "$best" "$best_cpu" "$best_delay" "$first_drop" "$rss" >> "$WORK/table"
  done
done

{
  echo "# perfdhcp -6: netboot6 serve, kea-dhcp6 and dnsmasq"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -r)."
  echo "perfdhcp $(perfdhcp -v 2>&1 | awk '{print $2}'), kea-dhcp6 $(kea-dhcp6 -v), $(dnsmasq --version | head -1 | awk '{print $1, $3}'),"
  echo "$("$JAVA" -version 2>&1 | head -1). Period ${PERIOD} s per point, ${REPEATS} runs per point, ${CLIENTS} clients per perfdhcp process, pool $POOL."
  echo
  cat "$WORK/table"
} | tee "$OUT"

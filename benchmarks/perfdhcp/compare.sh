#!/usr/bin/env bash
# Load test: ISC perfdhcp -6 against netboot6 serve, kea-dhcp6 and dnsmasq, in turn, with the same
# perfdhcp parameters, the same pool and the same machine, in network namespaces of its own.
#
#   sudo benchmarks/perfdhcp/compare.sh [--quick] [--servers "netboot6-memory kea-memfile ..."]
#        [--modes "direct relayed"] [--rates "1000 3000"] [--processes 2]
#        [--serve-options "--threads 1"]
#
# Needs root, Debian's kea-admin (perfdhcp), kea-dhcp6-server and dnsmasq-base, and
# examples/target/netboot6.jar (./mvnw -q -pl examples -am package -DskipTests). Writes a Markdown
# table to benchmarks/perfdhcp/results-<date>.md and prints it. See benchmarks/perfdhcp/README.md.
#
# For each server and mode, the offered rate is stepped up; each point is run twice. The zero-drop
# rate is the highest rate at which both runs had no drop in either exchange (Solicit-Advertise and
# Request-Reply). CPU is the server process's user+system time from /proc/<pid>/stat over the run,
# divided by the four-way exchanges completed; RSS is VmRSS at the end of the server's runs.
#
# On a virtual machine the host may take CPU time from it ("steal", /proc/stat), and every
# server's CPU per exchange then rises with it (floor.c at 1,000/s: 72 us per exchange with 2 %
# steal, 152 us with 27 %). A run during which the host took more than STEAL_MAX percent
# (default 3) of the machine's CPU time is run again, up to STEAL_TRIES times in all (default 4);
# the last try counts. The tables show each point's steal.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

QUICK=0
RATES_GIVEN=""
PROCS_FORCED=""
SERVE_EXTRA=()
SERVERS="netboot6-memory netboot6-journal kea-memfile kea-memfile-1t kea-memfile-persist dnsmasq floor"
MODES="direct relayed"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --servers) SERVERS="$2"; shift ;;
    --modes) MODES="$2"; shift ;;
    --rates) RATES_GIVEN="$2"; shift ;;
    --processes) PROCS_FORCED="$2"; shift ;;
    --serve-options) read -r -a SERVE_EXTRA <<< "$2"; shift ;;
    *) echo "usage: $0 [--quick] [--servers LIST] [--modes 'direct relayed'] [--rates 'R ...'] [--processes 1|2] [--serve-options 'OPTIONS']" >&2; exit 2 ;;
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
if [ -n "$RATES_GIVEN" ]; then  # every given rate is run, even after one with drops
  RATES="$RATES_GIVEN"; TWO_PROCESS_RATES=""; KEEP_GOING=1
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
: "${STEAL_MAX:=3}" "${STEAL_TRIES:=4}"
steal_ticks() { awk '/^cpu / {print $9}' /proc/stat; }
source "$ROOT/benchmarks/perfdhcp/lib.sh"

printf '| server | mode | zero-drop rate (4-way/s) | at that rate: CPU us/exchange | avg Request-Reply delay ms | first rate with drops (drops) | RSS MiB |\n' > "$WORK/table"
printf '|---|---|---|---|---|---|---|\n' >> "$WORK/table"
: > "$WORK/per-rate"

for server in $SERVERS; do
  for mode in $MODES; do
    [ "$server" = dnsmasq ] && [ "$mode" = relayed ] && continue  # dnsmasq does not serve relays here
    start_server "$server"
    # Warm-up (the JVM's JIT; the same for every server): two periods at 2,000/s. After one period
    # at 1,000/s the JVM's compiler threads still took up to a tenth of the next period's CPU.
    run_perfdhcp "$mode" 2000 1 > /dev/null
    run_perfdhcp "$mode" 2000 1 > /dev/null
    best=0; best_cpu="-"; best_delay="-"; first_drop="-"
    for rate in $RATES $TWO_PROCESS_RATES; do
      procs=1
      case " $TWO_PROCESS_RATES " in *" $rate "*) procs=2 ;; esac
      [ -n "$RATES_GIVEN" ] && [ "$rate" -gt 10000 ] && procs=2
      [ -n "$PROCS_FORCED" ] && procs=$PROCS_FORCED
      ok=1; cpu_sum=0; ex_sum=0; drop_sum=0; delay=""; steal_max_seen=0; sent_sum=0; server_full=0; perfdhcp_full=0
      for _ in $(seq 1 "$REPEATS"); do
        for try in $(seq 1 "$STEAL_TRIES"); do
          s0=$(steal_ticks); w0=$(date +%s%N); t0=$(cpu_ticks "$SERVER_PID")
          r0=$(rcvbuf_drops "$NS-s"); g0=$(( $(rcvbuf_drops "$NS-c1") + $(rcvbuf_drops "$NS-c2") ))
          read -r exchanges drops avg sent < <(run_perfdhcp "$mode" "$rate" "$procs")
          t1=$(cpu_ticks "$SERVER_PID"); w1=$(date +%s%N); s1=$(steal_ticks)
          r1=$(rcvbuf_drops "$NS-s"); g1=$(( $(rcvbuf_drops "$NS-c1") + $(rcvbuf_drops "$NS-c2") ))
          steal=$(awk -v s=$((s1 - s0)) -v w=$(((w1 - w0) / 1000000)) -v hz="$CLK_TCK" -v n="$(nproc)" \
            'BEGIN {printf "%.1f", w ? s * 1000 / hz * 100 / (w * n) : 0}')
          echo "$server $mode rate=$rate procs=$procs exchanges=$exchanges drops=$drops avg_ms=$avg cpu_ticks=$((t1 - t0)) steal=$steal% solicits_sent=$sent server_socket_full=$((r1 - r0)) perfdhcp_socket_full=$((g1 - g0))" >&2
          awk -v s="$steal" -v m="$STEAL_MAX" 'BEGIN {exit !(s > m)}' || break
          [ "$try" -lt "$STEAL_TRIES" ] && echo "  the host took $steal% of the CPU time: run again" >&2
        done
        steal_max_seen=$(awk -v a="$steal_max_seen" -v b="$steal" 'BEGIN {print (b > a ? b : a)}')
        cpu_sum=$((cpu_sum + t1 - t0)); ex_sum=$((ex_sum + exchanges)); drop_sum=$((drop_sum + drops)); delay=$avg
        sent_sum=$((sent_sum + sent)); server_full=$((server_full + r1 - r0)); perfdhcp_full=$((perfdhcp_full + g1 - g0))
        if [ "$drops" -gt 0 ] || [ "$exchanges" -eq 0 ]; then ok=0; [ "$first_drop" = "-" ] && first_drop="$rate ($drops)"; fi
      done
      cpu=$(awk -v t="$cpu_sum" -v e="$ex_sum" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", e ? t * 1e6 / hz / e : 0}')
      sent_pct=$(awk -v s="$sent_sum" -v o=$((REPEATS * rate * PERIOD)) 'BEGIN {printf "%.2f", s * 100 / o}')
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$server" "$mode" "$rate" "$ex_sum" "$drop_sum" \
        "$cpu" "$steal_max_seen" "$sent_pct" "$server_full" "$perfdhcp_full" >> "$WORK/per-rate"
      if [ "$ok" = 1 ]; then
        best=$rate; best_delay=$delay
        best_cpu=$cpu
      elif [ "${KEEP_GOING:-0}" = 0 ]; then
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
  echo "Load average at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg) (perfdhcp itself counts)."
  case " $SERVERS " in *-batched*) echo "Servers named -batched: a batch window of ${BATCH_WINDOW} us (serve --batch-window; floor.c's second argument)." ;; esac
  echo "netboot6 serve options added: ${SERVE_EXTRA[*]:-none}. A run during which the host stole more than ${STEAL_MAX} % of the CPU time was run again, ${STEAL_TRIES} tries at most."
  echo
  cat "$WORK/table"
  echo
  echo "Every point run (CPU per exchange at the same offered rate is what compares servers):"
  echo
  echo "Where datagrams were lost: the kernel's count of datagrams dropped because a socket's receive"
  echo "buffer was full (Udp6RcvbufErrors), in the server's namespace and in perfdhcp's. A drop at"
  echo "perfdhcp's sockets, or fewer Solicits sent than offered, is the load generator falling behind."
  echo
  echo "| server | mode | offered rate (4-way/s) | exchanges completed | drops | CPU us/exchange | steal % (the worse run) | Solicits sent, % of offered | lost at the server's socket | lost at perfdhcp's sockets |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  cat "$WORK/per-rate"
} | tee "$OUT"

#!/usr/bin/env bash
# Soak: netboot6 serve under perfdhcp -6 for a long run at a fixed rate (by default 30 minutes),
# sampling the responder's resident memory and lease count every 30 s and its GC pauses.
#
#   sudo benchmarks/perfdhcp/soak.sh --rate R [--minutes 30] [--store memory|journal]
#        [--batch-window MICROSECONDS]
#
# R should be half the responder's zero-drop rate from compare.sh. Writes
# benchmarks/perfdhcp/soak-<date>.md: the samples, and whether RSS and lease count stayed flat
# after warm-up (the first 5 minutes, or a sixth of a shorter run).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RATE=""; MINUTES=30; STORE=memory; WINDOW=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE="$2"; shift ;;
    --minutes) MINUTES="$2"; shift ;;
    --store) STORE="$2"; shift ;;
    --batch-window) WINDOW="$2"; shift ;;
    *) echo "usage: $0 --rate R [--minutes M] [--store memory|journal] [--batch-window US]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$RATE" ] || { echo "--rate is required (half the zero-drop rate from compare.sh)" >&2; exit 2; }
case "$STORE" in memory|journal) ;; *) echo "--store: $STORE (expected: memory or journal)" >&2; exit 2 ;; esac
SERVER="netboot6-$STORE"
if [ -n "$WINDOW" ]; then
  SERVER="$SERVER-batched"   # lib.sh passes --batch-window "$BATCH_WINDOW" to these
  BATCH_WINDOW=$WINDOW
fi
PERIOD=$((MINUTES * 60))
OUT_NAME=soak
SERVE_EXTRA=(--stats-interval 30)
source "$ROOT/benchmarks/perfdhcp/lib.sh"

start_server "$SERVER"
dir="$WORK/$SERVER"
r0=$(rcvbuf_drops "$NS-s"); g0=$(rcvbuf_drops "$NS-c1")
run_perfdhcp direct "$RATE" 1 > "$WORK/perfdhcp.result" &
load=$!
samples="$WORK/samples"
echo "| minute | RSS MiB | host+discovery blocks | received | answered | malformed | errors |" > "$samples"
echo "|---|---|---|---|---|---|---|" >> "$samples"
t0=$(date +%s)
while kill -0 "$load" 2>/dev/null; do
  sleep 30
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the responder died" >&2; break; }
  line=$(grep '^stats ' "$dir/server.log" | tail -1 || true)
  get() { echo "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  blocks=$(( $(get host-blocks || echo 0) + $(get discovery-blocks || echo 0) ))
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$(( ($(date +%s) - t0) / 60 ))" \
    "$(awk -v k="$(rss_kib "$SERVER_PID")" 'BEGIN {printf "%.0f", k / 1024}')" \
    "$blocks" "$(get received)" "$(get answered)" "$(get malformed)" "$(get errors)" >> "$samples"
done
wait "$load" || true
r1=$(rcvbuf_drops "$NS-s"); g1=$(rcvbuf_drops "$NS-c1")
read -r exchanges drops avg _ < "$WORK/perfdhcp.result"
alive=yes; kill -0 "$SERVER_PID" 2>/dev/null || alive=no
stop_server
# GC pauses from -Xlog:gc: "... Pause Young (...) 80M->10M(245M) 1.234ms".
pauses=$(grep -o 'Pause[^)]*) [^ ]* [0-9.]*ms' "$dir/gc.log" | awk '{print $NF}' | tr -d 'ms' | sort -n)
count=$(echo "$pauses" | grep -c . || true)
p99=$(echo "$pauses" | awk -v n="$count" 'NR == int(n * 0.99 + 0.999) {print; exit}')
max=$(echo "$pauses" | tail -1)
warm=$(( MINUTES >= 30 ? 5 : (MINUTES + 5) / 6 ))
flat=$(awk -F'|' -v w="$warm" 'NR > 2 && $2 + 0 >= w {r = $3 + 0; b = $4 + 0;
    if (!n++) {rmin = rmax = r; bmin = bmax = b}
    if (r < rmin) rmin = r; if (r > rmax) rmax = r; if (b < bmin) bmin = b; if (b > bmax) bmax = b}
    END {printf "RSS %d-%d MiB, blocks %d-%d after minute %d", rmin, rmax, bmin, bmax, w}' "$samples")
{
  echo "# Soak: netboot6 serve ($STORE store$([ -n "$WINDOW" ] && echo ", --batch-window $WINDOW")), perfdhcp -6 at $RATE/s for $MINUTES minutes"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
  echo "Exchanges completed: $exchanges; drops: $drops; average Request-Reply delay: $avg ms; responder alive at the end: $alive."
  echo "Datagrams lost because a receive buffer was full (Udp6RcvbufErrors): $((r1 - r0)) at the responder's socket, $((g1 - g0)) at perfdhcp's."
  echo "GC pauses: $count, p99 ${p99:-0} ms, max ${max:-0} ms (ParallelGC, 256 MiB heap). $flat."
  echo
  cat "$samples"
} | tee "$OUT"

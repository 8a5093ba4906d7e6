#!/usr/bin/env bash
# Flood: the same perfdhcp -6 load on netboot6 serve twice, first alone, then with as many hostile
# datagrams as valid ones (the testkit's truncated, bit-flipped, random, deeply relayed and deeply
# nested messages) and one client sending valid Solicits at the rate of all valid clients together
# (far more than 100 times any one client's share). Valid clients must keep at least 80% of their
# rate, the responder must stay up, and the flood must show in its counters.
#
#   sudo benchmarks/perfdhcp/flood.sh --rate R [--seconds 60] [--server netboot6-memory-batched]
#
# Needs benchmarks/target/benchmarks.jar (./mvnw -q -pl benchmarks -am package -DskipTests) besides
# examples/target/netboot6.jar. Writes benchmarks/perfdhcp/flood-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RATE=""; SECONDS_RUN=60; SERVER=netboot6-memory
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE="$2"; shift ;;
    --seconds) SECONDS_RUN="$2"; shift ;;
    --server) SERVER="$2"; shift ;;
    *) echo "usage: $0 --rate R [--seconds S] [--server netboot6-memory|netboot6-memory-batched]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$RATE" ] || { echo "--rate is required (e.g. half the zero-drop rate from compare.sh)" >&2; exit 2; }
case "$SERVER" in netboot6-memory|netboot6-memory-batched) ;; *) echo "--server: $SERVER (expected: netboot6-memory or netboot6-memory-batched)" >&2; exit 2 ;; esac
PERIOD=$SECONDS_RUN
OUT_NAME=flood
RATE_LIMIT=20                 # the responder's default per-client limit
SERVE_EXTRA=(--stats-interval 10)
source "$ROOT/benchmarks/perfdhcp/lib.sh"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
[ -f "$BENCH_JAR" ] || { echo "$BENCH_JAR is missing" >&2; exit 3; }

start_server "$SERVER"
dir="$WORK/$SERVER"
PERIOD=10 run_perfdhcp direct 1000 1 > /dev/null   # warm-up
read -r base_ex base_drops base_avg _ < <(run_perfdhcp direct "$RATE" 1)
before=$(grep '^stats ' "$dir/server.log" | tail -1 || true)

# perfdhcp sends about 2 * RATE valid messages per second (Solicit, Request): as many hostile ones.
ip netns exec "$NS-c2" "$JAVA" -cp "$BENCH_JAR" io.github.netboot6.benchmarks.load.FloodSender \
  ff02::1:2 c2 $((2 * RATE)) "$RATE" "$SECONDS_RUN" > "$WORK/flood.out" 2>&1 &
flood=$!
read -r flood_ex flood_drops flood_avg _ < <(run_perfdhcp direct "$RATE" 1)
wait "$flood" || true
sleep 11
alive=yes; kill -0 "$SERVER_PID" 2>/dev/null || alive=no
after=$(grep '^stats ' "$dir/server.log" | tail -1 || true)
stop_server
get() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
delta() { echo $(( $(get "$after" "$1" || echo 0) - $(get "$before" "$1" || echo 0) )); }
kept=$(awk -v a="$flood_ex" -v b="$base_ex" 'BEGIN {printf "%.1f", b ? 100 * a / b : 0}')
verdict=FAIL
if [ "$alive" = yes ] && awk -v k="$kept" 'BEGIN {exit !(k >= 80)}'; then verdict=PASS; fi
{
  echo "# Flood: netboot6 serve under perfdhcp -6 at $RATE/s, then the same with a flood"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'). ${SECONDS_RUN} s each."
  echo "Server: $SERVER$([ "$SERVER" = netboot6-memory-batched ] && echo " (serve --batch-window $BATCH_WINDOW)")."
  echo
  echo "| run | valid exchanges | drops | avg Request-Reply delay ms |"
  echo "|---|---|---|---|"
  echo "| alone | $base_ex | $base_drops | $base_avg |"
  echo "| with the flood | $flood_ex | $flood_drops | $flood_avg |"
  echo
  echo "Flood sender: $(cat "$WORK/flood.out")."
  echo "Responder counters during the flood: malformed +$(delta malformed), rate_limited +$(delta rate_limited), not_for_a_server +$(delta not_for_a_server), answered +$(delta answered), errors +$(delta errors)."
  echo "Valid clients kept $kept% of their exchanges; responder alive: $alive. Verdict: $verdict (goal: >= 80%, alive)."
} | tee "$OUT"
[ "$verdict" = PASS ]

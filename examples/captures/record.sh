#!/usr/bin/env bash
# Re-records the DHCPv6 captures of this folder from real programs: ISC dhclient as the client,
# dnsmasq and Kea as servers (configured by `netboot6 plan` from ../inventory.example.json), and a
# dnsmasq relay that adds the client's link-layer address (option 79).
#
#   sudo examples/captures/record.sh            # from the repository root
#
# Needs root (network namespaces), and the Debian packages dnsmasq-base, kea-dhcp6-server,
# isc-dhcp-client, tshark (dumpcap) and iproute2, python3, for the VM capture qemu-system-x86,
# ovmf and ipxe, and a built netboot6 tool: it runs
# examples/target/netboot6.jar, building it with ./mvnw if it is missing; NETBOOT6="command"
# runs another one.
#
# Safety: every host is a network namespace joined to the others by veth pairs created here and
# deleted on exit, with 2001:db8::/32 documentation addresses only; nothing is sent anywhere else.
# dhclient always runs with -sf /bin/true: its default script rewrites the machine's
# /etc/resolv.conf, even from inside a namespace.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "record.sh: run as root (it creates network namespaces)" >&2; exit 1; }
for tool in ip dnsmasq kea-dhcp6 dhclient dumpcap python3 java; do
  command -v "$tool" >/dev/null || { echo "record.sh: $tool is missing" >&2; exit 1; }
done

if [ -z "${NETBOOT6:-}" ]; then
  jar="$repo/examples/target/netboot6.jar"
  if [ ! -f "$jar" ]; then
    (cd "$repo" && ./mvnw -q -pl examples -am package -DskipTests)
  fi
  NETBOOT6="java -jar $jar"
fi

tag=$$
work=$(mktemp -d /tmp/netboot6-record.XXXXXX)
namespaces=()

cleanup() {
  for ns in "${namespaces[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  done
  sleep 0.5
  for ns in "${namespaces[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "record.sh: kept $work"; fi
}
trap cleanup EXIT

# --- the network -------------------------------------------------------------------------------

netns() { ip netns add "$1"; namespaces+=("$1"); ip -n "$1" link set lo up; }

# link NS_A IF_A NS_B IF_B [MAC_B]: a veth pair between two namespaces, up, without DAD; IF_B may
# be any name (it is created under a temporary one and renamed inside its namespace).
link() {
  local tmp_a="nb6a$tag$RANDOM" tmp_b="nb6b$tag$RANDOM"
  ip link add "${tmp_a:0:15}" type veth peer name "${tmp_b:0:15}"
  ip link set "${tmp_a:0:15}" netns "$1"
  ip link set "${tmp_b:0:15}" netns "$3"
  ip -n "$1" link set "${tmp_a:0:15}" name "$2"
  ip -n "$3" link set "${tmp_b:0:15}" name "$4"
  if [ -n "${5:-}" ]; then ip -n "$3" link set "$4" address "$5"; fi
  ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0"
  ip netns exec "$3" sysctl -qw "net.ipv6.conf.$4.accept_dad=0"
  ip -n "$1" link set "$2" up
  ip -n "$3" link set "$4" up
}

wait_for() { # FILE TEXT: wait until FILE contains TEXT, at most 10 s
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "record.sh: '$2' never appeared in $1:" >&2; cat "$1" >&2; return 1
}

# capture NS FILE IF...: dumpcap on the interfaces, DHCPv6 only; stop with stop_capture
capture() {
  local ns=$1 file=$2; shift 2
  local args=(-q -f "udp port 546 or udp port 547")
  for i in "$@"; do args+=(-i "$i"); done
  rm -f "$file"
  ip netns exec "$ns" dumpcap "${args[@]}" -w "$work/capture.pcapng" >"$work/dumpcap.log" 2>&1 &
  capture_pid=$!
  wait_for "$work/dumpcap.log" "Capturing on"
  capture_file=$file
}

stop_capture() {
  sleep 1
  kill -INT "$capture_pid"
  wait "$capture_pid" || true
  cp "$work/capture.pcapng" "$capture_file"
  chmod 644 "$capture_file"
  echo "record.sh: wrote $capture_file ($(stat -c %s "$capture_file") bytes)"
}

# start_dnsmasq NS IF NAME [LINE...]: dnsmasq in the foreground with plan's configuration, and the
# lines plan leaves to the operator (interface, lease file, logging) and any given
start_dnsmasq() {
  local ns=$1 iface=$2 name=$3
  shift 3
  {
    echo "port=0"
    echo "interface=$iface"
    echo "bind-interfaces"
    echo "dhcp-leasefile=$work/$name.leases"
    echo "log-dhcp"
    echo "conf-file=$work/plan/dnsmasq.conf"
    for line in "$@"; do echo "$line"; done
  } >"$work/$name.conf"
  ip netns exec "$ns" dnsmasq --keep-in-foreground --no-daemon -C "$work/$name.conf" \
    --pid-file="$work/$name.pid" >"$work/$name.log" 2>&1 &
  wait_for "$work/$name.log" "DHCPv6"
}

# start_kea NS LISTEN [SUBNET_INTERFACE]: kea-dhcp6 with plan's configuration, completed with what
# plan leaves to the operator: the interface to listen on, where to keep the server DUID and, for
# directly connected clients, the subnet's interface.
start_kea() {
  local ns=$1 listen=$2 subnet_if=${3:-}
  python3 - "$work/plan/kea-dhcp6.json" "$work/kea.json" "$listen" "$subnet_if" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
dhcp6 = config["Dhcp6"]
dhcp6["interfaces-config"]["interfaces"] = [sys.argv[3]]
dhcp6["server-id"] = {"type": "LL", "persist": False}
if sys.argv[4]:
    dhcp6["subnet6"][0]["interface"] = sys.argv[4]
json.dump(config, open(sys.argv[2], "w"), indent=2)
EOF
  ip netns exec "$ns" kea-dhcp6 -t "$work/kea.json" >/dev/null
  KEA_PIDFILE_DIR=$work KEA_LOCKFILE_DIR=$work ip netns exec "$ns" kea-dhcp6 -c "$work/kea.json" \
    >"$work/kea.log" 2>&1 &
  wait_for "$work/kea.log" "DHCP6_STARTED"
}

stop_servers() { # NS: every process in the namespace
  for pid in $(ip netns pids "$1"); do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
}

# dhclient NS IF NAME ARGS...: one run of dhclient -6, always with -sf /bin/true
dhclient6() {
  local ns=$1 iface=$2 name=$3; shift 3
  touch "$work/$name.leases"
  [ -f "$work/$name.conf" ] || : >"$work/$name.conf"
  ip netns exec "$ns" timeout 60 dhclient -6 -sf /bin/true -cf "$work/$name.conf" \
    -lf "$work/$name.leases" -pf "$work/$name.pid" "$@" "$iface" >>"$work/$name.log" 2>&1
}

# --- the plan: what the servers are configured with -------------------------------------------

$NETBOOT6 plan --inventory "$repo/examples/inventory.example.json" --pool 2001:db8:1::/64 \
  --server 2001:db8:1::1 --out "$work/plan" >"$work/plan.log"

server=nb6r$tag-s
client=nb6r$tag-c
relay=nb6r$tag-r
netns "$server"
netns "$client"

# --- 1. node-02: dhclient with its default DUID-LLT, and dnsmasq ------------------------------

link "$server" srv0 "$client" eth0 52:54:00:ab:cd:02
ip -n "$server" addr add 2001:db8:1::1/64 dev srv0 nodad
start_dnsmasq "$server" srv0 dnsmasq
capture "$server" "$here/dhclient-llt-dnsmasq.pcapng" srv0
dhclient6 "$client" eth0 node-02 -1             # Solicit, Advertise, Request, Reply
dhclient6 "$client" eth0 node-02 -r             # Release, Reply
dhclient6 "$client" eth0 node-02-info -S -1     # Information-Request, Reply
dhclient6 "$client" eth0 node-02-info -x
stop_capture
stop_servers "$server"
ip -n "$client" link del eth0

# --- 2. node-03: dhclient with a DUID-LL (-D LL), and Kea --------------------------------------

link "$server" srv0 "$client" eth0 52:54:00:ab:cd:03
ip -n "$server" addr add 2001:db8:1::1/64 dev srv0 nodad
start_kea "$server" srv0 srv0
capture "$server" "$here/dhclient-ll-kea.pcapng" srv0
dhclient6 "$client" eth0 node-03 -D LL -1
dhclient6 "$client" eth0 node-03 -D LL -r
stop_capture
stop_servers "$server"
ip -n "$client" link del eth0

# --- 3. node-01's installed OS: dhclient with plan's DUID snippet, and Kea ---------------------
# The snippet names the interface of the host's netboot6.interface attribute: enp1s0.

link "$server" srv0 "$client" enp1s0 52:54:00:12:34:56
ip -n "$server" addr add 2001:db8:1::1/64 dev srv0 nodad
start_kea "$server" srv0 srv0
cp "$work/plan/hosts/node-01/dhclient.conf" "$work/node-01.conf"
capture "$server" "$here/dhclient-deployed-duid-kea.pcapng" srv0
dhclient6 "$client" enp1s0 node-01 -1
dhclient6 "$client" enp1s0 node-01 -r
stop_capture
stop_servers "$server"
ip -n "$client" link del enp1s0

# --- 4. node-04: dhclient, a dnsmasq relay (option 79), and Kea --------------------------------
# client eth0 --- relay (2001:db8:1::2 on the client link) --- (2001:db8:ff::/64) --- Kea

netns "$relay"
link "$relay" rly0 "$client" eth0 52:54:00:ab:cd:04
link "$server" srv0 "$relay" rly1
ip -n "$relay" addr add 2001:db8:1::2/64 dev rly0 nodad
ip -n "$relay" addr add 2001:db8:ff::2/64 dev rly1 nodad
ip -n "$server" addr add 2001:db8:ff::1/64 dev srv0 nodad
ip -n "$server" route add 2001:db8:1::/64 via 2001:db8:ff::2
start_kea "$server" srv0/2001:db8:ff::1
printf 'port=0\ndhcp-relay=2001:db8:1::2,2001:db8:ff::1\nlog-dhcp\n' >"$work/relay.conf"
ip netns exec "$relay" dnsmasq --keep-in-foreground --no-daemon -C "$work/relay.conf" \
  --pid-file="$work/relay.pid" >"$work/relay.log" 2>&1 &
wait_for "$work/relay.log" "DHCP relay"
capture "$relay" "$here/dnsmasq-relay-kea.pcapng" rly0 rly1
dhclient6 "$client" eth0 node-04 -1
dhclient6 "$client" eth0 node-04 -r
stop_capture
stop_servers "$server"

# --- 5. node-01's firmware and iPXE: a QEMU VM with OVMF (EDK2), and dnsmasq ---------------------
# The VM has node-01's MAC and SMBIOS UUID. OVMF does PXE over IPv6 (its DUID-UUID in SMBIOS byte
# order), fetches tftp://[2001:db8:1::1]/ipxe.efi from dnsmasq's TFTP server, and iPXE asks again
# (user class iPXE, its DUID-UUID in network order), gets the bootstrap script's URL, fetches it
# from a Python HTTP server and chains to script.ipxe, which is not served: the capture ends there.
# Skipped when QEMU or OVMF is missing; QEMU_ACCEL=kvm if KVM works here (TCG by default: slower,
# about two minutes, but it works where KVM is nested).

ovmf=/usr/share/OVMF/OVMF_CODE_4M.fd
if command -v qemu-system-x86_64 >/dev/null && [ -f "$ovmf" ] && [ -f /usr/lib/ipxe/ipxe.efi ]; then
  ip -n "$server" link del srv0
  ip -n "$server" link add br0 type bridge
  ip netns exec "$server" sysctl -qw net.ipv6.conf.br0.accept_dad=0
  ip -n "$server" tuntap add dev tap0 mode tap
  ip -n "$server" link set tap0 master br0
  ip -n "$server" link set tap0 up
  ip -n "$server" link set br0 up
  ip -n "$server" addr add 2001:db8:1::1/64 dev br0 nodad
  mkdir -p "$work/tftp"
  cp /usr/lib/ipxe/ipxe.efi "$work/tftp/ipxe.efi"
  cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/ovmf-vars.fd"
  # router advertisements with the managed flag (iPXE asks DHCPv6 only then), and TFTP
  start_dnsmasq "$server" br0 dnsmasq-vm enable-ra enable-tftp "tftp-root=$work/tftp"
  (cd "$work/plan" && exec ip netns exec "$server" python3 -m http.server --bind 2001:db8:1::1 80) \
    >"$work/http.log" 2>&1 &
  wait_for "$work/http.log" "Serving HTTP"
  capture "$server" "$here/ovmf-ipxe-dnsmasq.pcapng" br0
  ip netns exec "$server" timeout 600 qemu-system-x86_64 -accel "${QEMU_ACCEL:-tcg}" -m 512 \
    -nographic -machine q35 \
    -drive if=pflash,format=raw,readonly=on,file="$ovmf" \
    -drive if=pflash,format=raw,file="$work/ovmf-vars.fd" \
    -smbios type=1,uuid=8c3d9a58-1b2e-4c5f-9a0b-112233445566 \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
    -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56,romfile= \
    -fw_cfg name=opt/org.tianocore/IPv4PXESupport,string=n \
    -boot n >"$work/qemu.log" 2>&1 </dev/null &
  for _ in $(seq 600); do grep -q "GET /script.ipxe" "$work/http.log" && break; sleep 1; done
  grep -q "GET /script.ipxe" "$work/http.log" || { echo "record.sh: the VM never reached iPXE" >&2; exit 1; }
  stop_capture
  stop_servers "$server"
else
  echo "record.sh: QEMU, OVMF or iPXE missing: ovmf-ipxe-dnsmasq.pcapng not recorded" >&2
fi

# --- versions, for README.md -------------------------------------------------------------------

{
  echo "recorded $(date -u +%Y-%m-%dT%H:%MZ) on $(uname -sr)"
  dnsmasq --version | head -1
  echo "Kea $(kea-dhcp6 -V | head -1)"
  dhclient --version 2>&1 | head -1
  dumpcap --version | head -1
  if command -v qemu-system-x86_64 >/dev/null; then
    qemu-system-x86_64 --version | head -1
    dpkg-query -W -f='${Package} ${Version}\n' ovmf ipxe 2>/dev/null || true
  fi
} | tee "$work/versions.txt"

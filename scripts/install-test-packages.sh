#!/usr/bin/env bash
# Installs the Debian packages of the real peers the tests start (DESIGN.md §5): the ones a plain
# `./mvnw verify` needs (dnsmasq --test, kea-dhcp6 -t, grub-script-check, tshark) and the ones the
# interop profile needs (network namespaces, dhclient, dhcpcd, PostgreSQL, radvd, QEMU with iPXE and
# OVMF, curl). Run as root on Debian 12. Extend this list when a test needs a new peer.
# dhcpcd-base ships no service unit: installing it starts no DHCP client on the machine.
set -euo pipefail

packages=(
  curl dhcpcd-base dnsmasq-base grub-common iproute2 isc-dhcp-client kea-dhcp6-server
  postgresql python3-yaml tshark
  ipxe ovmf qemu-system-x86 radvd
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"

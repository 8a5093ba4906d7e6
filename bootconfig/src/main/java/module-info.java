/**
 * Netboot6 bootconfig: boot policy, iPXE scripts, GRUB2 configuration, DUID snippets, dnsmasq and
 * Kea configuration, provisioning tokens.
 */
module io.github.netboot6.bootconfig {
  requires transitive io.github.netboot6.core;
  requires com.google.common;
  requires com.fasterxml.jackson.core;
  requires static transitive com.google.errorprone.annotations;

  exports io.github.netboot6.bootconfig.dnsmasq;
  exports io.github.netboot6.bootconfig.duid;
  exports io.github.netboot6.bootconfig.grub;
  exports io.github.netboot6.bootconfig.ipxe;
  exports io.github.netboot6.bootconfig.kea;
  exports io.github.netboot6.bootconfig.policy;
  exports io.github.netboot6.bootconfig.token;
}

package io.github.netboot6.core.identity;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.ClientArchitecture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The usual {@link PhaseRule}s and the default rule list.
 *
 * <p>The defaults, in order ({@link #defaults(List, List, List)}):
 *
 * <ol>
 *   <li>user class {@code iPXE} (option 15, what iPXE sends) is {@link BootPhase#IPXE};
 *   <li>vendor class (option 16) of enterprise 343 beginning {@code HTTPClient} (EDK2 HTTP boot
 *       sends {@code HTTPClient:Arch:00016:UNDI:003000}) is {@link BootPhase#FIRMWARE_HTTP};
 *   <li>an HTTP-boot architecture in option 61 (15, 16, 19 ...) is {@link BootPhase#FIRMWARE_HTTP};
 *   <li>vendor class of enterprise 343 beginning {@code PXEClient} (EDK2 PXE sends {@code
 *       PXEClient:Arch:00007:UNDI:003016}) is {@link BootPhase#FIRMWARE_PXE};
 *   <li>the deployed DUID is {@link BootPhase#INSTALLED_OS};
 *   <li>a configured installed-OS user class is {@link BootPhase#INSTALLED_OS};
 *   <li>a configured installer user class, then a configured installer DUID type, is {@link
 *       BootPhase#INSTALLER}.
 * </ol>
 *
 * <p>iPXE comes first because an iPXE build may also send a PXE vendor class; EDK2 uses Intel's
 * enterprise number 343 for both PXE and HTTP boot over DHCPv6.
 */
public final class PhaseRules {

  /** The enterprise number EDK2 puts in its DHCPv6 vendor class: {@value} (Intel). */
  public static final long EDK2_ENTERPRISE_NUMBER = 343;

  private PhaseRules() {}

  /**
   * Returns the default rules with no configured installer or installed-OS classes.
   *
   * @return an immutable list
   */
  public static List<PhaseRule> defaults() {
    return defaults(List.of(), List.of(), List.of());
  }

  /**
   * Returns the default rules (see the class description).
   *
   * @param installedOsUserClasses user classes that mark the installed OS (the deployed client
   *     snippet can send one)
   * @param installerUserClasses user classes that mark the installer
   * @param installerDuidTypes DUID type codes that mark the installer, e.g. 1 (LLT) when the
   *     installer makes a fresh DUID-LLT and nothing else in the fleet sends one
   * @return an immutable list
   */
  public static List<PhaseRule> defaults(
      List<String> installedOsUserClasses,
      List<String> installerUserClasses,
      List<Integer> installerDuidTypes) {
    List<PhaseRule> rules = new ArrayList<>();
    rules.add(userClass("iPXE", BootPhase.IPXE));
    rules.add(vendorClassPrefix(EDK2_ENTERPRISE_NUMBER, "HTTPClient", BootPhase.FIRMWARE_HTTP));
    rules.add(httpBootArchitecture(BootPhase.FIRMWARE_HTTP));
    rules.add(vendorClassPrefix(EDK2_ENTERPRISE_NUMBER, "PXEClient", BootPhase.FIRMWARE_PXE));
    rules.add(deployedDuid(BootPhase.INSTALLED_OS));
    for (String c : installedOsUserClasses) {
      rules.add(userClass(c, BootPhase.INSTALLED_OS));
    }
    for (String c : installerUserClasses) {
      rules.add(userClass(c, BootPhase.INSTALLER));
    }
    for (int type : installerDuidTypes) {
      rules.add(duidType(type, BootPhase.INSTALLER));
    }
    return List.copyOf(rules);
  }

  /**
   * A user class (option 15) equal to {@code userClass}, byte for byte.
   *
   * @param userClass the user class, ISO 8859-1 text
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule userClass(String userClass, BootPhase phase) {
    byte[] expected = userClass.getBytes(StandardCharsets.ISO_8859_1);
    return (facts, resolution) -> facts.hasUserClass(expected) ? phase : BootPhase.UNKNOWN;
  }

  /**
   * A vendor-class-data item (option 16) of the given enterprise number that begins with {@code
   * prefix}, byte for byte.
   *
   * @param enterpriseNumber the enterprise number, or -1 for any
   * @param prefix the beginning, ISO 8859-1 text, e.g. {@code "PXEClient"}
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule vendorClassPrefix(long enterpriseNumber, String prefix, BootPhase phase) {
    byte[] expected = prefix.getBytes(StandardCharsets.ISO_8859_1);
    return (facts, resolution) ->
        facts.hasVendorClassPrefix(enterpriseNumber, expected) ? phase : BootPhase.UNKNOWN;
  }

  /**
   * A client architecture (option 61) whose code satisfies {@code codes}.
   *
   * @param codes the test on architecture codes
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule architecture(IntPredicate codes, BootPhase phase) {
    return (facts, resolution) -> {
      for (int i = 0; i < facts.architectureCount(); i++) {
        if (codes.test(facts.architecture(i))) {
          return phase;
        }
      }
      return BootPhase.UNKNOWN;
    };
  }

  /**
   * A registered "boot from http" client architecture ({@link ClientArchitecture#isHttpBoot()}).
   *
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule httpBootArchitecture(BootPhase phase) {
    List<ClientArchitecture> registered = ClientArchitecture.registered();
    return architecture(
        code -> code < registered.size() && registered.get(code).isHttpBoot(), phase);
  }

  /**
   * A message type code (RFC 8415 §7.3).
   *
   * @param code the message type code
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule messageType(int code, BootPhase phase) {
    return (facts, resolution) -> facts.messageType() == code ? phase : BootPhase.UNKNOWN;
  }

  /**
   * A client DUID of the given type code.
   *
   * @param typeCode the DUID type code, e.g. 1 for DUID-LLT
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule duidType(int typeCode, BootPhase phase) {
    return (facts, resolution) ->
        facts.clientDuidTypeCode() == typeCode ? phase : BootPhase.UNKNOWN;
  }

  /**
   * The client DUID is the deployed DUID of a host, trusted (deciding or agreeing evidence).
   *
   * @param phase the phase it means, normally {@link BootPhase#INSTALLED_OS}
   * @return the rule
   */
  public static PhaseRule deployedDuid(BootPhase phase) {
    return (facts, resolution) -> {
      for (int i = 0; i < resolution.evidenceCount(); i++) {
        Evidence e = resolution.evidence(i);
        if (e.source() == EvidenceSource.DEPLOYED_DUID && e.role() != EvidenceRole.UNTRUSTWORTHY) {
          return phase;
        }
      }
      return BootPhase.UNKNOWN;
    };
  }
}

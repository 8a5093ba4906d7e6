package io.github.netboot6.core.identity;

import static java.util.Objects.requireNonNull;

import io.github.netboot6.core.BootPhase;
import io.github.netboot6.core.ClientArchitecture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

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

  private static final byte[] NO_BYTES = new byte[0];

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
    return new BuiltIn(
        BuiltIn.USER_CLASS, phase, userClass.getBytes(StandardCharsets.ISO_8859_1), 0, null);
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
    return new BuiltIn(
        BuiltIn.VENDOR_CLASS_PREFIX,
        phase,
        prefix.getBytes(StandardCharsets.ISO_8859_1),
        enterpriseNumber,
        null);
  }

  /**
   * A client architecture (option 61) whose code satisfies {@code codes}.
   *
   * @param codes the test on architecture codes
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule architecture(IntPredicate codes, BootPhase phase) {
    return new BuiltIn(BuiltIn.ARCHITECTURE, phase, NO_BYTES, 0, codes);
  }

  /**
   * A registered "boot from http" client architecture ({@link ClientArchitecture#isHttpBoot()}).
   *
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule httpBootArchitecture(BootPhase phase) {
    List<ClientArchitecture> registered = ClientArchitecture.registered();
    boolean[] http = new boolean[registered.size()];
    for (int code = 0; code < http.length; code++) {
      http[code] = registered.get(code).isHttpBoot();
    }
    return architecture(code -> code >= 0 && code < http.length && http[code], phase);
  }

  /**
   * A message type code (RFC 8415 §7.3).
   *
   * @param code the message type code
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule messageType(int code, BootPhase phase) {
    return new BuiltIn(BuiltIn.MESSAGE_TYPE, phase, NO_BYTES, code, null);
  }

  /**
   * A client DUID of the given type code.
   *
   * @param typeCode the DUID type code, e.g. 1 for DUID-LLT
   * @param phase the phase it means
   * @return the rule
   */
  public static PhaseRule duidType(int typeCode, BootPhase phase) {
    return new BuiltIn(BuiltIn.DUID_TYPE, phase, NO_BYTES, typeCode, null);
  }

  /**
   * The client DUID is the deployed DUID of a host, trusted (deciding or agreeing evidence).
   *
   * @param phase the phase it means, normally {@link BootPhase#INSTALLED_OS}
   * @return the rule
   */
  public static PhaseRule deployedDuid(BootPhase phase) {
    return new BuiltIn(BuiltIn.DEPLOYED_DUID, phase, NO_BYTES, 0, null);
  }

  /**
   * Every rule above is this one class, so that the resolver's call to its rules stays monomorphic
   * (inlined, no interface dispatch) unless the embedding tool adds rules of its own.
   */
  private static final class BuiltIn implements PhaseRule {
    static final int USER_CLASS = 0;
    static final int VENDOR_CLASS_PREFIX = 1;
    static final int ARCHITECTURE = 2;
    static final int MESSAGE_TYPE = 3;
    static final int DUID_TYPE = 4;
    static final int DEPLOYED_DUID = 5;

    private final int kind;
    private final BootPhase phase;
    private final byte[] bytes;
    private final long number;
    private final @Nullable IntPredicate codes;

    BuiltIn(int kind, BootPhase phase, byte[] bytes, long number, @Nullable IntPredicate codes) {
      this.kind = kind;
      this.phase = phase;
      this.bytes = bytes;
      this.number = number;
      this.codes = codes;
    }

    @Override
    public BootPhase classify(ClientFacts facts, Resolution resolution) {
      boolean matches =
          switch (kind) {
            case USER_CLASS -> facts.hasUserClass(bytes);
            case VENDOR_CLASS_PREFIX -> facts.hasVendorClassPrefix(number, bytes);
            case ARCHITECTURE -> hasArchitecture(facts);
            case MESSAGE_TYPE -> facts.messageType() == number;
            case DUID_TYPE -> facts.clientDuidTypeCode() == number;
            default -> hasTrustedDeployedDuid(resolution);
          };
      return matches ? phase : BootPhase.UNKNOWN;
    }

    private boolean hasArchitecture(ClientFacts facts) {
      IntPredicate test = requireNonNull(codes);
      for (int i = 0; i < facts.architectureCount(); i++) {
        if (test.test(facts.architecture(i))) {
          return true;
        }
      }
      return false;
    }

    private static boolean hasTrustedDeployedDuid(Resolution resolution) {
      for (int i = 0; i < resolution.evidenceCount(); i++) {
        Evidence e = resolution.evidence(i);
        if (e.source() == EvidenceSource.DEPLOYED_DUID && e.role() != EvidenceRole.UNTRUSTWORTHY) {
          return true;
        }
      }
      return false;
    }
  }
}

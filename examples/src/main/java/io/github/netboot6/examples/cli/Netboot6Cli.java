package io.github.netboot6.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code netboot6} command-line tool.
 *
 * <pre>
 * java -jar examples/target/netboot6.jar decode capture.pcap
 * java -jar examples/target/netboot6.jar decode --json messages.hex
 * java -jar examples/target/netboot6.jar resolve --inventory inventory.json capture.pcap
 * </pre>
 *
 * <p>Exit codes: {@value #EXIT_OK} everything decoded, {@value #EXIT_MALFORMED} at least one
 * message was malformed (it is still shown, with its decode status), {@value #EXIT_USAGE} wrong
 * usage, {@value #EXIT_IO} a file could not be read or is not a pcap, pcapng, hex or inventory
 * file. Errors are one line on standard error; {@code --debug} adds the stack trace.
 */
@Command(
    name = "netboot6",
    mixinStandardHelpOptions = true,
    version = "netboot6 0.1.0-SNAPSHOT",
    description =
        "IPv6 network-boot tools: decode DHCPv6 messages, resolve hosts and boot phases, plan a"
            + " site's blocks and configuration, and serve netboots.",
    subcommands = {
      DecodeCommand.class,
      ResolveCommand.class,
      PlanCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      Netboot6Cli.EXIT_CODE_OK,
      Netboot6Cli.EXIT_CODE_MALFORMED,
      Netboot6Cli.EXIT_CODE_USAGE,
      Netboot6Cli.EXIT_CODE_IO,
      PlanCommand.EXIT_CODE_POOL_FULL
    })
public final class Netboot6Cli implements Runnable {
  /** Exit code: every message decoded. */
  public static final int EXIT_OK = 0;

  /** Exit code: at least one message was malformed; it was shown with its decode status. */
  public static final int EXIT_MALFORMED = 1;

  /** Exit code: wrong usage (unknown option, missing argument). */
  public static final int EXIT_USAGE = 2;

  /** Exit code: a file could not be read, or is not a pcap, pcapng, hex or inventory file. */
  public static final int EXIT_IO = 3;

  static final String EXIT_CODE_OK = "0:every message decoded";
  static final String EXIT_CODE_MALFORMED =
      "1:at least one message was malformed (shown with its decode status)";
  static final String EXIT_CODE_USAGE = "2:wrong usage";
  static final String EXIT_CODE_IO =
      "3:a file could not be read, or is not a pcap, pcapng, hex or inventory file";

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  /** Creates the top-level command; picocli calls this. */
  public Netboot6Cli() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String... args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Returns the configured command line, for running in-process: set its output and error writers,
   * then {@code execute(args)}.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Netboot6Cli());
    cli.setExecutionExceptionHandler(Netboot6Cli::handle);
    return cli;
  }

  private static int handle(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean debug = parseResult.hasMatchedOption("--debug") || hasDebug(parseResult);
    if (debug) {
      e.printStackTrace(err);
    }
    int code = e instanceof CliException cli ? cli.exitCode() : EXIT_IO;
    err.println("netboot6: " + e.getMessage());
    err.flush();
    return code;
  }

  private static boolean hasDebug(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult sub = parseResult.subcommand();
        sub != null;
        sub = sub.subcommand()) {
      if (sub.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}

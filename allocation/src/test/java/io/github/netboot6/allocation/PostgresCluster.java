package io.github.netboot6.allocation;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A throw-away PostgreSQL cluster for tests: {@code initdb} into a temporary folder, {@code pg_ctl}
 * on a free loopback port, removed on {@link #close()}. Runs the server as {@code nobody} when the
 * tests run as root (PostgreSQL refuses to run as root). Fails, never skips, if the binaries are
 * missing: install Debian's {@code postgresql} package.
 */
final class PostgresCluster implements AutoCloseable {
  private static final List<Path> BIN_DIRS =
      List.of(
          Path.of("/usr/lib/postgresql/17/bin"),
          Path.of("/usr/lib/postgresql/16/bin"),
          Path.of("/usr/lib/postgresql/15/bin"),
          Path.of("/usr/local/bin"),
          Path.of("/usr/bin"));

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final boolean asNobody;

  private PostgresCluster(Path bin, Path dir, int port, boolean asNobody) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asNobody = asNobody;
  }

  static PostgresCluster start() throws IOException, InterruptedException {
    Path bin =
        BIN_DIRS.stream()
            .filter(d -> Files.isExecutable(d.resolve("initdb")))
            .filter(d -> Files.isExecutable(d.resolve("pg_ctl")))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "PostgreSQL binaries initdb and pg_ctl: not found in "
                            + BIN_DIRS
                            + " (expected: Debian's postgresql package installed, see .ci/run)"));
    boolean root = run(List.of("id", "-u"), false).strip().equals("0");
    Path dir = Files.createTempDirectory("nb6pg");
    if (root) {
      UserPrincipal nobody =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(dir, nobody);
    }
    PostgresCluster cluster;
    try (ServerSocket socket = new ServerSocket(0)) {
      cluster = new PostgresCluster(bin, dir, socket.getLocalPort(), root);
    }
    try {
      cluster.exec(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              cluster.data.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "--no-sync",
              "-E",
              "UTF8",
              "--locale=C"));
      cluster.startServer();
    } catch (IOException | RuntimeException | Error e) {
      cluster.delete();
      throw e;
    }
    return cluster;
  }

  /** Starts the server (again, after a stop) on the same port. */
  void startServer() throws IOException, InterruptedException {
    exec(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
            "-w",
            "-t",
            "60",
            "start"));
  }

  /** Stops the server as a crash would: no checkpoint, connections cut. */
  void stopImmediately() throws IOException, InterruptedException {
    exec(
        List.of(
            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
  }

  /**
   * Stops the server as an administrator would ({@code pg_ctl stop -m fast}): open transactions are
   * rolled back, connections closed, a checkpoint written.
   */
  void stopFast() throws IOException, InterruptedException {
    exec(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "stop"));
  }

  /** Creates a database and returns a data source for it. */
  DataSource createDatabase(String name) throws SQLException {
    try (Connection connection = dataSource("postgres").getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return dataSource(name);
  }

  DataSource dataSource(String database) {
    return dataSourceOf(url(database));
  }

  /** The JDBC URL of a database, for a child JVM to connect with {@link #dataSourceOf}. */
  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + database
        + "?user=postgres&connectTimeout=5&socketTimeout=30";
  }

  /** A data source that opens a new connection to {@code url} per call. */
  static DataSource dataSourceOf(String url) {
    return new DriverDataSource(url);
  }

  /**
   * The smallest {@link DataSource}: a new connection from the driver per call. The tests use the
   * driver through JDBC only (it is on the test class path), like an embedding tool would.
   */
  private record DriverDataSource(String url) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      throw new UnsupportedOperationException("log writer");
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      throw new UnsupportedOperationException("log writer");
    }

    @Override
    public void setLoginTimeout(int seconds) {
      throw new UnsupportedOperationException("login timeout");
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stopImmediately();
    } catch (AssertionError e) {
      // Already stopped.
    } finally {
      delete();
    }
  }

  private void delete() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void exec(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asNobody) {
      full.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    full.addAll(command);
    run(full, true);
  }

  private static String run(List<String> command, boolean check)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .directory(new java.io.File("/"))
            .start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (check && process.exitValue() != 0) {
      throw new AssertionError(
          "exit status of " + command + ": " + process.exitValue() + " (expected: 0)\n" + text);
    }
    return text;
  }
}

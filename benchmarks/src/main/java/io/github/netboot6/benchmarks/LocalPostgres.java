package io.github.netboot6.benchmarks;

import static java.util.stream.Collectors.joining;

import java.io.File;
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
 * A throw-away PostgreSQL cluster for benchmarks: {@code initdb} into a temporary folder, {@code
 * pg_ctl} on a free loopback port, removed on {@link #close()}; the server runs as {@code nobody}
 * when the benchmark runs as root. The server keeps PostgreSQL's durable defaults ({@code fsync}
 * and {@code synchronous_commit} on): a commit is on disk before it is acknowledged.
 *
 * <p>A copy of the allocation tests' {@code PostgresCluster}: test classes are not shared between
 * modules, and {@code testkit} cannot host it because {@code testkit}'s tests depend on {@code
 * allocation}, so {@code allocation}'s tests cannot depend on {@code testkit}.
 */
final class LocalPostgres implements AutoCloseable {
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

  private LocalPostgres(Path bin, Path dir, int port, boolean asNobody) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.asNobody = asNobody;
  }

  /**
   * Creates and starts a cluster.
   *
   * @param settings extra server settings, {@code name=value} each (passed as {@code -c})
   * @return the running cluster
   * @throws IOException if a program cannot be started or fails
   * @throws InterruptedException if interrupted while waiting for one
   */
  static LocalPostgres start(String... settings) throws IOException, InterruptedException {
    Path bin =
        BIN_DIRS.stream()
            .filter(d -> Files.isExecutable(d.resolve("initdb")))
            .filter(d -> Files.isExecutable(d.resolve("pg_ctl")))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL binaries initdb and pg_ctl: not found in "
                            + BIN_DIRS
                            + " (expected: Debian's postgresql package installed)"));
    boolean root = run(List.of("id", "-u"), false).strip().equals("0");
    Path dir = Files.createTempDirectory("nb6pgbench");
    if (root) {
      UserPrincipal nobody =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(dir, nobody);
    }
    LocalPostgres cluster;
    try (ServerSocket socket = new ServerSocket(0)) {
      cluster = new LocalPostgres(bin, dir, socket.getLocalPort(), root);
    }
    try {
      cluster.exec(
          bin.resolve("initdb").toString(),
          "-D",
          cluster.data.toString(),
          "-U",
          "postgres",
          "--auth=trust",
          "-E",
          "UTF8",
          "--locale=C");
      cluster.exec(
          bin.resolve("pg_ctl").toString(),
          "-D",
          cluster.data.toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-o",
          "-p "
              + cluster.port
              + " -k "
              + dir
              + " -c listen_addresses=127.0.0.1"
              + Stream.of(settings).map(setting -> " -c " + setting).collect(joining()),
          "-w",
          "-t",
          "60",
          "start");
    } catch (IOException | RuntimeException e) {
      cluster.delete();
      throw e;
    }
    return cluster;
  }

  /**
   * Creates a database and returns a data source for it.
   *
   * @param name the database name, a plain SQL identifier
   * @return a data source that opens a new connection per call
   * @throws SQLException if the database cannot be created
   */
  DataSource createDatabase(String name) throws SQLException {
    try (Connection connection = dataSource("postgres").getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return dataSource(name);
  }

  private DataSource dataSource(String database) {
    return new DriverDataSource(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&connectTimeout=5");
  }

  /** The smallest {@link DataSource}: a new connection from the driver per call. */
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

  /**
   * Stops the server and deletes its folder.
   *
   * @throws IOException if the server cannot be stopped or the folder deleted
   * @throws InterruptedException if interrupted while waiting for {@code pg_ctl}
   */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      exec(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
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

  private void exec(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asNobody) {
      full.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    full.addAll(List.of(command));
    run(full, true);
  }

  /** Runs a program and returns its output; with {@code check}, a non-zero exit status throws. */
  private static String run(List<String> command, boolean check)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).directory(new File("/")).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (check && process.exitValue() != 0) {
      throw new IOException(
          "exit status of " + command + ": " + process.exitValue() + " (expected: 0)\n" + text);
    }
    return text;
  }
}

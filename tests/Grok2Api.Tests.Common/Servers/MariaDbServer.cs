using System.Globalization;

namespace Grok2Api.Tests.Common.Servers;

/// <summary>
/// A real MariaDB server (Debian package <c>mariadb-server</c>) on 127.0.0.1 and a free port, in a
/// fresh temp directory, with user <see cref="User"/> (password <see cref="Password"/>) granted all
/// on database <see cref="Database"/> and on every database whose name starts with <c>g2a</c>.
/// In TLS mode (<see cref="Tls"/>) the server requires secure transport (TLS over TCP; root's unix
/// socket counts as secure), its certificate comes from a test CA, and the URLs ask for
/// <c>ssl-mode=VERIFY_IDENTITY</c> with <c>ssl-ca</c> naming that CA.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    /// <summary>The server binary.</summary>
    public const string Binary = "/usr/sbin/mariadbd";

    /// <summary>Creates the system tables of a new data directory.</summary>
    public const string InstallDb = "/usr/bin/mariadb-install-db";

    /// <summary>The command-line client.</summary>
    public const string Client = "/usr/bin/mariadb";

    /// <summary>The user the URL logs in as.</summary>
    public const string User = "g2a";

    /// <summary>The user's password.</summary>
    public const string Password = "secret";

    /// <summary>The database of <see cref="Url"/>.</summary>
    public const string Database = "g2a";

    private readonly string _directory;
    private ServerProcess? _process;

    private MariaDbServer(string directory, int port, bool tls)
    {
        _directory = directory;
        Port = port;
        if (tls)
        {
            using var authority = TestCertificateAuthority.Create("Grok2Api test MariaDB CA");
            Tls = authority.WriteServerFiles(directory);
        }
    }

    /// <summary>The certificate files in TLS mode; null when the server speaks plain TCP.</summary>
    public ServerTlsFiles? Tls { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The directory (data in <c>data/</c>, the socket and pid file beside it).</summary>
    public string Directory => _directory;

    /// <summary>A <c>SERVER_STORAGE_URL</c> for <see cref="Database"/>, with the password.</summary>
    public string Url => UrlFor(Database);

    private string DataDirectory => Path.Combine(_directory, "data");

    private string Socket => Path.Combine(_directory, "mysqld.sock");

    // A temporary directory of this server's own: servers (and their bootstrap) started at once by
    // different test projects must not share /tmp, where one deleted another's temporary table files
    // ("Error on delete of '/tmp/#sql-temptable-…'", seen as a failed mariadb-install-db).
    private string TempDirectory => Path.Combine(_directory, "tmp");

    /// <summary>A <c>SERVER_STORAGE_URL</c> for database <paramref name="database"/>; in TLS mode verifying the server against the test CA.</summary>
    public string UrlFor(string database) => Tls is null
        ? string.Create(CultureInfo.InvariantCulture, $"mysql://{User}:{Password}@127.0.0.1:{Port}/{database}")
        : string.Create(CultureInfo.InvariantCulture, $"mysql://{User}:{Password}@127.0.0.1:{Port}/{database}?ssl-mode=VERIFY_IDENTITY&ssl-ca={Uri.EscapeDataString(Tls.CaFile)}");

    /// <summary>Installs a data directory, starts the server, creates the user and database.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="tls">TLS mode: TCP connections only over TLS, with a certificate of a new test CA.</param>
    public static async Task<MariaDbServer> StartAsync(CancellationToken cancellationToken, bool tls = false)
    {
        ServerProcess.Require(Binary, "mariadb-server");
        ServerProcess.Require(InstallDb, "mariadb-server");
        ServerProcess.Require(Client, "mariadb-client");
        var server = new MariaDbServer(ServerProcess.NewDirectory("mariadb"), ServerProcess.FreePort(), tls);
        try
        {
            System.IO.Directory.CreateDirectory(server.TempDirectory);
            await ServerProcess.RunAsync(InstallDb, [
                "--no-defaults", $"--datadir={server.DataDirectory}", $"--tmpdir={server.TempDirectory}", .. UserArguments(),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
            ], cancellationToken, TimeSpan.FromSeconds(120));
            await server.RestartAsync(cancellationToken);
            await server.SqlAsync(
                $"CREATE USER '{User}'@'%' IDENTIFIED BY '{Password}'; CREATE USER '{User}'@'localhost' IDENTIFIED BY '{Password}'; " +
                $"CREATE DATABASE {Database}; GRANT ALL ON `g2a%`.* TO '{User}'@'%'; GRANT ALL ON `g2a%`.* TO '{User}'@'localhost'; FLUSH PRIVILEGES;",
                cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates an empty database (its name must start with <c>g2a</c>) and returns its URL.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        if (!name.StartsWith("g2a", StringComparison.Ordinal))
        {
            throw new ArgumentException("the user is granted databases named g2a*", nameof(name));
        }

        await SqlAsync($"CREATE DATABASE `{name}`", cancellationToken);
        return UrlFor(name);
    }

    /// <summary>Runs SQL as root over the unix socket; returns the client's tab-separated output.</summary>
    public Task<string> SqlAsync(string sql, CancellationToken cancellationToken, string? database = null) =>
        ServerProcess.RunAsync(Client, [
            "--no-defaults", $"--socket={Socket}", "-u", "root", "-N", "-B", .. database is null ? Array.Empty<string>() : [database], "-e", sql,
        ], cancellationToken, TimeSpan.FromSeconds(30));

    /// <summary>Runs SQL as <see cref="User"/> with <see cref="Password"/> over TCP (checks the password works).</summary>
    public Task<string> SqlAsUserAsync(string sql, CancellationToken cancellationToken, string database = Database) =>
        ServerProcess.RunAsync(Client, [
            "--no-defaults", "-h", "127.0.0.1", "-P", Port.ToString(CultureInfo.InvariantCulture), "--protocol=TCP", "-u", User,
            .. Tls is null ? Array.Empty<string>() : ["--ssl", $"--ssl-ca={Tls.CaFile}", "--ssl-verify-server-cert"],
            "-N", "-B", database, "-e", sql,
        ], cancellationToken, TimeSpan.FromSeconds(30), environment: new Dictionary<string, string> { ["MYSQL_PWD"] = Password });

    /// <summary>Starts the server again on the same port and data (after <see cref="StopAsync"/> or <see cref="Kill"/>).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("mariadbd is running; stop it first");
        }

        _process = ServerProcess.Start(Binary, [
            "--no-defaults",
            $"--datadir={DataDirectory}",
            $"--tmpdir={TempDirectory}",
            $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
            "--bind-address=127.0.0.1",
            $"--socket={Socket}",
            $"--pid-file={Path.Combine(_directory, "pid")}",
            .. UserArguments(),
            "--skip-log-bin",
            "--skip-name-resolve",
            "--max-connections=500",
            "--innodb-flush-log-at-trx-commit=2",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            .. Tls is null ? Array.Empty<string>() : [$"--ssl-cert={Tls.CertificateFile}", $"--ssl-key={Tls.KeyFile}", $"--ssl-ca={Tls.CaFile}", "--require-secure-transport=ON"],
        ], _directory);
        await _process.WaitUntilReadyAsync("mariadbd", async ct =>
            (await SqlAsync("SELECT 1", ct)).Trim() == "1", cancellationToken);
    }

    /// <summary>Graceful shutdown (SIGTERM): committed data stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        await ServerProcess.SignalAsync(_process.Id, "TERM");
        if (!await _process.WaitForExitAsync(ServerProcess.StopTimeout))
        {
            Kill();
        }
    }

    /// <summary>SIGKILL: the server dies without a shutdown (the next start recovers).</summary>
    public void Kill()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        _process.WaitForExitAsync(ServerProcess.StopTimeout).GetAwaiter().GetResult();
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        ServerProcess.DeleteDirectory(_directory);
    }

    private static string[] UserArguments() => ServerProcess.IsRoot ? ["--user=root"] : [];
}

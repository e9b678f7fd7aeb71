using System.Globalization;

namespace Grok2Api.Tests.Common.Servers;

/// <summary>
/// A real PostgreSQL 15 server (Debian package <c>postgresql</c>) on 127.0.0.1 and a free port, in a
/// fresh temp directory, with role <see cref="User"/> (password <see cref="Password"/>, checked with
/// scram-sha-256 over TCP) owning database <see cref="Database"/>. PostgreSQL refuses to run as root:
/// under root, initdb and postgres run as user <c>postgres</c> with the directory chowned to it.
/// In TLS mode (<see cref="Tls"/>) TCP connections must use TLS (<c>hostssl</c> lines only; the
/// superuser's unix socket stays plain), the server certificate comes from a test CA, and the URLs ask
/// for <c>sslmode=verify-full</c> with <c>sslrootcert</c> naming that CA.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The server binaries.</summary>
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>The role the URL logs in as.</summary>
    public const string User = "g2a";

    /// <summary>The role's password.</summary>
    public const string Password = "secret";

    /// <summary>The database of <see cref="Url"/>.</summary>
    public const string Database = "g2a";

    private readonly string _directory;
    private ServerProcess? _process;

    private PostgresServer(string directory, int port, bool tls)
    {
        _directory = directory;
        Port = port;
        if (tls)
        {
            var tlsDirectory = Path.Combine(directory, "tls");
            System.IO.Directory.CreateDirectory(tlsDirectory);
            using var authority = TestCertificateAuthority.Create("Grok2Api test PostgreSQL CA");
            Tls = authority.WriteServerFiles(tlsDirectory);
        }
    }

    /// <summary>The certificate files in TLS mode; null when the server speaks plain TCP.</summary>
    public ServerTlsFiles? Tls { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The directory (data in <c>data/</c>, the unix socket in the directory itself).</summary>
    public string Directory => _directory;

    /// <summary>A <c>SERVER_STORAGE_URL</c> for <see cref="Database"/>, with the password.</summary>
    public string Url => UrlFor(Database);

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A <c>SERVER_STORAGE_URL</c> for database <paramref name="database"/>; in TLS mode verifying the server against the test CA.</summary>
    public string UrlFor(string database) => Tls is null
        ? string.Create(CultureInfo.InvariantCulture, $"postgresql://{User}:{Password}@127.0.0.1:{Port}/{database}")
        : string.Create(CultureInfo.InvariantCulture, $"postgresql://{User}:{Password}@127.0.0.1:{Port}/{database}?sslmode=verify-full&sslrootcert={Uri.EscapeDataString(Tls.CaFile)}");

    /// <summary>Initialises a cluster in a new directory, starts it, creates the role and database.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="tls">TLS mode: TCP connections only over TLS, with a certificate of a new test CA.</param>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken, bool tls = false)
    {
        foreach (var binary in new[] { "initdb", "postgres", "psql" })
        {
            ServerProcess.Require(Path.Combine(BinDirectory, binary), "postgresql");
        }

        var server = new PostgresServer(ServerProcess.NewDirectory("postgres"), ServerProcess.FreePort(), tls);
        try
        {
            await server.InitAsync(cancellationToken);
            await server.RestartAsync(cancellationToken);
            await server.SqlAsync($"CREATE ROLE {User} LOGIN PASSWORD '{Password}'", cancellationToken);
            await server.SqlAsync($"CREATE DATABASE {Database} OWNER {User}", cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates an empty database owned by <see cref="User"/> and returns its URL.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await SqlAsync($"CREATE DATABASE \"{name}\" OWNER {User}", cancellationToken);
        return UrlFor(name);
    }

    /// <summary>Runs SQL as the superuser over the unix socket; returns psql's unaligned output.</summary>
    public Task<string> SqlAsync(string sql, CancellationToken cancellationToken, string database = "postgres") =>
        ServerProcess.RunAsync(Path.Combine(BinDirectory, "psql"), [
            "-h", _directory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database,
            "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql,
        ], cancellationToken, TimeSpan.FromSeconds(30));

    /// <summary>Runs SQL as <see cref="User"/> with <see cref="Password"/> over TCP (checks the password works).</summary>
    public Task<string> SqlAsUserAsync(string sql, CancellationToken cancellationToken, string database = Database) =>
        ServerProcess.RunAsync(Path.Combine(BinDirectory, "psql"), [
            "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database,
            "-X", "-A", "-t", "-w", "-v", "ON_ERROR_STOP=1", "-c", sql,
        ], cancellationToken, TimeSpan.FromSeconds(30), environment: Tls is null
            ? new Dictionary<string, string> { ["PGPASSWORD"] = Password }
            : new Dictionary<string, string> { ["PGPASSWORD"] = Password, ["PGSSLMODE"] = "verify-full", ["PGSSLROOTCERT"] = Tls.CaFile });

    /// <summary>Starts postgres again on the same port and data (after <see cref="StopAsync"/> or <see cref="Kill"/>).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("postgres is running; stop it first");
        }

        string[] ssl = Tls is null ? [] : ["-c", "ssl=on", "-c", $"ssl_cert_file={Tls.CertificateFile}", "-c", $"ssl_key_file={Tls.KeyFile}"];
        _process = Run(Path.Combine(BinDirectory, "postgres"), [
            .. ssl,
            "-D", DataDirectory,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-k", _directory,
            "-c", "fsync=off",
            "-c", "max_connections=300",
        ]);
        await _process.WaitUntilReadyAsync("postgres", async ct =>
            (await SqlAsync("SELECT 1", ct)).Trim() == "1", cancellationToken);
    }

    /// <summary>Fast shutdown (SIGINT): clients are disconnected, committed data stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        var pid = PostmasterPid() ?? _process.Id;
        await ServerProcess.SignalAsync(pid, "INT");
        if (!await _process.WaitForExitAsync(ServerProcess.StopTimeout))
        {
            KillCore();
        }
    }

    /// <summary>SIGKILL of the postmaster: it dies without a shutdown (the next start recovers).</summary>
    public void Kill() => KillCore();

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        ServerProcess.DeleteDirectory(_directory);
    }

    private void KillCore()
    {
        if (_process is null)
        {
            return;
        }

        var pid = PostmasterPid();
        if (pid is { } postmaster)
        {
            ServerProcess.SignalAsync(postmaster, "KILL").GetAwaiter().GetResult();
        }

        _process.Kill();
        _process.WaitForExitAsync(ServerProcess.StopTimeout).GetAwaiter().GetResult();
    }

    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        if (ServerProcess.IsRoot)
        {
            await ServerProcess.RunAsync("/bin/chown", ["postgres:postgres", _directory], cancellationToken);
        }

        string[] initdb = [Path.Combine(BinDirectory, "initdb"), "-D", DataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"];
        if (ServerProcess.IsRoot)
        {
            await ServerProcess.RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", .. initdb], cancellationToken);
        }
        else
        {
            await ServerProcess.RunAsync(initdb[0], initdb[1..], cancellationToken);
        }

        if (Tls is not null)
        {
            // The key must belong to the user postgres runs as and be readable by it only (it is 0600).
            if (ServerProcess.IsRoot)
            {
                await ServerProcess.RunAsync("/bin/chown", ["-R", "postgres:postgres", Path.GetDirectoryName(Tls.KeyFile)!], cancellationToken);
            }

            // TCP only over TLS: every "host" line becomes "hostssl"; the unix socket (local) stays.
            var hba = Path.Combine(DataDirectory, "pg_hba.conf");
            var lines = (await File.ReadAllLinesAsync(hba, cancellationToken))
                .Select(line => line.StartsWith("host ", StringComparison.Ordinal) ? "hostssl" + line["host".Length..] : line);
            await File.WriteAllLinesAsync(hba, lines, cancellationToken);
        }
    }

    private ServerProcess Run(string binary, string[] arguments) =>
        ServerProcess.IsRoot
            ? ServerProcess.Start("/usr/sbin/runuser", ["-u", "postgres", "--", binary, .. arguments], _directory)
            : ServerProcess.Start(binary, arguments, _directory);
}

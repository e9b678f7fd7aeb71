using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using Npgsql;

namespace Grok2Api.Storage.Tests.Sql;

/// <summary>
/// A PostgreSQL 15 and a MariaDB server started once for the SQL backend tests, on 127.0.0.1 free
/// ports in temp directories, with a password user; each test gets its own database. A missing
/// server binary fails the tests with a clear message.
/// </summary>
public sealed class SqlServers : IAsyncLifetime
{
    public const string User = "g2a";

    /// <summary>A password that needs URL-encoding.</summary>
    public const string Password = "p@ss:w/rd%1";

    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private const string MariaDbd = "/usr/sbin/mariadbd";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g2a-sqltests-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _postgres;
    private Process? _mariadb;
    private int _databases;

    public int PostgresPort { get; private set; }

    public int MariaDbPort { get; private set; }

    public static string EncodedPassword => Uri.EscapeDataString(Password);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        await Task.WhenAll(StartPostgresAsync(), StartMariaDbAsync());
    }

    /// <summary>A new empty database; the URL of <paramref name="scheme"/> for it.</summary>
    public async Task<string> NewDatabaseUrlAsync(string scheme)
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..6];
        if (scheme.StartsWith("postgres", StringComparison.Ordinal) || scheme == "pgsql")
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PostgresPort};Username={User};Password={Password};Database=postgres;Pooling=false");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
            return $"{scheme}://{User}:{EncodedPassword}@127.0.0.1:{PostgresPort}/{name}";
        }

        await using (var connection = new MySqlConnection($"Server=127.0.0.1;Port={MariaDbPort};User ID={User};Password={Password};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return $"{scheme}://{User}:{EncodedPassword}@127.0.0.1:{MariaDbPort}/{name}";
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync(_postgres);
        await KillAsync(_mariadb);

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task KillAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
        }

        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private async Task StartPostgresAsync()
    {
        Require(Path.Combine(PgBin, "initdb"), "PostgreSQL 15 (apt package postgresql-15)");
        var dir = Path.Combine(_root, "pg");
        Directory.CreateDirectory(dir);
        var passwordFile = Path.Combine(dir, "pw");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres", _root.Length > 0 ? dir : dir]);
            await RunAsync("chmod", ["755", _root]);
        }

        await RunAsync(PgBin + "/initdb", ["-D", dir + "/data", "-U", User, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8"], asPostgres: true);
        PostgresPort = FreePort();
        await RunPostgresAsync();
    }

    /// <summary>Kills PostgreSQL (an outage) and returns a function that starts it again on the same port and data.</summary>
    public async Task<Func<Task>> StopPostgresAsync()
    {
        // Immediate shutdown (SIGQUIT to the postmaster) ends every backend too, like a crash, so the server can start again at once.
        var pidFile = Path.Combine(_root, "pg", "data", "postmaster.pid");
        var pid = (await File.ReadAllLinesAsync(pidFile))[0].Trim();
        await RunAsync("kill", ["-QUIT", pid]);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await _postgres!.WaitForExitAsync(wait.Token);
        }

        await KillAsync(_postgres);
        _postgres = null;
        return RunPostgresAsync;
    }

    /// <summary>Kills MariaDB (an outage) and returns a function that starts it again on the same port and data.</summary>
    public async Task<Func<Task>> StopMariaDbAsync()
    {
        await KillAsync(_mariadb);
        _mariadb = null;
        return RunMariaDbAsync;
    }

    private async Task RunPostgresAsync()
    {
        var dir = Path.Combine(_root, "pg");
        _postgres = Start(PgBin + "/postgres", ["-D", dir + "/data", "-k", dir, "-p", PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off"], asPostgres: true);
        await WaitAsync(async () =>
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PostgresPort};Username={User};Password={Password};Database=postgres;Timeout=2;Pooling=false");
            await connection.OpenAsync();
        }, _postgres, "postgres");
    }

    private async Task StartMariaDbAsync()
    {
        Require(MariaDbd, "MariaDB (apt package mariadb-server)");
        var dir = Path.Combine(_root, "my");
        Directory.CreateDirectory(dir);
        // Its own temporary directory: MariaDB servers of other test projects starting at the same
        // time must not share /tmp, where one deleted another's temporary table files.
        Directory.CreateDirectory(dir + "/tmp");
        await RunAsync("mariadb-install-db", ["--no-defaults", "--datadir=" + dir + "/data", "--tmpdir=" + dir + "/tmp", "--user=" + Environment.UserName, "--auth-root-authentication-method=normal", "--skip-test-db"]);
        MariaDbPort = FreePort();
        await RunMariaDbAsync();
        await using var connection = new MySqlConnection($"Server={dir}/sock;Protocol=Unix;User ID=root;Connection Timeout=2;Pooling=false");
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}'; GRANT ALL ON *.* TO '{User}'@'%'; FLUSH PRIVILEGES;", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task RunMariaDbAsync()
    {
        var dir = Path.Combine(_root, "my");
        var socket = dir + "/sock";
        _mariadb = Start(MariaDbd, ["--no-defaults", "--datadir=" + dir + "/data", "--tmpdir=" + dir + "/tmp", "--port=" + MariaDbPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-address=127.0.0.1", "--socket=" + socket, "--user=" + Environment.UserName, "--max-connections=300", "--skip-log-bin"]);
        await WaitAsync(async () =>
        {
            await using var connection = new MySqlConnection($"Server={socket};Protocol=Unix;User ID=root;Connection Timeout=2;Pooling=false");
            await connection.OpenAsync();
        }, _mariadb, "mariadbd");
    }

    private static void Require(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The SQL backend tests need {what}: {path} is missing.");
        }
    }

    private static ProcessStartInfo Info(string file, IEnumerable<string> arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && IsRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static Process Start(string file, IEnumerable<string> arguments, bool asPostgres = false)
    {
        var process = Process.Start(Info(file, arguments, asPostgres)) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, IEnumerable<string> arguments, bool asPostgres = false)
    {
        using var process = Process.Start(Info(file, arguments, asPostgres)) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static async Task WaitAsync(Func<Task> probe, Process process, string name)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await probe();
                return;
            }
            catch (Exception) when (waited.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"{name} did not come up (exited: {process.HasExited})", ex);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SqlServersCollection : ICollectionFixture<SqlServers>
{
    public const string Name = "sql servers";
}

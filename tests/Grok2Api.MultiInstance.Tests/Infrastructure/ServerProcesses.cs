using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// Redis, PostgreSQL and MariaDB started from the binaries installed on the machine, each in its
/// own temporary directory on a free loopback port. A missing binary fails the test with a clear
/// message (never a skip). PostgreSQL and MariaDB data directories are initialized once per run
/// and copied for each server.
/// </summary>
internal static class ServerProcesses
{
    private const string RedisBinary = "/usr/bin/redis-server";
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private const string MariaDbBinary = "/usr/sbin/mariadbd";
    private const string MariaDbInstall = "/usr/bin/mariadb-install-db";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _postgresTemplate;
    private static string? _mariaDbTemplate;

    public static async Task<IStoreServer> StartRedisAsync(CancellationToken cancellationToken)
    {
        Require(RedisBinary);
        var directory = NewDirectory("redis");
        var port = FreePort.Next();
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "no", "--daemonize", "no",
        ];
        var server = new ServerProcess(StoreKinds.Redis, $"redis://127.0.0.1:{port}/0", port, directory, () => Start(RedisBinary, arguments, null));
        await server.RestartAsync();
        return server;
    }

    public static async Task<IStoreServer> StartPostgresAsync(CancellationToken cancellationToken)
    {
        Require(Path.Combine(PostgresBin, "postgres"));
        var template = await TemplateAsync(() => _postgresTemplate, t => _postgresTemplate = t, InitPostgresAsync, cancellationToken);
        var directory = NewDirectory("pgsql");
        var data = Path.Combine(directory, "data");
        await RunAsync("cp", ["-a", template, data], cancellationToken);
        await RunAsync("chown", ["-R", "postgres:postgres", directory], cancellationToken);
        var port = FreePort.Next();
        string[] arguments =
        [
            "--reuid=postgres", "--regid=postgres", "--init-groups", "--",
            Path.Combine(PostgresBin, "postgres"), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={directory}",
            "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
        ];
        var server = new ServerProcess(StoreKinds.PostgreSql, $"postgresql://postgres@127.0.0.1:{port}/postgres", port, directory, () => Start("/usr/bin/setpriv", arguments, null));
        await server.RestartAsync();
        return server;
    }

    public static async Task<IStoreServer> StartMariaDbAsync(CancellationToken cancellationToken)
    {
        Require(MariaDbBinary);
        var template = await TemplateAsync(() => _mariaDbTemplate, t => _mariaDbTemplate = t, InitMariaDbAsync, cancellationToken);
        var directory = NewDirectory("mysql");
        var data = Path.Combine(directory, "data");
        await RunAsync("cp", ["-a", template, data], cancellationToken);
        var port = FreePort.Next();
        string[] arguments =
        [
            "--no-defaults", $"--datadir={data}", $"--port={port}", "--bind-address=127.0.0.1",
            $"--socket={Path.Combine(directory, "mysqld.sock")}", $"--pid-file={Path.Combine(directory, "mysqld.pid")}",
            "--user=root", "--skip-grant-tables", "--innodb-flush-log-at-trx-commit=2", "--max-connections=300",
            "--log-error=" + Path.Combine(directory, "error.log"),
        ];
        var server = new ServerProcess(StoreKinds.MySql, $"mysql://root@127.0.0.1:{port}/test", port, directory, () => Start(MariaDbBinary, arguments, null));
        await server.RestartAsync();
        return server;
    }

    private static async Task<string> TemplateAsync(Func<string?> get, Action<string> set, Func<string, CancellationToken, Task> init, CancellationToken cancellationToken)
    {
        await TemplateGate.WaitAsync(cancellationToken);
        try
        {
            if (get() is { } existing)
            {
                return existing;
            }

            var directory = Path.Combine(NewDirectory("template"), "data");
            await init(directory, cancellationToken);
            set(directory);
            return directory;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task InitPostgresAsync(string data, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(data)!;
        await RunAsync("chown", ["postgres:postgres", parent], cancellationToken);
        await RunAsync("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", Path.Combine(PostgresBin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], cancellationToken);
    }

    private static async Task InitMariaDbAsync(string data, CancellationToken cancellationToken)
    {
        Require(MariaDbInstall);
        await RunAsync(MariaDbInstall, ["--no-defaults", $"--datadir={data}", "--user=root", "--auth-root-authentication-method=normal"], cancellationToken);
    }

    private static void Require(string binary)
    {
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is not installed; the shared-storage acceptance tests need it (they never skip).");
        }
    }

    private static string NewDirectory(string kind)
    {
        var path = Path.Combine(Path.GetTempPath(), "grok2api-multi", $"{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static Process Start(string file, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    /// <summary>One server process; stop is SIGTERM and a wait, restart starts the same command again.</summary>
    private sealed class ServerProcess(string kind, string url, int port, string directory, Func<Process> start) : IStoreServer
    {
        private Process? _process;

        public string Kind => kind;

        public string Url => url;

        public async Task StopAsync()
        {
            if (_process is { HasExited: false } running)
            {
                _ = NativeMethods.Kill(running.Id, NativeMethods.SigTerm);
                try
                {
                    await running.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    running.Kill(entireProcessTree: true);
                    await running.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }

            _process?.Dispose();
            _process = null;
        }

        public async Task RestartAsync()
        {
            await StopAsync();
            _process = start();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{kind} exited at start ({_process.ExitCode}); see {directory}");
                }

                if (await AcceptsAsync())
                {
                    // PostgreSQL and MariaDB accept a moment before they serve queries; a short pause covers it.
                    await Task.Delay(kind == StoreKinds.Redis ? 50 : 300);
                    return;
                }

                if (clock.Elapsed > ReadyTimeout)
                {
                    throw new TimeoutException($"{kind} did not listen on {port} within {ReadyTimeout.TotalSeconds:0} s; see {directory}");
                }

                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private async Task<bool> AcceptsAsync()
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.ConnectAsync("127.0.0.1", port, timeout.Token);
                if (kind != StoreKinds.Redis)
                {
                    return true;
                }

                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), timeout.Token);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, timeout.Token);
                return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
            {
                return false;
            }
        }
    }
}

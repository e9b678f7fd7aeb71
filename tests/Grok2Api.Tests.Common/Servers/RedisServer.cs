using System.Globalization;

namespace Grok2Api.Tests.Common.Servers;

/// <summary>
/// A real <c>redis-server</c> (Debian package <c>redis-server</c>) on 127.0.0.1 and a free port, in
/// a fresh temp directory, with a password (<see cref="Password"/>) and append-only persistence so a
/// stop and restart keep the data. Databases 0 to <see cref="Databases"/>-1 are available, so tests
/// sharing one server can each take their own (<see cref="UrlFor"/>). In TLS mode (<see cref="Tls"/>)
/// the server accepts TLS connections only, with a certificate of a test CA, and the URLs are
/// <c>rediss://</c> URLs trusting that CA (<c>ssl_ca_certs</c>).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>The server binary.</summary>
    public const string Binary = "/usr/bin/redis-server";

    /// <summary>The command-line client.</summary>
    public const string Cli = "/usr/bin/redis-cli";

    /// <summary>The password clients must send (<c>requirepass</c>).</summary>
    public const string Password = "secret";

    /// <summary>How many numbered databases the server has.</summary>
    public const int Databases = 256;

    private readonly string _directory;
    private ServerProcess? _process;

    private RedisServer(string directory, int port, ServerTlsFiles? tls)
    {
        _directory = directory;
        Port = port;
        Tls = tls;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The certificate files in TLS mode; null when the server speaks plain TCP.</summary>
    public ServerTlsFiles? Tls { get; }

    /// <summary>The data directory.</summary>
    public string Directory => _directory;

    /// <summary>A <c>SERVER_STORAGE_URL</c> for database 0, with the password.</summary>
    public string Url => UrlFor(0);

    /// <summary>
    /// A <c>SERVER_STORAGE_URL</c> for database <paramref name="database"/>, with the password; in TLS
    /// mode <c>rediss://</c> trusting the test CA.
    /// </summary>
    public string UrlFor(int database) => Tls is null
        ? string.Create(CultureInfo.InvariantCulture, $"redis://:{Password}@127.0.0.1:{Port}/{database}")
        : string.Create(CultureInfo.InvariantCulture, $"rediss://:{Password}@127.0.0.1:{Port}/{database}?ssl_ca_certs={Uri.EscapeDataString(Tls.CaFile)}");

    /// <summary>Starts a server in a new directory and waits until it answers PING.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="tls">TLS mode: only TLS connections, with a certificate of a new test CA.</param>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken, bool tls = false)
    {
        ServerProcess.Require(Binary, "redis-server");
        ServerProcess.Require(Cli, "redis-tools");
        var directory = ServerProcess.NewDirectory("redis");
        ServerTlsFiles? files = null;
        if (tls)
        {
            using var authority = TestCertificateAuthority.Create("Grok2Api test Redis CA");
            files = authority.WriteServerFiles(directory);
        }

        var server = new RedisServer(directory, ServerProcess.FreePort(), files);
        try
        {
            await server.RestartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the server again on the same port and directory (after <see cref="StopAsync"/> or <see cref="Kill"/>).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is running; stop it first");
        }

        var port = Port.ToString(CultureInfo.InvariantCulture);
        string[] listen = Tls is null
            ? ["--port", port]
            : ["--port", "0", "--tls-port", port, "--tls-cert-file", Tls.CertificateFile, "--tls-key-file", Tls.KeyFile, "--tls-ca-cert-file", Tls.CaFile, "--tls-auth-clients", "no"];
        _process = ServerProcess.Start(Binary, [
            .. listen,
            "--bind", "127.0.0.1",
            "--dir", _directory,
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--requirepass", Password,
            "--databases", Databases.ToString(CultureInfo.InvariantCulture),
            "--daemonize", "no",
            "--protected-mode", "no",
        ], _directory);
        await _process.WaitUntilReadyAsync("redis-server", async ct =>
            (await CommandAsync(["PING"], ct)).Trim() == "PONG", cancellationToken);
    }

    /// <summary>Runs <c>redis-cli</c> with the password (and TLS in TLS mode) against database <paramref name="database"/>; returns its output.</summary>
    public Task<string> CommandAsync(IEnumerable<string> command, CancellationToken cancellationToken, int database = 0) =>
        ServerProcess.RunAsync(Cli, [
            "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "--no-auth-warning", "-a", Password,
            .. Tls is null ? Array.Empty<string>() : ["--tls", "--cacert", Tls.CaFile],
            "-n", database.ToString(CultureInfo.InvariantCulture), .. command,
        ], cancellationToken, TimeSpan.FromSeconds(10));

    /// <summary>Graceful stop (SIGTERM): the append-only file is flushed, the data stays.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        await ServerProcess.SignalAsync(_process.Id, "TERM");
        if (!await _process.WaitForExitAsync(ServerProcess.StopTimeout))
        {
            _process.Kill();
            await _process.WaitForExitAsync(ServerProcess.StopTimeout);
        }
    }

    /// <summary>SIGKILL: the server dies without a shutdown.</summary>
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
}

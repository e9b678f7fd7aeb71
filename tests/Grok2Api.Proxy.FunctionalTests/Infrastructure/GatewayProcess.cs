using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>
/// The gateway as its own process (<c>dotnet Grok2Api.Proxy.dll</c>, exactly what operators run), so
/// tests can read what it writes to standard output. Listens on a dynamic loopback port, found in
/// the host's "Now listening on" line. Disposing kills it.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The gateway's base address, once it listens.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every line written to standard output so far.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    /// <summary>Every line written to standard error so far.</summary>
    public IReadOnlyList<string> StandardError => [.. _stderr];

    public static async Task<GatewayProcess> StartAsync(string dataDirectory, IEnumerable<string> extraArgs, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Grok2Api.Proxy.dll"));
        foreach (var argument in (string[])[$"--DATA_DIR={dataDirectory}", "--SERVER_HOST=127.0.0.1", "--SERVER_PORT=0", .. extraArgs])
        {
            info.ArgumentList.Add(argument);
        }

        // The test runner's own settings must not leak into the child.
        info.Environment.Remove("LOG_LEVEL");
        info.Environment.Remove("LOG_FILE_ENABLED");
        var gateway = new GatewayProcess(new Process { StartInfo = info });
        gateway._process.OutputDataReceived += (_, e) => gateway.OnStdout(e.Data);
        gateway._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                gateway._stderr.Enqueue(e.Data);
            }
        };
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        try
        {
            gateway.BaseAddress = await gateway._listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (TimeoutException)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException(
                $"The gateway did not start listening. stdout:\n{string.Join('\n', gateway.StandardOutput)}\nstderr:\n{string.Join('\n', gateway.StandardError)}");
        }

        return gateway;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Waits until <paramref name="done"/> accepts standard output (the log is written asynchronously), then returns it.</summary>
    public async Task<IReadOnlyList<string>> WaitForOutputAsync(Func<IReadOnlyList<string>, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!done(StandardOutput) && clock.Elapsed < timeout)
        {
            await Task.Delay(50, cancellationToken);
        }

        // Anything written just after (a second line for the same request) would show up now.
        await Task.Delay(300, cancellationToken);
        return StandardOutput;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException("The gateway exited before listening."));
            return;
        }

        _stdout.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var beside = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", name));
        return File.Exists(beside) ? beside : name;
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex ListeningLine();
}

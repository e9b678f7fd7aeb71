using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// One gateway instance as operators run it: <c>dotnet Grok2Api.Proxy.dll</c> (copied next to this
/// assembly) as a child process, with its own DATA_DIR, on a free loopback port, configured through
/// environment variables (LOG_LEVEL WARNING unless given: the request log would flood the pipe). Standard output and
/// error are kept for assertions and failure messages. Disposing kills it if it still runs.
/// </summary>
internal sealed class ProxyInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Lock _watchLock = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<string> Seen)> _watches = [];

    private ProxyInstance(string name, string dataDirectory, Process process, Uri baseAddress)
    {
        Name = name;
        DataDirectory = dataDirectory;
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>A label for messages (a, b, reader...).</summary>
    public string Name { get; }

    /// <summary>The instance's DATA_DIR.</summary>
    public string DataDirectory { get; }

    /// <summary>The base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written so far (stdout and stderr interleaved as received).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Grok2Api.Proxy.dll");

    /// <summary>Starts an instance and waits until it listens and answers <c>/health</c>.</summary>
    /// <param name="launcher">
    /// When given, the command that starts the service in place of <c>dotnet Grok2Api.Proxy.dll</c> (a script
    /// and its arguments, such as the container's entry point); the child's working directory is then the
    /// launcher's choice.
    /// </param>
    public static async Task<ProxyInstance> StartAsync(
        string name, string dataDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, IReadOnlyList<string>? launcher = null)
    {
        var port = FreePort.Next();
        var info = NewStartInfo([], dataDirectory, environment);
        if (launcher is not null)
        {
            info.FileName = launcher[0];
            info.ArgumentList.Clear();
            foreach (var argument in launcher.Skip(1))
            {
                info.ArgumentList.Add(argument);
            }

            info.WorkingDirectory = Path.GetTempPath();
        }

        info.Environment["SERVER_HOST"] = "127.0.0.1";
        info.Environment["SERVER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var instance = new ProxyInstance(name, dataDirectory, new Process { StartInfo = info }, new Uri($"http://127.0.0.1:{port}/"));
        instance._process.OutputDataReceived += (_, e) => instance.OnLine(e.Data);
        instance._process.ErrorDataReceived += (_, e) => instance.OnLine(e.Data);
        instance._process.Start();
        instance._process.BeginOutputReadLine();
        instance._process.BeginErrorReadLine();
        try
        {
            await instance.WaitHealthyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            await instance.DisposeAsync();
            throw new InvalidOperationException($"Instance {name} did not start: {ex.Message}\n{instance.Tail(60)}", ex);
        }

        return instance;
    }

    /// <summary>Runs the Proxy with <paramref name="arguments"/> (a command such as <c>migrate</c>) to its end; bounded.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(
        IReadOnlyList<string> arguments, string workingDataDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = NewStartInfo(arguments, workingDataDirectory, environment);
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', arguments)}` did not end within {timeout.TotalSeconds:0} s:\n{Text()}");
        }

        // The asynchronous readers deliver the last lines after the exit.
        process.WaitForExit();
        return (process.ExitCode, Text());

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseCookies = false, UseProxy = false })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Completes with the first line matching <paramref name="pattern"/> (already written or coming).</summary>
    public Task<string> WhenLineAsync(Regex pattern)
    {
        lock (_watchLock)
        {
            foreach (var line in _output)
            {
                if (pattern.IsMatch(line))
                {
                    return Task.FromResult(line);
                }
            }

            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watches.Add((pattern, seen));
            return seen.Task;
        }
    }

    /// <summary>SIGTERM (graceful: pending writes are flushed), then waits for the exit; kills after <paramref name="grace"/>.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(_process.Id, NativeMethods.SigTerm);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(grace);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                throw new TimeoutException($"Instance {Name} did not stop within {grace.TotalSeconds:0} s of SIGTERM:\n{Tail(40)}");
            }
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL: nothing is flushed, no lease is released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(_process.Id, NativeMethods.SigKill);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public string Tail(int lines) => $"--- {Name} (last {lines} lines) ---\n" + string.Join('\n', _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone, or the kernel is slow to reap it; nothing more to do.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static ProcessStartInfo NewStartInfo(IReadOnlyList<string> arguments, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(DllPath))
        {
            throw new InvalidOperationException($"{DllPath} is missing: the Proxy project reference copies it there on build.");
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = dataDirectory,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test runner's own settings must not leak into the child.
        foreach (var name in new[] { "LOG_LEVEL", "LOG_FILE_ENABLED", "SERVER_STORAGE_TYPE", "SERVER_STORAGE_URL", "DATA_DIR", "MIGRATE_FROM_URL", "MIGRATE_TO_URL" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["DATA_DIR"] = dataDirectory;
        info.Environment["LOG_FILE_ENABLED"] = "false";
        info.Environment["LOG_LEVEL"] = "WARNING";
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var beside = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet"));
        return File.Exists(beside) ? beside : "dotnet";
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < StartTimeout)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the process exited with {_process.ExitCode}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException("/health did not answer 200");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_watchLock)
        {
            _output.Enqueue(line);
            for (var i = _watches.Count - 1; i >= 0; i--)
            {
                if (_watches[i].Pattern.IsMatch(line))
                {
                    _watches[i].Seen.TrySetResult(line);
                    _watches.RemoveAt(i);
                }
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>A running Grok2Api.Storage.KillHarness (built next to this test assembly) and what it printed.</summary>
internal sealed class HarnessProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdout;

    private HarnessProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _stdout = Task.Run(ReadStdoutAsync);
    }

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "Grok2Api.Storage.KillHarness.dll");

    public int Id => _process.Id;

    /// <summary>Tokens the harness reported durable.</summary>
    public ConcurrentQueue<string> Acks { get; } = new();

    /// <summary>Config rounds the harness reported durable, in order.</summary>
    public ConcurrentQueue<long> ConfigAcks { get; } = new();

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static HarnessProcess Start(string dataDirectory, int seed)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DllPath);
        start.ArgumentList.Add(dataDirectory);
        start.ArgumentList.Add("--seed");
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--save-delay-ms");
        start.ArgumentList.Add("5");
        return new HarnessProcess(Process.Start(start) ?? throw new InvalidOperationException("The harness did not start."));
    }

    /// <summary>Waits for the READY line (the lock is held and token.json is loaded); fails with the harness's stderr if it exits first.</summary>
    public Task<int> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken) => WaitAsync(_ready.Task, timeout, cancellationToken);

    /// <summary>Waits for the first ACK line.</summary>
    public Task WaitFirstAckAsync(TimeSpan timeout, CancellationToken cancellationToken) => WaitAsync(_firstAck.Task.ContinueWith(_ => 0, TaskScheduler.Default), timeout, cancellationToken);

    /// <summary>Waits until the harness exits by itself.</summary>
    public async Task WaitExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        await _stdout.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>SIGKILL on Unix; then reads what remains of stdout (lines written before the kill are still valid ACKs).</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await WaitExitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ is where this runtime lives.
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var beside = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", name));
        return File.Exists(beside) ? beside : name;
    }

    private async Task<T> WaitAsync<T>(Task<T> signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(signal, exited).WaitAsync(timeout, cancellationToken);
        if (first != signal)
        {
            await _stdout.WaitAsync(timeout, cancellationToken);
            if (!signal.IsCompleted)
            {
                throw new InvalidOperationException($"The harness exited with code {_process.ExitCode} before it was ready. stderr:\n{StandardError}");
            }
        }

        return await signal;
    }

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                Acks.Enqueue(line[4..]);
                _firstAck.TrySetResult();
            }
            else if (line.StartsWith("CFG ", StringComparison.Ordinal))
            {
                ConfigAcks.Enqueue(long.Parse(line[4..], CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                _ready.TrySetResult(int.Parse(line[6..], CultureInfo.InvariantCulture));
            }
        }
    }
}

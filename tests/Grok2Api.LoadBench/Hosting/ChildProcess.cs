using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// A <c>dotnet &lt;dll&gt;</c> child process. Its output is kept (the last lines only) to explain a
/// failed start. Stopping sends SIGTERM and kills after a grace period; every child still running
/// when the bench exits is killed.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory) =>
        StartProgram(name, RepoLayout.DotnetHost, [dll, .. arguments], environment, workingDirectory);

    /// <summary>Any program (nginx, node) as a child process, stopped like the dotnet ones.</summary>
    public static ChildProcess StartProgram(string name, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        if (!process.Start())
        {
            throw new BenchException($"{name} did not start");
        }

        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Kills every child still running (on exit, on a second Ctrl+C).</summary>
    public static void KillAll()
    {
        foreach (var (pid, process) in Running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            Running.TryRemove(pid, out _);
        }
    }

    public string Tail() => string.Join(Environment.NewLine, _tail);

    /// <summary>Resident memory (VmRSS) in KiB.</summary>
    public long ResidentKiB() => ProcessStats.ResidentKiB(_process.Id);

    /// <summary>User plus system CPU time used so far by this process and every process it started (nginx's workers).</summary>
    public TimeSpan TreeCpuTime() => ProcessStats.TreeCpuTime(_process.Id);

    /// <summary>User plus system CPU time used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGTERM, then a kill after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(_process.Id, NativeMethods.SigTerm);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"{Name} did not stop within {grace.TotalSeconds:0} s of SIGTERM; killing it.");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        Running.TryRemove(_process.Id, out _);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }
}

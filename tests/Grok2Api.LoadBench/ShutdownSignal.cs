using System.Runtime.InteropServices;
using Grok2Api.LoadBench.Hosting;

namespace Grok2Api.LoadBench;

/// <summary>
/// The first Ctrl+C (or SIGTERM) cancels the run, which then stops its child processes in order; a
/// second one kills them at once. Whatever happens, the children are killed when this process exits.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public ShutdownSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _interrupt.Dispose();
        _terminate.Dispose();
        _cts.Dispose();
    }

    private static void OnProcessExit(object? sender, EventArgs e) => ChildProcess.KillAll();

    private void OnSignal(PosixSignalContext context)
    {
        if (_cts.IsCancellationRequested)
        {
            ChildProcess.KillAll();
            return;
        }

        context.Cancel = true;
        _cts.Cancel();
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Simulator.Tests;

/// <summary>Starts one in-process simulator per test and an HttpClient pointed at it.</summary>
public abstract class SimulatorTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    protected GrokSimulator Sim { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected virtual SimulatorOptions CreateOptions() => new();

    public async ValueTask InitializeAsync()
    {
        Sim = await GrokSimulator.StartAsync(CreateOptions(), Ct).WaitAsync(Bound, Ct);
        Client = Upstream.CreateClient(Sim.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sim.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        GC.SuppressFinalize(this);
    }

    protected Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) =>
        Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct).WaitAsync(Bound, Ct);

    /// <summary>Advances fake time in steps until <paramref name="task"/> completes (timers created late still fire).</summary>
    protected static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Task task)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!task.IsCompleted && TimeProvider.System.GetElapsedTime(started) < Bound)
        {
            time.Advance(step);
            await Task.WhenAny(task, Task.Delay(20, Ct));
        }

        await task.WaitAsync(Bound, Ct);
    }
}

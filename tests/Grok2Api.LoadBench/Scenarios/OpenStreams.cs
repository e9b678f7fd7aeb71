using System.Diagnostics;
using System.Net;
using Grok2Api.LoadBench.Load;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// Many streaming chat requests held open at once: each is counted when its first chunk arrives and
/// then read (and discarded) until the run cancels it.
/// </summary>
internal sealed class OpenStreams(HttpClient client, Func<HttpRequestMessage> build, int count) : IDisposable
{
    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = new(count);
    private int _started;
    private int _ended;
    private int _failed;
    private long _firstOpened;

    public int Started => Volatile.Read(ref _started);

    /// <summary>Streams that finished on their own (the answer ended) or broke before the run closed them.</summary>
    public int Ended => Volatile.Read(ref _ended);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Completes when every stream has received its first chunk.</summary>
    public Task AllStarted => _allStarted.Task;

    /// <summary>Opens the streams at <paramref name="perSecond"/>, in small batches.</summary>
    public async Task OpenAsync(int perSecond, CancellationToken cancellationToken)
    {
        const int BatchesPerSecond = 50;
        var perBatch = Math.Max(1, perSecond / BatchesPerSecond);
        _firstOpened = Stopwatch.GetTimestamp();
        while (_tasks.Count < count)
        {
            for (var i = 0; i < perBatch && _tasks.Count < count; i++)
            {
                _tasks.Add(Task.Run(() => RunOneAsync(_stop.Token), CancellationToken.None));
            }

            await Task.Delay(TimeSpan.FromSeconds(1.0 / BatchesPerSecond), cancellationToken);
        }
    }

    /// <summary>Time from the first stream opened to the last first chunk.</summary>
    public TimeSpan SinceFirstOpened => Stopwatch.GetElapsedTime(_firstOpened);

    /// <summary>Cancels every stream and waits (bounded) until they are all closed.</summary>
    public async Task CloseAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _stop.Dispose();

    private async Task RunOneAsync(CancellationToken cancellationToken)
    {
        var started = false;
        try
        {
            using var request = build();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _failed);
                return;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1024];
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
                if (!started)
                {
                    started = true;
                    if (Interlocked.Increment(ref _started) == count)
                    {
                        _allStarted.TrySetResult();
                    }
                }
            }

            Interlocked.Increment(ref _ended);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed by the run.
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            if (started)
            {
                Interlocked.Increment(ref _ended);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}

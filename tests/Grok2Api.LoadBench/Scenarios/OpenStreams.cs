using System.Diagnostics;
using System.Net;
using Grok2Api.LoadBench.Load;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>
/// Many streaming chat requests held open at once: each is counted when its first chunk arrives and
/// then read to its end; a stream counts as done when its body ends with <c>data: [DONE]</c>.
/// </summary>
internal sealed class OpenStreams(HttpClient client, Func<HttpRequestMessage> build, int count) : IDisposable
{
    private static readonly byte[] DoneEvent = "data: [DONE]"u8.ToArray();

    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = new(count);
    private int _started;
    private int _ended;
    private int _done;
    private int _failed;
    private long _firstOpened;

    public int Started => Volatile.Read(ref _started);

    /// <summary>Streams that finished on their own (the answer ended) or broke before the run closed them.</summary>
    public int Ended => Volatile.Read(ref _ended);

    /// <summary>Streams whose body ended with the <c>data: [DONE]</c> event.</summary>
    public int Done => Volatile.Read(ref _done);

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

    /// <summary>Waits up to <paramref name="limit"/> for every stream to end on its own; true when all did.</summary>
    public async Task<bool> WaitAllEndedAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_tasks).WaitAsync(limit, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Cancels every stream still open and waits (bounded) until they are all closed.</summary>
    public async Task CloseAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Reported through the counts.
        }
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
            // The last bytes seen, to tell whether the body ended with the [DONE] event.
            var tail = new byte[64];
            var tailLength = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (!started)
                {
                    started = true;
                    if (Interlocked.Increment(ref _started) == count)
                    {
                        _allStarted.TrySetResult();
                    }
                }

                tailLength = KeepTail(tail, tailLength, buffer.AsSpan(0, read));
            }

            Interlocked.Increment(ref _ended);
            if (tail.AsSpan(0, tailLength).TrimEnd("\r\n"u8).EndsWith(DoneEvent))
            {
                Interlocked.Increment(ref _done);
            }
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

    private static int KeepTail(byte[] tail, int length, ReadOnlySpan<byte> read)
    {
        if (read.Length >= tail.Length)
        {
            read[^tail.Length..].CopyTo(tail);
            return tail.Length;
        }

        var keep = Math.Min(length, tail.Length - read.Length);
        tail.AsSpan(length - keep, keep).CopyTo(tail);
        read.CopyTo(tail.AsSpan(keep));
        return keep + read.Length;
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// Bounds simultaneous upstream chat calls: <c>chat.concurrent</c> for all models and
/// <c>chat.model_concurrency</c> per model, with System.Threading.RateLimiting concurrency
/// limiters. A request waits at most <c>chat.queue_timeout</c> for its permits; the queue itself
/// is bounded, so a burst is refused at once instead of piling up.
/// </summary>
/// <remarks>
/// A config change builds new limiters; requests holding permits of the old ones release them
/// there, so for a moment the old and new limits both apply (a request never loses its slot).
/// </remarks>
internal sealed class ChatConcurrencyLimiter(IOptionsMonitor<ChatSection> config) : IDisposable
{
    // Queued waiters beyond this per limiter are refused at once: memory stays bounded under any burst.
    private const int QueueFactor = 16;

    private readonly Lock _gate = new();
    private Limits? _limits;

    /// <summary>Waits for the permits of <paramref name="model"/>.</summary>
    /// <returns>The slot, or null when none was free within <c>chat.queue_timeout</c> (or the queue was full).</returns>
    public ValueTask<ChatSlot?> AcquireAsync(string model, CancellationToken cancellationToken)
    {
        var chat = config.CurrentValue;
        var limits = Current(chat);

        // The common case, free permits, is taken synchronously: no linked token, no timer for a wait
        // that does not happen. A permit not free now goes the waiting way, which starts over.
        var global = limits.Global.AttemptAcquire();
        if (global.IsAcquired)
        {
            if (!limits.PerModel.TryGetValue(model, out var modelLimiter))
            {
                return ValueTask.FromResult<ChatSlot?>(new ChatSlot(global, null));
            }

            var modelLease = modelLimiter.AttemptAcquire();
            if (modelLease.IsAcquired)
            {
                return ValueTask.FromResult<ChatSlot?>(new ChatSlot(global, modelLease));
            }

            modelLease.Dispose();
        }

        global.Dispose();
        return WaitAsync(chat, limits, model, cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _limits?.Dispose();
            _limits = null;
        }
    }

    private static async ValueTask<ChatSlot?> WaitAsync(ChatSection chat, Limits limits, string model, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(chat.QueueTimeout));

        var global = await AcquireAsync(limits.Global, wait.Token, cancellationToken);
        if (global is null)
        {
            return null;
        }

        if (!limits.PerModel.TryGetValue(model, out var modelLimiter))
        {
            return new ChatSlot(global, null);
        }

        var modelLease = await AcquireAsync(modelLimiter, wait.Token, cancellationToken);
        if (modelLease is null)
        {
            global.Dispose();
            return null;
        }

        return new ChatSlot(global, modelLease);
    }

    private static async ValueTask<RateLimitLease?> AcquireAsync(ConcurrencyLimiter limiter, CancellationToken wait, CancellationToken request)
    {
        // The synchronous path first: a free permit needs no allocation of a wait.
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        try
        {
            lease = await limiter.AcquireAsync(1, wait);
        }
        catch (OperationCanceledException) when (!request.IsCancellationRequested)
        {
            return null;
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    private Limits Current(ChatSection chat)
    {
        var limits = Volatile.Read(ref _limits);
        if (limits is not null && limits.Matches(chat))
        {
            return limits;
        }

        lock (_gate)
        {
            if (_limits is null || !_limits.Matches(chat))
            {
                // The old limiters are not disposed: requests still holding their permits release them there.
                _limits = new Limits(chat);
            }

            return _limits;
        }
    }

    private sealed class Limits : IDisposable
    {
        private readonly ChatSection _built;

        public Limits(ChatSection chat)
        {
            _built = chat;
            Global = Create(chat.Concurrent);
            PerModel = new ConcurrentDictionary<string, ConcurrencyLimiter>(
                chat.ModelConcurrency.Select(pair => KeyValuePair.Create(pair.Key, Create(pair.Value))), StringComparer.Ordinal);
        }

        public ConcurrencyLimiter Global { get; }

        public ConcurrentDictionary<string, ConcurrencyLimiter> PerModel { get; }

        public bool Matches(ChatSection chat) =>
            chat.Concurrent == _built.Concurrent
            && chat.ModelConcurrency.Count == _built.ModelConcurrency.Count
            && chat.ModelConcurrency.All(pair => _built.ModelConcurrency.TryGetValue(pair.Key, out var limit) && limit == pair.Value);

        public void Dispose()
        {
            Global.Dispose();
            foreach (var limiter in PerModel.Values)
            {
                limiter.Dispose();
            }
        }

        private static ConcurrencyLimiter Create(int permits) => new(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = Math.Min(permits * QueueFactor, 100_000),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}

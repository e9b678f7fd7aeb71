using System.Text.Json;
using Grok2Api.Storage.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// The backend's one subscription to <c>g2a:notices</c>, shared by the token change feed and the
/// config watch. A notice from this instance is ignored. When the subscription is made only after a
/// failure, or the connection comes back after a loss, notices may have been missed: every token
/// listener gets <see cref="TokenChangeNotice.All"/> and the config watch fires. Subscribing is
/// retried in the background with bounded waits (1 s doubling to 30 s) until it succeeds.
/// </summary>
internal sealed partial class RedisNoticeHub : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly RedisConnection _connection;
    private readonly StoreInstance _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly TokenNoticeListeners _listeners = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private readonly Action<RedisChannel, RedisValue> _handler;
    private CancellationTokenSource _configChanged = new();
    private Task? _subscribing;
    private volatile bool _subscribed;

    public RedisNoticeHub(RedisConnection connection, StoreInstance instance, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _instance = instance;
        _time = time;
        _logger = logger;
        _handler = OnMessage;
        _connection.Restored += OnRestored;
    }

    /// <summary>Whether the subscription is in place.</summary>
    public bool IsSubscribed => _subscribed;

    /// <summary>Subscribes now (at open); an outage is thrown.</summary>
    /// <exception cref="StoreUnavailableException">Redis cannot be reached.</exception>
    public async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        await _subscribeGate.WaitAsync(cancellationToken);
        try
        {
            if (_subscribed)
            {
                return;
            }

            var multiplexer = await _connection.GetAsync(cancellationToken);
            var subscriber = multiplexer.GetSubscriber();
            try
            {
                await subscriber.SubscribeAsync(RedisKeys.Notices, _handler).WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (RedisConnection.IsOutage(ex))
            {
                // The driver may keep the handler registered; drop it so a retry does not deliver twice.
                subscriber.Unsubscribe(RedisKeys.Notices, _handler, CommandFlags.FireAndForget);
                throw _connection.Unavailable("subscribe failed", ex);
            }

            _subscribed = true;
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    /// <summary>Starts subscribing in the background unless subscribed or already trying.</summary>
    public void EnsureSubscribing()
    {
        if (_subscribed)
        {
            return;
        }

        lock (_lock)
        {
            if (_subscribing is null && !_stop.IsCancellationRequested)
            {
                _subscribing = Task.Run(SubscribeUntilDoneAsync);
            }
        }
    }

    /// <summary>Token notices from other instances, until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<TokenChangeNotice> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listener = _listeners.Add();
        try
        {
            EnsureSubscribing();
            await foreach (var notice in listener.Reader.ReadAllAsync(cancellationToken))
            {
                yield return notice;
            }
        }
        finally
        {
            _listeners.Remove(listener);
        }
    }

    /// <summary>A change token that fires when another instance changed the config.</summary>
    public IChangeToken WatchConfig()
    {
        EnsureSubscribing();
        lock (_lock)
        {
            return new CancellationChangeToken(_configChanged.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _connection.Restored -= OnRestored;
        Task? subscribing;
        lock (_lock)
        {
            _stop.Cancel();
            subscribing = _subscribing;
        }

        _listeners.CompleteAll();

        if (subscribing is not null)
        {
            await subscribing;
        }
    }

    private async Task SubscribeUntilDoneAsync()
    {
        var wait = FirstRetry;
        var failed = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await SubscribeAsync(_stop.Token);
                if (failed)
                {
                    MissedNotices();
                }

                break;
            }
            catch (StoreUnavailableException ex)
            {
                failed = true;
                Log.SubscribeFailed(_logger, ex.Message, wait.TotalSeconds);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            try
            {
                await Task.Delay(wait, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
        }

        lock (_lock)
        {
            _subscribing = null;
        }
    }

    private void OnRestored(ConnectionType type) => MissedNotices();

    private void MissedNotices()
    {
        _listeners.Publish(TokenChangeNotice.All);
        FireConfigChanged();
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        RedisNotice? notice;
        try
        {
            notice = JsonSerializer.Deserialize((byte[])message!, RedisJsonContext.Default.RedisNotice);
        }
        catch (JsonException)
        {
            notice = null;
        }

        if (notice is null || string.IsNullOrEmpty(notice.Origin) || string.IsNullOrEmpty(notice.Kind))
        {
            Log.NoticeUnreadable(_logger);
            return;
        }

        if (string.Equals(notice.Origin, _instance.Id, StringComparison.Ordinal))
        {
            return;
        }

        switch (notice.Kind)
        {
            case RedisNotice.Tokens:
                _listeners.Publish(new TokenChangeNotice([.. (notice.Ids ?? []).Where(id => !string.IsNullOrEmpty(id))], false));
                break;
            case RedisNotice.Config:
                FireConfigChanged();
                break;
            default:
                // A kind a newer version announces: nothing to do here.
                break;
        }
    }

    private void FireConfigChanged()
    {
        CancellationTokenSource changed;
        lock (_lock)
        {
            changed = _configChanged;
            _configChanged = new CancellationTokenSource();
        }

        // The old source is not disposed: a late subscriber to its token must still see it cancelled.
        try
        {
            changed.Cancel();
        }
        catch (AggregateException ex)
        {
            // A subscriber threw; this runs on the driver's thread.
            Log.ConfigSubscriberFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1310, EventName = "RedisSubscribeFailed", Level = LogLevel.Warning,
            Message = "Cannot subscribe to change notices ({Problem}); retrying in {Seconds} s")]
        public static partial void SubscribeFailed(ILogger logger, string problem, double seconds);

        [LoggerMessage(EventId = 1311, EventName = "RedisNoticeUnreadable", Level = LogLevel.Debug, Message = "A change notice that is not one was ignored")]
        public static partial void NoticeUnreadable(ILogger logger);

        [LoggerMessage(EventId = 1312, EventName = "RedisConfigSubscriberFailed", Level = LogLevel.Error, Message = "A config change subscriber failed")]
        public static partial void ConfigSubscriberFailed(ILogger logger, Exception exception);
    }
}

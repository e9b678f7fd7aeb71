using Grok2Api.Storage.Shared;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>
/// The backend's one multiplexer (the driver pools and pipelines over it) and the rule every call
/// follows: a failure to reach Redis becomes a <see cref="StoreUnavailableException"/> naming what
/// failed (never the URL or the password) and is reported to <see cref="StoreHealth"/>; a success is
/// reported too. The first connect is made on demand and retried at the next call when it fails;
/// once connected, the driver reconnects by itself after an outage.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly RedisConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private volatile ConnectionMultiplexer? _multiplexer;
    private bool _disposed;

    public RedisConnection(RedisConnectionSettings settings, StoreHealth health, ILogger logger)
    {
        _settings = settings;
        Health = health;
        _logger = logger;
    }

    /// <summary>Raised when the connection (interactive or subscription) is back after a loss.</summary>
    public event Action<ConnectionType>? Restored;

    public StoreHealth Health { get; }

    public RedisConnectionSettings Settings => _settings;

    /// <summary>Whether a multiplexer was made (the first connect succeeded).</summary>
    public bool IsConnected => _multiplexer is not null;

    /// <summary>The multiplexer, connecting first if needed.</summary>
    /// <exception cref="StoreUnavailableException">Redis cannot be reached.</exception>
    public async Task<ConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (_multiplexer is { } existing)
        {
            return existing;
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is { } raced)
            {
                return raced;
            }

            ConnectionMultiplexer multiplexer;
            try
            {
                multiplexer = await ConnectionMultiplexer.ConnectAsync(_settings.ToOptions()).WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (IsOutage(ex))
            {
                throw Unavailable("connect failed", ex);
            }

            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            _multiplexer = multiplexer;
            Log.Connected(_logger, _settings.Describe);
            Health.ReportSuccess();
            return multiplexer;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Runs <paramref name="call"/> on the database, translating outages.</summary>
    /// <param name="what">What is done, for the message (<c>token save</c>).</param>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Stops waiting (the command itself is bounded by the command timeout).</param>
    public async Task<T> RunAsync<T>(string what, Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var multiplexer = await GetAsync(cancellationToken);
        T result;
        try
        {
            result = await call(multiplexer.GetDatabase()).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            throw Unavailable($"{what} failed", ex);
        }

        if (Health.ReportSuccess())
        {
            Log.Reachable(_logger, _settings.Describe);
        }

        return result;
    }

    /// <summary>Runs <paramref name="call"/> on the database, translating outages.</summary>
    public Task RunAsync(string what, Func<IDatabase, Task> call, CancellationToken cancellationToken) =>
        RunAsync(what, async db =>
        {
            await call(db);
            return true;
        }, cancellationToken);

    /// <summary>Whether <paramref name="ex"/> means Redis could not be reached or did not answer in time.</summary>
    public static bool IsOutage(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        RedisServerException server => server.Message.StartsWith("NOAUTH", StringComparison.Ordinal)
            || server.Message.StartsWith("WRONGPASS", StringComparison.Ordinal)
            || server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A <see cref="StoreUnavailableException"/> for <paramref name="ex"/>, reported to the health.</summary>
    public StoreUnavailableException Unavailable(string what, Exception ex)
    {
        var problem = $"redis: {what} ({Reason(ex)})";
        if (Health.ReportFailure(problem))
        {
            Log.Unreachable(_logger, _settings.Describe, problem);
        }

        return new StoreUnavailableException(problem, ex);
    }

    public async ValueTask DisposeAsync()
    {
        await _connectGate.WaitAsync();
        try
        {
            _disposed = true;
            if (_multiplexer is { } multiplexer)
            {
                _multiplexer = null;
                multiplexer.ConnectionFailed -= OnConnectionFailed;
                multiplexer.ConnectionRestored -= OnConnectionRestored;
                await multiplexer.CloseAsync(allowCommandsToComplete: false);
                await multiplexer.DisposeAsync();
            }
        }
        finally
        {
            _connectGate.Release();
        }
    }

    // The driver's messages name endpoints and options; the reason is built from the kind of failure only.
    private static string Reason(Exception ex) => TrustedCertificates.DescribeHandshakeFailure(ex) ?? ex switch
    {
        RedisConnectionException connection => connection.FailureType switch
        {
            ConnectionFailureType.AuthenticationFailure => "authentication failed",
            ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection => "cannot connect",
            ConnectionFailureType.SocketClosed or ConnectionFailureType.SocketFailure or ConnectionFailureType.ConnectionDisposed => "connection lost",
            var other => other.ToString(),
        },
        RedisTimeoutException or TimeoutException => "timed out",
        RedisServerException server => server.Message.Split(' ', 2)[0],
        _ => ex.GetType().Name,
    };

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        var problem = $"redis: connection lost ({e.FailureType})";
        if (Health.ReportFailure(problem))
        {
            Log.Unreachable(_logger, _settings.Describe, problem);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.Restored(_logger, _settings.Describe, e.ConnectionType.ToString());
        Health.ReportSuccess();
        Restored?.Invoke(e.ConnectionType);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, EventName = "RedisConnected", Level = LogLevel.Information, Message = "Connected to {Store}")]
        public static partial void Connected(ILogger logger, string store);

        [LoggerMessage(EventId = 1301, EventName = "RedisUnreachable", Level = LogLevel.Warning, Message = "{Store} is unavailable: {Problem}")]
        public static partial void Unreachable(ILogger logger, string store, string problem);

        [LoggerMessage(EventId = 1302, EventName = "RedisReachable", Level = LogLevel.Information, Message = "{Store} answers again")]
        public static partial void Reachable(ILogger logger, string store);

        [LoggerMessage(EventId = 1303, EventName = "RedisConnectionRestored", Level = LogLevel.Information, Message = "The {Kind} connection to {Store} is back")]
        public static partial void Restored(ILogger logger, string store, string kind);
    }
}

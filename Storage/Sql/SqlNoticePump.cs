using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grok2Api.Storage.Shared;

namespace Grok2Api.Storage.Sql;

/// <summary>
/// Receives other instances' notices for the whole backend (one listener connection or poll loop)
/// and hands them on: token notices to every <see cref="ListenAsync"/> reader, config notices to the
/// config store's watch token. After a reconnect every reader gets <see cref="TokenChangeNotice.All"/>
/// and the config watch fires, since notices may have been missed.
/// </summary>
internal sealed class SqlNoticePump : ITokenChangeFeed
{
    private readonly SqlBackend _backend;
    private readonly TokenNoticeListeners _readers = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqlNoticePump(SqlBackend backend)
    {
        _backend = backend;
    }

    /// <summary>Runs the dialect's listener until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Run(() => _backend.Dialect.RunListenerAsync(_backend, OnConnected, OnNotice, cancellationToken), CancellationToken.None);

    /// <summary>Waits until the listener receives, at most <paramref name="timeout"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout, _backend.Time, cancellationToken);
        }
        catch (TimeoutException)
        {
            SqlLog.ListenerNotReady(_backend.Logger, _backend.Kind);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TokenChangeNotice> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = _readers.Add();
        try
        {
            while (true)
            {
                TokenChangeNotice notice;
                try
                {
                    notice = await channel.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                catch (ChannelClosedException)
                {
                    yield break;
                }

                yield return notice;
            }
        }
        finally
        {
            _readers.Remove(channel);
        }
    }

    private void OnConnected(bool first)
    {
        SqlLog.ListenerConnected(_backend.Logger, _backend.Kind, !first);
        _ready.TrySetResult();
        if (!first)
        {
            _readers.Publish(TokenChangeNotice.All);
            _backend.Config.OnChangedElsewhere();
        }
    }

    private void OnNotice(StoreNotice notice)
    {
        if (string.Equals(notice.Origin, _backend.Instance.Id, StringComparison.Ordinal))
        {
            return;
        }

        switch (notice.Kind)
        {
            case StoreNotice.Tokens:
                _readers.Publish(notice.All ? TokenChangeNotice.All : new TokenChangeNotice(notice.Ids ?? [], false));
                break;
            case StoreNotice.Config:
                _backend.Config.OnChangedElsewhere();
                break;
            default:
                break;
        }
    }
}

using System.Threading.Channels;

namespace Grok2Api.Storage.Shared;

/// <summary>
/// The token change listeners of a shared backend's notice receiver (Redis subscription, SQL
/// listener): each listener reads its own unbounded channel, and a notice is written to all of them.
/// </summary>
internal sealed class TokenNoticeListeners
{
    private readonly Lock _gate = new();
    private readonly List<Channel<TokenChangeNotice>> _channels = [];

    /// <summary>A new listener, hearing every notice from now on until <see cref="Remove"/>.</summary>
    public Channel<TokenChangeNotice> Add()
    {
        var channel = Channel.CreateUnbounded<TokenChangeNotice>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _channels.Add(channel);
        }

        return channel;
    }

    /// <summary>Stops writing to <paramref name="channel"/>.</summary>
    /// <param name="channel">A listener from <see cref="Add"/>.</param>
    public void Remove(Channel<TokenChangeNotice> channel)
    {
        lock (_gate)
        {
            _channels.Remove(channel);
        }
    }

    /// <summary>Writes <paramref name="notice"/> to every listener.</summary>
    /// <param name="notice">The notice.</param>
    public void Publish(TokenChangeNotice notice)
    {
        lock (_gate)
        {
            foreach (var channel in _channels)
            {
                channel.Writer.TryWrite(notice);
            }
        }
    }

    /// <summary>Completes every listener's channel (at dispose).</summary>
    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var channel in _channels)
            {
                channel.Writer.TryComplete();
            }
        }
    }
}

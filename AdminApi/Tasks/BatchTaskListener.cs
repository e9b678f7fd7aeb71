using System.Threading.Channels;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// One event-stream reader of a task: a bounded buffer of serialized progress events (a full buffer drops
/// progress for this reader only; the counters are cumulative, so the next event catches up) and the final
/// event, which is kept aside and never dropped.
/// </summary>
internal sealed class BatchTaskListener
{
    private readonly Channel<byte[]> _events = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(BatchTaskLimits.ListenerBuffer)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>The progress events; completed once the task ends.</summary>
    public ChannelReader<byte[]> Events => _events.Reader;

    /// <summary>The final event, set before <see cref="Events"/> completes.</summary>
    public byte[]? Final { get; private set; }

    public void Progress(byte[] payload) => _events.Writer.TryWrite(payload);

    public void End(byte[] final)
    {
        Final = final;
        _events.Writer.TryComplete();
    }
}

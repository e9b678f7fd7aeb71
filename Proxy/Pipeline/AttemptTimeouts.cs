namespace Grok2Api.Proxy.Pipeline;

/// <summary>The time limits of one attempt.</summary>
/// <param name="Start">Longest wait for the first data of the answer, once it was requested (<c>chat.timeout</c>).</param>
/// <param name="Silence">Longest silence between data once the answer has started (<c>chat.stream_timeout</c>).</param>
internal sealed record AttemptTimeouts(TimeSpan Start, TimeSpan Silence)
{
    /// <summary>The limits a section of streamed calls sets: its <c>timeout</c> to start, its <c>stream_timeout</c> of silence.</summary>
    /// <param name="section">The <c>[chat]</c> or <c>[video]</c> settings.</param>
    public static AttemptTimeouts Of(StreamedCallSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new AttemptTimeouts(TimeSpan.FromSeconds(section.Timeout), TimeSpan.FromSeconds(section.StreamTimeout));
    }
}

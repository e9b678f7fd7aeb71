using System.Buffers;
using System.IO.Pipelines;
using Grok2Api.Transforms.Grok.Stream;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// Reads the NDJSON answer of a <c>conversations/new</c> call line by line for an exchange
/// (docs/grok-protocol.md §4.1): zero-byte reads, so a waiting stream holds no buffer; each line
/// restarts the attempt's silence limit; an error line ends the read with its failure; what the
/// exchange wrote is flushed after each read. The exchanges that read conversation answers (chat,
/// video, image edits) hand each parsed line to a callback and decide after the end what an answer
/// without the output they expect means.
/// </summary>
internal static class GrokAnswerLines
{
    /// <summary>Reads the answer to its end.</summary>
    /// <param name="attempt">The attempt (timer, flush).</param>
    /// <param name="response">The 2xx answer, body unread.</param>
    /// <param name="onLine">
    /// Called for each line that is not an error line, in order, with the parsed line and its raw bytes
    /// (without the line break); both are valid only during the call (the parsed line belongs to the
    /// parser and is overwritten by the next one). Returns a failure to stop reading, or null to go on.
    /// </param>
    /// <returns>Null when the answer ended; otherwise the failure an error line means, a line too long, or what <paramref name="onLine"/> returned.</returns>
    public static async Task<UpstreamFailure?> ReadAsync(
        UpstreamAttempt attempt, HttpResponseMessage response, Func<GrokLine, ReadOnlySequence<byte>, ValueTask<UpstreamFailure?>> onLine)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(onLine);
        var upstream = await response.Content.ReadAsStreamAsync(attempt.Cancellation);
        // Zero-byte reads: a stream waiting for its next line holds no buffer (docs/benchmarks.md, open streams).
        var reader = PipeReader.Create(upstream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 1024, leaveOpen: false, useZeroByteReads: true));
        using var parser = new GrokLineParser();
        var framer = new GrokLineFramer();
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(attempt.Cancellation);
                var buffer = read.Buffer;
                UpstreamFailure? failed = null;
                while (failed is null && NextLine(framer, ref buffer, read.IsCompleted, out var line))
                {
                    attempt.Received();
                    var parsed = parser.Parse(line);
                    failed = parsed.Error is { } error ? error.ToFailure() : await onLine(parsed, line);
                }

                // Everything up to buffer.Start is consumed; what follows is an incomplete line.
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (failed is not null)
                {
                    return failed;
                }

                if (framer.LineTooLong)
                {
                    return new UpstreamFailure(UpstreamFailureKind.StreamError, "an upstream line was too long") { Status = 200 };
                }

                if (read.IsCompleted)
                {
                    return null;
                }

                await attempt.FlushAsync();
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool NextLine(GrokLineFramer framer, ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line) =>
        framer.TryReadLine(ref buffer, out line) || (completed && framer.TryReadFinalLine(ref buffer, out line));
}

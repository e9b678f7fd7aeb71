using System.Globalization;
using System.Text;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// The console as a batched sink: Serilog's batching queue hands over every line that arrived since the
/// last write, and this sink formats them into one buffered writer over standard output and flushes once.
/// Under load that is one write system call for hundreds of request-log lines instead of one each; when
/// idle the first line of a burst is written at once, the rest within <see cref="BufferingTime"/>.
/// </summary>
internal sealed class ConsoleBatchSink : IBatchedLogEventSink, IDisposable
{
    /// <summary>The longest a line waits in the queue while others keep arriving.</summary>
    public static readonly TimeSpan BufferingTime = TimeSpan.FromMilliseconds(50);

    private readonly MessageTemplateTextFormatter _formatter;
    private readonly StreamWriter _output;
    private bool _broken;

    public ConsoleBatchSink(string outputTemplate)
    {
        _formatter = new MessageTemplateTextFormatter(outputTemplate, CultureInfo.InvariantCulture);
        _output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024)
        {
            AutoFlush = false,
        };
    }

    /// <summary>
    /// Queue bounds: as the asynchronous sink it replaces, at most 10,000 lines wait (beyond that new lines
    /// are dropped rather than growing memory or blocking requests), written at most 1,000 at a time.
    /// </summary>
    public static BatchingOptions Batching => new()
    {
        BatchSizeLimit = 1000,
        BufferingTimeLimit = BufferingTime,
        QueueLimit = 10_000,
        EagerlyEmitFirstEvent = true,
    };

    /// <inheritdoc />
    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        if (_broken)
        {
            return Task.CompletedTask;
        }

        try
        {
            foreach (var logEvent in batch)
            {
                _formatter.Format(logEvent, _output);
            }

            _output.Flush();
        }
        catch (IOException)
        {
            // Standard output is gone (a closed pipe): the service goes on without its console.
            _broken = true;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _output.Dispose();
        }
        catch (IOException)
        {
            // Nothing can be written any more; disposing must not throw at shutdown.
        }
    }
}

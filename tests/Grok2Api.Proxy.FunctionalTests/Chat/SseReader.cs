using System.Text;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>Reads the <c>data:</c> payloads of a server-sent event stream one at a time, as they arrive.</summary>
public sealed class SseReader : IDisposable
{
    private readonly StreamReader _reader;

    private SseReader(Stream stream) => _reader = new StreamReader(stream, Encoding.UTF8);

    public static async Task<SseReader> OpenAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(await response.Content.ReadAsStreamAsync(cancellationToken));

    /// <summary>The next <c>data:</c> payload, or null when the stream ended. Each read is bounded by <paramref name="timeout"/>.</summary>
    public async Task<string?> NextAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(20), cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return line["data:".Length..].TrimStart(' ');
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}

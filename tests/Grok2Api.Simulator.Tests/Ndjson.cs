using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Tests;

/// <summary>Reads an NDJSON response line by line, each read bounded.</summary>
internal sealed class Ndjson(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public static async Task<Ndjson> OpenAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(await response.Content.ReadAsStreamAsync(cancellationToken));

    /// <summary>The next line, or null at the end of the stream. Throws OperationCanceledException after <paramref name="timeout"/>.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        return await _reader.ReadLineAsync(cts.Token);
    }

    public async Task<JsonNode> ReadJsonAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(timeout, cancellationToken) ?? throw new InvalidOperationException("stream ended");
        return JsonNode.Parse(line)!;
    }

    /// <summary>Every remaining line (raw).</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await ReadLineAsync(timeout, cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Every line of a complete response parsed as JSON (blank lines skipped).</summary>
    public static async Task<List<JsonNode>> ReadAllJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var ndjson = await OpenAsync(response, cancellationToken);
        var lines = await ndjson.ReadToEndAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return lines.Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).ToList();
    }

    public void Dispose() => _reader.Dispose();
}

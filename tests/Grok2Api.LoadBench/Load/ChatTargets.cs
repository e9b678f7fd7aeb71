using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.LoadBench.Load;

/// <summary>The two requests the throughput scenario compares, and the HTTP client that sends them.</summary>
internal static class ChatTargets
{
    public const string Model = "grok-3";

    // Headers of the recorded upstream request that belong to the connection or the content, not to the replay.
    private static readonly HashSet<string> NotReplayed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Expect", "traceparent", "tracestate",
    };

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>A load client: HTTP/1.1 keep-alive connections, no cookies, no proxy, no decompression, no trace headers.</summary>
    public static HttpClient CreateClient(int maxConnections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator(),
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>A prompt of <paramref name="words"/> words; the simulator answers <c>You said: &lt;prompt&gt;</c>, one line per word.</summary>
    public static string Prompt(int words)
    {
        string[] vocabulary = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "while", "benchmark", "runs"];
        return string.Join(' ', Enumerable.Range(0, words).Select(i => vocabulary[i % vocabulary.Length]));
    }

    /// <summary>The OpenAI request body of a chat completion with one user message.</summary>
    public static byte[] GatewayBody(string prompt, bool stream) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["model"] = Model,
        ["stream"] = stream,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
    }.ToJsonString());

    /// <summary>POST /v1/chat/completions with <paramref name="body"/>.</summary>
    public static Func<HttpRequestMessage> Gateway(Uri gateway, byte[] body)
    {
        var uri = new Uri(gateway, "v1/chat/completions");
        return () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonBody(body) };
    }

    /// <summary>
    /// The upstream request the gateway sent for the same chat (as the simulator recorded it: the
    /// payload, the cookie, the browser headers), replayed straight to the simulator.
    /// </summary>
    public static Func<HttpRequestMessage> Direct(Uri simulator, JsonObject recorded)
    {
        var uri = new Uri(simulator, recorded["path"]!.GetValue<string>());
        var body = Convert.FromBase64String(recorded["bodyBase64"]!.GetValue<string>());
        var headers = ReplayedHeaders(recorded);
        return () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonBody(body) };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        };
    }

    /// <summary>The headers of a recorded upstream request that a replay sends again (not those of the connection or the content).</summary>
    public static IReadOnlyList<(string Name, string Value)> ReplayedHeaders(JsonObject recorded) =>
        recorded["headers"]!.AsObject()
            .Where(h => !NotReplayed.Contains(h.Key))
            .Select(h => (h.Key, h.Value!.GetValue<string>()))
            .ToList();

    /// <summary>Sends one request and reads the whole answer; null on a 200, else a short error label.</summary>
    public static ClosedLoop.Send Sender(HttpClient client, Func<HttpRequestMessage> build) => async (scratch, bytes, cancellationToken) =>
    {
        try
        {
            using var request = build();
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(scratch, cancellationToken)) > 0)
            {
                total += read;
            }

            bytes.Value = total;
            return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return $"{ex.HttpRequestError}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "client timeout";
        }
        catch (IOException)
        {
            return "connection broken";
        }
    };

    /// <summary>One request, its answer as text (to check the stack before loading it).</summary>
    public static async Task<(HttpStatusCode Status, string Body)> OnceAsync(HttpClient client, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var request = build();
        using var response = await client.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static ByteArrayContent JsonBody(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }
}

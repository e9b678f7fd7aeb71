using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>
/// Closed-loop non-stream chat load on one instance: <c>clients</c> workers, each sending its next
/// <c>POST /v1/chat/completions</c> as soon as the last answer was read, until stopped.
/// </summary>
internal sealed class ChatLoad
{
    public const string ApiKey = "sk-multi-api-key";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"model":"grok-3","stream":false,"messages":[{"role":"user","content":"count me"}]}""");
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _samples = new();
    private long _ok;

    /// <summary>Answers 200 with the simulator's echo.</summary>
    public long Succeeded => Interlocked.Read(ref _ok);

    /// <summary>Everything else, by label (HTTP status or transport error).</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public int FailureCount => _failures.Values.Sum();

    /// <summary>A few failed answers, to explain a failure.</summary>
    public string Samples => string.Join('\n', _samples.Take(5));

    /// <summary>Runs until <paramref name="stop"/> is cancelled; a request in flight then finishes (it is counted).</summary>
    public async Task RunAsync(ProxyInstance instance, int clients, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false, UseProxy = false })
        {
            BaseAddress = instance.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => WorkerAsync(http, stop), CancellationToken.None)));
    }

    private async Task WorkerAsync(HttpClient http, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/chat/completions", UriKind.Relative))
            {
                Content = new ByteArrayContent(Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
            try
            {
                // Not cancelled by stop: a request sent is always read to its end, so the counts are exact.
                using var response = await http.SendAsync(request, CancellationToken.None);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK && text.Contains("You said:", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _ok);
                }
                else
                {
                    Fail($"HTTP {(int)response.StatusCode}", text);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Fail(ex.GetType().Name, ex.Message);
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private void Fail(string label, string detail)
    {
        _failures.AddOrUpdate(label, 1, (_, n) => n + 1);
        if (_samples.Count < 5)
        {
            _samples.Enqueue($"{label}: {(detail.Length > 300 ? detail[..300] : detail)}");
        }
    }
}

/// <summary>Bounded waits.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true; throws with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }
}

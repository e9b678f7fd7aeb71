using System.Diagnostics;
using System.Net;
using System.Text;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>Many streams at once, and the <c>chat.concurrent</c> / <c>chat.model_concurrency</c> limits.</summary>
public sealed class ChatConcurrencyTests
{
    [Fact]
    public async Task FiftyConcurrentStreams_AllCompleteWithTheirOwnText()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Streams = 50;
        await using var env = await ChatEnvironment.StartAsync(
            ct,
            new ChatSettings { Concurrent = 64, QueueTimeout = 10 },
            new SimulatorOptions { LineDelay = TimeSpan.FromMilliseconds(20) });
        string[] tokens = [await env.AddTokenAsync(ct), await env.AddTokenAsync(ct), await env.AddTokenAsync(ct)];
        var prompts = Enumerable.Range(0, Streams).Select(i => $"stream {i:00} asks about {Guid.NewGuid():N}").ToArray();

        var transcripts = await Task.WhenAll(prompts.Select(p => env.StreamAsync(ChatBodies.Text("grok-3", p, stream: true), ct)))
            .WaitAsync(TimeSpan.FromSeconds(60), ct);

        for (var i = 0; i < Streams; i++)
        {
            Assert.Equal("You said: " + prompts[i], transcripts[i].Content);
            Assert.Empty(transcripts[i].Errors);
            Assert.Equal(["stop"], transcripts[i].FinishReasons);
            Assert.True(transcripts[i].EndsWithDone);
        }

        Assert.Equal(Streams, transcripts.Select(t => t.Chunks[0].GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(Streams, env.Simulator.Requests.Count(r => r.Path == UpstreamPaths.ConversationsNew && r.StatusCode == 200));
        await env.SettledAsync(ct);
        var views = tokens.Select(env.View).ToList();
        Assert.Equal(Streams, views.Sum(v => v.UseCount));
        Assert.Equal((3 * ChatEnvironment.DefaultQuota) - Streams, views.Sum(v => v.Quota));
        Assert.All(views, v => Assert.True(v.UseCount > 0, "the load is spread over the pool"));
    }

    [Fact]
    public async Task ChatConcurrentOne_SecondRequestIs429AfterQueueTimeout_ThenServedOnceTheSlotIsFree()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Concurrent = 1, QueueTimeout = 0.5, StreamTimeout = 30 });
        await env.AddTokenAsync(ct);
        await using var held = await HeldStream.OpenAsync(env, "grok-3", ct);

        var clock = Stopwatch.StartNew();
        using (var refused = await env.PostAsync(ChatBodies.Text("grok-3", "second"), ct))
        {
            var elapsed = clock.Elapsed;
            var error = await OpenAiAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
            Assert.Contains("chat.concurrent", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5));
        }

        Assert.Equal(1, env.Simulator.Requests.Count(r => r.Path == UpstreamPaths.ConversationsNew));
        await held.DisposeAsync();
        await env.SettledAsync(ct);

        var transcript = await env.StreamAsync(ChatBodies.Text("grok-3", "third", stream: true), ct);
        Assert.Equal("You said: third", transcript.Content);
    }

    [Fact]
    public async Task ChatConcurrentOne_SecondRequestWaitsInTheQueue_AndIsServedWhenTheFirstEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, new ChatSettings { Concurrent = 1, QueueTimeout = 20, StreamTimeout = 1 });
        await env.AddTokenAsync(ct);
        // The first stream stalls after its first tokens and ends (stream_timeout) with an error event, freeing the slot.
        await using var held = await HeldStream.OpenAsync(env, "grok-3", ct);

        var second = env.PostAsync(ChatBodies.Text("grok-3", "patient"), ct);
        var first = await held.ReadToEndAsync(ct);
        using var response = await second.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal("upstream_timeout", Assert.Single(first.Errors).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You said: patient", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var calls = env.Simulator.Requests.Where(r => r.Path == UpstreamPaths.ConversationsNew).ToList();
        Assert.Equal(2, calls.Count);
        // The second upstream call waited for the slot: it started only once the first had stalled for stream_timeout (1 s).
        Assert.True(calls[1].StartedAt - calls[0].StartedAt >= TimeSpan.FromSeconds(0.9), $"the second call started {(calls[1].StartedAt - calls[0].StartedAt).TotalMilliseconds:0} ms after the first");
    }

    [Fact]
    public async Task ModelConcurrency_LimitsOnlyThatModel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(
            ct, new ChatSettings { Concurrent = 10, QueueTimeout = 0.5, StreamTimeout = 30, ModelConcurrency = "{ \"grok-4\" = 1 }" });
        await env.AddTokenAsync(ct);
        await env.AddTokenAsync(ct);
        await using var held = await HeldStream.OpenAsync(env, "grok-4", ct);

        using (var refused = await env.PostAsync(ChatBodies.Text("grok-4", "same model"), ct))
        {
            var error = await OpenAiAssert.ErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_error", "rate_limit_exceeded", ct);
            Assert.Contains("grok-4", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // Another model is not held back by grok-4's limit.
        var other = await env.StreamAsync(ChatBodies.Text("grok-3", "other model", stream: true), ct);
        Assert.Equal("You said: other model", other.Content);

        await held.DisposeAsync();
        await env.SettledAsync(ct);
        var again = await env.StreamAsync(ChatBodies.Text("grok-4", "my turn", stream: true), ct);
        Assert.Equal("You said: my turn", again.Content);
    }

    /// <summary>A stream whose upstream stalls after its first tokens, holding its concurrency slot until disposed (the client leaves) or stream_timeout.</summary>
    private sealed class HeldStream : IAsyncDisposable
    {
        private readonly HttpClient _client;
        private readonly HttpResponseMessage _response;
        private readonly SseReader _reader;
        private readonly List<string> _events;

        private HeldStream(HttpClient client, HttpResponseMessage response, SseReader reader, List<string> events)
        {
            _client = client;
            _response = response;
            _reader = reader;
            _events = events;
        }

        public static async Task<HeldStream> OpenAsync(ChatEnvironment env, string model, CancellationToken ct)
        {
            env.Simulator.Faults.Enqueue(null, Fault.Stall(afterLines: 3).OnlyFor(UpstreamPaths.ConversationsNew));
            var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0, UseCookies = false }) { BaseAddress = env.Gateway.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent(ChatBodies.Text(model, "hold the slot", stream: true).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reader = await SseReader.OpenAsync(response, ct);
            var events = new List<string>();
            // The answer has begun (its first token arrived): the request holds its slot.
            while (await reader.NextAsync(ct) is { } data)
            {
                events.Add(data);
                if (ChatStreamTranscript.HasContent(data))
                {
                    break;
                }
            }

            Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew && !r.IsCompleted);
            return new HeldStream(client, response, reader, events);
        }

        public Task<ChatStreamTranscript> ReadToEndAsync(CancellationToken ct) => ChatStreamTranscript.ReadAsync(_reader, ct, _events);

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

// The Responses client of the OpenAI SDK 2.15 is marked experimental (OPENAI001); the tests use it
// on purpose, as client applications of the gateway do.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator;
using OpenAI.Responses;

namespace Grok2Api.Proxy.FunctionalTests.Responses;

/// <summary>The clients of the Responses API tests: the official SDK's <see cref="ResponsesClient"/> and raw HTTP with the SSE events parsed.</summary>
internal static class ResponsesTestClient
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>The SDK client with the gateway's <c>/v1</c> as endpoint and no retries.</summary>
    public static ResponsesClient Sdk(ChatEnvironment env) => new(new ApiKeyCredential("sk-any-key"), new ResponsesClientOptions
    {
        Endpoint = new Uri(env.Gateway.BaseAddress, "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = Bound,
    });

    /// <summary>POSTs a raw body to <c>/v1/responses</c>; the caller disposes the answer.</summary>
    public static Task<HttpResponseMessage> PostAsync(ChatEnvironment env, string json, CancellationToken cancellationToken) =>
        env.Http.PostAsync("/v1/responses", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken).WaitAsync(Bound, cancellationToken);

    /// <summary>POSTs a body asking for a stream, expects 200 with an event stream and returns its events (type from <c>event:</c>, payload from <c>data:</c>).</summary>
    public static async Task<IReadOnlyList<(string Event, JsonElement Data)>> StreamAsync(ChatEnvironment env, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(env, body.ToJsonString(), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).WaitAsync(Bound, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = Assert.Single(lines, l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
            var data = Assert.Single(lines, l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            using var document = JsonDocument.Parse(data);
            events.Add((name, document.RootElement.Clone()));
        }

        return events;
    }

    /// <summary>The message the simulator received in its last conversations/new request.</summary>
    public static string LastUpstreamMessage(ChatEnvironment env) =>
        env.Simulator.Requests.Last(r => r.Path == UpstreamPaths.ConversationsNew).BodyJson()!["message"]!.GetValue<string>();
}

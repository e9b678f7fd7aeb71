using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool.Registry;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace Grok2Api.Proxy.FunctionalTests.Chat;

/// <summary>
/// The gateway on real Kestrel in front of the grok.com simulator, with the chat settings of a test,
/// plus the clients and pool probes the chat tests use: the official OpenAI SDK, raw HTTP, and the
/// token registry.
/// </summary>
public sealed class ChatEnvironment : IAsyncDisposable
{
    /// <summary>The <c>ssoBasic</c> default quota a token gets when added.</summary>
    public const int DefaultQuota = 80;

    private readonly TempDirectory _data;

    private ChatEnvironment(GrokSimulator simulator, GatewayHost gateway, TempDirectory data)
    {
        Simulator = simulator;
        Gateway = gateway;
        _data = data;
        Http = gateway.CreateClient();
    }

    public GrokSimulator Simulator { get; }

    public GatewayHost Gateway { get; }

    public ITokenRegistry Registry => Gateway.Services.GetRequiredService<ITokenRegistry>();

    /// <summary>A plain client of the gateway (no cookies, 30 s timeout).</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the simulator (with <paramref name="simulator"/> options) and a gateway whose config.toml points every upstream URL at it.</summary>
    public static async Task<ChatEnvironment> StartAsync(CancellationToken cancellationToken, ChatSettings? settings = null, SimulatorOptions? simulator = null)
    {
        var sim = await GrokSimulator.StartAsync(simulator, cancellationToken);
        var data = new TempDirectory();
        try
        {
            DataDirectoryFiles.WriteConfig(data.Path, $"""
                [upstream]
                base_url = "{sim.BaseUrl}"
                assets_url = "{sim.BaseUrl}"
                accounts_url = "{sim.BaseUrl}"

                [token]
                auto_refresh = {((settings ?? new ChatSettings()).AutoRefresh ? "true" : "false")}

                {(settings ?? new ChatSettings()).ToToml()}
                """);
            var gateway = await GatewayHost.StartAsync(data.Path, cancellationToken);
            return new ChatEnvironment(sim, gateway, data);
        }
        catch
        {
            await sim.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Adds a new <c>ssoBasic</c> token with <paramref name="quota"/>; the token with the most quota is leased first.</summary>
    public async Task<string> AddTokenAsync(CancellationToken cancellationToken, int quota = DefaultQuota)
    {
        var token = TestTokens.New();
        var added = await Registry.AddAsync("ssoBasic", [token], null, cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        Assert.Equal(1, added.Added);
        if (quota != DefaultQuota)
        {
            await Registry.PatchAsync(TestTokens.IdOf(token), new TokenPatch { Quota = quota }, cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        return token;
    }

    /// <summary>The quota of the second token of <see cref="AddTwoTokensAsync"/>.</summary>
    public const int SecondQuota = 70;

    /// <summary>Two tokens; the first has more quota, so it is always leased first.</summary>
    public async Task<(string First, string Second)> AddTwoTokensAsync(CancellationToken cancellationToken) =>
        (await AddTokenAsync(cancellationToken), await AddTokenAsync(cancellationToken, SecondQuota));

    /// <summary>What the pool knows of <paramref name="token"/> now.</summary>
    public StoredToken View(string token) =>
        Registry.Find(TestTokens.IdOf(token))?.Token ?? throw new InvalidOperationException("The token is not in the pool.");

    /// <summary>Leases in flight over the whole pool.</summary>
    public int InFlight => Registry.Query(new TokenQuery(null, null, null, null)).Stats.InFlight;

    /// <summary>
    /// Waits (bounded) until no lease is in flight: the client may read the end of an answer a moment
    /// before the gateway completes the lease, so the pool is read after this.
    /// </summary>
    public async Task SettledAsync(CancellationToken cancellationToken)
    {
        var inFlight = await Eventually.PollAsync(() => Task.FromResult(InFlight), n => n == 0, TimeSpan.FromSeconds(10), cancellationToken);
        Assert.True(inFlight == 0, $"{inFlight} lease(s) still in flight");
    }

    /// <summary>
    /// An OpenAI SDK chat client for <paramref name="model"/> with the gateway's <c>/v1</c> as endpoint and
    /// no SDK retries; over <paramref name="http"/> when given (the caller disposes it), else the SDK's own transport.
    /// </summary>
    public ChatClient Sdk(string model, string apiKey = "sk-any-key", HttpClient? http = null)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(Gateway.BaseAddress, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        };
        if (http is not null)
        {
            options.Transport = new HttpClientPipelineTransport(http);
        }

        return new ChatClient(model, new ApiKeyCredential(apiKey), options);
    }

    /// <summary>POSTs <paramref name="body"/> to <c>/v1/chat/completions</c>; the caller disposes the answer.</summary>
    public Task<HttpResponseMessage> PostAsync(JsonNode body, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, string? apiKey = null) =>
        PostRawAsync(body.ToJsonString(), cancellationToken, completion, apiKey);

    public async Task<HttpResponseMessage> PostRawAsync(string json, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await Http.SendAsync(request, completion, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Streams <paramref name="body"/> (which must ask for a stream), expects 200 and reads the events to the end.</summary>
    public async Task<ChatStreamTranscript> StreamAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(body, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            Assert.Fail($"expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await ChatStreamTranscript.ReadAsync(response, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
        _data.Dispose();
    }
}

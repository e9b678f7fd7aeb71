using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;

namespace Grok2Api.Proxy.FunctionalTests;

public sealed class ModelsApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly string[] DocumentedModels =
    [
        "grok-3", "grok-3-mini", "grok-3-thinking", "grok-4", "grok-4-mini", "grok-4-thinking", "grok-4-heavy",
        "grok-4.1-mini", "grok-4.1-fast", "grok-4.1-expert", "grok-4.1-thinking",
        "grok-imagine-1.0", "grok-imagine-1.0-edit", "grok-imagine-1.0-video",
    ];

    [Fact]
    public async Task Health_AnswersOk()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.GetAsync(new Uri("/health", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_ReturnsEveryDocumentedModelInOpenAiShape()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await fixture.Gateway.Client.GetFromJsonAsync<JsonElement>(new Uri("/v1/models", UriKind.Relative), ct);
        Assert.Equal("list", body.GetProperty("object").GetString());
        var data = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(DocumentedModels, data.Select(m => m.GetProperty("id").GetString()));
        Assert.All(data, m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.True(m.GetProperty("created").GetInt64() > 0);
            Assert.False(string.IsNullOrEmpty(m.GetProperty("owned_by").GetString()));
        });
    }

    [Theory]
    [InlineData("grok-4.1-fast")]
    [InlineData("grok-imagine-1.0-video")]
    public async Task Get_KnownModel_ReturnsIt(string id)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await fixture.Gateway.Client.GetFromJsonAsync<JsonElement>(new Uri($"/v1/models/{id}", UriKind.Relative), ct);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("model", body.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Get_UnknownModel_Is404ModelNotFound()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.GetAsync(new Uri("/v1/models/gpt-4o", UriKind.Relative), ct);
        var error = await OpenAiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", ct);
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Contains("gpt-4o", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownV1Route_IsOpenAi404()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.GetAsync(new Uri("/v1/engines", UriKind.Relative), ct);
        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "unknown_url", ct);
    }

    [Fact]
    public async Task WrongMethod_IsOpenAi405()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.DeleteAsync(new Uri("/v1/models", UriKind.Relative), ct);
        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "invalid_request_error", "method_not_allowed", ct);
    }

    [Fact]
    public async Task EveryAnswer_CarriesARequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.GetAsync(new Uri("/v1/models", UriKind.Relative), ct);
        Assert.True(response.Headers.TryGetValues("x-request-id", out var ids));
        Assert.Matches("^[0-9a-f]{32}$", ids.Single());
    }

    [Fact]
    public async Task RequestId_IsTheTraceIdOfTheClientsTraceparent()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using var response = await fixture.Gateway.Client.SendAsync(request, ct);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", Assert.Single(response.Headers.GetValues("x-request-id")));
    }
}

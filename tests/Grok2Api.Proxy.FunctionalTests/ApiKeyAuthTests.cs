using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary><c>app.api_key</c> guards the OpenAI API (docs/compatibility.md §7.1), read live from config.toml.</summary>
public sealed class ApiKeyAuthTests(ApiKeyGatewayFixture fixture) : IClassFixture<ApiKeyGatewayFixture>
{
    [Fact]
    public async Task Models_WithoutAuthorization_Is401InvalidApiKeyWithBearerChallenge()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.GetAsync(new Uri("/v1/models", UriKind.Relative), ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key", ct);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("Bearer sk-wrong")]
    [InlineData("Bearer sk-functional-012345678")]
    [InlineData("Bearer sk-functional-01234567890")]
    [InlineData("Basic c2stZnVuY3Rpb25hbC0wMTIzNDU2Nzg5")]
    [InlineData("sk-functional-0123456789")]
    public async Task Models_WithWrongKey_Is401(string authorization)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await fixture.Gateway.Client.SendAsync(request, ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key", ct);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Models_WithRightKey_Is200ModelList()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await SendAsync(HttpMethod.Get, "/v1/models", ApiKeyGatewayFixture.ApiKey, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.NotEmpty(body.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Models_SchemeIsCaseInsensitive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models/grok-4");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + ApiKeyGatewayFixture.ApiKey);
        using var response = await fixture.Gateway.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v1/engines")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("DELETE", "/v1/models")]
    public async Task AnyV1Route_WithoutKey_Is401BeforeRouting(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await SendAsync(new HttpMethod(method), path, null, ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key", ct);
    }

    [Fact]
    public async Task UnknownV1Route_WithRightKey_Is404NotAuthError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await SendAsync(HttpMethod.Get, "/v1/engines", ApiKeyGatewayFixture.ApiKey, ct);

        await OpenAiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "unknown_url", ct);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    public async Task HealthAndMetrics_StayOpen(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Gateway.Client.GetAsync(new Uri(path, UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminApi_UsesAppKeyNotApiKey()
    {
        var ct = TestContext.Current.CancellationToken;

        // The admin key opens the admin API even though it is not the API key...
        using (var withAppKey = await SendAsync(HttpMethod.Get, "/v1/admin/tokens", AdminClient.DefaultAppKey, ct))
        {
            Assert.Equal(HttpStatusCode.OK, withAppKey.StatusCode);
        }

        // ...and the API key does not: the admin API answers its own problem details, not an OpenAI error.
        using var withApiKey = await SendAsync(HttpMethod.Get, "/v1/admin/tokens", ApiKeyGatewayFixture.ApiKey, ct);
        await ProblemAssert.ProblemAsync(withApiKey, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task ApiKey_EditedInConfigFileWhileRunning_AppliesWithoutRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\napi_key = \"sk-before\"\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        using (var before = await SendAsync(gateway, HttpMethod.Get, "/v1/models", "sk-before", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // The operator edits the key in the file the gateway wrote (keeping the rest of it).
        var text = await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(data.Path), ct);
        Assert.Contains("api_key = \"sk-before\"", text, StringComparison.Ordinal);
        DataDirectoryFiles.ReplaceConfig(data.Path, text.Replace("api_key = \"sk-before\"", "api_key = \"sk-after\"", StringComparison.Ordinal));

        var status = await Eventually.PollAsync(
            async () =>
            {
                using var response = await SendAsync(gateway, HttpMethod.Get, "/v1/models", "sk-after", ct);
                return response.StatusCode;
            },
            s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15),
            ct);
        Assert.Equal(HttpStatusCode.OK, status);

        using var old = await SendAsync(gateway, HttpMethod.Get, "/v1/models", "sk-before", ct);
        await OpenAiAssert.ErrorAsync(old, HttpStatusCode.Unauthorized, "authentication_error", "invalid_api_key", ct);

        // Emptying the key opens the API again, still without a restart.
        DataDirectoryFiles.ReplaceConfig(data.Path, text.Replace("api_key = \"sk-before\"", "api_key = \"\"", StringComparison.Ordinal));
        var open = await Eventually.PollAsync(
            async () =>
            {
                using var response = await SendAsync(gateway, HttpMethod.Get, "/v1/models", null, ct);
                return response.StatusCode;
            },
            s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15),
            ct);
        Assert.Equal(HttpStatusCode.OK, open);
    }

    [Fact]
    public async Task EmptyApiKey_LeavesV1Open()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        DataDirectoryFiles.WriteConfig(data.Path, "[app]\napi_key = \"\"\n");
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        using var anonymous = await SendAsync(gateway, HttpMethod.Get, "/v1/models", null, ct);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);

        // Any bearer value is ignored when no key is configured.
        using var withSomeKey = await SendAsync(gateway, HttpMethod.Get, "/v1/models/grok-4", "sk-anything", ct);
        Assert.Equal(HttpStatusCode.OK, withSomeKey.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, CancellationToken cancellationToken) =>
        SendAsync(fixture.Gateway, method, path, key, cancellationToken);

    private static async Task<HttpResponseMessage> SendAsync(GatewayHost gateway, HttpMethod method, string path, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { model = "grok-4", messages = Array.Empty<object>() });
        }

        var response = await gateway.Client.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response;
    }
}

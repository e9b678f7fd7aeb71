using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>Errors under <c>/v1/admin</c> are problem details, never the OpenAI envelope of the rest of <c>/v1</c>.</summary>
public sealed class AdminErrorShapeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("GET", "/v1/admin/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("PUT", "/v1/admin/tokens", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/v1/admin/tokens/export", HttpStatusCode.MethodNotAllowed)]
    public async Task UnknownRouteOrMethod_IsProblemDetails(string method, string path, HttpStatusCode status)
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = new AdminClient(fixture.Gateway.Client);

        using var response = await admin.SendAsync(new HttpMethod(method), path, null, ct);
        await ProblemAssert.ProblemAsync(response, status, ct);
    }

    [Fact]
    public async Task UnsupportedMediaType_Is415ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/tokens")
        {
            Content = new StringContent("pool=ssoBasic&tokens=abc", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminClient.DefaultAppKey);

        using var response = await fixture.Gateway.Client.SendAsync(request, ct);
        await ProblemAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ct);
    }
}

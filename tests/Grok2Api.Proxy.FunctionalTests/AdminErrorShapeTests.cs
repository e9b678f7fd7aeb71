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

    /// <summary>
    /// Every admin endpoint that reads a JSON body refuses any other body (the content types a
    /// cross-site page can send without a preflight, and a body without a type) with 415 problem
    /// details, before anything is read or changed.
    /// </summary>
    [Theory]
    [InlineData("POST", "/v1/admin/login", "text/plain")]
    [InlineData("POST", "/v1/admin/login", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/v1/admin/tokens", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/v1/admin/tokens", "text/plain")]
    [InlineData("POST", "/v1/admin/tokens", "multipart/form-data; boundary=x")]
    [InlineData("POST", "/v1/admin/tokens", null)]
    [InlineData("POST", "/v1/admin/tokens/delete", "text/plain")]
    [InlineData("POST", "/v1/admin/tokens/export", "text/plain")]
    [InlineData("PATCH", "/v1/admin/tokens/0123456789abcdef", "text/plain")]
    [InlineData("PATCH", "/v1/admin/config", "text/plain")]
    [InlineData("PATCH", "/v1/admin/config", "application/x-www-form-urlencoded")]
    [InlineData("PATCH", "/v1/admin/config", "multipart/form-data; boundary=x")]
    [InlineData("PATCH", "/v1/admin/config", null)]
    public async Task NonJsonBody_Is415ProblemDetails(string method, string path, string? contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = new AdminClient(fixture.Gateway.Client);
        var before = await TotalAsync(admin, ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new ByteArrayContent("{\"pool\":\"ssoBasic\",\"tokens\":[\"abc\"],\"app_key\":\"x\"}"u8.ToArray()),
        };
        request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminClient.DefaultAppKey);

        using var response = await fixture.Gateway.Client.SendAsync(request, ct);
        await ProblemAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ct);
        Assert.Equal(before, await TotalAsync(admin, ct));
    }

    private static async Task<long> TotalAsync(AdminClient admin, CancellationToken ct)
    {
        using var list = await admin.SendAsync(HttpMethod.Get, "/v1/admin/tokens", null, ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await list.Content.ReadAsStringAsync(ct))!;
        return json["total"]!.GetValue<long>();
    }
}

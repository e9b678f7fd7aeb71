using System.Net.Http.Headers;
using System.Text;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>
/// Builds one request the way a browser, a script or a reverse proxy would send it: an optional
/// bearer key, cookie, <c>Host</c> header and forwarded headers. The connection itself always goes to
/// the gateway on 127.0.0.1; the forwarded headers only claim another client.
/// </summary>
public sealed record AdminRequest(HttpMethod Method, string Path)
{
    public string? Bearer { get; init; }

    public string? Cookie { get; init; }

    public string? Host { get; init; }

    public string? ForwardedFor { get; init; }

    public string? ForwardedProto { get; init; }

    /// <summary>The <c>Origin</c> header a browser sends with a POST, PATCH, PUT or DELETE.</summary>
    public string? Origin { get; init; }

    /// <summary>The <c>Sec-Fetch-Site</c> header a browser sends (<c>same-origin</c>, <c>same-site</c>, <c>cross-site</c>, <c>none</c>).</summary>
    public string? SecFetchSite { get; init; }

    public string? JsonBody { get; init; }

    public static AdminRequest Get(string path) => new(HttpMethod.Get, path);

    public static AdminRequest Post(string path, string json) => new(HttpMethod.Post, path) { JsonBody = json };

    public HttpRequestMessage Build()
    {
        var request = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
        if (Bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        }

        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        if (Host is not null)
        {
            request.Headers.Host = Host;
        }

        if (ForwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", ForwardedFor);
        }

        if (ForwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", ForwardedProto);
        }

        if (Origin is not null)
        {
            request.Headers.Add("Origin", Origin);
        }

        if (SecFetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", SecFetchSite);
        }

        if (JsonBody is not null)
        {
            request.Content = new StringContent(JsonBody, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = Build();
        var response = await client.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response;
    }
}

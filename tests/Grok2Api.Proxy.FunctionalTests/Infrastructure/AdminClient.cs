using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>
/// Calls the admin API (<c>/v1/admin/*</c>) with <c>Authorization: Bearer &lt;app_key&gt;</c>, and
/// keeps every answer body it read so tests can check that no whole token ever leaves the gateway.
/// </summary>
public sealed class AdminClient(HttpClient http, string appKey = AdminClient.DefaultAppKey)
{
    /// <summary>The built-in default of <c>app.app_key</c>.</summary>
    public const string DefaultAppKey = "grok2api";

    private readonly List<string> _bodies = [];

    /// <summary>Every JSON answer body read so far (including problem details); export answers are text and not kept.</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendRawAsync(method, path, body?.ToJsonString(), cancellationToken);

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            lock (_bodies)
            {
                _bodies.Add(text);
            }
        }

        return response;
    }

    /// <summary>Sends and expects <paramref name="status"/> with a JSON body; returns the body.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public Task<JsonElement> ListAsync(string query, CancellationToken cancellationToken) =>
        JsonAsync(HttpMethod.Get, "/v1/admin/tokens" + query, null, cancellationToken);

    /// <summary>Every token of the listing (one page of up to 500), newest first.</summary>
    public async Task<List<JsonElement>> ItemsAsync(CancellationToken cancellationToken, string query = "?page_size=500") =>
        [.. (await ListAsync(query, cancellationToken)).GetProperty("items").EnumerateArray()];

    public async Task<JsonElement> ItemAsync(string id, CancellationToken cancellationToken) =>
        (await ItemsAsync(cancellationToken)).Single(i => i.GetProperty("id").GetString() == id);

    public Task<JsonElement> AddAsync(string pool, IEnumerable<string> tokens, CancellationToken cancellationToken, string? note = null)
    {
        var body = new JsonObject { ["pool"] = pool, ["tokens"] = new JsonArray([.. tokens.Select(t => (JsonNode?)JsonValue.Create(t))]) };
        if (note is not null)
        {
            body["note"] = note;
        }

        return JsonAsync(HttpMethod.Post, "/v1/admin/tokens", body, cancellationToken);
    }

    public async Task<string> ExportAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/admin/tokens/export", body, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}

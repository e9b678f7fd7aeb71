using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Grok2Api.MultiInstance.Tests.Infrastructure;

/// <summary>The admin token endpoints of one instance (<c>/v1/admin/tokens</c>), with the app key.</summary>
internal sealed class GatewayAdmin(HttpClient http) : IDisposable
{
    public const string AppKey = "multi-admin-key";

    public static GatewayAdmin For(ProxyInstance instance) => new(instance.CreateClient());

    /// <summary>The public id of a token: the first 16 hex digits of the SHA-256 of the bare token.</summary>
    public static string IdOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))[..8]);

    public async Task AddAsync(string pool, IReadOnlyList<string> tokens, string? note = null)
    {
        var body = new JsonObject { ["pool"] = pool, ["tokens"] = new JsonArray([.. tokens.Select(t => (JsonNode?)t)]) };
        if (note is not null)
        {
            body["note"] = note;
        }

        using var response = await SendAsync(HttpMethod.Post, "v1/admin/tokens", body);
        await EnsureAsync(response, "adding tokens");
    }

    /// <summary>Every token the instance holds, keyed by id.</summary>
    public async Task<Dictionary<string, JsonObject>> ListAsync()
    {
        var all = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            using var response = await SendAsync(HttpMethod.Get, $"v1/admin/tokens?page_size=500&page={page}", null);
            await EnsureAsync(response, "listing tokens");
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var items = body["items"]!.AsArray();
            foreach (var item in items.OfType<JsonObject>())
            {
                all[item["id"]!.GetValue<string>()] = item;
            }

            if (items.Count < 500 || all.Count >= body["total"]!.GetValue<int>())
            {
                return all;
            }
        }
    }

    public async Task PatchAsync(string id, JsonObject patch)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"v1/admin/tokens/{id}", patch);
        await EnsureAsync(response, $"patching {id}");
    }

    /// <summary>Deletes a token; 404 (another instance deleted it first) is an answer too.</summary>
    public async Task<HttpStatusCode> DeleteAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"v1/admin/tokens/{id}", null);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound))
        {
            await EnsureAsync(response, $"deleting {id}");
        }

        return response.StatusCode;
    }

    public void Dispose() => http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

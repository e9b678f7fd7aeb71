using System.Net;
using System.Text.Json;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>Assertions on OpenAI-shaped error answers.</summary>
public static class OpenAiAssert
{
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? code, CancellationToken cancellationToken)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("param", out _), "an OpenAI error always carries param");
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error.Clone();
    }
}

using System.Net;
using System.Text.Json;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>Assertions on RFC 9457 problem details answers (the admin API's error shape).</summary>
public static class ProblemAssert
{
    /// <summary>The status, the <c>application/problem+json</c> media type and the problem body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var problem = await ProblemBodyAsync(response, status, cancellationToken);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem;
    }

    /// <summary>The status and a problem details body (status, title, no OpenAI envelope), whatever the media type.</summary>
    public static async Task<JsonElement> ProblemBodyAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.False(root.TryGetProperty("error", out _), "the admin API answers problem details, not the OpenAI error envelope");
        return root.Clone();
    }

    /// <summary>A 400 validation problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> ValidationAsync(HttpResponseMessage response, string field, CancellationToken cancellationToken)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, cancellationToken);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"a validation problem lists its errors: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"the errors name '{field}': {errors}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        return problem;
    }
}

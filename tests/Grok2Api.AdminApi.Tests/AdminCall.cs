using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests;

/// <summary>What an admin endpoint answered.</summary>
internal sealed record AdminCall(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="field"/> (and only the listed fields).</summary>
    public void AssertValidation(params string[] fields)
    {
        Assert.True(Status == 400, $"expected 400, got {Status}: {Body}");
        Assert.StartsWith("application/problem+json", ContentType, StringComparison.Ordinal);
        var errors = Json().GetProperty("errors");
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }
}

using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigImportTests
{
    [Fact]
    public void Prepare_ValidTree_IsMigratedAndKeptWhole()
    {
        var stored = JsonNode.Parse("""{"app": {"app_password": "from-original", "stream": true}, "chat": {"concurrent": 20}, "extra": {"kept": 1}}""")!.AsObject();

        var result = ConfigImport.Prepare(stored);

        Assert.Empty(result.Dropped);
        Assert.Contains(result.MigrationNotes, n => n.Contains("app.app_password", StringComparison.Ordinal));
        Assert.Equal("from-original", (string?)result.Tree["app"]!["app_key"]);
        Assert.Null(result.Tree["app"]!["app_password"]);
        Assert.Equal(20, (long?)result.Tree["chat"]!["concurrent"]);
        Assert.Equal(1, (long?)result.Tree["extra"]!["kept"]);
        Assert.Equal("from-original", (string?)stored["app"]!["app_password"]);
    }

    [Fact]
    public void Prepare_KeysThatDoNotValidate_AreLeftOutAndTheOthersKept()
    {
        var stored = JsonNode.Parse("""
            {"chat": {"concurrent": -5, "queue_timeout": 3}, "retry": {"max_retry": "many", "retry_status_codes": [401]},
             "app": {"api_key": "sk-secret-value", "image_format": "gif"}, "model_alias": {"bad name": "grok-4", "claude": "grok-4"}, "video": 7}
            """)!.AsObject();

        var result = ConfigImport.Prepare(stored);

        Assert.Equal(["app.image_format", "chat.concurrent", "model_alias.bad name", "retry.max_retry", "video"],
            result.Dropped.Select(d => d.Split(':')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(3, (long?)result.Tree["chat"]!["queue_timeout"]);
        Assert.Null(result.Tree["chat"]!["concurrent"]);
        Assert.Equal("sk-secret-value", (string?)result.Tree["app"]!["api_key"]);
        Assert.Equal("grok-4", (string?)result.Tree["model_alias"]!["claude"]);
        Assert.False(result.Tree.ContainsKey("video"));
        Assert.Empty(ConfigBinder.Bind(result.Tree).Errors);
    }
}

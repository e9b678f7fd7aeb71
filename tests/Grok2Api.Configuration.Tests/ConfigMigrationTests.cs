using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigMigrationTests
{
    [Fact]
    public void Migrate_V1GrokFixture_MapsEveryOldKeyAndNotesIt()
    {
        var original = TomlConfigReader.Parse(File.ReadAllText(ConfigTestFiles.Fixture("v1-grok.toml")), "v1-grok.toml");

        var result = ConfigMigration.Migrate(original);

        Assert.True(result.Changed);
        AssertEveryLegacyKeyHasOneNote(original, result);
        var config = Bind(result.Tree);
        Assert.False(config.App.Temporary);
        Assert.False(config.App.DisableMemory);
        Assert.True(config.App.Stream);
        Assert.False(config.App.Thinking);
        Assert.False(config.App.DynamicStatsig);
        Assert.Equal(["xaiartifact", "grok:render"], config.App.FilterTags);
        Assert.Equal("s3cret-admin-pass", config.App.AppKey);
        Assert.Equal((150.0, 150.0, 150.0, 150.0), (config.Chat.Timeout, config.Image.Timeout, config.Video.Timeout, config.Voice.Timeout));
        Assert.Equal((100.0, 100.0, 200.0), (config.Chat.StreamTimeout, config.Image.StreamTimeout, config.Video.StreamTimeout));
        Assert.Equal("socks5h://proxyuser:proxypass@127.0.0.1:1080", config.Proxy.BaseProxyUrl);
        Assert.Equal("http://127.0.0.1:8080", config.Proxy.AssetProxyUrl);
        Assert.Equal("cf-clearance-value-0123456789", config.Proxy.CfClearance);
        Assert.Equal("chrome120", config.Proxy.Browser);
        Assert.Contains("Chrome/120", config.Proxy.UserAgent, StringComparison.Ordinal);
        Assert.Equal(5, config.Retry.MaxRetry);
        Assert.Equal([401, 429], config.Retry.RetryStatusCodes);
        Assert.Equal((1.0, 3.0, 40.0, 120.0), (config.Retry.RetryBackoffBase, config.Retry.RetryBackoffFactor, config.Retry.RetryBackoffMax, config.Retry.RetryBudget));
        Assert.False(config.Image.Nsfw);
        Assert.Equal(20.0, config.Image.FinalTimeout);
        Assert.Equal((40000, 120000), (config.Image.MediumMinBytes, config.Image.FinalMinBytes));
        Assert.Equal((20, 20, 20, 20), (config.Asset.UploadConcurrent, config.Asset.DownloadConcurrent, config.Asset.ListConcurrent, config.Asset.DeleteConcurrent));
        Assert.Equal((9, 8), (config.Asset.ListBatchSize, config.Asset.DeleteBatchSize));
        Assert.Equal((40, 40), (config.Chat.Concurrent, config.Video.Concurrent));
        Assert.Equal((15, 30), (config.Usage.Concurrent, config.Usage.BatchSize));
        Assert.Equal((5, 25), (config.Nsfw.Concurrent, config.Nsfw.BatchSize));
        Assert.Equal(2048, config.Cache.LimitMb);
        Assert.Null(result.Tree["performance"]);
        Assert.Equal(["image_generation_method"], result.Tree["grok"]!.AsObject().Select(p => p.Key));
        Assert.Contains(result.Notes, n => n.Kind == ConfigMigrationNoteKind.Dropped && n.OldKey == "grok.image_ws");
        Assert.Contains(result.Notes, n => n.Kind == ConfigMigrationNoteKind.Dropped && n.OldKey == "performance.assets_max_tokens");
        Assert.Contains(result.Notes, n => n.Kind == ConfigMigrationNoteKind.Kept && n.OldKey == "grok.image_generation_method");
    }

    [Fact]
    public void Migrate_IntermediateLayoutFixture_MapsEveryOldKey()
    {
        var original = TomlConfigReader.Parse(File.ReadAllText(ConfigTestFiles.Fixture("v1-sections.toml")), "v1-sections.toml");

        var result = ConfigMigration.Migrate(original);

        AssertEveryLegacyKeyHasOneNote(original, result);
        var config = Bind(result.Tree);
        Assert.Equal((90.0, 90.0, 90.0, 90.0), (config.Chat.Timeout, config.Image.Timeout, config.Video.Timeout, config.Voice.Timeout));
        Assert.Equal((75.0, 75.0, 95.0), (config.Chat.StreamTimeout, config.Image.StreamTimeout, config.Video.StreamTimeout));
        Assert.Equal("http://10.0.0.1:3128", config.Proxy.BaseProxyUrl);
        Assert.Equal("cf-from-security", config.Proxy.CfClearance);
        Assert.False(config.App.Stream);
        Assert.False(config.App.DisableMemory);
        Assert.Equal(["xaiartifact"], config.App.FilterTags);
        Assert.Equal(12.0, config.Image.FinalTimeout);
        Assert.Equal((35000, 110000), (config.Image.MediumMinBytes, config.Image.FinalMinBytes));
        Assert.Equal((33, 33), (config.Chat.Concurrent, config.Video.Concurrent));
        Assert.Equal(22, config.Usage.Concurrent);
        Assert.Equal([401, 429, 403, 502], config.Retry.RetryStatusCodes);
        Assert.Empty(ConfigBinder.Bind(result.Tree).Warnings);
        foreach (var legacy in new[] { "network", "security", "timeout", "performance" })
        {
            Assert.Null(result.Tree[legacy]);
        }
    }

    [Fact]
    public void Migrate_GrokTimeout_GoesToAllFourTimeouts()
    {
        var result = ConfigMigration.Migrate(Tree("[grok]\ntimeout = 120"));

        foreach (var section in new[] { "chat", "image", "video", "voice" })
        {
            Assert.Equal(120.0, ConfigTree.ReadScalar(result.Tree[section]!["timeout"]!.AsValue()));
        }

        Assert.Null(result.Tree["grok"]);
    }

    [Fact]
    public void Migrate_GrokStreamIdleTimeout_GoesToChatImageAndVideo()
    {
        var result = ConfigMigration.Migrate(Tree("[grok]\nstream_idle_timeout = 120.0"));

        Assert.Equal(
            [120.0, 120.0, 120.0],
            new[] { "chat", "image", "video" }.Select(s => ConfigTree.ReadScalar(result.Tree[s]!["stream_timeout"]!.AsValue())));
    }

    [Fact]
    public void Migrate_NewKeyAlreadySet_IsNotOverwritten()
    {
        var result = ConfigMigration.Migrate(Tree("[grok]\ntimeout = 120\nstream = true\n[chat]\ntimeout = 30.0\n[app]\nstream = false"));

        Assert.Equal(30.0, ConfigTree.ReadScalar(result.Tree["chat"]!["timeout"]!.AsValue()));
        Assert.Equal(120.0, ConfigTree.ReadScalar(result.Tree["voice"]!["timeout"]!.AsValue()));
        Assert.False(result.Tree["app"]!["stream"]!.GetValue<bool>());
        Assert.Contains(result.Notes, n => n.Kind == ConfigMigrationNoteKind.Superseded && n.OldKey == "grok.stream");
        Assert.Contains(result.Notes, n => n.OldKey == "grok.timeout" && n.Message.Contains("not copied to chat.timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Migrate_LegacyChatKeysAlone_AreMovedToApp()
    {
        var result = ConfigMigration.Migrate(Tree("[chat]\nstream = true\nthinking = false\nconcurrent = 5"));

        Assert.True(result.Changed);
        Assert.True(result.Tree["app"]!["stream"]!.GetValue<bool>());
        Assert.False(result.Tree["app"]!["thinking"]!.GetValue<bool>());
        Assert.Equal(["concurrent"], result.Tree["chat"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Migrate_BothGrokAndChatStream_RemovesBoth()
    {
        var result = ConfigMigration.Migrate(Tree("[grok]\nstream = false\n[chat]\nstream = true"));

        Assert.True(result.Tree["app"]!["stream"]!.GetValue<bool>());
        Assert.Null(result.Tree["grok"]);
        Assert.False(result.Tree["chat"]!.AsObject().ContainsKey("stream"));
    }

    [Fact]
    public void Migrate_LaterRenamedAppPassword_BecomesAppKey()
    {
        var result = ConfigMigration.Migrate(Tree("[app]\napp_password = \"pw-from-newer-version\""));

        Assert.Equal("pw-from-newer-version", result.Tree["app"]!["app_key"]!.GetValue<string>());
        Assert.False(result.Tree["app"]!.AsObject().ContainsKey("app_password"));
    }

    [Fact]
    public void Migrate_CurrentLayout_ChangesNothing()
    {
        var tree = ConfigDefaults.Tree();
        tree["register"] = new JsonObject { ["x"] = 1L };

        var result = ConfigMigration.Migrate(tree);

        Assert.False(result.Changed);
        Assert.Empty(result.Notes);
        Assert.True(ConfigTree.StrictEquals(tree, result.Tree));
    }

    [Fact]
    public void Migrate_LeftoverUnknownLegacyKeyOnly_IsNotAChange()
    {
        var result = ConfigMigration.Migrate(Tree("[grok]\nimage_generation_method = \"legacy\""));

        Assert.False(result.Changed);
        Assert.Empty(result.Notes);
    }

    private static JsonObject Tree(string toml) => TomlConfigReader.Parse(toml, "config.toml");

    private static GrokConfig Bind(JsonObject tree)
    {
        var bound = ConfigBinder.Bind(tree);
        Assert.Empty(bound.Errors);
        return bound.Config!;
    }

    private static void AssertEveryLegacyKeyHasOneNote(JsonObject original, ConfigMigrationResult result)
    {
        var legacyKeys = new List<string>();
        foreach (var (section, node) in original)
        {
            foreach (var (key, _) in node!.AsObject())
            {
                var path = $"{section}.{key}";
                if (LegacyConfigKeys.LegacySections.Contains(section)
                    || LegacyConfigKeys.Moves.Any(m => m.Old == path)
                    || LegacyConfigKeys.Dropped.Any(d => d.Old == path))
                {
                    legacyKeys.Add(path);
                }
            }
        }

        Assert.NotEmpty(legacyKeys);
        Assert.Equal(legacyKeys.Order(), result.Notes.Select(n => n.OldKey).Order());
    }
}

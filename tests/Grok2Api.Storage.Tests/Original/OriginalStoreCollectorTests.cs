using Grok2Api.Storage.Original;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Original;

/// <summary>How a record or config entry of the original's store becomes ours (the servers' side is in the integration tests).</summary>
public sealed class OriginalStoreCollectorTests
{
    private const long Now = 1_800_000_000_000;
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.collector-0123456789abcdef";

    [Fact]
    public void AHashOfStrings_IsReadLikeATokenJsonEntry()
    {
        var collector = new OriginalStoreCollector("here", Now);

        collector.AddToken(Describe, "ssoSuper", Token, OriginalStoreCollector.HashFields(Hash(
            ("status", "cooling"), ("quota", "12"), ("use_count", "128"), ("created_at", "1739600000000"), ("last_used_at", "1739700000000.0"),
            ("fail_count", "1"), ("last_fail_reason", "429"), ("tags", "[\"a\",\"β\"]"), ("note", "n"), ("future_field", "x"))), staleFailReason: true);

        var data = collector.Build();
        var (pool, record) = Assert.Single(data.Tokens);
        Assert.Equal("ssoSuper", pool);
        Assert.Equal(Token, record.Token);
        Assert.Equal(TokenStatus.Cooling, record.Status);
        Assert.Equal((12, 128, 1), (record.Quota, record.UseCount, record.FailCount));
        Assert.Equal((1739600000000L, 1739700000000L), (record.CreatedAt, record.LastUsedAt));
        Assert.Equal("429", record.LastFailReason);
        Assert.Equal(["a", "β"], record.Tags);
        Assert.Equal("n", record.Note);
        Assert.Equal("x", record.Extra!["future_field"].GetString());
        Assert.Empty(data.Problems);
        Assert.Equal(0, data.SkippedTokens);
    }

    [Fact]
    public void BadFields_GetTheirDefaults_WithAProblemNamingTheKeyNotTheToken()
    {
        var collector = new OriginalStoreCollector("here", Now);

        collector.AddToken(Describe, "ssoBasic", "sso=" + Token, OriginalStoreCollector.HashFields(Hash(
            ("quota", "lots"), ("use_count", "3"), ("tags", "nsfw,other"), ("status", "asleep"))), staleFailReason: true);

        var data = collector.Build();
        var record = Assert.Single(data.Tokens).Token;
        Assert.Equal(Token, record.Token);
        Assert.Equal(TokenDefaults.QuotaFor("ssoBasic"), record.Quota);
        Assert.Equal(3, record.UseCount);
        Assert.Empty(record.Tags);
        Assert.Equal(TokenStatus.Active, record.Status);
        Assert.Equal(Now, record.CreatedAt);
        Assert.Equal(3, data.Problems.Count);
        Assert.All(data.Problems, p => Assert.Equal($"key <{TokenIdentity.IdOf(Token)}>", p.Key));
        Assert.All(data.Problems, p => Assert.DoesNotContain(Token, p.Message, StringComparison.Ordinal));
        Assert.Contains(data.Problems, p => p.Message.Contains("quota", StringComparison.Ordinal));
    }

    [Fact]
    public void AFailureReasonWithAZeroCount_IsDroppedOnlyWhereTheStoreLeavesFieldsBehind()
    {
        var collector = new OriginalStoreCollector("here", Now);
        var fields = Hash(("fail_count", "0"), ("last_fail_at", "1739800000000"), ("last_fail_reason", "old"));

        collector.AddToken(Describe, "ssoBasic", Token, OriginalStoreCollector.HashFields(fields), staleFailReason: true);
        collector.AddToken(Describe, "ssoBasic", Token + "2", OriginalStoreCollector.HashFields(fields), staleFailReason: false);

        var tokens = collector.Build().Tokens;
        Assert.Null(tokens[0].Token.LastFailReason);
        Assert.Equal(1739800000000L, tokens[0].Token.LastFailAt);
        Assert.Equal("old", tokens[1].Token.LastFailReason);
    }

    [Fact]
    public void UnreadableBlankAndRepeatedRecords_AreSkipped_AndTheRestKept()
    {
        var collector = new OriginalStoreCollector("here", Now);

        collector.AddToken(Describe, "ssoBasic", Token, OriginalStoreCollector.DataFields("""{"token": "ignored", "quota": 9, "note": "first"}"""), staleFailReason: false);
        collector.AddToken(Describe, "ssoSuper", Token, OriginalStoreCollector.DataFields("""{"quota": 1}"""), staleFailReason: false);
        collector.AddToken(Describe, "ssoBasic", Token + "b", OriginalStoreCollector.DataFields("{\"quota\": 1"), staleFailReason: false);
        collector.AddToken(Describe, "ssoBasic", Token + "c", OriginalStoreCollector.DataFields("[1, 2]"), staleFailReason: false);
        collector.AddToken(Describe, "ssoBasic", "  ", OriginalStoreCollector.DataFields("{}"), staleFailReason: false);
        collector.AddToken(Describe, "ssoBasic", Token + "d", OriginalStoreCollector.DataFields(null), staleFailReason: false);

        var data = collector.Build();
        Assert.Equal([Token, Token + "d"], data.Tokens.Select(t => t.Token.Token));
        Assert.Equal((9, "first", "ssoBasic"), (data.Tokens[0].Token.Quota, data.Tokens[0].Token.Note, data.Tokens[0].Pool));
        Assert.Equal(TokenDefaults.QuotaFor("ssoBasic"), data.Tokens[1].Token.Quota);
        Assert.Equal(4, data.SkippedTokens);
        Assert.Equal(4, data.Problems.Count);
        Assert.All(data.Problems, p => Assert.DoesNotContain(Token, p.Key + p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigEntries_BecomeSections_AndEntriesThatAreNotJsonOrNamedBadlyAreLeftOut()
    {
        var collector = new OriginalStoreCollector("here", Now);

        collector.AddConfig("a", "chat", "concurrent", "20");
        collector.AddConfig("b", "app", "app_key", "\"k\"");
        collector.AddConfig("c", "app", "stream", "{not json");
        collector.AddConfig("d", "", "orphan", "1");
        collector.AddConfig("e", "app", "api_key", "null");
        collector.AddConfig("f", "model_alias", "claude-3.5", "\"grok-4\"");

        var data = collector.Build();
        Assert.Equal("""{"chat":{"concurrent":20},"app":{"app_key":"k"},"model_alias":{"claude-3.5":"grok-4"}}""", data.Config!.ToJsonString());
        Assert.Equal(["c", "d"], data.Problems.Select(p => p.Key));
        Assert.True(data.HasConfig);
        Assert.False(data.HasTokens);
    }

    private static string Describe(string id) => $"key <{id}>";

    private static List<KeyValuePair<string, string>> Hash(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))];
}

using System.Text.Json;
using Grok2Api.Proxy.Migrate;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.Tests.Hosting;

public sealed class TokenRecordComparisonTests
{
    private static readonly PooledToken Full = new(TokenPools.Basic, new StoredToken
    {
        Token = "tok", Status = TokenStatus.Active, Quota = 5, CreatedAt = 1, LastUsedAt = 2, UseCount = 3, FailCount = 4,
        LastFailAt = 5, LastFailReason = "r", LastSyncAt = 6, Tags = ["a", "b"], Note = "n", LastAssetClearAt = 7,
        Extra = new() { ["x"] = JsonDocument.Parse("{\"k\":[1,2]}").RootElement },
    });

    [Fact]
    public void EqualRecords_BuiltSeparately_HaveNoDifference()
    {
        var copy = Full with { Token = Full.Token with { Tags = ["a", "b"], Extra = new() { ["x"] = JsonDocument.Parse("{ \"k\" : [1, 2] }").RootElement } } };

        Assert.Null(TokenRecordComparison.FirstDifference(Full, copy));
    }

    [Fact]
    public void NullAndEmptyExtra_AreTheSame()
    {
        var a = new PooledToken(TokenPools.Basic, new StoredToken { Token = "t", Extra = null });
        var b = new PooledToken(TokenPools.Basic, new StoredToken { Token = "t", Extra = [] });

        Assert.Null(TokenRecordComparison.FirstDifference(a, b));
    }

    public static TheoryData<string> Fields => ["pool", "status", "quota", "created_at", "last_used_at", "use_count", "fail_count", "last_fail_at", "last_fail_reason", "last_sync_at", "tags", "note", "last_asset_clear_at", "x", "y"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void EachField_IsCompared(string field)
    {
        var t = Full.Token;
        var changed = field switch
        {
            "pool" => Full with { Pool = TokenPools.Super },
            "status" => Full with { Token = t with { Status = TokenStatus.Disabled } },
            "quota" => Full with { Token = t with { Quota = 6 } },
            "created_at" => Full with { Token = t with { CreatedAt = null } },
            "last_used_at" => Full with { Token = t with { LastUsedAt = 9 } },
            "use_count" => Full with { Token = t with { UseCount = 0 } },
            "fail_count" => Full with { Token = t with { FailCount = 0 } },
            "last_fail_at" => Full with { Token = t with { LastFailAt = null } },
            "last_fail_reason" => Full with { Token = t with { LastFailReason = null } },
            "last_sync_at" => Full with { Token = t with { LastSyncAt = 1 } },
            "tags" => Full with { Token = t with { Tags = ["b", "a"] } },
            "note" => Full with { Token = t with { Note = "" } },
            "last_asset_clear_at" => Full with { Token = t with { LastAssetClearAt = null } },
            "x" => Full with { Token = t with { Extra = new() { ["x"] = JsonDocument.Parse("{\"k\":[2,1]}").RootElement } } },
            _ => Full with { Token = t with { Extra = new(t.Extra!) { ["y"] = JsonDocument.Parse("null").RootElement } } },
        };

        Assert.Equal(field, TokenRecordComparison.FirstDifference(Full, changed));
    }
}

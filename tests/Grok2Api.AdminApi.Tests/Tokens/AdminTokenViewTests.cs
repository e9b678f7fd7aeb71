using Grok2Api.AdminApi.Tokens;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.AdminApi.Tests.Tokens;

public sealed class AdminTokenViewTests
{
    [Fact]
    public void From_NeverContainsTheToken()
    {
        var view = AdminTokenView.From(new PooledToken(TokenPools.Basic, new StoredToken { Token = "eyJhbGciOiJIUzI1NiJ9.secret-part.signature" }));

        Assert.DoesNotContain("secret-part", view.ToString(), StringComparison.Ordinal);
        Assert.Equal("eyJhbG…ture", view.TokenMasked);
        Assert.Equal(TokenIdentity.IdOf("eyJhbGciOiJIUzI1NiJ9.secret-part.signature"), view.Id);
    }

    [Fact]
    public void From_CopiesEveryShownField()
    {
        var record = new StoredToken
        {
            Token = "some-long-token-value",
            Status = TokenStatus.Cooling,
            Quota = 7,
            CreatedAt = 1,
            LastUsedAt = 2,
            UseCount = 3,
            FailCount = 4,
            LastFailAt = 5,
            LastFailReason = "rate_limited",
            LastSyncAt = 6,
            Tags = ["nsfw"],
            Note = "n",
            LastAssetClearAt = 8,
        };

        var view = AdminTokenView.From(new PooledToken(TokenPools.Super, record));

        Assert.Equal(
            new AdminTokenView(
                TokenIdentity.IdOf(record.Token), "some-l…alue", TokenPools.Super, "cooling", 7, 3, 4, view.Tags, "n", 1, 2, 6, 5, "rate_limited", 8),
            view);
        Assert.Equal(["nsfw"], view.Tags);
    }
}

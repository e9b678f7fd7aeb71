using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>
/// <see cref="TokenUpdate.ApplyTo"/>: the rule every store follows for a change that may meet a
/// record another instance changed meanwhile.
/// </summary>
public sealed class TokenUpdateTests
{
    private static readonly PooledToken Stored = new(TokenPools.Basic, new StoredToken
    {
        Token = "tok",
        Status = TokenStatus.Active,
        Quota = 50,
        UseCount = 30,
        Note = "theirs",
        Tags = ["a"],
        LastFailReason = "old",
        CreatedAt = 1,
    });

    [Fact]
    public void Deltas_MoveQuotaAndUseCount_FromWhatIsStored_NotFromTheSendersView()
    {
        var sender = new PooledToken(TokenPools.Basic, Stored.Token with { Quota = 5, UseCount = 999, Note = "mine" });
        var update = new TokenUpdate(sender, TokenFields.None, -3, 3);

        var result = update.ApplyTo(Stored).Token;

        Assert.Equal((47, 33), (result.Quota, result.UseCount));
        Assert.Equal("theirs", result.Note);
    }

    [Fact]
    public void Quota_NeverGoesBelowZero_AndANamedQuotaIsAValue()
    {
        var sender = new PooledToken(TokenPools.Basic, Stored.Token with { Quota = 80 });

        Assert.Equal(0, new TokenUpdate(sender, TokenFields.None, -80, 80).ApplyTo(Stored).Token.Quota);
        Assert.Equal(80, new TokenUpdate(sender, TokenFields.Quota, -80, 0).ApplyTo(Stored).Token.Quota);
    }

    [Fact]
    public void PoolRuleStatus_NeverRevivesADisabledToken_ButAnAdminStatusDoes()
    {
        var disabled = Stored with { Token = Stored.Token with { Status = TokenStatus.Disabled } };
        var cooling = new PooledToken(TokenPools.Basic, Stored.Token with { Status = TokenStatus.Cooling });
        var active = new PooledToken(TokenPools.Basic, Stored.Token with { Status = TokenStatus.Active });

        Assert.Equal(TokenStatus.Disabled, new TokenUpdate(cooling, TokenFields.Status, 0, 0).ApplyTo(disabled).Token.Status);
        Assert.Equal(TokenStatus.Active, new TokenUpdate(active, TokenFields.StatusByAdmin, 0, 0).ApplyTo(disabled).Token.Status);
        Assert.Equal(TokenStatus.Cooling, new TokenUpdate(cooling, TokenFields.Status, 0, 0).ApplyTo(Stored).Token.Status);
    }

    [Fact]
    public void NamedFields_AreWritten_IncludingNulls_OthersKept()
    {
        var sender = new PooledToken(TokenPools.Super, Stored.Token with { LastFailReason = null, Tags = ["b", "c"], Note = "mine" });

        var result = new TokenUpdate(sender, TokenFields.LastFailReason | TokenFields.Tags | TokenFields.Pool, 0, 0).ApplyTo(Stored);

        Assert.Equal(TokenPools.Super, result.Pool);
        Assert.Null(result.Token.LastFailReason);
        Assert.Equal(["b", "c"], result.Token.Tags);
        Assert.Equal("theirs", result.Token.Note);
    }

    [Fact]
    public void IsEmpty_OnlyWithoutFieldsAndDeltas()
    {
        Assert.True(new TokenUpdate(Stored, TokenFields.None, 0, 0).IsEmpty);
        Assert.False(new TokenUpdate(Stored, TokenFields.None, 0, 1).IsEmpty);
        Assert.False(new TokenUpdate(Stored, TokenFields.Note, 0, 0).IsEmpty);
    }
}

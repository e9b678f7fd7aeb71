using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class SecretKeysTests
{
    [Theory]
    [InlineData("sk-right", "sk-right", true)]
    [InlineData("sk-wrong", "sk-right", false)]
    [InlineData("sk-righ", "sk-right", false)]
    [InlineData("sk-right ", "sk-right", false)]
    [InlineData("", "sk-right", false)]
    [InlineData(null, "sk-right", false)]
    [InlineData("sk-right", "", false)]
    [InlineData("sk-right", null, false)]
    public void Matches_ComparesTheWholeKey(string? presented, string? expected, bool matches) =>
        Assert.Equal(matches, SecretKeys.Matches(presented, expected));

    [Fact]
    public void Matches_AfterTheConfiguredKeyChanges_UsesTheNewKey()
    {
        // The configured key's digest is kept between calls; a new key must replace it at once.
        Assert.True(SecretKeys.Matches("old-key", "old-key"));
        Assert.False(SecretKeys.Matches("old-key", "new-key"));
        Assert.True(SecretKeys.Matches("new-key", "new-key"));
        Assert.False(SecretKeys.Matches("new-key", "old-key"));
        Assert.True(SecretKeys.Matches("old-key", new string("old-key".AsSpan())));
    }

    [Fact]
    public void Matches_TwoKeysCheckedInTurnFromManyThreads_NeverConfusesThem()
    {
        // api_key and app_key are checked by different requests at once.
        var wrong = 0;
        Parallel.For(0, 20_000, i =>
        {
            var expected = i % 2 == 0 ? "api-key-value" : "app-key-value";
            var other = i % 2 == 0 ? "app-key-value" : "api-key-value";
            if (!SecretKeys.Matches(expected, expected) || SecretKeys.Matches(other, expected))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}

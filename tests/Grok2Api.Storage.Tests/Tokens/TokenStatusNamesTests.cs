using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

public sealed class TokenStatusNamesTests
{
    [Theory]
    [InlineData(TokenStatus.Active, "active")]
    [InlineData(TokenStatus.Cooling, "cooling")]
    [InlineData(TokenStatus.Expired, "expired")]
    [InlineData(TokenStatus.Disabled, "disabled")]
    public void Of_IsTheTokenJsonName(TokenStatus status, string name)
    {
        Assert.Equal(name, TokenStatusNames.Of(status));
    }

    [Fact]
    public void OfThenTryParse_RoundTripsEveryStatus()
    {
        foreach (var status in Enum.GetValues<TokenStatus>())
        {
            Assert.True(TokenStatusNames.TryParse(TokenStatusNames.Of(status), out var parsed));
            Assert.Equal(status, parsed);
        }
    }

    [Theory]
    [InlineData("active", TokenStatus.Active)]
    [InlineData("ACTIVE", TokenStatus.Active)]
    [InlineData(" Disabled ", TokenStatus.Disabled)]
    [InlineData("Cooling", TokenStatus.Cooling)]
    [InlineData("expired\t", TokenStatus.Expired)]
    public void TryParse_IgnoresCaseAndSurroundingSpace(string text, TokenStatus expected)
    {
        Assert.True(TokenStatusNames.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("banned")]
    [InlineData("0")]
    [InlineData("Active1")]
    [InlineData("act ive")]
    public void TryParse_UnknownText_IsFalse(string? text)
    {
        Assert.False(TokenStatusNames.TryParse(text, out _));
    }
}

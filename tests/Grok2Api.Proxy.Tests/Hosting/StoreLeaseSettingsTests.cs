using Grok2Api.Proxy.Hosting;
using Grok2Api.Storage.Coordination;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Hosting;

public sealed class StoreLeaseSettingsTests
{
    [Fact]
    public void Unset_IsSixtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), StoreLeaseSettings.Read(Config(null)).Ttl);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData(" 15 ", 15)]
    [InlineData("86400", 86400)]
    public void AWholeNumberOfSeconds_IsTheLeaseTime(string value, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), StoreLeaseSettings.Read(Config(value)).Ttl);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("sixty")]
    [InlineData("86401")]
    public void OtherValues_StopTheStart_NamingTheVariable(string value)
    {
        var error = Assert.Throws<StartupException>(() => StoreLeaseSettings.Read(Config(value)));

        Assert.Contains("Storage__LeaseSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_TheOptionsMonitorAndOptionsAgree()
    {
        var services = new ServiceCollection().AddStoreLeaseOptions(new StoreLeaseOptions { Ttl = TimeSpan.FromSeconds(12) });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(12), provider.GetRequiredService<IOptions<StoreLeaseOptions>>().Value.Ttl);
        Assert.Equal(TimeSpan.FromSeconds(4), provider.GetRequiredService<IOptionsMonitor<StoreLeaseOptions>>().CurrentValue.RenewEvery);
    }

    private static IConfiguration Config(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : [new("Storage:LeaseSeconds", value)]).Build();
}

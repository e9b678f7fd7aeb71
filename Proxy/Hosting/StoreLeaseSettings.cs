using System.Globalization;
using Grok2Api.Storage.Coordination;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// <see cref="StoreLeaseOptions"/> from the host configuration key <c>Storage:LeaseSeconds</c>
/// (environment <c>Storage__LeaseSeconds</c>, or <c>--Storage:LeaseSeconds=</c>): a whole number of
/// seconds, at least <see cref="MinimumSeconds"/>; 60 when unset.
/// </summary>
internal static class StoreLeaseSettings
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Storage:LeaseSeconds";

    /// <summary>The shortest lease accepted.</summary>
    public const int MinimumSeconds = 3;

    /// <summary>The longest lease accepted (one day).</summary>
    public const int MaximumSeconds = 86_400;

    /// <summary>Reads the lease options.</summary>
    /// <exception cref="StartupException">The value is not a whole number from 3 to 86400.</exception>
    public static StoreLeaseOptions Read(IConfiguration configuration)
    {
        var raw = configuration[Key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new StoreLeaseOptions();
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds is < MinimumSeconds or > MaximumSeconds)
        {
            throw new StartupException($"Storage__LeaseSeconds '{raw}' must be a whole number of seconds from {MinimumSeconds} to {MaximumSeconds}.");
        }

        return new StoreLeaseOptions { Ttl = TimeSpan.FromSeconds(seconds) };
    }

    /// <summary>
    /// Registers <paramref name="options"/> as the value of <c>IOptions&lt;StoreLeaseOptions&gt;</c> (and
    /// of the options monitor and snapshot): the record is immutable, so it is created by a factory rather
    /// than configured in place.
    /// </summary>
    public static IServiceCollection AddStoreLeaseOptions(this IServiceCollection services, StoreLeaseOptions options)
    {
        services.AddOptions();
        services.AddSingleton<IOptionsFactory<StoreLeaseOptions>>(new FixedFactory(options));
        return services;
    }

    private sealed class FixedFactory(StoreLeaseOptions options) : IOptionsFactory<StoreLeaseOptions>
    {
        public StoreLeaseOptions Create(string name) => options;
    }
}

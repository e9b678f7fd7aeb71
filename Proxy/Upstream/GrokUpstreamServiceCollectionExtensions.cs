using Grok2Api.TokenPool.Accounts;
using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Grok web upstream client.</summary>
public static class GrokUpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Adds the upstream client: egress handlers per proxy, the retry policy, the REST client and the
    /// rate-limits <see cref="ITokenQuotaClient"/> and the account calls of the batch tasks (<see cref="IGrokAccountClient"/>). Needs the section options of the config layer
    /// (<c>[retry]</c>, <c>[upstream]</c>, <c>[proxy]</c>, <c>[usage]</c>). Uses TryAdd, so earlier
    /// registrations (tests, fakes) win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddGrokUpstream(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IUpstreamRandom, SharedUpstreamRandom>();
        services.TryAddSingleton<UpstreamRetryPolicy>();
        services.TryAddSingleton<UpstreamMetrics>();
        services.TryAddSingleton<EgressInvokerFactory>();
        services.TryAddSingleton<GrokCallPreparer>();
        services.TryAddSingleton<IGrokRestClient, GrokRestClient>();
        services.TryAddSingleton<ITokenQuotaClient, GrokQuotaClient>();
        services.TryAddSingleton<IGrokAccountClient, GrokAccountClient>();
        return services;
    }
}

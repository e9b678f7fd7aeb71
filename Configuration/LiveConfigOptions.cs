using Microsoft.Extensions.Options;

namespace Grok2Api.Configuration;

/// <summary>
/// <see cref="IOptions{TOptions}"/> over the live config, so a consumer that asks for
/// <c>IOptions&lt;GrokConfig&gt;</c> gets the real config (the current one at each read) rather
/// than an unbound default instance.
/// </summary>
internal sealed class LiveConfigOptions(LiveConfig config) : IOptions<GrokConfig>
{
    public GrokConfig Value => config.CurrentValue;
}

namespace Grok2Api.Proxy.Upstream;

/// <summary>Event ids of the upstream client (3100–3199); fold into the assembly's EventIds registry when it exists.</summary>
internal static class UpstreamEventIds
{
    public const int InvalidProxyUrl = 3100;
    public const int HandlerCreated = 3101;
    public const int HandlerRetired = 3102;
    public const int AttemptFailed = 3110;
    public const int Retrying = 3111;
    public const int ResponseSnippet = 3112;
    public const int RequestNotBuilt = 3113;
    public const int AttemptException = 3114;
    public const int QuotaFetched = 3120;
    public const int QuotaFailed = 3121;
}

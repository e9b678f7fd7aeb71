using StackExchange.Redis;

namespace Grok2Api.Storage.Redis;

/// <summary>The key layout (every key under <c>g2a:</c>, apart from the original's <c>grok2api:*</c>).</summary>
internal static class RedisKeys
{
    public static readonly RedisKey TokenIds = "g2a:tokens";
    public static readonly RedisKey Config = "g2a:config";
    public static readonly RedisKey Tasks = "g2a:tasks";
    public static readonly RedisKey Videos = "g2a:videos";
    public static readonly RedisKey Responses = "g2a:responses";
    public static readonly RedisKey Meta = "g2a:meta";
    public static readonly RedisKey SchemaLock = "g2a:lock:schema";
    public static readonly RedisChannel Notices = RedisChannel.Literal("g2a:notices");

    public static RedisKey Token(string id) => $"g2a:token:{id}";

    public static RedisKey Task(string id) => $"g2a:task:{id}";

    public static RedisKey Video(string id) => $"g2a:video:{id}";

    public static RedisKey Response(string id) => $"g2a:response:{id}";

    public static RedisKey Lease(string name) => $"g2a:lease:{name}";
}

using Grok2Api.Proxy.Video;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers video generation: through chat and the Videos API (<c>/v1/videos</c>).</summary>
internal static class VideoServiceCollectionExtensions
{
    /// <summary>Adds the video exchange factory, the chat video handler, the job table, a fallback record store (in memory), the job runner and its sweeper. Needs <c>AddGrokChat</c>, <c>AddGrokAttachments</c> and the media cache.</summary>
    public static IServiceCollection AddGrokVideo(this IServiceCollection services)
    {
        services.AddGrokMedia();
        services.TryAddSingleton<GrokVideos>();
        services.TryAddSingleton<VideoChatHandler>();
        services.TryAddSingleton<VideoJobTable>();

        // The host registers the store of its storage backend; alone, the jobs stay in this instance's memory.
        services.TryAddSingleton<Grok2Api.Storage.Videos.IVideoJobRecordStore, InMemoryVideoJobRecordStore>();
        services.TryAddSingleton<VideoJobs>();
        services.AddHostedService<VideoJobSweeper>();
        return services;
    }
}

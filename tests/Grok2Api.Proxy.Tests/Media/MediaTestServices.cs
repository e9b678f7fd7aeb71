using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Storage;
using Grok2Api.Configuration;
using Grok2Api.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Media;

/// <summary>Attachments and the media cache wired as the host wires them, over a scratch DATA_DIR and a swappable config.</summary>
internal sealed class MediaTestServices : IAsyncDisposable
{
    public const string Token = UpstreamTestContext.Token;

    private readonly TempDirectory _dataDir = new();

    private MediaTestServices(GrokConfig config)
    {
        Config = new TestOptionsMonitor<GrokConfig>(config);
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<IOptionsMonitor<GrokConfig>>(Config);
        services.AddGrokConfigSections();
        services.AddSingleton(new StorageSettings(_dataDir.Path, StorageKind.Local, ""));
        services.AddGrokAttachments();
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    /// <summary>The whole config: the upstream client reads it, the section options project from it.</summary>
    public TestOptionsMonitor<GrokConfig> Config { get; }

    public string DataDirectory => _dataDir.Path;

    public string ImageDirectory => Path.Combine(_dataDir.Path, "tmp", "image");

    public string VideoDirectory => Path.Combine(_dataDir.Path, "tmp", "video");

    public IMediaCache Cache => Services.GetRequiredService<IMediaCache>();

    public IAttachmentLoader Loader => Services.GetRequiredService<IAttachmentLoader>();

    public IGrokFileUploader Uploader => Services.GetRequiredService<IGrokFileUploader>();

    internal GrokMediaPosts MediaPosts => Services.GetRequiredService<GrokMediaPosts>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Upstream URLs on <paramref name="upstream"/> (the simulator), no retry backoff, app_url on a name that never resolves.</summary>
    public static GrokConfig ConfigFor(Uri upstream, Func<GrokConfig, GrokConfig>? change = null)
    {
        var config = UpstreamTestContext.ConfigFor(upstream) with { App = new AppSection { AppUrl = "https://gateway.example.test" } };
        return change is null ? config : change(config);
    }

    public static MediaTestServices Create(GrokConfig config) => new(config);

    /// <summary>A request as the client's would arrive, for links built from the request's own host.</summary>
    public static HttpRequest Request(string scheme = "http", string host = "client-facing.test:8080", string pathBase = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        context.Request.PathBase = pathBase;
        return context.Request;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _dataDir.Dispose();
    }
}

using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Grok2Api.Configuration;
using Grok2Api.Proxy.Media;
using Grok2Api.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.Benchmarks.Media;

/// <summary>
/// A cached file read back through <c>GET /v1/files/video/{name}</c> on real Kestrel over loopback,
/// the way a video player seeks: the endpoint as the service maps it (<c>AddGrokMedia</c>,
/// <c>MapMediaFiles</c>) over a 4 MiB MP4 in a scratch DATA_DIR/tmp/video, one keep-alive HTTP/1.1
/// connection, the body read to the end into a reused buffer. Each row is one whole request and
/// answer, client included; allocations are those of both sides (same process).
/// </summary>
[MemoryDiagnoser]
public class CachedRangeReadBenchmarks : IDisposable
{
    private const string Name = "users-u1-generated-v1-generated_video.mp4";
    private const int FileBytes = 4 * 1024 * 1024;

    private readonly byte[] _buffer = new byte[FileBytes];
    private string _dataDirectory = "";
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private EntityTagHeaderValue _etag = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "grok2api-bench-" + Guid.NewGuid().ToString("N"));
        var video = Path.Combine(_dataDirectory, "tmp", "video");
        Directory.CreateDirectory(video);
        var content = new byte[FileBytes];
        new Random(42).NextBytes(content);
        "\0\0\0\u0018ftypmp42"u8.CopyTo(content);
        File.WriteAllBytes(Path.Combine(video, Name), content);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IOptionsMonitor<GrokConfig>>(new FixedMonitor(new GrokConfig()));
        builder.Services.AddGrokConfigSections();
        builder.Services.AddSingleton(new StorageSettings(_dataDirectory, StorageKind.Local, ""));
        builder.Services.AddGrokMedia();
        _app = builder.Build();
        _app.MapMediaFiles();
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false })
        {
            BaseAddress = new Uri(address),
        };

        using var head = new HttpRequestMessage(HttpMethod.Head, "/v1/files/video/" + Name);
        using var response = _client.Send(head);
        if (response.StatusCode != HttpStatusCode.OK || response.Headers.ETag is null)
        {
            throw new InvalidOperationException($"the file is not served: {(int)response.StatusCode}");
        }

        _etag = response.Headers.ETag;
    }

    /// <summary>The first KiB, as a player probes a file (<c>bytes=0-1023</c>).</summary>
    [Benchmark(Baseline = true)]
    public Task<int> RangeFirstKiB() => ReadAsync(new RangeHeaderValue(0, 1023), HttpStatusCode.PartialContent);

    /// <summary>64 KiB from the middle, as a player seeks (<c>bytes=2097152-2162687</c>).</summary>
    [Benchmark]
    public Task<int> RangeMiddle64KiB() => ReadAsync(new RangeHeaderValue(2_097_152, 2_162_687), HttpStatusCode.PartialContent);

    /// <summary>The last 64 KiB (<c>bytes=-65536</c>), where an MP4 may keep its index.</summary>
    [Benchmark]
    public Task<int> SuffixRange64KiB() => ReadAsync(new RangeHeaderValue(null, 65_536), HttpStatusCode.PartialContent);

    /// <summary>The whole 4 MiB, for comparison.</summary>
    [Benchmark]
    public Task<int> WholeFile4MiB() => ReadAsync(null, HttpStatusCode.OK);

    /// <summary>A revalidation with the ETag: 304, no body.</summary>
    [Benchmark]
    public async Task<int> NotModified()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/files/video/" + Name);
        request.Headers.IfNoneMatch.Add(_etag);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode == HttpStatusCode.NotModified ? 0 : throw new InvalidOperationException($"got {(int)response.StatusCode}");
    }

    private async Task<int> ReadAsync(RangeHeaderValue? range, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/files/video/" + Name);
        request.Headers.Range = range;
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"got {(int)response.StatusCode}");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(_buffer.AsMemory(total))) > 0)
        {
            total += read;
        }

        return total;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            _app.StopAsync().GetAwaiter().GetResult();
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A config that never changes.</summary>
    private sealed class FixedMonitor(GrokConfig value) : IOptionsMonitor<GrokConfig>
    {
        public GrokConfig CurrentValue => value;

        public GrokConfig Get(string? name) => value;

        public IDisposable? OnChange(Action<GrokConfig, string?> listener) => null;
    }
}

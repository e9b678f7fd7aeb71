using Grok2Api.Simulator.Accounts;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.FeatureControls;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.Hosting;
using Grok2Api.Simulator.ImageEdit;
using Grok2Api.Simulator.Imagine;
using Grok2Api.Simulator.Media;
using Grok2Api.Simulator.OnlineAssets;
using Grok2Api.Simulator.Recording;
using Grok2Api.Simulator.Upload;
using Grok2Api.Simulator.Video;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grok2Api.Simulator;

/// <summary>
/// A simulated grok.com (and assets.grok.com, accounts.x.ai: one URL serves every upstream host).
/// Start one per test with <see cref="StartAsync(SimulatorOptions?, CancellationToken)"/>; it listens on
/// 127.0.0.1 with a free port given by <see cref="BaseUrl"/>. All members are thread-safe.
/// </summary>
public sealed class GrokSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorState _state;
    private bool _started;
    private bool _disposed;

    private GrokSimulator(WebApplication app, SimulatorState state)
    {
        _app = app;
        _state = state;
    }

    /// <summary>The root URL without a trailing slash, e.g. <c>http://127.0.0.1:43123</c>. Set once started.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary><see cref="BaseUrl"/> as a Uri.</summary>
    public Uri BaseUri => new(BaseUrl);

    /// <summary>The options in use.</summary>
    public SimulatorOptions Options => _state.Options;

    /// <summary>Per-token quota state.</summary>
    public AccountRegistry Accounts => _state.Accounts;

    /// <summary>Injected failures.</summary>
    public FaultRegistry Faults => _state.Faults;

    /// <summary>Scripted chat answers.</summary>
    public ChatScriptQueue Chat => _state.Chat;

    /// <summary>Files received by upload-file, decoded.</summary>
    public UploadRegistry Uploads => _state.Uploads;

    /// <summary>What the assets host serves: generated defaults, uploads, per-path overrides and redirects.</summary>
    public AssetStore Assets => _state.Assets;

    /// <summary>Posts made by media/post/create.</summary>
    public MediaPostRegistry MediaPosts => _state.MediaPosts;

    /// <summary>Image-edit requests received through conversations/new, and queued outcomes for the next ones.</summary>
    public ImageEditRegistry ImageEdits => _state.ImageEdits;

    /// <summary>Video requests received through conversations/new, and queued outcomes for the next ones.</summary>
    public VideoRegistry Videos => _state.Videos;

    /// <summary>Calls of media/video/upscale, and queued outcomes for the next ones.</summary>
    public UpscaleRegistry Upscales => _state.Upscales;

    /// <summary>Imagine WebSocket sessions, queued outcomes for the next ones, and how many images a session makes.</summary>
    public ImagineRegistry Imagine => _state.Imagine;

    /// <summary>Each account's online files (<c>GET /rest/assets</c>, <c>DELETE /rest/assets-metadata/{id}</c>): seed, list, deletions, peak calls in flight.</summary>
    public OnlineAssetRegistry OnlineAssets => _state.OnlineAssets;

    /// <summary>UpdateUserFeatureControls calls (bodies), accounts with NSFW content on, refusals, peak calls in flight.</summary>
    public FeatureControlRegistry FeatureControls => _state.FeatureControls;

    /// <summary>A snapshot of every recorded request, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Recorder.Snapshot();

    /// <summary>Started in-process on 127.0.0.1 with a free port.</summary>
    public static async Task<GrokSimulator> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (app, state) = SimulatorApp.Build([], options ?? new SimulatorOptions(), loopbackEphemeralPort: true);
        var simulator = new GrokSimulator(app, state);
        try
        {
            await simulator.StartServerAsync(cancellationToken);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The standalone host (not started): listens on <c>--urls</c>, default <c>http://127.0.0.1:5380</c>;
    /// options bind from <c>--Simulator:…</c> when <paramref name="options"/> is null.
    /// </summary>
    public static GrokSimulator Create(string[] args, SimulatorOptions? options = null)
    {
        var (app, state) = SimulatorApp.Build(args, options, loopbackEphemeralPort: false);
        return new GrokSimulator(app, state);
    }

    /// <summary>Starts listening and sets <see cref="BaseUrl"/>.</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken);
        _started = true;
        var addresses = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C in standalone mode) or the token is cancelled.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Waits until a recorded request matches (including state changes such as completion or abort).</summary>
    /// <exception cref="TimeoutException">No match within <paramref name="timeout"/> (wall-clock).</exception>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _state.Recorder.WaitForAsync(predicate, timeout, cancellationToken);
    }

    /// <summary>Forgets recorded requests.</summary>
    public void ClearRequests() => _state.Recorder.Clear();

    /// <summary>How many requests <paramref name="token"/> made, optionally only to one path (see <see cref="UpstreamPaths"/>).</summary>
    public int RequestCount(string token, string? path = null) =>
        Requests.Count(r => r.Token == token && (path is null || string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Request counts per token (requests without a valid cookie are not counted).</summary>
    public IReadOnlyDictionary<string, int> RequestCountsByToken(string? path = null) =>
        Requests.Where(r => r.Token is not null && (path is null || string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase)))
            .GroupBy(r => r.Token!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Forgets requests, faults, scripts, accounts (configured tokens come back with full quota), uploads, asset overrides,
    /// media posts, image edits, videos and upscales (with their queued outcomes), online assets and feature controls.
    /// </summary>
    public void Reset() => _state.Reset();

    /// <summary>The <c>urls</c> setting the standalone host listens on (unused in-process).</summary>
    internal string? ConfiguredUrls => _app.Configuration[WebHostDefaults.ServerUrlsKey];

    /// <summary>Stops the host (stalled streams end) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_started)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutdown timed out; disposal below still releases the sockets.
            }
        }

        await _app.DisposeAsync();
    }
}

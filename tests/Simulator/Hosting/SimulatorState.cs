using Grok2Api.Simulator.Accounts;
using Grok2Api.Simulator.Assets;
using Grok2Api.Simulator.Chat;
using Grok2Api.Simulator.FeatureControls;
using Grok2Api.Simulator.Faults;
using Grok2Api.Simulator.ImageEdit;
using Grok2Api.Simulator.Imagine;
using Grok2Api.Simulator.Media;
using Grok2Api.Simulator.OnlineAssets;
using Grok2Api.Simulator.Recording;
using Grok2Api.Simulator.Upload;
using Grok2Api.Simulator.Video;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Simulator.Hosting;

/// <summary>Everything one simulator instance knows; shared by the facade and the endpoints.</summary>
internal sealed class SimulatorState
{
    public SimulatorState(SimulatorOptions options)
    {
        Options = options;
        Accounts = new AccountRegistry(options);
        Recorder = new RequestRecorder(options.TimeProvider);
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Time => Options.TimeProvider;

    public AccountRegistry Accounts { get; }

    public FaultRegistry Faults { get; } = new();

    public ChatScriptQueue Chat { get; } = new();

    public RequestRecorder Recorder { get; }

    public UploadRegistry Uploads { get; } = new();

    public AssetStore Assets { get; } = new();

    public IdGenerator Ids { get; } = new();

    public MediaPostRegistry MediaPosts { get; } = new();

    public ImageEditRegistry ImageEdits { get; } = new();

    public VideoRegistry Videos { get; } = new();

    public UpscaleRegistry Upscales { get; } = new();

    public ImagineRegistry Imagine { get; } = new();

    public OnlineAssetRegistry OnlineAssets { get; } = new();

    public FeatureControlRegistry FeatureControls { get; } = new();

    /// <summary>Cancelled when the host stops, so stalled responses end.</summary>
    public CancellationToken Stopping { get; set; }

    /// <summary>A token cancelled when the client goes away or the simulator stops.</summary>
    public CancellationTokenSource LinkRequest(HttpContext context) =>
        CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Stopping);

    /// <summary>Forgets requests, faults, scripts, accounts, uploads, asset overrides, media posts, image edits, videos, upscales, Imagine sessions, online assets and feature controls.</summary>
    public void Reset()
    {
        Recorder.Clear();
        Faults.Clear();
        Chat.Clear();
        Accounts.Reset();
        Uploads.Clear();
        Assets.Clear();
        MediaPosts.Clear();
        ImageEdits.Clear();
        Videos.Clear();
        Upscales.Clear();
        Imagine.Reset();
        OnlineAssets.Clear();
        FeatureControls.Clear();
    }
}

namespace Grok2Api.Simulator.Video;

/// <summary>How the simulator answers one upscale call.</summary>
public enum UpscaleOutcome
{
    /// <summary>200 <c>{"hdMediaUrl":"users/&lt;uid&gt;/generated/&lt;videoId&gt;/generated_video_hd.mp4"}</c> (the default).</summary>
    Succeeds,

    /// <summary>200 with the HD file's absolute URL on this host (<c>http://127.0.0.1:…/users/…</c>).</summary>
    AbsoluteUrl,

    /// <summary>200 <c>{}</c>: no <c>hdMediaUrl</c>.</summary>
    NoHdMediaUrl,

    /// <summary>500 with a JSON error body.</summary>
    ServerError,
}

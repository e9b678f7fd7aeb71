namespace Grok2Api.Simulator.Video;

/// <summary>How the simulator answers one video request.</summary>
public enum VideoOutcome
{
    /// <summary>Rising progress, then at 100 <c>videoUrl</c>, <c>thumbnailImageUrl</c>, <c>videoId</c>, <c>videoPostId</c>, <c>resolutionName</c> (the default).</summary>
    Completed,

    /// <summary>Some progress, then progress 100 with <c>moderated: true</c> and no URL.</summary>
    Moderated,

    /// <summary>Some progress, then nothing until the client gives up (or the simulator stops).</summary>
    Stall,

    /// <summary>As <see cref="Completed"/>, but the final URL only in <c>modelResponse.fileAttachments</c> (later versions).</summary>
    UrlInFileAttachments,
}

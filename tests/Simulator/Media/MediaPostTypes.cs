namespace Grok2Api.Simulator.Media;

/// <summary>The <c>mediaType</c> values of <c>media/post/create</c> (docs/grok-protocol.md §12.1).</summary>
public static class MediaPostTypes
{
    /// <summary>Text-to-video: the body carries a <c>prompt</c>.</summary>
    public const string Video = "MEDIA_POST_TYPE_VIDEO";

    /// <summary>Image-to-video and image edit: the body carries a <c>mediaUrl</c> on the assets host.</summary>
    public const string Image = "MEDIA_POST_TYPE_IMAGE";
}

namespace Grok2Api.Proxy.Images;

/// <summary>What a generation shows of images that are not finished yet.</summary>
internal enum ImagineProgress
{
    /// <summary>Nothing (whole answers).</summary>
    None,

    /// <summary>The partial images themselves (the images API stream: <c>image_generation.partial_image</c>).</summary>
    Images,

    /// <summary>A progress note per stage, without the image (chat streams with visible reasoning).</summary>
    Notes,
}

namespace Grok2Api.Simulator.ImageEdit;

/// <summary>How the simulator answers one image-edit request.</summary>
public enum ImageEditOutcome
{
    /// <summary>Progress for two images, then a <c>modelResponse</c> listing both (the default).</summary>
    TwoImages,

    /// <summary>Progress for one image, then a <c>modelResponse</c> listing it.</summary>
    OneImage,

    /// <summary>Progress, then <c>moderated: true</c> without a URL, and a <c>modelResponse</c> with no images.</summary>
    Moderated,
}

namespace Grok2Api.Transforms.Grok.Imagine;

/// <summary>
/// How an image's stage is told from its message (docs/grok-protocol.md §14.4): <em>final</em> when
/// the URL ends in <c>.jpg</c>/<c>.jpeg</c> or the blob is longer than <see cref="FinalMinBytes"/>;
/// <em>medium</em> when longer than <see cref="MediumMinBytes"/>; otherwise <em>preview</em>.
/// </summary>
/// <param name="MediumMinBytes"><c>image.medium_min_bytes</c> (30000).</param>
/// <param name="FinalMinBytes"><c>image.final_min_bytes</c> (100000).</param>
public readonly record struct ImagineStageThresholds(int MediumMinBytes, int FinalMinBytes)
{
    /// <summary>The defaults of the original: 30000 and 100000.</summary>
    public static ImagineStageThresholds Default { get; } = new(30000, 100000);

    /// <summary>The stage of an image message.</summary>
    /// <param name="jpegUrl">Whether the URL ends in <c>.jpg</c> or <c>.jpeg</c>.</param>
    /// <param name="blobLength">The length of the base64 text (without a <c>data:</c> prefix).</param>
    public GeneratedImageStage Classify(bool jpegUrl, int blobLength) =>
        jpegUrl || blobLength > FinalMinBytes ? GeneratedImageStage.Final
        : blobLength > MediumMinBytes ? GeneratedImageStage.Medium
        : GeneratedImageStage.Preview;
}

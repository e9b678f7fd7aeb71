namespace Grok2Api.Transforms.Conversations;

/// <summary>How far a generated image is: the upstream sends the same image several times at rising quality.</summary>
public enum GeneratedImageStage
{
    /// <summary>A small early rendering.</summary>
    Preview,

    /// <summary>A medium-quality rendering; a prompt the upstream blocks stops here.</summary>
    Medium,

    /// <summary>The finished image.</summary>
    Final,
}

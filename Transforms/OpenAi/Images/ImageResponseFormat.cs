namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>How generated images go to the client.</summary>
public enum ImageResponseFormat
{
    /// <summary>A link to the media cache (<c>response_format</c> <c>url</c>).</summary>
    Url,

    /// <summary>The image inline as base64 (<c>response_format</c> <c>b64_json</c> or <c>base64</c>; always written as <c>b64_json</c>).</summary>
    Base64,
}

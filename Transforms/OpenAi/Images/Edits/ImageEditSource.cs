namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>A source image of an edit, its type checked.</summary>
/// <param name="Content">The image bytes.</param>
/// <param name="MediaType"><c>image/png</c>, <c>image/jpeg</c> or <c>image/webp</c>, from the bytes.</param>
/// <param name="FileName">The name it is uploaded under, e.g. <c>image.png</c>.</param>
public sealed record ImageEditSource(ReadOnlyMemory<byte> Content, string MediaType, string FileName);

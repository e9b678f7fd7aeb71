namespace Grok2Api.Transforms.OpenAi.Images.Edits;

/// <summary>One file part of an edit's form, as it arrived.</summary>
/// <param name="Field">The form field name (<c>image</c> or <c>image[]</c>).</param>
/// <param name="Content">The file's bytes.</param>
public sealed record ImageEditUpload(string Field, ReadOnlyMemory<byte> Content);

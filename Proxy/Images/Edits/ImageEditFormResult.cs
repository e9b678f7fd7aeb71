namespace Grok2Api.Proxy.Images.Edits;

/// <summary>The form of an edit request, or the error to answer with.</summary>
/// <param name="Form">The form, when it could be read (the caller disposes it).</param>
/// <param name="Status">The status of <paramref name="Error"/>.</param>
/// <param name="Error">What was wrong, otherwise.</param>
internal sealed record ImageEditFormResult(ImageEditForm? Form, int Status, OpenAiError? Error)
{
    public static ImageEditFormResult Failed(int status, OpenAiError error) => new(null, status, error);
}

using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>A media linker that links every path under a fixed gateway URL, and fails (null) for paths containing "missing".</summary>
internal sealed class ChatTranslatorTestLinker : IMediaLinker
{
    public const string Base = "https://gateway.test/v1/files/image/";

    public List<string> Requests { get; } = [];

    public bool CompleteAsynchronously { get; init; } = true;

    public async ValueTask<string?> LinkImageAsync(string assetPath, CancellationToken cancellationToken)
    {
        Requests.Add(assetPath);
        if (CompleteAsynchronously)
        {
            await Task.Yield();
        }

        return assetPath.Contains("missing", StringComparison.Ordinal) ? null : Base + assetPath.TrimStart('/');
    }
}

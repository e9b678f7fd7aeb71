namespace Grok2Api.Transforms.OpenAi.Videos;

/// <summary>The <c>status</c> of an OpenAI video object.</summary>
public enum VideoJobStatus
{
    /// <summary><c>queued</c>: waiting for a slot (<c>video.concurrent</c>).</summary>
    Queued,

    /// <summary><c>in_progress</c>: an account is generating it.</summary>
    InProgress,

    /// <summary><c>completed</c>: the content can be downloaded.</summary>
    Completed,

    /// <summary><c>failed</c>: <c>error</c> says why.</summary>
    Failed,
}

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>What happens to the model's thinking text.</summary>
public enum ReasoningMode
{
    /// <summary>Dropped (<c>reasoning_effort: "none"</c>, or <c>app.thinking = false</c> when the request does not say).</summary>
    Hidden,

    /// <summary>In <c>reasoning_content</c> of the deltas and of the message (<c>app.reasoning_format = "reasoning_content"</c>, the default).</summary>
    ReasoningContent,

    /// <summary>Inside <c>&lt;think&gt;...&lt;/think&gt;</c> in <c>content</c>, as the original did (<c>app.reasoning_format = "think_tags"</c>).</summary>
    ThinkTags,
}

namespace Grok2Api.Transforms.Conversations;

/// <summary>Whether and which tool the model must call.</summary>
public enum ToolChoiceMode
{
    /// <summary>The model calls a tool when it helps (the default when tools are offered).</summary>
    Auto,

    /// <summary>No tool may be called: the tools are not described to the model at all.</summary>
    None,

    /// <summary>The model must call at least one tool.</summary>
    Required,

    /// <summary>The model must call the one named tool.</summary>
    Function,
}

namespace Grok2Api.Transforms.Conversations;

/// <summary>
/// The tools of a request and how they may be used: what a client protocol's reader produces from
/// <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c> (or their Anthropic forms).
/// </summary>
/// <param name="Tools">The functions offered; never empty.</param>
/// <param name="Choice">Whether and which tool must be called.</param>
/// <param name="Required">For <see cref="ToolChoiceMode.Function"/>: the name of the tool to call; otherwise null.</param>
/// <param name="Parallel">Whether several calls may come in one answer (when false, only the first call counts).</param>
public sealed record ToolSet(IReadOnlyList<ToolDefinition> Tools, ToolChoiceMode Choice, string? Required, bool Parallel)
{
    /// <summary>Whether the model is told about the tools (any choice but <see cref="ToolChoiceMode.None"/>).</summary>
    public bool Described => Choice != ToolChoiceMode.None && Tools.Count > 0;

    /// <summary>Whether an answer without a call breaks the request's rule.</summary>
    public bool CallRequired => Choice is ToolChoiceMode.Required or ToolChoiceMode.Function;

    /// <summary>The offered tool named <paramref name="name"/> (ordinal match), or null.</summary>
    /// <param name="name">A tool name.</param>
    public ToolDefinition? Find(string name)
    {
        foreach (var tool in Tools)
        {
            if (string.Equals(tool.Name, name, StringComparison.Ordinal))
            {
                return tool;
            }
        }

        return null;
    }
}

namespace Grok2Api.AdminApi.Tasks;

/// <summary>One token of a task, resolved when the task was created.</summary>
/// <param name="Id">The token id.</param>
/// <param name="TokenMasked">The masked token; empty when no token had the id then.</param>
internal sealed record BatchTaskItem(string Id, string TokenMasked);

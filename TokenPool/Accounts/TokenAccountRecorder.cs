using Grok2Api.Configuration;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.State;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Accounts;

/// <summary>The pool's <see cref="ITokenAccountRecorder"/>: per-token edits under the pool lock, then a write-behind flush.</summary>
internal sealed class TokenAccountRecorder(TokenPoolState state, IOptionsMonitor<TokenSection> tokenOptions) : ITokenAccountRecorder
{
    public Task<bool> AddTagAsync(string id, string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return EditAsync(id, entry =>
        {
            if (!entry.HasTag(tag))
            {
                entry.Tags = TokenEntry.NormalizeTags([.. entry.Tags, tag]);
            }
        }, cancellationToken);
    }

    public Task<bool> MarkAssetsClearedAsync(string id, CancellationToken cancellationToken) =>
        EditAsync(id, entry => entry.LastAssetClearAt = state.NowMs(), cancellationToken);

    public Task<bool> RecordAuthFailureAsync(string id, string reason, CancellationToken cancellationToken) =>
        EditAsync(
            id,
            entry => TokenTransitions.ApplyOutcome(entry, LeaseOutcome.Unauthorized, 0, reason, state.NowMs(), tokenOptions.CurrentValue.FailThreshold),
            cancellationToken);

    private async Task<bool> EditAsync(string id, Action<TokenEntry> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        state.EnsureInitialized();
        TokenEntry? entry;
        using (state.Gate.EnterScope())
        {
            entry = state.FindById(id);
            if (entry is null || entry.Removed)
            {
                return false;
            }

            edit(entry);
            state.Reindex(entry);
        }

        state.MarkDirty(entry);
        await state.FlushAsync(cancellationToken);
        return true;
    }
}

using Grok2Api.Configuration;
using Grok2Api.TokenPool.Accounts;
using Grok2Api.TokenPool.Batching;
using Grok2Api.TokenPool.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// <c>nsfw</c>, <c>assets_load</c> and <c>assets_clear</c>: one upstream account call (or listing) per token
/// through <see cref="IGrokAccountClient"/>, batched by <see cref="BatchRunner"/> with the limits of
/// <c>[nsfw]</c> or <c>[asset]</c>. The deletions of <c>assets_clear</c> share one limit of
/// <c>asset.delete_concurrent</c> calls at once across the whole task.
/// </summary>
internal sealed class AccountTaskWork(
    IGrokAccountClient client,
    ITokenRegistry registry,
    ITokenAccountRecorder recorder,
    IOptionsMonitor<NsfwSection> nsfw,
    IOptionsMonitor<AssetSection> asset,
    ILogger<AccountTaskWork> logger) : IBatchTaskWork
{
    /// <summary>The tag a token gets once NSFW content is on.</summary>
    public const string NsfwTag = "nsfw";

    public async Task RunAsync(BatchTaskKind kind, IReadOnlyList<BatchTaskItem> items, Action<TaskItemResult> report, CancellationToken cancellationToken)
    {
        using var deletions = new SemaphoreSlim(Math.Max(1, asset.CurrentValue.DeleteConcurrent));
        await BatchRunner.RunAsync(
            items,
            () => LimitsOf(kind),
            async (item, limits, token) => report(await RunOneAsync(kind, item, limits, deletions, token)),
            cancellationToken);
    }

    private BatchLimits LimitsOf(BatchTaskKind kind)
    {
        var assets = asset.CurrentValue;
        return kind switch
        {
            BatchTaskKind.Nsfw => BatchLimits.Of(nsfw.CurrentValue.Concurrent, nsfw.CurrentValue.BatchSize, nsfw.CurrentValue.Timeout),
            BatchTaskKind.AssetsLoad => BatchLimits.Of(assets.ListConcurrent, assets.ListBatchSize, assets.ListTimeout),
            _ => BatchLimits.Of(assets.DeleteConcurrent, assets.DeleteBatchSize, assets.DeleteTimeout),
        };
    }

    private async Task<TaskItemResult> RunOneAsync(
        BatchTaskKind kind, BatchTaskItem item, BatchLimits limits, SemaphoreSlim deletions, CancellationToken cancellationToken)
    {
        var token = registry.Find(item.Id)?.Token.Token;
        if (token is null)
        {
            return new TaskItemResult(item.Id, item.TokenMasked, false, "not found", null);
        }

        try
        {
            return kind switch
            {
                BatchTaskKind.Nsfw => await EnableNsfwAsync(item, token, limits, cancellationToken),
                BatchTaskKind.AssetsLoad => await LoadAssetsAsync(item, token, limits, cancellationToken),
                _ => await ClearAssetsAsync(item, token, limits, deletions, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The client reports expected failures as values; anything thrown is a bug there and must not stop the task.
            BatchTaskLog.ItemThrew(logger, BatchTaskKinds.NameOf(kind), item.Id, ex);
            return new TaskItemResult(item.Id, item.TokenMasked, false, "internal error (" + ex.GetType().Name + ")", null);
        }
    }

    private async Task<TaskItemResult> EnableNsfwAsync(BatchTaskItem item, string token, BatchLimits limits, CancellationToken cancellationToken)
    {
        var call = await client.EnableNsfwAsync(token, limits.Timeout, cancellationToken);
        if (!call.Ok)
        {
            return await FailedAsync(item, call, "nsfw_auth_failed", cancellationToken);
        }

        await recorder.AddTagAsync(item.Id, NsfwTag, cancellationToken);
        return new TaskItemResult(item.Id, item.TokenMasked, true, null, null);
    }

    private async Task<TaskItemResult> LoadAssetsAsync(BatchTaskItem item, string token, BatchLimits limits, CancellationToken cancellationToken)
    {
        var list = await client.ListAssetsAsync(token, limits.Timeout, cancellationToken);
        return list.Call.Ok
            ? new TaskItemResult(item.Id, item.TokenMasked, true, null, list.AssetIds.Count)
            : await FailedAsync(item, list.Call, "assets_auth_failed", cancellationToken);
    }

    private async Task<TaskItemResult> ClearAssetsAsync(
        BatchTaskItem item, string token, BatchLimits limits, SemaphoreSlim deletions, CancellationToken cancellationToken)
    {
        var list = await client.ListAssetsAsync(token, limits.Timeout, cancellationToken);
        if (!list.Call.Ok)
        {
            return await FailedAsync(item, list.Call, "assets_auth_failed", cancellationToken);
        }

        var results = await Task.WhenAll(list.AssetIds.Select(async assetId =>
        {
            await deletions.WaitAsync(cancellationToken);
            try
            {
                return await client.DeleteAssetAsync(token, assetId, limits.Timeout, cancellationToken);
            }
            finally
            {
                deletions.Release();
            }
        }));
        var deleted = results.Count(r => r.Ok);
        if (results.FirstOrDefault(r => !r.Ok) is { } failure)
        {
            var reason = $"deleted {deleted} of {results.Length} assets; {failure.Reason}";
            return await FailedAsync(item, failure with { Reason = reason }, "assets_auth_failed", cancellationToken);
        }

        await recorder.MarkAssetsClearedAsync(item.Id, cancellationToken);
        return new TaskItemResult(item.Id, item.TokenMasked, true, null, deleted);
    }

    /// <summary>A refused call; a 401 also counts against the token, as on every other upstream call.</summary>
    private async Task<TaskItemResult> FailedAsync(BatchTaskItem item, AccountCallResult call, string authReason, CancellationToken cancellationToken)
    {
        if (call.IsAuthFailure)
        {
            await recorder.RecordAuthFailureAsync(item.Id, authReason, cancellationToken);
        }

        return new TaskItemResult(item.Id, item.TokenMasked, false, call.Reason ?? "failed", null);
    }
}

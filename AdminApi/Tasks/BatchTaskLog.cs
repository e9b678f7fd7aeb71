using Microsoft.Extensions.Logging;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>Log messages of the batch tasks (event ids 4102–4129). Never a token: ids only.</summary>
internal static partial class BatchTaskLog
{
    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Batch task {TaskId} ({Kind}) started with {Total} tokens")]
    public static partial void Started(ILogger logger, string taskId, string kind, int total);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Batch task {TaskId} ({Kind}) ended {Status}: {Ok} ok, {Fail} failed of {Total}")]
    public static partial void Ended(ILogger logger, string taskId, string kind, string status, int ok, int fail, int total);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Batch task {TaskId} ({Kind}) broke")]
    public static partial void Broke(ILogger logger, string taskId, string kind, Exception exception);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "A {Kind} call threw for token {TokenId}")]
    public static partial void ItemThrew(ILogger logger, string kind, string tokenId, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Saving the batch tasks failed; retried at the next change: {Problem}")]
    public static partial void SaveFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Reading the batch tasks failed; the history starts empty: {Problem}")]
    public static partial void LoadFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Batch task {TaskId} cancelled by an admin")]
    public static partial void CancelRequested(ILogger logger, string taskId);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "Batch task {TaskId} cancelled by an admin; its instance {Owner} is told through the store")]
    public static partial void CancelForwarded(ILogger logger, string taskId, string owner);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Batch task {TaskId} was running on instance {Owner}, which stopped renewing its lease: marked failed")]
    public static partial void Reaped(ILogger logger, string taskId, string owner);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Batch task {TaskId} had a cancel request and instance {Owner} no longer runs it: marked cancelled")]
    public static partial void ReapedCancelled(ILogger logger, string taskId, string owner);
}

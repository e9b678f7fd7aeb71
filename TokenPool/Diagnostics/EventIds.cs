namespace Grok2Api.TokenPool.Diagnostics;

/// <summary>The event ids of every log message of this assembly, unique per assembly.</summary>
internal static class EventIds
{
    public const int PoolLoaded = 1;
    public const int DuplicateTokenDropped = 2;

    public const int TokenCooling = 10;
    public const int TokenExpired = 11;
    public const int TokenForbidden = 12;

    public const int TokensAdded = 20;
    public const int TokenRemoved = 21;
    public const int TokenPatched = 22;

    public const int RefreshStarted = 30;
    public const int RefreshFinished = 31;
    public const int TokenSynced = 32;
    public const int TokenSyncFailed = 33;
    public const int TokenSyncThrew = 34;
    public const int RefreshTickFailed = 35;
    public const int RefreshTokenStatusChanged = 36;
    public const int SchedulerLeaseTaken = 37;
    public const int SchedulerLeaseLost = 38;

    public const int StoreChangesMerged = 40;
    public const int StoreReloadFailed = 41;
}

namespace Grok2Api.Proxy.Diagnostics;

/// <summary>The event ids of every log message of this assembly, unique per assembly.</summary>
internal static class EventIds
{
    // The host's exception handler (1–99).
    public const int UnhandledException = 1;
    public const int ClientWentAway = 2;

    // The upstream client (3100–3199).
    public const int InvalidProxyUrl = 3100;
    public const int HandlerCreated = 3101;
    public const int HandlerRetired = 3102;
    public const int AttemptFailed = 3110;
    public const int Retrying = 3111;
    public const int ResponseSnippet = 3112;
    public const int RequestNotBuilt = 3113;
    public const int AttemptException = 3114;
    public const int QuotaFetched = 3120;
    public const int QuotaFailed = 3121;
    public const int AccountCallFailed = 3122;

    // The upstream pipeline (3300–3399).
    public const int ExchangeFailed = 3301;
    public const int ExchangeAttemptFailed = 3302;

    // Attachments (3400–3419).
    public const int FetchRefused = 3400;
    public const int FetchFailed = 3401;
    public const int Fetched = 3402;
    public const int UploadFailed = 3410;
    public const int UploadWithoutId = 3411;
    public const int Uploaded = 3412;

    // The media cache (3450–3469).
    public const int DownloadFailed = 3450;
    public const int Downloaded = 3451;
    public const int Trimmed = 3452;
    public const int TrimFailed = 3453;
    public const int InvalidAssetPath = 3454;
    public const int StaleTempRemoved = 3455;
    public const int MediaStored = 3456;
    public const int AppUrlOnLoopback = 3457;
    public const int AppUrlEmpty = 3458;
    public const int FreshFilesTrimmed = 3459;
    public const int InlineImageTooLarge = 3460;

    // Image generation over the Imagine WebSocket (3500–3529).
    public const int ImagineHandshakeRefused = 3500;
    public const int ImagineSessionFailed = 3501;
    public const int ImagineBlocked = 3502;
    public const int ImagineIncomplete = 3503;
    public const int ImagineStoreFailed = 3504;
    public const int ImagineGenerated = 3505;

    // Video (3530–3559).
    public const int VideoJobCompleted = 3530;
    public const int VideoJobFailed = 3531;
    public const int VideoJobCrashed = 3532;
    public const int VideoUpscaleFailed = 3533;
    public const int VideoDownloadFailed = 3534;
    public const int VideoJobDeletedElsewhere = 3545;
    public const int VideoJobStoreDown = 3546;
    public const int VideoJobStoreBack = 3547;

    // Image edits (3560–3579).
    public const int ImageEditPostFallback = 3560;
    public const int ImageEditImageUnreachable = 3561;
    public const int ImageEditImagesMissing = 3562;

    // Responses API (3580–3589).
    public const int ResponseStoreFailed = 3580;
    public const int ResponsesPurged = 3581;
    public const int ResponsesPurgeFailed = 3582;

    // Model aliases, [model_alias] (3590–3599).
    public const int ModelAliasUnknownTarget = 3590;
    public const int ModelAliasShadowsModel = 3591;
    public const int ModelAliasesApplied = 3592;

    // Storage hosting (3620–3639).
    public const int StorageReady = 3620;

    // The public playground API, /v1/public (3640–3659).
    public const int PublicPlaygroundOpen = 3640;
    public const int PublicImagineRoundFailed = 3641;
    public const int PublicVoiceTokenFailed = 3642;
    public const int PublicVideoFailed = 3643;
}

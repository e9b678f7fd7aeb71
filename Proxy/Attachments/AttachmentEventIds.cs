namespace Grok2Api.Proxy.Attachments;

/// <summary>Event ids of attachments (3400–3419); fold into the assembly's EventIds registry when it exists.</summary>
internal static class AttachmentEventIds
{
    public const int FetchRefused = 3400;
    public const int FetchFailed = 3401;
    public const int Fetched = 3402;
    public const int UploadFailed = 3410;
    public const int UploadWithoutId = 3411;
    public const int Uploaded = 3412;
}

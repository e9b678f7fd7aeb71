using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Storage.Configuration;

/// <summary>The <c>[asset]</c> section: uploads, downloads and the account asset calls.</summary>
public sealed record AssetSection
{
    /// <summary>Maximum simultaneous uploads. Default 30.</summary>
    [Range(1, 100000)]
    public int UploadConcurrent { get; init; } = 30;

    /// <summary>Upload timeout in seconds. Default 60.</summary>
    [Range(0.001, 86400)]
    public double UploadTimeout { get; init; } = 60;

    /// <summary>Maximum simultaneous downloads. Default 30.</summary>
    [Range(1, 100000)]
    public int DownloadConcurrent { get; init; } = 30;

    /// <summary>Download timeout in seconds. Default 60.</summary>
    [Range(0.001, 86400)]
    public double DownloadTimeout { get; init; } = 60;

    /// <summary>Maximum simultaneous asset list calls. Default 10.</summary>
    [Range(1, 100000)]
    public int ListConcurrent { get; init; } = 10;

    /// <summary>Asset list timeout in seconds. Default 60.</summary>
    [Range(0.001, 86400)]
    public double ListTimeout { get; init; } = 60;

    /// <summary>Tokens per asset list batch. Default 10.</summary>
    [Range(1, 100000)]
    public int ListBatchSize { get; init; } = 10;

    /// <summary>Maximum simultaneous asset deletions. Default 10.</summary>
    [Range(1, 100000)]
    public int DeleteConcurrent { get; init; } = 10;

    /// <summary>Asset delete timeout in seconds. Default 60.</summary>
    [Range(0.001, 86400)]
    public double DeleteTimeout { get; init; } = 60;

    /// <summary>Tokens per asset delete batch. Default 10.</summary>
    [Range(1, 100000)]
    public int DeleteBatchSize { get; init; } = 10;
}

using System.ComponentModel.DataAnnotations;

namespace Grok2Api.Configuration;

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

    /// <summary>Time limit, in seconds, of fetching a URL a client sent as an attachment. Default 30.</summary>
    [Range(0.001, 3600)]
    public double FetchTimeout { get; init; } = 30;

    /// <summary>Largest attachment fetched from a client's URL, in MB. Default 20.</summary>
    [Range(1, 2048)]
    public int FetchMaxMb { get; init; } = 20;

    /// <summary>Redirects followed when fetching a client's URL; each hop is checked again. Default 5.</summary>
    [Range(0, 20)]
    public int FetchMaxRedirects { get; init; } = 5;

    /// <summary>
    /// Hosts, IP addresses or CIDR ranges that client URLs may reach even though they are loopback,
    /// private or link-local (refused by default so clients cannot probe the gateway's network). Default none.
    /// </summary>
    public IReadOnlyList<string> FetchAllow { get; init; } = [];

    /// <summary>Value equality, including the items of <see cref="FetchAllow"/> (a record compares a list by reference).</summary>
    /// <param name="other">The other section.</param>
    public bool Equals(AssetSection? other) =>
        other is not null
        && UploadConcurrent == other.UploadConcurrent
        && UploadTimeout.Equals(other.UploadTimeout)
        && DownloadConcurrent == other.DownloadConcurrent
        && DownloadTimeout.Equals(other.DownloadTimeout)
        && ListConcurrent == other.ListConcurrent
        && ListTimeout.Equals(other.ListTimeout)
        && ListBatchSize == other.ListBatchSize
        && DeleteConcurrent == other.DeleteConcurrent
        && DeleteTimeout.Equals(other.DeleteTimeout)
        && DeleteBatchSize == other.DeleteBatchSize
        && FetchTimeout.Equals(other.FetchTimeout)
        && FetchMaxMb == other.FetchMaxMb
        && FetchMaxRedirects == other.FetchMaxRedirects
        && SectionEquality.SameItems(FetchAllow, other.FetchAllow);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(UploadConcurrent, UploadTimeout, DownloadConcurrent, DownloadTimeout, FetchTimeout, FetchMaxMb, FetchAllow.Count);
}

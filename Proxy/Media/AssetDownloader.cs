namespace Grok2Api.Proxy.Media;

/// <summary>
/// Downloads one asset from the assets host with the account's cookie (asset egress, navigation headers)
/// into a file: streamed to a temp file next to it and renamed into place, so a reader never sees a
/// partial file. Bounded by <c>asset.download_concurrent</c> and, slot wait included, by
/// <c>asset.download_timeout</c>. Redirects are followed here, not by the handler, and only within the
/// configured assets host: the cookie must never travel to another host. Thread-safe.
/// </summary>
internal sealed class AssetDownloader : IDisposable
{
    /// <summary>Redirect hops followed within the assets host.</summary>
    public const int MaxRedirects = 5;

    private const int CopyBufferSize = 81920;

    private readonly IOptionsMonitor<AssetSection> _asset;
    private readonly IOptionsMonitor<UpstreamSection> _upstream;
    private readonly IGrokRestClient _client;
    private readonly TimeProvider _time;
    private readonly ConcurrencyLimit _limit;
    private readonly IDisposable? _configListener;

    public AssetDownloader(
        IOptionsMonitor<AssetSection> asset, IOptionsMonitor<UpstreamSection> upstream, IGrokRestClient client, TimeProvider time)
    {
        _asset = asset;
        _upstream = upstream;
        _client = client;
        _time = time;
        _limit = new ConcurrencyLimit(() => _asset.CurrentValue.DownloadConcurrent);
        _configListener = _asset.OnChange((_, _) => _limit.Pump());
    }

    public void Dispose() => _configListener?.Dispose();

    /// <summary>Downloads <paramref name="assetPath"/> to <paramref name="targetPath"/>; a failure leaves no file behind.</summary>
    /// <param name="token">The bare SSO token of the account that owns the asset.</param>
    /// <param name="assetPath">A relative asset path or an absolute assets URL (its query is kept).</param>
    /// <param name="targetPath">The final file path.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task<AssetDownloadResult> DownloadAsync(string token, string assetPath, string targetPath, CancellationToken cancellationToken)
    {
        var timeout = UpstreamCallOptions.BoundTimeout(_asset.CurrentValue.DownloadTimeout);
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var slot = await _limit.AcquireAsync(timeout, _time, linked.Token);
            if (slot is null)
            {
                return AssetDownloadResult.Failed($"no download slot free within {timeout.TotalSeconds:0.###} s");
            }

            return await FollowAsync(token, assetPath, targetPath, timeout, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return AssetDownloadResult.Failed($"timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException)
        {
            return AssetDownloadResult.Failed($"{e.GetType().Name} while reading or storing the body");
        }
    }

    private async Task<AssetDownloadResult> FollowAsync(string token, string assetPath, string targetPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = UpstreamCallOptions.Default with { Timeout = timeout, FollowRedirects = false };
        var current = assetPath;
        for (var hop = 0; ; hop++)
        {
            using var answer = await _client.SendStreamingAsync(GrokEndpoints.AssetDownload(current), token, null, options, cancellationToken);
            if (answer.Response is { } response)
            {
                if ((int)response.StatusCode != 200)
                {
                    return AssetDownloadResult.Failed($"HTTP {(int)response.StatusCode} instead of 200");
                }

                await WriteAsync(response.Content, targetPath, cancellationToken);
                return AssetDownloadResult.Done;
            }

            var result = answer.Result;
            if (result.Location is not { } location)
            {
                return AssetDownloadResult.Failed(result.Failure?.Detail ?? $"HTTP {result.StatusCode}");
            }

            if (hop == MaxRedirects)
            {
                return AssetDownloadResult.Failed($"more than {MaxRedirects} redirects");
            }

            if (!IsAssetsHost(location))
            {
                return AssetDownloadResult.Failed($"redirected to another host ({location.IdnHost}); not followed with the account's cookie");
            }

            current = location.AbsoluteUri;
        }
    }

    private bool IsAssetsHost(Uri location) =>
        Uri.TryCreate(_upstream.CurrentValue.AssetsUrl, UriKind.Absolute, out var assets)
        && string.Equals(location.GetLeftPart(UriPartial.Authority), assets.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    private static async Task WriteAsync(HttpContent content, string targetPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(targetPath)!);
        var temp = MediaDirectories.TempFor(targetPath);
        try
        {
            await using (var source = await content.ReadAsStreamAsync(cancellationToken))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(file, CopyBufferSize, cancellationToken);
            }

            File.Move(temp, targetPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

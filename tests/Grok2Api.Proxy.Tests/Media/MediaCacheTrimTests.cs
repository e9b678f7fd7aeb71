using Grok2Api.Configuration;
using Grok2Api.Proxy.Diagnostics;
using Grok2Api.Proxy.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grok2Api.Proxy.Tests.Media;

/// <summary>
/// What the trim counts and deletes: every file below the two cache directories however it was
/// written, the fresh ones too when only they are left above the limit, never a download in progress.
/// </summary>
public sealed class MediaCacheTrimTests
{
    private const int Kib = 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // File times are the file system's wall clock, which the trim compares with the (system) TimeProvider.
    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    private static MediaTestServices Services(int limitMb = 1) =>
        MediaTestServices.Create(MediaTestServices.ConfigFor(
            new Uri("http://127.0.0.1:9"), c => c with { Cache = new CacheSection { EnableAutoClean = true, LimitMb = limitMb } }));

    private static async Task<string> WriteAsync(string directory, string relative, int kib, DateTime lastUsedUtc)
    {
        var file = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, new byte[kib * Kib], Ct);
        File.SetLastWriteTimeUtc(file, lastUsedUtc);
        File.SetLastAccessTimeUtc(file, lastUsedUtc);
        return file;
    }

    private static long Total(MediaTestServices services) =>
        new[] { services.ImageDirectory, services.VideoDirectory }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            .Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task StoreAsync_HiddenNestedAndOldProjectFiles_CountAndGoOldestFirst()
    {
        await using var services = Services();
        var old = Now.AddDays(-3);
        // Left by the original project (its own temp name), by hand, or by anything else writing there.
        var python = await WriteAsync(services.ImageDirectory, "users-u-generated-i-image.jpg.tmp", 100, old);
        var hidden = await WriteAsync(services.ImageDirectory, ".DS_Store", 100, old.AddMinutes(1));
        var nested = await WriteAsync(services.VideoDirectory, Path.Combine("2024", "01", "clip.mp4"), 100, old.AddMinutes(2));
        var newest = await WriteAsync(services.VideoDirectory, "kept.mp4", 500, old.AddMinutes(3));

        await services.Cache.StoreAsync(MediaKind.Image, "imagine-1.jpg", new byte[250 * Kib], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        // 1050 KiB > 1024 KiB: the three oldest go (to 750 KiB <= 819.2 KiB); the newest old file stays.
        Assert.False(File.Exists(python));
        Assert.False(File.Exists(hidden));
        Assert.False(File.Exists(nested));
        Assert.True(File.Exists(newest));
        Assert.True(File.Exists(Path.Combine(services.ImageDirectory, "imagine-1.jpg")));
        Assert.True(Total(services) <= 1024 * Kib);
    }

    [Fact]
    public async Task StoreAsync_HiddenAndNestedFilesAlone_PushTheTotalOverTheLimit()
    {
        await using var services = Services();
        var old = Now.AddDays(-1);
        var hidden = await WriteAsync(services.ImageDirectory, ".cache-index", 600, old);
        var nested = await WriteAsync(services.ImageDirectory, Path.Combine(".thumbs", "a.jpg"), 400, old.AddMinutes(1));

        // Only the two files a listing of visible top-level names would miss make the cache full.
        await services.Cache.StoreAsync(MediaKind.Image, "small.jpg", new byte[100 * Kib], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.False(File.Exists(hidden));
        Assert.True(File.Exists(nested));
        Assert.Contains(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.Trimmed);
    }

    [Fact]
    public async Task StoreAsync_OnlyFreshFilesAboveTheLimit_DeletesTheOldestFreshDownToTheLimitAndWarnsOnceAMinute()
    {
        await using var services = Services();
        var now = Now;
        var a = await WriteAsync(services.ImageDirectory, "a.jpg", 400, now.AddSeconds(-60));
        var b = await WriteAsync(services.ImageDirectory, "b.jpg", 400, now.AddSeconds(-40));
        var c = await WriteAsync(services.VideoDirectory, "c.mp4", 150, now.AddSeconds(-20));

        await services.Cache.StoreAsync(MediaKind.Image, "d.jpg", new byte[200 * Kib], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        // 1150 KiB, every file used within 2 minutes: the oldest fresh one goes, and only it (750 KiB <= 1024 KiB).
        Assert.False(File.Exists(a));
        Assert.True(File.Exists(b));
        Assert.True(File.Exists(c));
        Assert.True(File.Exists(Path.Combine(services.ImageDirectory, "d.jpg")));
        var warning = Assert.Single(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.FreshFilesTrimmed);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("cache.limit_mb", warning.Message, StringComparison.Ordinal);

        // The next store deletes a fresh file again (1050 KiB): still one warning within the minute.
        await services.Cache.StoreAsync(MediaKind.Image, "e.jpg", new byte[300 * Kib], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.False(File.Exists(b));
        Assert.Single(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.FreshFilesTrimmed);
        Assert.True(Total(services) <= 1024 * Kib);
    }

    [Fact]
    public async Task StoreAsync_OldFilesEnough_FreshFilesStayAndNoWarning()
    {
        await using var services = Services();
        var now = Now;
        var old = await WriteAsync(services.ImageDirectory, "old.jpg", 500, now.AddHours(-2));
        var fresh = await WriteAsync(services.ImageDirectory, "fresh.jpg", 500, now.AddSeconds(-10));

        await services.Cache.StoreAsync(MediaKind.Image, "new.jpg", new byte[100 * Kib], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        Assert.DoesNotContain(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.FreshFilesTrimmed);
    }

    [Fact]
    public async Task StoreAsync_DownloadInProgress_CountsButIsNotDeleted()
    {
        await using var services = Services();
        var now = Now;
        var partial = await WriteAsync(services.ImageDirectory, MediaDirectories.TempPrefix + "0123abcd.tmp", 700, now.AddSeconds(-5));
        var old = await WriteAsync(services.ImageDirectory, "old.jpg", 200, now.AddHours(-1));

        await services.Cache.StoreAsync(MediaKind.Image, "new.jpg", new byte[200 * Kib], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        // 1100 KiB with the partial download: the old file goes, the partial one is still being written.
        Assert.True(File.Exists(partial));
        Assert.False(File.Exists(old));
    }

    [Fact]
    public async Task StoreAsync_StaleCrashLeftover_IsRemoved()
    {
        await using var services = Services(limitMb: 100);
        var leftover = await WriteAsync(services.VideoDirectory, MediaDirectories.TempPrefix + "dead.tmp", 10, Now.AddDays(-5));

        await services.Cache.StoreAsync(MediaKind.Image, "new.jpg", new byte[10], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.False(File.Exists(leftover));
        Assert.Contains(services.Logs.GetSnapshot(), r => r.Id.Id == EventIds.StaleTempRemoved);
    }

    [Fact]
    public async Task StoreAsync_AutoCleanOff_NothingIsDeletedWhateverTheTotal()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(
            new Uri("http://127.0.0.1:9"), c => c with { Cache = new CacheSection { EnableAutoClean = false, LimitMb = 1 } }));
        var old = await WriteAsync(services.ImageDirectory, ".old", 2048, Now.AddDays(-5));

        await services.Cache.StoreAsync(MediaKind.Image, "new.jpg", new byte[10], MediaTestServices.Request(), Ct).WaitAsync(Bound, Ct);

        Assert.True(File.Exists(old));
    }

    [Fact]
    public async Task AutoTrim_AtStartup_ACacheThatArrivesAboveTheLimitIsTrimmedWithoutANewFile()
    {
        await using var services = Services();
        var old = Now.AddDays(-30);
        for (var i = 0; i < 6; i++)
        {
            await WriteAsync(i % 2 == 0 ? services.ImageDirectory : services.VideoDirectory, $"users-old-generated-{i}-image.jpg", 300, old.AddMinutes(i));
        }

        var autoTrim = services.Services.GetServices<IHostedService>().OfType<MediaCacheAutoTrim>().Single();
        await autoTrim.StartAsync(Ct);
        await autoTrim.Running.WaitAsync(Bound, Ct);

        // 1800 KiB, all old: down to 80 % of 1 MiB, oldest first.
        Assert.True(Total(services) <= 0.8 * 1024 * Kib, $"{Total(services)} bytes");
        Assert.True(File.Exists(Path.Combine(services.VideoDirectory, "users-old-generated-5-image.jpg")));
        await autoTrim.StopAsync(Ct);
    }

    [Fact]
    public async Task AutoTrim_LimitLoweredLive_TrimsToTheNewLimit()
    {
        await using var services = Services(limitMb: 10);
        var old = Now.AddDays(-1);
        for (var i = 0; i < 8; i++)
        {
            await WriteAsync(services.ImageDirectory, $"f{i}.jpg", 400, old.AddMinutes(i));
        }

        var autoTrim = services.Services.GetServices<IHostedService>().OfType<MediaCacheAutoTrim>().Single();
        await autoTrim.StartAsync(Ct);
        await autoTrim.Running.WaitAsync(Bound, Ct);
        Assert.Equal(3200 * Kib, Total(services));

        services.Config.Update(c => c with { Cache = c.Cache with { LimitMb = 2 } });
        await autoTrim.Running.WaitAsync(Bound, Ct);

        Assert.True(Total(services) <= 0.8 * 2 * 1024 * Kib, $"{Total(services)} bytes");
        Assert.True(File.Exists(Path.Combine(services.ImageDirectory, "f7.jpg")));
        await autoTrim.StopAsync(Ct);
    }
}

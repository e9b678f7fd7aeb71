namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>Puts files into the service's local media cache, as generated images land there.</summary>
public static class CacheFiles
{
    /// <summary>A 1×1 PNG, so a thumbnail of it renders.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static string ImageDirectory(AdminApp app) => Path.Combine(app.Gateway.DataDirectory, "tmp", "image");

    /// <summary>Writes <paramref name="name"/> into DATA_DIR/tmp/image and returns its path.</summary>
    public static string WriteImage(AdminApp app, string name)
    {
        var directory = ImageDirectory(app);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, Png);
        return path;
    }
}

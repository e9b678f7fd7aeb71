using Microsoft.Playwright;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>
/// Full-page screenshots for people to look at, written to <c>TestResults/admin-screenshots/</c> at
/// the solution root as <c>&lt;page&gt;-&lt;desktop|phone&gt;.png</c> (the folder is gitignored).
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(SolutionRoot(), "TestResults", "admin-screenshots");

    /// <summary>Writes the page and returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name, Viewport viewport)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{name}-{viewport.Name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Writes one element of the page (a section, say) and returns the file's path.</summary>
    public static async Task<string> SaveAsync(ILocator element, string name, Viewport viewport)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{name}-{viewport.Name}.png");
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        return path;
    }

    private static string SolutionRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Grok2Api.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Grok2Api.sln above {AppContext.BaseDirectory}.");
    }
}

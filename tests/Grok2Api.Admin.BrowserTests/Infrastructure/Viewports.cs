using Microsoft.Playwright;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>The two widths the admin app is checked at.</summary>
public sealed record Viewport(string Name, int Width, int Height)
{
    public static readonly Viewport Desktop = new("desktop", 1366, 900);

    public static readonly Viewport Phone = new("phone", 390, 844);

    public ViewportSize Size => new() { Width = Width, Height = Height };
}

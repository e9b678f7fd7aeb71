namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>
/// The OpenAI <c>size</c> values the images API accepts and the Imagine aspect ratio each one asks
/// for (the original's table, docs/grok-protocol.md §14.2). A ratio (<c>16:9</c>, ...) given as the
/// size is kept as it is; anything else is refused with the list of valid values. Pure.
/// </summary>
public static class ImageSizes
{
    /// <summary>The size used when the request gives none: <c>1024x1024</c> (square).</summary>
    public const string Default = "1024x1024";

    private static readonly (string Size, string Ratio)[] Table =
    [
        ("1280x720", "16:9"),
        ("720x1280", "9:16"),
        ("1792x1024", "3:2"),
        ("1024x1792", "2:3"),
        ("1024x1024", "1:1"),
    ];

    /// <summary>Every accepted size, then every accepted ratio, as the error message lists them.</summary>
    public static string ValidList { get; } =
        string.Join(", ", Table.Select(static e => e.Size)) + " (or the ratios " + string.Join(", ", Table.Select(static e => e.Ratio)) + ")";

    /// <summary>The aspect ratio for <paramref name="size"/>, a size of the table or one of its ratios (exact, case-insensitive).</summary>
    /// <param name="size">The client's value.</param>
    /// <param name="ratio">The ratio to send upstream.</param>
    /// <returns>Whether the size is valid.</returns>
    public static bool TryGetAspectRatio(string size, [NotNullWhen(true)] out string? ratio)
    {
        ArgumentNullException.ThrowIfNull(size);
        foreach (var (s, r) in Table)
        {
            if (string.Equals(size, s, StringComparison.OrdinalIgnoreCase) || size == r)
            {
                ratio = r;
                return true;
            }
        }

        ratio = null;
        return false;
    }

    /// <summary>The OpenAI size that stands for <paramref name="ratio"/> (for the <c>size</c> of answers).</summary>
    /// <param name="ratio">A ratio of the table.</param>
    public static string SizeOf(string ratio)
    {
        foreach (var (s, r) in Table)
        {
            if (r == ratio)
            {
                return s;
            }
        }

        return Default;
    }
}

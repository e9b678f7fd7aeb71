namespace Grok2Api.AdminApi.Tasks;

/// <summary>What a batch task does to each token.</summary>
internal enum BatchTaskKind
{
    /// <summary>Re-syncs the quota through the rate-limits call (<c>[usage]</c> limits).</summary>
    Refresh,

    /// <summary>Turns on NSFW content with the feature-control call only (<c>[nsfw]</c> limits).</summary>
    Nsfw,

    /// <summary>Counts the account's online assets (<c>[asset]</c> list limits).</summary>
    AssetsLoad,

    /// <summary>Deletes the account's online assets (<c>[asset]</c> delete limits).</summary>
    AssetsClear,
}

/// <summary>The wire names of <see cref="BatchTaskKind"/>.</summary>
internal static class BatchTaskKinds
{
    /// <summary>Every name, as the API accepts them.</summary>
    public static readonly string[] Names = ["refresh", "nsfw", "assets_load", "assets_clear"];

    public static string NameOf(BatchTaskKind kind) => Names[(int)kind];

    public static bool TryParse(string? name, out BatchTaskKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = (BatchTaskKind)Math.Max(index, 0);
        return index >= 0;
    }
}

namespace Grok2Api.Configuration;

/// <summary>
/// Implemented by config stores that can keep a copy of what they hold before it is rewritten
/// (the v1 migration uses it). Optional: stores without it are migrated without a backup.
/// </summary>
public interface IConfigBackup
{
    /// <summary>Copies the stored config aside, never overwriting an earlier copy.</summary>
    /// <param name="label">Names the copy, e.g. <c>v1</c> gives <c>config.toml.v1.bak</c>.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Where the copy went, or <see langword="null"/> when nothing is stored.</returns>
    Task<string?> BackupAsync(string label, CancellationToken cancellationToken);
}

using System.Security.Cryptography;

namespace Grok2Api.Storage.Coordination;

/// <summary>
/// This process among the instances sharing a store: the owner name of its leases and the origin of
/// its change notices (so it does not react to its own). One per host.
/// </summary>
public sealed class StoreInstance
{
    /// <summary>Creates an instance id: the machine name and 8 random hex digits.</summary>
    public StoreInstance()
        : this($"{Sanitize(Environment.MachineName)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}")
    {
    }

    /// <summary>Uses <paramref name="id"/> as the instance id.</summary>
    /// <param name="id">A short printable name, unique among the instances.</param>
    public StoreInstance(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    /// <summary>The instance id (at most 64 characters).</summary>
    public string Id { get; }

    private static string Sanitize(string name)
    {
        var clean = new string([.. name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')]);
        return clean.Length switch
        {
            0 => "instance",
            > 40 => clean[..40],
            _ => clean,
        };
    }
}

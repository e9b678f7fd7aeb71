namespace Grok2Api.Proxy.OpenAi;

/// <summary>A request body read once and held to the end of the request, with its reservation in the memory budget; disposing frees both.</summary>
/// <param name="body">The held body.</param>
/// <param name="lease">Its reservation.</param>
internal sealed class AdmittedBody(HeldBody body, ChatMemoryLease lease) : IDisposable
{
    /// <summary>The body's bytes (attachments inline in it are slices of this memory).</summary>
    public ReadOnlyMemory<byte> Memory => body.Memory;

    public void Dispose()
    {
        body.Dispose();
        lease.Dispose();
    }
}

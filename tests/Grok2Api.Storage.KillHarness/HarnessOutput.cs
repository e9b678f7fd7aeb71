namespace Grok2Api.Storage.KillHarness;

/// <summary>Writes protocol lines to stdout, one whole block at a time, so lines of parallel loops never interleave.</summary>
internal sealed class HarnessOutput
{
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;

    public HarnessOutput(TextWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Writes every line of <paramref name="lines"/> and flushes.</summary>
    public void WriteLines(IReadOnlyCollection<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var block = string.Join('\n', lines) + "\n";
        lock (_gate)
        {
            _writer.Write(block);
            _writer.Flush();
        }
    }
}

using System.Text;
using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Transforms.Tests.Conversations;

/// <summary>An answer writer that records what it receives, in order, as readable events.</summary>
internal sealed class RecordingAnswerWriter(bool streams = true) : AnswerWriter
{
    private readonly List<byte> _text = [];

    /// <summary>Everything, in order: <c>begin</c>, <c>text:…</c> (adjacent pieces joined), <c>call 0 name {…}</c>, <c>reasoning:…</c>, <c>image:…</c>, <c>stopped:…</c>, <c>complete</c>, <c>fail:…</c>.</summary>
    public List<string> Events { get; } = [];

    /// <summary>The calls received.</summary>
    public List<(int Index, ToolCall Call)> Calls { get; } = [];

    /// <summary>The text received, all pieces joined.</summary>
    public string AllText => Encoding.UTF8.GetString([.. _text]);

    public bool Completed => Events.Contains("complete");

    public override bool Streams => streams;

    public override void Begin() => Events.Add("begin");

    public override void Text(ReadOnlySpan<byte> utf8)
    {
        Assert.False(utf8.IsEmpty, "an empty text piece was passed on");
        _text.AddRange(utf8.ToArray());
        var piece = Encoding.UTF8.GetString(utf8);
        if (Events.Count > 0 && Events[^1].StartsWith("text:", StringComparison.Ordinal))
        {
            Events[^1] += piece;
        }
        else
        {
            Events.Add("text:" + piece);
        }
    }

    public override void Reasoning(ReadOnlySpan<byte> utf8) => Events.Add("reasoning:" + Encoding.UTF8.GetString(utf8));

    public override void Image(string alt, string url) => Events.Add("image:" + url);

    public override void ToolCall(int index, ToolCall call)
    {
        Calls.Add((index, call));
        Events.Add($"call {index} {call.Name} {call.ArgumentsJson}");
    }

    public override void Stopped(AnswerStop stop) => Events.Add("stopped:" + stop.Reason);

    public override void Complete() => Events.Add("complete");

    public override void Fail(UpstreamFailure failure) => Events.Add("fail:" + failure.Kind);
}

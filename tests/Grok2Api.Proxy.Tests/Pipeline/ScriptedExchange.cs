using Grok2Api.Proxy.Pipeline;
using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Proxy.Tests.Pipeline;

/// <summary>An exchange whose attempts follow a script, one step per account tried.</summary>
internal sealed class ScriptedExchange(params Func<UpstreamAttempt, ValueTask<UpstreamFailure?>>[] steps) : IUpstreamExchange
{
    private int _next;

    public string Name => "scripted";

    public List<string> Tokens { get; } = [];

    public ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt)
    {
        Tokens.Add(attempt.Lease.Token);
        var step = steps[Math.Min(_next++, steps.Length - 1)];
        return step(attempt);
    }

    /// <summary>Answers <paramref name="text"/> in two batches and completes.</summary>
    public static Func<UpstreamAttempt, ValueTask<UpstreamFailure?>> Answer(string text) => async attempt =>
    {
        attempt.AnswerRequested();
        attempt.Received();
        attempt.Commit();
        attempt.Writer.Begin();
        attempt.Writer.Text(System.Text.Encoding.UTF8.GetBytes(text[..(text.Length / 2)]));
        attempt.Writer.EndBatch();
        await attempt.FlushAsync();
        attempt.Writer.Text(System.Text.Encoding.UTF8.GetBytes(text[(text.Length / 2)..]));
        attempt.Writer.EndBatch();
        attempt.Writer.Complete();
        return null;
    };

    /// <summary>Fails before anything was written.</summary>
    public static Func<UpstreamAttempt, ValueTask<UpstreamFailure?>> Fails(UpstreamFailure failure) => _ => ValueTask.FromResult<UpstreamFailure?>(failure);

    /// <summary>Begins the answer, writes <paramref name="text"/>, then fails.</summary>
    public static Func<UpstreamAttempt, ValueTask<UpstreamFailure?>> FailsAfter(string text, UpstreamFailure failure) => async attempt =>
    {
        attempt.AnswerRequested();
        attempt.Received();
        attempt.Commit();
        attempt.Writer.Begin();
        attempt.Writer.Text(System.Text.Encoding.UTF8.GetBytes(text));
        attempt.Writer.EndBatch();
        await attempt.FlushAsync();
        return failure;
    };

    /// <summary>Throws what a broken connection or a bug throws.</summary>
    public static Func<UpstreamAttempt, ValueTask<UpstreamFailure?>> Throws(Exception exception) => _ => ValueTask.FromException<UpstreamFailure?>(exception);

    /// <summary>Requests the answer and waits for it forever: only the attempt's timer or the client ends the wait.</summary>
    public static Func<UpstreamAttempt, ValueTask<UpstreamFailure?>> Silent(bool afterFirstData = false) => async attempt =>
    {
        attempt.AnswerRequested();
        if (afterFirstData)
        {
            attempt.Received();
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, attempt.Cancellation);
        return null;
    };
}

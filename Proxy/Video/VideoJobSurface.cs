namespace Grok2Api.Proxy.Video;

/// <summary>The client surface of a job: the job records the answer, and the error the OpenAI video object shows.</summary>
internal sealed class VideoJobSurface(VideoJob job, TimeProvider time) : IClientSurface
{
    public AnswerWriter CreateWriter(HttpContext context) => new VideoJobWriter(job);

    public void WriteHeaders(HttpResponse response, AnswerWriter writer)
    {
    }

    public Task WriteFailureAsync(HttpContext context, UpstreamFailure failure)
    {
        job.Fail(OpenAiFailure.From(failure, job.Request.Model.Id).Error, time.GetUtcNow());
        return Task.CompletedTask;
    }
}

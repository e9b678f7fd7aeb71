using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Microsoft.Playwright;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>Reads the task progress bar: a <c>&lt;progress&gt;</c> or a <c>role=progressbar</c> element.</summary>
public static class TaskProgress
{
    private const string Script = """
        el => el.tagName === 'PROGRESS'
            ? [Number(el.value), Number(el.max)]
            : [Number(el.getAttribute('aria-valuenow')), Number(el.getAttribute('aria-valuemax'))]
        """;

    /// <summary>(processed, total) as the bar shows them.</summary>
    public static async Task<(int Value, int Max)> ReadAsync(IPage page)
    {
        var values = await page.GetByTestId("task-progress").EvaluateAsync<double[]>(Script);
        return ((int)values[0], (int)values[1]);
    }

    /// <summary>Polls the bar until <paramref name="done"/> accepts it (bounded); returns the last reading.</summary>
    public static Task<(int Value, int Max)> WaitAsync(IPage page, Func<(int Value, int Max), bool> done, TimeSpan timeout, CancellationToken cancellationToken) =>
        Eventually.PollAsync(() => ReadAsync(page), done, timeout, cancellationToken);
}

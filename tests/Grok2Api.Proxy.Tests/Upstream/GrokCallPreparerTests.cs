using Grok2Api.Proxy.Upstream;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class GrokCallPreparerTests
{
    [Fact]
    public void NewRequestId_IsAVersion4RfcVariantUuid()
    {
        for (var i = 0; i < 1000; i++)
        {
            var text = GrokCallPreparer.NewRequestId().ToString("D");

            // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx, as the browser's crypto.randomUUID().
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        }
    }

    [Fact]
    public void NewRequestId_DoesNotRepeat()
    {
        var ids = new HashSet<Guid>();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(ids.Add(GrokCallPreparer.NewRequestId()));
        }
    }
}

using Grok2Api.Proxy.Attachments;
using Grok2Api.Configuration;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class AttachmentLimitsTests
{
    [Theory]
    [InlineData(20, 20)]
    [InlineData(119, 119)]
    [InlineData(2048, 119)]
    public void MaxMb_IsFetchMaxMbBoundedByWhatUploadFileCanCarry(int configured, int expected) =>
        Assert.Equal(expected, AttachmentLimits.MaxMb(new AssetSection { FetchMaxMb = configured }));

    [Fact]
    public void UploadMaxMb_FitsTheJsonWritersBase64Limit() =>
        Assert.True(AttachmentLimits.UploadMaxMb * 1024L * 1024 <= 125_000_000);
}

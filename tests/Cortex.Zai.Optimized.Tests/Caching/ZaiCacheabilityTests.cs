using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Tests.Caching;

public sealed class ZaiCacheabilityTests
{
    [Theory]
    [InlineData("stop", true)]
    [InlineData("tool_calls", true)]
    [InlineData("sensitive", false)]
    [InlineData("network_error", false)]
    [InlineData("length", false)]
    [InlineData(null, false)]
    public void IsCacheable_FinishReason_Expected(string? finishReason, bool expected) =>
        Assert.Equal(expected, ZaiCacheability.IsCacheable(CacheTestData.Completion("answer", finishReason)));

    [Fact]
    public void IsCacheable_NoChoices_False() =>
        Assert.False(ZaiCacheability.IsCacheable(new ZaiCompletion { Choices = [] }));

    [Fact]
    public void IsCacheable_OneOfTwoChoicesTruncated_False()
    {
        var completion = CacheTestData.Completion("answer");
        completion.Choices.Add(new ZaiChoice { Index = 1, FinishReason = "length", Message = new() { Content = "ans" } });

        Assert.False(ZaiCacheability.IsCacheable(completion));
    }

    [Theory]
    [InlineData(ZaiCacheMode.Default, true, false, true, true)]
    [InlineData(ZaiCacheMode.Default, false, false, false, false)]
    [InlineData(ZaiCacheMode.Default, false, true, true, true)]
    [InlineData(ZaiCacheMode.Bypass, true, true, false, false)]
    [InlineData(ZaiCacheMode.NoCache, true, false, false, true)]
    [InlineData(ZaiCacheMode.NoStore, true, false, true, false)]
    [InlineData(ZaiCacheMode.Force, false, false, true, true)]
    public void Decide_ModeAndDeterminism_Expected(ZaiCacheMode mode, bool deterministic, bool cacheNonDeterministic, bool read, bool write)
    {
        var request = new ZaiCompletionRequest { CacheMode = mode, DoSample = !deterministic, Temperature = deterministic ? null : 0.7 };

        var decision = ZaiCacheability.Decide(request, new ZaiCacheOptions { CacheNonDeterministicRequests = cacheNonDeterministic });

        Assert.Equal((read, write), decision);
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(null, 0.0, true)]
    [InlineData(true, 0.0, true)]
    [InlineData(true, 0.5, false)]
    [InlineData(null, null, false)]
    public void Decide_DefaultMode_CachesOnlyDeterministic(bool? doSample, double? temperature, bool cached)
    {
        var request = new ZaiCompletionRequest { DoSample = doSample, Temperature = temperature };

        Assert.Equal((cached, cached), ZaiCacheability.Decide(request, new ZaiCacheOptions()));
    }

    [Fact]
    public void Decide_BothTiersOff_NeitherReadNorWrite()
    {
        var options = new ZaiCacheOptions { EnableMemoryCache = false, EnableRedisCache = false };

        Assert.Equal((false, false), ZaiCacheability.Decide(new ZaiCompletionRequest { CacheMode = ZaiCacheMode.Force }, options));
    }
}

namespace Cortex.Zai.Optimized;

/// <summary>A model's price per million tokens, for cost estimates.</summary>
public sealed class ZaiModelPrice
{
    /// <summary>Gets or sets the price of a million prompt tokens not served from Z.AI's context cache.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million prompt tokens served from Z.AI's context cache (<c>cached_tokens</c>).</summary>
    public decimal CachedInputPerMillion { get; set; }

    /// <summary>Gets or sets the price of a million completion tokens.</summary>
    public decimal OutputPerMillion { get; set; }
}

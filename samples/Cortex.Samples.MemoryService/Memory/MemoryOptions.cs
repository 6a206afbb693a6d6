using System.ComponentModel.DataAnnotations;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>Where memories live (section <c>memory</c>).</summary>
public sealed class MemoryOptions
{
    /// <summary>Gets or sets the Qdrant collection.</summary>
    /// <value>The default is <c>cortex-memory</c>.</value>
    [Required(AllowEmptyStrings = false)]
    public string Collection { get; set; } = "cortex-memory";

    /// <summary>
    /// Gets or sets the embedding size to request and to create the collection with. When unset the model's own size is
    /// used, learned from one embedding at start.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    [Range(1, 65536)]
    public int? Dimensions { get; set; }
}

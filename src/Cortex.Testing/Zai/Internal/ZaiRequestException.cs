namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// A request the real API would refuse with HTTP 400; carries the Z.AI business code so the pipeline can answer
/// with the same body, and keeps validation code free of response writing.
/// </summary>
internal sealed class ZaiRequestException : Exception
{
    public ZaiRequestException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public ZaiRequestException()
        : this(ZaiErrors.InvalidParameters, ZaiErrors.MessageFor(ZaiErrors.InvalidParameters))
    {
    }

    public ZaiRequestException(string message)
        : this(ZaiErrors.InvalidParameters, message)
    {
    }

    public ZaiRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ZaiErrors.InvalidParameters;
    }

    public string Code { get; }

    public static ZaiRequestException Missing(string field) =>
        new(ZaiErrors.MissingParameter, $"The {field} parameter was not received.");

    public static ZaiRequestException Invalid(string field, string why) =>
        new(ZaiErrors.InvalidParameter, $"Invalid {field} parameter: {why}.");
}

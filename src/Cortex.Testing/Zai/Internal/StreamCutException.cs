namespace Cortex.Testing.Zai.Internal;

/// <summary>Thrown, on purpose, to end a streamed response the way a dropped upstream connection does (see <see cref="ZaiFaults.CutStreamAfter"/>).</summary>
internal sealed class StreamCutException : Exception
{
    public StreamCutException()
        : base("Stream cut by ZaiFaults.CutStreamAfter.")
    {
    }

    public StreamCutException(string message)
        : base(message)
    {
    }

    public StreamCutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace MyLoadTest;

/// <summary>The system under test.</summary>
/// <param name="BaseAddress">Its base address; step paths are relative to it.</param>
public sealed record LoadTarget(Uri BaseAddress);

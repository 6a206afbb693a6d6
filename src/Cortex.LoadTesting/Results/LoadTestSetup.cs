using System.Text.Json;

namespace Cortex.LoadTesting.Results;

/// <summary>How a run was set up, as a report states it before its figures: what was targeted, how much load, for how long.</summary>
public sealed record LoadTestSetup
{
    /// <summary>Gets the hosts the <c>http</c> steps sent to (<c>scheme://host:port</c>, without credentials, paths or queries); empty when no step speaks HTTP.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>Gets the virtual users of <see cref="LoadModel.ConstantVus"/>, or <see langword="null"/> for the other models.</summary>
    public int? ConcurrentUsers { get; init; }

    /// <summary>Gets the iterations started per second of <see cref="LoadModel.ConstantArrivalRate"/>, or <see langword="null"/> for the other models.</summary>
    public double? Rate { get; init; }

    /// <summary>Gets the most virtual users an open model may use to keep its rate, or <see langword="null"/> for the closed models.</summary>
    public int? MaxUsers { get; init; }

    /// <summary>Gets the planned length of the load: the duration, or the stages' total.</summary>
    public TimeSpan PlannedDuration { get; init; }

    /// <summary>Gets the ramp-up of the constant models.</summary>
    public TimeSpan RampUp { get; init; }

    /// <summary>Gets the stages of the ramping models, empty for the constant ones.</summary>
    public IReadOnlyList<LoadStage> Stages { get; init; } = [];

    /// <summary>Gets the length of a timeline interval.</summary>
    public TimeSpan ReportingInterval { get; init; }

    internal static LoadTestSetup From(LoadTestOptions options) => new()
    {
        Targets = [.. options.Scenarios.SelectMany(s => s.Steps).Where(s => s.Type == "http").Select(Origin).OfType<string>().Distinct(StringComparer.Ordinal)],
        ConcurrentUsers = options.Model == LoadModel.ConstantVus ? options.ConcurrentUsers : null,
        Rate = options.Model == LoadModel.ConstantArrivalRate ? options.Rate : null,
        MaxUsers = options.Model.IsOpen() ? options.MaxUsers : null,
        PlannedDuration = options.PlannedDuration,
        RampUp = options.Model.IsRamping() ? TimeSpan.Zero : options.RampUpPeriod,
        Stages = options.Model.IsRamping() ? [.. options.Stages] : [],
        ReportingInterval = options.ReportingInterval,
    };

    // Only the origin: a path or query may carry a token, and user info a password; neither belongs in a report.
    private static string? Origin(StepOptions step) =>
        step.Parameters.ValueKind == JsonValueKind.Object && step.Parameters.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
        && Uri.TryCreate(url.GetString()!.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority).Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : null;
}

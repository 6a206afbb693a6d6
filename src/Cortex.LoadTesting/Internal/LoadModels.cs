namespace Cortex.LoadTesting.Internal;

/// <summary>The k6 executor names of <see cref="LoadModel"/>, used by the JSON configuration, the reports and the CLI.</summary>
internal static class LoadModels
{
    public static IReadOnlyList<string> Names { get; } = ["constant-vus", "ramping-vus", "constant-arrival-rate", "ramping-arrival-rate"];

    public static string ToName(LoadModel model) => Names[(int)model];

    public static bool TryParse(string text, out LoadModel model)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                model = (LoadModel)i;
                return true;
            }
        }

        model = default;
        return false;
    }

    public static bool IsOpen(LoadModel model) => model is LoadModel.ConstantArrivalRate or LoadModel.RampingArrivalRate;

    public static bool IsRamping(LoadModel model) => model is LoadModel.RampingVus or LoadModel.RampingArrivalRate;

}

using MyLoadTest;
using Microsoft.Extensions.Hosting;

// dotnet run -- [plan.json] [--target http://127.0.0.1:8080] [--reports ./cortex-reports]
// Exit code: 0 when every threshold held, 99 when one failed (as k6), 2 when the plan is invalid.
var builder = Host.CreateApplicationBuilder(args);
var plan = args.FirstOrDefault(a => !a.StartsWith('-') && a.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) ?? "load-test.json";
var target = new Uri(builder.Configuration["target"] ?? Environment.GetEnvironmentVariable("TARGET_URL") ?? "http://127.0.0.1:8080");
builder.Services.AddLoadTest(target);
using var host = builder.Build();
return await LoadTestRun.RunAsync(host.Services, plan, builder.Configuration["reports"] ?? "cortex-reports");

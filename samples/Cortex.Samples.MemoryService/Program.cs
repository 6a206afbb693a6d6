using Cortex.Samples.MemoryService;

await using var app = await MemoryServiceHost.BuildAsync(args);
await app.RunAsync();

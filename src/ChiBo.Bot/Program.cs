using ChiBo.Bot;

// With a messenger configured ChiBo serves it; with none, it talks in this terminal (README, "Quick start").
using var host = BotHost.Build(args);
await host.RunAsync();
return Environment.ExitCode;

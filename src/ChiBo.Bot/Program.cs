using ChiBo.Bot;
using ChiBo.Bot.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// With a messenger configured ChiBo serves it; with none, it talks in this terminal (README, "Quick start").
using var host = BotHost.Build(args);
if (BotHost.MissingSettings(host.Services.GetRequiredService<IConfiguration>()) is { } problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
var failure = host.Services.GetRequiredService<StartupFailure>();
await host.StartAsync();
await host.WaitForShutdownAsync(); // not RunAsync: the services are read below, before the host is disposed
return failure.ExitCodeAfterStop(host.Services);

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
var failure = host.Services.GetRequiredService<StartupFailure>(); // read before RunAsync disposes the host
await host.RunAsync();
return failure.ExitCode;

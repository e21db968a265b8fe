using ChiBo.Bot;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// With a messenger configured ChiBo serves it; with none, it talks in this terminal (README, "Quick start").
// "backup", "rekey" and "restore <file>" work on the database file instead (README, "Backups").
var command = args.Length > 0 && StorageCommands.Names.Contains(args[0]) ? args[0] : null;
var argument = command == "restore" && args.Length > 1 ? args[1] : null;
using var host = BotHost.Build(command is null ? args : args[(argument is null ? 1 : 2)..]);
if (command is not null)
    return StorageCommands.Run(command, argument, host.Services.GetRequiredService<IOptions<ChiBoOptions>>().Value, TimeProvider.System, Console.Out, Console.Error);
if (BotHost.MissingSettings(host.Services.GetRequiredService<IConfiguration>()) is { } problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
try
{
    host.Services.GetRequiredService<Database>(); // opened here, so a wrong password is one readable line, not a stack trace
}
catch (StorageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
var failure = host.Services.GetRequiredService<StartupFailure>();
await host.StartAsync();
await host.WaitForShutdownAsync(); // not RunAsync: the services are read below, before the host is disposed
return failure.ExitCodeAfterStop(host.Services);

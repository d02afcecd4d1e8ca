using TrustPortal.Web;
using TrustPortal.Web.Infrastructure;

// `users ...` and `trusts ...` are the portal's command line (the first administrator is made this way);
// anything else starts the web server.
if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTrustPortalServices();
var app = builder.Build();
app.UseTrustPortalPipeline();
try
{
    await app.RunAsync();
}
catch (DemoAccountsPresentException ex)
{
    // Said plainly to whoever started the portal (it is also in the log); the exit code tells a service manager.
    await Console.Error.WriteLineAsync(ex.Message);
    return 3;
}
return 0;

/// Entry point type, visible to WebApplicationFactory in the tests.
public partial class Program;

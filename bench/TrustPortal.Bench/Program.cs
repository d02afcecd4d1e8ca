using TrustPortal.Bench;

const string Usage = $"""
    TrustPortal.Bench: acts as real users of a running portal over HTTP(S).

      signin --base URL --email E --password-stdin [--totp-key BASE32] [--keys FILE] [--cert PEM]
          Signs in (sign-in form, code page, or the forced authenticator enrolment at first sign-in) and prints
          the Cookie header for wrk on standard output. A key enrolled here is printed on standard error and saved
          in --keys FILE ("email key" lines), which later sign-ins read.

      load --base URL --accounts FILE --password-stdin [--users 50] [--duration 60] [--think-ms 500] [--keys FILE] [--cert PEM]
          Signs in --users people from FILE and runs them concurrently for --duration seconds.

      burst --base URL --accounts FILE --password-stdin [--signins 30] [--keys FILE] [--cert PEM]
          Signs --signins people in at once while timing other pages.

    {StreamCommand.Usage}

    {SubmitCommand.Usage}

    {SavesCommand.Usage}

    {CrawlCommand.Usage}

    {OtlpCommands.Usage}

    --cert PEM trusts exactly that certificate (the benchmark's self-signed one). Exit code: 0 success,
    1 a failure (an error, a refused sign-in), 2 bad usage.
    """;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.Out.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var options = new Options(args.Skip(1));
    return args[0] switch
    {
        "signin" => await Commands.SignInAsync(options),
        "load" => await Commands.LoadAsync(options),
        "burst" => await Commands.BurstAsync(options),
        "stream" => await StreamCommand.RunAsync(options),
        "submit" => await SubmitCommand.RunAsync(options),
        "saves" => await SavesCommand.RunAsync(options),
        "crawl" => await CrawlCommand.RunAsync(options),
        "otlp-sink" => await OtlpCommands.SinkAsync(options),
        "otlp-snapshot" => await OtlpCommands.SnapshotAsync(options),
        "otlp-report" => await OtlpCommands.ReportAsync(options),
        _ => throw new UsageException($"Unknown command '{args[0]}'"),
    };
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync("Run with --help for usage.");
    return 2;
}

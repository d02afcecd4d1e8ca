using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TrustPortal.Web.Infrastructure.Telemetry;

/// Settings under "Telemetry" (ADR 0170). Off unless Enabled is true or an OTLP endpoint is given.
public sealed class TelemetryOptions
{
    /// Collect metrics and traces even with no endpoint (tests, or an exporter added in code).
    public bool Enabled { get; set; }

    /// Where an OpenTelemetry collector listens, e.g. http://127.0.0.1:4317 (gRPC) or http://127.0.0.1:4318 (HTTP).
    public Uri? OtlpEndpoint { get; set; }

    /// "grpc" (the default) or "http" (http/protobuf).
    public string OtlpProtocol { get; set; } = "grpc";

    /// The share of requests traced (0 to 1); metrics always count every request. A trace of every request is
    /// costly at national load, and a tenth is plenty to find a slow page.
    public double TraceSampleRatio { get; set; } = 0.1;

    public string ServiceName { get; set; } = "trustportal";

    /// How often metrics are pushed; unset leaves OpenTelemetry's default (60 s, or OTEL_METRIC_EXPORT_INTERVAL).
    /// The scale benchmark sets 1000 so a measurement's figures arrive within a second of its end (ADR 0176).
    public int? MetricExportIntervalMilliseconds { get; set; }

    public bool On => Enabled || OtlpEndpoint is not null;
}

public static class TelemetrySetup
{
    public static WebApplicationBuilder AddTrustPortalTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PortalMetrics>();
        var options = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton(options);
        if (!options.On)
        {
            return builder;
        }
        builder.Services.AddSingleton<DatabaseTimeInterceptor>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<DatabaseTimeInterceptor>());
        var protocol = string.Equals(options.OtlpProtocol, "http", StringComparison.OrdinalIgnoreCase)
            ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(PortalMetrics.MeterName)
                    // The runtime's own meter (.NET 9+): heap size, GC, thread pool — an instance's memory.
                    .AddMeter("System.Runtime");
                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((o, reader) =>
                    {
                        Point(o, endpoint, protocol, "v1/metrics");
                        if (options.MetricExportIntervalMilliseconds is > 0 and var interval)
                        {
                            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                        }
                    });
                }
            })
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                    // Health probes arrive every few seconds from every load balancer: no traces for them.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                    .AddNpgsql();
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o => Point(o, endpoint, protocol, "v1/traces"));
                }
            });
        return builder;
    }

    /// First in the pipeline when telemetry is on, so a request's database time includes the error page's.
    public static WebApplication UseTrustPortalTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<TelemetryOptions>().On)
        {
            app.UseMiddleware<DatabaseTimeMiddleware>();
        }
        return app;
    }

    private static void Point(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;
        // Over HTTP each signal has its own path under the collector's address; gRPC takes the address as it is.
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}

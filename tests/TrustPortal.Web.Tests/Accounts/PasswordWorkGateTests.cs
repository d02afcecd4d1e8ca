using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Features.Account;
using TrustPortal.Web.Features.MyAccount;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.Accounts;

/// Password hashing takes turns (docs/adr/0090): a burst of sign-ins cannot take every core from everyone else's pages.
[Collection(SharedPortal.Name)]
public sealed class PasswordWorkGateTests(PortalFactory factory)
{
    private static PasswordWorkGate Gate(int slots, TimeSpan wait) =>
        new(Options.Create(new PasswordWorkOptions { MaxConcurrent = slots, MaxWait = wait }));

    [Fact]
    public async Task Only_as_many_as_the_gate_allows_run_at_once_and_the_next_goes_when_one_finishes()
    {
        using var gate = Gate(2, TimeSpan.FromSeconds(30));
        var first = await gate.EnterAsync(CancellationToken.None);
        var second = await gate.EnterAsync(CancellationToken.None);
        var third = gate.EnterAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, gate.Waiting);
        first!.Dispose();
        first.Dispose(); // a second dispose must not free a second slot
        using var entered = await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(entered);
        Assert.Equal(0, gate.Free);
        second!.Dispose();
        Assert.Equal(1, gate.Free);
    }

    [Fact]
    public async Task A_request_that_waits_longer_than_allowed_gets_no_slot()
    {
        using var gate = Gate(1, TimeSpan.FromMilliseconds(50));
        using var held = await gate.EnterAsync(CancellationToken.None);
        Assert.Null(await gate.EnterAsync(CancellationToken.None));
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task The_filter_answers_503_with_retry_after_when_no_slot_comes_free()
    {
        using var gate = Gate(1, TimeSpan.FromMilliseconds(50));
        using var held = await gate.EnterAsync(CancellationToken.None);
        var services = new ServiceCollection()
            .AddSingleton(gate)
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Logger<>))
            .BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        var context = new ActionExecutingContext(
            new ActionContext(http, new RouteData(), new ActionDescriptor()), [], new Dictionary<string, object?>(), new object());
        var ran = false;
        await new PasswordWorkAttribute().OnActionExecutionAsync(context, () =>
        {
            ran = true;
            return Task.FromResult<ActionExecutedContext>(null!);
        });
        Assert.False(ran);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<StatusCodeResult>(context.Result).StatusCode);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData(typeof(AccountController), "SignIn")]
    [InlineData(typeof(AccountController), "Invitation")]
    [InlineData(typeof(MeController), "Password")]
    public void Every_action_that_hashes_a_password_takes_its_turn(Type controller, string action)
    {
        var post = controller.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Single(m => m.Name == action && m.GetCustomAttributes<HttpPostAttribute>().Any());
        Assert.NotNull(post.GetCustomAttribute<PasswordWorkAttribute>());
    }

    [Fact]
    public async Task A_sign_in_waits_for_a_free_slot_then_succeeds()
    {
        var gate = factory.Services.GetRequiredService<PasswordWorkGate>();
        var (_, email, _) = await factory.CreateUserAsync(Roles.Staff);
        var client = factory.CreateSecureClient();
        var held = new List<IDisposable>();
        Task<HttpResponseMessage> signIn;
        try
        {
            for (var i = 0; i < gate.Capacity; i++)
            {
                held.Add((await gate.EnterAsync(CancellationToken.None))!);
            }
            signIn = client.SignInAsync(email, AccountHelpers.Password);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (gate.Waiting == 0 && !signIn.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.Equal(1, gate.Waiting);
            Assert.False(signIn.IsCompleted);
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
        using var response = await signIn;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/start", response.Headers.Location!.OriginalString);
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustPortal.Domain.Schools;
using TrustPortal.Web.Accounts;
using TrustPortal.Web.Data;
using TrustPortal.Web.Tests.Accounts;
using TrustPortal.Web.Tests.Infrastructure;

namespace TrustPortal.Web.Tests.SchoolAdmin;

[Collection(SharedPortal.Name)]
public sealed class SchoolAdminTests(PortalFactory factory)
{
    private const string Trust = DemoAccounts.TrustSlug;
    private static int _nextUrn = 610000 + (Random.Shared.Next(0, 800) * 100);

    public static int NewUrn() => Interlocked.Increment(ref _nextUrn);

    private async Task<School> CreateSchoolAsync(string trustSlug = Trust, Action<School>? configure = null)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await db.Trusts.Where(t => t.Slug == trustSlug).Select(t => t.Id).SingleAsync();
        var school = new School(trustId, NewUrn(), $"Test School {Guid.NewGuid():N}"[..24], Phase.Primary);
        school.SetAgeRange(4, 11, false, false);
        school.SetLocation("Testshire", "Testbury");
        configure?.Invoke(school);
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        return school;
    }

    private async Task<School> LoadAsync(int urn)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Schools.AsNoTracking()
            .Include(s => s.Inspections).ThenInclude(i => i.Grades).SingleAsync(s => s.Urn == urn);
    }

    private static Dictionary<string, string> Fields(School school) => new()
    {
        ["Form.Version"] = school.Version.ToString(),
        ["Form.Name"] = school.Name,
        ["Form.Phase"] = school.Phase.ToString(),
        ["Form.LowAge"] = "4",
        ["Form.HighAge"] = "11",
        ["Form.LocalAuthority"] = school.LocalAuthority ?? "",
        ["Form.Town"] = school.Town ?? "",
    };

    [Fact]
    public async Task Admin_adds_a_school_with_every_field_and_sees_it_listed()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var urn = NewUrn();
        using var response = await admin.PostFormAsync("/admin/schools/add", new Dictionary<string, string>
        {
            ["Form.Urn"] = urn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Name"] = "St Aidan's Church of England High School",
            ["Form.Phase"] = "Secondary",
            ["Form.LowAge"] = "11",
            ["Form.HighAge"] = "18",
            ["Form.HasSixthForm"] = "true",
            ["Form.ReligiousCharacter"] = "Church of England",
            ["Form.Diocese"] = "Diocese of Carlisle",
            ["Form.LocalAuthority"] = "Cumberland",
            ["Form.Town"] = "Wigton",
            ["Form.PupilsOnRoll"] = "1102",
            ["Form.JoinedTrustOn.Day"] = "1",
            ["Form.JoinedTrustOn.Month"] = "9",
            ["Form.JoinedTrustOn.Year"] = "2017",
            ["Form.ConversionCohort"] = "2017 converters",
            ["Form.Ethos"] = "We *flourish* together.",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/schools/{urn}", response.Headers.Location!.OriginalString);

        var school = await LoadAsync(urn);
        Assert.Equal(("St Aidan's Church of England High School", Phase.Secondary, 11, 18), (school.Name, school.Phase, school.LowAge!.Value, school.HighAge!.Value));
        Assert.True(school.HasSixthForm);
        Assert.False(school.HasNursery);
        Assert.Equal(("Church of England", "Diocese of Carlisle", "Cumberland", "Wigton"), (school.ReligiousCharacter, school.Diocese, school.LocalAuthority, school.Town));
        Assert.Equal(1102, school.PupilsOnRoll);
        Assert.Equal(new DateOnly(2017, 9, 1), school.JoinedTrustOn);
        Assert.Equal("2017 converters", school.ConversionCohort);
        Assert.Equal("We *flourish* together.", school.Ethos);

        var show = await admin.GetDocumentAsync($"/admin/schools/{urn}");
        Assert.Contains("St Aidan's Church of England High School added", show.MainText(), StringComparison.Ordinal);
        Assert.Equal("flourish", show.QuerySelector("main em")?.TextContent);
        var list = await admin.GetDocumentAsync("/admin/schools");
        Assert.Contains($"/admin/schools/{urn}", list.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Adding_with_bad_input_shows_every_error_in_the_summary_and_keeps_the_input()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var response = await admin.PostFormAsync("/admin/schools/add", new Dictionary<string, string>
        {
            ["Form.Urn"] = "12345x",
            ["Form.Name"] = "",
            ["Form.Phase"] = "Primary",
            ["Form.LowAge"] = "11",
            ["Form.HighAge"] = "4",
            ["Form.Town"] = new string('T', 201),
            ["Form.JoinedTrustOn.Day"] = "31",
            ["Form.JoinedTrustOn.Month"] = "2",
            ["Form.JoinedTrustOn.Year"] = "2020",
        }, tokenPage: "/admin/schools/add");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await DocumentAsync(response);
        var summary = doc.QuerySelectorAll(".govuk-error-summary a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Contains(("#Form_Urn", "URN must be a six-digit number, like 123456"), summary);
        Assert.Contains(("#Form_Name", "Enter the school's name"), summary);
        Assert.Contains(("#Form_Town", "Town must be 200 characters or fewer"), summary);
        Assert.Equal("12345x", doc.QuerySelector("#Form_Urn")!.GetAttribute("value"));
        Assert.Equal("11", doc.QuerySelector("#Form_LowAge")!.GetAttribute("value"));
        Assert.Equal("31", doc.QuerySelector("#Form_JoinedTrustOn_Day")!.GetAttribute("value"));
        Assert.Contains("Form_Urn-error", doc.QuerySelector("#Form_Urn")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);

        // With the URN and name right, the domain's own rules speak on their fields.
        var urn = NewUrn();
        using var second = await admin.PostFormAsync("/admin/schools/add", new Dictionary<string, string>
        {
            ["Form.Urn"] = urn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Name"] = "Backwards Primary",
            ["Form.Phase"] = "Primary",
            ["Form.LowAge"] = "11",
            ["Form.HighAge"] = "4",
            ["Form.JoinedTrustOn.Day"] = "31",
            ["Form.JoinedTrustOn.Month"] = "2",
            ["Form.JoinedTrustOn.Year"] = "2020",
        }, tokenPage: "/admin/schools/add");
        var again = await DocumentAsync(second);
        var errors = again.QuerySelectorAll(".govuk-error-summary a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Contains(("#Form_LowAge", "The lowest age must be below the highest age."), errors);
        Assert.Contains(("#Form_JoinedTrustOn", "The date the school joined the trust must be a real date"), errors);
        Assert.Equal("Backwards Primary", again.QuerySelector("#Form_Name")!.GetAttribute("value"));
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Schools.AnyAsync(s => s.Urn == urn));
    }

    [Fact]
    public async Task A_urn_already_in_the_portal_cannot_be_added_again_even_from_another_trust()
    {
        var other = await CreateSchoolAsync("create-partnership-trust");
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var response = await admin.PostFormAsync("/admin/schools/add", new Dictionary<string, string>
        {
            ["Form.Urn"] = other.Urn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Name"] = "Copy",
            ["Form.Phase"] = "Primary",
        }, tokenPage: "/admin/schools/add");
        Assert.Contains($"A school with URN {other.Urn} is already in the portal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(other.Name, (await LoadAsync(other.Urn)).Name);
    }

    [Fact]
    public async Task The_ethos_preview_renders_sanitised_markdown_and_saves_nothing()
    {
        var school = await CreateSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var fields = Fields(school);
        fields["Form.Ethos"] = "Every child **known**. [x](javascript:alert(1))";
        fields["preview"] = "true";
        using var response = await admin.PostFormAsync($"/admin/schools/{school.Urn}/edit", fields, tokenPage: $"/admin/schools/{school.Urn}/edit");
        var doc = await DocumentAsync(response);
        Assert.Equal("known", doc.QuerySelector("#ethos-preview strong")?.TextContent);
        Assert.DoesNotContain(doc.QuerySelectorAll("#ethos-preview a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(fields["Form.Ethos"], doc.QuerySelector("#Form_Ethos")!.TextContent);
        Assert.Null((await LoadAsync(school.Urn)).Ethos);
    }

    [Fact]
    public async Task Admin_edits_a_school_and_the_version_changes()
    {
        var school = await CreateSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var page = await admin.GetDocumentAsync($"/admin/schools/{school.Urn}/edit");
        Assert.Equal(school.Name, page.QuerySelector("#Form_Name")!.GetAttribute("value"));
        Assert.Equal(school.Version.ToString(), page.QuerySelector("input[name='Form.Version']")!.GetAttribute("value"));
        var fields = Fields(school);
        fields["Form.Name"] = "Renamed Primary Academy";
        fields["Form.HasNursery"] = "true";
        fields["Form.PupilsOnRoll"] = "210";
        using var response = await admin.PostFormAsync($"/admin/schools/{school.Urn}/edit", fields, tokenPage: $"/admin/schools/{school.Urn}/edit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await LoadAsync(school.Urn);
        Assert.Equal(("Renamed Primary Academy", true, 210), (saved.Name, saved.HasNursery, saved.PupilsOnRoll!.Value));
        Assert.NotEqual(school.Version, saved.Version);
    }

    [Fact]
    public async Task Two_administrators_editing_the_same_school_the_second_is_shown_the_first_ones_version_and_keeps_their_input()
    {
        var school = await CreateSchoolAsync();
        var (first, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var (second, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var firstFields = Fields(school);
        firstFields["Form.Name"] = "First Administrator's Name";
        using (var saved = await first.PostFormAsync($"/admin/schools/{school.Urn}/edit", firstFields, tokenPage: $"/admin/schools/{school.Urn}/edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var secondFields = Fields(school); // the version the second administrator loaded before the first saved
        secondFields["Form.Name"] = "Second Administrator's Name";
        secondFields["Form.Town"] = "Otherton";
        using var conflict = await second.PostFormAsync($"/admin/schools/{school.Urn}/edit", secondFields, tokenPage: $"/admin/schools/{school.Urn}/edit");
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        var doc = await DocumentAsync(conflict);
        Assert.Contains("Another administrator changed this school", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("First Administrator's Name", doc.QuerySelector("#their-version")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Second Administrator's Name", doc.QuerySelector("#Form_Name")!.GetAttribute("value"));
        Assert.Equal("Otherton", doc.QuerySelector("#Form_Town")!.GetAttribute("value"));
        var current = await LoadAsync(school.Urn);
        Assert.Equal(("First Administrator's Name", "Testbury"), (current.Name, current.Town));

        // Saving again from the page now shown (it carries the first administrator's version) is a deliberate overwrite.
        Assert.Equal(current.Version.ToString(), doc.QuerySelector("input[name='Form.Version']")!.GetAttribute("value"));
        secondFields["Form.Version"] = current.Version.ToString();
        using var again = await second.PostFormAsync($"/admin/schools/{school.Urn}/edit", secondFields, tokenPage: $"/admin/schools/{school.Urn}/edit");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("Second Administrator's Name", (await LoadAsync(school.Urn)).Name);
    }

    [Fact]
    public async Task Archiving_hides_a_school_from_public_pages_keeps_its_history_and_restoring_brings_it_back()
    {
        var school = await CreateSchoolAsync(configure: s => s.RecordPreviousJudgement(new DateOnly(2019, 6, 20), OverallJudgement.Good));
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var anonymous = factory.CreateSecureClient();
        await anonymous.GetDocumentAsync($"/{Trust}/schools/{school.Urn}");

        using (var archive = await admin.PostFormAsync($"/admin/schools/{school.Urn}/archive", new Dictionary<string, string>(), tokenPage: $"/admin/schools/{school.Urn}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, archive.StatusCode);
        }
        await anonymous.GetDocumentAsync($"/{Trust}/schools/{school.Urn}", HttpStatusCode.NotFound);
        Assert.DoesNotContain(school.Name, (await anonymous.GetDocumentAsync($"/{Trust}/schools")).MainText(), StringComparison.Ordinal);
        var row = (await admin.GetDocumentAsync("/admin/schools")).QuerySelectorAll("main tr").Single(r => r.TextContent.Contains(school.Name, StringComparison.Ordinal));
        Assert.Contains("Archived", row.TextContent, StringComparison.Ordinal);
        var archived = await LoadAsync(school.Urn);
        Assert.True(archived.IsArchived);
        Assert.Single(archived.Inspections);

        using (var restore = await admin.PostFormAsync($"/admin/schools/{school.Urn}/restore", new Dictionary<string, string>(), tokenPage: $"/admin/schools/{school.Urn}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        }
        Assert.Contains("Good", (await anonymous.GetDocumentAsync($"/{Trust}/schools/{school.Urn}")).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_school_with_progress_updates_has_no_delete_action_only_archive()
    {
        // Schools are never deleted: the only ways out are archive and restore, so progress history always stays.
        var actions = AccessTableTests.Actions().Where(a => a.Controller.Name is "SchoolAdminController").Select(a => a.Action.Name).ToList();
        Assert.DoesNotContain(actions, a => a.Contains("Delete", StringComparison.OrdinalIgnoreCase));
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>();
        var trustId = await factory.TrustIdAsync();
        var withProgress = await db.Schools.Where(s => s.TrustId == trustId && db.ProgressUpdates.Any(p => p.SchoolId == s.Id)).Select(s => s.Urn).FirstAsync();
        using var delete = await admin.PostFormAsync($"/admin/schools/{withProgress}/delete", new Dictionary<string, string>(), tokenPage: "/admin/schools");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.True(await db.Schools.AnyAsync(s => s.Urn == withProgress));
    }

    [Fact]
    public async Task A_report_card_asks_only_for_the_areas_the_school_has_and_is_recorded()
    {
        var primary = await CreateSchoolAsync(); // primary: early years, no sixth form
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var form = await admin.GetDocumentAsync($"/admin/schools/{primary.Urn}/report-cards/add");
        Assert.NotNull(form.QuerySelector("#Form_EarlyYears"));
        Assert.Null(form.QuerySelector("#Form_SixthForm"));
        var fields = new Dictionary<string, string>
        {
            ["Form.InspectedOn.Day"] = "27", ["Form.InspectedOn.Month"] = "11", ["Form.InspectedOn.Year"] = "2025",
            ["Form.SafeguardingMet"] = "True",
        };
        foreach (var area in InspectionAreas.Core.Append(InspectionArea.EarlyYears))
        {
            fields[$"Form.{area}"] = nameof(ReportCardGrade.StrongStandard);
        }
        fields["Form.Achievement"] = nameof(ReportCardGrade.NeedsAttention);
        using var response = await admin.PostFormAsync($"/admin/schools/{primary.Urn}/report-cards/add", fields, tokenPage: $"/admin/schools/{primary.Urn}/report-cards/add");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var card = Assert.Single((await LoadAsync(primary.Urn)).Inspections);
        Assert.Equal((InspectionKind.ReportCard, new DateOnly(2025, 11, 27), true), (card.Kind, card.InspectedOn, card.SafeguardingMet!.Value));
        Assert.Equal(7, card.Grades.Count);
        Assert.Equal(ReportCardGrade.NeedsAttention, card.Grades.Single(g => g.Area == InspectionArea.Achievement).Grade);

        var sixthForm = await CreateSchoolAsync(configure: s => { s.ChangePhase(Phase.Secondary); s.SetAgeRange(11, 18, false, true); });
        var secondary = await admin.GetDocumentAsync($"/admin/schools/{sixthForm.Urn}/report-cards/add");
        Assert.NotNull(secondary.QuerySelector("#Form_SixthForm"));
        Assert.Null(secondary.QuerySelector("#Form_EarlyYears"));
    }

    [Fact]
    public async Task A_report_card_before_november_2025_or_with_a_missing_grade_is_refused_on_its_field_with_the_input_kept()
    {
        var school = await CreateSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var fields = new Dictionary<string, string>
        {
            ["Form.InspectedOn.Day"] = "3", ["Form.InspectedOn.Month"] = "10", ["Form.InspectedOn.Year"] = "2025",
            ["Form.SafeguardingMet"] = "False",
        };
        foreach (var area in InspectionAreas.Core.Append(InspectionArea.EarlyYears))
        {
            fields[$"Form.{area}"] = nameof(ReportCardGrade.ExpectedStandard);
        }
        var url = $"/admin/schools/{school.Urn}/report-cards/add";
        using (var early = await admin.PostFormAsync(url, fields, tokenPage: url))
        {
            var doc = await DocumentAsync(early);
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
            Assert.Contains(("#Form_InspectedOn", "Report cards began on 10 November 2025; record an earlier inspection as a previous judgement."),
                doc.QuerySelectorAll(".govuk-error-summary a").Select(a => (a.GetAttribute("href"), a.TextContent)));
            Assert.Equal("3", doc.QuerySelector("#Form_InspectedOn_Day")!.GetAttribute("value"));
            Assert.Equal("-1", doc.QuerySelector("#Form_InspectedOn")!.GetAttribute("tabindex")); // the summary's link target takes focus
            Assert.Equal("2025", doc.QuerySelector("#Form_InspectedOn_Year")!.GetAttribute("value"));
            Assert.Equal(nameof(ReportCardGrade.ExpectedStandard), doc.QuerySelector("#Form_Inclusion option[selected]")!.GetAttribute("value"));
            Assert.NotNull(doc.QuerySelector("#Form_SafeguardingMet-2[checked]"));
        }
        fields["Form.InspectedOn.Month"] = "12";
        fields.Remove("Form.Inclusion");
        fields["Form.Achievement"] = "Brilliant";
        using (var missing = await admin.PostFormAsync(url, fields, tokenPage: url))
        {
            var text = await missing.Content.ReadAsStringAsync();
            Assert.Contains("Choose a grade for inclusion", text, StringComparison.Ordinal);
            Assert.Contains("href=\"#Form_Achievement\"", text, StringComparison.Ordinal);
        }
        fields["Form.InspectedOn.Year"] = (DateTime.UtcNow.Year + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var future = await admin.PostFormAsync(url, fields, tokenPage: url))
        {
            Assert.Contains("Date of the inspection must be today or in the past", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Empty((await LoadAsync(school.Urn)).Inspections);
    }

    [Fact]
    public async Task A_previous_judgement_is_recorded_and_one_dated_after_report_cards_began_is_refused()
    {
        var school = await CreateSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var url = $"/admin/schools/{school.Urn}/previous-judgements/add";
        using (var late = await admin.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Form.InspectedOn.Day"] = "1", ["Form.InspectedOn.Month"] = "12", ["Form.InspectedOn.Year"] = "2025", ["Form.Judgement"] = "Outstanding",
        }, tokenPage: url))
        {
            var doc = await DocumentAsync(late);
            Assert.Contains("Inspections from 10 November 2025 are report cards", doc.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(doc.QuerySelector("input[name='Form.Judgement'][value=Outstanding][checked]"));
        }
        using (var empty = await admin.PostFormAsync(url, new Dictionary<string, string>(), tokenPage: url))
        {
            var text = await empty.Content.ReadAsStringAsync();
            Assert.Contains("Enter date of the inspection", text, StringComparison.Ordinal);
            Assert.Contains("Choose the overall judgement", text, StringComparison.Ordinal);
        }
        using (var ok = await admin.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Form.InspectedOn.Day"] = "20", ["Form.InspectedOn.Month"] = "6", ["Form.InspectedOn.Year"] = "2019", ["Form.Judgement"] = "RequiresImprovement",
        }, tokenPage: url))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        var judgement = Assert.Single((await LoadAsync(school.Urn)).Inspections);
        Assert.Equal((new DateOnly(2019, 6, 20), OverallJudgement.RequiresImprovement), (judgement.InspectedOn, judgement.OverallJudgement!.Value));
    }

    [Fact]
    public async Task A_wrongly_entered_inspection_is_removed_after_a_confirmation_page()
    {
        var school = await CreateSchoolAsync(configure: s =>
        {
            s.RecordPreviousJudgement(new DateOnly(2019, 6, 20), OverallJudgement.Good);
            s.RecordPreviousJudgement(new DateOnly(2015, 3, 2), OverallJudgement.Inadequate);
        });
        var wrong = (await LoadAsync(school.Urn)).Inspections.Single(i => i.OverallJudgement == OverallJudgement.Inadequate);
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        var url = $"/admin/schools/{school.Urn}/inspections/{wrong.Id}/remove";
        var confirm = await admin.GetDocumentAsync(url);
        Assert.Contains("Remove the inspection of 2 March 2015?", confirm.MainText(), StringComparison.Ordinal);
        Assert.Single((await LoadAsync(school.Urn)).Inspections, i => i.Id == wrong.Id); // the GET changed nothing
        using var response = await admin.PostFormAsync(url, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var left = Assert.Single((await LoadAsync(school.Urn)).Inspections);
        Assert.Equal(OverallJudgement.Good, left.OverallJudgement);
        using var twice = await admin.PostFormAsync(url, new Dictionary<string, string>(), tokenPage: $"/admin/schools/{school.Urn}");
        Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
        Assert.Single((await LoadAsync(school.Urn)).Inspections);
    }

    public static TheoryData<string> NonAdminRoles => new() { Roles.Staff, Roles.Headteacher, Roles.Trustee };

    [Theory]
    [MemberData(nameof(NonAdminRoles))]
    public async Task Other_roles_are_forbidden_every_page_and_form_and_the_database_is_unchanged(string role)
    {
        var school = await CreateSchoolAsync(configure: s => s.RecordPreviousJudgement(new DateOnly(2019, 6, 20), OverallJudgement.Good));
        var inspectionId = (await LoadAsync(school.Urn)).Inspections.Single().Id;
        var (client, _, _, _) = await factory.SignedInClientAsync(role);
        foreach (var url in Urls(school.Urn, inspectionId))
        {
            using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(HttpStatusCode.Forbidden == get.StatusCode, $"GET {url} as {role}: {(int)get.StatusCode}");
        }
        var fields = Fields(school);
        fields["Form.Name"] = "Hijacked";
        fields["Form.Urn"] = NewUrn().ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["Form.InspectedOn.Day"] = "1";
        fields["Form.InspectedOn.Month"] = "1";
        fields["Form.InspectedOn.Year"] = "2019";
        fields["Form.Judgement"] = "Inadequate";
        foreach (var url in Posts(school.Urn, inspectionId))
        {
            using var post = await client.PostFormAsync(url, fields, tokenPage: "/me");
            Assert.True(HttpStatusCode.Forbidden == post.StatusCode, $"POST {url} as {role}: {(int)post.StatusCode}");
        }
        var after = await LoadAsync(school.Urn);
        Assert.Equal((school.Name, school.Version, false), (after.Name, after.Version, after.IsArchived));
        Assert.Single(after.Inspections);
        using var scope = factory.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TrustPortalDbContext>().Schools.AnyAsync(s => s.Name == "Hijacked"));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var school = await CreateSchoolAsync();
        var client = factory.CreateSecureClient();
        foreach (var url in Urls(school.Urn, 1))
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_trusts_administrator_is_forbidden_and_the_school_is_unchanged()
    {
        var school = await CreateSchoolAsync(configure: s => s.RecordPreviousJudgement(new DateOnly(2019, 6, 20), OverallJudgement.Good));
        var inspectionId = (await LoadAsync(school.Urn)).Inspections.Single().Id;
        var (stranger, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "create-partnership-trust");
        foreach (var url in Urls(school.Urn, inspectionId).Where(u => u.Contains($"/{school.Urn}", StringComparison.Ordinal)))
        {
            using var get = await stranger.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(HttpStatusCode.Forbidden == get.StatusCode, $"GET {url}: {(int)get.StatusCode}");
        }
        var fields = Fields(school);
        fields["Form.Name"] = "Taken over";
        foreach (var url in Posts(school.Urn, inspectionId).Where(u => u.Contains($"/{school.Urn}", StringComparison.Ordinal)))
        {
            using var post = await stranger.PostFormAsync(url, fields, tokenPage: "/admin/schools");
            Assert.True(HttpStatusCode.Forbidden == post.StatusCode, $"POST {url}: {(int)post.StatusCode}");
        }
        Assert.DoesNotContain(school.Name, (await stranger.GetDocumentAsync("/admin/schools")).MainText(), StringComparison.Ordinal);
        var after = await LoadAsync(school.Urn);
        Assert.Equal((school.Name, school.Version, false), (after.Name, after.Version, after.IsArchived));
        Assert.Single(after.Inspections);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var school = await CreateSchoolAsync();
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>());
        using var response = await admin.PostAsync(new Uri($"/admin/schools/{school.Urn}/archive", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await LoadAsync(school.Urn)).IsArchived);
    }

    [Fact]
    public async Task The_school_list_runs_the_same_number_of_queries_however_many_schools_there_are()
    {
        var (admin, _, _, _) = await factory.SignedInClientAsync(Roles.TrustAdmin, "create-partnership-trust");
        await admin.GetDocumentAsync("/admin/schools");
        factory.Queries.Reset();
        await admin.GetDocumentAsync("/admin/schools");
        var before = factory.Queries.Count;
        for (var i = 0; i < 6; i++)
        {
            await CreateSchoolAsync("create-partnership-trust", s => s.RecordPreviousJudgement(new DateOnly(2018, 1, 10), OverallJudgement.Good));
        }
        factory.Queries.Reset();
        var page = await admin.GetDocumentAsync("/admin/schools");
        Assert.Equal(before, factory.Queries.Count);
        Assert.True(page.QuerySelectorAll("main tbody tr").Length >= 6);
    }

    private static async Task<AngleSharp.Dom.IDocument> DocumentAsync(HttpResponseMessage response) =>
        await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(), CancellationToken.None);

    private static IEnumerable<string> Urls(int urn, int inspectionId) =>
    [
        "/admin/schools", "/admin/schools/add", $"/admin/schools/{urn}", $"/admin/schools/{urn}/edit",
        $"/admin/schools/{urn}/report-cards/add", $"/admin/schools/{urn}/previous-judgements/add",
        $"/admin/schools/{urn}/inspections/{inspectionId}/remove", "/admin/schools/import",
    ];

    private static IEnumerable<string> Posts(int urn, int inspectionId) =>
    [
        "/admin/schools/add", $"/admin/schools/{urn}/edit", $"/admin/schools/{urn}/archive", $"/admin/schools/{urn}/restore",
        $"/admin/schools/{urn}/report-cards/add", $"/admin/schools/{urn}/previous-judgements/add",
        $"/admin/schools/{urn}/inspections/{inspectionId}/remove",
    ];
}

using System.Globalization;
using System.Text.RegularExpressions;
using TrustPortal.Domain.Trusts;

namespace TrustPortal.Domain.Plans;

/// What the portal makes of one line of the trust's strategic plan document.
public enum PlanLineRole
{
    LeftOut = 0,
    /// The plan's title (its years, when it names them, become the plan's period).
    Title = 1,
    Introduction = 2,
    /// A heading that groups aims: a theme.
    Theme = 3,
    /// A time horizon ("Short Term: First Year"); criteria straight under it make an aim of the same name.
    Horizon = 4,
    Aim = 5,
    /// The sentence that says what an aim means, under its title.
    AimStatement = 6,
    SuccessCriterion = 7,
}

public sealed record ProposedAim(int Number, string Title, string? Statement, string? Horizon, IReadOnlyList<string> Criteria);

public sealed record ProposedTheme(string? Title, IReadOnlyList<ProposedAim> Aims);

/// <param name="AddedByThePortal">Structure the portal added that the document does not spell out, each said in a sentence.</param>
/// <param name="Problems">What stops the plan being made as it stands (a criterion before any aim), each with its line.</param>
public sealed record ProposedPlan(string? Title, int? StartYear, int? EndYear, string? Introduction, IReadOnlyList<string> Horizons,
    IReadOnlyList<ProposedTheme> Themes, IReadOnlyList<SourceLine> LeftOut, IReadOnlyList<string> AddedByThePortal, IReadOnlyList<string> Problems)
{
    public int AimCount => Themes.Sum(t => t.Aims.Count);

    public int CriterionCount => Themes.Sum(t => t.Aims.Sum(a => a.Criteria.Count));
}

/// Proposes a strategic plan from a pasted plan document (ADR 0151): themes, numbered aims with their statements,
/// success criteria, horizons. The trust's words are kept exactly and in order; the administrator corrects a line's
/// role, never its text.
public static partial class PlanProposer
{
    public static IReadOnlyList<PlanLineRole> Propose(IReadOnlyList<SourceLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var roles = new PlanLineRole[lines.Count];
        var first = FirstPlanLine(lines);
        ProposePreamble(lines, roles, first);
        var lastStructural = PlanLineRole.Introduction;
        for (var i = first; i < lines.Count; i++)
        {
            var line = lines[i];
            PlanLineRole role;
            if (DocumentLines.IsPageFurniture(line.Text))
            {
                roles[i] = PlanLineRole.LeftOut;
                continue;
            }
            if (IsAim(line))
            {
                role = PlanLineRole.Aim;
            }
            else if (IsHorizon(line))
            {
                role = PlanLineRole.Horizon;
            }
            else if (DocumentLines.LooksLikeHeading(line) && NextAimBeforeCriteria(lines, i))
            {
                role = PlanLineRole.Theme;
            }
            else if (!line.IsBullet && lastStructural == PlanLineRole.Aim)
            {
                role = PlanLineRole.AimStatement;
            }
            else
            {
                role = PlanLineRole.SuccessCriterion;
            }
            roles[i] = role;
            lastStructural = role;
        }
        return roles;
    }

    private static bool IsAim(SourceLine line) => !line.IsBullet && line.Text.Length <= 150 && DocumentLines.Numbered(line.Text).Success;

    private static bool IsHorizon(SourceLine line) => !line.IsBullet && line.Text.Length <= 90 && HorizonWords().IsMatch(line.Text);

    /// The first line that belongs to the plan itself: an aim, a horizon, or a heading with an aim under it.
    private static int FirstPlanLine(IReadOnlyList<SourceLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (IsAim(lines[i]) || IsHorizon(lines[i]) || (DocumentLines.LooksLikeHeading(lines[i]) && NextAimBeforeCriteria(lines, i)))
            {
                return i;
            }
        }
        return lines.Count;
    }

    /// Before the first aim: the headings at the top give the title (the one naming years, else the last); the
    /// paragraphs after them are the plan's introduction — unless bullet points show it is the trust's vision and values,
    /// pasted with the plan, which the vision and values step takes.
    private static void ProposePreamble(IReadOnlyList<SourceLine> lines, PlanLineRole[] roles, int first)
    {
        var headings = new List<int>();
        var i = 0;
        for (; i < first; i++)
        {
            if (DocumentLines.IsPageFurniture(lines[i].Text))
            {
                roles[i] = PlanLineRole.LeftOut;
            }
            else if (DocumentLines.LooksLikeHeading(lines[i]))
            {
                headings.Add(i);
                roles[i] = PlanLineRole.LeftOut;
            }
            else
            {
                break;
            }
        }
        if (headings.Count > 0)
        {
            roles[headings.FirstOrDefault(h => Years().IsMatch(lines[h].Text), headings[^1])] = PlanLineRole.Title;
        }
        var visionAndValues = Enumerable.Range(i, Math.Max(0, first - i)).Any(j => lines[j].IsBullet);
        for (; i < first; i++)
        {
            roles[i] = visionAndValues || DocumentLines.IsPageFurniture(lines[i].Text) ? PlanLineRole.LeftOut : PlanLineRole.Introduction;
        }
    }

    private static bool NextAimBeforeCriteria(IReadOnlyList<SourceLine> lines, int index)
    {
        for (var j = index + 1; j < lines.Count; j++)
        {
            if (DocumentLines.IsPageFurniture(lines[j].Text))
            {
                continue;
            }
            return IsAim(lines[j]);
        }
        return false;
    }

    public static ProposedPlan Build(IReadOnlyList<SourceLine> lines, IReadOnlyList<PlanLineRole> roles)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(roles);
        string? title = null;
        var introduction = new List<SourceLine>();
        var leftOut = new List<SourceLine>();
        var horizons = new List<string>();
        var themes = new List<(string? Title, List<AimDraft> Aims)>();
        var added = new List<string>();
        var problems = new List<string>();
        string? horizon = null;
        AimDraft? aim = null;
        var nextNumber = 1;
        var used = new HashSet<int>();

        List<AimDraft> CurrentTheme()
        {
            if (themes.Count == 0)
            {
                themes.Add((null, []));
            }
            return themes[^1].Aims;
        }

        AimDraft NewAim(int? number, string aimTitle)
        {
            var n = number is { } given && !used.Contains(given) ? given : Enumerable.Range(nextNumber, 1000).First(k => !used.Contains(k));
            used.Add(n);
            nextNumber = Math.Max(nextNumber, n + 1);
            var draft = new AimDraft(n, aimTitle, horizon);
            CurrentTheme().Add(draft);
            return draft;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            switch (i < roles.Count ? roles[i] : PlanLineRole.SuccessCriterion)
            {
                case PlanLineRole.LeftOut:
                    leftOut.Add(line);
                    break;
                case PlanLineRole.Title:
                    title ??= line.Text;
                    if (title != line.Text)
                    {
                        introduction.Add(line);
                    }
                    break;
                case PlanLineRole.Introduction:
                    introduction.Add(line);
                    break;
                case PlanLineRole.Theme:
                    themes.Add((line.Text, []));
                    aim = null;
                    break;
                case PlanLineRole.Horizon:
                    horizons.Add(line.Text);
                    horizon = line.Text;
                    aim = null;
                    break;
                case PlanLineRole.Aim:
                    var numbered = DocumentLines.Numbered(line.Text);
                    aim = numbered.Success
                        ? NewAim(int.Parse(numbered.Groups[1].Value, CultureInfo.InvariantCulture), numbered.Groups[2].Value.Trim())
                        : NewAim(null, line.Text);
                    if (!numbered.Success)
                    {
                        added.Add($"The portal numbered the aim \"{line.Text}\" as aim {aim.Number}.");
                    }
                    break;
                case PlanLineRole.AimStatement when aim is not null:
                    aim.Statement = aim.Statement is null ? line.Text : $"{aim.Statement}\n\n{line.Text}";
                    break;
                case PlanLineRole.AimStatement:
                    problems.Add($"Line {line.Number} is an aim's statement but comes before any aim: make it an aim, or leave it out.");
                    leftOut.Add(line);
                    break;
                default:
                    if (aim is null && horizon is not null)
                    {
                        // Criteria straight under a horizon: the horizon is the aim (as in "Short Term: First Year").
                        aim = NewAim(null, horizon);
                        added.Add($"The portal made aim {aim.Number}, \"{horizon}\", from the horizon of that name, as the document lists its success criteria straight under it.");
                    }
                    if (aim is null)
                    {
                        problems.Add($"Line {line.Number} is a success criterion but comes before any aim: make it an aim, or leave it out.");
                        leftOut.Add(line);
                        break;
                    }
                    aim.Criteria.Add(line.Text);
                    break;
            }
        }
        if (themes.Count > 0 && themes[0].Title is null && themes[0].Aims.Count > 0)
        {
            added.Add("The document names no themes, so the portal put its aims in one theme without a title.");
        }
        var years = title is null ? Match.Empty : Years().Match(title);
        int? start = years.Success ? int.Parse(years.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        int? end = years.Success ? ExpandYear(years.Groups[2].Value, start!.Value) : null;
        return new ProposedPlan(title, start, end, introduction.Count == 0 ? null : StatementProposer.Markdown(introduction), horizons,
            themes.Where(t => t.Aims.Count > 0 || t.Title is not null)
                .Select(t => new ProposedTheme(t.Title, t.Aims.Select(a => new ProposedAim(a.Number, a.Title, a.Statement, a.Horizon, a.Criteria)).ToList()))
                .ToList(),
            leftOut, added, problems);
    }

    private static int ExpandYear(string year, int start) =>
        year.Length == 4 ? int.Parse(year, CultureInfo.InvariantCulture) : (start / 100 * 100) + int.Parse(year, CultureInfo.InvariantCulture);

    /// Makes the proposed plan in a new draft plan: horizons, themes, aims and criteria, in the document's order.
    public static void ApplyTo(StrategicPlan plan, ProposedPlan proposal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(proposal);
        if (proposal.Problems.Count > 0)
        {
            throw new DomainRuleException("Roles", proposal.Problems[0]);
        }
        plan.SetIntroduction(proposal.Introduction);
        var horizons = proposal.Horizons.Distinct(StringComparer.Ordinal).ToDictionary(h => h, plan.AddHorizon, StringComparer.Ordinal);
        foreach (var t in proposal.Themes)
        {
            var theme = plan.AddTheme(t.Title);
            foreach (var a in t.Aims)
            {
                var aim = plan.AddAim(theme, a.Number, a.Title, a.Statement, a.Horizon is null ? null : horizons[a.Horizon]);
                foreach (var c in a.Criteria)
                {
                    aim.AddCriterion(c);
                }
            }
        }
    }

    private sealed class AimDraft(int number, string title, string? horizon)
    {
        public int Number { get; } = number;
        public string Title { get; } = title;
        public string? Horizon { get; } = horizon;
        public string? Statement { get; set; }
        public List<string> Criteria { get; } = [];
    }

    [GeneratedRegex(@"\b(short|medium|long|longer)[- ]term\b|^year \d\b|^\d+\s*(-|–|to)\s*\d+\s+years\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HorizonWords();

    [GeneratedRegex(@"\b((?:19|20)\d\d)\s*(?:-|–|—|to|/)\s*((?:19|20)?\d\d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Years();
}

using System.ComponentModel.DataAnnotations;

namespace TrustPortal.Web.Features.Account;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your e-mail address")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address in the correct format, like name@example.org")]
    [StringLength(256, ErrorMessage = "E-mail address must be 256 characters or fewer")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password")]
    [StringLength(256, ErrorMessage = "Password must be 256 characters or fewer")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public bool RememberMe { get; set; }
}

public sealed class MfaCodeForm
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "The code is 6 digits")]
    public string? Code { get; set; }

    public bool RememberMe { get; set; }
}

public sealed class RecoveryCodeForm
{
    [Required(ErrorMessage = "Enter one of your recovery codes")]
    [StringLength(40, ErrorMessage = "Recovery codes are shorter than that")]
    public string? RecoveryCode { get; set; }
}

public sealed class SetPasswordForm
{
    [Required(ErrorMessage = "Enter a password")]
    [StringLength(256, MinimumLength = 12, ErrorMessage = "Password must be 12 characters or more")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the password again")]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }
}

public sealed record MfaSetupViewModel(string? Key, string? QrCodeDataUri, MfaCodeForm Form);

public sealed record RecoveryCodesViewModel(IReadOnlyList<string> Codes);

public sealed record InvitationViewModel(string Token, string Email, SetPasswordForm Form);

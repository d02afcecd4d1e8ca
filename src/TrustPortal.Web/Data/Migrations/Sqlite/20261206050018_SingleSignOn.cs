using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SingleSignOn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CreateStaffAtFirstSignIn",
                table: "TrustAccountPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "TenantEnforcesMfa",
                table: "TrustAccountPolicies",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "TrustSignInAllowances",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrustId = table.Column<int>(type: "INTEGER", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustSignInAllowances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrustSignInAllowances_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrustSignInAllowances_Provider_Identifier",
                table: "TrustSignInAllowances",
                columns: new[] { "Provider", "Identifier" });

            migrationBuilder.CreateIndex(
                name: "IX_TrustSignInAllowances_TrustId_Provider_Identifier",
                table: "TrustSignInAllowances",
                columns: new[] { "TrustId", "Provider", "Identifier" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TrustSignInAllowances");

            migrationBuilder.DropColumn(
                name: "CreateStaffAtFirstSignIn",
                table: "TrustAccountPolicies");

            migrationBuilder.DropColumn(
                name: "TenantEnforcesMfa",
                table: "TrustAccountPolicies");
        }
    }
}

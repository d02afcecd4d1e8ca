using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatementAudience : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IntroductionAudience",
                table: "Trusts",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Public");

            migrationBuilder.AddColumn<string>(
                name: "MissionAudience",
                table: "Trusts",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Public");

            migrationBuilder.AddColumn<string>(
                name: "ValuesIntroductionAudience",
                table: "Trusts",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Public");

            migrationBuilder.AddColumn<string>(
                name: "VisionAudience",
                table: "Trusts",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Public");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IntroductionAudience",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "MissionAudience",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "ValuesIntroductionAudience",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "VisionAudience",
                table: "Trusts");
        }
    }
}

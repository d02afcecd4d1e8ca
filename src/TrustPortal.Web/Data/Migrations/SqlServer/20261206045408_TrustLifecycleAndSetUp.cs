using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TrustLifecycleAndSetUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsBeingSetUp",
                table: "Trusts",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "SuspendedUtc",
                table: "Trusts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SuspensionReason",
                table: "Trusts",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OperatorLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    OperatorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OperatorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    TrustSlug = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: false),
                    TrustName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ExportKey = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OperatorLog", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OperatorLog_AtUtc",
                table: "OperatorLog",
                column: "AtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OperatorLog");

            migrationBuilder.DropColumn(
                name: "IsBeingSetUp",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "SuspendedUtc",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "SuspensionReason",
                table: "Trusts");
        }
    }
}

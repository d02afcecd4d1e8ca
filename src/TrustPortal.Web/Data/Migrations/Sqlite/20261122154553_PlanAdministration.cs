using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsRetired",
                table: "StrategicAims",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CriterionRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SuccessCriterionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    MeasurableTarget = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    TargetDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReplacedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReplacedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CriterionRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CriterionRevisions_SuccessCriteria_SuccessCriterionId",
                        column: x => x.SuccessCriterionId,
                        principalTable: "SuccessCriteria",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CriterionRevisions_SuccessCriterionId_ReplacedAt",
                table: "CriterionRevisions",
                columns: new[] { "SuccessCriterionId", "ReplacedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CriterionRevisions");

            migrationBuilder.DropColumn(
                name: "IsRetired",
                table: "StrategicAims");
        }
    }
}

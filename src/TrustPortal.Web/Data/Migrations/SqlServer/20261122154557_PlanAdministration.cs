using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "CriterionRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SuccessCriterionId = table.Column<int>(type: "int", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    MeasurableTarget = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    TargetDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ReplacedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ReplacedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Progress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReviewCycles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StrategicPlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IsExample = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewCycles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewCycles_StrategicPlans_StrategicPlanId",
                        column: x => x.StrategicPlanId,
                        principalTable: "StrategicPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProgressUpdates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    SuccessCriterionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewCycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Confidence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    WhatWasDone = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Impact = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    NextSteps = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IsExample = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgressUpdates_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProgressUpdates_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProgressUpdates_SuccessCriteria_SuccessCriterionId",
                        column: x => x.SuccessCriterionId,
                        principalTable: "SuccessCriteria",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SchoolReturns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReviewCycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReopenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReopenedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolReturns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolReturns_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SchoolReturns_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProgressRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProgressUpdateId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Confidence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    WhatWasDone = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Impact = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    NextSteps = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgressRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgressRevisions_ProgressUpdates_ProgressUpdateId",
                        column: x => x.ProgressUpdateId,
                        principalTable: "ProgressUpdates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressRevisions_ProgressUpdateId",
                table: "ProgressRevisions",
                column: "ProgressUpdateId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgressUpdates_ReviewCycleId_SchoolId",
                table: "ProgressUpdates",
                columns: new[] { "ReviewCycleId", "SchoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgressUpdates_SchoolId_ReviewCycleId_SuccessCriterionId",
                table: "ProgressUpdates",
                columns: new[] { "SchoolId", "ReviewCycleId", "SuccessCriterionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProgressUpdates_SuccessCriterionId_SchoolId",
                table: "ProgressUpdates",
                columns: new[] { "SuccessCriterionId", "SchoolId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewCycles_StrategicPlanId_OpensOn",
                table: "ReviewCycles",
                columns: new[] { "StrategicPlanId", "OpensOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolReturns_ReviewCycleId_SchoolId",
                table: "SchoolReturns",
                columns: new[] { "ReviewCycleId", "SchoolId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolReturns_SchoolId",
                table: "SchoolReturns",
                column: "SchoolId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgressRevisions");

            migrationBuilder.DropTable(
                name: "SchoolReturns");

            migrationBuilder.DropTable(
                name: "ProgressUpdates");

            migrationBuilder.DropTable(
                name: "ReviewCycles");
        }
    }
}

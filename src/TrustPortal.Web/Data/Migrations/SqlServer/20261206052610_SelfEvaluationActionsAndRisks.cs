using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SelfEvaluationActionsAndRisks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActionDigestReceipts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Week = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionDigestReceipts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImprovementActions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    SchoolId = table.Column<int>(type: "int", nullable: true),
                    SuccessCriterionId = table.Column<int>(type: "int", nullable: true),
                    Area = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    SchoolPriorityId = table.Column<int>(type: "int", nullable: true),
                    Source = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    OwnerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OwnerName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    DroppedReason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    IsExample = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImprovementActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImprovementActions_SchoolPriorities_SchoolPriorityId",
                        column: x => x.SchoolPriorityId,
                        principalTable: "SchoolPriorities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ImprovementActions_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ImprovementActions_SuccessCriteria_SuccessCriterionId",
                        column: x => x.SuccessCriterionId,
                        principalTable: "SuccessCriteria",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ImprovementActions_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Risks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TrustId = table.Column<int>(type: "int", nullable: false),
                    SchoolId = table.Column<int>(type: "int", nullable: true),
                    Title = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Likelihood = table.Column<int>(type: "int", nullable: false),
                    Impact = table.Column<int>(type: "int", nullable: false),
                    Controls = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ResidualLikelihood = table.Column<int>(type: "int", nullable: false),
                    ResidualImpact = table.Column<int>(type: "int", nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LinkedAims = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    IsExample = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Risks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Risks_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Risks_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SelfEvaluations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SchoolId = table.Column<int>(type: "int", nullable: false),
                    ReviewCycleId = table.Column<int>(type: "int", nullable: false),
                    State = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SafeguardingMet = table.Column<bool>(type: "bit", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    SubmittedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    IsExample = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SelfEvaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SelfEvaluations_ReviewCycles_ReviewCycleId",
                        column: x => x.ReviewCycleId,
                        principalTable: "ReviewCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SelfEvaluations_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AreaJudgements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SchoolSelfEvaluationId = table.Column<int>(type: "int", nullable: false),
                    Area = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SchoolGrade = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    SchoolReasons = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Evidence = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    WhatWouldMoveItUp = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    SchoolBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    SchoolAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    TrustGrade = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    TrustReasons = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    TrustBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    TrustAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AreaJudgements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AreaJudgements_SelfEvaluations_SchoolSelfEvaluationId",
                        column: x => x.SchoolSelfEvaluationId,
                        principalTable: "SelfEvaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JudgementRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SchoolSelfEvaluationId = table.Column<int>(type: "int", nullable: false),
                    Area = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Side = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Grade = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Reasons = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    By = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JudgementRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JudgementRevisions_SelfEvaluations_SchoolSelfEvaluationId",
                        column: x => x.SchoolSelfEvaluationId,
                        principalTable: "SelfEvaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SelfEvaluationFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SchoolSelfEvaluationId = table.Column<int>(type: "int", nullable: false),
                    Area = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    StoredKey = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    OriginalName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    UploadedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SelfEvaluationFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SelfEvaluationFiles_SelfEvaluations_SchoolSelfEvaluationId",
                        column: x => x.SchoolSelfEvaluationId,
                        principalTable: "SelfEvaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActionDigestReceipts_Week_UserId",
                table: "ActionDigestReceipts",
                columns: new[] { "Week", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AreaJudgements_SchoolSelfEvaluationId_Area",
                table: "AreaJudgements",
                columns: new[] { "SchoolSelfEvaluationId", "Area" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementActions_OwnerId_Status",
                table: "ImprovementActions",
                columns: new[] { "OwnerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementActions_SchoolId",
                table: "ImprovementActions",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementActions_SchoolPriorityId",
                table: "ImprovementActions",
                column: "SchoolPriorityId");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementActions_SuccessCriterionId",
                table: "ImprovementActions",
                column: "SuccessCriterionId");

            migrationBuilder.CreateIndex(
                name: "IX_ImprovementActions_TrustId_Status_DueOn",
                table: "ImprovementActions",
                columns: new[] { "TrustId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_JudgementRevisions_SchoolSelfEvaluationId_Area",
                table: "JudgementRevisions",
                columns: new[] { "SchoolSelfEvaluationId", "Area" });

            migrationBuilder.CreateIndex(
                name: "IX_Risks_SchoolId",
                table: "Risks",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_Risks_TrustId_ReviewOn",
                table: "Risks",
                columns: new[] { "TrustId", "ReviewOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluationFiles_SchoolSelfEvaluationId",
                table: "SelfEvaluationFiles",
                column: "SchoolSelfEvaluationId");

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluationFiles_StoredKey",
                table: "SelfEvaluationFiles",
                column: "StoredKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluations_ReviewCycleId",
                table: "SelfEvaluations",
                column: "ReviewCycleId");

            migrationBuilder.CreateIndex(
                name: "IX_SelfEvaluations_SchoolId_ReviewCycleId",
                table: "SelfEvaluations",
                columns: new[] { "SchoolId", "ReviewCycleId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActionDigestReceipts");

            migrationBuilder.DropTable(
                name: "AreaJudgements");

            migrationBuilder.DropTable(
                name: "ImprovementActions");

            migrationBuilder.DropTable(
                name: "JudgementRevisions");

            migrationBuilder.DropTable(
                name: "Risks");

            migrationBuilder.DropTable(
                name: "SelfEvaluationFiles");

            migrationBuilder.DropTable(
                name: "SelfEvaluations");
        }
    }
}
